(ns codis.jepsen.checker.linearizable-test
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checker.linearizable :as lin]
            [codis.jepsen.checker.support :as s :refer [history]]))

(defn- valid? [h] (:valid? (lin/check h)))

(deftest sequential-write-then-read-is-linearizable
  (is (true? (valid? (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                              [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]])))))

(deftest reading-an-absent-key-gives-nil
  (is (true? (valid? (history [1 :invoke :read [:x nil]] [1 :ok :read [:x nil]])))))

(deftest stale-read-is-not-linearizable
  (let [r (lin/check (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                              [0 :invoke :write [:x 2]] [0 :ok :write [:x 2]]
                              [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]))
        failure (get-in r [:failures :x])]
    (is (false? (:valid? r)))
    (testing "the report names the read that could not be linearized and what it could see"
      (is (= {:process 1 :type :ok :f :read :value [:x 1] :invoked 4 :completed 5} (:op failure)))
      (is (= [2] (:states-before failure)))
      (is (= [:write :write] (map :f (:linearized-before failure)))))))

(deftest lost-write-is-not-linearizable
  (is (false? (valid? (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                               [1 :invoke :read [:x nil]] [1 :ok :read [:x nil]])))))

(deftest read-from-the-future-is-not-linearizable
  (is (false? (valid? (history [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]
                               [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]])))))

(deftest read-concurrent-with-a-write-may-see-either-value
  (doseq [seen [nil 1]]
    (is (true? (valid? (history [0 :invoke :write [:x 1]] [1 :invoke :read [:x nil]]
                                [1 :ok :read [:x seen]] [0 :ok :write [:x 1]])))
        (str "read saw " seen))))

(deftest concurrent-writes-take-effect-in-either-order
  (let [writes [[0 :invoke :write [:x 1]] [1 :invoke :write [:x 2]]
                [1 :ok :write [:x 2]] [0 :ok :write [:x 1]]]]
    (is (true? (valid? (apply history (concat writes [[2 :invoke :read [:x nil]] [2 :ok :read [:x 1]]])))))
    (is (true? (valid? (apply history (concat writes [[2 :invoke :read [:x nil]] [2 :ok :read [:x 2]]])))))
    (testing "but once seen, the order is fixed"
      (is (false? (valid? (apply history (concat writes [[2 :invoke :read [:x nil]] [2 :ok :read [:x 1]]
                                                          [2 :invoke :read [:x nil]] [2 :ok :read [:x 2]]]))))))))

(deftest cas-that-succeeded-twice-is-not-linearizable
  (testing "sequentially"
    (is (false? (valid? (history [0 :invoke :write [:x 0]] [0 :ok :write [:x 0]]
                                 [0 :invoke :cas [:x [0 1]]] [0 :ok :cas [:x [0 1]]]
                                 [1 :invoke :cas [:x [0 2]]] [1 :ok :cas [:x [0 2]]])))))
  (testing "concurrently"
    (is (false? (valid? (history [0 :invoke :write [:x 0]] [0 :ok :write [:x 0]]
                                 [0 :invoke :cas [:x [0 1]]] [1 :invoke :cas [:x [0 2]]]
                                 [0 :ok :cas [:x [0 1]]] [1 :ok :cas [:x [0 2]]])))))
  (testing "one succeeding and one failing its compare is fine"
    (is (true? (valid? (history [0 :invoke :write [:x 0]] [0 :ok :write [:x 0]]
                                [0 :invoke :cas [:x [0 1]]] [1 :invoke :cas [:x [0 2]]]
                                [0 :ok :cas [:x [0 1]]] [1 :fail :cas [:x [0 2]]]
                                [2 :invoke :read [:x nil]] [2 :ok :read [:x 1]]))))))

(deftest cas-chain-is-linearizable
  (is (true? (valid? (history [0 :invoke :cas [:x [nil 1]]] [0 :ok :cas [:x [nil 1]]]
                              [1 :invoke :cas [:x [1 2]]] [1 :ok :cas [:x [1 2]]]
                              [2 :invoke :read [:x nil]] [2 :ok :read [:x 2]])))))

(deftest failed-ops-did-not-happen
  (is (false? (valid? (history [0 :invoke :write [:x 1]] [0 :fail :write [:x 1]]
                               [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]])))))

(deftest info-ops-may-or-may-not-have-happened
  (let [prefix [[0 :invoke :write [:x 1]] [0 :info :write [:x 1]]]]
    (is (true? (valid? (apply history (concat prefix [[1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]])))))
    (is (true? (valid? (apply history (concat prefix [[1 :invoke :read [:x nil]] [1 :ok :read [:x nil]]])))))
    (testing "an info write may take effect long after its process gave up"
      (is (true? (valid? (apply history (concat prefix [[1 :invoke :read [:x nil]] [1 :ok :read [:x nil]]
                                                        [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]]))))))
    (testing "but it happens at most once: seen, then unseen, is impossible"
      (is (false? (valid? (apply history (concat prefix [[1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]
                                                         [1 :invoke :read [:x nil]] [1 :ok :read [:x nil]]]))))))
    (testing "and never before it was invoked"
      (is (false? (valid? (history [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]
                                   [0 :invoke :write [:x 1]] [0 :info :write [:x 1]])))))
    (testing "an invoke never completed counts as info"
      (is (true? (valid? (history [0 :invoke :write [:x 1]]
                                  [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]])))))))

(deftest nemesis-ops-are-ignored
  (is (true? (valid? (history [:nemesis :info :start-partition nil]
                              [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                              [:nemesis :info :stop-partition {:healed true}]
                              [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]])))))

