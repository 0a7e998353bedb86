"""The L2 dataplane on three nodes (node3 is a network node), with real packets: a VLAN
provider network across nodes with the provider VLAN on the wire, VXLAN with ARP answered
on the node, anti-spoofing, two networks with one CIDR, the port life cycle leaving exactly
the flows it should, and a continuous ping while the controller is killed and restarted."""
import re
import signal
import subprocess
import time

import pytest

from muonlab import wait_until

VLAN_ID = 1031
OWNED_BRIDGES = ('br-int', 'br-tun', 'br-eth1')


@pytest.fixture
def quick_node_leave(monkeypatch):
    """The controller started after this counts a node gone 3 s after its OVSDB connection
    closes (node.away.grace.seconds, 30 by default) and reconciles every 2 s."""
    monkeypatch.setenv('MUON_NODE_AWAY_GRACE_SECONDS', '3')
    monkeypatch.setenv('MUON_RECONCILE_PERIOD_SECONDS', '2')


def vlan_network(api, name, vlan_id=VLAN_ID):
    return api.create_network(name, **{'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1',
                                       'provider:segmentation_id': vlan_id})


def plug_and_bind(lab, api, node, name, port, subnet):
    vm = lab.plug_vm(node, name, port, subnets=[subnet])
    api.wait_port(port['id'], 'ACTIVE', host=node.name, timeout=60, details=lab.diagnostics)
    # no IPv6 chatter (router solicitations, MLD): the flood counters below count only what a test sends
    vm.sh('sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1')
    return vm


def ping_when_ready(vm, ip, timeout=30):
    """The datapath may converge a moment after the port turns ACTIVE; say how long it took."""
    start = time.monotonic()
    wait_until(lambda: vm.ping(ip, count=1, timeout=1).ok, timeout=timeout, what='%s to answer %s' % (ip, vm.name))
    print('%s -> %s answered after %.1fs' % (vm.name, ip, time.monotonic() - start))


def fixed(api, network, subnet, ip):
    return api.create_port(network['id'], fixed_ips=[{'subnet_id': subnet['id'], 'ip_address': ip}])


def test_vlan_provider_network_carries_vms_across_nodes_with_the_provider_vlan_on_the_wire(lab3, neutron):
    node1, node2, _ = lab3.nodes
    net = vlan_network(neutron, 'provider')
    subnet = neutron.create_subnet(net['id'], '192.168.10.0/24')
    vm1 = plug_and_bind(lab3, neutron, node1, 'vm1', neutron.create_port(net['id']), subnet)
    vm2 = plug_and_bind(lab3, neutron, node2, 'vm2', neutron.create_port(net['id']), subnet)
    ping_when_ready(vm1, vm2.ip)

    wire = lab3.capture(lab3.physnet_link('physnet1', node1))
    tunnels = lab3.capture('ul-node1')
    result = vm1.ping(vm2.ip, count=5)
    on_wire, on_tunnels = wire.stop(), tunnels.stop()
    assert result.ok and result.loss == 0, result.output
    # tcpdump -e on node1's link to physnet1: 802.1Q with the provider VLAN, the VMs' ICMP inside
    for kind, src, dst in (('request', vm1.ip, vm2.ip), ('reply', vm2.ip, vm1.ip)):
        pattern = r'ethertype 802\.1Q \(0x8100\), length \d+: vlan %d, .*%s > %s: ICMP echo %s' % (
            VLAN_ID, re.escape(src), re.escape(dst), kind)
        assert re.search(pattern, on_wire), on_wire
    assert 'ICMP echo' not in on_tunnels, 'VLAN traffic leaked into the overlay:\n' + on_tunnels
    # inside the nodes the network has a local VLAN (the VIF's tag), translated at br-eth1
    for node, vm in ((node1, vm1), (node2, vm2)):
        tag = int(node.vsctl('get', 'Port', vm.tap, 'tag'))
        assert tag != VLAN_ID
        assert node.dump_flows('br-eth1', table=0, dl_vlan=tag), node.ofctl('dump-flows', 'br-eth1')


