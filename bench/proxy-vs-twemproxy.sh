#!/usr/bin/env bash
# The proxy's cost, in one run: redis-benchmark (50 clients, pipeline 1 and 16; GET, SET, MGET of 10
# keys, MSET of 10 keys) against
#   (a) redis-server direct,
#   (b) Debian's nutcracker (twemproxy) in front of that redis-server,
#   (c) our proxy in front of two of our nodes (static slot table split over them, no metaserver),
#   (d) our proxy in front of the same redis-server as (a)/(b) (static table: isolates the proxy).
# Prints ops/s, p50, p99 and p99.9 (ms) per target, then the ratios (d)/(b) (ops, and p99).
#
#   bench/proxy-vs-twemproxy.sh [requests-at-pipeline-1] [requests-at-pipeline-16]
#
# Needs: a built tree (mvn -B -q package -DskipTests), redis-server, redis-benchmark and
# nutcracker on PATH (apt-get install -y redis-server redis-tools nutcracker).
# Never hangs: every target must answer within READY_S (30) seconds of its start or the script
# stops with its log; every redis-benchmark run is cut at STEP_S (180) seconds and its row says
# "timeout"; every redis-cli call at 10 s. Progress goes to stderr, the table to stdout.
# p99.9 is the first percentile row of redis-benchmark's distribution at or above 99.9%, so it is
# an upper bound. Java options of the proxy and nodes: bin/codis-proxy's defaults unless
# CODIS_JAVA_OPTS is set.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n1=${1:-100000}
n16=${2:-500000}
clients=50
keyspace=100000
ready_s=${READY_S:-30}
step_s=${STEP_S:-180}
for tool in redis-server redis-benchmark redis-cli nutcracker; do
  command -v "$tool" >/dev/null || { echo "proxy-vs-twemproxy: $tool not found" >&2; exit 1; }
done

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
redis_port=$(free_port); twem_port=$(free_port); node1_port=$(free_port); node2_port=$(free_port)
ours_nodes_port=$(free_port); ours_redis_port=$(free_port)
# Each proxy gets its own admin port: two on the default 11080 made the second exit at start, and
# redis-benchmark against a port nobody listens on retries for ever (the stall of an earlier run).
admin_c_port=$(free_port); admin_d_port=$(free_port)
progress() { echo "proxy-vs-twemproxy: $*" >&2; }
cli() { timeout 10 redis-cli "$@"; }

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$workdir" \
  --daemonize no --loglevel warning >"$workdir/redis.log" 2>&1 &
pids+=($!)
cat >"$workdir/nutcracker.yml" <<EOF
bench:
  listen: 127.0.0.1:$twem_port
  hash: fnv1a_64
  distribution: ketama
  redis: true
  preconnect: true
  auto_eject_hosts: false
  timeout: 3000
  servers:
   - 127.0.0.1:$redis_port:1
EOF
nutcracker -c "$workdir/nutcracker.yml" -s "$(free_port)" -a 127.0.0.1 -o "$workdir/nutcracker.log" &
pids+=($!)
"$home/bin/codis-node" --port "$node1_port" >"$workdir/node1.log" 2>&1 &
pids+=($!)
"$home/bin/codis-node" --port "$node2_port" >"$workdir/node2.log" 2>&1 &
pids+=($!)
# The proxies log their collections so a tail can be told apart from a GC pause.
JAVA_TOOL_OPTIONS="-Xlog:gc*:file=$workdir/gc-c.log" "$home/bin/codis-proxy" --port "$ours_nodes_port" \
  --admin-port "$admin_c_port" --static-backend "127.0.0.1:$node1_port,127.0.0.1:$node2_port" >"$workdir/proxy-c.log" 2>&1 &
pids+=($!)
JAVA_TOOL_OPTIONS="-Xlog:gc*:file=$workdir/gc-d.log" "$home/bin/codis-proxy" --port "$ours_redis_port" \
  --admin-port "$admin_d_port" --static-backend "127.0.0.1:$redis_port" >"$workdir/proxy-d.log" 2>&1 &
pids+=($!)
logs=("$workdir/redis.log" "$workdir/nutcracker.log" "$workdir/node1.log" "$workdir/node2.log"
  "$workdir/proxy-c.log" "$workdir/proxy-d.log")
ports=("$redis_port" "$twem_port" "$node1_port" "$node2_port" "$ours_nodes_port" "$ours_redis_port")
for i in "${!ports[@]}"; do
  deadline=$((SECONDS + ready_s))
  until [[ "$(cli -p "${ports[$i]}" set warm 1 2>/dev/null)" == OK ]]; do
    if ((SECONDS >= deadline)) || ! kill -0 "${pids[$i]}" 2>/dev/null; then
      progress "${logs[$i]##*/} (port ${ports[$i]}) did not come up within ${ready_s} s:"
      tail -n 20 "${logs[$i]}" >&2
      exit 1
    fi
    sleep 0.2
  done
done
progress "all six targets answer; warming the JVMs"

mget=(MGET); mset=(MSET)
for i in $(seq 10); do mget+=("key:__rand_int__"); mset+=("key:__rand_int__" "xxx"); done

