(ns codis.jepsen.checker.support
  "Helpers for the checker tests: compact hand-made histories and a simulator that produces
  histories from a real sequential model (so they are valid by construction).")

(defn history
  "Builds a history from compact events [process type f value] (optionally with an :error as a
  fifth element), numbering :index and :time in order."
  [& events]
  (vec (map-indexed
        (fn [i [p t f v err]]
          (cond-> {:index i :time (* 1000 i) :process p :type t :f f :value v}
            err (assoc :error err)))
        events)))

(defn timed
  "Runs f; returns [result wall-seconds cpu-seconds-of-this-thread]. CPU time is what a test
  should bound: wall time on a shared 2-core CI says more about the neighbours than the code."
  [f]
  (let [mx (java.lang.management.ManagementFactory/getThreadMXBean)
        cpu0 (.getCurrentThreadCpuTime mx)
        wall0 (System/nanoTime)
        r (f)]
    [r (/ (- (System/nanoTime) wall0) 1e9) (/ (- (.getCurrentThreadCpuTime mx) cpu0) 1e9)]))

;; --- simulation ------------------------------------------------------------------------------

(defprotocol Model
  (generate [m rng op-number state] "A new invocation {:f :value} for op number op-number.")
  (apply-op [m state op] "Runs op on state: [state' completion-type completion-value]."))

(defn- rand-int* [^java.util.Random rng n] (.nextInt rng (int n)))

(defn- chance? [^java.util.Random rng p] (< (.nextDouble rng) p))

(defn simulate
  "A concurrent history from a sequential model. Processes run one op at a time; at each step a
  random live process makes progress: it invokes, its op takes effect (at a random point between
  invoke and completion: the linearization point), or it completes. Some ops end :info (a timeout,
  before or after taking effect: the process is then retired and replaced, as Jepsen does), and
  some are refused before taking effect (:fail). Ops still in flight at the end stay incomplete.
  Options: :seed :ops :processes :info-rate :refuse-rate; final-reads is a seq of invocations run
  sequentially at the end by a fresh process."
  [model {:keys [seed ops processes info-rate refuse-rate init final-reads]
          :or {seed 1 ops 200 processes 5 info-rate 0.03 refuse-rate 0.02}}]
  (let [rng (java.util.Random. seed)
        out (transient [])
        emit! (fn [p t f v] (conj! out {:index (count out) :time (* 1000 (count out))
                                        :process p :type t :f f :value v}))]
    ;; procs: vector of {:process p :phase :idle|:invoked|:applied :op .. :result ..}
    (loop [state init
           procs (vec (for [p (range processes)] {:process p :phase :idle}))
           next-process processes
           started 0]
      (let [live (filterv #(or (not= :idle (:phase %)) (< started ops)) procs)]
        (if (empty? live)
          (let [p next-process]
            (reduce (fn [state inv]
                      (let [[state' t v] (apply-op model state inv)]
                        (emit! p :invoke (:f inv) (:value inv))
                        (emit! p t (:f inv) v)
                        state'))
                    state final-reads)
            (persistent! out))
          (let [i (.indexOf ^java.util.List procs (nth live (rand-int* rng (count live))))
                {:keys [process phase op]} (procs i)]
            (case phase
              :idle
              (let [inv (generate model rng started state)]
                (emit! process :invoke (:f inv) (:value inv))
                (recur state (assoc procs i {:process process :phase :invoked :op inv})
                       next-process (inc started)))
              :invoked
              (cond
                (chance? rng refuse-rate)
                (do (emit! process :fail (:f op) (:value op))
                    (recur state (assoc procs i {:process process :phase :idle}) next-process started))
                (chance? rng info-rate)        ; timed out, never took effect
                (do (emit! process :info (:f op) (:value op))
                    (recur state (assoc procs i {:process next-process :phase :idle})
                           (inc next-process) started))
                :else
                (let [[state' t v] (apply-op model state op)]
                  (recur state' (assoc procs i {:process process :phase :applied :op op
                                                :result [t v]})
                         next-process started)))
              :applied
              (let [[t v] (:result (procs i))]
                (if (chance? rng info-rate)    ; took effect, but the reply was lost
                  (do (emit! process :info (:f op) (:value op))
                      (recur state (assoc procs i {:process next-process :phase :idle})
                             (inc next-process) started))
                  (do (emit! process t (:f op) v)
                      (recur state (assoc procs i {:process process :phase :idle})
                             next-process started)))))))))))

(defrecord Register [key-fn]
  Model
  (generate [_ rng n state]
    (let [k (key-fn rng n)
          r (rand-int* rng 10)]
      (cond (< r 4) {:f :read :value [k nil]}
            (< r 7) {:f :write :value [k n]}
            :else {:f :cas :value [k [(if (chance? rng 0.7) (get state k) (rand-int* rng (max 1 n))) n]]})))
  (apply-op [_ state {:keys [f value]}]
    (let [[k v] value]
      (case f
        :read [state :ok [k (get state k)]]
        :write [(assoc state k v) :ok value]
        :cas (let [[old new] v]
               (if (= old (get state k))
                 [(assoc state k new) :ok value]
                 [state :fail value]))))))

(defn register-model
  "Registers over keys-count keys chosen at random, or, with :window w, a key that changes every
  w ops so that all processes hammer the same key at once (the hard case for the search).
  Values are unique: each write or cas writes its op number."
  [{:keys [keys-count window] :or {keys-count 3}}]
  (->Register (if window
                (fn [_ n] (quot n window))
                (fn [rng _] (rand-int* rng keys-count)))))

(defrecord SetModel []
  Model
  (generate [_ rng n _] {:f :add :value n})
  (apply-op [_ state {:keys [f value]}]
    (case f
      :add [(conj state value) :ok value]
      :read [state :ok state])))

(defrecord Counter []
  Model
  (generate [_ rng _ _]
    (if (chance? rng 0.4) {:f :read :value nil} {:f :add :value (- (rand-int* rng 15) 5)}))
  (apply-op [_ state {:keys [f value]}]
    (case f
      :add [(+ state value) :ok value]
      :read [state :ok state])))

(defrecord AppendModel [keys-count]
  Model
  (generate [_ rng n _]
    (let [k (rand-int* rng keys-count)]
      (if (chance? rng 0.4) {:f :read :value [k nil]} {:f :append :value [k n]})))
  (apply-op [_ state {:keys [f value]}]
    (let [[k e] value]
      (case f
        :append [(update state k (fnil conj []) e) :ok value]
        :read [state :ok [k (get state k [])]]))))