def test_vxlan_across_nodes_with_arp_answered_on_the_node(lab3, neutron):
    node1, node2, _ = lab3.nodes
    net = neutron.create_network('overlay')
    subnet = neutron.create_subnet(net['id'], '10.0.0.0/24')
    vm1 = plug_and_bind(lab3, neutron, node1, 'vm1', neutron.create_port(net['id']), subnet)
    vm2 = plug_and_bind(lab3, neutron, node2, 'vm2', neutron.create_port(net['id']), subnet)
    ping_when_ready(vm1, vm2.ip)
    vm1.flush_neighbours()
    vm2.flush_neighbours()

    def flood():
        return sum(f.n_packets for f in node1.dump_flows('br-tun', table=22) if f.priority == 1)

    def answered():
        return sum(f.n_packets for f in node1.dump_flows('br-tun', table=21, arp_tpa=vm2.ip))

    node1.appctl('revalidator/wait')   # flow counters are pushed to OpenFlow by the revalidators
    flood_before, answered_before = flood(), answered()
    tunnels = lab3.capture('ul-node1')
    result = vm1.ping(vm2.ip, count=3)
    seen = tunnels.stop()
    assert result.ok and result.loss == 0, result.output
    assert vm1.neighbour_mac(vm2.ip) == vm2.mac
    assert 'ICMP echo request' in seen, seen
    assert not re.search(r'(who-has|Reply) 10\.0\.0\.', seen), 'an ARP of the VMs crossed the underlay:\n' + seen
    node1.wait_for(lambda: answered() > answered_before, timeout=10, what='br-tun table 21 to answer for VM2')
    node1.appctl('revalidator/wait')
    assert flood() == flood_before, 'br-tun table 22 flooded something'

    # an address the model does not know floods, and only to the node that has the network
    tunnels = lab3.capture('ul-node1')
    vm1.ping('10.0.0.250', count=1, timeout=1)
    seen = tunnels.stop()
    assert 'who-has 10.0.0.250' in seen, seen
    assert '192.168.1.12.4789' in seen and '192.168.1.13.4789' not in seen, seen


def test_a_vm_forging_a_mac_or_an_ip_is_dropped(lab3, neutron):
    node1, node2, _ = lab3.nodes
    net = neutron.create_network('overlay')
    subnet = neutron.create_subnet(net['id'], '10.0.0.0/24')
    vm1 = plug_and_bind(lab3, neutron, node1, 'vm1', neutron.create_port(net['id']), subnet)
    vm2 = plug_and_bind(lab3, neutron, node2, 'vm2', neutron.create_port(net['id']), subnet)
    vm3 = plug_and_bind(lab3, neutron, node1, 'vm3', neutron.create_port(net['id']), subnet)
    for peer in (vm2, vm3):
        ping_when_ready(vm1, peer.ip)

    def reaches(src, dst):
        src.flush_neighbours()
        return src.ping(dst.ip, count=2, timeout=1).ok

    # another MAC: nothing leaves the port (table 25), to a remote or a local VM
    vm1.sh('ip link set eth0 address fa:16:3e:de:ad:01')
    assert not reaches(vm1, vm2) and not reaches(vm1, vm3)
    vm1.sh('ip link set eth0 address %s' % vm1.mac)
    assert reaches(vm1, vm2) and reaches(vm1, vm3)

    # another IP: its ARP is dropped (table 24), so it reaches no one
    vm1.sh('ip addr flush dev eth0 && ip addr add 10.0.0.99/24 dev eth0')
    assert not reaches(vm1, vm2) and not reaches(vm1, vm3)
    vm1.sh('ip addr flush dev eth0 && ip addr add %s/24 dev eth0' % vm1.ip)
    assert reaches(vm1, vm2) and reaches(vm1, vm3)

    # claiming VM2's address in a gratuitous ARP poisons no neighbour cache
    assert reaches(vm3, vm2) and vm3.neighbour_mac(vm2.ip) == vm2.mac
    dropped = lambda: sum(f.n_packets for f in node1.dump_flows('br-int', table=24) if f.priority == 0)  # noqa: E731
    before = dropped()
    vm1.sh("/usr/bin/python3 -c \"from scapy.all import Ether, ARP, sendp; sendp(Ether(src='%s', dst='ff:ff:ff:ff:ff:ff')"
           "/ARP(op=2, hwsrc='%s', psrc='%s', hwdst='ff:ff:ff:ff:ff:ff', pdst='%s'), iface='eth0', count=3, "
           "verbose=False)\"" % (vm1.mac, vm1.mac, vm2.ip, vm2.ip))
    node1.wait_for(lambda: dropped() >= before + 3, timeout=10, what='table 24 to drop the forged ARP')
    assert vm3.neighbour_mac(vm2.ip) == vm2.mac


