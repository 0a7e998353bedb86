"""North-south routing (issue 10) on three nodes with real packets: a flat provider network
`public` (router:external) on its own wire, with an external host `ext` (203.0.113.1, the
upstream router of the public subnet) on it. node1 is the network node (muon-role=network) and
maps public:br-ex, node2 is a compute node that maps public too, node3 a compute node without
it. Router r1 has its gateway on public and an interface on net1 (VXLAN, 10.10.1.0/24) with VMs
a2 (node2) and a3 (node3), which take their addresses from Muon's DHCP.

Proved here: the lab's provider wiring itself (first test, works with a controller without
north-south); SNAT as the router's gateway IP, served by the network node; the gateway IP takes
no inbound connection but answers ARP; ICMP errors come back through SNAT; floating IPs served
on the VM's own node when it maps public, else on the network node, their statuses and their
disassociation; two routers with the same tenant CIDR; "get me a network". SNAT failover
between two network nodes is test_north_south_failover.py (its own lab).

One lab for the module (the tests share the topology and run in file order: the floating IP
tests build on each other, the last ones add a router and an auto-allocated topology)."""
import ipaddress
import time
from types import SimpleNamespace

import pytest

from conftest import module_lab
from muonlab import Controller, Lab, OpenStackCli, wait_until
from muonlab.northsouth import (Listener, arp_who_has, floating_ip, floating_ip_port, gateway, tcp_connects,
                                tcp_source, udp_probe, wait_floating_ip_status)
from muonlab.routing import Captures, flow_state, settled_flow_state, tcp_echo, wait_flow_state
from muonlab.vm import DhcpError

PUBLIC = 'public'
PUBLIC_BRIDGE = 'br-ex'
PUBLIC_CIDR = '203.0.113.0/24'
EXT_IP = '203.0.113.1'          # the external host, also the public subnet's gateway (upstream router)
POOL = ('203.0.113.10', '203.0.113.200')
NET1_CIDR = '10.10.1.0/24'
AUTO_PROJECT = 'auto-project'
AUTO_POOL = '10.40.0.0/16'


def in_pool(ip):
    return ipaddress.ip_address(POOL[0]) <= ipaddress.ip_address(ip) <= ipaddress.ip_address(POOL[1])


def ping_when_ready(host, ip, what='', timeout=30):
    wait_until(lambda: host.ping(ip, count=1, timeout=1).ok, timeout=timeout, interval=0.5,
               what='%s: %s to answer %s' % (what, ip, host.name))


def reaches(host, ip, count=3):
    result = host.ping(ip, count=count, timeout=2)
    return result.ok and result.loss == 0, result.output


def public_links(t):
    return {name: t.lab.physnet_link(PUBLIC, name) for name in ('node1', 'node2')}


def replies_on(frames, link, src_ip, dst_ip):
    """Echo replies src_ip -> dst_ip a capture saw on link."""
    return [f for f in frames if f.link == link and f.is_icmp(src_ip, dst_ip, 0)]


# --- the lab ----------------------------------------------------------------------------------

def build_public(ctl, lab, ext_ip=EXT_IP):
    """The external host on the public wire and the public network (flat, router:external, DHCP on)."""
    cli = OpenStackCli(ctl.endpoint)
    t = SimpleNamespace(ctl=ctl, lab=lab, cli=cli, neutron=ctl.neutron, nodes={n.name: n for n in lab.nodes})
    t.ext = lab.add_external_host('ext', PUBLIC, '%s/24' % ext_ip)
    for node in lab.nodes:
        if lab.maps(node, PUBLIC):
            node.wait_for(lambda n=node: n.dump_flows(PUBLIC_BRIDGE), timeout=60, what='%s taken over' % PUBLIC_BRIDGE)
    t.public = cli.run('network', 'create', '--external', '--provider-network-type', 'flat',
                       '--provider-physical-network', PUBLIC, PUBLIC)
    t.public_subnet = cli.run('subnet', 'create', '--network', PUBLIC, '--subnet-range', PUBLIC_CIDR,
                              '--gateway', ext_ip, '--allocation-pool', 'start=%s,end=%s' % POOL, '--dhcp',
                              'public-subnet')
    return t


def plug(t, node_name, vm_name, port, subnet, mtu):
    vm = t.lab.plug_vm(t.nodes[node_name], vm_name, port, subnets=[subnet], mtu=mtu)
    vm.sh('sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1')
    return vm


