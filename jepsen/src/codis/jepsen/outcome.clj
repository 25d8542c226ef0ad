(ns codis.jepsen.outcome
  "How a failed operation completes: `:fail` (definitely not executed) or `:info` (outcome
  unknown), decided by the project's error catalogue (`codis.jepsen.checker.outcome`, which
  follows docs/errors.md and reads the Java `ErrorCode` enums when they are on the classpath)."
  (:require [codis.jepsen.checker.outcome :as catalogue]))

(defn catalogue-source
  "Which classifier is in use (the summary reports it)."
  []
  (str "codis.jepsen.checker.outcome (" (catalogue/catalogue-source) ")"))

(defn classify
  "`:fail` or `:info` for an error text; `sent?` false means the request never left the client."
  [error-string sent?]
  (catalogue/classify error-string sent?))

(defn classify-http
  "For the metaserver's HTTP answers the status code is the catalogue (docs/metaserver-api.md):
  any 4xx and 503 changed nothing, 504 and everything else may have been applied. Transport errors
  (no status) go through `classify`."
  [{:keys [status error sent?] :as r}]
  (cond (nil? status) (classify error sent?)
        (or (<= 400 status 499) (= 503 status)) :fail
        :else :info))
