(ns codis.jepsen.cli
  "`jepsen/run`'s entry point: parses options, runs one test (or cleans up), exits non-zero when
  the checker says invalid (1), cannot decide (3 with --strict) or the run broke (2)."
  (:gen-class)
  (:require [clojure.string :as str]
            [clojure.tools.cli :as cli]
            [codis.jepsen.core :as core]
            [codis.jepsen.net :as net]
            [codis.jepsen.util :as u]))

(def options
  [[nil "--workload W" "meta-register | register | set | counter | append" :default "meta-register"]
   [nil "--nemesis N" (str "comma-separated faults or aliases: none, partition (= partition-halves,"
                           "isolate-one,isolate-leader,partition-ring), kill, pause, kill-meta, "
                           "kill-proxy, kill-node, pause-meta, pause-proxy, pause-node, "
                           "packet-loss, latency; failover (= kill-master, pause-master, "
                           "partition-master-meta, partition-master-replicas, isolate-master, "
                           "isolate-leader); `+` joins faults into one window") :default "partition"]
   [nil "--time-limit S" "seconds of operations" :default 60 :parse-fn parse-long]
   [nil "--concurrency C" "worker processes" :default 5 :parse-fn parse-long]
   [nil "--rate R" "operations per second, all workers together" :default 50 :parse-fn parse-double]
   [nil "--seed X" "seed for operation and fault choices" :default 1 :parse-fn parse-long]
   [nil "--durability D" "nodes' appendfsync: always | everysec | none (appendonly no)"
    :default "everysec" :validate [#{"always" "everysec" "none"} "always, everysec or none"]]
   [nil "--fault-s S" "seconds of each fault window" :default 10 :parse-fn parse-long]
   [nil "--heal-s S" "healthy seconds between fault windows" :default 10 :parse-fn parse-long]
   [nil "--metaservers N" "metaserver peers (5 makes partition-ring meaningful)" :default 3
    :parse-fn parse-long :validate [#(<= 1 % 9) "1..9"]]
   [nil "--nodes N" "groups of data nodes, proxy workloads" :default 1 :parse-fn parse-long]
   [nil "--replicas R" "replicas per group (1 + R nodes each); failover needs at least 1"
    :default 0 :parse-fn parse-long :validate [#(<= 0 % 4) "0..4"]]
   [nil "--replication M" "nodes' --replication-mode: sync | async (default: the node's, async)"
    :validate [#{"sync" "async"} "sync or async"]]
   [nil "--master-lease-ttl MS" "nodes' --master-lease-ttl (default: the node's)" :parse-fn parse-long]
   [nil "--probe-interval MS" "metaservers' --probe-interval (default: the metaserver's)"
    :parse-fn parse-long]
   [nil "--detection-timeout MS" "metaservers' --detection-timeout (default: the metaserver's)"
    :parse-fn parse-long]
   [nil "--proxies N" "proxies, proxy workloads" :default 2 :parse-fn parse-long]
   [nil "--strict" "exit 3 when the verdict is unknown"]
   [nil "--cleanup" "remove namespaces, bridges and processes left by dead runs, then exit"]
   [nil "--cleanup-all" "remove every recorded run's namespaces (also live ones), then exit"]
   ["-h" "--help"]])

(defn -main [& args]
  (let [{:keys [options errors summary]} (cli/parse-opts args options)]
    (cond
      (:help options) (do (println "jepsen/run [options]\n" summary) (System/exit 0))
      (seq errors) (do (binding [*out* *err*] (println (str/join "\n" errors))) (System/exit 2))
      (or (:cleanup options) (:cleanup-all options))
      (let [removed (net/cleanup-stale! (boolean (:cleanup-all options)))]
        (println "removed" (count removed) "run(s):" (str/join " " removed))
        (System/exit 0))
      (not (u/root? ))
      (do (binding [*out* *err*] (println "jepsen/run needs root (network namespaces, iptables)"))
          (System/exit 2))
      :else
      (let [r (try (core/run-test! (-> options (dissoc :strict :cleanup :cleanup-all)))
                   (catch Throwable t
                     (u/log "run failed:" (str t))
                     (.printStackTrace t)
                     (shutdown-agents)
                     (System/exit 2)))]
        (println (slurp (str (:dir r) "/summary.txt")))
        (println "results:" (:dir r))
        (shutdown-agents)
        (System/exit (cond (false? (:valid? r)) 1
                           (and (:strict options) (not (true? (:valid? r)))) 3
                           :else 0))))))