def build(ctl, lab):
    started = time.monotonic()
    t = build_public(ctl, lab)
    cli, neutron = t.cli, t.neutron
    t.net1 = cli.run('network', 'create', 'net1')
    t.sub1 = cli.run('subnet', 'create', '--network', 'net1', '--subnet-range', NET1_CIDR, 'sub1')
    t.r1 = cli.run('router', 'create', 'r1')
    cli.run('router', 'set', '--external-gateway', PUBLIC, 'r1', parse_json=False)
    cli.run('router', 'add', 'subnet', 'r1', 'sub1', parse_json=False)

    t.ports, t.vms, t.leases = {}, {}, {}
    for vm_name in ('a2', 'a3'):
        t.ports[vm_name] = cli.create_port(t.net1['id'], name=vm_name + '-port')
    # as an operator would for a server behind a floating IP: let ping and TCP in
    t.secgroup = neutron.get_port(t.ports['a2']['id'])['security_groups'][0]
    cli.run('security', 'group', 'rule', 'create', '--ingress', '--protocol', 'icmp', t.secgroup)
    cli.run('security', 'group', 'rule', 'create', '--ingress', '--protocol', 'tcp', '--dst-port', '1:65535',
            t.secgroup)
    for vm_name, node_name in (('a2', 'node2'), ('a3', 'node3')):
        t.vms[vm_name] = plug(t, node_name, vm_name, t.ports[vm_name], t.sub1, t.net1['mtu'])
    for vm_name, node_name in (('a2', 'node2'), ('a3', 'node3')):
        neutron.wait_port(t.ports[vm_name]['id'], 'ACTIVE', host=node_name, timeout=60, details=lab.diagnostics)
    for vm_name, vm in t.vms.items():
        t.leases[vm_name] = vm.dhcp()
    t.fips = {}
    print('lab ready in %.1fs; r1 gateway %s' % (time.monotonic() - started, gateway(neutron, t.r1['id'])))
    return t


@pytest.fixture(scope='module')
def ns(request):
    """Controller, three nodes (node1 network, public on node1 and node2 only), ext, public, r1, a2, a3."""
    lab = Lab(nodes=3, controller=Controller(), roles={'node1': 'network'},
              physnets={PUBLIC: PUBLIC_BRIDGE}, physnet_nodes={PUBLIC: ['node1', 'node2']})
    yield from module_lab(request, lab, build)


def r1_gateway(t, timeout=30):
    """r1's gateway, once its port is placed on a node (binding:host_id set)."""
    last = {}

    def placed():
        last['gw'] = gateway(t.neutron, t.r1['id'])
        return last['gw']['ip'] and last['gw']['host']

    try:
        wait_until(placed, timeout=timeout, interval=0.5, what="r1's gateway port to be placed on a node")
    except AssertionError as e:
        gw = last.get('gw') or {}
        port = gw.get('port') or {}
        raise AssertionError("%s; r1 gateway ip %s, port %s mac %s status %s binding:host_id %r (a network node: node1)"
                             % (str(e).splitlines()[0], gw.get('ip'), port.get('id'), gw.get('mac'),
                                port.get('status'), gw.get('host'))) from None
    return last['gw']


# --- 0. the lab itself: a provider network on some nodes, an external host on its wire ---------

