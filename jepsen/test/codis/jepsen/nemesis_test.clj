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

(deftest failover-alias-and-combinations
  (is (= (mapv vector nemesis/failover-choices) (nemesis/parse "failover" true)))
  (is (= [[:isolate-leader]] (nemesis/parse "isolate-meta-leader" true)))
  (is (= [[:kill-master :isolate-leader]] (nemesis/parse "kill-master+isolate-leader" true))))

(deftest master-meta-grudge-leaves-the-master-a-minority
  (doseq [seed (range 20)
          metas [["m1" "m2" "m3"] ["m1" "m2" "m3" "m4" "m5"]]]
    (let [g (nemesis/master-meta-grudge (java.util.Random. seed) "d1" metas)
          cut (g "d1")
          minority (remove cut metas)]
      (is (< (count minority) (count cut)) "the master's side holds a minority of the peers")
      (is (every? #(= cut (g %)) minority) "the minority peers drop the same majority")
      (is (every? #(contains? (g %) "d1") cut) "symmetric")
      (is (not-any? #(contains? g %) ["p1" "d2"]) "proxies and replicas are not cut"))))

(deftest failovers-from-observations
  (let [obs (fn [m] {:process :nemesis :type :info :f :observe :value {:edge :stop :masters m}})]
    (is (nil? (nemesis/failovers [])))
    (is (= {1 {:masters [["d1" 2] ["d2" 3]] :changes 1}
            2 {:masters [["d4" 2]] :changes 0}}
           (nemesis/failovers [(obs {1 {:master "d1" :epoch 2} 2 {:master "d4" :epoch 2}})
                               (obs {1 {:master "d1" :epoch 2} 2 nil})
                               (obs {1 {:master "d2" :epoch 3} 2 {:master "d4" :epoch 2}})])))))
