"""Distributed routing (issue 9) on three nodes with real packets: one router, created with the
`openstack` CLI, with interfaces on two VXLAN subnets and one VLAN subnet (physnet1); VMs on
every node take their address and default route from Muon's DHCP. Routing happens on the node
where a packet enters (DVR): across nodes and on one node, VXLAN <-> VLAN, the gateway's ARP and
echo answered on the node, routed frames leaving with the sending node's DVR MAC, ICMP errors
from the gateway (time exceeded, net unreachable, frag-needed), an extra route via a VM, the
router's statuses and admin state, and removing an interface leaving exactly the flows of a
router that never had it.

One lab for the module (the tests share the topology and run in file order; the later ones
change the router and put it back, the last removes an interface)."""
import ipaddress
import re
import time
from types import SimpleNamespace

import pytest
from scapy.all import ARP  # pylint: disable=no-name-in-module

import conftest
from muonlab import Controller, Lab, OpenStackCli, wait_until
from muonlab.routing import Captures, dvr_macs, flow_state, settled_flow_state, tcp_echo, wait_flow_state

VLAN_ID = 1031
BRIDGES = ('br-int', 'br-tun', 'br-eth1')
SUBNETS = {   # name -> (network, CIDR, kind)
    'sub1': ('net1', '10.10.1.0/24', 'vxlan'),
    'sub2': ('net2', '10.10.2.0/24', 'vxlan'),
    'sub3': ('net3', '10.10.3.0/24', 'vlan'),
}
# VM -> (node, subnet): VXLAN on every node, VLAN on node1 and node3; r3 is the next hop of an extra route
VMS = {
    'a1': ('node1', 'sub1'),
    'b1': ('node1', 'sub2'),
    'b2': ('node2', 'sub2'),
    'c1': ('node1', 'sub3'),
    'c3': ('node3', 'sub3'),
    'r3': ('node3', 'sub2'),
}
EXTRA_CIDR, EXTRA_IP = '10.99.0.0/24', '10.99.0.1'
NOWHERE = '198.51.100.7'    # no route to it: the router answers net unreachable


def gateway(subnet):
    return str(ipaddress.ip_network(SUBNETS[subnet][1]).network_address + 1)


# --- the lab ----------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def rt(request):
    """Controller, three nodes with physnet1, the networks, the VMs (DHCP) and the router."""
    yield from conftest.module_lab(request, Lab(nodes=3, controller=Controller(), physnets={'physnet1': 'br-eth1'}),
                                   build)


def build(ctl, lab):
    started = time.monotonic()
    cli, neutron = OpenStackCli(ctl.endpoint), ctl.neutron
    t = SimpleNamespace(ctl=ctl, lab=lab, cli=cli, neutron=neutron, nodes={n.name: n for n in lab.nodes})
    for node in lab.nodes:
        node.wait_for(lambda n=node: n.dump_flows('br-eth1'), timeout=60, what='br-eth1 taken over')

    nets = {'net1': cli.run('network', 'create', 'net1'), 'net2': cli.run('network', 'create', 'net2'),
            'net3': cli.run('network', 'create', '--provider-network-type', 'vlan', '--provider-physical-network',
                            'physnet1', '--provider-segment', str(VLAN_ID), 'net3')}
    t.subnets = {}
    for name, (net, cidr, _) in SUBNETS.items():
        t.subnets[name] = cli.run('subnet', 'create', '--network', net, '--subnet-range', cidr, name)
    t.mtu = {name: nets[net]['mtu'] for name, (net, _, _) in SUBNETS.items()}
    assert t.mtu == {'sub1': 1450, 'sub2': 1450, 'sub3': 1500}, t.mtu

    t.ports, t.vms, t.leases = {}, {}, {}
    for vm_name, (_, subnet) in VMS.items():
        t.ports[vm_name] = cli.create_port(t.subnets[subnet]['network_id'], name=vm_name + '-port')
    # the extra route's next hop answers from an address that is not its port's: no port security
    cli.run('port', 'set', '--no-security-group', '--disable-port-security', 'r3-port', parse_json=False)
    for vm_name, (node_name, subnet) in VMS.items():
        vm = lab.plug_vm(t.nodes[node_name], vm_name, t.ports[vm_name], subnets=[t.subnets[subnet]],
                         mtu=t.mtu[subnet])
        vm.sh('sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1')
        t.vms[vm_name] = vm
    for vm_name, (node_name, _) in VMS.items():
        neutron.wait_port(t.ports[vm_name]['id'], 'ACTIVE', host=node_name, timeout=60, details=lab.diagnostics)
    for vm_name, vm in t.vms.items():
        t.leases[vm_name] = vm.dhcp()
    r3 = t.vms['r3']
    r3.sh('ip addr add %s/32 dev lo && sysctl -qw net.ipv4.ip_forward=1' % EXTRA_IP)
    # before any router: what every node holds for the networks and VMs alone
    t.without_router = settled_flow_state(lab, BRIDGES)

    t.router = cli.run('router', 'create', 'router1')
    cli.run('router', 'add', 'subnet', 'router1', 'sub1', parse_json=False)
    cli.run('router', 'add', 'subnet', 'router1', 'sub3', parse_json=False)
    # the flows of a router that never had an interface on sub2 (the last test removes it)
    t.without_sub2 = settled_flow_state(lab, BRIDGES)
    cli.run('router', 'add', 'subnet', 'router1', 'sub2', parse_json=False)

    t.interfaces = {}    # subnet name -> router interface port
    for port in neutron.list_ports(device_id=t.router['id']):
        for ip in port['fixed_ips']:
            name = next(n for n, s in t.subnets.items() if s['id'] == ip['subnet_id'])
            t.interfaces[name] = port
    assert sorted(t.interfaces) == sorted(SUBNETS), t.interfaces
    for name, port in t.interfaces.items():
        assert port['fixed_ips'][0]['ip_address'] == gateway(name), port
    t.qr_macs = {port['mac_address'].lower() for port in t.interfaces.values()}
    t.dvr = dvr_macs(ctl.endpoint)
    assert sorted(t.dvr) == ['node1', 'node2', 'node3'], t.dvr
    assert len(set(t.dvr.values())) == 3 and all(m.startswith('fa:16:3f:') for m in t.dvr.values()), t.dvr
    ping_when_ready(t.vms['a1'], t.vms['b2'].ip, what='first routed ping')
    print('lab ready in %.1fs; DVR MACs %s; router interfaces %s' % (
        time.monotonic() - started, t.dvr, {n: p['mac_address'] for n, p in t.interfaces.items()}))
    return t