def test_two_networks_with_the_same_cidr_both_work(lab3, neutron):
    """An overlay and a VLAN network, both 10.0.0.0/24 with the same two addresses."""
    node1, node2, node3 = lab3.nodes
    overlay = neutron.create_network('overlay')
    overlay_subnet = neutron.create_subnet(overlay['id'], '10.0.0.0/24')
    vlan = vlan_network(neutron, 'vlan', 1090)
    vlan_subnet = neutron.create_subnet(vlan['id'], '10.0.0.0/24')
    a1 = plug_and_bind(lab3, neutron, node1, 'a1', fixed(neutron, overlay, overlay_subnet, '10.0.0.21'), overlay_subnet)
    a2 = plug_and_bind(lab3, neutron, node2, 'a2', fixed(neutron, overlay, overlay_subnet, '10.0.0.22'), overlay_subnet)
    b1 = plug_and_bind(lab3, neutron, node2, 'b1', fixed(neutron, vlan, vlan_subnet, '10.0.0.21'), vlan_subnet)
    b2 = plug_and_bind(lab3, neutron, node3, 'b2', fixed(neutron, vlan, vlan_subnet, '10.0.0.22'), vlan_subnet)
    for src, dst in ((a1, a2), (a2, a1), (b1, b2), (b2, b1)):
        ping_when_ready(src, dst.ip)
        assert src.neighbour_mac(dst.ip) == dst.mac, '%s reached the wrong %s' % (src.name, dst.ip)


def flow_state(lab):
    """Every node's flows on the bridges Muon owns, without counters: what must come back
    exactly. Port numbers are written as port names: a re-created tunnel port may get
    another number from Open vSwitch, and still be the same port."""
    state = {}
    for node in lab.nodes:
        for bridge in OWNED_BRIDGES:
            names = dict(re.findall(r'^\s*(\d+)\(([^)]+)\):', node.ofctl('show', bridge), re.M))

            def named(text, names=names):
                return re.sub(r'(in_port=|output:)(\d+)', lambda m: m.group(1) + names.get(m.group(2), m.group(2)),
                              text)

            state[(node.name, bridge)] = sorted(
                (f.table, f.priority, f.cookie,
                 tuple(sorted((k, named('in_port=%s' % v) if k == 'in_port' else v) for k, v in f.match.items())),
                 named(f.actions))
                for f in node.dump_flows(bridge))
    return state


def settled_flow_state(lab):
    """The flow state once it stops changing."""
    last = {}

    def stable():
        state = flow_state(lab)
        same, last['state'] = state == last.get('state'), state
        return same

    wait_until(stable, timeout=30, interval=1.0, what='flows to settle')
    return last['state']


def wait_flow_state(lab, expected, what):
    last = {}

    def same():
        last['state'] = flow_state(lab)
        return last['state'] == expected

    try:
        wait_until(same, timeout=30, what=what)
    except AssertionError:
        diff = ['%s %s:\n  stale: %s\n  missing: %s' % (k[0], k[1], sorted(set(last['state'][k]) - set(v)),
                                                        sorted(set(v) - set(last['state'][k])))
                for k, v in expected.items() if last['state'].get(k) != v]
        raise AssertionError('%s; differences:\n%s' % (what, '\n'.join(diff))) from None


def test_port_life_cycle_leaves_exactly_the_flows_it_should(quick_node_leave, lab3, neutron):
    node1, node2, node3 = lab3.nodes
    for node in lab3.nodes:
        node.wait_for(lambda n=node: n.dump_flows('br-eth1'), what='br-eth1 flows')
    empty = settled_flow_state(lab3)

    net = neutron.create_network('overlay')
    subnet = neutron.create_subnet(net['id'], '10.0.0.0/24')
    port1, port2 = neutron.create_port(net['id']), neutron.create_port(net['id'])
    vm1 = plug_and_bind(lab3, neutron, node1, 'vm1', port1, subnet)
    alone = settled_flow_state(lab3)

    # plug: VM2 on node2 is reachable; unplug: every node is back to exactly what it had
    vm2 = plug_and_bind(lab3, neutron, node2, 'vm2', port2, subnet)
    ping_when_ready(vm1, vm2.ip)
    assert flow_state(lab3) != alone
    lab3.unplug(vm2)
    neutron.wait_port(port2['id'], 'DOWN', timeout=30, details=lab3.diagnostics)
    wait_flow_state(lab3, alone, 'flows after unplug to equal those before plug')

    # move: the same port plugged on node3 instead is reached through node3's tunnel
    vm2 = plug_and_bind(lab3, neutron, node3, 'vm2', port2, subnet)
    ping_when_ready(vm1, vm2.ip)
    to_vm2 = node1.dump_flows('br-tun', table=20, dl_dst=vm2.mac)
    tunnel = node1.vsctl('get', 'Interface', 'vxlan-c0a8010d', 'ofport').strip()
    assert len(to_vm2) == 1 and to_vm2[0].actions.endswith('output:%s' % tunnel), to_vm2

    # admin_state_up=false: dead VLAN, unreachable, DOWN; true: back
    with_vm2 = settled_flow_state(lab3)
    neutron.update_port(port2['id'], admin_state_up=False)
    neutron.wait_port(port2['id'], 'DOWN', timeout=30, details=lab3.diagnostics)
    node3.wait_for(lambda: node3.vsctl('get', 'Port', vm2.tap, 'tag').strip() == '4095', what='dead VLAN tag')
    node1.wait_for(lambda: not node1.dump_flows('br-tun', table=20, dl_dst=vm2.mac), what='VM2 withdrawn')
    assert not vm1.ping(vm2.ip, count=2, timeout=1).ok
    neutron.update_port(port2['id'], admin_state_up=True)
    neutron.wait_port(port2['id'], 'ACTIVE', timeout=30, details=lab3.diagnostics)
    wait_flow_state(lab3, with_vm2, 'flows after admin up to equal those before admin down')
    ping_when_ready(vm1, vm2.ip)

    # node3 leaves (its OVSDB goes away): tunnels and VM2 vanish from the others; it rejoins: all back
    node3.vsctl('del-manager')
    node1.wait_for(lambda: 'vxlan-c0a8010d' not in node1.vsctl('list-ports', 'br-tun')
                   and not node1.dump_flows('br-tun', table=20, dl_dst=vm2.mac), what='tunnel to node3 and VM2 removed')
    lab3.onboard(node3)
    wait_flow_state(lab3, with_vm2, 'flows after node3 rejoined to equal those before it left')
    ping_when_ready(vm1, vm2.ip)

    # network delete: after its VMs and ports go, every node holds exactly what it had before it existed
    for vm in (vm1, vm2):
        lab3.unplug(vm)
    neutron.delete_port(port1['id'])
    neutron.delete_port(port2['id'])
    neutron.delete_subnet(subnet['id'])
    neutron.delete_network(net['id'])
    wait_flow_state(lab3, empty, 'flows after the network was deleted to equal those before it was created')


