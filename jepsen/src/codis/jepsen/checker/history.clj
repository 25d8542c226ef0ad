(ns codis.jepsen.checker.history
  "Shared history plumbing for the checkers: pairing each :invoke with its completion, and a
  compact, readable form of an operation for failure reports.

  A history is a vector of Jepsen-shaped op maps ({:index :time :process :type :f :value}).
  An :invoke is completed by the next op of the same :process; an :info completion never
  completes (the process is retired), and an invoke with no completion by the end of the
  history is treated like :info. Ops of the :nemesis process are ignored.

  Real-time order is the order of the history vector (positions), never :time: two events at the
  same nanosecond are still ordered, and a history whose :time went backwards stays checkable.")

(defn client-event?
  "True for an event a checker looks at: anything not issued by the nemesis."
  [op]
  (not= :nemesis (:process op)))

(defn pair-ops
  "Pairs invocations with completions. Returns {:ops [...] :problems [...]}, where each op is
    {:process p :f f :type :ok|:fail|:info
     :value       the completion's value for :ok, the invocation's value otherwise
     :invoke-value the invocation's value
     :invoke-pos  position of the :invoke in the history
     :complete-pos position of the completion, or nil when it never completed (:info)
     :invoke op   :complete op (nil when unfinished)}
  in the order of their invocations. :problems lists events that break the history's shape
  (a completion without an invocation, two invocations in flight on one process); a checker
  given a malformed history answers :unknown rather than guess."
  [history]
  (let [history (vec history)
        n (count history)]
    (loop [pos 0, open {}, done (transient []), problems (transient [])]
      (if (= pos n)
        (let [unfinished (for [[_ {:keys [pos op]}] open]
                           [pos {:process (:process op) :f (:f op) :type :info
                                 :value (:value op) :invoke-value (:value op)
                                 :invoke-pos pos :complete-pos nil
                                 :invoke op :complete nil}])
              finished (persistent! done)]
          {:ops (->> (concat finished unfinished) (sort-by first) (mapv second))
           :problems (persistent! problems)})
        (let [op (nth history pos)
              p (:process op)]
          (cond
            (not (client-event? op))
            (recur (inc pos) open done problems)

            (= :invoke (:type op))
            (if (contains? open p)
              (recur (inc pos) (assoc open p {:pos pos :op op}) done
                     (conj! problems {:problem "second :invoke while one is in flight" :op op}))
              (recur (inc pos) (assoc open p {:pos pos :op op}) done problems))

            (#{:ok :fail :info} (:type op))
            (if-let [{ipos :pos inv :op} (get open p)]
              (let [info? (= :info (:type op))
                    paired {:process p :f (:f inv) :type (:type op)
                            :value (if (= :ok (:type op)) (:value op) (:value inv))
                            :invoke-value (:value inv)
                            :invoke-pos ipos :complete-pos (when-not info? pos)
                            :invoke inv :complete op}]
                (recur (inc pos) (dissoc open p) (conj! done [ipos paired]) problems))
              (recur (inc pos) open done
                     (conj! problems {:problem "completion without an :invoke" :op op})))

            :else
            (recur (inc pos) open done
                   (conj! problems {:problem "unknown :type" :op op}))))))))

(def ^:private shown-elements-max
  "Collections longer than this are shown as their size, first and last few elements."
  16)

(defn abbreviate
  "Replaces every collection of more than 16 elements inside v by a string
  \"N elements: [first 5] … [last 5]\" (sets sorted first when their elements compare), so a
  report stays readable when an op carries a whole set or list."
  [v]
  (cond
    (and (coll? v) (not (map? v)) (> (count v) shown-elements-max))
    (let [xs (if (set? v) (try (vec (sort v)) (catch Exception _ (vec v))) (vec v))]
      (str (count xs) " elements: " (pr-str (subvec xs 0 5)) " … "
           (pr-str (subvec xs (- (count xs) 5)))))
    (sequential? v) (mapv abbreviate v)
    :else v))

(defn brief
  "A small, readable form of a paired op for reports: process, f, type, value (long collections
  abbreviated) and the :index (or history position) of its invocation and completion."
  [op]
  (let [idx (fn [event pos] (or (:index event) pos))]
    (cond-> {:process (:process op) :type (:type op) :f (:f op) :value (abbreviate (:value op))
             :invoked (idx (:invoke op) (:invoke-pos op))}
      (:complete-pos op) (assoc :completed (idx (:complete op) (:complete-pos op)))
      (:complete op) (cond-> (:error (:complete op)) (assoc :error (:error (:complete op)))))))

(defn brief?
  "True for a map made by `brief`."
  [x]
  (and (map? x) (contains? x :process) (contains? x :f) (contains? x :invoked)))

(defn describe-brief
  "One line for a person from a `brief` map: `p3 ok write [:k 5] (12→15)`; `→?` when the op
  never completed."
  [b]
  (str "p" (:process b) " " (name (:type b)) " " (name (:f b)) " " (pr-str (:value b))
       " (" (:invoked b) "→" (if (contains? b :completed) (:completed b) "?") ")"
       (when (:error b) (str " error " (pr-str (:error b))))))

(defn describe
  "One line for a person from a paired op (see `describe-brief`)."
  [op]
  (describe-brief (brief op)))

(def ^:private outcome-rank {:ok 0 :info 1 :fail 2})

(defn attempt-index
  "Maps each element (element-fn of an op) to the attempt that speaks for it: an :ok one if any,
  else an :info one, else a :fail one, with :first-invoke-pos the earliest invocation of any
  attempt that did not :fail (or of the failed one when all failed). Workloads use unique
  elements, but a client that retries a refused op with the same element must not make the
  checkers see a failed attempt where a later one succeeded."
  [ops element-fn]
  (into {}
        (for [[e attempts] (group-by element-fn ops)
              :let [best (first (sort-by (juxt (comp outcome-rank :type) :invoke-pos) attempts))
                    live (remove #(= :fail (:type %)) attempts)]]
          [e (assoc best :first-invoke-pos
                    (reduce min (map :invoke-pos (if (seq live) live attempts))))])))

(defn merge-valid
  "Combines verdicts: any false makes false, else any :unknown makes :unknown, else true."
  [verdicts]
  (cond (some false? verdicts) false
        (some #(= :unknown %) verdicts) :unknown
        :else true))

(defn malformed
  "The :unknown verdict for a history whose shape is broken."
  [problems]
  {:valid? :unknown
   :reason "malformed history"
   :problems (vec (take 10 problems))
   :problem-count (count problems)})

(defn overlaps?
  "True when op a's interval [invoke, complete] intersects b's (nil completion = never ends)."
  [a b]
  (let [end (fn [o] (or (:complete-pos o) Long/MAX_VALUE))]
    (and (< (:invoke-pos a) (end b)) (< (:invoke-pos b) (end a)))))

(defn completed-before?
  "True when a completed (as :ok or :fail) before b was invoked: real-time order."
  [a b]
  (boolean (and (:complete-pos a) (< (:complete-pos a) (:invoke-pos b)))))