def ping_when_ready(vm, ip, what='', timeout=30):
    wait_until(lambda: vm.ping(ip, count=1, timeout=1).ok, timeout=timeout, interval=0.5,
               what='%s: %s to answer %s' % (what, ip, vm.name))


def reaches(vm, ip, count=3):
    result = vm.ping(ip, count=count, timeout=2)
    return result.ok and result.loss == 0, result.output


def all_links(lab):
    return ['ul-%s' % n.name for n in lab.nodes] + [lab.physnet_link('physnet1', n) for n in lab.nodes]


def router_status(t):
    return t.neutron.request('GET', '/v2.0/routers/%s' % t.router['id'])['router']['status']


# --- 1. ping and TCP between subnets ----------------------------------------------------------

def test_dhcp_gives_every_vm_its_address_mtu_and_the_gateway_as_default_route(rt):
    for vm_name, (_, subnet) in VMS.items():
        lease, vm = rt.leases[vm_name], rt.vms[vm_name]
        assert lease['ip'] == rt.ports[vm_name]['fixed_ips'][0]['ip_address'], lease
        assert lease['router'] == gateway(subnet), lease
        assert lease['mtu'] == str(rt.mtu[subnet]), lease
        routes = vm.sh('ip -4 route')
        assert 'default via %s' % gateway(subnet) in routes, routes
        assert 'mtu %d' % rt.mtu[subnet] in vm.sh('ip link show eth0')


PAIRS = [   # (from, to, what)
    ('a1', 'b2', 'VXLAN -> VXLAN across nodes'),
    ('b2', 'a1', 'VXLAN -> VXLAN across nodes, back'),
    ('a1', 'b1', 'VXLAN -> VXLAN on one node'),
    ('b1', 'a1', 'VXLAN -> VXLAN on one node, back'),
    ('a1', 'c3', 'VXLAN -> VLAN across nodes'),
    ('c3', 'b2', 'VLAN -> VXLAN across nodes'),
    ('b2', 'c1', 'VXLAN -> VLAN across nodes (node2 has no VLAN port)'),
    ('a1', 'c1', 'VXLAN -> VLAN on one node'),
    ('c1', 'b1', 'VLAN -> VXLAN on one node'),
]


