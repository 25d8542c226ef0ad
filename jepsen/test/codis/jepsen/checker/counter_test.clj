(ns codis.jepsen.checker.counter-test
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checker.counter :as counter]
            [codis.jepsen.checker.support :as s :refer [history]]))

(defn- valid? [h] (:valid? (counter/check h)))

(deftest sequential-adds-and-reads
  (is (true? (valid? (history [0 :invoke :add 5] [0 :ok :add 5]
                              [1 :invoke :read nil] [1 :ok :read 5]
                              [0 :invoke :add -2] [0 :ok :add -2]
                              [1 :invoke :read nil] [1 :ok :read 3])))))

(deftest absent-key-reads-as-the-initial-value
  (is (true? (valid? (history [1 :invoke :read nil] [1 :ok :read nil]))))
  (is (true? (:valid? (counter/check (history [1 :invoke :read nil] [1 :ok :read 10]) {:initial 10})))))

(deftest read-above-the-upper-bound-is-invalid
  (let [r (counter/check (history [0 :invoke :add 5] [0 :ok :add 5]
                                  [1 :invoke :read nil] [1 :ok :read 6]))]
    (is (false? (:valid? r)))
    (is (= {:value 6 :lower 5 :upper 5} (select-keys (first (:errors r)) [:value :lower :upper])))))

(deftest read-below-the-lower-bound-is-invalid
  (is (false? (valid? (history [0 :invoke :add 5] [0 :ok :add 5]
                               [1 :invoke :read nil] [1 :ok :read 4])))))

(deftest concurrent-adds-widen-the-bounds
  (let [prefix [[0 :invoke :add 10] [0 :ok :add 10]
                [0 :invoke :add 5] [2 :invoke :add -3] [1 :invoke :read nil]]]
    (doseq [v [7 10 12 15]]
      (is (true? (valid? (apply history (concat prefix [[1 :ok :read v] [0 :ok :add 5] [2 :ok :add -3]]))))
          (str "read " v " lies in [7, 15]")))
    (doseq [v [6 16]]
      (let [r (counter/check (apply history (concat prefix [[1 :ok :read v] [0 :ok :add 5] [2 :ok :add -3]])))]
        (is (false? (:valid? r)) (str "read " v " lies outside [7, 15]"))
        (is (= [7 15] ((juxt :lower :upper) (first (:errors r)))))
        (is (= #{5 -3} (set (map :value (:in-flight-adds (first (:errors r)))))))))))

(deftest info-adds-count-as-possible-forever
  (let [prefix [[0 :invoke :add 4] [0 :info :add 4] [2 :invoke :add -1] [2 :info :add -1]]]
    (doseq [v [-1 0 3 4]]
      (is (true? (valid? (apply history (concat prefix [[1 :invoke :read nil] [1 :ok :read v]]))))
          (str "read " v)))
    (is (false? (valid? (apply history (concat prefix [[1 :invoke :read nil] [1 :ok :read 5]])))))
    (is (false? (valid? (apply history (concat prefix [[1 :invoke :read nil] [1 :ok :read -2]])))))
    (testing "but not before they were invoked"
      (is (false? (valid? (history [1 :invoke :read nil] [1 :ok :read 4] [0 :invoke :add 4] [0 :info :add 4])))))))

(deftest failed-adds-never-count
  (is (false? (valid? (history [0 :invoke :add 5] [0 :fail :add 5]
                               [1 :invoke :read nil] [1 :ok :read 5])))))

(deftest no-read-is-unknown
  (is (= :unknown (valid? (history [0 :invoke :add 5] [0 :ok :add 5])))))

(defn- simulate [seed]
  (s/simulate (s/->Counter) {:seed seed :ops 300 :processes 5 :info-rate 0.05 :init 0}))

(deftest randomized-histories-are-valid-and-mutations-are-not
  (doseq [seed (range 20)]
    (let [h (simulate seed)
          adds (->> h (filter #(and (= :invoke (:type %)) (= :add (:f %)))) (map :value))
          too-high (inc (reduce + (filter pos? adds)))
          too-low (dec (reduce + (filter neg? adds)))
          read-pos (:index (first (filter #(and (= :ok (:type %)) (= :read (:f %))) (drop 100 h))))]
      (is (true? (valid? h)) (str "seed " seed))
      (is (false? (valid? (assoc-in h [read-pos :value] too-high))) (str "seed " seed " too high"))
      (is (false? (valid? (assoc-in h [read-pos :value] too-low))) (str "seed " seed " too low")))))

(deftest decimal-string-reads-are-parsed
  (is (true? (valid? (history [0 :invoke :add 5] [0 :ok :add 5] [1 :invoke :read nil] [1 :ok :read "5"]))))
  (is (false? (valid? (history [0 :invoke :add 5] [0 :ok :add 5] [1 :invoke :read nil] [1 :ok :read "6"])))))
