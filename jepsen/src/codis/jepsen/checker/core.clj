(ns codis.jepsen.checker.core
  "Composes the checkers a workload needs and renders their verdict for people.

  `check-all` returns {:valid? v :workload w :results {checker-name result} :stats {...}}, where v
  is false if any checker says false, else :unknown if any says :unknown, else true.
  `summarise` turns that into a few lines of text: the verdict first, then one line per checker,
  then the failing windows each checker found. `-main` re-checks a stored history.edn (for
  example with a bigger search budget):

    java -cp <clojure jars>:jepsen/src clojure.main -m codis.jepsen.checker.core
      store/<run>/history.edn register [time-limit-s]

  It prints the summary and exits 0 (valid), 1 (invalid), 3 (unknown) or 2 (bad arguments)."
  (:require [clojure.edn :as edn]
            [clojure.pprint :as pprint]
            [clojure.string :as str]
            [clojure.walk :as walk]
            [codis.jepsen.checker.append :as append]
            [codis.jepsen.checker.counter :as counter]
            [codis.jepsen.checker.history :as h]
            [codis.jepsen.checker.linearizable :as linearizable]
            [codis.jepsen.checker.set :as set-checker]))

(def checkers-by-workload
  "Workload → {checker-name check-fn}."
  {:register {:linearizable linearizable/check}
   :meta-register {:linearizable linearizable/check}
   :set {:set set-checker/check}
   :counter {:counter counter/check}
   :append {:append append/check}})

(defn stats
  "Counts of client operations by :f and completion type, e.g. {:write {:ok 10 :info 2}}."
  [history]
  (let [{:keys [ops]} (h/pair-ops history)]
    (->> ops
         (group-by :f)
         (into (sorted-map) (map (fn [[f fops]] [f (into (sorted-map) (frequencies (map :type fops)))]))))))

(defn check-all
  "Runs the checkers of workload (a keyword or its name) on history. opts are passed to every
  checker (e.g. :time-limit-ms, :max-states for the linearizability search)."
  ([history workload] (check-all history workload {}))
  ([history workload opts]
   (let [w (keyword workload)
         checkers (or (checkers-by-workload w)
                      (throw (ex-info (str "unknown workload " (pr-str workload)
                                           "; known: " (str/join ", " (map name (keys checkers-by-workload))))
                                      {:workload workload})))
         results (into (sorted-map) (for [[nm f] checkers] [nm (f history opts)]))]
     {:valid? (h/merge-valid (map :valid? (vals results)))
      :workload w
      :results results
      :stats (stats history)})))

(defn- verdict-word [v]
  (cond (true? v) "VALID" (false? v) "INVALID" :else "UNKNOWN"))

(def ^:private detail-keys
  "Keys of a checker result that hold windows and reasons rather than counts."
  #{:failures :unknown :reason :problems :lost :lost-ops :final-read :phantom :phantom-read
    :unexpected :unexpected-ops :duplicated :duplicated-read :stale :stale-read :stale-ops
    :errors :anomalies})

(defn- counts-line [result]
  (->> (apply dissoc result :valid? detail-keys)
       (sort-by key)
       (map (fn [[k v]] (str (name k) " " (pr-str v))))
       (str/join ", ")))

(defn- readable
  "Replaces each op (a `brief` map) by its one-line description."
  [x]
  (if (h/brief? x) (h/describe-brief x) x))

(defn summarise
  "A short text for people: the verdict, one line per checker with its counts, then what each
  failing (or undecided) checker found."
  [{:keys [valid? workload results stats]}]
  (let [lines (concat
               [(str "Workload " (name workload) ": " (verdict-word valid?))]
               (for [[nm r] results]
                 (str "  " (name nm) ": " (verdict-word (:valid? r)) " (" (counts-line r) ")"))
               [(str "  operations: "
                     (str/join "; " (for [[f by-type] stats]
                                      (str (name f) " " (str/join " " (for [[t c] by-type] (str (name t) "=" c)))))))]
               (for [[nm r] results
                     :when (not (true? (:valid? r)))
                     :let [details (select-keys r detail-keys)]
                     :when (seq details)]
                 (str "  " (name nm) " details:\n"
                      (->> (str/split-lines (with-out-str
                                              (binding [pprint/*print-right-margin* 110]
                                                (pprint/pprint (walk/postwalk readable details)))))
                           (map #(str "    " %))
                           (str/join "\n")))))]
    (str (str/join "\n" lines) "\n")))

(defn check-file
  "Reads an EDN history (a vector of op maps) from path and checks it as workload."
  ([path workload] (check-file path workload {}))
  ([path workload opts]
   (check-all (edn/read-string (slurp path)) workload opts)))

(defn -main [& [path workload time-limit-s]]
  (if-not (and path workload)
    (do (println "usage: history.edn workload [time-limit-s]; workloads:"
                 (str/join ", " (map name (keys checkers-by-workload))))
        (System/exit 2))
    (let [opts (if time-limit-s
                 (let [ms (* 1000 (parse-long time-limit-s))]
                   {:time-limit-ms ms :key-time-limit-ms ms})
                 {})
          result (check-file path workload opts)]
      (print (summarise result))
      (flush)
      (System/exit (case (:valid? result) true 0 false 1 3)))))
