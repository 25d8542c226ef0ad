#!/usr/bin/env bash
# Benchmarks a codis node against redis-server in one run, with redis-benchmark, and prints
# ops/s, p50 and p99 for both and the ratio ours/redis per row.
#
#   bench/node-vs-redis.sh [requests-at-pipeline-1] [requests-at-pipeline-16]
#
# Needs: a built tree (mvn -B -q package -DskipTests), redis-server and redis-benchmark on PATH.
# Neither server persists anything (this compares the in-memory engines).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n1=${1:-200000}
n16=${2:-1000000}
tests=${BENCH_TESTS:-set,get,incr,lpush,lpop,sadd,hset,zadd,mset}
clients=50
keyspace=100000

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ours_port=$(free_port)
redis_port=$(free_port)

"$home/bin/codis-node" --port "$ours_port" >"$workdir/node.log" 2>&1 &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$workdir" \
  --daemonize no --loglevel warning >"$workdir/redis.log" 2>&1 &
pids+=($!)
for port in "$ours_port" "$redis_port"; do
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

# Warm the JVM so the first row does not measure the JIT.
redis-benchmark -p "$ours_port" -t "$tests" -n 100000 -c "$clients" -r "$keyspace" -q >/dev/null 2>&1 || true

run() { # port pipeline requests -> csv lines "test,rps,p50,p99"
  { redis-benchmark -p "$1" -t "$tests" -n "$3" -c "$clients" -r "$keyspace" -P "$2" --csv 2>/dev/null || true; } |
    tail -n +2 | tr -d '"' | awk -F, '{print $1","$2","$5","$7}'
}

printf '%-22s %5s %12s %12s %7s %8s %8s %8s %8s %6s\n' test pipe ours_ops redis_ops ratio \
  ours_p50 redis_p50 ours_p99 redis_p99 p99x
for pipe in 1 16; do
  n=$n1; [[ $pipe == 16 ]] && n=$n16
  redis-cli -p "$ours_port" flushall >/dev/null; redis-cli -p "$redis_port" flushall >/dev/null
  ours=$(run "$ours_port" "$pipe" "$n")
  redis=$(run "$redis_port" "$pipe" "$n")
  join -t, <(echo "$ours" | sort) <(echo "$redis" | sort) |
    awk -F, -v pipe="$pipe" '{ printf "%-22s %5s %12.0f %12.0f %7.2f %8.3f %8.3f %8.3f %8.3f %6.2f\n",
      $1, pipe, $2, $5, $2/$5, $3, $6, $4, $7, ($7 > 0 ? $4/$7 : 0) }'
done
