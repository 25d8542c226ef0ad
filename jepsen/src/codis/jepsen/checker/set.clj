(ns codis.jepsen.checker.set
  "The set workload: unique elements are added (`:f :add :value e`) and the whole set is read
  (`:f :read :value #{...}` or a vector), at least once at the end.

  Verdicts, for every :ok read R:
  - phantom:    R holds an element no add ever attempted, or one whose add was invoked only after R
                completed (a read from the future);
  - unexpected: R holds an element whose add completed :fail (definitely not executed);
  - duplicated: R (a vector) holds an element twice;
  - stale:      R (not the final read) lacks an element whose add completed :ok before R began.
  And for the final :ok read (the one that completed last):
  - lost:       an element whose add completed :ok before the final read began is missing.
  Adds that ended :info (or never completed) may or may not be present; those present are counted
  as :recovered. An :ok add still in flight when the final read began may be missing without
  blame. Elements are compared with `=`: the client must read them back as the type it added."
  (:require [codis.jepsen.checker.history :as h]))

(defn- sample
  "Up to 10 elements, in order (by their printed form when they do not compare)."
  [xs]
  (vec (take 10 (try (sort xs) (catch Exception _ (sort-by pr-str xs))))))

(defn- read-elements [op]
  (let [v (:value op)] (if (or (nil? v) (coll? v)) (vec v) [v])))

(defn- duplicates [elems]
  (for [[e c] (frequencies elems) :when (> c 1)] e))

(defn check
  "Checks a set history. Returns {:valid? ...} with counts and, when invalid, each kind of
  anomaly with up to 10 elements and the ops that show it."
  ([history] (check history {}))
  ([history _opts]
   (let [{:keys [ops problems]} (h/pair-ops history)]
     (if (seq problems)
       (h/malformed problems)
       (let [adds (filter #(= :add (:f %)) ops)
             add-of (h/attempt-index adds :invoke-value)
             reads (->> ops (filter #(and (= :read (:f %)) (= :ok (:type %))))
                        (sort-by :complete-pos) vec)]
         (if (empty? reads)
           {:valid? :unknown :reason "no :ok read of the set" :attempt-count (count adds)}
           (let [final (peek reads)
                 final-set (set (read-elements final))
                 acked (filter #(= :ok (:type %)) adds)
                 lost (filter #(and (h/completed-before? % final)
                                    (not (contains? final-set (:invoke-value %)))) acked)
                 per-read
                 (for [r reads
                       :let [elems (read-elements r)
                             present (set elems)
                             phantom (remove #(let [a (add-of %)]
                                                (and a (< (:first-invoke-pos a) (:complete-pos r))))
                                             present)
                             unexpected (filter #(= :fail (:type (add-of %))) present)
                             stale (when-not (identical? r final)
                                     (filter #(and (h/completed-before? % r)
                                                   (not (contains? present (:invoke-value %))))
                                             acked))]]
                   {:read r :phantom phantom :unexpected unexpected
                    :duplicated (duplicates elems) :stale stale})
                 pick (fn [k] (distinct (mapcat k per-read)))
                 first-read-with (fn [k] (some #(when (seq (k %)) (h/brief (:read %))) per-read))
                 phantom (pick :phantom)
                 unexpected (pick :unexpected)
                 duplicated (pick :duplicated)
                 stale (map :invoke-value (pick :stale))
                 recovered (filter #(and (= :info (:type %)) (contains? final-set (:invoke-value %))) adds)
                 valid? (and (empty? lost) (empty? phantom) (empty? unexpected)
                             (empty? duplicated) (empty? stale))]
             (cond-> {:valid? valid?
                      :attempt-count (count adds)
                      :acknowledged-count (count acked)
                      :read-count (count reads)
                      :final-read-size (count final-set)
                      :recovered-count (count recovered)
                      :lost-count (count lost)
                      :phantom-count (count phantom)
                      :unexpected-count (count unexpected)
                      :duplicated-count (count duplicated)
                      :stale-count (count stale)}
               (seq lost) (assoc :lost (sample (map :invoke-value lost))
                                 :lost-ops (mapv h/brief (take 5 (sort-by :invoke-pos lost)))
                                 :final-read (h/brief final))
               (seq phantom) (assoc :phantom (sample phantom) :phantom-read (first-read-with :phantom))
               (seq unexpected) (assoc :unexpected (sample unexpected)
                                       :unexpected-ops (mapv (comp h/brief add-of) (take 5 unexpected)))
               (seq duplicated) (assoc :duplicated (sample duplicated)
                                       :duplicated-read (first-read-with :duplicated))
               (seq stale) (assoc :stale (sample stale) :stale-read (first-read-with :stale)
                                  :stale-ops (mapv (comp h/brief add-of) (take 5 stale)))))))))))
