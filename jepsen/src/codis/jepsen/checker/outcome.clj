(ns codis.jepsen.checker.outcome
  "Decides how a failed operation completes: :fail (it definitely did not take effect) or :info
  (it may have). A wrong answer makes every checker lie — a :fail for a write that did happen turns
  a correct cluster into a 'phantom' — so when in doubt the answer is :info.

  The rules:
  - not sent at all (connect refused, the client gave up before writing the request) → :fail;
  - sent, and no reply (timeout, connection lost, no error text) → :info;
  - sent, and an error reply whose code word is in the project's catalogue
    (io.codis.protocol.ErrorCode, docs/errors.md): NOT_EXECUTED → :fail, OUTCOME_UNKNOWN → :info;
  - sent, and an error whose first word is not in the catalogue → :info.

  The catalogue is read from the Java enum when it is on the classpath (the harness runs with the
  protocol jar), so the two cannot drift; otherwise a copy of it below is used. A test compares
  the copy with the enum, or with ErrorCode.java's source when the class is absent."
  (:require [clojure.string :as str]))

(def fallback-catalogue
  "A copy of io.codis.protocol.ErrorCode's dispositions, used when the class is not loadable."
  {"ERR" :not-executed, "WRONGTYPE" :not-executed, "MOVED" :not-executed, "ASK" :not-executed,
   "TRYAGAIN" :not-executed, "CROSSSLOT" :not-executed, "CLUSTERDOWN" :not-executed,
   "READONLY" :not-executed, "NOAUTH" :not-executed, "WRONGPASS" :not-executed,
   "NOPERM" :not-executed, "OOM" :not-executed, "EXECABORT" :not-executed,
   "LOADING" :not-executed, "MISCONF" :not-executed, "BUSY" :not-executed,
   "BUSYKEY" :not-executed, "FENCED" :not-executed, "MASTERDOWN" :not-executed,
   "UNBLOCKED" :not-executed,
   "TIMEOUT" :outcome-unknown, "BACKENDDOWN" :outcome-unknown})

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

(def catalogue
  "Code word → :not-executed | :outcome-unknown; from the Java enum when loadable."
  (delay (or (java-catalogue) fallback-catalogue)))

(defn catalogue-source
  "Where the catalogue in use came from: :java-enum or :fallback-table."
  []
  (if (java-catalogue) :java-enum :fallback-table))

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