(deftest keys-are-checked-independently
  (let [r (lin/check (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                              [1 :invoke :write [:y 1]] [1 :ok :write [:y 1]]
                              [2 :invoke :read [:y nil]] [2 :ok :read [:y 2]]
                              [2 :invoke :read [:x nil]] [2 :ok :read [:x 1]]))]
    (is (false? (:valid? r)))
    (is (= 2 (:key-count r)))
    (is (= [:y] (keys (:failures r))))))

(deftest the-failure-window-lists-concurrent-ops
  (let [r (lin/check (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                              [1 :invoke :write [:x 2]] [2 :invoke :read [:x nil]]
                              [1 :ok :write [:x 2]] [2 :ok :read [:x 3]]))
        failure (get-in r [:failures :x])]
    (is (= [:x 3] (get-in failure [:op :value])))
    (is (= [[:x 2]] (map :value (:concurrent failure))))))

(deftest malformed-history-is-unknown
  (is (= :unknown (valid? (history [0 :ok :write [:x 1]]))))
  (is (= :unknown (valid? (history [0 :invoke :write [:x 1]] [0 :invoke :write [:x 2]])))))

(deftest search-budget-gives-unknown-not-a-hang
  ;; 18 concurrent info writes, each later seen by a read (so none can be pruned), then a read of
  ;; a value already overwritten: refuting it means trying the subsets of writes at every read.
  (let [h (apply history (concat (for [p (range 18)] [p :invoke :write [:x p]])
                                 (for [p (range 18)] [p :info :write [:x p]])
                                 (mapcat (fn [v] [[100 :invoke :read [:x nil]] [100 :ok :read [:x v]]])
                                         (concat (range 18) [0]))))]
    (let [r (lin/check h {:max-states 5000})]
      (is (= :unknown (:valid? r)))
      (is (re-find #"cached states" (get-in r [:unknown :x]))))
    (let [started (System/nanoTime)
          r (lin/check h {:time-limit-ms 200})]
      (is (= :unknown (:valid? r)))
      (is (re-find #"time limit" (get-in r [:unknown :x])))
      (is (< (- (System/nanoTime) started) 5e9)))))

;; --- randomized ------------------------------------------------------------------------------

(defn- ok-ops [h f] (filter #(and (= :ok (:type %)) (= f (:f %))) h))

(defn- stale-read-mutation
  "Makes a read return a value overwritten before it began: an :ok write W1 of v, an :ok write W2
  of the same key invoked after W1 completed, and a read R invoked after W2 completed now returns
  v. Values are unique, so no op could have written v back: the result is never linearizable.
  Returns nil when the history has no such triple."
  [h]
  (let [pos (fn [op] (:index op))
        invoke-of (fn [op] (last (filter #(and (= :invoke (:type %)) (= (:process %) (:process op))
                                               (< (:index %) (:index op)))
                                         h)))
        writes (ok-ops h :write)
        reads (ok-ops h :read)]
    (first
     (for [w1 writes
           w2 writes
           :when (and (= (first (:value w1)) (first (:value w2)))
                      (< (pos w1) (pos (invoke-of w2))))
           r reads
           :when (and (= (first (:value r)) (first (:value w1)))
                      (< (pos w2) (pos (invoke-of r))))]
       (assoc-in h [(:index r) :value] [(first (:value r)) (second (:value w1))])))))

(deftest randomized-histories-from-a-sequential-model-are-linearizable
  (doseq [seed (range 30)]
    (let [h (s/simulate (s/register-model {:keys-count 3})
                        {:seed seed :ops 150 :processes 6 :info-rate 0.05 :init {}})]
      (is (true? (:valid? (lin/check h))) (str "seed " seed)))))

(deftest mutated-histories-are-not-linearizable
  (doseq [seed (range 30)]
    (let [h (s/simulate (s/register-model {:keys-count 2})
                        {:seed seed :ops 150 :processes 4 :info-rate 0.03 :init {}})
          some-read (first (ok-ops h :read))]
      (testing (str "seed " seed " phantom value")
        (is (false? (:valid? (lin/check (assoc-in h [(:index some-read) :value 1] -1))))))
      (when-let [stale (stale-read-mutation h)]
        (testing (str "seed " seed " stale read")
          (is (false? (:valid? (lin/check stale)))))))))

(deftest fifty-thousand-events-check-in-a-few-seconds
  ;; all processes work on the same key for 120 ops, then move on: high per-key concurrency.
  (let [h (s/simulate (s/register-model {:window 120})
                      {:seed 42 :ops 25000 :processes 10 :info-rate 0.01 :init {}})
        per-key-max (->> h (filter #(= :invoke (:type %))) (map (comp first :value)) frequencies vals (reduce max))
        [r wall cpu] (s/timed #(lin/check h))]
    (println (format "linearizable: %d events, %d keys, %d ops searched (at most %d invoked per key) in %.2f s (%.2f s CPU)"
                     (count h) (:key-count r) (:op-count r) per-key-max wall cpu))
    (is (<= per-key-max 150))
    (is (>= (count h) 50000))
    (is (true? (:valid? r)))
    (is (< cpu 10.0) "about a second of CPU; measured as CPU time so a loaded CI does not fail it")))

(deftest writes-are-taken-from-their-invocation
  (is (true? (valid? (history [0 :invoke :write [:x 1]] [0 :ok :write "OK"]
                              [0 :invoke :cas [:x [1 2]]] [0 :ok :cas nil]
                              [1 :invoke :read [:x nil]] [1 :ok :read [:x 2]])))))
