"""The lab itself, without a controller: underlay, nodes, VM plugging, teardown.

These run anywhere the lab runs and guard the guarantees the scenario tests rely on."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from muonlab import Lab, wait_until
from muonlab.procs import run

SUBNET = {'id': 'subnet-a', 'cidr': '10.0.0.0/24', 'gateway_ip': '10.0.0.1'}


def fake_port(n, ip):
    return {'id': '%08d-0000-4000-8000-000000000000' % n, 'mac_address': 'fa:16:3e:00:00:%02x' % n,
            'fixed_ips': [{'subnet_id': SUBNET['id'], 'ip_address': ip}]}


def manual_br_int(node):
    """What the controller would create; here a plain learning switch."""
    node.vsctl('add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev',
               'fail_mode=standalone', 'protocols=OpenFlow13,OpenFlow14')


def running(pid):
    """Alive and not a zombie (init reaps our daemons late)."""
    try:
        stat = Path('/proc/%d/stat' % pid).read_text()
    except OSError:
        return False
    return stat.rsplit(')', 1)[1].split()[0] not in ('Z', 'X')


def snapshot():
    return {
        'netns': set(run(['ip', 'netns', 'list']).split('\n')) - {''},
        'links': set(re.findall(r'^\d+: ([^:@]+)', run(['ip', '-o', 'link']), re.M)),
    }


def recorded_pids(lab):
    """Every process the lab started: Mininet shells and the OVS/socat daemons of ovs-node.sh."""
    pids = [n.pid for n in lab.nodes] + [lab.underlay.pid] + [vm.pid for vm in lab.vms.values()]
    for pidfile in lab.dir.rglob('*.pid'):
        pids.append(int(pidfile.read_text().split()[0]))
    return pids


def test_underlay_carries_tunnel_ips_between_nodes():
    with Lab(nodes=2) as lab:
        node1, node2 = lab.nodes
        assert node1.tunnel_ip == '192.168.1.11' and node2.tunnel_ip == '192.168.1.12'
        for a, b in ((node1, node2), (node2, node1)):
            out, _, code = a.pexec(['ping', '-c', '2', '-W', '2', b.tunnel_ip])
            assert code == 0, out
        # OVS's native tunnelling sees the underlay through br-phy
        assert re.search(r'192\.168\.1\.0/24 dev br-phy', node1.appctl('ovs/route/show'))
        # node namespaces are named (ip netns exec works for a developer); br-phy is standalone netdev
        assert node1.netns in run(['ip', 'netns', 'list'])
        assert node1.vsctl('get', 'Bridge', 'br-phy', 'datapath_type').strip() == 'netdev'
        assert node1.vsctl('get', 'Bridge', 'br-phy', 'fail_mode').strip() == 'standalone'
        assert node1.vsctl('get-manager').strip() == ''     # no controller given: not onboarded


def test_vm_is_plugged_as_nova_does():
    with Lab(nodes=2) as lab:
        node1 = lab.nodes[0]
        manual_br_int(node1)
        vm1 = lab.plug_vm(node1, 'vm1', fake_port(1, '10.0.0.5'), subnets=[SUBNET])
        vm2 = lab.plug_vm(node1, 'vm2', fake_port(2, '10.0.0.6'), subnets=[SUBNET])

        eth0 = vm1.sh('ip -o link show eth0; ip -o -4 addr show eth0; ethtool -k eth0')
        assert 'link/ether fa:16:3e:00:00:01' in eth0
        assert 'mtu 1450' in eth0
        assert 'inet 10.0.0.5/24' in eth0
        assert re.search(r'^tx-checksumming: off', eth0, re.M)
        assert 'default via 10.0.0.1' in vm1.sh('ip route')

        assert vm1.tap == 'tap00000001-00'
        assert vm1.tap in node1.vsctl('list-ports', 'br-int').split()
        assert node1.external_ids('Interface', vm1.tap) == {
            'iface-id': '00000001-0000-4000-8000-000000000000', 'attached-mac': 'fa:16:3e:00:00:01',
            'iface-status': 'active', 'vm-uuid': vm1.vm_uuid}

        result = vm1.ping(vm2.ip, count=3)
        assert result.ok and result.loss == 0, result.output
        assert vm1.neighbour_mac(vm2.ip) == vm2.mac
        assert sum(f.n_packets for f in node1.dump_flows('br-int')) > 0

        vm2_shell = vm2.pid
        lab.unplug(vm2)
        assert vm2.tap not in node1.vsctl('list-ports', 'br-int').split()
        assert 'vm2' not in lab.vms
        wait_until(lambda: not running(vm2_shell), timeout=5, what='vm2 shell to exit')
        assert not vm1.ping(vm2.ip, count=1, timeout=1).ok


def test_teardown_leaves_nothing_behind():
    before = snapshot()
    with Lab(nodes=3) as lab:
        for node in lab.nodes:
            manual_br_int(node)
        for i, node in enumerate(lab.nodes, start=1):
            lab.plug_vm(node, 'vm%d' % i, fake_port(i, '10.0.0.%d' % (10 + i)), subnets=[SUBNET])
        pids = recorded_pids(lab)
        namespaces = {n.netns for n in lab.nodes}
        lab_dir = lab.dir
        run_id = lab.dir.name
        assert len(pids) == 3 * 4 + 3 + 1 + 3     # per node 4 daemons + shell; underlay; VMs
        assert namespaces <= snapshot()['netns']
    after = snapshot()
    assert not namespaces & after['netns']
    # Only this run's leftovers count: other labs may run on the same machine at the same time.
    assert not {ns for ns in after['netns'] - before['netns'] if ns.startswith(run_id)}
    assert after['links'] <= before['links']
    wait_until(lambda: not [p for p in pids if running(p)], timeout=5, what='lab processes to exit')
    assert not lab_dir.exists()


CRASHING_RUN = r'''
import sys, time
sys.path.insert(0, %r)
from muonlab import Lab
lab = Lab(nodes=2).start()
lab.nodes[0].vsctl('add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev')
lab.plug_vm(lab.nodes[0], 'vm1', %r)
print(lab.dir, ' '.join(n.netns for n in lab.nodes), flush=True)
print(' '.join(str(n.pid) for n in lab.nodes + [lab.underlay] + list(lab.vms.values())), flush=True)
time.sleep(600)
'''


def test_a_killed_run_is_cleaned_up_by_the_next():
    """SIGKILL leaves daemons and named namespaces; `python3 -m muonlab clean` (and every
    new Lab) stops exactly those of runs whose owner is dead."""
    root = str(Path(__file__).resolve().parent.parent)
    before = snapshot()
    proc = subprocess.Popen([sys.executable, '-c', CRASHING_RUN % (root, fake_port(1, '10.0.0.5'))],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().split()
        assert line, 'the crashing run did not start its lab'
        lab_dir, namespaces = Path(line[0]), set(line[1:])
        shells = [int(p) for p in proc.stdout.readline().split()]
        pids = [int(p.read_text().split()[0]) for p in lab_dir.rglob('*.pid')]
        assert pids and all(running(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # Mininet shells die with their owner (their pty hangs up), taking the anonymous
    # namespaces of the underlay and the VMs, and their veths, with them
    wait_until(lambda: not [p for p in shells if running(p)], timeout=5, what='shells of the killed run to exit')
    assert namespaces <= snapshot()['netns']          # named node namespaces and daemons remain
    out = subprocess.run([sys.executable, '-m', 'muonlab', 'clean'], cwd=root, check=True,
                         capture_output=True, text=True).stdout
    assert lab_dir.name in out
    after = snapshot()
    assert not namespaces & after['netns']
    assert after['links'] <= before['links']
    wait_until(lambda: not [p for p in pids if running(p)], timeout=5, what='crashed lab daemons to exit')
    assert not lab_dir.exists()


FAKE_LAUNCHER = r'''#!/bin/bash
# answers GET /v2.0/networks like the controller would, ignores SIGTERM in a child to
# prove the whole process group is ended
[ "$1" = run ] || exit 2
while [ $# -gt 0 ]; do case $1 in --rest-port) port=$2; shift;; esac; shift; done
echo "fake muon on $port"
(trap '' TERM; sleep 300) &
exec /usr/bin/python3 -c '
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"networks": []}).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$port"
'''


def test_controller_runs_the_launcher_and_stops_its_whole_process_group(tmp_path):
    from muonlab import Controller
    (tmp_path / 'muon').write_text(FAKE_LAUNCHER)
    (tmp_path / 'muon').chmod(0o755)
    ctl = Controller(repo_root=tmp_path, start_timeout=20, stop_timeout=2)
    assert {ctl.rest_port, ctl.openflow_port, ctl.ovsdb_port}.isdisjoint({9696, 6653, 6640})
    with ctl:
        assert ctl.neutron.list_networks() == []
        pid = ctl.proc.pid
        group = [int(p) for p in run(['pgrep', '-g', str(pid)]).split()]
        assert len(group) >= 2
        assert 'fake muon on %d' % ctl.rest_port in ctl.log_tail()
        assert '--data-dir %s/data' % ctl.dir in ctl.log_tail()
    wait_until(lambda: not [p for p in group if running(p)], timeout=15, what='controller process group to exit')
    ctl.remove_dir()
