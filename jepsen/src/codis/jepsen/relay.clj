(ns codis.jepsen.relay
  "A user-space TCP relay that adds latency (the kernel here has no netem qdisc). It listens on the
  control address and forwards each accepted connection to one target; every chunk read from one
  side is held until `delay-ms` (read at arrival time) has passed, then written to the other side.
  Order is kept and throughput is not throttled: only latency grows. The latency nemesis sets the
  shared delay; clients reach their server through a relay when the test has that nemesis."
  (:require [codis.jepsen.util :as u])
  (:import (java.net InetSocketAddress ServerSocket Socket)
           (java.util.concurrent LinkedBlockingQueue TimeUnit)))

(def chunk-bytes 16384)
(def connections-max
  "Accepted connections per relay at once; more are closed at once."
  256)

(defn- pump!
  "Copies from `in-sock` to `out-sock` through a delay queue; closes both on any end."
  [^Socket in-sock ^Socket out-sock delay-ms on-close]
  (let [q (LinkedBlockingQueue. 1024)
        close! #(do (try (.close in-sock) (catch Exception _))
                    (try (.close out-sock) (catch Exception _)))]
    (doto (Thread. ^Runnable
           (fn []
             (try
               (let [in (.getInputStream in-sock)]
                 (loop []
                   (let [buf (byte-array chunk-bytes)
                         n (.read in buf)]
                     (if (neg? n)
                       (.put q [0 nil])
                       (do (.put q [(+ (System/nanoTime) (* 1000000 (long @delay-ms)))
                                    (java.util.Arrays/copyOf buf n)])
                           (recur))))))
               (catch Exception _ (.offer q [0 nil])))))
      (.setDaemon true) (.start))
    (doto (Thread. ^Runnable
           (fn []
             (try
               (let [out (.getOutputStream out-sock)]
                 (loop []
                   (let [[at ^bytes b] (.take q)]
                     (when b
                       (let [wait (- at (System/nanoTime))]
                         (when (pos? wait) (.sleep TimeUnit/NANOSECONDS wait)))
                       (.write out b)
                       (.flush out)
                       (recur)))))
               (catch Exception _)
               (finally (close!) (on-close)))))
      (.setDaemon true) (.start))))

(defn start!
  "Starts a relay on bind-ip (ephemeral port) to target host:port. Returns {:host :port :close}."
  [bind-ip target-host target-port delay-ms]
  (let [server (ServerSocket.)
        live (atom 0)]
    (.bind server (InetSocketAddress. ^String bind-ip 0) 128)
    (doto (Thread. ^Runnable
           (fn []
             (while (not (.isClosed server))
               (try
                 (let [c (.accept server)]
                   (if (>= @live connections-max)
                     (.close c)
                     (try
                       (let [t (Socket.)]
                         (.connect t (InetSocketAddress. ^String target-host (int target-port)) 1000)
                         (swap! live inc)
                         (pump! c t delay-ms #(swap! live dec))
                         (pump! t c delay-ms (fn [])))
                       (catch Exception _ (.close c)))))
                 (catch Exception _)))))
      (.setDaemon true) (.start))
    (u/log "relay:" (str bind-ip ":" (.getLocalPort server)) "->" (str target-host ":" target-port))
    {:host bind-ip :port (.getLocalPort server) :close #(.close server)}))
