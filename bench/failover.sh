#!/usr/bin/env bash
# Failover figures on a real local cluster (bin/codisctl local up: 3 metaservers, BENCH_GROUPS groups of a
# master and one replica, one proxy), one writer sending SADD of unique integers through the proxy
# without pause (1 s timeout per request, reconnect after an error):
#  - unplanned: kill -9 the master of group 1; the time from the kill to the first write sent
#    after the kill that the proxy acknowledged. KILLS runs; after each one the killed node is
#    restarted with its own command line and must rejoin as a replica before the next run.
#    Median and max. Target: median < 5 s.
#  - planned: `codisctl group promote 1 <replica>` (the metaserver's switchover) SWITCHOVERS times;
#    the longest gap between two acknowledged writes around it (write unavailability) and the
#    acknowledged writes missing from the set afterwards. Targets: < 1 s and 0.
# Every acknowledged write is checked against the final SMEMBERS at the end of each phase.
# Needs a built tree (mvn -B -q package -DskipTests), python3, ss.
#
#   bench/failover.sh                       # KILLS=10 SWITCHOVERS=5 BENCH_GROUPS=1
#   KILLS=3 SWITCHOVERS=2 bench/failover.sh
#   REPLICATION=sync REPLICAS=2 bench/failover.sh   # nodes' --replication-mode (default async);
#                                           # sync with one replica refuses writes (NOREPLICAS)
#                                           # until the killed node is back, so give it two
#   KEEP_LOGS=/tmp/fo bench/failover.sh     # copy the processes' logs there at the end
# With async, acknowledged writes the promoted replica had not received are lost by design; the
# script prints how many and how long before the kill the newest and oldest of them was acknowledged.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
kills=${KILLS:-10}; switchovers=${SWITCHOVERS:-5}; groups=${BENCH_GROUPS:-1}; replicas=${REPLICAS:-1}
export CODIS_REPLICATION_MODE=${REPLICATION:-async}   # read by bin/codis-node

# a base port P with P, P+100.., P+200.., P+300.. free (the local cluster's blocks)
base=""
for _ in $(seq 20); do
  p=$(( 20000 + RANDOM % 30000 ))
  if python3 - "$p" <<'EOF'
import socket, sys
p = int(sys.argv[1])
for port in [p, p + 100, p + 101, p + 102, p + 103, p + 200, p + 201, p + 202, p + 300, p + 301, p + 302]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
EOF
  then base=$p; break; fi
done
[[ -n "$base" ]] || { echo "no free port block" >&2; exit 1; }

echo "failover bench: local cluster on base port $base ($groups group(s) x master + $replicas replica(s), 1 proxy, replication $CODIS_REPLICATION_MODE), work dir $workdir"
"$home/bin/codisctl" local up --groups "$groups" --replicas "$replicas" --proxies 1 --base-port "$base" \
  --data-dir "$workdir/local" >"$workdir/local-up.log" 2>&1 & pids+=($!)