def test_a_vm_on_the_flat_public_network_talks_to_the_external_host_where_the_node_maps_it(ns):
    t, ext = ns, ns.ext
    # the wiring: node1 and node2 map public and have br-ex with a NIC on its wire, node3 has neither
    mappings = {n: t.nodes[n].vsctl('get', 'Open_vSwitch', '.', 'external_ids:muon-bridge-mappings').strip().strip('"')
                for n in t.nodes}
    assert mappings == {'node1': 'public:br-ex', 'node2': 'public:br-ex', 'node3': ''}, mappings
    assert not t.nodes['node3'].has_bridge(PUBLIC_BRIDGE), t.nodes['node3'].bridges()
    shown = t.neutron.get_network(t.public['id'])
    assert shown['router:external'] is True and shown['provider:network_type'] == 'flat', shown

    # a VM plugged straight into public on node1: Muon's DHCP, then ping both ways
    port1 = t.cli.create_port(t.public['id'], name='e1-port')
    assert in_pool(port1['fixed_ips'][0]['ip_address']), port1
    e1 = plug(t, 'node1', 'e1', port1, t.public_subnet, 1500)
    t.neutron.wait_port(port1['id'], 'ACTIVE', host='node1', timeout=60, details=t.lab.diagnostics)
    lease = e1.dhcp()
    assert lease['ip'] == port1['fixed_ips'][0]['ip_address'], lease
    assert lease['router'] == EXT_IP, lease
    assert lease['mtu'] in ('', '1500'), lease
    ok, out = reaches(e1, EXT_IP)
    assert ok, 'e1 (public, node1) -> ext %s:\n%s' % (EXT_IP, out)
    ok, out = reaches(ext, e1.ip)
    assert ok, 'ext -> e1 %s:\n%s' % (e1.ip, out)
    assert ext.neighbour_mac(e1.ip) == port1['mac_address'].lower(), ext.sh('ip neigh')
    ok, detail = tcp_echo(e1, ext, EXT_IP, port=5001)
    assert ok, detail
    ok, detail = tcp_echo(ext, e1, e1.ip, port=5002)
    assert ok, detail

    # on node3, which does not map public, the port cannot be carried: never ACTIVE, no lease
    port3 = t.cli.create_port(t.public['id'], name='e3-port')
    e3 = plug(t, 'node3', 'e3', port3, t.public_subnet, 1500)
    time.sleep(5)
    shown = t.neutron.get_port(port3['id'])
    assert shown['status'] != 'ACTIVE', 'a public port on node3 (no mapping) is ACTIVE: %s' % shown
    with pytest.raises(DhcpError):
        e3.dhcp(tries=3, timeout=1)
    assert not ext.ping(port3['fixed_ips'][0]['ip_address'], count=2, timeout=1).ok
    print('node3 port: status %s, binding:host_id %r, vif_type %r' % (
        shown['status'], shown.get('binding:host_id'), shown.get('binding:vif_type')))

    for vm, port in ((e1, port1), (e3, port3)):
        t.lab.unplug(vm)
        t.neutron.delete_port(port['id'])


# --- a. SNAT ----------------------------------------------------------------------------------

def test_snat_vms_reach_the_outside_as_the_routers_gateway_ip_through_the_network_node(ns):
    t, ext = ns, ns.ext
    gw = r1_gateway(t)
    assert in_pool(gw['ip']), gw
    assert gw['host'] == 'node1', "r1's gateway is served on %r, not on the network node node1: %s" % (gw['host'], gw)
    a2, a3 = t.vms['a2'], t.vms['a3']
    for vm in (a2, a3):
        ping_when_ready(vm, EXT_IP, what='SNAT', timeout=30)

    links = public_links(t)
    captures = Captures(t.lab, links.values())
    results = {vm.name: reaches(vm, EXT_IP) for vm in (a2, a3)}
    frames = captures.stop()
    for name, (ok, out) in results.items():
        assert ok, '%s -> ext %s through SNAT:\n%s' % (name, EXT_IP, out)
    # the translated traffic is on the wire as the gateway IP, from node1 only
    on1 = replies_on(frames, links['node1'], EXT_IP, gw['ip'])
    assert len(on1) >= 6, "ext's echo replies to r1's gateway %s on node1's public link: %s\nall frames:\n%s" % (
        gw['ip'], on1, '\n'.join(map(repr, frames)))
    assert not replies_on(frames, links['node2'], EXT_IP, gw['ip']), \
        'SNAT traffic on node2 public link:\n' + '\n'.join(map(repr, frames))
    untranslated = [f for f in frames if f.ip is not None and (f.ip.src in (a2.ip, a3.ip) or f.ip.dst in (a2.ip, a3.ip))]
    assert not untranslated, 'fixed IPs on the public wire:\n' + '\n'.join(map(repr, untranslated))
    requests = [f for f in frames if f.is_icmp(gw['ip'], EXT_IP, 8)]
    assert requests and all(f.src == gw['mac'] for f in requests), (
        'echo requests from the gateway IP should carry its port MAC %s: %s' % (gw['mac'], requests))

    for port, vm in enumerate((a2, a3), start=7001):
        source, detail = tcp_source(vm, ext, EXT_IP, port)
        assert source == gw['ip'], 'ext saw %s as the source, not r1\'s gateway %s: %s' % (source, gw['ip'], detail)
    for port, vm in enumerate((a2, a3), start=7011):
        ok, detail = tcp_echo(vm, ext, EXT_IP, port=port)
        assert ok, detail


# --- b. the gateway IP takes no connection in, but answers ARP ---------------------------------