def kill_controller(ctl):
    """kill -9 the controller's whole process group, as a crash would."""
    pid = ctl.proc.pid
    subprocess.run(['kill', '-9', '--', '-%d' % pid], check=False)
    ctl.proc.wait(timeout=10)
    ctl.proc = None


def test_continuous_ping_loses_nothing_while_the_controller_is_killed_and_restarted(lab3, controller, neutron):
    node1, node2, node3 = lab3.nodes
    overlay = neutron.create_network('overlay')
    overlay_subnet = neutron.create_subnet(overlay['id'], '10.0.0.0/24')
    vlan = vlan_network(neutron, 'provider')
    vlan_subnet = neutron.create_subnet(vlan['id'], '192.168.10.0/24')
    vm1 = plug_and_bind(lab3, neutron, node1, 'vm1', neutron.create_port(overlay['id']), overlay_subnet)
    vm2 = plug_and_bind(lab3, neutron, node2, 'vm2', neutron.create_port(overlay['id']), overlay_subnet)
    vm3 = plug_and_bind(lab3, neutron, node2, 'vm3', neutron.create_port(vlan['id']), vlan_subnet)
    vm4 = plug_and_bind(lab3, neutron, node3, 'vm4', neutron.create_port(vlan['id']), vlan_subnet)
    ping_when_ready(vm1, vm2.ip)
    ping_when_ready(vm3, vm4.ip)

    pings = [(src, dst, src.popen(['ping', '-n', '-i', '0.05', '-W', '1', dst.ip],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
             for src, dst in ((vm1, vm2), (vm3, vm4))]
    try:
        time.sleep(2)
        kill_controller(controller)
        time.sleep(3)
        started = time.monotonic()
        controller.start()   # same data directory and ports
        print('controller answered again %.1fs after restart' % (time.monotonic() - started))
        for node in lab3.nodes:
            node.wait_for(lambda n=node: 'false' not in n.vsctl('--columns=is_connected', 'list', 'Controller'),
                          timeout=60, what='OpenFlow reconnected')
        time.sleep(5)   # a full reconciliation pass against every node has run
    finally:
        results = []
        for src, dst, proc in pings:
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=10)
            results.append((src, dst, out))
    for src, dst, out in results:
        m = re.search(r'(\d+) packets transmitted, (\d+) received', out)
        assert m, out
        sent, received = int(m.group(1)), int(m.group(2))
        answered = {int(n) for n in re.findall(r'icmp_seq=(\d+) ', out)}
        # SIGINT may catch the last request in flight; every earlier one must have been answered
        lost = sorted(set(range(1, sent)) - answered)
        print('%s -> %s: %d sent, %d received, lost %s' % (src.name, dst.name, sent, received, lost))
        assert sent > 100 and not lost, '%s -> %s lost %s:\n%s' % (src.name, dst.name, lost, out[-2000:])
