(ns codis.jepsen.checker.outcome
  "Decides how a failed operation completes: :fail (it definitely did not take effect) or :info
  (it may have). A wrong answer makes every checker lie — a :fail for a write that did happen turns
  a correct cluster into a 'phantom' — so when in doubt the answer is :info.

  The rules:
  - not sent at all (connect refused, the client gave up before writing the request) → :fail;
  - sent, and no reply (timeout, connection lost, no error text) → :info;
  - sent, and an error whose code word is in one of the project's catalogues → its disposition:
    - nodes and proxies: io.codis.protocol.ErrorCode (docs/errors.md), NOT_EXECUTED → :fail,
      OUTCOME_UNKNOWN (TIMEOUT, BACKENDLOST: the proxy had forwarded the request) → :info;
    - the metaserver: io.codis.meta.client.model.ErrorCode (docs/metaserver-api.md), by HTTP
      status: every 4xx and 503 UNAVAILABLE changed nothing → :fail; 500 INTERNAL and
      504 TIMEOUT may have been applied → :info;
  - sent, and an error whose first word is in neither catalogue → :info.
  The two catalogues agree on the one word they share (TIMEOUT: outcome unknown).

  The catalogues are read from the Java enums when they are on the classpath (the harness runs
  with the project's jars), so they cannot drift; otherwise copies below are used. A test compares
  the copies with the enums, or with the enums' source when the classes are absent."
  (:require [clojure.string :as str]))

(def fallback-catalogue
  "A copy of io.codis.protocol.ErrorCode's dispositions, used when the class is not loadable."
  {"ERR" :not-executed, "WRONGTYPE" :not-executed, "MOVED" :not-executed, "ASK" :not-executed,
   "TRYAGAIN" :not-executed, "CROSSSLOT" :not-executed, "CLUSTERDOWN" :not-executed,
   "READONLY" :not-executed, "NOAUTH" :not-executed, "WRONGPASS" :not-executed,
   "NOPERM" :not-executed, "OOM" :not-executed, "EXECABORT" :not-executed,
   "LOADING" :not-executed, "MISCONF" :not-executed, "BUSY" :not-executed,
   "BUSYKEY" :not-executed, "FENCED" :not-executed, "MASTERDOWN" :not-executed,
   "NOREPLICAS" :not-executed, "NOMASTERLINK" :not-executed, "UNBLOCKED" :not-executed,
   "NOPROTO" :not-executed,
   "BACKENDDOWN" :not-executed,
   "TIMEOUT" :outcome-unknown, "BACKENDLOST" :outcome-unknown})

(def fallback-meta-catalogue
  "A copy of io.codis.meta.client.model.ErrorCode's dispositions (derived from the HTTP status),
  used when the class is not loadable."
  (merge (zipmap ["BAD_REQUEST" "OUT_OF_RANGE" "NOT_FOUND" "NO_SUCH_GROUP" "NO_SUCH_SERVER"
                  "NO_SUCH_PROXY" "NO_SUCH_NODE" "NO_SUCH_KEY" "NO_SUCH_PEER" "METHOD_NOT_ALLOWED"
                  "NOT_INITIALIZED" "ALREADY_INITIALIZED" "GROUP_EXISTS" "SERVER_IN_GROUP"
                  "GROUP_BUSY" "VERSION_MISMATCH" "CAS_FAILED" "NOT_MASTER" "STALE_EPOCH"
                  "LEASE_HELD" "PROXY_EXPIRED" "LIMIT_EXCEEDED" "MASTER_ALIVE" "SWITCHOVER_FAILED"
                  "TOO_LARGE" "UNAVAILABLE"]
                 (repeat :not-executed))
         {"INTERNAL" :outcome-unknown "TIMEOUT" :outcome-unknown}))

(defn http-status-disposition
  "The metaserver's rule (docs/metaserver-api.md): a 4xx or a 503 changed nothing; anything else
  (500, 504) may have been applied."
  [status]
  (if (or (<= 400 status 499) (= 503 status)) :not-executed :outcome-unknown))

(defn- disposition-keyword [java-name]
  (keyword (str/lower-case (str/replace java-name "_" "-"))))

(defn java-catalogue
  "The catalogue read from io.codis.protocol.ErrorCode through interop, or nil when the class is
  not on the classpath."
  []
  (when-let [cls (try (Class/forName "io.codis.protocol.ErrorCode") (catch ClassNotFoundException _ nil))]
    (into {}
          (for [code (.getEnumConstants ^Class cls)]
            [(str code)
             (disposition-keyword
              (str (clojure.lang.Reflector/invokeInstanceMethod code "disposition" (object-array 0))))]))))

(defn java-meta-catalogue
  "The metaserver's catalogue read from io.codis.meta.client.model.ErrorCode through interop, or
  nil when the class is not on the classpath."
  []
  (when-let [cls (try (Class/forName "io.codis.meta.client.model.ErrorCode")
                      (catch ClassNotFoundException _ nil))]
    (into {}
          (for [code (.getEnumConstants ^Class cls)]
            [(str code)
             (http-status-disposition
              (long (clojure.lang.Reflector/invokeInstanceMethod code "httpStatus" (object-array 0))))]))))

(def catalogue
  "Code word → :not-executed | :outcome-unknown, nodes' and proxies' codes over the metaserver's;
  each from its Java enum when loadable."
  (delay (merge (or (java-meta-catalogue) fallback-meta-catalogue)
                (or (java-catalogue) fallback-catalogue))))

(defn catalogue-source
  "Where the catalogues in use came from: {:nodes :java-enum|:fallback-table, :metaserver ...}."
  []
  {:nodes (if (java-catalogue) :java-enum :fallback-table)
   :metaserver (if (java-meta-catalogue) :java-enum :fallback-table)})

(defn code-word
  "The first word of an error text, without RESP's leading '-'; nil for a blank text."
  [error-string]
  (when error-string
    (let [t (str/triml (str error-string))
          t (if (str/starts-with? t "-") (subs t 1) t)
          w (first (str/split t #"\s+" 2))]
      (when-not (str/blank? w) w))))

(defn disposition
  "The catalogue's disposition of an error text's code word, or nil when it is not a catalogue code."
  [error-string]
  (get @catalogue (code-word error-string)))

(defn classify
  "→ :fail or :info for an operation that did not succeed. error-string is the server's error
  reply (e.g. \"MOVED 12 10.0.0.2:6379\", \"-TIMEOUT ...\") or a description of what went wrong
  on the client side (nil or e.g. \"read timed out\" when no reply came); sent? says whether the
  request had been written to the socket."
  [error-string sent?]
  (cond
    (not sent?) :fail
    (= :not-executed (disposition error-string)) :fail
    :else :info))