show_logs() { cat "$workdir/local-up.log" >&2; tail -n 15 "$workdir"/local/logs/*.log >&2 || true; }
for _ in $(seq 600); do
  [[ "$(redis-cli -p "$base" set failover-bench-probe 1 2>/dev/null)" == OK ]] && break
  kill -0 "${pids[0]}" 2>/dev/null || { show_logs; exit 1; }
  sleep 0.2
done
[[ "$(redis-cli -p "$base" set failover-bench-probe 1 2>/dev/null)" == OK ]] || { echo "proxy never served" >&2; show_logs; exit 1; }

# restarted nodes are ours: the orchestrator appends their PIDs here, cleanup stops them
touch "$workdir/restarted.pids"
cleanup_restarted() {
  while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$workdir/restarted.pids"
  if [[ -n "${KEEP_LOGS:-}" ]]; then mkdir -p "$KEEP_LOGS" && cp -r "$workdir"/local/logs "$workdir"/restart-*.log "$KEEP_LOGS"/ 2>/dev/null || true; fi
}
trap 'cleanup_restarted; cleanup' EXIT

python3 - "$home" "$base" "$kills" "$switchovers" "$workdir" "$replicas" <<'EOF'
import json, os, socket, statistics, subprocess, sys, threading, time, urllib.request

home, base, kills, switchovers, workdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
replicas = int(sys.argv[6])
meta = [f"127.0.0.1:{base + 200 + i}" for i in range(3)]
KEY = "failover-bench"

def resp(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out

def read_reply(f):
    line = f.readline()
    if not line:
        raise ConnectionError("closed")
    t, rest = line[:1], line[1:-2]
    if t == b"+": return rest.decode()
    if t == b"-": return Exception(rest.decode())
    if t == b":": return int(rest)
    if t == b"$":
        n = int(rest)
        if n < 0: return None
        data = f.read(n + 2)
        return data[:-2].decode()
    if t == b"*":
        n = int(rest)
        return None if n < 0 else [read_reply(f) for _ in range(n)]
    raise ValueError(line)

def call(port, *args, timeout=2.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(resp(args))
        return read_reply(s.makefile("rb"))

class Writer(threading.Thread):
    """SADD of unique integers through the proxy, one at a time; records (invoke, complete, ok)."""
    def __init__(self):
        super().__init__(daemon=True)
        self.events, self.acked, self.stop, self.n = [], [], False, 0
        self.acked_at = {}
        self.lock = threading.Lock()
    def run(self):
        sock = f = None
        while not self.stop:
            self.n += 1
            v = self.n
            t0 = time.monotonic()
            ok = False
            try:
                if sock is None:
                    sock = socket.create_connection(("127.0.0.1", base), timeout=1.0)
                    f = sock.makefile("rb")
                sock.sendall(resp(["SADD", KEY, v]))
                r = read_reply(f)
                ok = not isinstance(r, Exception)
            except Exception:
                try: sock and sock.close()
                except Exception: pass
                sock = None
            t1 = time.monotonic()
            with self.lock:
                self.events.append((t0, t1, ok))
                if ok:
                    self.acked.append(v)
                    self.acked_at[v] = t1
            if not ok: time.sleep(0.01)

def meta_get(path):
    for m in meta:
        try:
            with urllib.request.urlopen(f"http://{m}{path}", timeout=2) as r:
                return json.load(r)
        except Exception:
            continue
    return None

def group(gid=1):
    return meta_get(f"/v1/groups/{gid}")

def pid_of_port(port):
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    for part in out.split("pid=")[1:]:
        return int(part.split(",")[0])
    return None

def linked(master_port, n=replicas):
    try:
        r = call(master_port, "ROLE")
        # listed, and within 1 MiB of the master's offset (caught up after its full sync)
        return r[0] == "master" and len(r[2]) >= n and all(int(r[1]) - int(x[2]) < 1048576 for x in r[2])
    except Exception:
        return False

def wait(what, pred, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v: return v
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")

def members():
    try:
        r = call(base, "SMEMBERS", KEY, timeout=5)
        return r if isinstance(r, list) else None
    except Exception:
        return None

kill_times, switch_times = [], []

def check_loss(w, label, since=0):
    """Acknowledged writes (values > since) missing from a read of the whole set; for each lost
    write, how long before the kill that preceded it the proxy acknowledged it."""
    time.sleep(1.0)
    t_read = time.monotonic()
    present = set(int(x) for x in wait("a final read", members, 60))
    with w.lock:
        # the writer keeps going: only writes acknowledged before the read was sent count
        acked = [v for v in w.acked if v > since and w.acked_at[v] < t_read]
    lost = [v for v in acked if v not in present]
    print(f"{label}: {len(acked)} acknowledged writes, {len(lost)} missing from the final read"
          + (f" (e.g. {lost[:10]})" if lost else ""))
    if lost and kill_times:
        near = [min(abs(w.acked_at[v] - k) for k in kill_times) for v in lost]
        print(f"  every lost write was acknowledged within {max(near) * 1000:.0f} ms of a kill "
              f"(median {statistics.median(near) * 1000:.0f} ms)")
    # date every lost write against the events around it (kills, switchovers)
    events = sorted(kill_times + switch_times)
    per = {}
    for v in lost:
        t = w.acked_at[v]
        nxt = min((e for e in events if e >= t), default=None)
        prv = max((e for e in events if e < t), default=None)
        per.setdefault(nxt, []).append((t, prv))
    for nxt, ts in sorted(per.items(), key=lambda kv: kv[0] or 1e18):
        name = ("kill" if nxt in kill_times else "switchover") if nxt is not None else "end"
        tmin, tmax = min(t for t, _ in ts), max(t for t, _ in ts)
        prv = ts[0][1]
        print(f"  {len(ts)} lost before {name} {events.index(nxt) + 1 if nxt else ''}: acknowledged "
              + (f"{(nxt - tmax) * 1000:.0f}..{(nxt - tmin) * 1000:.0f} ms before it" if nxt else "after the last event")
              + (f", {(tmin - prv) * 1000:.0f}..{(tmax - prv) * 1000:.0f} ms after the event before" if prv else ""))
    return len(lost)

w = Writer(); w.start()
time.sleep(2)
g0 = group()
print(f"group 1: master {g0['master']} replicas {g0['replicas']} epoch {g0['epoch']}")

times = []
for run in range(1, kills + 1):
    g = wait("group 1 with a linked replica", lambda: (lambda g: g if g and len(g.get("replicas") or []) >= replicas and linked(int(g["master"].split(":")[1])) else None)(group()))
    mport = int(g["master"].split(":")[1])
    pid = pid_of_port(mport)
    cmdline = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")[:-1]
    cwd = os.readlink(f"/proc/{pid}/cwd")
    time.sleep(1.0)
    t_kill = time.monotonic()
    os.kill(pid, 9)
    kill_times.append(t_kill)
    first = wait("a write acknowledged after the kill",
                 lambda: next((e[1] for e in list(w.events) if e[0] >= t_kill and e[2]), None), 120)
    dt = first - t_kill
    times.append(dt)
    ng = group()
    print(f"kill {run}: master {g['master']} (epoch {g['epoch']}) killed; first write acknowledged after {dt:.2f} s; "
          f"now master {ng and ng['master']} epoch {ng and ng['epoch']}", flush=True)
    # the old master comes back with its own command line and must rejoin as a replica
    p = subprocess.Popen([c.decode() for c in cmdline], cwd=cwd, stdin=subprocess.DEVNULL,
                         stdout=open(os.path.join(workdir, f"restart-{run}.log"), "wb"),
                         stderr=subprocess.STDOUT, start_new_session=True)
    with open(os.path.join(workdir, "restarted.pids"), "a") as f:
        f.write(f"{p.pid}\n")
lost_kill = check_loss(w, "after the kills")
if times:
    print(f"UNPLANNED kill -9 of the master, {len(times)} runs: time to the first acknowledged write "
          f"median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"(all: {' '.join(f'{t:.2f}' for t in times)})")

gaps, lost_sw, since, refused = [], 0, w.n, 0
for run in range(1, switchovers + 1):
    g = wait("group 1 with a linked replica", lambda: (lambda g: g if g and len(g.get("replicas") or []) >= replicas and linked(int(g["master"].split(":")[1])) else None)(group()))
    target = g["replicas"][0]
    time.sleep(1.0)
    t0 = time.monotonic()
    switch_times.append(t0)
    r = subprocess.run([os.path.join(home, "bin", "codisctl"), "--meta", ",".join(meta), "group", "promote", "1", target],
                       capture_output=True, text=True)
    t1 = time.monotonic()
    time.sleep(2.0)
    with w.lock:
        oks = [e[1] for e in w.events if e[2] and t0 - 1.0 <= e[1] <= t1 + 2.0]
    gap = max((b - a for a, b in zip(oks, oks[1:])), default=float("nan"))
    if r.returncode == 0:
        gaps.append(gap)
    else:
        refused += 1
    ng = group()
    print(f"switchover {run}: promote {target} exit {r.returncode} in {t1 - t0:.2f} s "
          f"({' | '.join(l.strip() for l in (r.stdout + r.stderr).strip().splitlines())}); "
          f"longest gap between acknowledged writes {gap:.3f} s; now master {ng and ng['master']} epoch {ng and ng['epoch']}", flush=True)
if switchovers:
    lost_sw = check_loss(w, "after the switchovers", since)
    if gaps:
        print(f"PLANNED switchover, {len(gaps)} runs ({refused} refused): write unavailability (longest gap) median "
              f"{statistics.median(gaps):.3f} s, max {max(gaps):.3f} s; acknowledged writes lost {lost_sw}")
    else:
        print(f"PLANNED switchover: all {refused} promotions refused; acknowledged writes lost {lost_sw}")
w.stop = True
EOF
