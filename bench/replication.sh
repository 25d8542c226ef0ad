#!/usr/bin/env bash
# Replication throughput, ours vs redis-server 7.0, in one run:
#  - full sync: N keys of V-byte values loaded into an idle master; time from REPLICAOF until the
#    replica reports master_link_status:up with the master's offset; MB/s = N*(key+value bytes)/time.
#  - incremental: redis-benchmark SETs (M requests, 50 clients, pipeline 16) into the master while the
#    replica follows; ops/s = M / time from the benchmark's start until the replica's offset equals
#    the master's.
# Needs a built tree (mvn -B -q package -DskipTests), redis-server, redis-cli, redis-benchmark.
#
#   bench/replication.sh [N] [M] [V]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-300000}; m=${2:-500000}; v=${3:-100}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
now() { date +%s.%N; }
field() { redis-cli -p "$1" info replication | tr -d '\r' | awk -F: -v f="$2" '$1==f{print $2}'; }
wait_up() { # port: the replica's link is up (at most 300 s)
  local deadline=$((SECONDS + 300))
  while (( SECONDS < deadline )); do [[ "$(field "$1" master_link_status)" == up ]] && return; sleep 0.02; done
  echo "replica on $1 never came up" >&2; exit 1
}
wait_caught_up() { # master replica (at most 300 s)
  local target deadline=$((SECONDS + 300)); target=$(field "$1" master_repl_offset)
  while (( SECONDS < deadline )); do
    [[ "$(field "$2" master_repl_offset)" -ge "$target" ]] && return; sleep 0.02
  done
  echo "replica on $2 never caught up" >&2; exit 1
}
wait_ping() { for _ in $(seq 300); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done; exit 1; }

declare -A ports
for who in ours_m ours_r redis_m redis_r; do ports[$who]=$(free_port); done
mkdir -p "$workdir"/{om,or,rm,rr}
(cd "$workdir/om" && exec "$home/bin/codis-node" --port "${ports[ours_m]}" >node.log 2>&1) & pids+=($!)
(cd "$workdir/or" && exec "$home/bin/codis-node" --port "${ports[ours_r]}" >node.log 2>&1) & pids+=($!)
for who in redis_m redis_r; do
  redis-server --port "${ports[$who]}" --save "" --appendonly no --dir "$workdir/${who/redis_/r}" \
    --repl-diskless-sync yes --repl-diskless-sync-delay 0 --repl-backlog-size 16mb \
    --daemonize no --loglevel warning >"$workdir/$who.log" 2>&1 & pids+=($!)
done
for who in ours_m ours_r redis_m redis_r; do wait_ping "${ports[$who]}"; done

value=$(head -c "$v" /dev/zero | tr '\0' 'x')
seq 1 "$n" | awk -v val="$value" '{k="key:"$1; printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(val), val}' \
  >"$workdir/load.resp"
data_bytes=$(awk -v n="$n" -v v="$v" 'BEGIN{s=0; for(i=1;i<=n;i++) s+=length("key:" i)+v; print s}')

declare -A full incr
for side in ours redis; do
  master=${ports[${side}_m]}; replica=${ports[${side}_r]}
  redis-cli -p "$master" --pipe <"$workdir/load.resp" >/dev/null
  start=$(now)
  reply=$(redis-cli -p "$replica" replicaof 127.0.0.1 "$master")
  [[ "$reply" == OK* ]] || { echo "$side: REPLICAOF answered: $reply" >&2; exit 1; }
  wait_up "$replica"; wait_caught_up "$master" "$replica"
  full[$side]=$(awk -v s="$start" -v e="$(now)" -v b="$data_bytes" 'BEGIN{printf "%.1f", b/1048576/(e-s)}')
  [[ "$(redis-cli -p "$replica" dbsize)" == "$n" ]] || { echo "$side replica has $(redis-cli -p "$replica" dbsize) keys, expected $n" >&2; exit 1; }
  start=$(now)
  redis-benchmark -p "$master" -t set -n "$m" -c 50 -P 16 -r 100000 -d "$v" -q >/dev/null
  wait_caught_up "$master" "$replica"
  incr[$side]=$(awk -v s="$start" -v e="$(now)" -v m="$m" 'BEGIN{printf "%.0f", m/(e-s)}')
done

echo "full sync: $n keys, $((data_bytes / 1048576)) MB of keys+values; incremental: $m SETs (50 clients, pipeline 16)"
printf "%-28s %12s %12s %8s\n" metric ours redis ratio
printf "%-28s %12s %12s %8.2f\n" "full sync MB/s" "${full[ours]}" "${full[redis]}" "$(awk -v a="${full[ours]}" -v b="${full[redis]}" 'BEGIN{print a/b}')"
printf "%-28s %12s %12s %8.2f\n" "incremental ops/s (applied)" "${incr[ours]}" "${incr[redis]}" "$(awk -v a="${incr[ours]}" -v b="${incr[redis]}" 'BEGIN{print a/b}')"
