(ns codis.jepsen.loss
  "Acknowledged writes lost, and the promise of `replication-mode async` as a history.

  Measured on every proxy workload (it must be 0 with `sync`): an acknowledged write is lost when
  it completed :ok before the final read began and the final read does not show it.
  - set: acknowledged SADDs missing from the final SMEMBERS;
  - append: acknowledged RPUSHes missing from the final LRANGE of their key;
  - counter: the final read's deficit, the sum of acknowledged INCRBYs (completed before the final
    read began) minus the value read, when positive (increments have no identity);
  - register: not measured (an overwritten register cannot show what was lost; the
    linearizability checker judges it).

  The async bound. With async a master acknowledges a write before any replica has it, so a
  failover can lose the writes the promoted replica had not received: those acknowledged by the
  old master shortly before it failed (replication lag) and, while it still believed in its lease
  (at most one lease TTL after it was cut off), any it acknowledged that never reached a replica.
  So every loss must fall in a loss window of some fault window:
    [start - lag-before, start + lease TTL + slack]  and  [stop, stop + slack]
  (the second covers a reply held back by a paused master and released when it resumes; it was
  executed before the pause). lag-before is 1 s, slack 2 s (proxy and client delays), the TTL is
  the run's `--master-lease-ttl` or the node's default 4000 ms. The async verdict checks the
  history with every :ok write that completed inside a loss window turned into :info (\"may have
  been lost\"): anything else the checker finds is a real failure, and so is a loss outside the
  windows. A write is matched to its window by its completion time."
  (:require [codis.jepsen.checker.history :as h]))

(def default-lease-ttl-ms "The node's default --master-lease-ttl." 4000)
(def lag-before-ms "Replication lag allowed before a fault starts." 1000)
(def slack-ms "Delay between a master's reply and the client's completion record." 2000)

(def write-fs #{:write :cas :add :append})

(defn windows
  "Loss windows [from-ns to-ns] (history :time units) of a history's fault windows."
  [history lease-ttl-ms]
  (let [ms 1000000
        ttl (or lease-ttl-ms default-lease-ttl-ms)]
    (vec (for [op history
               :when (and (= :nemesis (:process op)) (#{:start :stop} (:f op)))]
           (if (= :start (:f op))
             [(- (:time op) (* lag-before-ms ms)) (+ (:time op) (* (+ ttl slack-ms) ms))]
             [(:time op) (+ (:time op) (* slack-ms ms))])))))

(defn in-windows? [windows t]
  (boolean (some (fn [[a b]] (<= a t b)) windows)))

(defn relax
  "The history as async promises it: every :ok write whose completion lies in a loss window
  becomes :info, and its invocation and completion move to a process of their own (an :info op
  stays in flight forever, while the worker went on with its process)."
  [history windows]
  (let [history (vec history)
        relaxed (loop [i 0 open {} acc {}]
                  (if (= i (count history))
                    acc
                    (let [op (history i) p (:process op)]
                      (cond
                        (not (h/client-event? op)) (recur (inc i) open acc)
                        (= :invoke (:type op)) (recur (inc i) (assoc open p i) acc)
                        :else (recur (inc i) (dissoc open p)
                                     (if (and (= :ok (:type op)) (write-fs (:f op)) (open p)
                                              (in-windows? windows (:time op)))
                                       (assoc acc (open p) i)
                                       acc))))))]
    (reduce-kv (fn [v inv done]
                 (let [p [:relaxed (:process (v inv)) inv]]
                   (-> v
                       (assoc-in [inv :process] p)
                       (assoc-in [done :process] p)
                       (assoc-in [done :type] :info)
                       (assoc-in [done :relaxed] true))))
               history relaxed)))

(defn- final-read [ops pred]
  (->> ops (filter #(and (= :read (:f %)) (= :ok (:type %)) (pred %))) (sort-by :complete-pos) last))

(defn- lost-ops
  "The :ok writes completed before `final` began whose element `present?` says is missing."
  [writes final present?]
  (filter #(and (= :ok (:type %)) (h/completed-before? % final) (not (present? %))) writes))

(defn measure
  "{:acknowledged :lost :lost-outside-windows :lost-sample ...} for a workload's history, or
  {:measured false :why ...}."
  [workload history windows]
  (let [{:keys [ops problems]} (h/pair-ops history)
        done-at (fn [op] (:time (:complete op)))
        summarise (fn [acked lost]
                    (let [outside (remove #(in-windows? windows (done-at %)) lost)]
                      {:measured true :acknowledged (count acked) :lost (count lost)
                       :lost-outside-windows (count outside)
                       :lost-sample (vec (take 10 (map :invoke-value lost)))
                       :outside-sample (vec (take 10 (map :invoke-value outside)))}))]
    (cond
      (seq problems) {:measured false :why "malformed history"}
      (= workload :set)
      (let [adds (filter #(= :add (:f %)) ops)
            final (final-read ops (constantly true))]
        (if-not final
          {:measured false :why "no :ok final read"}
          (let [present (set (:value final))]
            (summarise (filter #(= :ok (:type %)) adds)
                       (lost-ops adds final #(contains? present (:invoke-value %)))))))
      (= workload :append)
      (let [appends (filter #(= :append (:f %)) ops)
            by-key (group-by #(first (:invoke-value %)) appends)
            per-key (for [[k as] by-key
                          :let [final (final-read ops #(= k (first (:invoke-value %))))]]
                      (if final
                        (let [present (set (second (:value final)))]
                          [(filter #(= :ok (:type %)) as)
                           (lost-ops as final #(contains? present (second (:invoke-value %))))])
                        [(filter #(= :ok (:type %)) as) []]))]
        (summarise (mapcat first per-key) (mapcat second per-key)))
      (= workload :counter)
      (let [adds (filter #(and (= :add (:f %)) (= :ok (:type %))) ops)
            final (final-read ops (constantly true))]
        (if-not final
          {:measured false :why "no :ok final read"}
          (let [before (filter #(h/completed-before? % final) adds)
                sum (reduce + 0 (map :invoke-value before))
                v (let [x (:value final)] (if (string? x) (parse-long x) (or x 0)))
                in-window (reduce + 0 (map :invoke-value
                                           (filter #(in-windows? windows (done-at %)) before)))
                deficit (max 0 (- sum v))]
            {:measured true :acknowledged (count adds) :acknowledged-sum sum :final-value v
             :lost-sum deficit
             :lost-outside-windows (if (<= deficit in-window) 0 (- deficit in-window))})))
      :else {:measured false :why "a register's lost writes are not measurable; see the linearizability verdict"})))

(defn describe
  "One line for summary.txt."
  [{:keys [replication measured why acknowledged lost lost-sum acknowledged-sum
           lost-outside-windows within-bound?]}]
  (str replication ": "
       (cond (not measured) (str "loss not measured (" why ")")
             lost-sum (str "counter deficit " lost-sum " of " acknowledged-sum " acknowledged")
             :else (str lost " of " acknowledged " acknowledged writes lost"
                        (when (pos? acknowledged)
                          (format " (%.2f%%)" (* 100.0 (/ lost acknowledged))))))
       (when measured
         (str ", " lost-outside-windows " outside the loss windows"
              (when (some? within-bound?) (if within-bound? " (within the async bound)" " (BOUND EXCEEDED)"))))))
