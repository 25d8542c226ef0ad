(ns codis.jepsen.checker.outcome-test
  (:require [clojure.java.io :as io]
            [clojure.test :refer [deftest is testing]]
            [codis.jepsen.checker.outcome :as outcome]))

(def ^:private not-executed
  ["ERR" "WRONGTYPE" "MOVED" "ASK" "TRYAGAIN" "CROSSSLOT" "CLUSTERDOWN" "READONLY" "NOAUTH"
   "WRONGPASS" "NOPERM" "OOM" "EXECABORT" "LOADING" "MISCONF" "BUSY" "BUSYKEY" "FENCED"
   "MASTERDOWN" "NOREPLICAS" "NOMASTERLINK" "UNBLOCKED" "NOPROTO" "BACKENDDOWN"])

(def ^:private outcome-unknown ["TIMEOUT" "BACKENDLOST"])

(deftest every-not-executed-code-is-a-fail
  (doseq [code not-executed]
    (is (= :fail (outcome/classify (str code " some message") true)) code)
    (is (= :fail (outcome/classify (str "-" code " with RESP's dash") true)) code)))

(deftest every-outcome-unknown-code-is-info
  (doseq [code outcome-unknown]
    (is (= :info (outcome/classify (str code " backend did not answer") true)) code)))

(def ^:private meta-not-executed
  ["BAD_REQUEST" "OUT_OF_RANGE" "NOT_FOUND" "NO_SUCH_GROUP" "NO_SUCH_SERVER" "NO_SUCH_PROXY"
   "NO_SUCH_NODE" "NO_SUCH_KEY" "NO_SUCH_PEER" "METHOD_NOT_ALLOWED" "NOT_INITIALIZED"
   "ALREADY_INITIALIZED" "GROUP_EXISTS" "SERVER_IN_GROUP" "GROUP_BUSY" "VERSION_MISMATCH"
   "CAS_FAILED" "NOT_MASTER" "STALE_EPOCH" "LEASE_HELD" "PROXY_EXPIRED" "LIMIT_EXCEEDED"
   "MASTER_ALIVE" "SWITCHOVER_FAILED"
   "TOO_LARGE" "UNAVAILABLE"])

(def ^:private meta-outcome-unknown ["INTERNAL" "TIMEOUT"])

(deftest every-metaserver-code-has-its-disposition
  (doseq [code meta-not-executed]
    (is (= :fail (outcome/classify (str code " refused") true)) code))
  (doseq [code meta-outcome-unknown]
    (is (= :info (outcome/classify (str code " may have been applied") true)) code)))

(deftest metaserver-http-statuses
  (is (= :not-executed (outcome/http-status-disposition 409)))
  (is (= :not-executed (outcome/http-status-disposition 503)))
  (is (= :outcome-unknown (outcome/http-status-disposition 504)))
  (is (= :outcome-unknown (outcome/http-status-disposition 500))))

(deftest the-tested-codes-are-the-whole-catalogue
  (is (= (set (concat not-executed outcome-unknown meta-not-executed meta-outcome-unknown))
         (set (keys @outcome/catalogue)))))

(deftest realistic-error-texts
  (is (= :fail (outcome/classify "MOVED 866 10.7.0.3:6379" true)))
  (is (= :fail (outcome/classify "ERR syntax error" true)))
  (is (= :fail (outcome/classify "CROSSSLOT Keys in request don't hash to the same slot" true)))
  (is (= :fail (outcome/classify "WRONGTYPE Operation against a key holding the wrong kind of value" true)))
  (is (= :info (outcome/classify "TIMEOUT no reply from 10.7.0.3:6379 within 1000 ms" true)))
  (is (= :info (outcome/classify "BACKENDLOST connection to 10.7.0.3:6379 lost" true)))
  (is (= :fail (outcome/classify "BACKENDDOWN cannot connect to 10.7.0.3:6379: refused" true))))

(deftest no-reply-after-sending-is-info
  (is (= :info (outcome/classify nil true)))
  (is (= :info (outcome/classify "" true)))
  (is (= :info (outcome/classify "java.net.SocketTimeoutException: Read timed out" true)))
  (is (= :info (outcome/classify "Connection reset by peer" true))))

(deftest an-error-outside-the-catalogue-is-info
  ;; better to say "unknown" than to let a checker believe a write that may have happened did not
  (is (= :info (outcome/classify "NOSCRIPT No matching script" true)))
  (is (= :info (outcome/classify "moved 1 x" true)) "code words are upper case, as sent"))

(deftest not-sent-is-always-a-fail
  (doseq [e [nil "Connection refused" "TIMEOUT x" "MOVED 1 h:1"]]
    (is (= :fail (outcome/classify e false)) (pr-str e))))

(defn- repository-file
  "A file of the repository, looked up from the working directory (the repository root or the
  jepsen module)."
  [path]
  (->> [path (str "../" path)]
       (map io/file)
       (filter #(.isFile ^java.io.File %))
       first))

(defn- error-code-source []
  (repository-file "protocol/src/main/java/io/codis/protocol/ErrorCode.java"))

(deftest fallback-table-matches-the-java-catalogue
  (testing "the enum, when it is on the classpath"
    (when-let [java (outcome/java-catalogue)]
      (is (= java outcome/fallback-catalogue))))
  (testing "ErrorCode.java's source, when the repository is around"
    (if-let [f (error-code-source)]
      (let [parsed (into {} (for [[_ code disp] (re-seq #"(?m)^\s+([A-Z]+)\(Disposition\.([A-Z_]+)\)" (slurp f))]
                              [code (keyword (.toLowerCase (.replace ^String disp "_" "-")))]))]
        (is (< 10 (count parsed)) "the parser found the enum constants")
        (is (= parsed outcome/fallback-catalogue)))
      (println "outcome-test: ErrorCode.java not found from" (System/getProperty "user.dir")
               "- source comparison skipped"))))

(deftest fallback-metaserver-table-matches-the-java-catalogue
  (testing "the enum, when it is on the classpath"
    (when-let [java (outcome/java-meta-catalogue)]
      (is (= java outcome/fallback-meta-catalogue))))
  (testing "the enum's source, when the repository is around"
    (if-let [f (repository-file "metaserver/client/src/main/java/io/codis/meta/client/model/ErrorCode.java")]
      (let [parsed (into {} (for [[_ code status] (re-seq #"(?m)^\s+([A-Z_]+)\((\d{3})\)" (slurp f))]
                              [code (outcome/http-status-disposition (parse-long status))]))]
        (is (< 10 (count parsed)) "the parser found the enum constants")
        (is (= parsed outcome/fallback-meta-catalogue)))
      (println "outcome-test: the metaserver's ErrorCode.java not found - source comparison skipped"))))
