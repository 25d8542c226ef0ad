(ns codis.jepsen.report-test
  (:require [clojure.string :as str]
            [clojure.test :refer [deftest is]]
            [codis.jepsen.report :as report]))

(def history
  [{:index 0 :time 0 :process 0 :type :invoke :f :write :value [1 1]}
   {:index 1 :time 1000000000 :process :nemesis :type :info :f :start :value {:fault :isolate-one}}
   {:index 2 :time 1500000000 :process 1 :type :invoke :f :read :value [1 nil]}
   {:index 3 :time 2000000000 :process 0 :type :ok :f :write :value [1 1]}
   {:index 4 :time 2500000000 :process 1 :type :info :f :read :value [1 nil]}
   {:index 5 :time 3000000000 :process :nemesis :type :info :f :stop :value {:fault :isolate-one}}])

(deftest pairs-invocations-with-completions
  (is (= [{:time-s 0.0 :latency-ms 2000.0 :type :ok :f :write}
          {:time-s 1.5 :latency-ms 1000.0 :type :info :f :read}]
         (report/latencies history))))

(deftest fault-windows
  (is (= [{:from-s 1.0 :to-s 3.0 :fault :isolate-one}] (report/fault-windows history)))
  (is (= [{:from-s 1.0 :to-s 2.5 :fault :isolate-one}] (report/fault-windows (subvec history 0 5)))
      "an open window ends with the history"))

(deftest page-is-self-contained
  (let [page (report/html {:workload :register :nemesis "partition"} history
                          {:valid? true :workload {:valid? true} :stats {}})]
    (is (= 2 (count (re-seq #"<svg" page))))
    (is (str/includes? page "isolate-one"))
    (is (not (re-find #"<script|src=|href=" page)) "no external resources")))
