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

;; --- differential: WGL against a brute-force search on small random histories ----------------

(defn- brute-force-linearizable?
  "Independent, exponential reference: for every subset of the :info writes/cas, try every order
  of the chosen ops that respects real time (an op may go next only if no other remaining op
  completed before it was invoked) against the register model."
  [history]
  (let [open (atom {})
        ops (atom [])]
    (doseq [[pos e] (map-indexed vector history)]
      (if (= :invoke (:type e))
        (swap! open assoc (:process e) [pos e])
        (let [[ipos inv] (@open (:process e))]
          (swap! open dissoc (:process e))
          (swap! ops conj {:f (:f inv) :type (:type e) :inv ipos
                           :cmp (if (= :info (:type e)) Long/MAX_VALUE pos)
                           :v (second (if (= :read (:f inv)) (:value e) (:value inv)))}))))
    (doseq [[_ [ipos inv]] @open]
      (swap! ops conj {:f (:f inv) :type :info :inv ipos :cmp Long/MAX_VALUE :v (second (:value inv))}))
    (let [ops (remove #(or (= :fail (:type %)) (and (= :info (:type %)) (= :read (:f %)))) @ops)
          required (filterv #(= :ok (:type %)) ops)
          optional (filterv #(= :info (:type %)) ops)
          step (fn [state {:keys [f v]}]
                 (case f
                   :read (when (= state v) [state])
                   :write [v]
                   :cas (when (= state (first v)) [(second v)])))
          search (fn search [state remaining]
                   (or (empty? remaining)
                       (some (fn [x]
                               (and (not-any? #(< (:cmp %) (:inv x)) remaining)
                                    (when-let [[s'] (step state x)]
                                      (search s' (remove #(identical? % x) remaining)))))
                             remaining)))]
      (boolean
       (some (fn [mask]
               (search nil (concat required (keep-indexed #(when (bit-test mask %1) %2) optional))))
             (range (bit-shift-left 1 (count optional))))))))

(defn- random-history
  "A small random (not necessarily linearizable) single-key history: 3 processes, 7 ops, values
  in {1 2 3}, completions :ok (70%), :info or :fail; a process that got :info is retired."
  [^java.util.Random rng]
  (let [pick (fn [xs] (nth xs (.nextInt rng (count xs))))
        op (fn []
             (let [f (pick [:read :write :write :cas])
                   t (pick [:ok :ok :ok :ok :ok :ok :ok :info :fail :fail])
                   invoke-v (case f :read [:x nil] :write [:x (pick [1 2 3])] :cas [:x [(pick [nil 1 2 3]) (pick [1 2 3])]])]
               [f invoke-v t (if (and (= f :read) (= t :ok)) [:x (pick [nil 1 2 3])] invoke-v)]))
        ;; per process: a queue of events; :info ends the process
        streams (vec (for [p (range 3)]
                       (loop [n (+ 1 (.nextInt rng 3)), out []]
                         (if (zero? n)
                           out
                           (let [[f iv t cv] (op)
                                 out (conj out [p :invoke f iv] [p t f cv])]
                             (if (= :info t) out (recur (dec n) out)))))))]
    (loop [streams streams, out []]
      (let [live (filterv #(seq (streams %)) (range (count streams)))]
        (if (empty? live)
          (apply history out)
          (let [i (pick live)]
            (recur (update streams i subvec 1) (conj out (first (streams i))))))))))

(deftest agrees-with-a-brute-force-search-on-random-small-histories
  (let [rng (java.util.Random. 7)
        verdicts (for [_ (range 1500)]
                   (let [h (random-history rng)
                         expected (brute-force-linearizable? h)
                         actual (:valid? (lin/check h))]
                     (is (= expected actual) (pr-str h))
                     expected))]
    (testing "the random histories cover both verdicts"
      (let [{valid true invalid false} (frequencies verdicts)]
        (is (< 100 (or valid 0)))
        (is (< 100 (or invalid 0)))))))

(deftest an-operation-the-model-does-not-know-is-unknown-not-invalid
  (let [r (lin/check (history [0 :invoke :delete [:x nil]] [0 :ok :delete [:x nil]]))]
    (is (= :unknown (:valid? r)))
    (is (re-find #":delete" (:reason r)))))

(deftest one-hard-key-does-not-starve-the-others
  (let [hard (concat (for [p (range 16)] [p :invoke :write [:a-hard p]])
                     (for [p (range 16)] [p :info :write [:a-hard p]])
                     (mapcat (fn [v] [[100 :invoke :read [:a-hard nil]] [100 :ok :read [:a-hard v]]])
                             (concat (range 16) [0])))
        easy [[200 :invoke :write [:b-easy 1]] [200 :ok :write [:b-easy 1]]
              [201 :invoke :read [:b-easy nil]] [201 :ok :read [:b-easy 2]]]
        r (lin/check (apply history (concat hard easy)) {:key-time-limit-ms 300})]
    (is (false? (:valid? r)) "the easy key's stale read is still found")
    (is (= [:b-easy] (keys (:failures r))))
    (is (= [:a-hard] (keys (:unknown r))))))
