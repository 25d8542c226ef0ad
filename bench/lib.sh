# Shared by the bench scripts (source it): free loopback ports, a temporary work directory, and a
# cleanup on exit that stops every process whose PID the script appended to "pids" and deletes the
# directory. Scripts start only their own processes and end only those.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
workdir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT
