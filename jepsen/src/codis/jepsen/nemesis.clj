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

;; ---------------------------------------------------------------------------------------------
;; Failover faults: they aim at the current master of a group, as the metaserver lists it
;; (GET /v1/groups/{id}) when the window starts. When no metaserver peer answers (another fault
;; of the same window may have cut them off), the master last seen is used.

(defn- random-group [d ^Random rnd]
  (let [gs (vec (keys (get-in d [:layout :groups])))
        with-replicas (filterv #(< 1 (count (get-in d [:layout :groups %]))) gs)
        pool (if (seq with-replicas) with-replicas gs)]
    (nth pool (.nextInt rnd (count pool)))))

(defn current-master
  "{:group :host :epoch :replicas} of a random group's master; `seen` remembers the last answer per
  group for when the metaservers cannot be asked."
  [d seen ^Random rnd]
  (let [g (random-group d rnd)
        hs (get-in d [:layout :groups g])
        m (db/group-master d g)
        m (if (and m (:host m))
            (do (swap! seen assoc g m) m)
            (or (get @seen g) {:host (first hs) :epoch nil :replicas (vec (rest hs)) :stale true}))]
    (assoc m :group g)))

(defn- master-process-fault
  "kill -9 / restart, or SIGSTOP / SIGCONT, of a group's current master."
  [d seen mode]
  (let [victim (atom nil)]
    {:start (fn [rnd]
              (let [{:keys [host] :as m} (current-master d seen rnd)]
                (when-not host (throw (ex-info "no master known" {})))
                (reset! victim host)
                (case mode
                  :kill (db/kill! d host)
                  :pause (db/signal! d host "STOP"))
                (-> (select-keys m [:group :epoch :stale]) (assoc mode host))))
     :stop (fn []
             (when-let [h @victim]
               (case mode
                 :kill (db/start-process! d h)
                 :pause (db/signal! d h "CONT"))
               (reset! victim nil)))}))

(defn master-meta-grudge
  "The master (with a random minority of the metaserver peers) on one side, the metaserver
  majority on the other. Only these hosts drop each other: proxies and replicas still reach both
  sides, so a proxy with an old view can still send to the old master (its lease must fence it)."
  [^Random rnd master metas]
  (let [s (shuffled rnd metas)
        minority (subvec s 0 (quot (dec (count s)) 2))
        majority (subvec s (count minority))]
    (merge-with into
                (into {master (set majority)} (for [m minority] [m (set majority)]))
                (into {} (for [m majority] [m (set (cons master minority))])))))

(defn- master-partition-fault
  "A partition around a group's current master; `grudge-fn` gets rnd and the master map."
  [d seen grudge-fn]
  {:start (fn [rnd]
            (let [m (current-master d seen rnd)
                  g (grudge-fn rnd m)]
              (net/drop-grudge! (:net d) g)
              (assoc (select-keys m [:group :epoch :stale])
                     :master (:host m)
                     :cut (into (sorted-map) (for [[h ps] g :when (seq ps)] [h (vec (sort ps))])))))
   :stop #(net/heal! (:net d))})

(defn failover-faults
  "The faults of issue 8, by name (empty when the test has no data nodes)."
  [d]
  (let [seen (atom {})
        metas (get-in d [:layout :meta])
        hosts (all-hosts d)]
    (when (seq (get-in d [:layout :node]))
      {:kill-master (master-process-fault d seen :kill)
       :pause-master (master-process-fault d seen :pause)
       :partition-master-meta (master-partition-fault
                               d seen (fn [rnd m] (master-meta-grudge rnd (:host m) metas)))
       :partition-master-replicas (master-partition-fault
                                   d seen (fn [_ m]
                                            (net/complete-grudge
                                             [[(:host m)]
                                              (or (seq (:replicas m))
                                                  (remove #{(:host m)}
                                                          (get-in d [:layout :groups (:group m)])))])))
       :isolate-master (master-partition-fault
                        d seen (fn [_ m] (net/complete-grudge [[(:host m)] (remove #{(:host m)} hosts)])))})))

(defn observe-masters
  "{group {:master host :epoch e}} as the metaserver lists them now (nil values when unknown):
  recorded with every window edge, so a history shows when a failover happened."
  [d]
  (into (sorted-map)
        (for [g (keys (get-in d [:layout :groups]))]
          [g (when-let [m (db/group-master d g)] {:master (:host m) :epoch (:epoch m)})])))

(defn faults
  "Every fault this test can run, by name."
  [d latency-atom]
  (let [hosts (all-hosts d)
        metas (get-in d [:layout :meta])]
    (merge
     (failover-faults d)
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

(def failover-choices
  "`failover`: every fault that aims at a master, and the metaserver leader's isolation."
  [:kill-master :pause-master :partition-master-meta :partition-master-replicas :isolate-master
   :isolate-leader])

(defn aliases
  "Short names: `kill` and `pause` hit proxies when the test has some, metaservers otherwise."
  [proxies?]
  {"none" []
   "failover" failover-choices
   "isolate-meta-leader" [:isolate-leader]
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
  [{:keys [faults selected seed fault-s heal-s deadline-ns record! stop? observe]}]
  (let [rnd (Random. (long (+ 7 seed)))
        unknown (remove faults (apply concat selected))
        sleep-until (fn [t] (while (and (< (System/nanoTime) t) (not (stop?))) (u/sleep-ms 100)))
        ;; what the cluster looks like at a window edge (the masters of the groups), as its own
        ;; record so that a slow metaserver never delays the fault itself
        observe! (fn [edge]
                   (when observe
                     (let [o (try (observe) (catch Exception e {:error (.getMessage e)}))]
                       (record! {:process :nemesis :type :info :f :observe
                                 :value {:edge edge :masters o}}))))]
    (when (seq unknown)
      (throw (ex-info (str "unknown nemesis " (pr-str unknown) "; known: "
                           (str/join ", " (map name (sort (keys faults))))) {})))
    (observe! :begin)
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
          (observe! :start)
          (try
            (sleep-until (min deadline-ns (+ (System/nanoTime) (* fault-s 1000000000))))
            (finally
              (try (stop) (catch Exception e (u/log "nemesis: heal failed" (.getMessage e))))
              (u/log "nemesis: stop" (name fname))
              (record! {:process :nemesis :type :info :f :stop :value {:fault fname}})
              (observe! :stop))))
        (recur)))
    (observe! :end)))

(defn failovers
  "From the :observe records: per group, the masters seen in order (consecutive repeats folded)
  and how many times the master changed, e.g. {1 {:masters [[\"d1\" 2] [\"d2\" 3]] :changes 1}}.
  nil when nothing was observed (meta-register)."
  [history]
  (let [obs (keep #(when (and (= :nemesis (:process %)) (= :observe (:f %)))
                     (get-in % [:value :masters]))
                  history)]
    (when (seq obs)
      (into (sorted-map)
            (for [g (sort (distinct (mapcat keys (filter map? obs))))]
              (let [seen (->> obs (keep #(get % g)) (map (juxt :master :epoch)) dedupe vec)]
                [g {:masters seen
                    :changes (count (filter (fn [[a b]] (not= (first a) (first b)))
                                            (partition 2 1 seen)))}]))))))
