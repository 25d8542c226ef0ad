;; The clojure-maven-plugin's test script: loads every *_test.clj namespace under test/ (the
;; checkers' tests included), runs clojure.test, prints the plain line "N passed, N failed" that CI
;; reads, and exits non-zero when anything failed or errored.
(require '[clojure.java.io :as io]
         '[clojure.string :as str]
         '[clojure.test :as t])

(def test-root (io/file (System/getProperty "jepsen.home" ".") "test"))

(defn- file->ns [^java.io.File f]
  (-> (str (.relativize (.toPath test-root) (.toPath f)))
      (str/replace #"\.clj$" "")
      (str/replace "/" ".")
      (str/replace "_" "-")
      symbol))

(def test-namespaces
  (sort (for [f (file-seq test-root)
              :when (and (.isFile ^java.io.File f) (str/ends-with? (.getName ^java.io.File f) "_test.clj"))]
          (file->ns f))))

(apply require test-namespaces)
(let [{:keys [pass fail error test]} (apply t/run-tests test-namespaces)]
  (println)
  (println (str test " tests, " (+ pass fail error) " assertions"))
  (println (str pass " passed, " (+ fail error) " failed"))
  (shutdown-agents)
  (System/exit (if (zero? (+ fail error)) 0 1)))
