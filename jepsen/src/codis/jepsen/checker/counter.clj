(ns codis.jepsen.checker.counter
  "The counter workload: `:f :add :value n` (INCRBY n, n may be negative) and `:f :read :value n`
  (a read of nil means the key is absent: the initial value, 0 unless :initial says otherwise).

  Each :ok read must lie within the bounds the adds allow while it ran. For a read invoked at
  position i and completed at c:
  - definite adds D: :ok adds completed before i — they took effect before the read began;
  - possible adds P: adds (:ok, :info or never completed) invoked before c and not in D — each may
    or may not be visible to the read;
  - lower = initial + sum(D) + sum of the negative n in P,
    upper = initial + sum(D) + sum of the positive n in P.
  :fail adds never count. This is the check Jepsen's counter checker makes (necessary for
  linearizability, not sufficient: it does not relate two reads to each other).

  One sweep in real-time order computes every read's bounds: with prefix sums of positive and
  negative ok-completions (C+ C-) and of invocations (I+ I-),
  lower = C+(i) + I-(c) and upper = C-(i) + I+(c) (plus the initial value)."
  (:require [codis.jepsen.checker.history :as h]))

(defn- read-value
  "The value a read returned: nil (absent key) is the initial value; a decimal string (a client
  that passed Redis' bulk string through) is parsed."
  [op initial]
  (let [v (:value op)]
    (cond (nil? v) initial
          (string? v) (or (parse-long v) v)
          :else v)))

(defn check
  "Checks a counter history. opts: :initial (default 0). Returns {:valid? ...} with counts and,
  when invalid, the first reads out of bounds (up to 10) with their bounds and the adds that were
  in flight while they ran."
  ([history] (check history {}))
  ([history {:keys [initial] :or {initial 0}}]
   (let [{:keys [ops problems]} (h/pair-ops history)]
     (if (seq problems)
       (h/malformed problems)
       (let [adds (filter #(and (= :add (:f %)) (not= :fail (:type %))) ops)
             reads (filter #(and (= :read (:f %)) (= :ok (:type %))) ops)
             ;; events sorted by position: [pos kind op]
             events (sort-by first
                             (concat
                              (for [a adds] [(:invoke-pos a) :add-invoke a])
                              (for [a adds :when (= :ok (:type a))] [(:complete-pos a) :add-ok a])
                              (for [r reads] [(:invoke-pos r) :read-invoke r])
                              (for [r reads] [(:complete-pos r) :read-ok r])))
             checked
             (loop [[[_ kind op] & more] events, cpos (num 0), cneg (num 0), ipos (num 0), ineg (num 0),
                    at-invoke {}, out (transient [])]
               (if (nil? kind)
                 (persistent! out)
                 (let [n (when (#{:add-invoke :add-ok} kind) (:invoke-value op))]
                   (case kind
                     :add-invoke (recur more cpos cneg (if (pos? n) (+ ipos n) ipos)
                                        (if (neg? n) (+ ineg n) ineg) at-invoke out)
                     :add-ok (recur more (if (pos? n) (+ cpos n) cpos) (if (neg? n) (+ cneg n) cneg)
                                    ipos ineg at-invoke out)
                     :read-invoke (recur more cpos cneg ipos ineg
                                         (assoc at-invoke (:invoke-pos op) [cpos cneg]) out)
                     :read-ok (let [[c+ c-] (at-invoke (:invoke-pos op))
                                    lower (+ initial c+ ineg)
                                    upper (+ initial c- ipos)
                                    v (read-value op initial)]
                                (recur more cpos cneg ipos ineg (dissoc at-invoke (:invoke-pos op))
                                       (conj! out {:read op :lower lower :upper upper :value v
                                                   :ok? (and (number? v) (<= lower v upper))})))))))
             errors (remove :ok? checked)
             explain (fn [{:keys [read lower upper value]}]
                       {:read (h/brief read) :value value :lower lower :upper upper
                        :in-flight-adds (->> adds (filter #(h/overlaps? % read))
                                             (take 10) (mapv h/brief))})]
         (cond-> {:valid? (empty? errors)
                  :read-count (count reads)
                  :add-count (count adds)
                  :error-count (count errors)}
           (seq errors) (assoc :errors (mapv explain (take 10 errors)))
           (empty? reads) (assoc :valid? :unknown :reason "no :ok read of the counter")))))))
