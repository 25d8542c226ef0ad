(ns codis.jepsen.core
  "Runs one test, Jepsen's shape: a db (hosts and processes), clients, a generator, a nemesis and a
  checker. Steps: set the cluster up, run `concurrency` workers against it for `time-limit`
  seconds while the nemesis runs its schedule, heal, run the final reads, tear everything down
  (also from a shutdown hook when interrupted), check, and write the results directory.

  Each worker is a logical process. When an operation ends `:info` its outcome is unknown, so the
  process may still be 'in flight' forever: the worker continues as a new process number
  (p + concurrency), as Jepsen does, and the checkers treat the old one as never completing."
  (:require [clojure.java.io :as io]
            [clojure.pprint :as pprint]
            [clojure.string :as str]
            [codis.jepsen.checkers :as checkers]
            [codis.jepsen.client :as client]
            [codis.jepsen.db :as db]
            [codis.jepsen.generator :as gen]
            [codis.jepsen.nemesis :as nemesis]
            [codis.jepsen.net :as net]
            [codis.jepsen.outcome :as outcome]
            [codis.jepsen.relay :as relay]
            [codis.jepsen.report :as report]
            [codis.jepsen.util :as u])
  (:import (java.time LocalDateTime)
           (java.time.format DateTimeFormatter)))

(def defaults
  {:workload :meta-register :nemesis "partition" :time-limit 60 :concurrency 5 :rate 50
   :seed 1 :durability "everysec" :metaservers 3 :nodes 1 :replicas 0 :proxies 2 :fault-s 10 :heal-s 10
   :recovery-s 5 :final-read-tries 20})

(def connect-backoff-ms
  "Pause of a worker whose server refused the connection (killed, not yet restarted)."
  200)

(defn store-root [] (io/file (db/repo-home) "jepsen" "store"))

(defn- test-dir [{:keys [workload nemesis]}]
  (let [ts (.format (LocalDateTime/now) (DateTimeFormatter/ofPattern "yyyyMMdd'T'HHmmss"))
        n (str/replace (str nemesis) #"[^A-Za-z0-9-]+" "+")
        nm (str (name workload) "-" (if (> (count n) 40) "mixed" n))]
    (io/file (store-root) (str nm "-" ts))))

(defn- recorder
  "An append-only history. Index order is completion-of-recording order and :time (ns since the
  test began) grows with the index."
  []
  (let [h (atom []) t0 (System/nanoTime)]
    {:history h
     :record! (fn [op] (swap! h (fn [v] (conj v (assoc op :index (count v)
                                                           :time (- (System/nanoTime) t0))))))}))

(defn- targets
  "Where clients connect: metaserver HTTP addresses or proxies; through latency relays when the
  nemesis can add latency."
  [d workload latency? delay-atom]
  (let [nt (:net d)
        [hosts port] (if (client/proxy-workload? workload)
                       [(get-in d [:layout :proxy]) (:proxy db/ports)]
                       [(get-in d [:layout :meta]) (:meta-http db/ports)])]
    (vec (for [h hosts]
           (if latency?
             (relay/start! (:control-ip nt) (net/host-ip nt h) port delay-atom)
             {:host (net/host-ip nt h) :port port})))))

(defn- invoke-safely [c op]
  (try (client/invoke! c op)
       (catch Throwable t
         (assoc op :type :info :error (str "client threw " (.getName (class t)) ": " (.getMessage t))))))

(defn- worker
  "One worker thread's loop; returns when the deadline passes."
  [{:keys [workload concurrency]} i targets http source limiter record! deadline-ns]
  (let [target (nth targets (mod i (count targets)))]
    (loop [process i
           c (client/open workload target http)]
      (if (>= (System/nanoTime) deadline-ns)
        (client/close! c)
        (let [_ (limiter)
              op (assoc (source) :process process)
              _ (record! (assoc op :type :invoke))
              done (invoke-safely c op)]
          (record! done)
          (when (some-> (:error done) (str/starts-with? "CONNECT"))
            ;; the server is down: do not spin through the shared rate budget
            (u/sleep-ms connect-backoff-ms))
          (if (= :info (:type done))
            (do (client/close! c)
                (recur (+ process concurrency) (client/open workload target http)))
            (recur process c)))))))

(defn- final-reads!
  "After healing: each final read is retried until it succeeds (or tries run out)."
  [{:keys [workload final-read-tries concurrency]} targets http history record!]
  (let [process (* 1000 concurrency)]
    (doseq [inv (gen/final-reads workload @history)]
      (loop [try-n 1 t 0]
        (let [c (client/open workload (nth targets (mod t (count targets))) http)
              op (assoc inv :process (+ process try-n))
              _ (record! (assoc op :type :invoke))
              done (invoke-safely c op)]
          (record! done)
          (client/close! c)
          (when (and (not= :ok (:type done)) (< try-n final-read-tries))
            (u/sleep-ms 1000)
            (recur (inc try-n) (inc t))))))))

