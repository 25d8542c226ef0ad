# Sourced by every bin/ launcher: finds the module's jar, picks the JDK and the JVM flags, and
# execs the main class with the caller's arguments unchanged (so the launcher's PID is the JVM's
# and SIGTERM reaches the JVM directly).
#
#   codis_launch NAME MODULE_DIR JAR_PREFIX MAIN_CLASS ROLE "$@"
#
# JDK: $JAVA if set; else the newest JDK found under /usr/lib/jvm (25, then 21: Temurin first);
# else $JAVA_HOME/bin/java; else `java` on the PATH. Java 17 is the minimum.
# JVM flags: $CODIS_JAVA_OPTS replaces them all when set. Otherwise
#   collector  $CODIS_GC = g1 | parallel | zgc | serial; default parallel for the node (the
#              best throughput and median latency in short redis-benchmark runs here; see
#              docs/codisctl.md), zgc for the proxy (pauses under 0.1 ms where Parallel's young
#              collections took 25-100 ms under load, same throughput; see docs/proxy.md), g1 for
#              the metaserver (short pauses next to Raft heartbeats), serial for codisctl (fastest
#              start-up for a short command)
#   heap       $CODIS_HEAP (e.g. 4g) sets -Xms and -Xmx; default: the JVM's (1/4 of RAM) for the
#              node, a fixed 1g for the proxy, 512m max for metaserver, 256m max for codisctl; the
#              proxy's heap is always pre-touched (-XX:+AlwaysPreTouch: no page faults later)
#   always     -Xss2m for servers; on JDK 22+ the flags that silence native-access warnings of
#              RocksDB and Netty.

codis_java() {
  if [[ -n "${JAVA:-}" ]]; then echo "$JAVA"; return; fi
  local d
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/temurin-21* /usr/lib/jvm/*-21-*; do
    if [[ -x "$d/bin/java" ]]; then echo "$d/bin/java"; return; fi
  done
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  echo java
}

# The feature version (17, 21, 25...) of a java binary, read from its JDK's release file (no JVM
# start); 17 when unknown.
codis_java_version() {
  local bin real release v
  bin=$(command -v "$1" 2>/dev/null || echo "$1")
  real=$(readlink -f "$bin" 2>/dev/null || echo "$bin")
  release="$(dirname "$(dirname "$real")")/release"
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null | head -n 1)
  echo "${v:-17}"
}

codis_jvm_flags() {
  local role=$1 version=$2 gc heap flags=""
  if [[ -n "${CODIS_JAVA_OPTS:-}" ]]; then echo "$CODIS_JAVA_OPTS"; return; fi
  case $role in
    cli) gc=${CODIS_GC:-serial} ;;
    metaserver) gc=${CODIS_GC:-g1}; flags="-Xss2m" ;;
    proxy) gc=${CODIS_GC:-zgc}; flags="-Xss2m" ;;
    *) gc=${CODIS_GC:-parallel}; flags="-Xss2m" ;;
  esac
  case $gc in
    g1) flags="$flags -XX:+UseG1GC -XX:MaxGCPauseMillis=50" ;;
    parallel) flags="$flags -XX:+UseParallelGC" ;;
    zgc) flags="$flags -XX:+UseZGC"; if ((version >= 21 && version < 23)); then flags="$flags -XX:+ZGenerational"; fi ;;
    serial) flags="$flags -XX:+UseSerialGC" ;;
    *) echo "codis: CODIS_GC=$gc (expected: g1, parallel, zgc or serial)" >&2; return 2 ;;
  esac
  heap=${CODIS_HEAP:-}
  if [[ -n $heap ]]; then
    flags="$flags -Xms$heap -Xmx$heap"
  elif [[ $role == proxy ]]; then
    flags="$flags -Xms1g -Xmx1g"
  elif [[ $role == metaserver ]]; then
    flags="$flags -Xmx512m"
  elif [[ $role == cli ]]; then
    flags="$flags -Xmx256m -XX:TieredStopAtLevel=1"
  fi
  if [[ $role == proxy ]]; then
    flags="$flags -XX:+AlwaysPreTouch"
  fi
  if ((version >= 22)); then
    flags="$flags --enable-native-access=ALL-UNNAMED"
  fi
  if ((version >= 23)); then
    flags="$flags --sun-misc-unsafe-memory-access=allow"
  fi
  echo "$flags"
}

codis_launch() {
  local name=$1 module=$2 prefix=$3 main=$4 role=$5
  shift 5
  local home jar java version flags
  home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  jar=$(ls "$home/$module"/target/"$prefix"-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
  if [[ -z "$jar" ]]; then
    echo "$name: not built yet; run: mvn -B -q package -DskipTests" >&2
    exit 1
  fi
  java=$(codis_java)
  version=$(codis_java_version "$java")
  flags=$(codis_jvm_flags "$role" "$version") || exit 2
  # shellcheck disable=SC2086 # flags are words by design
  exec "$java" $flags -Dcodis.home="$home" -cp "$jar:$home/$module/target/lib/*" "$main" "$@"
}
