(ns codis.jepsen.net
  "The test's hosts: one network namespace per host, all joined by a bridge through veth pairs.

  Addresses come from 198.18.0.0/15 (RFC 2544's benchmarking range), one /24 per run, and exist only
  inside the namespaces and on the bridge: no host has a default route, so no packet leaves the
  machine. The harness itself (the 'control' node, as in Jepsen) stays in the root namespace and
  reaches every host through the bridge's address (.254); faults never cut the control node off,
  only hosts from each other.

  Names carry a per-run prefix (`cj` + 4 hex digits) so parallel runs never collide, and a state
  file under `state-dir` records what a run created so `jepsen/run --cleanup` can remove the
  leftovers of a run that died without its shutdown hook (kill -9)."
  (:require [clojure.edn :as edn]
            [clojure.java.io :as io]
            [clojure.set :as set]
            [clojure.string :as str]
            [codis.jepsen.util :as u]))

(def state-dir
  "Where each live run records its namespaces, bridge and harness pid."
  "/run/codis-jepsen")

(def ^:private subnet-tries-max 64)

(defn- ip-in-use? [subnet-prefix]
  (str/includes? (:out (u/sh "ip" "-4" "addr")) (str " " subnet-prefix ".")))

(defn- pick-subnet
  "A 198.18.x / 198.19.x /24 that no interface on this machine uses yet."
  [^java.util.Random rnd]
  (loop [i 0]
    (when (>= i subnet-tries-max)
      (throw (ex-info "no free 198.18.0.0/15 subnet" {})))
    (let [n (.nextInt rnd 512)
          prefix (str "198." (+ 18 (quot n 256)) "." (mod n 256))]
      (if (ip-in-use? prefix) (recur (inc i)) prefix))))

(defn- new-prefix []
  (let [existing (:out (u/sh "ip" "link"))]
    (loop []
      (let [p (format "cj%04x" (rand-int 0x10000))]
        (if (str/includes? existing p) (recur) p)))))

(defn netns-name [net host] (str (:prefix net) "-" host))

(defn host-ip [net host] (get-in net [:ips host]))

(defn- state-file [prefix] (io/file state-dir (str prefix ".edn")))

(defn- write-state! [net]
  (.mkdirs (io/file state-dir))
  (spit (state-file (:prefix net))
        (pr-str {:prefix (:prefix net) :bridge (:bridge net)
                 :namespaces (mapv #(netns-name net %) (:hosts net))
                 :pid (.pid (java.lang.ProcessHandle/current))})))

(declare create-links! destroy!)

(defn create!
  "Creates the bridge and one namespace per host name; returns the net map
  {:prefix :bridge :subnet :control-ip :hosts [..] :ips {host ip}}."
  [hosts]
  (let [prefix (new-prefix)
        subnet (pick-subnet (java.util.Random.))
        bridge (str prefix "-br")
        net {:prefix prefix :bridge bridge :subnet subnet :control-ip (str subnet ".254")
             :hosts (vec hosts)
             :ips (into {} (map-indexed (fn [i h] [h (str subnet "." (inc i))]) hosts))}]
    (write-state! net)
    (try
      (create-links! net)
      (catch Exception e (destroy! net) (throw e)))
    (u/log "net: bridge" bridge "subnet" (str subnet ".0/24") "hosts" (pr-str (:ips net)))
    net))

(defn- create-links! [{:keys [prefix bridge hosts] :as net}]
    (u/sh! "ip" "link" "add" bridge "type" "bridge")
    (u/sh! "ip" "addr" "add" (str (:control-ip net) "/24") "dev" bridge)
    (u/sh! "ip" "link" "set" bridge "up")
    (doseq [[i h] (map-indexed vector hosts)]
      (let [ns (netns-name net h) veth (str prefix "-v" i)]
        (u/sh! "ip" "netns" "add" ns)
        (u/sh! "ip" "link" "add" veth "type" "veth" "peer" "name" "eth0" "netns" ns)
        (u/sh! "ip" "link" "set" veth "master" bridge "up")
        (u/sh! "ip" "-n" ns "addr" "add" (str (host-ip net h) "/24") "dev" "eth0")
        (u/sh! "ip" "-n" ns "link" "set" "eth0" "up")
        (u/sh! "ip" "-n" ns "link" "set" "lo" "up"))))

(defn exec-args
  "The argv prefix that runs a command inside host's namespace."
  [net host]
  ["ip" "netns" "exec" (netns-name net host)])

(defn in-ns!
  "Runs a command inside a host's namespace; throws on failure."
  [net host & args]
  (apply u/sh! (concat (exec-args net host) args)))

(defn- kill-namespace-pids! [ns]
  (let [pids (str/split-lines (str/trim (:out (u/sh "ip" "netns" "pids" ns))))]
    (doseq [p pids :when (re-matches #"\d+" p)]
      (u/sh "kill" "-CONT" p)
      (u/sh "kill" "-9" p))))

(defn- prefixed-links
  "Names of the root namespace's links that belong to run `prefix` (veth ends, bridge)."
  [prefix]
  (keep (fn [line] (second (re-find (re-pattern (str "^\\d+: (" prefix "-[^:@]+)")) line)))
        (str/split-lines (:out (u/sh "ip" "-o" "link" "show")))))

(defn- destroy-recorded!
  "Removes what one state record names: processes in the namespaces, the namespaces, the bridge."
  [{:keys [prefix bridge namespaces]}]
  (doseq [ns namespaces] (kill-namespace-pids! ns))
  ;; Deleting a namespace frees its veth pair only when the kernel gets round to it (seen lagging
  ;; minutes on a loaded machine): delete our ends by name first.
  (doseq [link (prefixed-links prefix)] (u/sh "ip" "link" "del" link))
  (doseq [ns namespaces] (u/sh "ip" "netns" "del" ns))
  (u/sh "ip" "link" "del" bridge)
  (.delete (state-file prefix)))

(defn destroy!
  "Tears down a net created by `create!`. Safe to call twice."
  [net]
  (destroy-recorded! {:prefix (:prefix net) :bridge (:bridge net)
                      :namespaces (mapv #(netns-name net %) (:hosts net))})
  (u/log "net: removed" (:prefix net)))

(defn cleanup-stale!
  "Removes every recorded run whose harness process is gone (or every run when `all?`). Returns the
  prefixes removed."
  [all?]
  (let [files (filter #(str/ends-with? (.getName ^java.io.File %) ".edn")
                      (or (seq (.listFiles (io/file state-dir))) []))]
    (vec (for [f files
               :let [rec (edn/read-string (slurp f))
                     alive? (.isPresent (java.lang.ProcessHandle/of (long (:pid rec))))]
               :when (or all? (not alive?))]
           (do (destroy-recorded! rec) (:prefix rec))))))

;; ---------------------------------------------------------------------------------------------
;; Faults. A grudge maps a host to the set of hosts whose packets it drops (Jepsen's word); we
;; install both directions inside the host's namespace so a grudge needs no rule elsewhere.

(defn complete-grudge
  "Every host in one component drops every host of the other components."
  [components]
  (let [components (map set components)
        all (reduce set/union components)]
    (into {} (for [c components, h c] [h (set/difference all c)]))))

(defn bridge-grudge
  "Majority ring: with hosts in a ring, each host sees its k nearest neighbours on each side, where
  2k+1 is at least a majority; everybody sees a different majority. Symmetric by construction."
  [hosts]
  (let [n (count hosts)
        k (int (Math/ceil (/ (quot n 2) 2.0)))
        v (vec hosts)]
    (into {} (for [i (range n)]
               (let [visible (set (for [d (range (- k) (inc k))] (v (mod (+ i d) n))))]
                 [(v i) (set/difference (set hosts) visible)])))))

(defn- iptables! [net host & args]
  (apply in-ns! net host "iptables" "-w" args))

(defn drop-grudge!
  "Installs the grudge: host drops in- and outbound packets of each peer it holds a grudge against.
  With probability p (0 < p < 1) only that fraction is dropped (packet loss)."
  ([net grudge] (drop-grudge! net grudge nil))
  ([net grudge p]
   (doseq [[host peers] grudge, peer peers]
     (let [stat (when p ["-m" "statistic" "--mode" "random" "--probability" (str p)])
           ip (host-ip net peer)]
       (apply iptables! net host (concat ["-A" "INPUT" "-s" ip] stat ["-j" "DROP"]))
       (apply iptables! net host (concat ["-A" "OUTPUT" "-d" ip] stat ["-j" "DROP"]))))))

(defn heal!
  "Flushes every host's filter rules."
  [net]
  (doseq [h (:hosts net)] (apply u/sh (concat (exec-args net h) ["iptables" "-w" "-F"]))))
