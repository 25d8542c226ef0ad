#!/usr/bin/env bash
# Benchmarks a codis node with persistence on against redis-server with its AOF on, in one run on
# one machine, and prints ratios ours/redis. Three parts (BENCH_PARTS, default all three):
#
#   throughput  redis-benchmark, 50 clients, pipeline 1 and 16, SET GET INCR LPUSH HSET SADD ZADD,
#               under appendfsync everysec and always (BENCH_MODES): ops/s, p50, p99, ratio.
#   big         LPUSH / HSET / ZADD into a key that already holds BIG (1M) elements (everysec).
#   restart     N keys (RESTART_KEYS, default 10M), then the time from process start to the first
#               served command: ours restarting on its RocksDB, redis-server loading its AOF, and
#               redis-server loading an RDB written by SAVE.
#
#   bench/persistence-vs-redis.sh
#   RESTART_KEYS=2000000 BENCH_PARTS="throughput restart" bench/persistence-vs-redis.sh
#
# Needs: a built tree (mvn -B -q package -DskipTests), redis-server, redis-benchmark, redis-cli and
# python3 on PATH. Ours is bin/codis-node (its default JVM flags); both servers write into a fresh
# temp directory that is deleted at the end.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n1=${N1:-100000}                # requests per test at pipeline 1 (everysec)
n16=${N16:-500000}              # at pipeline 16 (everysec)
n1_always=${N1_ALWAYS:-20000}   # always is bounded by fsync latency: fewer requests
n16_always=${N16_ALWAYS:-100000}
n_lpush=${N_LPUSH:-2000}        # LPUSH requests (redis-benchmark pushes onto one growing list)
big=${BIG:-1000000}             # elements already in each big collection
big_n=${BIG_N:-20000}           # requests per big-collection test
big_timeout=${BIG_TIMEOUT:-30}  # seconds before a big-collection test is cut short
restart_keys=${RESTART_KEYS:-10000000}
modes=${BENCH_MODES:-everysec always}
parts=${BENCH_PARTS:-throughput big restart}
# LPUSH runs last, on its own: redis-benchmark pushes onto one list, and a list that is written
# whole on every change would leave compaction work that slows whatever runs after it.
tests=${BENCH_TESTS:-set,get,incr,hset,sadd,zadd lpush}
clients=50
keyspace=100000

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

now_ms() { date +%s%3N; }

# Waits until the server on $1 answers PING with PONG (redis answers -LOADING while it loads).
await_pong() {
  for _ in $(seq 36000); do
    [[ "$(redis-cli -p "$1" ping 2>/dev/null)" == PONG ]] && return 0
    sleep 0.01
  done
  echo "server on port $1 did not answer PING" >&2
  return 1
}

start_ours() { # dir mode -> prints "pid port"
  local port; port=$(free_port)
  "$home/bin/codis-node" --port "$port" --dir "$1" --appendonly yes --appendfsync "$2" \
    >>"$1/node.log" 2>&1 &
  echo "$! $port"
}

start_redis() { # dir mode [extra args...] -> prints "pid port"
  local port; port=$(free_port)
  local dir=$1 mode=$2; shift 2
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync "$mode" \
    --dir "$dir" --daemonize no --loglevel warning "$@" >>"$dir/redis.log" 2>&1 &
  echo "$! $port"
}

