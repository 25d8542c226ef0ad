(ns codis.jepsen.checkers-test
  (:require [clojure.test :refer [deftest is]]
            [codis.jepsen.checkers :as checkers]))

(deftest verdicts-combine
  (is (= true (checkers/merge-valid [true true])))
  (is (= :unknown (checkers/merge-valid [true :unknown])))
  (is (= false (checkers/merge-valid [:unknown false true]))))

(deftest nemesis-ops-never-reach-a-checker
  (is (= [{:process 0 :type :ok}]
         (checkers/client-ops [{:process :nemesis :type :info} {:process 0 :type :ok}]))))

(deftest stats-count-completions
  (is (= {:by-f {:add {:ok 1 :fail 1 :info 0}} :total {:ok 1 :fail 1 :info 0}}
         (checkers/stats [{:process 0 :type :invoke :f :add} {:process 0 :type :ok :f :add}
                          {:process 1 :type :invoke :f :add} {:process 1 :type :fail :f :add}
                          {:process :nemesis :type :info :f :start}]))))

(deftest every-workload-gets-a-verdict
  (doseq [w [:meta-register :register :set :counter :append]]
    (let [r (checkers/check w [])]
      (is (contains? #{true false :unknown} (:valid? r)) (name w))
      (is (string? (:checker r))))))
