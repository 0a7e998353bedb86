#!/usr/bin/env bash
# OpenStack's own API test suites (tempest + neutron-tempest-plugin) against Muon, through a
# real Keystone, as every Neutron-compatible backend is judged.
#
# How CI will call it (from the repository root, as root, once issue 14's failures are fixed):
#     test-topologies/tempest/run-tempest.sh --modules all
# (about 29 minutes on two cores with two workers: 780 tests, 728 pass, 52 skip; tempest's own delete_subnet
# sleeps 10 s each time)
#
# Usage: run-tempest.sh [--modules default|all] [--regex R] [--concurrency N]
#   --modules default  the 17 API modules of issue 14 (about 6 minutes on two cores, setup included)
#   --modules all      also the rest of neutron_tempest_plugin.api and tempest.api.network
#   --regex R          run exactly the tests matching R instead (tempest run --regex)
#   --concurrency N    tempest workers (default 2, what CI runs; 4 also passed once, in 1124 s: they mostly wait)
# Environment: MUON_TEMPEST_KEEP=1 keeps the work directory (configs, logs, .stestr) for debugging.
#
# What it does: installs tempest, neutron-tempest-plugin and Keystone if missing; builds Muon
# with the Maven reactor (package, never install: ~/.m2 stays as it is); starts a throwaway
# Keystone (sqlite in WAL mode, own keystone.conf, nothing under /etc/keystone) and Muon with
# auth.strategy=keystone on free loopback ports; writes tempest.conf; runs tempest; prints the
# pass/fail/skip counts and one line per failure; stops what it started (by PID) and removes
# its work directory. Exits 0 only if nothing failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
py=/usr/bin/python3   # Debian's python: tempest, keystone and subunit live there, not in another python3

modules=default
regex=
concurrency=2
while [ $# -gt 0 ]; do
  case "$1" in
    --modules) modules=$2; shift 2 ;;
    --regex) regex=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run-tempest: unknown argument $1" >&2; exit 2 ;;
  esac
done

default_modules=(test_networks test_networks_negative test_subnets test_subnetpools test_subnetpools_negative
  test_ports test_ports_negative test_routers test_routers_negative test_floating_ips test_floating_ips_negative
  test_security_groups test_security_groups_negative test_trunk test_trunk_negative
  test_auto_allocated_topology test_extensions)
if [ -z "$regex" ]; then
  case "$modules" in
    default) regex="^neutron_tempest_plugin\.api\.($(IFS='|'; echo "${default_modules[*]}"))\." ;;
    all) regex='^(neutron_tempest_plugin\.api|tempest\.api\.network)\.' ;;
    *) echo "run-tempest: --modules default|all" >&2; exit 2 ;;
  esac
fi

log() { echo "== $*" >&2; }

