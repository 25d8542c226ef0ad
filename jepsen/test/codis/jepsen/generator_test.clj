(ns codis.jepsen.generator-test
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.generator :as gen]))

(defn- take-ops [workload seed n] (let [s (gen/source workload seed)] (vec (repeatedly n s))))

(deftest same-seed-same-operations
  (doseq [w [:meta-register :register :set :counter :append]]
    (is (= (take-ops w 42 500) (take-ops w 42 500)) (name w)))
  (is (not= (take-ops :register 1 200) (take-ops :register 2 200))))

(deftest register-keys-are-bounded
  (let [ops (take-ops :register 7 5000)
        per-key (frequencies (map (comp first :value) ops))]
    (is (every? #(<= % (:ops-per-key-max gen/defaults)) (vals per-key)))
    (is (> (count per-key) 30) "keys rotate")
    (is (= #{:read :write :cas} (set (map :f ops))))
    (is (every? (fn [{:keys [f value]}] (case f :read (nil? (second value))
                                          :write (integer? (second value))
                                          :cas (= 2 (count (second value)))))
                ops))))

(deftest set-elements-unique
  (let [ops (take-ops :set 1 1000)]
    (is (= 1000 (count (distinct (map :value ops)))))))

(deftest final-reads-cover-appended-keys
  (let [h [{:f :append :value [3 1]} {:f :append :value [5 2]} {:f :read :value [9 nil]}]]
    (is (= [{:f :read :value [3 nil]} {:f :read :value [5 nil]}] (gen/final-reads :append h))))
  (is (= [{:f :read :value nil}] (gen/final-reads :set [])))
  (is (= [] (gen/final-reads :register []))))

(deftest rate-limiter-paces
  (let [limit (gen/rate-limiter 200)
        t0 (System/nanoTime)]
    (dotimes [_ 41] (limit))
    ;; 40 intervals of 5 ms: at least ~200 ms however loaded the machine is
    (is (>= (/ (- (System/nanoTime) t0) 1e6) 190))))
