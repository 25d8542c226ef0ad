(ns codis.jepsen.outcome-test
  "The mapping from errors to :fail/:info: a wrong :fail makes the checkers lie, so each class of
  error of docs/errors.md and docs/metaserver-api.md is pinned here, through the harness's entry point."
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.outcome :as outcome]))

(def cases
  "[error-text sent? expected]"
  [["TIMEOUT no reply from 10.0.0.1:6379 within 3000 ms" true :info]
   ["BACKENDLOST connection to 10.0.0.1:6379 lost" true :info]
   ["BACKENDDOWN cannot connect to 10.0.0.1:6379: refused" true :fail]
   ["TIMEOUT-CLIENT request timed out" true :info]
   ["IO Connection reset" true :info]
   ["SOMETHINGNEW we never heard of" true :info]
   ["CLUSTERDOWN the proxy has no slot table yet" true :fail]
   ["ERR 'watch' is not supported by the proxy yet" true :fail]
   ["CROSSSLOT Keys in request don't hash to the same slot" true :fail]
   ["TRYAGAIN slot moving" true :fail]
   ["MOVED 12 10.0.0.2:6379" true :fail]
   ["FENCED stale epoch" true :fail]
   ["WRONGTYPE Operation against a key holding the wrong kind of value" true :fail]
   ["CONNECT Connection refused" false :fail]
   ["TIMEOUT anything" false :fail]])

(deftest catalogue-in-use
  (testing (str "classifier: " (outcome/catalogue-source))
    (doseq [[err sent? expected] cases]
      (is (= expected (outcome/classify err sent?)) (str (pr-str err) " sent? " sent?)))))

(deftest metaserver-http-statuses
  (is (= :fail (outcome/classify-http {:status 409 :body {:code "CAS_FAILED"}})))
  (is (= :fail (outcome/classify-http {:status 400})))
  (is (= :fail (outcome/classify-http {:status 503 :body {:code "UNAVAILABLE"}})) "503 changed nothing")
  (is (= :info (outcome/classify-http {:status 504 :body {:code "TIMEOUT"}})) "504 may be applied")
  (is (= :info (outcome/classify-http {:status 500 :body {:code "INTERNAL"}})))
  (is (= :fail (outcome/classify-http {:error "CONNECT refused" :sent? false})))
  (is (= :info (outcome/classify-http {:error "TIMEOUT-CLIENT x" :sent? true}))))
