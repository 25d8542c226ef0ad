#!/usr/bin/env bash
# Metaserver benchmark on this machine: 3 peers as separate processes on loopback.
#   bench/metaserver/run.sh [failover-runs=10] [throughput-seconds=10] [threads=16] [watchers=100] [warmup-seconds=20]
# The throughput figure is measured after warmup-seconds of uncounted writes: fresh peer JVMs run
# interpreted/C1 code for their first tens of seconds (0 measures the cold start).
# Prints: time from kill -9 of the leader to the next committed write (each run and the median),
# committed writes/s, and watch fan-out latency. Build first: mvn -B -q package -DskipTests
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=${1:-10}; secs=${2:-10}; threads=${3:-16}; watchers=${4:-100}; warmup=${5:-20}
dir=$(mktemp -d /tmp/meta-bench.XXXXXX)
declare -a pids

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
raft=(); http=()
for i in 0 1 2; do raft[$i]=$(free_port); http[$i]=$(free_port); done
peers="m0=127.0.0.1:${raft[0]}:${http[0]},m1=127.0.0.1:${raft[1]}:${http[1]},m2=127.0.0.1:${raft[2]}:${http[2]}"
addrs="127.0.0.1:${http[0]},127.0.0.1:${http[1]},127.0.0.1:${http[2]}"

start() { "$home/bin/codis-metaserver" --id "m$1" --peers "$peers" --dir "$dir/m$1" >> "$dir/m$1.log" 2>&1 & pids[$1]=$!; }
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
health() { curl -s -m 2 "127.0.0.1:${http[$1]}/v1/health" || true; }
leader() { for i in 0 1 2; do health "$i" | grep -q '"leader":true' && { echo "$i"; return; }; done; echo -1; }
wait_leader() { for _ in $(seq 1 300); do l=$(leader); [[ $l -ge 0 ]] && { echo "$l"; return; }; sleep 0.1; done; echo "no leader" >&2; exit 1; }
put() { curl -s -m 3 -o /dev/null -w '%{http_code}' -X PUT "127.0.0.1:${http[$1]}/v1/kv/failover" -d "{\"value\":\"$2\"}" || true; }

for i in 0 1 2; do start "$i"; done
wait_leader > /dev/null
until [[ $(put 0 warm) == 200 ]]; do sleep 0.2; done

cp="$(ls "$home"/metaserver/client/target/codis-metaserver-client-*.jar | head -1):$home/metaserver/server/target/lib/*"
java -cp "$cp" "$home/bench/metaserver/MetaBench.java" throughput "$addrs" "$secs" "$threads" "$warmup"
[[ $watchers -gt 0 ]] && java -cp "$cp" "$home/bench/metaserver/MetaBench.java" watch "$addrs" "$watchers" 5

times=()
for r in $(seq 1 "$runs"); do
  l=$(wait_leader)
  o=$(( (l + 1) % 3 ))
  kill -9 "${pids[$l]}"
  t0=$(date +%s%N)
  until [[ $(put "$o" "run$r") == 200 ]]; do :; done
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  times+=("$ms")
  echo "failover run $r: killed m$l, next committed write via m$o after $ms ms"
  start "$l"
  # Let the restarted peer catch up before the next kill, so a quorum always exists.
  until [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' "127.0.0.1:${http[$l]}/v1/kv/failover") == 200 ]]; do sleep 0.2; done
  sleep 1
done
[[ $runs -gt 0 ]] || exit 0
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "failover: median $(( ${sorted[$(( runs / 2 ))]} )) ms over $runs runs (min ${sorted[0]}, max ${sorted[$(( runs - 1 ))]})"
