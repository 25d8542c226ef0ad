#!/usr/bin/env bash
# Bytes per key for N small string keys (default 1,000,000): "key:<i>" -> "val:<i>".
# Reports, in one run: redis-server's used_memory and RSS, and our node's RSS and live heap after a
# full GC (jcmd). Needs a built tree, redis-server, redis-cli, jcmd (from the JDK).
#
#   bench/memory-per-key.sh [N]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-1000000}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ours_port=$(free_port); redis_port=$(free_port)

"$home/bin/codis-node" --port "$ours_port" >"$workdir/node.log" 2>&1 & pids+=($!)
redis-server --port "$redis_port" --save "" --appendonly no --dir "$workdir" \
  --daemonize no --loglevel warning >"$workdir/redis.log" 2>&1 & pids+=($!)
for port in "$ours_port" "$redis_port"; do
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
node_pid=$(pgrep -f "NodeMain --port $ours_port" | head -n 1)

base_ours=$(ps -o rss= -p "$node_pid")
base_redis=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
seq 1 "$n" | awk '{printf "*3\r\n$3\r\nSET\r\n$%d\r\nkey:%d\r\n$%d\r\nval:%d\r\n", length("key:"$1), $1, length("val:"$1), $1}' \
  >"$workdir/load.resp"
redis-cli -p "$ours_port" --pipe <"$workdir/load.resp" >/dev/null
redis-cli -p "$redis_port" --pipe <"$workdir/load.resp" >/dev/null

jcmd "$node_pid" GC.run >/dev/null
sleep 1
heap_used_kb=$(jcmd "$node_pid" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); s+=v}} END {print s}')
ours_rss=$(ps -o rss= -p "$node_pid")
redis_used=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
redis_rss=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory_rss:/{print $2}' | tr -d '\r')
echo "keys: ours=$(redis-cli -p "$ours_port" dbsize) redis=$(redis-cli -p "$redis_port" dbsize)"
awk -v n="$n" -v bo="$base_ours" -v ro="$ours_rss" -v hu="$heap_used_kb" -v br="$base_redis" -v ru="$redis_used" -v rr="$redis_rss" 'BEGIN {
  printf "redis-server used_memory: %.1f bytes/key (rss %.1f MB)\n", (ru - br) / n, rr / 1048576;
  printf "codis-node live heap:     %.1f bytes/key (heap used after full GC, whole heap / n)\n", hu * 1024 / n;
  printf "codis-node RSS growth:    %.1f bytes/key (rss %.1f MB; the JVM keeps freed heap)\n", (ro - bo) * 1024 / n, ro / 1024;
}'