(defn- write-results! [dir test history results]
  (with-open [w (io/writer (io/file dir "history.edn"))]
    (.write w "[\n")
    (doseq [op history] (.write w (pr-str op)) (.write w "\n"))
    (.write w "]\n"))
  (spit (io/file dir "results.edn") (with-out-str (pprint/pprint results)))
  (spit (io/file dir "summary.txt") (report/summary-text test results))
  (spit (io/file dir "report.html") (report/html test history results)))

(defn run-test!
  "Runs a test from options (see `defaults`). Returns the results map, with :dir."
  [opts]
  (let [test (merge defaults opts)
        test (update test :workload #(if (keyword? %) % (client/parse-workload %)))
        proxy? (client/proxy-workload? (:workload test))
        test (cond-> test (not proxy?) (assoc :nodes 0 :proxies 0))
        selected (nemesis/parse (:nemesis test) (pos? (:proxies test)))
        dir (test-dir test)
        _ (.mkdirs dir)
        test (assoc test :store-dir (str dir) :selected-faults selected)
        _ (u/log "test:" (pr-str (dissoc test :store-dir)) "->" (str dir))
        torn-down (atom false)
        d-atom (atom nil)
        teardown! (fn [] (when (compare-and-set! torn-down false true)
                           (u/log "test: tearing down" (if @d-atom "the cluster" "(nothing yet)"))
                           (when-let [d @d-atom] (db/teardown! d))))
        hook (Thread. ^Runnable teardown!)
        rec (atom nil)
        delay-atom (atom 0)
        dead (atom nil)
        discarded (atom nil)
        stop-nemesis (atom false)]
    (.addShutdownHook (Runtime/getRuntime) hook)
    (try
      (let [latency? (some #{:latency} (apply concat selected))
            d (db/setup! (cond-> (assoc test :store-dir dir :on-db #(reset! d-atom %))
                           latency? (assoc :node-relay-delay delay-atom)))
            _ (reset! d-atom d)
            tgts (targets d (:workload test) latency? delay-atom)
            http (:http d)
            ;; time 0 of the history is when the operations begin, after setup
            {:keys [history record!]} (reset! rec (recorder))
            source (gen/source (:workload test) (:seed test))
            limiter (gen/rate-limiter (:rate test))
            deadline (+ (System/nanoTime) (* (long (:time-limit test)) 1000000000))
            nem (future (nemesis/run! {:faults (nemesis/faults d delay-atom) :selected selected
                                       :seed (:seed test) :fault-s (:fault-s test)
                                       :heal-s (:heal-s test) :deadline-ns deadline
                                       :record! record! :stop? #(deref stop-nemesis)
                                       :observe (when (seq (get-in d [:layout :node]))
                                                  #(nemesis/observe-masters d))}))
            workers (doall (for [i (range (:concurrency test))]
                             (future (worker test i tgts http source limiter record! deadline))))]
        (try
          (doseq [w workers] @w)
          (finally
            (reset! stop-nemesis true)
            @nem))
        (u/log "test: healed; waiting" (:recovery-s test) "s before the final reads")
        (u/sleep-ms (* 1000 (:recovery-s test)))
        (when (seq (get-in d [:layout :node]))
          ;; a promotion still under way when the last window closed shows up here
          (record! {:process :nemesis :type :info :f :observe
                    :value {:edge :final :masters (nemesis/observe-masters d)}}))
        (final-reads! test tgts http history record!)
        (reset! dead (db/dead-processes d))
        (reset! discarded (db/log-lines d "DISCARDED"))
        (doseq [t tgts] (when-let [c (:close t)] (c))))
      (finally
        (teardown!)
        (try (.removeShutdownHook (Runtime/getRuntime) hook) (catch IllegalStateException _))))
    (let [h @(:history @rec)
          verdict (checkers/judge test h)
          results {:valid? (:valid? verdict)
                   :workload (dissoc verdict :loss)
                   :loss (:loss verdict)
                   :failovers (nemesis/failovers h)
                   :stats (checkers/stats h)
                   :classifier (outcome/catalogue-source)
                   :processes-died @dead
                   :discarded @discarded
                   :dir (str dir)}]
      (write-results! dir test h results)
      (u/log "test:" (checkers/describe (:valid? results)) "-" (str dir))
      results)))
