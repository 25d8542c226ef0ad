(ns codis.jepsen.generator
  "Operation sources. A source is a function of no arguments returning the next invocation's
  {:f :value}; it draws every choice from one seeded java.util.Random under a lock, so the
  sequence of operations handed out is the same for the same seed (which worker gets which one
  depends on timing). Register workloads spread operations over a few live keys and retire a key
  after `ops-per-key-max` operations: the linearizability search stays small per key.

  Also: the rate limiter shared by the workers, and the final reads each workload needs."
  (:import (java.util Random)))

(def defaults
  {:ops-per-key-max 150   ; bounded work per key for the linearizability checker
   :live-keys 2           ; register keys in use at once
   :append-keys 3
   :register-values 5})   ; small value domain: CAS succeeds often enough to matter

(defn- pick [^Random rnd xs] (nth xs (.nextInt rnd (count xs))))

(defn- keyed-source
  "A source over rotating keys; (op-fn rnd k) makes the op for key k."
  [^Random rnd live-keys ops-per-key-max op-fn]
  (let [state (atom {:keys (vec (range live-keys)) :counts {} :next live-keys})]
    (fn []
      (locking rnd
        (let [{:keys [keys counts]} @state
              slot (.nextInt rnd (count keys))
              k (nth keys slot)
              n (inc (get counts k 0))]
          (swap! state (fn [s]
                         (if (>= n ops-per-key-max)
                           (-> s (assoc-in [:keys slot] (:next s)) (update :next inc)
                               (update :counts dissoc k))
                           (assoc-in s [:counts k] n))))
          (op-fn rnd k))))))

(defn- register-op [opts]
  (let [vals (:register-values opts)]
    (fn [^Random rnd k]
      (let [x (.nextInt rnd 10)]
        (cond (< x 5) {:f :read :value [k nil]}
              (< x 8) {:f :write :value [k (.nextInt rnd vals)]}
              :else {:f :cas :value [k [(.nextInt rnd vals) (.nextInt rnd vals)]]})))))

(defn source
  "The op source for a workload, seeded."
  [workload seed & [overrides]]
  (let [opts (merge defaults overrides)
        rnd (Random. (long seed))
        counter (atom 0)]
    (case workload
      (:meta-register :register)
      (keyed-source rnd (:live-keys opts) (:ops-per-key-max opts) (register-op opts))
      :set (fn [] {:f :add :value (swap! counter inc)})
      :counter (fn [] (locking rnd
                        (if (< (.nextInt rnd 10) 2)
                          {:f :read :value nil}
                          {:f :add :value (inc (.nextInt rnd 5))})))
      :append (keyed-source rnd (:append-keys opts) (:ops-per-key-max opts)
                            (fn [^Random r k]
                              (if (< (.nextInt r 10) 3)
                                {:f :read :value [k nil]}
                                {:f :append :value [k (swap! counter inc)]}))))))

(defn final-reads
  "Invocations run after the faults heal, so the checkers see the final state."
  [workload history]
  (case workload
    :set [{:f :read :value nil}]
    :counter [{:f :read :value nil}]
    :append (vec (for [k (sort (distinct (keep #(when (= :append (:f %)) (first (:value %)))
                                               history)))]
                   {:f :read :value [k nil]}))
    []))

(defn rate-limiter
  "Returns a function that blocks its caller until the next slot of a global rate (ops/s)."
  [rate]
  (let [interval-ns (long (/ 1e9 (max 0.001 (double rate))))
        next-at (atom (System/nanoTime))]
    (fn []
      (let [now (System/nanoTime)
            at (swap! next-at (fn [t] (+ (max t now) interval-ns)))
            wait (- at interval-ns now)]
        (when (pos? wait) (Thread/sleep (quot wait 1000000) (int (mod wait 1000000))))))))
