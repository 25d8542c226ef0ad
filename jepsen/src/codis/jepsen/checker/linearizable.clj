(ns codis.jepsen.checker.linearizable
  "Linearizability of registers (read / write / compare-and-set), checked per key.

  Linearizability is compositional (Herlihy & Wing's locality, the P-compositionality of Horn &
  Kroening): a history is linearizable iff each key's sub-history is. So the history is split by
  key first and each key is searched on its own, which keeps every search small.

  The search is Wing & Gong's, with Lowe's memoisation, as Knossos' `wgl` and Porcupine do:
  the key's calls and returns form one doubly linked list in real-time order. Walking it, at a
  call we try to linearize that op now (apply it to the model); if the model accepts and the pair
  (set of ops linearized so far, model state) was never seen, we remove the op's call and return
  from the list, push it on a stack, and restart from the head. Reaching a return means the op it
  belongs to could not be linearized before it completed, so we backtrack: pop the last op, put it
  back in the list and try the next candidate after it. The history is linearizable once every
  :ok op is linearized; it is not when we must backtrack with an empty stack. The cache of
  (linearized-set, state) pairs is what keeps the search polynomial in practice: two orders that
  reach the same set and state have the same future.

  :fail ops definitely did not happen and are dropped. :info ops (and ops never completed) may
  have happened at any point after their invocation: they get a call but no return, so the search
  may linearize them or leave them out. A read that ended :info constrains nothing and is dropped.
  Many :info writes on one key make refutation exponential; the search has a budget (time and
  cached states) and answers :unknown, with the reason, when it runs out — it never hangs.

  When a key is not linearizable the report names the op that could not be linearized at the
  deepest point the search reached, the model states it could have observed there, the ops
  linearized just before it and the ops concurrent with it: the smallest window a person needs."
  (:require [codis.jepsen.checker.history :as h])
  (:import (java.util ArrayList BitSet HashSet)))

(def ^:private inconsistent ::inconsistent)

(defn prune-unobserved-info
  "Drops :info writes and cas whose written value nobody observes: no :ok read returns it and no
  cas (of any outcome) compares against it. Such an op may as well not have happened: wherever a
  linearization places it, the state it sets is overwritten before any op looks at it, so taking
  it out leaves a valid linearization valid. Without this, every pending :info write multiplies
  the search; with it, only the :info ops that matter remain (those whose effect was seen)."
  [ops]
  (let [observed (into #{}
                       (keep (fn [{:keys [f v ok?]}]
                               (case f
                                 :read (when ok? [v])
                                 :cas [(first v)]
                                 nil)))
                       ops)
        written (fn [{:keys [f v]}] (case f :write v :cas (second v) nil))]
    (filterv (fn [op] (or (:ok? op) (= :read (:f op)) (contains? observed [(written op)])))
             ops)))

(def register-model
  "A register per key that starts absent (nil). :read v is legal iff the state is v; :write v sets
  it; :cas [old new] is legal iff the state is old, and sets new. A cas whose compare failed
  completes as :fail and never reaches the model. :prune simplifies one key's ops before the search."
  {:name "cas-register"
   :fs #{:read :write :cas}
   :init nil
   :step (fn [state f v]
           (case f
             :read (if (= state v) state inconsistent)
             :write v
             :cas (let [[old new] v] (if (= state old) new inconsistent))
             inconsistent))
   :prune (fn [ops] (prune-unobserved-info ops))})

(def default-opts
  "The search budget. :time-limit-ms bounds the whole check (all keys), :key-time-limit-ms one
  key's search (so one hard key cannot starve the others), :max-states the memo cache of one
  key's search (about 150 bytes a state: the default stays near 150 MB of heap)."
  {:time-limit-ms 60000
   :key-time-limit-ms 10000
   :max-states 1000000})

