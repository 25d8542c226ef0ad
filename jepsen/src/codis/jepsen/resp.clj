(ns codis.jepsen.resp
  "A tiny blocking RESP2 client: one socket, one request at a time, bounded reply sizes. Replies:
  strings for simple/bulk strings, longs for integers, vectors for arrays, nil for null, and
  {:error \"CODE message\"} for error replies. I/O problems throw ex-info with :sent? (false when
  the request never left: connect failed)."
  (:import (java.io BufferedInputStream BufferedOutputStream InputStream OutputStream)
           (java.net InetSocketAddress Socket)
           (java.nio.charset StandardCharsets)))

(def limits
  "Bounds on what a reply may allocate; the harness only reads small values."
  {:bulk-bytes-max (* 16 1024 1024) :array-len-max 1000000 :line-bytes-max 65536})

(defn- utf8 ^bytes [s] (.getBytes (str s) StandardCharsets/UTF_8))

(defn encode-command
  "The RESP array of bulk strings for args."
  ^bytes [args]
  (let [out (java.io.ByteArrayOutputStream.)]
    (.write out (utf8 (str "*" (count args) "\r\n")))
    (doseq [a args]
      (let [b (utf8 a)]
        (.write out (utf8 (str "$" (alength b) "\r\n")))
        (.write out b)
        (.write out (utf8 "\r\n"))))
    (.toByteArray out)))

(defn- read-line* ^String [^InputStream in]
  (let [sb (StringBuilder.)]
    (loop []
      (let [b (.read in)]
        (cond
          (neg? b) (throw (java.io.EOFException. "connection closed by peer"))
          (= b 13) (do (.read in) (.toString sb))
          :else (do (when (> (.length sb) (:line-bytes-max limits))
                      (throw (java.io.IOException. "reply line too long")))
                    (.append sb (char b)) (recur)))))))

(defn- read-n ^bytes [^InputStream in n]
  (let [buf (byte-array n)]
    (loop [off 0]
      (when (< off n)
        (let [r (.read in buf off (- n off))]
          (when (neg? r) (throw (java.io.EOFException. "connection closed by peer")))
          (recur (+ off r)))))
    buf))

(defn read-reply
  "Reads one reply from the stream."
  [^InputStream in]
  (let [line (read-line* in)
        kind (.charAt line 0)
        rest (subs line 1)]
    (case kind
      \+ rest
      \- {:error rest}
      \: (Long/parseLong rest)
      \$ (let [n (Long/parseLong rest)]
           (cond (neg? n) nil
                 (> n (:bulk-bytes-max limits)) (throw (java.io.IOException. "bulk too large"))
                 :else (let [b (read-n in n)] (read-n in 2) (String. b StandardCharsets/UTF_8))))
      \* (let [n (Long/parseLong rest)]
           (cond (neg? n) nil
                 (> n (:array-len-max limits)) (throw (java.io.IOException. "array too long"))
                 :else (vec (repeatedly n #(read-reply in)))))
      (throw (java.io.IOException. (str "bad reply line: " line))))))

(defn connect
  "Opens a connection; throws ex-info {:sent? false} when it cannot."
  [host port timeout-ms]
  (let [s (Socket.)]
    (try
      (.connect s (InetSocketAddress. ^String host (int port)) (int timeout-ms))
      (.setSoTimeout s (int timeout-ms))
      (.setTcpNoDelay s true)
      {:socket s
       :in (BufferedInputStream. (.getInputStream s))
       :out (BufferedOutputStream. (.getOutputStream s))}
      (catch java.io.IOException e
        (.close s)
        (throw (ex-info (str "CONNECT " (.getMessage e)) {:sent? false} e))))))

(defn close [conn] (when conn (try (.close ^Socket (:socket conn)) (catch Exception _))))

(defn call
  "Sends one command and reads its reply. A timeout or broken connection after sending throws
  ex-info {:sent? true}; the caller must not reuse the connection then."
  [conn & args]
  (try
    (doto ^OutputStream (:out conn) (.write (encode-command args)) (.flush))
    (catch java.io.IOException e
      ;; a write error may still have delivered the bytes to the kernel: unknown outcome
      (throw (ex-info (str "IO " (.getMessage e)) {:sent? true} e))))
  (try
    (read-reply (:in conn))
    (catch java.net.SocketTimeoutException e
      (throw (ex-info (str "TIMEOUT-CLIENT " (.getMessage e)) {:sent? true} e)))
    (catch java.io.IOException e
      (throw (ex-info (str "IO " (.getMessage e)) {:sent? true} e)))))