def test_the_gateway_ip_refuses_inbound_connections_and_answers_arp_with_its_port_mac(ns):
    t, ext = ns, ns.ext
    gw = r1_gateway(t)
    # a listener behind the router on the port ext tries: nothing may reach it through the gateway IP
    listeners = [Listener(t.vms[name], 7100) for name in ('a2', 'a3')]
    try:
        ok, detail = tcp_connects(ext, gw['ip'], 7100, timeout=3)
    finally:
        peers = [listener.stop() for listener in listeners]
    assert not ok, 'ext opened a TCP connection to the gateway IP: %s' % detail
    assert peers == [[], []], 'a VM behind r1 got a connection through the gateway IP: %s' % peers

    ext.flush_neighbours()
    answers = arp_who_has(ext, gw['ip'])
    assert answers, 'nobody answered ext\'s ARP for the gateway IP %s' % gw['ip']
    assert answers == [(gw['mac'], gw['mac'])], (
        'ARP for the gateway %s: expected one answer with its port MAC %s, got (arp sender, ethernet source) %s'
        % (gw['ip'], gw['mac'], answers))


# --- c. ICMP errors through SNAT -----------------------------------------------------------------

def test_a_udp_datagram_to_a_closed_port_outside_is_refused_back_through_snat(ns):
    t, ext = ns, ns.ext
    assert ':9 ' not in ext.sh('ss -lunH', check=False)
    ping_when_ready(t.vms['a2'], EXT_IP, what='SNAT')
    for name in ('a2', 'a3'):
        outcome = udp_probe(t.vms[name], EXT_IP, 9)
        assert outcome == 'refused', (
            '%s: UDP to the closed port %s:9 should be refused (ext answers port unreachable, which must come back '
            'translated to the VM); got %s' % (name, EXT_IP, outcome))


# --- d. a floating IP served on the VM's own node -------------------------------------------------

def associate(t, vm_name):
    fip = t.cli.run('floating', 'ip', 'create', PUBLIC)
    t.cli.run('floating', 'ip', 'set', '--port', t.ports[vm_name]['id'], fip['id'], parse_json=False)
    t.fips[vm_name] = fip
    shown = floating_ip(t.neutron, fip['id'])
    assert shown['port_id'] == t.ports[vm_name]['id'] and shown['fixed_ip_address'] == t.vms[vm_name].ip, shown
    assert in_pool(shown['floating_ip_address']), shown
    return shown


def check_floating_ip(t, vm_name, serving, other, tcp_port):
    """ext reaches the VM by its floating IP (ping, TCP, ARP), served on `serving`'s public link only."""
    ext, vm = t.ext, t.vms[vm_name]
    fip = t.fips[vm_name]
    address = fip['floating_ip_address']
    wait_floating_ip_status(t.neutron, fip['id'], 'ACTIVE', timeout=30, details=t.lab.diagnostics)
    ping_when_ready(ext, address, what='floating IP of %s' % vm_name, timeout=30)

    ext.flush_neighbours()
    own = floating_ip_port(t.neutron, fip['id'])
    assert own is not None, 'no network:floatingip port for %s' % fip['id']
    answers = arp_who_has(ext, address)
    assert answers == [(own['mac_address'].lower(),) * 2], (
        'ARP for the floating IP %s: expected one answer with its port MAC %s, got %s'
        % (address, own['mac_address'], answers))

    links = public_links(t)
    captures = Captures(t.lab, links.values())
    ok, out = reaches(ext, address)
    frames = captures.stop()
    assert ok, 'ext -> floating IP %s of %s:\n%s' % (address, vm_name, out)
    served = replies_on(frames, links[serving], address, EXT_IP)
    assert len(served) >= 3, 'echo replies from %s on %s public link (%s serves it): %s\nall:\n%s' % (
        address, serving, serving, served, '\n'.join(map(repr, frames)))
    assert all(f.src == own['mac_address'].lower() for f in served), served
    stray = replies_on(frames, links[other], address, EXT_IP)
    assert not stray, 'floating IP replies on %s public link:\n%s' % (other, '\n'.join(map(repr, stray)))

    source, detail = tcp_source(ext, vm, address, tcp_port)
    assert source == EXT_IP, 'ext -> %s (floating IP of %s): the VM saw %s, expected ext %s: %s' % (
        address, vm_name, source, EXT_IP, detail)
    source, detail = tcp_source(vm, ext, EXT_IP, tcp_port + 1)
    assert source == address, '%s -> ext: ext saw %s, expected its floating IP %s: %s' % (
        vm_name, source, address, detail)


