#!/usr/bin/env bash
# Runs the checker unit tests (namespaces codis.jepsen.checker.*-test) with plain clojure.main,
# without the jepsen module's pom. Needs only Java 17 and Clojure's three jars in ~/.m2; fetches
# them with Maven when they are missing. When protocol/target/classes and
# metaserver/client/target/classes exist (after `mvn -o install -DskipTests`), the two ErrorCode
# enums are on the classpath and the outcome test compares the fallback tables with them through
# interop (it always compares them with the enums' source files).
#
#   jepsen/test/run-checker-tests.sh                 # every checker test namespace
#   jepsen/test/run-checker-tests.sh counter-test    # only codis.jepsen.checker.counter-test
#
# Prints "N passed, N failed" and exits non-zero when a test fails or errors. About 30 s on an
# idle 2-core machine (the 50,000-event runs dominate).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jepsen="$(dirname "$here")"
root="$(dirname "$jepsen")"
repo="${M2_REPO:-$HOME/.m2/repository}"
jars=(
  "org/clojure/clojure/1.12.6/clojure-1.12.6.jar"
  "org/clojure/spec.alpha/0.5.238/spec.alpha-0.5.238.jar"
  "org/clojure/core.specs.alpha/0.4.74/core.specs.alpha-0.4.74.jar"
)
if [[ ! -f "$repo/${jars[0]}" || ! -f "$repo/${jars[1]}" || ! -f "$repo/${jars[2]}" ]]; then
  mvn -B -q dependency:get -Dartifact=org.clojure:clojure:1.12.6
fi
cp="$jepsen/src:$jepsen/test"
for j in "${jars[@]}"; do cp="$cp:$repo/$j"; done
for classes in protocol/target/classes metaserver/client/target/classes; do
  if [[ -d "$root/$classes" ]]; then cp="$cp:$root/$classes"; fi
done

if [[ $# -gt 0 ]]; then
  namespaces=$(printf 'codis.jepsen.checker.%s ' "$@")
else
  namespaces=$(cd "$jepsen/test" && ls codis/jepsen/checker/*_test.clj \
    | sed -e 's/\.clj$//' -e 's#/#.#g' -e 's/_/-/g' | tr '\n' ' ')
fi

cd "$jepsen"   # the outcome test finds ../protocol/.../ErrorCode.java from here
exec java -cp "$cp" clojure.main -e "
(require 'clojure.test)
(let [namespaces (map symbol (clojure.string/split \"$namespaces\" #\"\\s+\"))
      _ (apply require namespaces)
      {:keys [pass fail error]} (apply clojure.test/run-tests namespaces)]
  (println (str pass \" passed, \" (+ fail error) \" failed\"))
  (System/exit (if (zero? (+ fail error)) 0 1)))"