(defn- register-op
  "The model-facing form of a paired register op, or nil when the op cannot matter. A read's
  value comes from its completion; a write's or cas's from its invocation (what was asked for),
  so a client that completes them with another value (\"OK\") changes nothing."
  [op]
  (let [k (first (:invoke-value op))
        read? (= :read (:f op))]
    (case (:type op)
      :fail nil
      :ok {:key k :f (:f op) :ok? true :op op
           :v (second (if read? (:value op) (:invoke-value op)))}
      :info (when-not read?
              {:key k :f (:f op) :v (second (:invoke-value op)) :ok? false :op op}))))

(defn- failure-report
  "Turns the deepest stuck point of a failed search into a report for people."
  [ops {:keys [op-id states path]}]
  (let [stuck (:op (ops op-id))
        concurrent (->> ops
                        (map :op)
                        (filter #(and (not= % stuck) (h/overlaps? % stuck)))
                        (take 20))]
    {:op (h/brief stuck)
     :reason (str (h/describe stuck) " cannot take effect: no order of the ops before and"
                  " concurrent with it leads to a state that allows it (the states reached are"
                  " :states-before)")
     :states-before (vec (take 8 states))
     :linearized-before (mapv #(h/brief (:op (ops %))) path)
     :concurrent (mapv h/brief concurrent)}))

(defn- entry-list
  "The doubly linked list the search walks: entry 0 is the head, entries 1..m are the calls and
  returns of ops in real-time order, m+1 is the tail. Each call knows its op and its return
  (-1 for an op that never returned)."
  [ops]
  (let [n (count ops)
        events (->> (concat
                     (for [i (range n)] [(:invoke-pos (:op (ops i))) true i])
                     (for [i (range n) :when (:ok? (ops i))] [(:complete-pos (:op (ops i))) false i]))
                    (sort-by first)
                    vec)
        m (count events)
        tail (inc m)
        nxt (int-array (+ m 2))
        prv (int-array (+ m 2))
        call? (boolean-array (+ m 2))
        op-of (int-array (+ m 2))
        ret-of (int-array (+ m 2) -1)
        call-entry (int-array n)]
    (dotimes [j m]
      (let [[_ c? i] (events j)
            e (inc j)]
        (aset call? e (boolean c?))
        (aset op-of e (int i))
        (if c?
          (aset call-entry i e)
          (aset ret-of (aget call-entry i) e))))
    (dotimes [e (inc tail)]
      (when (< e tail) (aset nxt e (inc e)))
      (when (pos? e) (aset prv e (dec e))))
    {:nxt nxt :prv prv :call? call? :op-of op-of :ret-of ret-of}))

(defn wgl
  "Searches one key's ops (each {:f :v :ok? :op}, :op the paired op with :invoke-pos and
  :complete-pos) against model. deadline-ns is an absolute System/nanoTime bound.
  Returns {:valid? true}, {:valid? false :stuck {...}} or {:valid? :unknown :reason ...}, each
  with the number of :cached-states."
  [ops model deadline-ns max-states]
  (let [ops (vec ops)
        n (count ops)
        {:keys [^ints nxt ^ints prv ^booleans call? ^ints op-of ^ints ret-of]} (entry-list ops)
        head 0
        step (:step model)
        fs (object-array (map :f ops))
        vs (object-array (map :v ops))
        oks (boolean-array (map :ok? ops))
        n-ok (count (filter :ok? ops))
        lin (BitSet. n)
        cache (HashSet.)
        stack-entries (ArrayList.)
        stack-states (ArrayList.)
        ;; the deepest point where an op could not be linearized before its return
        best (volatile! {:depth -1})
        unlink (fn [^long e] (aset nxt (aget prv e) (aget nxt e)) (aset prv (aget nxt e) (aget prv e)))
        relink (fn [^long e] (aset nxt (aget prv e) (int e)) (aset prv (aget nxt e) (int e)))
        lift (fn [e] (unlink e) (let [r (aget ret-of e)] (when (>= r 0) (unlink r))))
        unlift (fn [e] (let [r (aget ret-of e)] (when (>= r 0) (relink r))) (relink e))
        remember-stuck
        (fn [e state]
          (let [depth (.size stack-entries)
                i (aget op-of e)
                b @best]
            (cond
              (> depth (long (:depth b)))
              (vreset! best {:depth depth :op-id i :states #{state}
                             :path (mapv #(aget op-of (int %)) (take-last 8 (vec stack-entries)))})
              (and (= depth (:depth b)) (= i (:op-id b)) (< (count (:states b)) 8))
              (vswap! best update :states conj state))))]
    (loop [e (aget nxt head), state (:init model), remaining (long n-ok), iter 0]
      (cond
        (zero? remaining) {:valid? true :cached-states (.size cache)}

        (and (zero? (bit-and iter 1023))
             (or (> (System/nanoTime) deadline-ns) (> (.size cache) max-states)))
        {:valid? :unknown
         :reason (if (> (.size cache) max-states)
                   (str "search exceeded " max-states " cached states")
                   "search exceeded the time limit")
         :cached-states (.size cache)}

        ;; a call: try to linearize its op here
        (aget call? e)
        (let [i (aget op-of e)
              s' (step state (aget fs i) (aget vs i))]
          (if (identical? s' inconsistent)
            (recur (aget nxt e) state remaining (inc iter))
            (do (.set lin i)
                (if (.add cache [(.clone lin) s'])
                  (do (.add stack-entries e) (.add stack-states state) (lift e)
                      (recur (aget nxt head) s' (if (aget oks i) (dec remaining) remaining) (inc iter)))
                  (do (.clear lin i)
                      (recur (aget nxt e) state remaining (inc iter)))))))

        ;; a return: its op could not be linearized in time; undo the last choice
        :else
        (do (remember-stuck e state)
            (if (.isEmpty stack-entries)
              {:valid? false :cached-states (.size cache) :stuck @best}
              (let [top (dec (.size stack-entries))
                    e' (int (.remove stack-entries (int top)))
                    s (.remove stack-states (int top))
                    i (aget op-of e')]
                (.clear lin i)
                (unlift e')
                (recur (aget nxt e') s (if (aget oks i) (inc remaining) remaining) (inc iter)))))))))

(defn check
  "Checks a register history (see the namespace doc) for linearizability, per key.
  opts: :model (default register-model), :time-limit-ms, :key-time-limit-ms, :max-states.
  Returns {:valid? true|false|:unknown :key-count :op-count ...}; when invalid, :failures maps
  each failing key (at most 5 reported) to the window that shows it; when unknown, :unknown maps
  keys to the reason their search stopped."
  ([history] (check history {}))
  ([history opts]
   (let [{:keys [model time-limit-ms key-time-limit-ms max-states]}
         (merge default-opts {:model register-model} opts)
         {:keys [ops problems]} (h/pair-ops history)]
     (cond
       (seq problems)
       (h/malformed problems)

       (not-every? (:fs model (constantly true)) (map :f ops))
       {:valid? :unknown
        :reason (str "the " (:name model) " model has no operation "
                     (pr-str (vec (distinct (remove (:fs model) (map :f ops))))))}

       :else
       (let [deadline (+ (System/nanoTime) (* 1000000 (long time-limit-ms)))
             prune (or (:prune model) vec)
             by-key (into {} (for [[k kops] (group-by :key (keep register-op ops))]
                               [k (prune kops)]))
             results (into (sorted-map-by #(compare (str %1) (str %2)))
                           (for [[k kops] by-key]
                             [k (wgl kops model
                                     (min deadline (+ (System/nanoTime) (* 1000000 (long key-time-limit-ms))))
                                     max-states)]))
             failed (for [[k r] results :when (false? (:valid? r))] k)
             unknown (for [[k r] results :when (= :unknown (:valid? r))] k)]
         (cond-> {:valid? (h/merge-valid (map :valid? (vals results)))
                  :model (:name model)
                  :key-count (count results)
                  :op-count (reduce + (map count (vals by-key)))
                  :failed-key-count (count failed)}
           (seq failed)
           (assoc :failures (into {} (for [k (take 5 failed)]
                                       [k (failure-report (by-key k) (:stuck (results k)))])))
           (seq unknown)
           (assoc :unknown (into {} (for [k (take 5 unknown)] [k (:reason (results k))]))
                  :unknown-key-count (count unknown))))))))
