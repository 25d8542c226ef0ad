(ns codis.jepsen.smoke-test
  "CI's smoke matrix (2 min 33 s for `mvn -o verify -pl jepsen` on the 2-core machine, of which
  the failover run takes 45-90 s): meta-register under partitions, register through the proxies
  while the nemesis kill -9s and restarts proxies, and set with `replication-mode sync` on a group
  of a master and a replica while the nemesis kill -9s the master (no acknowledged add may be lost,
  and the master must have changed at least once: a failover happened). Real processes in network
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
    :concurrency 4 :rate 40 :seed 12 :recovery-s 3 :ok-min 100}
   {:workload :set :nemesis "kill-master" :replicas 1 :replication "sync" :proxies 1
    :time-limit 25 :fault-s 10 :heal-s 5 :concurrency 4 :rate 40 :seed 13 :recovery-s 3
    :ok-min 100 :failovers-min 1}])

(defn master-changes
  "How many times some group's master changed during the run (from the nemesis's observations)."
  [results]
  (reduce + 0 (map :changes (vals (:failovers results)))))

(deftest smoke-matrix
  (if-let [why (skip-reason)]
    (println "SKIPPED the Jepsen smoke matrix:" why)
    (doseq [{:keys [ok-min failovers-min] :as t} matrix
            ;; -Djepsen.smoke.only=set runs one workload's entries (by hand, not in CI)
            :when (contains? #{nil (name (:workload t))} (System/getProperty "jepsen.smoke.only"))
            :let [_ (net/cleanup-stale! false)]]
      (testing (str (name (:workload t)) " / " (:nemesis t))
        (let [r (core/run-test! (dissoc t :ok-min :failovers-min))
              v (:valid? r)]
          (println (str "jepsen smoke " (name (:workload t)) " / " (:nemesis t) ": "
                        (checkers/describe v) " " (pr-str (get-in r [:stats :total])) " " (:dir r)))
          (when-not (true? v)
            (println "  NOTE verdict is not VALID:" (pr-str (dissoc (:workload r) :history))))
          (is (not (false? v)) (str "checker says invalid; see " (:dir r)))
          (is (<= ok-min (get-in r [:stats :total :ok] 0))
              (str "the cluster served fewer than " ok-min " ops; see " (:dir r)))
          (when failovers-min
            (println "  failovers:" (pr-str (:failovers r)) " loss:" (pr-str (:loss r)))
            (is (<= failovers-min (master-changes r))
                (str "no replica was promoted after the master was killed; see " (:dir r)))))))))
