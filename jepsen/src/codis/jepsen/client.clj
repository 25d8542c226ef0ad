(ns codis.jepsen.client
  "Workload clients. Each worker process owns one client pinned to one server (a metaserver peer
  for `meta-register`, a proxy otherwise). `invoke!` turns an invocation into its completion:
  `:ok` with the value read, `:fail` when the request definitely did not take effect, `:info` when
  it may have. Reads have no effect, so a read that does not succeed is always `:fail`.
  Every other error goes through the catalogue in `codis.jepsen.outcome`."
  (:require [clojure.string :as str]
            [codis.jepsen.http :as http]
            [codis.jepsen.outcome :as outcome]
            [codis.jepsen.resp :as resp]))

(def meta-timeout-ms
  "Longer than the metaserver's own 3 s request timeout, so it usually answers 504 itself."
  5000)

(def resp-timeout-ms
  "Longer than the longest a proxy may take to answer: its 8 s retry deadline (which covers a
  failover) plus its 3 s request deadline."
  12000)

(defprotocol Client
  (invoke! [client op] "Performs op; returns the completion op (type, value, maybe :error).")
  (close! [client]))

(defn- parse-long* [s] (when (some? s) (Long/parseLong (str s))))

(defn- fail-or-info [op error sent?]
  (assoc op :type (outcome/classify error sent?) :error error))

;; ---------------------------------------------------------------------------------------------
;; meta-register: /v1/kv of the metaserver

(defn- kv-path [k] (str "/v1/kv/" (http/encode-key (str "jr-" k))))

(defn- meta-completion [op r ok-value]
  (cond
    (and (:status r) (<= 200 (:status r) 299)) (assoc op :type :ok :value ok-value)
    (= :read (:f op)) (assoc op :type :fail :error (or (:error r) (http/error-text r)))
    :else (assoc op :type (outcome/classify-http r) :error (or (:error r) (http/error-text r)))))

(defrecord MetaRegisterClient [http base]
  Client
  (invoke! [_ {:keys [f value] :as op}]
    (let [[k v] value
          url (str base (kv-path k))]
      (case f
        :read (let [r (http/request http "GET" url nil meta-timeout-ms)]
                (if (and (= 404 (:status r)) (= "NO_SUCH_KEY" (get-in r [:body :code])))
                  (assoc op :type :ok :value [k nil])
                  (meta-completion op r [k (parse-long* (get-in r [:body :value]))])))
        :write (meta-completion op (http/request http "PUT" url {:value (str v)} meta-timeout-ms)
                                value)
        :cas (let [[old new] v]
               (meta-completion op (http/request http "POST" (str url "/cas")
                                                 {:value (str new) :expectedValue (str old)}
                                                 meta-timeout-ms)
                                value)))))
  (close! [_]))

;; ---------------------------------------------------------------------------------------------
;; RESP workloads through a proxy. The connection is opened lazily and dropped after any I/O
;; error or unexpected state, so the next operation starts clean.

(defn- reply-error [r] (when (map? r) (:error r)))

(defn- resp-op
  "Runs (f conn) → completion op; turns exceptions into :fail/:info and drops the connection."
  [conn-atom target op f]
  (try
    (when-not @conn-atom
      (reset! conn-atom (resp/connect (:host target) (:port target) resp-timeout-ms)))
    (f @conn-atom)
    (catch clojure.lang.ExceptionInfo e
      (resp/close @conn-atom)
      (reset! conn-atom nil)
      (if (= :read (:f op))
        (assoc op :type :fail :error (.getMessage e))
        (fail-or-info op (.getMessage e) (boolean (:sent? (ex-data e))))))))

(defn- simple-write
  "A one-command write whose non-error reply means ok."
  [op reply]
  (if-let [err (reply-error reply)] (fail-or-info op err true) (assoc op :type :ok)))

(defn- read-result [op reply ok-value-fn]
  (if-let [err (reply-error reply)]
    (assoc op :type :fail :error err)
    (assoc op :type :ok :value (ok-value-fn reply))))

(defn- register-key [k] (str "r" k))

(defn- cas!
  "CAS on one key: WATCH, GET, compare, MULTI/SET/EXEC. A null EXEC reply means the key changed
  after WATCH: nothing was executed."
  [conn-atom op k [old new]]
  (let [c @conn-atom
        key (register-key k)
        abandon! (fn [] (resp/close c) (reset! conn-atom nil))
        w (resp/call c "WATCH" key)]
    (if-let [err (reply-error w)]
      (do (abandon!) (fail-or-info op err true))
      (let [cur (resp/call c "GET" key)]
        (cond
          (reply-error cur) (do (abandon!) (assoc op :type :fail :error (reply-error cur)))
          (not= (str old) cur) (do (resp/call c "UNWATCH") (assoc op :type :fail :error "CAS mismatch"))
          :else
          (let [m (resp/call c "MULTI")]
            (if-let [err (reply-error m)]
              (do (abandon!) (fail-or-info op err true))
              (let [q (resp/call c "SET" key (str new))]
                (if-let [err (reply-error q)]
                  (do (abandon!) (fail-or-info op err true))
                  (let [x (resp/call c "EXEC")]
                    (cond (nil? x) (assoc op :type :fail :error "EXEC aborted (key changed)")
                          (reply-error x) (fail-or-info op (reply-error x) true)
                          :else (assoc op :type :ok))))))))))))

(defrecord RespClient [workload target conn]
  Client
  (invoke! [_ {:keys [f value] :as op}]
    (resp-op conn target op
             (fn [c]
               (case [workload f]
                 [:register :read]
                 (let [[k] value]
                   (read-result op (resp/call c "GET" (register-key k)) (fn [r] [k (parse-long* r)])))
                 [:register :write]
                 (let [[k v] value] (simple-write op (resp/call c "SET" (register-key k) (str v))))
                 [:register :cas]
                 (let [[k ov] value] (cas! conn op k ov))
                 [:set :add] (simple-write op (resp/call c "SADD" "jepsen-set" (str value)))
                 [:set :read]
                 (read-result op (resp/call c "SMEMBERS" "jepsen-set") #(into #{} (map parse-long*) %))
                 [:counter :add] (simple-write op (resp/call c "INCRBY" "jepsen-counter" (str value)))
                 [:counter :read]
                 (read-result op (resp/call c "GET" "jepsen-counter") #(or (parse-long* %) 0))
                 [:append :append]
                 (let [[k e] value] (simple-write op (resp/call c "RPUSH" (str "a" k) (str e))))
                 [:append :read]
                 (let [[k] value]
                   (read-result op (resp/call c "LRANGE" (str "a" k) "0" "-1")
                                (fn [r] [k (mapv parse-long* r)])))))))
  (close! [_] (resp/close @conn) (reset! conn nil)))

(defn open
  "A client for `workload` talking to target {:host :port} (a metaserver HTTP address for
  meta-register, a proxy's RESP address otherwise)."
  [workload target http-client]
  (if (= workload :meta-register)
    (->MetaRegisterClient http-client (str "http://" (:host target) ":" (:port target)))
    (->RespClient workload target (atom nil))))

(defn workloads [] [:meta-register :register :set :counter :append])

(defn proxy-workload? [w] (not= w :meta-register))

(defn parse-workload [s]
  (let [k (keyword (str/lower-case (str s)))]
    (when-not (some #{k} (workloads))
      (throw (ex-info (str "unknown workload " s "; one of " (str/join ", " (map name (workloads)))) {})))
    k))
