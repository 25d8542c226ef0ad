(ns codis.jepsen.net-test
  "The grudges (who drops whom) are pure; installing them needs root and is covered by the smoke."
  (:require [clojure.set :as set]
            [clojure.test :refer [deftest is]]
            [codis.jepsen.net :as net]))

(defn- symmetric? [g] (every? (fn [[h ps]] (every? #(contains? (get g % #{}) h) ps)) g))

(deftest halves
  (let [g (net/complete-grudge [["a" "b"] ["c" "d" "e"]])]
    (is (= #{"c" "d" "e"} (g "a")))
    (is (= #{"a" "b"} (g "e")))
    (is (symmetric? g))))

(deftest isolate-one
  (let [g (net/complete-grudge [["a"] ["b" "c"]])]
    (is (= {"a" #{"b" "c"} "b" #{"a"} "c" #{"a"}} g))))

(deftest majority-ring
  (doseq [n [5 6 7]]
    (let [hosts (mapv str (range n))
          g (net/bridge-grudge hosts)
          sees (fn [h] (set/difference (set hosts) (g h)))]
      (is (symmetric? g))
      (is (every? #(> (count (sees %)) (quot n 2)) hosts) "each sees a majority (itself included)")
      (is (< 1 (count (distinct (map sees hosts)))) "majorities differ")
      (is (every? #(seq (g %)) hosts) "every host loses someone"))))
