#!/usr/bin/env bash
# Start or stop one Open vSwitch "node" for tests and labs: its own ovsdb-server (root
# namespace, unix socket in DIR) and its own ovs-vswitchd inside network namespace NS.
# OpenFlow: the node's bridges use the production-style target tcp:127.0.0.1:OFPORT,
# which inside NS is relayed by socat to the controller's 127.0.0.1:OFPORT in the root
# namespace (see shared/lab-notes.md). Everything started is recorded by PID in DIR.
# OFPORT may be a comma list (several controllers): one relay per port.
#
#   ovs-node.sh up   DIR NS OFPORT   start; prints nothing on success
#   ovs-node.sh down DIR NS          stop what DIR records, delete NS
#   ovs-node.sh env  DIR             print exports for talking to this node
#   ovs-node.sh crash-vswitchd DIR   kill -9 the node's ovs-vswitchd and start it again
#                                    (its flows are gone; OVSDB keeps bridges and ports)
set -euo pipefail
cmd=${1:?usage: ovs-node.sh up|down|env|crash-vswitchd DIR [NS] [OFPORT]}
dir=$(realpath -m "${2:?DIR}")
schema=/usr/share/openvswitch/vswitch.ovsschema

start_vswitchd() {
  OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir ip netns exec "$1" ovs-vswitchd unix:"$dir/db.sock" --pidfile="$dir/ovs-vswitchd.pid" \
    --unixctl="$dir/ovs-vswitchd.ctl" --log-file="$dir/ovs-vswitchd.log" --detach --no-chdir -vconsole:off
}

up() {
  local ns=${1:?NS} ofport=${2:?OFPORT}
  command -v socat >/dev/null || { echo "ovs-node.sh: socat is needed for the OpenFlow relay" >&2; exit 1; }
  # a failure half-way stops what was already started
  trap 'down "$ns"' ERR
  mkdir -p "$dir"
  export OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir
  [ -f "$dir/conf.db" ] || ovsdb-tool create "$dir/conf.db" "$schema"
  # SSL for ssl: managers from the SSL table (ovs-vsctl set-ssl), as ovs-ctl starts ovsdb-server
  ovsdb-server "$dir/conf.db" --remote=punix:"$dir/db.sock" --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
    --private-key=db:Open_vSwitch,SSL,private_key --certificate=db:Open_vSwitch,SSL,certificate \
    --ca-cert=db:Open_vSwitch,SSL,ca_cert \
    --pidfile="$dir/ovsdb-server.pid" --unixctl="$dir/ovsdb-server.ctl" \
    --log-file="$dir/ovsdb-server.log" --detach --no-chdir -vconsole:off
  ovs-vsctl --db=unix:"$dir/db.sock" --no-wait init
  ip netns add "$ns"
  echo "$ns" > "$dir/netns"
  ip netns exec "$ns" ip link set lo up
  start_vswitchd "$ns"
  local first=1 port
  for port in ${ofport//,/ }; do
    if [ $first = 1 ]; then relay "$ns" "$port" ""; first=0; else relay "$ns" "$port" "-$port"; fi
  done
}

# OpenFlow relay: NS 127.0.0.1:PORT -> unix socket -> root 127.0.0.1:PORT
relay() {
  local ns=$1 port=$2 suffix=$3
  setsid socat UNIX-LISTEN:"$dir/of$suffix.sock",fork,unlink-early TCP:127.0.0.1:"$port",nodelay </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/socat-root$suffix.pid"
  for _ in $(seq 50); do [ -S "$dir/of$suffix.sock" ] && break; sleep 0.05; done
  [ -S "$dir/of$suffix.sock" ] || { echo "ovs-node.sh: the OpenFlow relay did not start" >&2; down "$ns"; exit 1; }
  setsid ip netns exec "$ns" socat TCP-LISTEN:"$port",bind=127.0.0.1,fork,reuseaddr,nodelay UNIX-CONNECT:"$dir/of$suffix.sock" \
    </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/socat-ns$suffix.pid"
}

# Running (not a zombie): our daemons are reparented to init, which may reap them late,
# and `kill -0` succeeds on a zombie.
running() {
  local state
  state=$(sed -n 's/.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

down() {
  local p pidfile
  for pidfile in "$dir"/socat-ns*.pid "$dir"/socat-root*.pid "$dir/ovs-vswitchd.pid" "$dir/ovsdb-server.pid"; do
    p=$(basename "$pidfile" .pid)
    if [ -f "$dir/$p.pid" ]; then
      pid=$(cat "$dir/$p.pid")
      # socat forks children per connection: end the whole process group we started
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      for _ in $(seq 40); do running "$pid" || break; sleep 0.05; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$p.pid"
    fi
  done
  local ns=${1:-$(cat "$dir/netns" 2>/dev/null || true)}
  [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
  rm -f "$dir/netns"
}

crash_vswitchd() {
  local pid ns
  pid=$(cat "$dir/ovs-vswitchd.pid")
  ns=$(cat "$dir/netns")
  kill -9 "$pid"
  for _ in $(seq 100); do running "$pid" || break; sleep 0.05; done
  rm -f "$dir/ovs-vswitchd.pid"
  start_vswitchd "$ns"
}

case $cmd in
  up) up "${3:-}" "${4:-}" ;;
  down) down "${3:-}" ;;
  crash-vswitchd) crash_vswitchd ;;
  env) echo "export OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir; alias vsctl='ovs-vsctl --db=unix:$dir/db.sock'" ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
