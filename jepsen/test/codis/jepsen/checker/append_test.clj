(ns codis.jepsen.checker.append-test
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checker.append :as append]
            [codis.jepsen.checker.support :as s :refer [history]]))

(defn- anomalies [h] (set (keys (:anomaly-counts (append/check h)))))

(def ^:private appended
  [[0 :invoke :append [:k 1]] [0 :ok :append [:k 1]]
   [0 :invoke :append [:k 2]] [0 :ok :append [:k 2]]])

(defn- then [& events] (apply history (concat appended events)))

(deftest growing-reads-are-valid
  (let [r (append/check (then [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2]]]
                              [0 :invoke :append [:k 3]] [0 :ok :append [:k 3]]
                              [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2 3]]]))]
    (is (true? (:valid? r)))
    (is (= {:key-count 1 :append-count 3 :read-count 2} (select-keys r [:key-count :append-count :read-count])))))

(deftest reads-that-are-not-prefixes-are-invalid
  (let [r (append/check (history [0 :invoke :append [:k 1]] [1 :invoke :append [:k 2]]
                                 [0 :ok :append [:k 1]] [1 :ok :append [:k 2]]
                                 [2 :invoke :read [:k nil]] [2 :ok :read [:k [1 2]]]
                                 [2 :invoke :read [:k nil]] [2 :ok :read [:k [2 1]]]))]
    (is (false? (:valid? r)))
    (is (contains? (:anomaly-counts r) :incomparable))
    (is (= :incomparable (:anomaly (first (:anomalies r)))))))

(deftest a-later-read-that-went-back-is-invalid
  (is (= #{:went-back :missing}
         (anomalies (then [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2]]]
                          [2 :invoke :read [:k nil]] [2 :ok :read [:k [1]]])))))

(deftest a-shorter-read-concurrent-with-a-longer-one-is-fine
  (is (true? (:valid? (append/check (history [0 :invoke :append [:k 1]] [0 :ok :append [:k 1]]
                                             [0 :invoke :append [:k 2]]
                                             [1 :invoke :read [:k nil]] [2 :invoke :read [:k nil]]
                                             [1 :ok :read [:k [1 2]]] [2 :ok :read [:k [1]]]
                                             [0 :ok :append [:k 2]]))))))

(deftest missing-acknowledged-append-is-invalid
  (let [r (append/check (then [1 :invoke :read [:k nil]] [1 :ok :read [:k [1]]]))]
    (is (false? (:valid? r)))
    (is (= {:missing 1} (:anomaly-counts r)))
    (is (= 2 (:element (first (:anomalies r)))))))

(deftest duplicate-element-is-invalid
  (is (= #{:duplicated} (anomalies (then [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2 2]]])))))

(deftest phantom-element-is-invalid
  (is (= #{:phantom} (anomalies (then [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2 7]]])))))

(deftest read-from-the-future-is-invalid
  (is (contains? (anomalies (history [1 :invoke :read [:k nil]] [1 :ok :read [:k [1]]]
                                     [0 :invoke :append [:k 1]] [0 :ok :append [:k 1]]))
                 :phantom)))

(deftest element-of-a-failed-append-is-invalid
  (is (= #{:unexpected} (anomalies (then [0 :invoke :append [:k 3]] [0 :fail :append [:k 3]]
                                         [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2 3]]])))))

(deftest elements-out-of-real-time-order-are-invalid
  (is (= #{:misordered} (anomalies (then [1 :invoke :read [:k nil]] [1 :ok :read [:k [2 1]]])))))

(deftest info-appends-may-or-may-not-appear
  (doseq [seen [[1 2] [1 2 3]]]
    (is (true? (:valid? (append/check (then [0 :invoke :append [:k 3]] [0 :info :append [:k 3]]
                                            [1 :invoke :read [:k nil]] [1 :ok :read [:k seen]])))))))

(deftest keys-are-independent
  (is (true? (:valid? (append/check (then [1 :invoke :append [:j 1]] [1 :ok :append [:j 1]]
                                          [1 :invoke :read [:j nil]] [1 :ok :read [:j [1]]]
                                          [1 :invoke :read [:k nil]] [1 :ok :read [:k [1 2]]]))))))

(defn- simulate [seed]
  (s/simulate (s/->AppendModel 3) {:seed seed :ops 300 :processes 5 :info-rate 0.05 :init {}}))

(defn- ok-reads [h] (filter #(and (= :ok (:type %)) (= :read (:f %)) (>= (count (second (:value %))) 2)) h))

(deftest randomized-histories-are-valid-and-mutations-are-not
  (doseq [seed (range 20)]
    (let [h (simulate seed)
          r (last (ok-reads h))
          [k elems] (:value r)]
      (is (true? (:valid? (append/check h))) (str "seed " seed))
      (testing (str "seed " seed " duplicate")
        (is (contains? (anomalies (assoc-in h [(:index r) :value] [k (conj elems (first elems))])) :duplicated)))
      (testing (str "seed " seed " dropped element")
        ;; the first element was appended before the read began (some read saw it earlier or it
        ;; completed before); dropping it must be noticed one way or another
        (is (false? (:valid? (append/check (assoc-in h [(:index r) :value] [k (subvec elems 1)])))))))))

(deftest fifty-thousand-events
  (let [h (s/simulate (s/->AppendModel 200) {:seed 7 :ops 25000 :processes 10 :info-rate 0.02 :init {}})
        [r wall cpu] (s/timed #(append/check h))]
    (println (format "append: %d events, %d keys checked in %.2f s (%.2f s CPU)" (count h) (:key-count r) wall cpu))
    (is (>= (count h) 50000))
    (is (true? (:valid? r)))
    (is (< cpu 10.0))))