stop() { # pid: SIGTERM and wait (both servers save nothing extra on SIGTERM with --save "")
  kill "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

bench_csv() { # port pipeline requests tests -> csv lines "test,rps,p50,p99"
  { redis-benchmark -p "$1" -t "$4" -n "$3" -c "$clients" -r "$keyspace" -P "$2" --csv 2>/dev/null || true; } |
    tail -n +2 | tr -d '"' | awk -F, '{print $1","$2","$5","$7}'
}

throughput() {
  printf '%-9s %-8s %5s %11s %11s %6s %8s %8s %8s %8s\n' mode test pipe ours_ops redis_ops ratio \
    ours_p50 red_p50 ours_p99 red_p99
  for mode in $modes; do
    mkdir -p "$workdir/tp-$mode/ours" "$workdir/tp-$mode/redis"
    read -r ours_pid ours_port < <(start_ours "$workdir/tp-$mode/ours" "$mode"); pids+=("$ours_pid")
    read -r redis_pid redis_port < <(start_redis "$workdir/tp-$mode/redis" "$mode"); pids+=("$redis_pid")
    await_pong "$ours_port"; await_pong "$redis_port"
    # Warm the JVM so the first row does not measure the JIT.
    redis-benchmark -p "$ours_port" -t set,get,incr,hset -n 50000 -c "$clients" -r "$keyspace" -P 16 -q >/dev/null 2>&1 || true
    for group in $tests; do
      for pipe in 1 16; do
        if [[ $mode == always ]]; then n=$n1_always; [[ $pipe == 16 ]] && n=$n16_always
        else n=$n1; [[ $pipe == 16 ]] && n=$n16; fi
        [[ $group == lpush ]] && n=$n_lpush
        redis-cli -p "$ours_port" flushall >/dev/null; redis-cli -p "$redis_port" flushall >/dev/null
        ours=$(bench_csv "$ours_port" "$pipe" "$n" "$group")
        redis=$(bench_csv "$redis_port" "$pipe" "$n" "$group")
        join -t, <(echo "$ours" | sort) <(echo "$redis" | sort) |
          awk -F, -v pipe="$pipe" -v mode="$mode" '{ printf "%-9s %-8s %5s %11.0f %11.0f %6.2f %8.3f %8.3f %8.3f %8.3f\n",
            mode, $1, pipe, $2, $5, $2/$5, $3, $6, $4, $7 }'
      done
    done
    stop "$ours_pid"; stop "$redis_pid"
  done
}

# RESP for `count` commands `cmd key <items...>`, `per` items each (LPUSH, HSET, ZADD shapes).
fill_big() { # port
  python3 - "$big" <<'EOF' | redis-cli -p "$1" --pipe >/dev/null
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
def cmd(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    out.write(b"".join(parts))
# One command per key: a list written whole on every change would otherwise be rewritten n/per times.
cmd(b"LPUSH", b"big:list", *[b"e%d" % i for i in range(n)])
cmd(b"HSET", b"big:hash", *[x for i in range(n) for x in (b"f%d" % i, b"v%d" % i)])
cmd(b"ZADD", b"big:zset", *[x for i in range(n) for x in (b"%d" % i, b"m%d" % i)])
EOF
}

big_one() { # port name command... -> "rps" (measured by redis-benchmark, or ~ from size growth if cut short)
  local port=$1 size_cmd=$2; shift 2
  local before after t0 t1 line
  before=$(redis-cli -p "$port" $size_cmd)
  t0=$(now_ms)
  line=$({ timeout "$big_timeout" redis-benchmark -p "$port" -n "$big_n" -c "$clients" -r 100000000 --csv "$@" 2>/dev/null || true; } |
    tail -n +2 | tr -d '"' | awk -F, 'NR==1{print $2}')
  t1=$(now_ms)
  if [[ -n "$line" ]]; then echo "$line"; return; fi
  after=$(redis-cli -p "$port" $size_cmd)
  awk -v d=$((after - before)) -v ms=$((t1 - t0)) 'BEGIN{printf "~%.0f\n", d * 1000 / ms}'
}

big_collections() {
  mkdir -p "$workdir/big/ours" "$workdir/big/redis"
  read -r ours_pid ours_port < <(start_ours "$workdir/big/ours" everysec); pids+=("$ours_pid")
  read -r redis_pid redis_port < <(start_redis "$workdir/big/redis" everysec); pids+=("$redis_pid")
  await_pong "$ours_port"; await_pong "$redis_port"
  fill_big "$ours_port"; fill_big "$redis_port"
  echo "big collections: $big elements each, then $big_n requests, $clients clients, pipeline 1, everysec"
  printf '%-34s %11s %11s %6s\n' command ours_ops redis_ops ratio
  while IFS='|' read -r name size args; do
    # shellcheck disable=SC2086
    o=$(big_one "$ours_port" "$size" $args); r=$(big_one "$redis_port" "$size" $args)
    awk -v n="$name" -v o="$o" -v r="$r" 'BEGIN{ oo=o; rr=r; gsub("~","",oo); gsub("~","",rr);
      printf "%-34s %11s %11s %6.2f\n", n, o, r, (rr > 0 ? oo/rr : 0) }'
  done <<'EOF'
HSET big:hash new field|hlen big:hash|hset big:hash f__rand_int__ x
ZADD big:zset new member|zcard big:zset|zadd big:zset __rand_int__ m__rand_int__
LPUSH big:list|llen big:list|lpush big:list __rand_int__
EOF
  stop "$ours_pid"; stop "$redis_pid"
}

