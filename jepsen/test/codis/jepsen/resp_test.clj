(ns codis.jepsen.resp-test
  (:require [clojure.test :refer [deftest is]]
            [codis.jepsen.resp :as resp]))

(defn- parse [s] (resp/read-reply (java.io.ByteArrayInputStream. (.getBytes ^String s "UTF-8"))))

(deftest encode
  (is (= "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n" (String. (resp/encode-command ["GET" "k"]) "UTF-8"))))

(deftest decode
  (is (= "OK" (parse "+OK\r\n")))
  (is (= {:error "CLUSTERDOWN no table"} (parse "-CLUSTERDOWN no table\r\n")))
  (is (= 42 (parse ":42\r\n")))
  (is (= nil (parse "$-1\r\n")))
  (is (= nil (parse "*-1\r\n")))
  (is (= "a\r\nb" (parse "$4\r\na\r\nb\r\n")))
  (is (= ["1" 2 nil ["x"]] (parse "*4\r\n$1\r\n1\r\n:2\r\n$-1\r\n*1\r\n+x\r\n"))))

(deftest truncated-reply-is-an-error
  (is (thrown? java.io.EOFException (parse "$5\r\nab")))
  (is (thrown? java.io.IOException (parse "?what\r\n"))))
