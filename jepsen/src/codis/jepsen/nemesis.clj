(ns codis.jepsen.nemesis
  "Faults and their schedule. A fault is a map {:start (fn [rnd] -> description), :stop (fn [])}.
  The schedule alternates `heal-s` healthy and `fault-s` faulty seconds until the time limit; each
  faulty window picks one of the selected faults (seeded), and both edges are recorded in the
  history as `{:process :nemesis, :type :info, :f :start|:stop, :value ...}`, which the report
  shades. Everything is healed at the end, whatever happened."
  (:refer-clojure :exclude [run!])
  (:require [clojure.string :as str]
            [codis.jepsen.db :as db]
            [codis.jepsen.net :as net]
            [codis.jepsen.util :as u])
  (:import (java.util Random)))

(def packet-loss-probability 0.3)
(def latency-ms 300)

(defn- shuffled [^Random rnd xs]
  (let [l (java.util.ArrayList. ^java.util.Collection (vec xs))]
    (java.util.Collections/shuffle l rnd)
    (vec l)))

(defn- all-hosts [d] (:hosts (:net d)))

(defn- partition-fault [d grudge-fn]
  {:start (fn [rnd]
            (let [g (grudge-fn rnd)]
              (net/drop-grudge! (:net d) g)
              (into (sorted-map) (for [[h ps] g :when (seq ps)] [h (vec (sort ps))]))))
   :stop #(net/heal! (:net d))})

(defn- halves [rnd hosts]
  (let [s (shuffled rnd hosts) n (quot (count s) 2)]
    [(subvec s 0 n) (subvec s n)]))

(defn- process-fault
  "kill -9 / restart, or SIGSTOP / SIGCONT, of one random process of `kind`."
  [d kind mode]
  (let [victim (atom nil)]
    {:start (fn [rnd]
              (let [h (nth (get-in d [:layout kind]) (.nextInt ^Random rnd (count (get-in d [:layout kind]))))]
                (reset! victim h)
                (case mode
                  :kill (db/kill! d h)
                  :pause (db/signal! d h "STOP"))
                {mode h}))
     :stop (fn []
             (when-let [h @victim]
               (case mode
                 :kill (db/start-process! d h)
                 :pause (db/signal! d h "CONT"))
               (reset! victim nil)))}))

(defn faults
  "Every fault this test can run, by name."
  [d latency-atom]
  (let [hosts (all-hosts d)
        metas (get-in d [:layout :meta])]
    (merge
     {:partition-halves (partition-fault d #(net/complete-grudge (halves % hosts)))
      :isolate-one (partition-fault d (fn [^Random rnd]
                                        (let [h (nth hosts (.nextInt rnd (count hosts)))]
                                          (net/complete-grudge [[h] (remove #{h} hosts)]))))
      :isolate-leader (partition-fault d (fn [^Random rnd]
                                           (let [h (or (db/meta-leader d)
                                                       (nth metas (.nextInt rnd (count metas))))]
                                             (net/complete-grudge [[h] (remove #{h} hosts)]))))
      :partition-ring (partition-fault d #(net/bridge-grudge (shuffled % hosts)))
      :packet-loss {:start (fn [_]
                             (net/drop-grudge! (:net d) (net/complete-grudge (map vector hosts))
                                               packet-loss-probability)
                             {:loss packet-loss-probability})
                    :stop #(net/heal! (:net d))}
      :latency {:start (fn [_] (reset! latency-atom latency-ms) {:latency-ms latency-ms})
                :stop #(reset! latency-atom 0)}}
     (into {} (for [kind [:meta :node :proxy]
                    :when (seq (get-in d [:layout kind]))
                    mode [:kill :pause]]
                [(keyword (str (name mode) "-" (name kind))) (process-fault d kind mode)])))))

(defn aliases
  "Short names: `kill` and `pause` hit proxies when the test has some, metaservers otherwise."
  [proxies?]
  {"none" []
   "partition" [:partition-halves :isolate-one :isolate-leader :partition-ring]
   "kill" [(if proxies? :kill-proxy :kill-meta)]
   "pause" [(if proxies? :pause-proxy :pause-meta)]})

(defn parse
  "Nemesis spec -> vector of choices, each a vector of fault keywords started together. Commas
  separate choices (one is picked per window); `+` joins faults into one choice that runs them at
  once, e.g. `partition-halves+latency,kill-proxy`. Aliases expand into several choices."
  [spec proxies?]
  (vec (distinct
        (mapcat (fn [token]
                  (if (str/includes? token "+")
                    [(mapv keyword (str/split token #"\+"))]
                    (map vector (get (aliases proxies?) token [(keyword token)]))))
                (remove str/blank? (str/split (str spec) #","))))))

(defn choice-name
  "How a choice is written in the history and the report."
  [choice]
  (if (= 1 (count choice)) (first choice) (keyword (str/join "+" (map name choice)))))

(defn run!
  "Runs the schedule until `deadline-ns` (System/nanoTime) or until `stop?` returns true. `record!`
  appends a history op. Returns when healed."
  [{:keys [faults selected seed fault-s heal-s deadline-ns record! stop?]}]
  (let [rnd (Random. (long (+ 7 seed)))
        unknown (remove faults (apply concat selected))
        sleep-until (fn [t] (while (and (< (System/nanoTime) t) (not (stop?))) (u/sleep-ms 100)))]
    (when (seq unknown)
      (throw (ex-info (str "unknown nemesis " (pr-str unknown) "; known: "
                           (str/join ", " (map name (sort (keys faults))))) {})))
    (loop []
      (sleep-until (min deadline-ns (+ (System/nanoTime) (* heal-s 1000000000))))
      (when (and (seq selected) (not (stop?)) (< (System/nanoTime) deadline-ns))
        (let [choice (nth selected (.nextInt rnd (count selected)))
              fname (choice-name choice)
              desc (into {} (for [f choice]
                              [f (try ((:start (faults f)) rnd)
                                      (catch Exception e {:error (.getMessage e)}))]))
              stop (fn [] (doseq [f (reverse choice)] ((:stop (faults f)))))]
          (u/log "nemesis: start" (name fname) (pr-str desc))
          (record! {:process :nemesis :type :info :f :start :value {:fault fname :detail desc}})
          (try
            (sleep-until (min deadline-ns (+ (System/nanoTime) (* fault-s 1000000000))))
            (finally
              (try (stop) (catch Exception e (u/log "nemesis: heal failed" (.getMessage e))))
              (u/log "nemesis: stop" (name fname))
              (record! {:process :nemesis :type :info :f :stop :value {:fault fname}}))))
        (recur)))))