# Warm the JVMs (proxy and nodes) so the first row does not measure the JIT.
for port in "$ours_nodes_port" "$ours_redis_port"; do
  timeout "$step_s" redis-benchmark -p "$port" -c "$clients" -n 200000 -r "$keyspace" -P 16 -t set,get -q \
    >/dev/null 2>&1 || progress "warm-up of port $port: redis-benchmark failed or timed out"
  timeout "$step_s" redis-benchmark -p "$port" -c "$clients" -n 50000 -r "$keyspace" -P 16 "${mget[@]}" \
    >/dev/null 2>&1 || progress "warm-up of port $port: redis-benchmark failed or timed out"
done

# One measurement: prints "ops p50 p99 p999" (ops "timeout" when cut at STEP_S seconds).
measure() { # port pipeline requests command...
  local port=$1 pipe=$2 n=$3; shift 3
  local out="$workdir/run.out"
  if ! timeout "$step_s" redis-benchmark -p "$port" -c "$clients" -n "$n" -r "$keyspace" -P "$pipe" "$@" \
      >"$out" 2>/dev/null; then
    echo "timeout - - -"
    return
  fi
  awk '
      /Latency by percentile distribution/ { dist = 1 }
      /Cumulative distribution/ { dist = 0 }
      dist && /% <= / && p999 == "" { v = $1; sub("%", "", v); if (v + 0 >= 99.9) p999 = $3 }
      /throughput summary/ { ops = $3 }
      /avg +min +p50/ { getline; p50 = $3; p99 = $5 }
      END { printf "%s %s %s %s\n", ops, p50, p99, p999 }' "$out"
}

declare -A result
targets=(a b c d)
declare -A port_of=([a]=$redis_port [b]=$twem_port [c]=$ours_nodes_port [d]=$ours_redis_port)
declare -A label=([a]="redis direct" [b]=nutcracker [c]="ours->nodes" [d]="ours->redis")
tests=(SET GET MGET MSET)
for pipe in 1 16; do
  n=$n1; [[ $pipe == 16 ]] && n=$n16
  for t in "${targets[@]}"; do
    port=${port_of[$t]}
    progress "pipeline $pipe, ${label[$t]}"
    cli -p "$port" flushall >/dev/null 2>&1 || true
    [[ $t == c ]] && { cli -p "$node1_port" flushall >/dev/null; cli -p "$node2_port" flushall >/dev/null; }
    [[ $t == b ]] && cli -p "$redis_port" flushall >/dev/null
    result[$t,SET,$pipe]=$(measure "$port" "$pipe" "$n" -t set)
    result[$t,GET,$pipe]=$(measure "$port" "$pipe" "$n" -t get)
    result[$t,MGET,$pipe]=$(measure "$port" "$pipe" "$((n / 2))" "${mget[@]}")
    result[$t,MSET,$pipe]=$(measure "$port" "$pipe" "$((n / 2))" "${mset[@]}")
  done
done

echo "redis-benchmark: $clients clients, -r $keyspace, $n1 requests at P1 and $n16 at P16 (MGET/MSET of 10 keys: half); ms"
printf '%-5s %4s %-13s %11s %8s %8s %8s\n' test pipe target ops/s p50 p99 p99.9
for pipe in 1 16; do
  for test in "${tests[@]}"; do
    for t in "${targets[@]}"; do
      read -r ops p50 p99 p999 <<<"${result[$t,$test,$pipe]}"
      [[ $ops =~ ^[0-9.]+$ ]] && ops=$(printf '%.0f' "$ops")
      printf '%-5s %4s %-13s %11s %8s %8s %8s\n' "$test" "$pipe" "${label[$t]}" "${ops:--}" "$p50" "$p99" "$p999"
    done
  done
done
echo
echo "ratios (d) ours->redis / (b) nutcracker: ops (target >= 1.0 at P1, >= 1.3 at P16), p99 (<= 1.0)"
printf '%-5s %4s %9s %9s %9s\n' test pipe ops_d/b p99_d/b p999_d
for pipe in 1 16; do
  for test in "${tests[@]}"; do
    read -r dops _ dp99 dp999 <<<"${result[d,$test,$pipe]}"
    read -r bops _ bp99 _ <<<"${result[b,$test,$pipe]}"
    awk -v t="$test" -v p="$pipe" -v dops="$dops" -v bops="$bops" -v dp99="$dp99" -v bp99="$bp99" -v dp999="$dp999" \
      'function ratio(x, y) { return (x + 0 > 0 && y + 0 > 0) ? sprintf("%.2f", x / y) : "-" }
      BEGIN { printf "%-5s %4s %9s %9s %9s\n", t, p, ratio(dops, bops), ratio(dp99, bp99), dp999 }'
  done
done
echo
for t in c d; do
  awk -v t="${label[$t]}" '/Pause .*[0-9.]+ms$/ { n++; ms = $NF; sub("ms", "", ms); if (ms + 0 > max) max = ms + 0 }
    END { printf "GC of the proxy %-12s %d pauses, longest %.3f ms (whole run, warm-up included)\n", t, n, max }' \
    "$workdir/gc-$t.log"
done
