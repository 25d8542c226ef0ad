(ns codis.jepsen.nemesis-test
  (:require [clojure.test :refer [deftest is]]
            [codis.jepsen.nemesis :as nemesis]))

(deftest parse-specs
  (is (= [] (nemesis/parse "none" true)))
  (is (= [[:kill-proxy]] (nemesis/parse "kill" true)))
  (is (= [[:kill-meta]] (nemesis/parse "kill" false)) "meta-register has no proxies")
  (is (= [[:partition-halves] [:isolate-one] [:isolate-leader] [:partition-ring] [:latency]]
         (nemesis/parse "partition,latency" true)))
  (is (= [[:partition-halves :latency] [:kill-proxy]]
         (nemesis/parse "partition-halves+latency,kill-proxy" true)) "+ combines faults"))

(deftest choice-names
  (is (= :kill-proxy (nemesis/choice-name [:kill-proxy])))
  (is (= :partition-halves+latency (nemesis/choice-name [:partition-halves :latency]))))

(deftest schedule-records-windows-and-heals
  (let [log (atom [])
        events (atom [])
        faults {:a {:start (fn [_] (swap! events conj :start-a) :x) :stop #(swap! events conj :stop-a)}
                :b {:start (fn [_] (swap! events conj :start-b) :y) :stop #(swap! events conj :stop-b)}}]
    (nemesis/run! {:faults faults :selected [[:a :b]] :seed 1 :fault-s 0.3 :heal-s 0.2
                   :deadline-ns (+ (System/nanoTime) 1200000000)
                   :record! #(swap! log conj %) :stop? (constantly false)})
    (is (pos? (count @log)))
    (is (= (count (filter #(= :start (:f %)) @log)) (count (filter #(= :stop (:f %)) @log)))
        "every window is closed")
    (is (= (take 4 @events) [:start-a :start-b :stop-b :stop-a]))
    (is (= :a+b (get-in (first @log) [:value :fault])))
    (is (every? #(= :nemesis (:process %)) @log))))

(deftest unknown-fault-is-refused
  (is (thrown? clojure.lang.ExceptionInfo
               (nemesis/run! {:faults {} :selected [[:nope]] :seed 1 :fault-s 1 :heal-s 1
                              :deadline-ns 0 :record! identity :stop? (constantly true)}))))