def test_ping_and_tcp_between_subnets_across_nodes_and_on_one_node(rt):
    failures = []
    for src, dst, what in PAIRS:
        ping_when_ready(rt.vms[src], rt.vms[dst].ip, what=what, timeout=15)
        ok, out = reaches(rt.vms[src], rt.vms[dst].ip, count=5)
        # one router hop: the reply left the destination with TTL 64 and arrives with 63
        if not ok or 'ttl=63' not in out:
            failures.append('ping %s (%s): %s' % (what, 'no hop seen' if ok else 'loss', out))
    for port, (src, dst, what) in enumerate(PAIRS, start=5001):
        ok, detail = tcp_echo(rt.vms[src], rt.vms[dst], rt.vms[dst].ip, port=port)
        print('TCP %s: %s' % (what, detail))
        if not ok:
            failures.append('TCP %s: %s' % (what, detail))
    assert not failures, '\n'.join(failures)


# --- 2. the gateway ----------------------------------------------------------------------------

def test_gateway_arp_and_echo_are_answered_on_the_node_with_the_router_interface_mac(rt):
    captures = Captures(rt.lab, all_links(rt.lab))
    results = {}
    for vm_name, (_, subnet) in VMS.items():
        vm = rt.vms[vm_name]
        vm.flush_neighbours()
        results[vm_name] = (vm.ping(gateway(subnet), count=3, timeout=2), vm.neighbour_mac(gateway(subnet)))
    frames = captures.stop()
    for vm_name, (_, subnet) in VMS.items():
        ping, mac = results[vm_name]
        assert ping.ok and ping.loss == 0, '%s -> gateway %s:\n%s' % (vm_name, gateway(subnet), ping.output)
        assert mac == rt.interfaces[subnet]['mac_address'].lower(), (
            '%s resolved its gateway %s to %s, not the router interface %s'
            % (vm_name, gateway(subnet), mac, rt.interfaces[subnet]['mac_address']))
    gateways = {gateway(s) for s in SUBNETS}
    leaked = [f for f in frames if (f.eth.haslayer(ARP) and f.eth[ARP].pdst in gateways)
              or (f.ip is not None and (f.ip.dst in gateways or f.ip.src in gateways))]
    assert not leaked, 'gateway ARP or echo crossed a wire:\n' + '\n'.join(map(repr, leaked))


# --- 3. the DVR MAC on the wire ------------------------------------------------------------------

def test_routed_frames_carry_the_sending_nodes_dvr_mac_never_the_router_mac(rt):
    a1, b2, c3 = rt.vms['a1'], rt.vms['b2'], rt.vms['c3']
    captures = Captures(rt.lab, all_links(rt.lab))
    across = a1.ping(b2.ip, count=3)
    to_vlan = a1.ping(c3.ip, count=3)
    frames = captures.stop()
    assert across.ok and to_vlan.ok, across.output + to_vlan.output

    def seen(link, src_ip, dst_ip, icmp_type):
        return [f for f in frames if f.link == link and f.is_icmp(src_ip, dst_ip, icmp_type)]

    # VXLAN: node1 routes the request into net2 and tunnels it to node2; node2 routes the reply
    requests, replies = seen('ul-node1', a1.ip, b2.ip, 8), seen('ul-node1', b2.ip, a1.ip, 0)
    assert len(requests) >= 3 and len(replies) >= 3, frames
    for f in requests:
        assert f.vni is not None and (f.src, f.dst) == (rt.dvr['node1'], b2.mac), f
    for f in replies:
        assert f.vni is not None and (f.src, f.dst) == (rt.dvr['node2'], a1.mac), f
    # VLAN: node1 routes the request into net3, out on physnet1 with VLAN 1031; node3 routes the
    # reply into net1 (VXLAN) back to node1
    wire = rt.lab.physnet_link('physnet1', rt.nodes['node1'])
    requests, replies = seen(wire, a1.ip, c3.ip, 8), seen('ul-node1', c3.ip, a1.ip, 0)
    assert len(requests) >= 3 and len(replies) >= 3, frames
    for f in requests:
        assert f.vlan == VLAN_ID and (f.src, f.dst) == (rt.dvr['node1'], c3.mac), f
    for f in replies:
        assert f.vni is not None and (f.src, f.dst) == (rt.dvr['node3'], a1.mac), f
    assert not seen('ul-node1', a1.ip, c3.ip, 8), 'VLAN traffic went into the overlay'
    # no router interface MAC, as source or destination, on any wire
    leaked = [f for f in frames if f.src in rt.qr_macs or f.dst in rt.qr_macs]
    assert not leaked, 'a router interface MAC crossed a wire:\n' + '\n'.join(map(repr, leaked))
    print('%d frames on %d links; DVR MACs seen: %s' % (
        len(frames), len(all_links(rt.lab)), sorted({f.src for f in frames if f.src.startswith('fa:16:3f:')})))


