(ns codis.jepsen.http
  "A small JSON-over-HTTP client for the metaserver API (java.net.http, no extra library).
  Failures come back as data, never as exceptions, with `:sent?` saying whether the request may
  have reached the server: a refused or timed-out connect never sent anything."
  (:require [clojure.data.json :as json])
  (:import (java.net ConnectException URI URLEncoder)
           (java.net.http HttpClient HttpClient$Version HttpConnectTimeoutException HttpRequest
                          HttpRequest$BodyPublishers HttpResponse$BodyHandlers HttpTimeoutException)
           (java.nio.charset StandardCharsets)
           (java.time Duration)))

(def connect-timeout-ms 1000)

(defn client
  "One HTTP client; it pools connections per host."
  []
  (-> (HttpClient/newBuilder)
      (.version HttpClient$Version/HTTP_1_1)
      (.connectTimeout (Duration/ofMillis connect-timeout-ms))
      (.build)))

(defn encode-key [k] (.replace (URLEncoder/encode (str k) StandardCharsets/UTF_8) "+" "%20"))

(defn request
  "Sends one request. Returns {:status s :body parsed-json} or {:error \"CODE message\" :sent? bool}.
  Error codes of our own: CONNECT (nothing sent), TIMEOUT-CLIENT (sent, no answer in time), IO."
  [^HttpClient c method url body timeout-ms]
  (let [pub (if body
              (HttpRequest$BodyPublishers/ofString (json/write-str body))
              (HttpRequest$BodyPublishers/noBody))
        req (-> (HttpRequest/newBuilder (URI/create url))
                (.timeout (Duration/ofMillis timeout-ms))
                (.header "Content-Type" "application/json")
                (.method method pub)
                (.build))]
    (try
      (let [resp (.send c req (HttpResponse$BodyHandlers/ofString))
            text (.body resp)
            parsed (try (json/read-str text :key-fn keyword) (catch Exception _ text))]
        {:status (.statusCode resp) :body parsed})
      (catch HttpConnectTimeoutException e {:error (str "CONNECT " (.getMessage e)) :sent? false})
      (catch ConnectException e {:error (str "CONNECT " (.getMessage e)) :sent? false})
      (catch HttpTimeoutException e {:error (str "TIMEOUT-CLIENT " (.getMessage e)) :sent? true})
      (catch java.io.IOException e {:error (str "IO " (.getMessage e)) :sent? true}))))

(defn error-text
  "An answered error as the catalogue's shape: \"CODE message\" from the metaserver's JSON body."
  [{:keys [status body]}]
  (if (map? body)
    (str (:code body) " " (:message body))
    (str "HTTP" status " " body)))
