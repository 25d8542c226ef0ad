(ns codis.jepsen.outcome
  "How a failed operation completes: `:fail` (definitely not executed) or `:info` (outcome
  unknown). The catalogue is `codis.jepsen.checker.outcome/classify` (the checkers' namespace,
  docs/errors.md); until that namespace is on the classpath a conservative stand-in here answers.
  A wrong `:fail` makes a checker lie (it drops an operation that did happen), a needless `:info`
  only makes checking slower, so the stand-in says `:info` for anything it does not know."
  (:require [clojure.string :as str]))

(def ^:private not-executed-codes
  "Error codes of docs/errors.md whose disposition is 'not executed', plus the metaserver's
  refusals (docs/metaserver-api.md: a 4xx or a 503 UNAVAILABLE changed nothing)."
  #{"ERR" "WRONGTYPE" "MOVED" "ASK" "TRYAGAIN" "CROSSSLOT" "CLUSTERDOWN" "READONLY" "NOAUTH"
    "WRONGPASS" "NOPERM" "OOM" "EXECABORT" "LOADING" "MISCONF" "BUSY" "BUSYKEY" "FENCED"
    "MASTERDOWN" "UNBLOCKED"
    "BAD_REQUEST" "OUT_OF_RANGE" "NOT_FOUND" "NO_SUCH_KEY" "METHOD_NOT_ALLOWED" "CAS_FAILED"
    "VERSION_MISMATCH" "LIMIT_EXCEEDED" "TOO_LARGE" "UNAVAILABLE" "CONNECT"})

(defn stand-in-classify
  "The fallback catalogue: first word of the error text decides, unknown means `:info`."
  [error-string sent?]
  (let [code (first (str/split (str/trim (str error-string)) #"\s+"))]
    (cond (not sent?) :fail
          (contains? not-executed-codes code) :fail
          :else :info)))

(def ^:private catalogue
  (delay (try (requiring-resolve 'codis.jepsen.checker.outcome/classify)
              (catch Throwable _ nil))))

(defn catalogue-source
  "Which classifier is in use (the summary reports it)."
  []
  (if @catalogue "codis.jepsen.checker.outcome" "codis.jepsen.outcome (stand-in)"))

(defn classify
  "`:fail` or `:info` for an error text; `sent?` false means the request never left the client."
  [error-string sent?]
  (if-let [f @catalogue] (f error-string sent?) (stand-in-classify error-string sent?)))

(defn classify-http
  "For the metaserver's HTTP answers the status code is the catalogue (docs/metaserver-api.md):
  any 4xx and 503 changed nothing, 504 and everything else may have been applied. Transport errors
  (no status) go through `classify`."
  [{:keys [status error sent?] :as r}]
  (cond (nil? status) (classify error sent?)
        (or (<= 400 status 499) (= 503 status)) :fail
        :else :info))
