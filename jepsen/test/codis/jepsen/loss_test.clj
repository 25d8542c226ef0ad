(ns codis.jepsen.loss-test
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checkers :as checkers]
            [codis.jepsen.loss :as loss]))

(def s 1000000000)

(defn- hist
  "Ops [process type f value time-s] -> a history with :index and :time."
  [& ops]
  (vec (map-indexed (fn [i [p t f v ts]] {:index i :process p :type t :f f :value v :time (long (* ts s))})
                    ops)))

(def fault-at-10
  [[:nemesis :info :start {:fault :kill-master} 10] [:nemesis :info :stop {:fault :kill-master} 20]])

(defn- set-history
  "Adds 1 (acked at 2 s), 2 (acked at 11 s, inside the loss window), 3 (acked at 18 s: outside),
  then a final read showing `final`, with a kill-master window from 10 s to 20 s."
  [final]
  (let [[start stop] fault-at-10]
    (hist [0 :invoke :add 1 1] [0 :ok :add 1 2]
          start
          [1 :invoke :add 2 10.5] [1 :ok :add 2 11]
          [0 :invoke :add 3 17] [0 :ok :add 3 18]
          stop
          [2 :invoke :read nil 30] [2 :ok :read final 31])))

(deftest windows-follow-fault-edges
  (let [w (loss/windows (set-history #{}) 4000)]
    (is (= [[(* 9 s) (* 16 s)] [(* 20 s) (* 22 s)]] w) "start - 1 s .. start + TTL + 2 s; stop .. stop + 2 s")
    (is (loss/in-windows? w (* 11 s)))
    (is (not (loss/in-windows? w (* 18 s))))))

(deftest measure-set-loss
  (testing "nothing lost"
    (is (= {:measured true :acknowledged 3 :lost 0 :lost-outside-windows 0 :lost-sample [] :outside-sample []}
           (loss/measure :set (set-history #{1 2 3}) (loss/windows (set-history #{}) 4000)))))
  (testing "a loss inside and one outside the windows"
    (let [h (set-history #{1})
          m (loss/measure :set h (loss/windows h 4000))]
      (is (= 2 (:lost m)))
      (is (= 1 (:lost-outside-windows m)))
      (is (= [3] (:outside-sample m))))))

(deftest relax-turns-in-window-acks-into-info
  (let [h (set-history #{1 3})
        r (loss/relax h (loss/windows h 4000))
        relaxed (filter :relaxed r)]
    (is (= 1 (count relaxed)))
    (is (= {:type :info :f :add :value 2} (select-keys (first relaxed) [:type :f :value])))
    (is (= 2 (count (filter #(= (:process %) (:process (first relaxed))) r)))
        "its invocation moved to the same process of its own")))

(deftest judge-async-and-sync
  (testing "async: a loss inside the windows is within the bound"
    (let [r (checkers/judge {:workload :set :replication "async"} (set-history #{1 3}))]
      (is (true? (:valid? r)))
      (is (= 1 (get-in r [:loss :lost])))
      (is (true? (get-in r [:loss :within-bound?])))))
  (testing "async: a loss outside the windows fails the run"
    (let [r (checkers/judge {:workload :set :replication "async"} (set-history #{1 2}))]
      (is (false? (:valid? r)))
      (is (false? (get-in r [:loss :within-bound?])))))
  (testing "sync: every loss fails the set checker"
    (let [r (checkers/judge {:workload :set :replication "sync"} (set-history #{1 3}))]
      (is (false? (:valid? r)))
      (is (= 1 (get-in r [:loss :lost]))))))

(deftest measure-counter-deficit
  (let [[start stop] fault-at-10
        h (hist [0 :invoke :add 5 1] [0 :ok :add 5 2] start
                [1 :invoke :add 3 10.5] [1 :ok :add 3 11] stop
                [2 :invoke :read nil 30] [2 :ok :read 5 31])
        m (loss/measure :counter h (loss/windows h 4000))]
    (is (= 3 (:lost-sum m)))
    (is (= 0 (:lost-outside-windows m)))
    (is (true? (:valid? (checkers/judge {:workload :counter :replication "async"} h))))
    (is (false? (:valid? (checkers/judge {:workload :counter :replication "sync"} h))))))

(deftest measure-append-loss
  (let [[start stop] fault-at-10
        h (hist [0 :invoke :append [1 10] 1] [0 :ok :append [1 10] 2] start
                [1 :invoke :append [1 11] 10.5] [1 :ok :append [1 11] 11] stop
                [2 :invoke :read [1 nil] 30] [2 :ok :read [1 [10]] 31])
        m (loss/measure :append h (loss/windows h 4000))]
    (is (= 1 (:lost m)))
    (is (= [[1 11]] (:lost-sample m)))))

(deftest register-loss-is-not-measured
  (is (false? (:measured (loss/measure :register (set-history #{}) [])))))
