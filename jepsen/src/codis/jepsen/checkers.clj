(ns codis.jepsen.checkers
  "Picks the checker for a workload and runs it on the client operations of a history. The
  checkers themselves live in `codis.jepsen.checker.*` (another engineer's namespaces); when one is
  not on the classpath the verdict is `:unknown` and says so, never a silent `true`. Also computes
  the run's statistics (counts per function and outcome)."
  (:require [clojure.java.io :as io]
            [clojure.string :as str]
            [codis.jepsen.loss :as loss]))

(def checker-for
  "Workload -> the checker namespace whose `check` judges it."
  {:meta-register 'codis.jepsen.checker.linearizable
   :register 'codis.jepsen.checker.linearizable
   :set 'codis.jepsen.checker.set
   :counter 'codis.jepsen.checker.counter
   :append 'codis.jepsen.checker.append})

(defn client-ops [history] (filterv #(not= :nemesis (:process %)) history))

(defn stats
  "Counts of completions per :f and :type, plus totals."
  [history]
  (let [done (remove #(= :invoke (:type %)) (client-ops history))]
    {:by-f (into (sorted-map)
                 (for [[f ops] (group-by :f done)]
                   [f (merge {:ok 0 :fail 0 :info 0} (frequencies (map :type ops)))]))
     :total (merge {:ok 0 :fail 0 :info 0} (frequencies (map :type done)))}))

(defn check
  "Runs the workload's checker. Returns {:valid? .. :checker ns ...}; exceptions become :unknown."
  [workload history]
  (let [ns-sym (checker-for workload)
        load-error (atom nil)
        f (try (requiring-resolve (symbol (str ns-sym) "check"))
               (catch Throwable t (reset! load-error t) nil))]
    (if-not f
      {:valid? :unknown :checker (str ns-sym)
       :error (if (io/resource (str (-> (str ns-sym) (str/replace "." "/") (str/replace "-" "_")) ".clj"))
                (str ns-sym " failed to load: " (some-> ^Throwable @load-error .getMessage))
                (str ns-sym " is not on the classpath (checkers not merged yet)"))}
      (try
        (assoc (f (client-ops history)) :checker (str ns-sym))
        (catch Throwable t
          {:valid? :unknown :checker (str ns-sym)
           :error (str "checker threw: " (.getName (class t)) ": " (.getMessage t))})))))

(defn judge
  "The verdict of a run: the workload's checker and, for proxy workloads, the acknowledged writes
  lost (`codis.jepsen.loss`). With `--replication async` the checker sees the history as async
  promises it (writes acknowledged in a loss window may be lost) and a loss outside the windows
  makes the run invalid; with `sync` (or no replicas) nothing is relaxed."
  [{:keys [workload replication master-lease-ttl]} history]
  (let [proxy? (not= workload :meta-register)
        async? (and proxy? (= "async" replication))
        wins (loss/windows history master-lease-ttl)
        v (check workload (if async? (loss/relax history wins) history))]
    (if-not proxy?
      v
      (let [m (loss/measure workload history wins)
            within (when async? (or (not (:measured m)) (zero? (:lost-outside-windows m))))
            m (assoc m :replication (or replication "node default (async)") :within-bound? within
                     :checked-relaxed async?)]
        (assoc v :loss m :valid? (if (false? within) false (:valid? v)))))))

(defn merge-valid
  "The verdict of several checker results: false beats :unknown beats true."
  [vs]
  (cond (some false? vs) false
        (some #(= :unknown %) vs) :unknown
        :else true))

(defn describe [valid?]
  (case valid? true "VALID" false "INVALID" (str/upper-case (name (or valid? :unknown)))))
