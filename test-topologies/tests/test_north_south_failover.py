"""North-south (issue 10), SNAT failover — ITS OWN LAB, run after test_north_south.py (file order):
node1 and node2 are both network nodes (muon-role=network) mapping public:br-ex, node3 a
compute node without public. VM a3 on node3 pings the external host every 100 ms through r1's
SNAT; the ovs-vswitchd of the node serving r1's gateway is killed (SIGKILL by its pid file, as a
crashed node); the time until a3's pings get through again is measured and printed, and must
stay under FAILOVER_LIMIT seconds. The gateway IP stays the same after the failover."""
import time

import pytest

from muonlab import Controller, Lab, wait_until
from muonlab.northsouth import PingMonitor, gateway, tcp_source

from test_north_south import (EXT_IP, PUBLIC, PUBLIC_BRIDGE, NET1_CIDR, build_public, module_lab, plug,
                              ping_when_ready)

FAILOVER_LIMIT = 30.0


def build(ctl, lab):
    t = build_public(ctl, lab)
    cli = t.cli
    t.net1 = cli.run('network', 'create', 'net1')
    t.sub1 = cli.run('subnet', 'create', '--network', 'net1', '--subnet-range', NET1_CIDR, 'sub1')
    t.r1 = cli.run('router', 'create', 'r1')
    cli.run('router', 'set', '--external-gateway', PUBLIC, 'r1', parse_json=False)
    cli.run('router', 'add', 'subnet', 'r1', 'sub1', parse_json=False)
    t.port = cli.create_port(t.net1['id'], name='a3-port')
    t.a3 = plug(t, 'node3', 'a3', t.port, t.sub1, t.net1['mtu'])
    t.neutron.wait_port(t.port['id'], 'ACTIVE', host='node3', timeout=60, details=lab.diagnostics)
    t.a3.dhcp()
    return t


@pytest.fixture(scope='module')
def ha(request):
    lab = Lab(nodes=3, controller=Controller(), roles={'node1': 'network', 'node2': 'network'},
              physnets={PUBLIC: PUBLIC_BRIDGE}, physnet_nodes={PUBLIC: ['node1', 'node2']})
    yield from module_lab(request, lab, build)


def test_snat_fails_over_to_the_other_network_node_when_the_serving_node_dies(ha):
    t = ha
    a3 = t.a3
    last = {}

    def placed():
        last['gw'] = gateway(t.neutron, t.r1['id'])
        return last['gw']['ip'] and last['gw']['host'] in ('node1', 'node2')

    wait_until(placed, timeout=30, interval=0.5, what="r1's gateway placed on a network node",
               details=lambda: 'last: ip %s mac %s binding:host_id %r' % (
                   (last.get('gw') or {}).get('ip'), (last.get('gw') or {}).get('mac'), (last.get('gw') or {}).get('host')))
    before = last['gw']
    serving = before['host']
    survivor = 'node2' if serving == 'node1' else 'node1'
    ping_when_ready(a3, EXT_IP, what='SNAT before the failover', timeout=30)
    source, detail = tcp_source(a3, t.ext, EXT_IP, 7701)
    assert source == before['ip'], detail

    monitor = PingMonitor(a3, EXT_IP, interval=0.1)
    try:
        wait_until(lambda: len(monitor.replies) >= 10, timeout=10, what='a3 pinging ext steadily before the kill')
        killed_at = time.time()
        pid = t.nodes[serving].kill_vswitchd()
        print('killed ovs-vswitchd %d of %s (serving r1 gateway %s) at %.3f' % (pid, serving, before['ip'], killed_at))
        result = {}

        def recovered():
            result['lost'], result['after'] = monitor.outage_after(killed_at)
            return result['after'] is not None

        try:
            wait_until(recovered, timeout=FAILOVER_LIMIT + 5, interval=0.2, what='a3 -> ext to get through again')
        except AssertionError:
            pass
    finally:
        lines = monitor.stop()
    lost, after = result.get('lost'), result.get('after')
    print('SNAT failover %s -> %s: %s echo requests lost, traffic back %s after the kill' % (
        serving, survivor, len(lost or []), '%.2f s' % after if after is not None else 'NEVER'))
    assert after is not None, ('a3 got no ping through to ext within %.0f s after %s died (lost seqs %s); ping:\n%s'
                               % (FAILOVER_LIMIT + 5, serving, lost, '\n'.join(lines[-40:])))
    assert after <= FAILOVER_LIMIT, 'SNAT came back after %.2f s, more than %.0f s' % (after, FAILOVER_LIMIT)
    now = gateway(t.neutron, t.r1['id'])
    assert now['ip'] == before['ip'], 'the gateway IP changed in the failover: %s -> %s' % (before, now)
    assert now['host'] == survivor, "r1's gateway port is bound to %r after %s died, expected %s: %s" % (
        now['host'], serving, survivor, now)
    source, detail = tcp_source(a3, t.ext, EXT_IP, 7702)
    assert source == before['ip'], 'after the failover a3 should still leave as %s: %s' % (before['ip'], detail)
