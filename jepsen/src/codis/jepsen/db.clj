(ns codis.jepsen.db
  "The cluster under test: real metaserver, node and proxy processes started from the built jars
  (through bin/codis-*) inside the hosts' namespaces, configured through the metaserver's HTTP API.

  Host names say the role: m1..m3 run metaservers, d1..dK data nodes, p1..pN proxies. Nodes form
  `nodes` groups of 1 + `replicas` nodes each (group g holds the consecutive hosts
  d((g-1)(R+1)+1) .. d(g(R+1)); the first one added is the group's first master). Nodes run in
  cluster mode (`--meta`, `--announce`): they learn their slots and their role from the
  metaserver, and a promotion makes them follow the new master. Every process writes its output to
  <store>/logs/<id>.log; data directories live under a temporary directory that teardown deletes."
  (:require [clojure.java.io :as io]
            [clojure.string :as str]
            [codis.jepsen.http :as http]
            [codis.jepsen.net :as net]
            [codis.jepsen.relay :as relay]
            [codis.jepsen.resp :as resp]
            [codis.jepsen.util :as u]))

(def ports {:meta-raft 7100 :meta-http 7200 :node 6379 :proxy 19000})

(def slot-count 1024)

(def start-timeout-ms
  "Cold JVMs on a loaded 2-core machine: a process gets this long to answer after start."
  90000)

(def java-opts
  "Small heaps and the C1 compiler only: seven JVMs share two cores during a test."
  "-Xss2m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")

(defn repo-home
  "The repository root (parent of jepsen/), from -Djepsen.home or the working directory."
  []
  (let [h (System/getProperty "jepsen.home")
        d (io/file (or h (System/getProperty "user.dir")))]
    (.getCanonicalFile (if (.exists (io/file d "jepsen" "pom.xml")) d (.getParentFile d)))))

(defn layout
  "Host names for a test's options: `nodes` groups of 1 + `replicas` nodes."
  [{:keys [metaservers nodes proxies replicas]}]
  (let [per (inc (or replicas 0))]
    {:meta (mapv #(str "m" (inc %)) (range metaservers))
     :node (mapv #(str "d" (inc %)) (range (* nodes per)))
     :proxy (mapv #(str "p" (inc %)) (range proxies))
     :groups (into (sorted-map)
                   (for [g (range nodes)]
                     [(inc g) (mapv #(str "d" (+ (* g per) % 1)) (range per))]))}))

(defn meta-peers [db]
  (str/join "," (for [h (get-in db [:layout :meta])]
                  (str h "=" (net/host-ip (:net db) h) ":" (:meta-raft ports) ":" (:meta-http ports)))))

(defn meta-http-addrs [db]
  (mapv #(str (net/host-ip (:net db) %) ":" (:meta-http ports)) (get-in db [:layout :meta])))

(defn- flag
  "[name value] when the value was given (failover flags exist only on builds that have them)."
  [name v]
  (when (some? v) [name (str v)]))

(defn- command-for
  "argv (launcher and flags) for a process id on its host."
  [db kind host]
  (let [ip (net/host-ip (:net db) host)
        bin (fn [n] (str (io/file (repo-home) "bin" n)))
        dir (str (io/file (:data-dir db) host))
        {:keys [probe-interval detection-timeout master-lease-ttl replication]} (:failover db)]
    (case kind
      :meta (concat [(bin "codis-metaserver") "--id" host "--peers" (meta-peers db) "--bind" ip
                     "--dir" dir]
                    (flag "--probe-interval" probe-interval)
                    (flag "--detection-timeout" detection-timeout))
      :node (concat [(bin "codis-node") "--bind" ip "--port" (str (:node ports)) "--dir" dir
                     "--slots" (str slot-count)
                     "--meta" (str/join "," (meta-http-addrs db))
                     "--announce" (get-in db [:announce host])]
                    (case (:durability db)
                      "none" ["--appendonly" "no"]
                      ["--appendonly" "yes" "--appendfsync" (:durability db)])
                    (flag "--replication-mode" replication)
                    (flag "--master-lease-ttl" master-lease-ttl))
      :proxy [(bin "codis-proxy") "--meta" (str/join "," (meta-http-addrs db)) "--bind" ip
              "--port" (str (:proxy ports)) "--id" host])))

(defn start-process!
  "Starts (or restarts) the process of `host`; its output is appended to its log."
  [db host]
  (let [{:keys [kind]} (get-in db [:roles host])
        log (io/file (:log-dir db) (str host ".log"))
        argv (concat (net/exec-args (:net db) host) (command-for db kind host))
        _ (.mkdirs (io/file (:data-dir db) host))
        pb (doto (ProcessBuilder. ^java.util.List (mapv str argv))
             (.redirectErrorStream true)
             (.redirectOutput (java.lang.ProcessBuilder$Redirect/appendTo log)))
        _ (.put (.environment pb) "CODIS_JAVA_OPTS" java-opts)
        p (.start pb)]
    ;; `ip netns exec` and the launcher both exec, so this pid is the JVM's own.
    (swap! (:procs db) assoc host {:process p :pid (.pid p)})
    (u/log "db: started" host (name kind) "pid" (.pid p))
    p))

(defn pid [db host] (get-in @(:procs db) [host :pid]))

(defn signal! [db host sig]
  (when-let [p (pid db host)] (u/sh "kill" (str "-" sig) (str p))))

(defn kill! [db host]
  (signal! db host "CONT")
  (signal! db host "KILL")
  (when-let [^Process p (get-in @(:procs db) [host :process])]
    (.waitFor p 10 java.util.concurrent.TimeUnit/SECONDS)))

(defn- wait-until [what pred]
  (let [deadline (+ (System/currentTimeMillis) start-timeout-ms)]
    (loop []
      (cond (pred) true
            (> (System/currentTimeMillis) deadline)
            (throw (ex-info (str "timed out waiting for " what) {}))
            :else (do (u/sleep-ms 250) (recur))))))

(defn meta-url [db host path]
  (str "http://" (net/host-ip (:net db) host) ":" (:meta-http ports) path))

(defn meta-leader
  "The metaserver peer id (= host name) that some peer reports as leader, or nil."
  [db]
  (some (fn [h]
          (let [r (http/request (:http db) "GET" (meta-url db h "/v1/health") nil 1000)]
            (when (= 200 (:status r)) (not-empty (str (get-in r [:body :leaderId]))))))
        (get-in db [:layout :meta])))

(defn- meta-call!
  "A setup call to any metaserver peer, retried until it answers 2xx (or 409 `ok-codes`)."
  [db method path body & ok-codes]
  (let [deadline (+ (System/currentTimeMillis) start-timeout-ms)]
    (loop [i 0]
      (let [h (nth (get-in db [:layout :meta]) (mod i (count (get-in db [:layout :meta]))))
            r (http/request (:http db) method (meta-url db h path) body 5000)]
        (cond (and (:status r) (< (:status r) 300)) (:body r)
              (and (:status r) (some #{(get-in r [:body :code])} ok-codes)) (:body r)
              (> (System/currentTimeMillis) deadline)
              (throw (ex-info (str "metaserver setup failed: " method " " path " " (pr-str r)) {}))
              :else (do (u/sleep-ms 300) (recur (inc i))))))))

(defn- resp-ping? [ip port]
  (try (let [c (resp/connect ip port 1000)]
         (try (= "PONG" (resp/call c "PING")) (finally (resp/close c))))
       (catch Exception _ false)))

(defn- proxy-serves? [ip port]
  (try (let [c (resp/connect ip port 2000)]
         (try (let [r (resp/call c "GET" "jepsen-probe")]
                (not (and (map? r) (:error r))))
              (finally (resp/close c))))
       (catch Exception _ false)))

(defn- node-addr
  "The address a group registers for node `host`: the node itself, or (with a latency relay for
  the proxy -> node path) a relay on the control address that forwards to it."
  [db host]
  (let [ip (net/host-ip (:net db) host)]
    (if-let [delay-atom (:node-relay-delay db)]
      (let [r (relay/start! (get-in db [:net :control-ip]) ip (:node ports) delay-atom)]
        (swap! (:relays db) conj r)
        (str (:host r) ":" (:port r)))
      (str ip ":" (:node ports)))))

(defn- replicas-linked?
  "True when `master`'s ROLE lists `n` replicas (or n is 0)."
  [ip n]
  (or (zero? n)
      (try (let [c (resp/connect ip (:node ports) 2000)]
             (try (let [r (resp/call c "ROLE")]
                    (and (sequential? r) (= "master" (first r)) (<= n (count (nth r 2 nil)))))
                  (finally (resp/close c))))
           (catch Exception _ false))))

(defn- add-groups!
  "Creates each group, adds its master then its replicas (the first server added is the master;
  the others follow it through the view), and assigns the slots evenly."
  [db]
  (let [groups (get-in db [:layout :groups])
        n (count groups)
        per (quot slot-count n)]
    (doseq [[gid hs] groups]
      (meta-call! db "POST" "/v1/groups" {:id gid} "GROUP_EXISTS")
      (doseq [h hs]
        (wait-until (str "node " h) #(resp-ping? (net/host-ip (:net db) h) (:node ports)))
        (meta-call! db "POST" (str "/v1/groups/" gid "/servers")
                    {:addr (get-in db [:announce h])} "SERVER_IN_GROUP")))
    (doseq [i (range n)]
      (meta-call! db "POST" "/v1/slots/assign"
                  {:first (* i per)
                   :last (if (= i (dec n)) (dec slot-count) (dec (* (inc i) per)))
                   :groupId (inc i)}))))

(defn setup!
  "Creates the hosts, starts the processes and configures the cluster. Returns the db map."
  [{:keys [store-dir] :as opts}]
  (let [lay (layout opts)
        hosts (concat (:meta lay) (:node lay) (:proxy lay))
        data-dir (.toFile (java.nio.file.Files/createTempDirectory
                           "codis-jepsen-" (make-array java.nio.file.attribute.FileAttribute 0)))
        log-dir (io/file store-dir "logs")
        _ (.mkdirs log-dir)
        net (net/create! hosts)
        db {:net net :layout lay :durability (or (:durability opts) "everysec")
            :failover (select-keys opts [:probe-interval :detection-timeout :master-lease-ttl
                                         :replication])
            :roles (into {} (for [[kind hs] (dissoc lay :groups), h hs] [h {:kind kind}]))
            :procs (atom {}) :data-dir data-dir :log-dir log-dir :http (http/client)
            :node-relay-delay (:node-relay-delay opts) :relays (atom [])}
        _ (when-let [f (:on-db opts)] (f db))
        ;; the address each node is known by (a relay's when latency is tested), fixed for the run
        db (assoc db :announce (into {} (for [h (:node lay)] [h (node-addr db h)])))
        _ (when-let [f (:on-db opts)] (f db))]
    (doseq [h (:meta lay)] (start-process! db h))
    (doseq [h (:node lay)] (start-process! db h))
    (wait-until "a metaserver leader" #(meta-leader db))
    (u/log "db: metaserver leader" (meta-leader db))
    (when (seq (:node lay))
      (meta-call! db "POST" "/v1/cluster/init" {:slotCount slot-count} "ALREADY_INITIALIZED")
      (add-groups! db)
      (doseq [[gid [m & rs]] (:groups lay)]
        (wait-until (str "group " gid ": " (count rs) " replica(s) linked to " m)
                    #(replicas-linked? (net/host-ip net m) (count rs))))
      (doseq [h (:proxy lay)] (start-process! db h))
      (doseq [h (:proxy lay)]
        (wait-until (str "proxy " h " serving")
                    #(proxy-serves? (net/host-ip net h) (:proxy ports)))))
    (u/log "db: cluster ready")
    db))

(defn group-view
  "GET /v1/groups/{gid} from the first metaserver peer that answers 200 (reads are linearizable
  there), or nil when none does."
  [db gid]
  (some (fn [h]
          (let [r (http/request (:http db) "GET" (meta-url db h (str "/v1/groups/" gid)) nil 1500)]
            (when (= 200 (:status r)) (:body r))))
        (get-in db [:layout :meta])))

(defn host-of-addr
  "The node host announced as `addr`, or nil."
  [db addr]
  (some (fn [[h a]] (when (= a addr) h)) (:announce db)))

(defn group-master
  "The host the metaserver lists as group `gid`'s master, with the group's epoch:
  {:host :addr :epoch :replicas [hosts]}, or nil when no peer answers."
  [db gid]
  (when-let [v (group-view db gid)]
    {:host (host-of-addr db (:master v)) :addr (:master v) :epoch (:epoch v)
     :replicas (vec (keep #(host-of-addr db %) (:replicas v)))}))

(defn log-lines
  "{host [line ...]} of the nodes' log lines that contain `marker` (a rejoining old master logs
  the writes it discards with DISCARDED)."
  [db marker]
  (into (sorted-map)
        (for [h (get-in db [:layout :node])
              :let [f (io/file (:log-dir db) (str h ".log"))
                    ls (when (.exists f)
                         (with-open [r (io/reader f)]
                           (vec (filter #(str/includes? % marker) (line-seq r)))))]
              :when (seq ls)]
          [h ls])))

(defn- delete-tree [^java.io.File f]
  (when (.isDirectory f) (doseq [c (.listFiles f)] (delete-tree c)))
  (.delete f))

(defn dead-processes
  "Hosts whose process is not running (the nemesis restarts what it kills, so at the end of a test
  any entry here died by itself: look at its log). {host exit-code}"
  [db]
  (into (sorted-map)
        (for [[h {:keys [^Process process]}] @(:procs db)
              :when (not (.isAlive process))]
          [h (.exitValue process)])))

(defn teardown!
  "Stops every process (SIGKILL: the test is over, logs are on disk), removes the hosts and data."
  [db]
  (doseq [h (keys @(:procs db))] (signal! db h "CONT") (signal! db h "KILL"))
  (doseq [r @(:relays db)] ((:close r)))
  (net/destroy! (:net db))
  (delete-tree (:data-dir db)))