fill_keys() { # port count
  python3 - "$2" <<'EOF' | redis-cli -p "$1" --pipe >/dev/null
import sys
n = int(sys.argv[1]); out = sys.stdout.buffer; chunk = []
for i in range(n):
    k = b"key:%d" % i; v = b"val:%d" % i
    chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
    if len(chunk) == 10000:
        out.write(b"".join(chunk)); chunk = []
out.write(b"".join(chunk))
EOF
}

timed_start() { # what dir start-fn args... -> prints a result line
  local what=$1; shift
  local t0 pid port keys
  t0=$(now_ms)
  read -r pid port < <("$@"); pids+=("$pid")
  await_pong "$port"
  printf '%-40s %9d ms  (dbsize %s)\n' "$what" $(($(now_ms) - t0)) "$(redis-cli -p "$port" dbsize)"
  [[ -f "$2/node.log" ]] && grep -h "loaded .* keys from storage" "$2/node.log" | tail -n 1 | sed 's/^.*- /    /' || true
  last_pid=$pid; last_port=$port
}

restart() {
  mkdir -p "$workdir/rs/ours" "$workdir/rs/redis"
  read -r ours_pid ours_port < <(start_ours "$workdir/rs/ours" everysec); pids+=("$ours_pid")
  read -r redis_pid redis_port < <(start_redis "$workdir/rs/redis" everysec); pids+=("$redis_pid")
  await_pong "$ours_port"; await_pong "$redis_port"
  local t0
  t0=$(now_ms); fill_keys "$ours_port" "$restart_keys"; echo "filled ours with $restart_keys keys in $(($(now_ms) - t0)) ms"
  t0=$(now_ms); fill_keys "$redis_port" "$restart_keys"; echo "filled redis with $restart_keys keys in $(($(now_ms) - t0)) ms"
  stop "$ours_pid"; stop "$redis_pid"
  echo "restart with $restart_keys keys: process start to first PONG"
  timed_start "ours (RocksDB, after SIGTERM)" start_ours "$workdir/rs/ours" everysec
  redis-cli -p "$last_port" set restart:probe 1 >/dev/null
  kill -9 "$last_pid"; while kill -0 "$last_pid" 2>/dev/null; do sleep 0.05; done
  timed_start "ours (RocksDB, after kill -9)" start_ours "$workdir/rs/ours" everysec
  stop "$last_pid"
  timed_start "redis-server loading its AOF" start_redis "$workdir/rs/redis" everysec
  redis-cli -p "$last_port" save >/dev/null
  stop "$last_pid"
  timed_start "redis-server loading its RDB" start_redis "$workdir/rs/redis" everysec --appendonly no
  stop "$last_pid"
  du -sh "$workdir/rs/ours/data" "$workdir/rs/redis/appendonlydir" "$workdir/rs/redis/dump.rdb" 2>/dev/null || true
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for part in $parts; do
  case $part in
    throughput) throughput ;;
    big) big_collections ;;
    restart) restart ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
done