# --- 4. and 5. ICMP errors from the router -------------------------------------------------------

def test_ttl_expiring_at_the_router_is_answered_time_exceeded_from_the_senders_gateway(rt):
    for src, dst in (('a1', 'b2'), ('c3', 'a1'), ('b1', 'a1')):
        vm, subnet = rt.vms[src], VMS[src][1]
        out = vm.sh('ping -n -c 1 -W 2 -t 1 %s' % rt.vms[dst].ip, check=False)
        assert re.search(r'From %s icmp_seq=1 Time to live exceeded' % re.escape(gateway(subnet)), out), (
            '%s -> %s with TTL 1: no Time Exceeded from %s:\n%s' % (src, dst, gateway(subnet), out))
        # TTL 2 passes the one router hop
        out = vm.sh('ping -n -c 1 -W 2 -t 2 %s' % rt.vms[dst].ip, check=False)
        assert ' 1 received' in out, out


def test_a_destination_without_a_route_is_answered_net_unreachable(rt):
    for src in ('a1', 'c3'):
        out = rt.vms[src].sh('ping -n -c 1 -W 2 %s' % NOWHERE, check=False)
        gw = gateway(VMS[src][1])
        assert re.search(r'From %s icmp_seq=1 Destination Net Unreachable' % re.escape(gw), out), (
            '%s -> %s: no net unreachable from %s:\n%s' % (src, NOWHERE, gw, out))


def test_too_big_for_vxlan_from_the_vlan_side_is_answered_frag_needed_with_mtu_1450(rt):
    c3, b2, c1 = rt.vms['c3'], rt.vms['b2'], rt.vms['c1']
    assert 'mtu 1500' in c3.sh('ip link show eth0')
    # 1422 + 28 = 1450 fits VXLAN; 1472 + 28 = 1500 fits the VLAN network but not VXLAN
    out = c3.sh('ping -n -c 2 -W 2 -M do -s 1422 %s' % b2.ip, check=False)
    assert ' 0% packet loss' in out, out
    out = c3.sh('ping -n -c 2 -W 2 -M do -s 1472 %s' % c1.ip, check=False)
    assert ' 0% packet loss' in out, 'VLAN to VLAN carries 1500 bytes: ' + out
    out = c3.sh('ping -n -c 1 -W 2 -M do -s 1472 %s' % b2.ip, check=False)
    assert re.search(r'From %s icmp_seq=1 Frag needed and DF set \(mtu = 1450\)' % re.escape(gateway('sub3')),
                     out), out
    # the VM's kernel learned the path MTU: it now refuses by itself
    route = c3.sh('ip route get %s' % b2.ip)
    assert 'mtu 1450' in route, route
    c3.sh('ip route flush cache', check=False)


# --- 8. statuses --------------------------------------------------------------------------------

def test_router_and_its_interfaces_are_active(rt):
    shown = rt.cli.run('router', 'show', 'router1')
    assert shown['status'] == 'ACTIVE' and shown['admin_state_up'] in (True, 'UP'), shown
    for name, port in rt.interfaces.items():
        port = rt.neutron.get_port(port['id'])
        assert port['status'] == 'ACTIVE', (name, port)
        assert port['device_owner'].startswith('network:router_interface'), port
        assert port['binding:host_id'] == '', port


# --- 6. an extra route via a VM --------------------------------------------------------------------

def test_an_extra_route_via_a_vm_is_followed_and_withdrawn(rt):
    a1, c3, r3 = rt.vms['a1'], rt.vms['c3'], rt.vms['r3']
    route = 'destination=%s,gateway=%s' % (EXTRA_CIDR, r3.ip)
    out = a1.sh('ping -n -c 1 -W 2 %s' % EXTRA_IP, check=False)
    assert 'Destination Net Unreachable' in out, 'before the route: ' + out

    rt.cli.run('router', 'set', '--route', route, 'router1', parse_json=False)
    shown = rt.cli.run('router', 'show', 'router1')
    assert any(r.get('destination') == EXTRA_CIDR and r.get('nexthop') == r3.ip for r in shown['routes']), shown
    for vm in (a1, c3):
        ping_when_ready(vm, EXTRA_IP, what='extra route', timeout=20)
        ok, out = reaches(vm, EXTRA_IP)
        assert ok, out
    # only r3 holds 10.99.0.1: its reply crossed one router hop
    assert 'ttl=63' in out, out
    ok, detail = tcp_echo(a1, r3, EXTRA_IP, port=5101)
    assert ok, detail

    rt.cli.run('router', 'unset', '--route', route, 'router1', parse_json=False)
    wait_until(lambda: not a1.ping(EXTRA_IP, count=1, timeout=1).ok, timeout=20, what='the route to be withdrawn')
    out = a1.sh('ping -n -c 1 -W 2 %s' % EXTRA_IP, check=False)
    assert 'Destination Net Unreachable' in out, 'after the route: ' + out
    assert rt.cli.run('router', 'show', 'router1')['routes'] == []


