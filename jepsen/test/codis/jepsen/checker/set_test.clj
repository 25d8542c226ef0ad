(ns codis.jepsen.checker.set-test
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checker.set :as set-checker]
            [codis.jepsen.checker.support :as s :refer [history]]))

(def ^:private adds
  [[0 :invoke :add 1] [0 :ok :add 1]
   [1 :invoke :add 2] [1 :ok :add 2]
   [2 :invoke :add 3] [2 :info :add 3]
   [3 :invoke :add 4] [3 :fail :add 4]])

(defn- with-final-read [elems]
  (apply history (concat adds [[9 :invoke :read nil] [9 :ok :read elems]])))

(deftest all-acknowledged-elements-present-is-valid
  (let [r (set-checker/check (with-final-read #{1 2}))]
    (is (true? (:valid? r)))
    (is (= 4 (:attempt-count r)))
    (is (= 2 (:acknowledged-count r)))))

(deftest info-adds-may-or-may-not-be-present
  (let [r (set-checker/check (with-final-read #{1 2 3}))]
    (is (true? (:valid? r)))
    (is (= 1 (:recovered-count r)))))

(deftest lost-element-is-invalid
  (let [r (set-checker/check (with-final-read #{1 3}))]
    (is (false? (:valid? r)))
    (is (= [2] (:lost r)))
    (is (= [{:process 1 :type :ok :f :add :value 2 :invoked 2 :completed 3}] (:lost-ops r)))))

(deftest phantom-element-is-invalid
  (let [r (set-checker/check (with-final-read #{1 2 99}))]
    (is (false? (:valid? r)))
    (is (= [99] (:phantom r)))))

(deftest element-of-a-failed-add-is-invalid
  (let [r (set-checker/check (with-final-read #{1 2 4}))]
    (is (false? (:valid? r)))
    (is (= [4] (:unexpected r)))))

(deftest duplicate-element-is-invalid
  (let [r (set-checker/check (with-final-read [1 2 2]))]
    (is (false? (:valid? r)))
    (is (= [2] (:duplicated r)))))

(deftest read-from-the-future-is-invalid
  (let [r (set-checker/check (history [0 :invoke :read nil] [0 :ok :read #{5}]
                                      [1 :invoke :add 5] [1 :ok :add 5]
                                      [0 :invoke :read nil] [0 :ok :read #{5}]))]
    (is (false? (:valid? r)))
    (is (= [5] (:phantom r)))))

(deftest add-concurrent-with-the-final-read-may-be-missing
  (is (true? (:valid? (set-checker/check (history [0 :invoke :add 1] [9 :invoke :read nil]
                                                  [0 :ok :add 1] [9 :ok :read #{}]))))))

(deftest earlier-read-missing-an-acknowledged-element-is-stale
  (let [r (set-checker/check (history [0 :invoke :add 1] [0 :ok :add 1]
                                      [9 :invoke :read nil] [9 :ok :read #{}]
                                      [9 :invoke :read nil] [9 :ok :read #{1}]))]
    (is (false? (:valid? r)))
    (is (= [1] (:stale r)))
    (is (zero? (:lost-count r)))))

(deftest no-read-is-unknown
  (is (= :unknown (:valid? (set-checker/check (history [0 :invoke :add 1] [0 :ok :add 1]))))))

(deftest nemesis-ops-are-ignored
  (is (true? (:valid? (set-checker/check (history [:nemesis :info :kill {:node "n1"}]
                                                  [0 :invoke :add 1] [0 :ok :add 1]
                                                  [9 :invoke :read nil] [9 :ok :read #{1}]))))))

(defn- simulate [seed]
  (s/simulate (s/->SetModel) {:seed seed :ops 200 :processes 5 :info-rate 0.05 :init #{}
                              :final-reads [{:f :read :value nil}]}))

(deftest randomized-histories-are-valid-and-mutations-are-not
  (doseq [seed (range 20)]
    (let [h (simulate seed)
          final (peek h)
          final-pos (dec (count h))
          acked (->> h (filter #(and (= :ok (:type %)) (= :add (:f %)))) (map :value))]
      (is (true? (:valid? (set-checker/check h))) (str "seed " seed))
      (testing (str "seed " seed " lost")
        (let [r (set-checker/check (assoc-in h [final-pos :value] (disj (:value final) (first acked))))]
          (is (false? (:valid? r)))
          (is (= [(first acked)] (:lost r)))))
      (testing (str "seed " seed " phantom")
        (is (= [-7] (:phantom (set-checker/check (assoc-in h [final-pos :value] (conj (:value final) -7))))))))))

(deftest a-refused-add-retried-with-the-same-element-counts-as-its-success
  (is (true? (:valid? (set-checker/check (history [0 :invoke :add 1] [0 :fail :add 1]
                                                  [0 :invoke :add 1] [0 :ok :add 1]
                                                  [9 :invoke :read nil] [9 :ok :read #{1}]))))))
