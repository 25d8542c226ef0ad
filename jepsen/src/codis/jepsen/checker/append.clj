(ns codis.jepsen.checker.append
  "The append workload: unique elements are appended to a few keys (`:f :append :value [k e]`,
  RPUSH) and whole lists are read (`:f :read :value [k [e ...]]`, LRANGE 0 -1).

  Per key, for every :ok read R:
  - duplicated:  R holds an element twice;
  - phantom:     R holds an element never appended to this key, or whose append was invoked only
                 after R completed (a read from the future);
  - unexpected:  R holds an element whose append completed :fail;
  - missing:     R lacks an element whose append completed :ok before R began;
  - incomparable: two reads of which neither is a prefix of the other (a list only grows at its
                 end, so all reads of a key must be totally ordered by prefix);
  - went-back:   R is shorter than a read that completed before R began (real-time order: the
                 later read must extend the earlier one). Two concurrent reads may be seen in
                 either order, so they only have to be comparable;
  - misordered:  in the longest read, an element stands after one whose append was invoked only
                 after its own append had completed.
  Appends that ended :info (or never completed) may or may not appear."
  (:require [codis.jepsen.checker.history :as h]))

(defn- prefix? [a b]
  (and (<= (count a) (count b)) (= a (subvec b 0 (count a)))))

(defn- elements [op] (vec (second (:value op))))

(defn- check-key
  "Checks the appends and reads of one key; returns a seq of anomaly maps."
  [appends reads]
  (let [append-of (h/attempt-index appends #(second (:invoke-value %)))
        per-read
        (for [r reads
              :let [elems (elements r)
                    present (set elems)]
              anomaly
              (concat
               (for [[e c] (frequencies elems) :when (> c 1)]
                 {:anomaly :duplicated :element e :read r})
               (for [e present
                     :let [a (append-of e)]
                     :when (or (nil? a) (> (:first-invoke-pos a) (:complete-pos r)))]
                 {:anomaly :phantom :element e :read r})
               (for [e present
                     :let [a (append-of e)]
                     :when (= :fail (:type a))]
                 {:anomaly :unexpected :element e :read r :append a})
               (for [a appends
                     :when (and (= :ok (:type a)) (h/completed-before? a r)
                                (not (contains? present (second (:invoke-value a)))))]
                 {:anomaly :missing :element (second (:invoke-value a)) :read r :append a}))]
          anomaly)
        by-length (vec (sort-by (comp count elements) reads))
        incomparable
        (for [[a b] (map vector by-length (rest by-length))
              :when (not (prefix? (elements a) (elements b)))]
          (let [ea (elements a) eb (elements b)
                i (or (first (filter #(not= (ea %) (eb %)) (range (count ea)))) (count ea))]
            {:anomaly :incomparable :read a :other-read b
             :diverge-at {:position i :read (get ea i) :other-read (get eb i)}}))
        ;; real-time: sweep reads by position; remember the longest read completed so far
        went-back
        (let [events (sort-by first (concat (for [r reads] [(:invoke-pos r) :invoke r])
                                            (for [r reads] [(:complete-pos r) :complete r])))]
          (loop [[[_ kind r] & more] events, longest nil, seen-at-invoke {}, out []]
            (case kind
              nil out
              :invoke (recur more longest (assoc seen-at-invoke (:invoke-pos r) longest) out)
              :complete (let [before (seen-at-invoke (:invoke-pos r))
                              out (if (and before (< (count (elements r)) (count (elements before))))
                                    (conj out {:anomaly :went-back :read r :other-read before})
                                    out)
                              longest (if (or (nil? longest)
                                              (> (count (elements r)) (count (elements longest))))
                                        r longest)]
                          (recur more longest seen-at-invoke out)))))
        ;; in the longest read, e may not follow an element whose append began after e's was
        ;; acknowledged: sweep it keeping the latest invocation seen so far
        misordered
        (when-let [longest (peek by-length)]
          (loop [es (seq (elements longest)), latest-invoke nil, latest-elem nil, out []]
            (if-not es
              out
              (let [e (first es)
                    a (append-of e)
                    out (if (and latest-invoke (= :ok (:type a)) (< (:complete-pos a) latest-invoke))
                          (conj out {:anomaly :misordered :element e :after latest-elem :read longest
                                     :append a :other-append (append-of latest-elem)})
                          out)]
                (if (and a (or (nil? latest-invoke) (> (:first-invoke-pos a) latest-invoke)))
                  (recur (next es) (:first-invoke-pos a) e out)
                  (recur (next es) latest-invoke latest-elem out))))))]
    (concat per-read incomparable went-back misordered)))

(defn- show
  "The readable form of an anomaly (long reads are abbreviated by h/brief)."
  [a]
  (let [cut h/brief]
    (cond-> (select-keys a [:anomaly :element :after :diverge-at])
      (:read a) (assoc :read (cut (:read a)))
      (:other-read a) (assoc :other-read (cut (:other-read a)))
      (:append a) (assoc :append (h/brief (:append a)))
      (:other-append a) (assoc :other-append (h/brief (:other-append a))))))

(defn check
  "Checks an append history per key. Returns {:valid? ...} with counts per anomaly kind and, when
  invalid, up to 10 anomalies (the smallest windows: the read(s) and append(s) involved)."
  ([history] (check history {}))
  ([history _opts]
   (let [{:keys [ops problems]} (h/pair-ops history)]
     (if (seq problems)
       (h/malformed problems)
       (let [key-of #(first (:invoke-value %))
             appends (group-by key-of (filter #(= :append (:f %)) ops))
             reads (group-by key-of (filter #(and (= :read (:f %)) (= :ok (:type %))) ops))
             ks (distinct (concat (keys appends) (keys reads)))
             anomalies (vec (mapcat #(check-key (get appends % []) (get reads % [])) ks))]
         (cond-> {:valid? (empty? anomalies)
                  :key-count (count ks)
                  :append-count (reduce + (map count (vals appends)))
                  :read-count (reduce + (map count (vals reads)))
                  :anomaly-counts (frequencies (map :anomaly anomalies))}
           (seq anomalies) (assoc :anomalies (mapv show (take 10 (sort-by #(:complete-pos (:read %)) anomalies))))
           (empty? (vals reads)) (assoc :valid? :unknown :reason "no :ok read")))))))
