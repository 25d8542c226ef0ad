(ns codis.jepsen.client-test
  "Completions of the RESP clients against a scripted fake server on loopback: every reply class
  (ok, refusal, unknown outcome, dropped connection, silence) must end as the right type."
  (:require [clojure.test :refer [deftest is testing]]
            [codis.jepsen.client :as client]
            [codis.jepsen.resp :as resp])
  (:import (java.net InetAddress ServerSocket)))

(defn- fake-server
  "Serves one connection: for each request, the next scripted step: a reply string, :close (drop
  the connection) or :hang (never answer). Returns {:port :requests (atom) :close}."
  [script]
  (let [ss (ServerSocket. 0 8 (InetAddress/getLoopbackAddress))
        requests (atom [])]
    (future
      (try
        (with-open [s (.accept ss)]
          (let [in (java.io.BufferedInputStream. (.getInputStream s))
                out (.getOutputStream s)]
            (loop [[step & more] script]
              (when step
                (swap! requests conj (resp/read-reply in))
                (case step
                  :close nil
                  :hang (Thread/sleep 2000)
                  (do (.write out (.getBytes ^String step "UTF-8")) (.flush out) (recur more)))))))
        (catch Exception _)))
    {:port (.getLocalPort ss) :requests requests :close #(.close ss)}))

(defn- run-op [script op]
  (let [{:keys [port requests close]} (fake-server script)]
    (try
      (with-redefs [client/resp-timeout-ms 500]
        (let [c (client/open :register {:host "127.0.0.1" :port port} nil)]
          (try [(client/invoke! c op) @requests] (finally (client/close! c)))))
      (finally (close)))))

(def write-op {:f :write :value [1 3] :process 0})
(def read-op {:f :read :value [1 nil] :process 0})
(def cas-op {:f :cas :value [1 [3 4]] :process 0})

(deftest writes
  (is (= :ok (:type (first (run-op ["+OK\r\n"] write-op)))))
  (is (= [["SET" "r1" "3"]] (second (run-op ["+OK\r\n"] write-op))))
  (is (= :fail (:type (first (run-op ["-CLUSTERDOWN the proxy has no slot table yet\r\n"] write-op)))))
  (is (= :info (:type (first (run-op ["-TIMEOUT no reply from x within 3000 ms\r\n"] write-op)))))
  (is (= :info (:type (first (run-op ["-BACKENDLOST connection to x lost\r\n"] write-op)))))
  (is (= :info (:type (first (run-op [:close] write-op)))) "connection dropped after sending")
  (is (= :info (:type (first (run-op [:hang] write-op)))) "no answer in time"))

(deftest reads
  (is (= {:type :ok :value [1 7]} (select-keys (first (run-op ["$1\r\n7\r\n"] read-op)) [:type :value])))
  (is (= [1 nil] (:value (first (run-op ["$-1\r\n"] read-op)))))
  (is (= :fail (:type (first (run-op [:hang] read-op)))) "a read has no effect: unknown = fail")
  (is (= :fail (:type (first (run-op ["-TIMEOUT x\r\n"] read-op))))))

(deftest connect-refused-is-fail
  (let [port (with-open [s (ServerSocket. 0)] (.getLocalPort s))
        c (client/open :register {:host "127.0.0.1" :port port} nil)]
    (is (= :fail (:type (client/invoke! c write-op))))))

(deftest cas
  (testing "success"
    (let [[done reqs] (run-op ["+OK\r\n" "$1\r\n3\r\n" "+OK\r\n" "+QUEUED\r\n" "*1\r\n+OK\r\n"] cas-op)]
      (is (= :ok (:type done)))
      (is (= [["WATCH" "r1"] ["GET" "r1"] ["MULTI"] ["SET" "r1" "4"] ["EXEC"]] reqs))))
  (testing "value differs"
    (is (= :fail (:type (first (run-op ["+OK\r\n" "$1\r\n2\r\n" "+OK\r\n"] cas-op))))))
  (testing "EXEC aborted by a concurrent write"
    (is (= :fail (:type (first (run-op ["+OK\r\n" "$1\r\n3\r\n" "+OK\r\n" "+QUEUED\r\n" "*-1\r\n"] cas-op))))))
  (testing "no answer to EXEC"
    (is (= :info (:type (first (run-op ["+OK\r\n" "$1\r\n3\r\n" "+OK\r\n" "+QUEUED\r\n" :hang] cas-op))))))
  (testing "WATCH refused by the proxy"
    (is (= :fail (:type (first (run-op ["-ERR 'watch' is not supported by the proxy yet\r\n"] cas-op)))))))

(deftest other-workloads
  (let [{:keys [port close]} (fake-server [":1\r\n" "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"])]
    (try
      (with-redefs [client/resp-timeout-ms 500]
        (let [c (client/open :set {:host "127.0.0.1" :port port} nil)]
          (is (= :ok (:type (client/invoke! c {:f :add :value 1 :process 0}))))
          (is (= #{1 2} (:value (client/invoke! c {:f :read :value nil :process 0}))))
          (client/close! c)))
      (finally (close)))))
