(ns codis.jepsen.util
  "Small helpers shared by the harness: running shell commands, logging with a timestamp, time."
  (:require [clojure.string :as str])
  (:import (java.util.concurrent TimeUnit)))

(def ^:private command-timeout-s
  "A harness command (ip, iptables, kill) that takes longer than this is stuck: give up on it."
  30)

(defn log
  "Prints one line to stderr with the wall-clock time, so a person can follow a run."
  [& parts]
  (binding [*out* *err*]
    (println (str (java.time.LocalTime/now)) (str/join " " parts))
    (flush)))

(defn sh
  "Runs a command (a seq of strings) and returns {:exit :out}. Output is merged. Never hangs longer
  than `command-timeout-s`."
  [& args]
  (let [pb (doto (ProcessBuilder. ^java.util.List (mapv str args))
             (.redirectErrorStream true))
        p (.start pb)
        out (future (slurp (.getInputStream p)))]
    (if (.waitFor p command-timeout-s TimeUnit/SECONDS)
      {:exit (.exitValue p) :out @out}
      (do (.destroyForcibly p)
          {:exit -1 :out (str "timed out after " command-timeout-s " s")}))))

(defn sh!
  "Like `sh` but throws when the command fails; returns its output."
  [& args]
  (let [{:keys [exit out]} (apply sh args)]
    (when-not (zero? exit)
      (throw (ex-info (str "command failed (" exit "): " (str/join " " args) ": " (str/trim out))
                      {:args args :exit exit :out out})))
    out))

(defn sleep-ms [ms] (when (pos? ms) (Thread/sleep (long ms))))

(defn root?
  "True when this JVM runs as root (needed for network namespaces and iptables)."
  []
  (= "0" (str/trim (:out (sh "id" "-u")))))