# --- 8. admin state ---------------------------------------------------------------------------------

def test_admin_down_stops_routing_and_up_restores_it(rt):
    a1, b2, c3 = rt.vms['a1'], rt.vms['b2'], rt.vms['c3']
    before = settled_flow_state(rt.lab, BRIDGES)
    assert before != rt.without_router, 'the router has no flow at all: the comparison below would prove nothing'
    rt.cli.run('router', 'set', '--disable', 'router1', parse_json=False)
    wait_until(lambda: router_status(rt) == 'DOWN', timeout=30, what='router DOWN')
    assert rt.cli.run('router', 'show', 'router1')['status'] == 'DOWN'
    wait_until(lambda: not a1.ping(b2.ip, count=1, timeout=1).ok, timeout=20, what='routing to stop')
    for src, dst in (('a1', 'b2'), ('a1', 'b1'), ('a1', 'c3'), ('c3', 'b2')):
        assert not rt.vms[src].ping(rt.vms[dst].ip, count=2, timeout=1).ok, '%s still reaches %s' % (src, dst)
    # the same subnet still works: admin down stops routing only
    assert reaches(rt.vms['b1'], b2.ip)[0]
    for name, port in rt.interfaces.items():
        wait_until(lambda p=port: rt.neutron.get_port(p['id'])['status'] == 'DOWN', timeout=30,
                   what='interface on %s DOWN' % name)
    # an administratively down router has no flow anywhere: every node holds what it held before the router
    wait_flow_state(rt.lab, BRIDGES, rt.without_router, 'flows with the router down to equal those before it existed')

    rt.cli.run('router', 'set', '--enable', 'router1', parse_json=False)
    wait_until(lambda: router_status(rt) == 'ACTIVE', timeout=30, what='router ACTIVE again')
    ping_when_ready(a1, b2.ip, what='routing back')
    for src, dst in (('a1', 'b2'), ('a1', 'b1'), ('a1', 'c3'), ('c3', 'b2')):
        ok, out = reaches(rt.vms[src], rt.vms[dst].ip)
        assert ok, out
    wait_flow_state(rt.lab, BRIDGES, before, 'flows after --enable to equal those before --disable')
    assert all(rt.neutron.get_port(p['id'])['status'] == 'ACTIVE' for p in rt.interfaces.values())


# --- 7. removing an interface ---------------------------------------------------------------------

def test_removing_an_interface_stops_exactly_that_subnets_routing(rt):
    a1, b1, b2, c1, c3 = (rt.vms[n] for n in ('a1', 'b1', 'b2', 'c1', 'c3'))
    assert flow_state(rt.lab, BRIDGES) != rt.without_sub2, 'sub2 has no flow: the comparison below would prove nothing'
    rt.cli.run('router', 'remove', 'subnet', 'router1', 'sub2', parse_json=False)
    wait_until(lambda: not a1.ping(b2.ip, count=1, timeout=1).ok, timeout=20, what='routing to sub2 to stop')
    for src, dst in ((a1, b2), (a1, b1), (b2, a1), (b1, c1), (c3, b2)):
        assert not src.ping(dst.ip, count=2, timeout=1).ok, '%s still reaches %s' % (src.name, dst.name)
    # sub2's own traffic and the other subnets' routing go on
    for src, dst in ((b1, b2), (a1, c3), (c3, a1), (a1, c1), (c1, a1)):
        ok, out = reaches(src, dst.ip)
        assert ok, '%s -> %s: %s' % (src.name, dst.name, out)
    out = b2.sh('ping -n -c 1 -W 2 %s' % gateway('sub2'), check=False)
    assert ' 0 received' in out, 'the removed interface still answers: ' + out
    assert not rt.neutron.list_ports(device_id=rt.router['id'], network_id=rt.subnets['sub2']['network_id'])
    # every node holds exactly the flows of a router that never had an interface on sub2
    wait_flow_state(rt.lab, BRIDGES, rt.without_sub2,
                    'flows after removing sub2 to equal those of the router before sub2 was added')
    assert router_status(rt) == 'ACTIVE'