# --- what it needs ---
packages=(tempest neutron-tempest-plugin python3-keystone python3-openstackclient
          openjdk-17-jdk-headless maven curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Muon's build: the reactor's package phase writes controller/target/classpath.txt with this
# tree's jars, so a run tests this tree's code and leaves the shared ~/.m2 alone ---
stamp="$repo/controller/target/.tempest-built"
if [ ! -f "$stamp" ] || [ -n "$(cd "$repo" && find . -path ./data -prune -o \( -name '*.java' -o -name '*.properties' \
     -o -name '*.xml' -o -name '*.sql' \) -path '*src*' -newer "$stamp" -print -o -name pom.xml -newer "$stamp" -print | head -1)" ]; then
  log "building Muon (mvn package)"
  (cd "$repo" && { mvn -B -q -o -DskipTests package >/dev/null 2>&1 || mvn -B -q -DskipTests package >/dev/null; }) \
    && touch "$stamp"
fi

# --- the work directory, and cleaning up after ourselves ---
work=$(mktemp -d /tmp/muon-tempest.XXXXXX)
pids=()
nodes=()
cleanup() {
  local rc=$?
  for d in "${nodes[@]}"; do
    "$repo/test-topologies/ovs-node.sh" down "$d" "$(cat "$d/netns" 2>/dev/null)" >/dev/null 2>&1 || true
  done
  for pid in "${pids[@]}"; do   # a negative pid: that process group
    kill -- "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 -- "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- "$pid" 2>/dev/null || true
  done
  if [ "${MUON_TEMPEST_KEEP:-}" = 1 ]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'echo "run-tempest: failed (line $LINENO): $BASH_COMMAND" >&2' ERR

free_ports() {  # N free loopback ports, distinct
  "$py" -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}
read -r ks_port rest_port of_port ovsdb_port <<<"$(free_ports 4)"

wait_http() {  # URL what: until it answers 200
  for _ in $(seq 180); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
    sleep 0.5
  done
  echo "run-tempest: $2 did not come up ($1); its log:" >&2
  tail -30 "$3" >&2
  return 1
}

# --- Keystone ---
admin_password=tempest-admin
muon_password=tempest-muon
keystone_url="http://127.0.0.1:$ks_port/v3"
muon_url="http://127.0.0.1:$rest_port"
ks="$work/keystone"
mkdir -p "$ks/log"
cat >"$ks/keystone.conf" <<EOF
[DEFAULT]
log_dir = $ks/log
[database]
connection = sqlite:///$ks/keystone.db
[fernet_tokens]
key_repository = $ks/fernet-keys
[fernet_receipts]
key_repository = $ks/fernet-keys
[credential]
key_repository = $ks/credential-keys
[identity]
# bcrypt's cheapest cost: tempest creates and authenticates many users
password_hash_rounds = 4
EOF
log "Keystone on 127.0.0.1:$ks_port"
manage() { env -u OS_CLOUD keystone-manage --config-file "$ks/keystone.conf" "$@" >>"$ks/log/manage.out" 2>&1; }
manage db_sync
# WAL: otherwise concurrent requests answer 500 "database is locked"
"$py" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$ks/keystone.db"
manage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
manage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
manage bootstrap --bootstrap-password "$admin_password" --bootstrap-public-url "$keystone_url" \
  --bootstrap-region-id RegionOne
(cd "$ks" && exec env OS_KEYSTONE_CONFIG_FILES="$ks/keystone.conf" \
  keystone-wsgi-public --host 127.0.0.1 --port "$ks_port" </dev/null >"$ks/log/wsgi.out" 2>&1) &
pids+=($!)
wait_http "$keystone_url" Keystone "$ks/log/wsgi.out"

# The admin's openstack CLI; no OS_* of the caller leaks in.
osc() {
  env $(env | grep -o '^OS_[A-Z_]*' | sed 's/^/-u /') \
    OS_AUTH_URL="$keystone_url" OS_IDENTITY_API_VERSION=3 OS_USERNAME=admin OS_PASSWORD="$admin_password" \
    OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne \
    "$py" /usr/bin/openstack "$@"
}
roles=$(osc role list -f value -c Name)
for role in member reader; do   # bootstrap makes them on Keystone 22; older ones did not
  grep -qx "$role" <<<"$roles" || osc role create "$role" >/dev/null
done
osc project create --domain Default service >/dev/null
osc user create --domain Default --password "$muon_password" muon >/dev/null
osc role add --project service --user muon admin
osc service create --name muon network >/dev/null
osc endpoint create --region RegionOne network public "$muon_url" >/dev/null

# --- Muon ---
m="$work/muon"
mkdir -p "$m/data"
cat >"$m/muon.properties" <<EOF
auth.strategy=keystone
keystone.url=$keystone_url
keystone.user=muon
keystone.password=$muon_password
keystone.project=service
# the reference deployment's tenant VLANs (the trunk MTU tests need VLAN tenant networks)
vlan.ranges=physnet1:1000:2999
EOF
log "Muon on 127.0.0.1:$rest_port"
# As ./muon run does, without its mvn install.
(cd "$m" && exec java ${MUON_JAVA_OPTS:-} -Dmuon.home="$repo" \
  -cp "$repo/controller/target/classes:$(cat "$repo/controller/target/classpath.txt")" dev.muon.controller.Main \
  run --rest-port "$rest_port" --openflow-port "$of_port" --ovsdb-port "$ovsdb_port" \
  --data-dir "$m/data" --config "$m/muon.properties" </dev/null >"$m/muon.log" 2>&1) &
pids+=($!)
wait_http "$muon_url/" Muon "$m/muon.log"

# --- two nodes, as the reference deployment has agents: userspace Open vSwitch, joined as the
# README says (the agent tests list and update them); MUON_TEMPEST_NODES=0 runs without ---
for n in $(seq "${MUON_TEMPEST_NODES:-2}"); do
  d="$work/node$n"
  if "$repo/test-topologies/ovs-node.sh" up "$d" "muon-tempest-$$-$n" "$of_port" >"$work/node$n.out" 2>&1; then
    nodes+=("$d")
    ovs-vsctl --db=unix:"$d/db.sock" set-manager "tcp:127.0.0.1:$ovsdb_port" -- set Open_vSwitch . \
      external_ids:hostname="compute$n" external_ids:muon-encap-ip="192.0.2.$n" external_ids:muon-datapath-type=netdev
  else
    log "no OVS node $n (see $work/node$n.out): the agent tests will skip or fail"
  fi
done

# --- what tempest is told about the cloud ---
log "public network, extensions"
public_net=$(osc network create --external --default public -f value -c id)
osc subnet create --network public --subnet-range 172.24.4.0/24 --gateway 172.24.4.1 public-subnet >/dev/null
# the default subnet pools a cloud offers, shared with all, as devstack makes them: the auto-allocated
# topology tests skip without one, and subnets asked with use_default_subnetpool come from them
osc subnet pool create --share --default --pool-prefix 10.0.0.0/22 --default-prefix-length 26 \
  shared-default-subnetpool-v4 >/dev/null
osc subnet pool create --share --default --pool-prefix fd00:0:0:8000::/56 --default-prefix-length 64 \
  shared-default-subnetpool-v6 >/dev/null
token=$(osc token issue -f value -c id)
extensions=$(curl -sSf -H "X-Auth-Token: $token" "$muon_url/v2.0/extensions" \
  | "$py" -c 'import json, sys; print(",".join(sorted(e["alias"] for e in json.load(sys.stdin)["extensions"])))')
for _ in $(seq 60); do   # the nodes' agents alive before tests list them
  alive=$(curl -sS -H "X-Auth-Token: $token" "$muon_url/v2.0/agents?alive=true" 2>/dev/null \
    | "$py" -c 'import json, sys; print(len(json.load(sys.stdin).get("agents", [])))' 2>/dev/null || echo 0)
  [ "$alive" -ge "${#nodes[@]}" ] && break
  sleep 0.5
done

t="$work/tempest"
# its own workspace registry: tempest init would otherwise record the workspace in ~/.tempest
tempest init --workspace-path "$work/workspaces.yaml" --name "$(basename "$work")" "$t" >"$work/tempest-init.out" 2>&1
port_security=false
[[ ",$extensions," == *,port-security,* ]] && port_security=true
cat >"$t/etc/tempest.conf" <<EOF
[DEFAULT]
log_file = tempest.log
log_dir = $t/logs
[auth]
admin_username = admin
admin_password = $admin_password
admin_project_name = admin
admin_domain_name = Default
use_dynamic_credentials = true
[identity]
uri_v3 = $keystone_url
auth_version = v3
region = RegionOne
[identity-feature-enabled]
api_v2 = false
[service_available]
neutron = true
nova = false
glance = false
cinder = false
swift = false
horizon = false
[network]
public_network_id = $public_net
floating_network_name = public
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
[network-feature-enabled]
api_extensions = $extensions
ipv6 = true
ipv6_subnet_attributes = true
port_security = $port_security
[neutron_plugin_options]
available_type_drivers = flat,vlan,vxlan
provider_vlans = physnet1
[validation]
run_validation = false
EOF

# --- the run ---
log "tempest run --concurrency $concurrency --regex '$regex'"
start=$(date +%s)
# In its own process group, which cleanup ends (its workers too), waited for so that a TERM
# is handled at once. Exit status 1 means failures: the summary below reports them.
(cd "$t" && exec setsid tempest run --concurrency "$concurrency" --regex "$regex" >"$work/tempest-run.out" 2>&1) &
tempest_pid=$!
pids+=("-$tempest_pid")
wait "$tempest_pid" || true
log "tempest took $(( $(date +%s) - start )) s"
if ! (cd "$t" && stestr last --subunit) >"$work/last.subunit" 2>/dev/null || [ ! -s "$work/last.subunit" ]; then
  echo "run-tempest: tempest ran nothing; its output:" >&2
  tail -40 "$work/tempest-run.out" >&2
  exit 1
fi
"$py" "$here/summarize.py" <"$work/last.subunit" || exit 1
