(ns codis.jepsen.smoke-test
  "CI's smoke matrix (2 min 36 s for `mvn -o verify -pl jepsen` on a busy 2-core machine):
  meta-register under partitions, and register through the proxies while the nemesis kill -9s and
  restarts proxies. Real processes in network
  namespaces, so it needs root; anywhere else it says why it skipped. Fails when a checker says
  invalid, or when the cluster served (almost) nothing, which would make the verdict meaningless."
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checkers :as checkers]
            [codis.jepsen.core :as core]
            [codis.jepsen.net :as net]
            [codis.jepsen.util :as u]))

(defn- skip-reason []
  (cond (= "false" (System/getProperty "jepsen.smoke")) "-Djepsen.smoke=false"
        (not (u/root?)) "not running as root (network namespaces and iptables need it)"
        (not (zero? (:exit (u/sh "ip" "netns" "list")))) "ip netns is not available"
        (not (zero? (:exit (u/sh "iptables" "-w" "-L" "-n")))) "iptables is not available"))

(def matrix
  [{:workload :meta-register :nemesis "partition-halves,isolate-one,isolate-leader"
    :time-limit 30 :fault-s 8 :heal-s 5
    :concurrency 4 :rate 40 :seed 11 :recovery-s 3 :ok-min 100}
   {:workload :register :nemesis "kill-proxy" :time-limit 30 :fault-s 8 :heal-s 5
    :concurrency 4 :rate 40 :seed 12 :recovery-s 3 :ok-min 100}])

(deftest smoke-matrix
  (if-let [why (skip-reason)]
    (println "SKIPPED the Jepsen smoke matrix:" why)
    (doseq [{:keys [ok-min] :as t} matrix
            :let [_ (net/cleanup-stale! false)]]
      (testing (str (name (:workload t)) " / " (:nemesis t))
        (let [r (core/run-test! (dissoc t :ok-min))
              v (:valid? r)]
          (println (str "jepsen smoke " (name (:workload t)) " / " (:nemesis t) ": "
                        (checkers/describe v) " " (pr-str (get-in r [:stats :total])) " " (:dir r)))
          (when-not (true? v)
            (println "  NOTE verdict is not VALID:" (pr-str (dissoc (:workload r) :history))))
          (is (not (false? v)) (str "checker says invalid; see " (:dir r)))
          (is (<= ok-min (get-in r [:stats :total :ok] 0))
              (str "the cluster served fewer than " ok-min " ops; see " (:dir r))))))))
