(ns codis.jepsen.report
  "What a run leaves for a person: a text summary and one self-contained HTML page with two inline
  SVG plots drawn here (no libraries): latency over time (log scale, one dot per operation,
  coloured by outcome, fault windows shaded) and throughput per second by outcome."
  (:require [clojure.pprint :as pprint]
            [clojure.string :as str]
            [codis.jepsen.checkers :as checkers]
            [codis.jepsen.loss :as loss]))

(def points-max
  "Dots drawn in the latency plot; longer histories are sampled evenly."
  20000)

(def colours {:ok "#2a9d2a" :fail "#d62728" :info "#ff9f1c"})

(defn latencies
  "[{:time-s :latency-ms :type :f}] for every completed client op, paired with its invocation by
  process."
  [history]
  (let [open (java.util.HashMap.)]
    (reduce (fn [acc op]
              (cond
                (= :nemesis (:process op)) acc
                (= :invoke (:type op)) (do (.put open (:process op) op) acc)
                :else (if-let [inv (.remove open (:process op))]
                        (conj acc {:time-s (/ (:time inv) 1e9)
                                   :latency-ms (max 0.01 (/ (- (:time op) (:time inv)) 1e6))
                                   :type (:type op) :f (:f op)})
                        acc)))
            [] history)))

(defn fault-windows
  "[{:from-s :to-s :fault}] from the nemesis's start/stop records (an unclosed one ends at the
  history's end)."
  [history]
  (let [end (/ (or (:time (peek (vec history))) 0) 1e9)]
    (loop [ops (filter #(and (= :nemesis (:process %)) (#{:start :stop} (:f %))) history)
           open nil acc []]
      (if-let [op (first ops)]
        (if (= :start (:f op))
          (recur (rest ops) {:from-s (/ (:time op) 1e9) :fault (get-in op [:value :fault])} acc)
          (recur (rest ops) nil (if open (conj acc (assoc open :to-s (/ (:time op) 1e9))) acc)))
        (if open (conj acc (assoc open :to-s end)) acc)))))

(defn throughput
  "{type {second count}} of completions."
  [history]
  (reduce (fn [m op]
            (if (or (= :nemesis (:process op)) (= :invoke (:type op)))
              m
              (update-in m [(:type op) (long (/ (:time op) 1e9))] (fnil inc 0))))
          {} history))

(defn- esc [s] (-> (str s) (str/replace "&" "&amp;") (str/replace "<" "&lt;") (str/replace ">" "&gt;")))

(def ^:private W 900)
(def ^:private H 300)
(def ^:private margin {:l 70 :r 20 :t 20 :b 40})

(defn- frame
  "Axes, grid labels and the fault shading; returns SVG text and the x scale."
  [x-max y-ticks y-of y-label windows]
  (let [{:keys [l r t b]} margin
        pw (- W l r) ph (- H t b)
        x-of (fn [s] (+ l (* pw (/ s (max 1e-9 x-max)))))
        step (max 1 (long (Math/ceil (/ x-max 10))))]
    [(str
      (str/join (for [{:keys [from-s to-s fault]} windows]
                  (format "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='#888' opacity='0.18'><title>%s</title></rect><text x='%.1f' y='%d' font-size='10' fill='#555'>%s</text>"
                          (double (x-of from-s)) t (double (max 1 (- (x-of to-s) (x-of from-s)))) ph
                          (esc (name fault)) (double (+ 2 (x-of from-s))) (+ t 10) (esc (name fault)))))
      (format "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#000'/>" l (+ t ph) (+ l pw) (+ t ph))
      (format "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#000'/>" l t l (+ t ph))
      (str/join (for [s (range 0 (inc (long x-max)) step)]
                  (format "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%d</text>"
                          (double (x-of s)) (+ t ph 15) s)))
      (format "<text x='%d' y='%d' font-size='12' text-anchor='middle'>time (s)</text>" (+ l (quot pw 2)) (- H 5))
      (str/join (for [[v label] y-ticks]
                  (format "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/><text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>"
                          l (double (y-of v)) (+ l pw) (double (y-of v)) (- l 5) (double (+ 4 (y-of v))) label)))
      (format "<text transform='translate(14,%d) rotate(-90)' font-size='12' text-anchor='middle'>%s</text>" (+ t (quot ph 2)) y-label))
     x-of]))

(defn latency-svg [history]
  (let [pts (latencies history)
        pts (if (> (count pts) points-max)
              (take-nth (long (Math/ceil (/ (count pts) points-max))) pts) pts)
        x-max (max 1.0 (/ (or (:time (peek (vec history))) 0) 1e9))
        {:keys [t b]} margin ph (- H t b)
        lo -1.0 hi 4.0                     ; 0.1 ms .. 10 s, log10
        y-of (fn [ms] (+ t (* ph (- 1 (/ (- (Math/log10 (max 0.1 (min 1e4 ms))) lo) (- hi lo))))))
        ticks (map vector [0.1 1 10 100 1000 10000] ["0.1 ms" "1 ms" "10 ms" "100 ms" "1 s" "10 s"])
        [axes x-of] (frame x-max ticks y-of "latency (ms, log)" (fault-windows history))]
    (str "<svg xmlns='http://www.w3.org/2000/svg' width='" W "' height='" H "'>" axes
         (str/join (for [{:keys [time-s latency-ms type f]} pts]
                     (format "<circle cx='%.1f' cy='%.1f' r='1.8' fill='%s'><title>%s %s %.1f ms</title></circle>"
                             (double (x-of time-s)) (double (y-of latency-ms)) (colours type "#000")
                             (name f) (name type) (double latency-ms))))
         "</svg>")))

(defn throughput-svg [history]
  (let [tp (throughput history)
        x-max (max 1.0 (/ (or (:time (peek (vec history))) 0) 1e9))
        y-max (max 1 (apply max 1 (mapcat vals (vals tp))))
        {:keys [t b]} margin ph (- H t b)
        y-of (fn [v] (+ t (* ph (- 1 (/ v y-max)))))
        ticks (for [i (range 0 5)] (let [v (* i (/ y-max 4.0))] [v (format "%.0f" v)]))
        [axes x-of] (frame x-max ticks y-of "completions / s" (fault-windows history))]
    (str "<svg xmlns='http://www.w3.org/2000/svg' width='" W "' height='" H "'>" axes
         (str/join (for [[type per-s] tp]
                     (format "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>"
                             (colours type "#000")
                             (str/join " " (for [s (range 0 (inc (long x-max)))]
                                             (format "%.1f,%.1f" (double (x-of (+ s 0.5)))
                                                     (double (y-of (get per-s s 0)))))))))
         "</svg>")))

(defn summary-text [test results]
  (str "test:       " (name (:workload test)) " / nemesis " (:nemesis test)
       " " (pr-str (:selected-faults test)) "\n"
       "options:    " (pr-str (select-keys test [:time-limit :concurrency :rate :seed :durability
                                                 :metaservers :nodes :replicas :proxies :fault-s
                                                 :heal-s :replication :master-lease-ttl
                                                 :probe-interval :detection-timeout])) "\n"
       "verdict:    " (checkers/describe (:valid? results)) "\n"
       "checker:    " (get-in results [:workload :checker]) "\n"
       (when-let [e (get-in results [:workload :error])] (str "note:       " e "\n"))
       "classifier: " (:classifier results) "\n"
       (when (seq (:processes-died results))
         (str "DIED:       " (pr-str (:processes-died results)) " (host -> exit code; see logs/)\n"))
       "ops:        " (pr-str (get-in results [:stats :total])) "\n"
       (when-let [l (:loss results)] (str "loss:       " (loss/describe l) "\n"))
       (when-let [f (:failovers results)] (str "failovers:  " (pr-str f) "\n"))
       (when (seq (:discarded results))
         (str "discarded:  " (reduce + (map count (vals (:discarded results))))
              " DISCARDED log line(s) of rejoining masters, " (pr-str (keys (:discarded results)))
              " (results.edn :discarded)\n"))
       "by f:       " (pr-str (get-in results [:stats :by-f])) "\n"))

(defn html [test history results]
  (str "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" (esc (name (:workload test)))
       " " (esc (:nemesis test)) "</title><style>body{font-family:sans-serif;margin:20px}"
       "pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}.legend span{margin-right:14px}</style></head><body>"
       "<h1>" (esc (name (:workload test))) " under " (esc (:nemesis test)) ": "
       (esc (checkers/describe (:valid? results))) "</h1>"
       "<pre>" (esc (summary-text test results)) "</pre>"
       "<p class='legend'>" (str/join (for [[k c] colours] (str "<span style='color:" c "'>&#9679; " (name k) "</span>")))
       "<span style='background:#ddd'>&nbsp;shaded: fault window&nbsp;</span></p>"
       "<h2>Latency</h2>" (latency-svg history)
       "<h2>Throughput</h2>" (throughput-svg history)
       "<h2>Checker</h2><pre>" (esc (with-out-str (pprint/pprint (:workload results)))) "</pre>"
       "</body></html>"))
