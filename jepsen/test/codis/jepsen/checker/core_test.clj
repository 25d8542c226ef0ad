(ns codis.jepsen.checker.core-test
  (:require [clojure.string :as str]
            [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checker.core :as core]
            [codis.jepsen.checker.support :refer [history]]))

(def ^:private register-ok
  (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
           [:nemesis :info :start-partition :halves]
           [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]]
           [2 :invoke :write [:x 2]] [2 :info :write [:x 2] "TIMEOUT no reply"]))

(deftest each-workload-gets-its-checker
  (is (= #{:linearizable} (set (keys (:results (core/check-all register-ok :register))))))
  (is (= #{:linearizable} (set (keys (:results (core/check-all register-ok "meta-register"))))))
  (is (= #{:set} (set (keys (:results (core/check-all (history [0 :invoke :read nil] [0 :ok :read #{}]) :set))))))
  (is (= #{:counter} (set (keys (:results (core/check-all (history [0 :invoke :read nil] [0 :ok :read 0]) :counter))))))
  (is (= #{:append} (set (keys (:results (core/check-all (history [0 :invoke :read [:k nil]] [0 :ok :read [:k []]]) :append)))))))

(deftest unknown-workload-is-an-error
  (is (thrown-with-msg? clojure.lang.ExceptionInfo #"unknown workload" (core/check-all [] :bank))))

(deftest valid-history-summary
  (let [r (core/check-all register-ok :register)
        text (core/summarise r)]
    (is (true? (:valid? r)))
    (is (= {:read {:ok 1} :write {:info 1 :ok 1}} (:stats r)))
    (is (str/starts-with? text "Workload register: VALID"))
    (is (str/includes? text "write info=1 ok=1"))))

(deftest invalid-history-summary-shows-the-window
  (let [r (core/check-all (history [0 :invoke :write [:x 1]] [0 :ok :write [:x 1]]
                                   [0 :invoke :write [:x 2]] [0 :ok :write [:x 2]]
                                   [1 :invoke :read [:x nil]] [1 :ok :read [:x 1]])
                          :register)
        text (core/summarise r)]
    (is (false? (:valid? r)))
    (is (str/starts-with? text "Workload register: INVALID"))
    (testing "ops are shown one per line, as a person reads them"
      (is (str/includes? text "p1 ok read [:x 1] (4→5)"))
      (is (str/includes? text "p0 ok write [:x 2] (2→3)")))))

(deftest unknown-beats-true-and-false-beats-unknown
  (let [h (history [0 :invoke :add 1] [0 :ok :add 1])]
    (is (= :unknown (:valid? (core/check-all h :set))))
    (is (str/includes? (core/summarise (core/check-all h :set)) "no :ok read")))
  (is (= false (codis.jepsen.checker.history/merge-valid [true :unknown false])))
  (is (= :unknown (codis.jepsen.checker.history/merge-valid [true :unknown])))
  (is (= true (codis.jepsen.checker.history/merge-valid [true true]))))

(deftest a-stored-history-can-be-checked-again
  (let [f (java.io.File/createTempFile "history" ".edn")]
    (try
      (spit f (pr-str register-ok))
      (is (true? (:valid? (core/check-file (str f) "register"))))
      (finally (.delete f)))))