def test_a_floating_ip_for_a_vm_on_a_node_mapping_public_is_served_on_that_node(ns):
    t = ns
    gw = r1_gateway(t)
    associate(t, 'a2')
    check_floating_ip(t, 'a2', serving='node2', other='node1', tcp_port=7201)
    source, detail = tcp_source(t.vms['a3'], t.ext, EXT_IP, 7203)
    assert source == gw['ip'], 'a3 (no floating IP) should still leave as r1\'s gateway %s: %s' % (gw['ip'], detail)


# --- e. a floating IP for a VM on a node without public: served on the network node ---------------

def test_a_floating_ip_for_a_vm_on_a_node_without_public_is_served_on_the_network_node(ns):
    t = ns
    associate(t, 'a3')
    check_floating_ip(t, 'a3', serving='node1', other='node2', tcp_port=7301)


# --- f. disassociation --------------------------------------------------------------------------

def test_disassociating_a_floating_ip_stops_it_and_the_vm_goes_back_to_snat(ns):
    t, ext = ns, ns.ext
    gw = r1_gateway(t)
    fip = t.fips['a2']
    address = fip['floating_ip_address']
    assert reaches(ext, address)[0], 'precondition: the floating IP of a2 answers'
    t.cli.run('floating', 'ip', 'unset', '--port', fip['id'], parse_json=False)
    shown = floating_ip(t.neutron, fip['id'])
    assert shown['port_id'] is None and shown['fixed_ip_address'] is None, shown
    wait_floating_ip_status(t.neutron, fip['id'], 'DOWN', timeout=30, details=t.lab.diagnostics)
    wait_until(lambda: not ext.ping(address, count=1, timeout=1).ok, timeout=20,
               what='the disassociated floating IP %s to stop answering' % address)
    assert not ext.ping(address, count=3, timeout=1).ok, 'the disassociated floating IP still answers'
    ok, detail = tcp_connects(ext, address, 7401)
    assert not ok, detail
    source, detail = tcp_source(t.vms['a2'], ext, EXT_IP, 7402)
    assert source == gw['ip'], 'a2 after disassociation should leave as r1\'s gateway %s: %s' % (gw['ip'], detail)
    # a3's floating IP is untouched
    ok, out = reaches(ext, t.fips['a3']['floating_ip_address'])
    assert ok, out


# --- g. two routers, the same tenant CIDR ----------------------------------------------------------

def test_two_routers_with_the_same_tenant_cidr_each_snat_to_their_own_gateway(ns):
    t, ext = ns, ns.ext
    gw1 = r1_gateway(t)
    cli = t.cli
    net = cli.run('network', 'create', 'net1b')
    sub = cli.run('subnet', 'create', '--network', 'net1b', '--subnet-range', NET1_CIDR, 'sub1b')
    t.r2 = cli.run('router', 'create', 'r2')
    cli.run('router', 'set', '--external-gateway', PUBLIC, 'r2', parse_json=False)
    cli.run('router', 'add', 'subnet', 'r2', 'sub1b', parse_json=False)
    a2 = t.vms['a2']
    # b2 takes a2's very address, on the same node: only the router tells them apart
    port = cli.create_port(net['id'], name='b2-port', fixed_ips=[{'subnet_id': sub['id'], 'ip_address': a2.ip}])
    t.ports['b2'] = port
    b2 = t.vms['b2'] = plug(t, 'node2', 'b2', port, sub, net['mtu'])
    t.neutron.wait_port(port['id'], 'ACTIVE', host='node2', timeout=60, details=t.lab.diagnostics)
    lease = b2.dhcp()
    assert lease['ip'] == a2.ip, lease
    gw2 = gateway(t.neutron, t.r2['id'])
    assert gw2['ip'] and gw2['ip'] != gw1['ip'], (gw1, gw2)
    ping_when_ready(b2, EXT_IP, what='SNAT through r2', timeout=30)
    ok, out = reaches(b2, EXT_IP)
    assert ok, out
    for port_no, vm, want, router_name in ((7501, b2, gw2['ip'], 'r2'), (7502, a2, gw1['ip'], 'r1'),
                                           (7503, b2, gw2['ip'], 'r2')):
        source, detail = tcp_source(vm, ext, EXT_IP, port_no)
        assert source == want, '%s (%s, behind %s) should leave as %s\'s gateway %s; ext saw %s: %s' % (
            vm.name, vm.ip, router_name, router_name, want, source, detail)
    ok, detail = tcp_echo(b2, ext, EXT_IP, port=7504)
    assert ok, detail


# --- h. get me a network ----------------------------------------------------------------------------

def test_get_me_a_network_gives_a_project_a_network_that_reaches_the_outside(ns):
    t, ext, cli = ns, ns.ext, ns.cli
    cli.run('subnet', 'pool', 'create', '--default', '--share', '--pool-prefix', AUTO_POOL,
            '--default-prefix-length', '24', 'auto-pool')
    cli.run('network', 'set', '--external', '--default', PUBLIC, parse_json=False)
    check = cli.run('network', 'auto', 'allocated', 'topology', 'create', '--project', AUTO_PROJECT,
                    '--check-resources')
    print('dry run: %s' % check)
    topology = cli.run('network', 'auto', 'allocated', 'topology', 'create', '--project', AUTO_PROJECT)
    net = t.neutron.get_network(topology['id'])
    assert net['name'] == 'auto_allocated_network' and net['project_id'] == AUTO_PROJECT, net
    subnets = t.neutron.list_subnets(network_id=net['id'])
    v4 = [s for s in subnets if s['ip_version'] == 4]
    assert len(v4) == 1 and ipaddress.ip_network(v4[0]['cidr']).subnet_of(ipaddress.ip_network(AUTO_POOL)), subnets
    routers = [r for r in t.neutron.request('GET', '/v2.0/routers')['routers']
               if r['name'] == 'auto_allocated_router' and r['project_id'] == AUTO_PROJECT]
    assert len(routers) == 1, routers
    assert (routers[0].get('external_gateway_info') or {}).get('network_id') == t.public['id'], routers[0]

    port = cli.run('port', 'create', '--network', net['id'], '--project', AUTO_PROJECT, 'h2-port')
    port = t.neutron.get_port(port['id'])
    h2 = t.vms['h2'] = plug(t, 'node2', 'h2', port, v4[0], net['mtu'])
    t.neutron.wait_port(port['id'], 'ACTIVE', host='node2', timeout=60, details=t.lab.diagnostics)
    lease = h2.dhcp()
    assert lease['ip'] == port['fixed_ips'][0]['ip_address'] and lease['router'] == v4[0]['gateway_ip'], lease
    ping_when_ready(h2, EXT_IP, what='auto-allocated topology to the outside', timeout=30)
    gw = gateway(t.neutron, routers[0]['id'])
    source, detail = tcp_source(h2, ext, EXT_IP, 7601)
    assert source == gw['ip'], 'h2 should leave as auto_allocated_router\'s gateway %s; ext saw %s: %s' % (
        gw['ip'], source, detail)


# --- live changes -----------------------------------------------------------------------------------

def test_live_changes_leave_exactly_the_flows_of_a_topology_that_never_saw_them(ns):
    """A floating IP associated then disassociated and deleted, and a router's gateway set then
    cleared, leave every node's br-int and br-tun exactly as before."""
    t = ns
    bridges = ('br-int', 'br-tun')
    before = settled_flow_state(t.lab, bridges)
    fip = t.cli.run('floating', 'ip', 'create', PUBLIC)
    t.cli.run('floating', 'ip', 'set', '--port', t.ports['b2']['id'], fip['id'], parse_json=False)
    wait_floating_ip_status(t.neutron, fip['id'], 'ACTIVE', timeout=30, details=t.lab.diagnostics)
    assert flow_state(t.lab, bridges) != before, 'the floating IP has no flow: the comparison would prove nothing'
    t.cli.run('floating', 'ip', 'unset', '--port', fip['id'], parse_json=False)
    t.cli.run('floating', 'ip', 'delete', fip['id'], parse_json=False)
    wait_flow_state(t.lab, bridges, before, 'flows after a floating IP came and went to equal those before')

    t.cli.run('router', 'unset', '--external-gateway', 'r2', parse_json=False)
    without = settled_flow_state(t.lab, bridges)
    assert without != before, "r2's gateway has no flow: the comparison below would prove nothing"
    t.cli.run('router', 'set', '--external-gateway', PUBLIC, 'r2', parse_json=False)
    ping_when_ready(t.vms['b2'], EXT_IP, what='SNAT through r2 with its new gateway', timeout=30)
    t.cli.run('router', 'unset', '--external-gateway', 'r2', parse_json=False)
    wait_flow_state(t.lab, bridges, without, 'flows after a gateway came and went to equal those without it')
