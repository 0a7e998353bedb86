"""Security groups (issue 11) enforced in flows, with real packets: three nodes (node1 the network
node, public mapped on node1 and node2), two VXLAN subnets net1 10.20.1.0/24 and net2 10.20.2.0/24
behind router r1, whose gateway is on the flat external network `public` with the external host
`ext` (203.0.113.1). Every VM takes its address from Muon's DHCP (through its own security
groups), every security group change is made with the `openstack` CLI.

    VM  node   net   groups
    a1  node1  net1  default
    a3  node1  net1  default          (port security switched off by the last test)
    b1  node1  net2  default
    a2  node2  net1  default          (gets an allowed address pair)
    x2  node2  net1  lonely           (its own group: egress rules only; joins and leaves `clients`)
    f2  node2  net1  web              (floating IP served on node2)
    b3  node3  net2  default, srv     (srv: tcp 5000 in from members of `clients`)
    p3  node3  net1  none             (port security disabled from the start: the open receiver)
    n3  node3  net1  sl               (stateless group, egress rules only at first)
    f3  node3  net1  web              (floating IP served on the network node node1)

Proved here, each negative next to a positive control: the default group lets its members in
(on one node, across nodes, routed) and keeps a VM of another group out, which still reaches out
and gets its replies (stateful); a remote-group rule follows membership live; a port range rule;
ICMP allowed by a rule and stopped (a running ping too) when it goes; an established TCP
connection surviving unrelated rule changes and cut when the rule that allowed it goes; a spoofed
IP source dropped; an allowed-address-pair VIP; seed 004 (a floating IP answers the outside only
once the VM's group allows it); a stateless group (no conntrack: replies need rules); port
security disabled: reachable by all.

One lab for the module (the tests share the topology and run in file order; later ones build on
the rules earlier ones left)."""
import time
from types import SimpleNamespace

import pytest

from conftest import module_lab
from muonlab import Controller, Lab, wait_until
from muonlab.northsouth import Listener, PingMonitor, floating_ip, tcp_connects, tcp_source, wait_floating_ip_status
from muonlab.routing import tcp_echo
from muonlab.secgroups import (Sniffer, TcpSession, echo_requests_seen, port_flows, send_echo_requests)
from test_north_south import EXT_IP, PUBLIC, PUBLIC_BRIDGE, build_public, plug

SUBNETS = {'sub1': ('net1', '10.20.1.0/24'), 'sub2': ('net2', '10.20.2.0/24')}
VMS = {     # name -> (node, subnet, groups; None: port security disabled)
    'a1': ('node1', 'sub1', ['default']),
    'a3': ('node1', 'sub1', ['default']),
    'b1': ('node1', 'sub2', ['default']),
    'a2': ('node2', 'sub1', ['default']),
    'x2': ('node2', 'sub1', ['lonely']),
    'f2': ('node2', 'sub1', ['web']),
    'b3': ('node3', 'sub2', ['default', 'srv']),
    'p3': ('node3', 'sub1', None),
    'n3': ('node3', 'sub1', ['sl']),
    'f3': ('node3', 'sub1', ['web']),
}
REMOTE_PORT = 5000          # srv: tcp 5000 in from members of `clients`
VIP = '10.20.1.250'         # a2's allowed address pair
UNUSED_IP = '10.20.1.77'    # no port has it
NO = 2                      # seconds a negative check waits (a connect, a ping)


# --- the lab ------------------------------------------------------------------------------------

def build(ctl, lab):
    started = time.monotonic()
    t = build_public(ctl, lab)
    cli, neutron = t.cli, t.neutron
    # the plumbing through REST (fewer CLI starts: ~2 s each on a busy machine); everything
    # about security groups below through the openstack CLI
    nets = {net: neutron.create_network(net) for net in ('net1', 'net2')}
    t.subnets = {name: neutron.create_subnet(nets[net]['id'], cidr, name=name) for name, (net, cidr) in SUBNETS.items()}
    t.r1 = neutron.request('POST', '/v2.0/routers', {'router': {
        'name': 'r1', 'external_gateway_info': {'network_id': t.public['id']}}})['router']
    for subnet in t.subnets.values():
        neutron.request('PUT', '/v2.0/routers/%s/add_router_interface' % t.r1['id'], {'subnet_id': subnet['id']})

    # the groups: the project's default (made by the API) and ours
    t.groups = {g['Name']: g['ID'] for g in cli.run('security', 'group', 'list')}
    assert 'default' in t.groups, t.groups
    for name in ('lonely', 'clients', 'srv', 'web'):
        t.groups[name] = cli.run('security', 'group', 'create', name)['id']
    sl = cli.run('security', 'group', 'create', '--stateless', 'sl')
    assert sl.get('stateful') in (False, 'False'), sl
    t.groups['sl'] = sl['id']
    cli.run('security', 'group', 'rule', 'create', '--ingress', '--protocol', 'tcp', '--dst-port',
            str(REMOTE_PORT), '--remote-group', t.groups['clients'], 'srv')

    t.ports, t.vms, t.leases = {}, {}, {}
    for vm_name, (_, subnet, groups) in VMS.items():
        network_id = t.subnets[subnet]['network_id']
        if groups == ['default']:
            # a new port gets the project's default group by itself
            t.ports[vm_name] = neutron.create_port(network_id, name=vm_name + '-port')
            continue
        args = ['port', 'create', '--network', network_id]
        if groups is None:
            args += ['--no-security-group', '--disable-port-security']
        for g in groups or []:
            args += ['--security-group', t.groups[g]]
        t.ports[vm_name] = neutron.get_port(cli.run(*(args + [vm_name + '-port']))['id'])
    for vm_name, (node_name, subnet, _) in VMS.items():
        t.vms[vm_name] = plug(t, node_name, vm_name, t.ports[vm_name], t.subnets[subnet], 1450)
    for vm_name, (node_name, _, groups) in VMS.items():
        port = neutron.wait_port(t.ports[vm_name]['id'], 'ACTIVE', host=node_name, timeout=60,
                                 details=lab.diagnostics)
        want = sorted(t.groups[g] for g in groups or [])
        assert sorted(port['security_groups']) == want, (vm_name, port['security_groups'], want)
        assert port['port_security_enabled'] is (groups is not None), port
    plugged = time.monotonic()
    for vm_name, vm in t.vms.items():
        t.leases[vm_name] = vm.dhcp()       # DHCP passes every port's filter
        assert t.leases[vm_name]['ip'] == t.ports[vm_name]['fixed_ips'][0]['ip_address'], t.leases[vm_name]
    ping_when_ready(t.vms['a1'], t.vms['b3'].ip, what='first routed ping between default members')
    print('lab ready in %.1fs (VMs ACTIVE after %.1fs); groups %s' % (
        time.monotonic() - started, plugged - started, t.groups))
    return t


@pytest.fixture(scope='module')
def sg(request):
    """Controller, three nodes (node1 network; public on node1 and node2), ext, public, r1, the groups and VMs."""
    lab = Lab(nodes=3, controller=Controller(), roles={'node1': 'network'},
              physnets={PUBLIC: PUBLIC_BRIDGE}, physnet_nodes={PUBLIC: ['node1', 'node2']})
    yield from module_lab(request, lab, build)


# --- helpers --------------------------------------------------------------------------------------

def ping_when_ready(host, ip, what='', timeout=20):
    wait_until(lambda: host.ping(ip, count=1, timeout=1).ok, timeout=timeout, interval=0.3,
               what='%s: %s to answer %s' % (what, ip, host.name))


def ping_stops(host, ip, what='', timeout=20):
    wait_until(lambda: not host.ping(ip, count=1, timeout=1).ok, timeout=timeout, interval=0.3,
               what='%s: %s to stop answering %s' % (what, ip, host.name))


def reaches(host, ip, count=3):
    result = host.ping(ip, count=count, timeout=2)
    return result.ok and result.loss == 0, '%s -> %s: %s' % (host.name, ip, result.output)


def blocked(host, ip, count=2):
    """No echo reply at all; (True, output) when nothing came back."""
    result = host.ping(ip, count=count, timeout=NO)
    return not result.ok, '%s -> %s: %s' % (host.name, ip, result.output)


def ping_from(vm, source, ip, count=2, timeout=NO):
    """ping -I source from vm: (every request answered, output)."""
    out = vm.sh('ping -n -c %d -i 0.2 -W %d -I %s %s' % (count, timeout, source, ip), check=False)
    return ' %d received' % count in out, '%s (from %s) -> %s: %s' % (vm.name, source, ip, out)


def connects_when_ready(client, ip, port, what='', timeout=20):
    wait_until(lambda: tcp_connects(client, ip, port, timeout=NO)[0], timeout=timeout, interval=0.3,
               what='%s: %s to connect to %s:%d' % (what, client.name, ip, port))


def stops_connecting(client, ip, port, what='', timeout=20):
    wait_until(lambda: not tcp_connects(client, ip, port, timeout=NO)[0], timeout=timeout, interval=0.3,
               what='%s: %s to stop connecting to %s:%d' % (what, client.name, ip, port))


def rule(t, group, *args):
    """`openstack security group rule create <args> <group>`; returns the rule's id."""
    return t.cli.run('security', 'group', 'rule', 'create', *(list(args) + [t.groups[group]]))['id']


def delete_rule(t, rule_id):
    t.cli.run('security', 'group', 'rule', 'delete', rule_id, parse_json=False)


def port_groups(t, vm_name):
    return sorted(t.neutron.get_port(t.ports[vm_name]['id'])['security_groups'])


# --- 1. the default group ----------------------------------------------------------------------------

def test_the_default_group_lets_its_members_in_and_keeps_another_group_out_which_still_reaches_out(sg):
    t, v = sg, sg.vms
    failures = []
    pairs = [('a1', 'a2', 'across nodes'), ('a2', 'a1', 'across nodes, back'), ('a1', 'a3', 'on one node'),
             ('a1', 'b3', 'routed across nodes'), ('b3', 'a1', 'routed across nodes, back'),
             ('a1', 'b1', 'routed on one node')]
    for src, dst, what in pairs:
        ping_when_ready(v[src], v[dst].ip, what='members %s' % what, timeout=10)
        ok, out = reaches(v[src], v[dst].ip)
        if not ok:
            failures.append('members %s: ping %s' % (what, out))
    for port, (src, dst, what) in enumerate(pairs, start=5101):
        ok, detail = tcp_echo(v[src], v[dst], v[dst].ip, port=port, size=50000)
        if not ok:
            failures.append('members %s: TCP %s' % (what, detail))
    assert not failures, '\n'.join(failures)

    # x2 (group lonely, egress rules only): no member reaches it, on its node, across nodes, routed
    listener = Listener(v['x2'], 5120)
    try:
        for src in ('a2', 'a1', 'b3'):
            ok, out = blocked(v[src], v['x2'].ip)
            assert ok, 'a default member reaches x2 (group lonely, no ingress rule): ' + out
            ok, detail = tcp_connects(v[src], v['x2'].ip, 5120, timeout=NO)
            assert not ok, 'a default member opened a TCP connection to x2: ' + detail
    finally:
        peers = listener.stop()
    assert peers == [], 'x2 got connections from %s' % peers
    # ... nor does x2 reach the members, whose default group admits members only
    ok, out = blocked(v['x2'], v['a1'].ip)
    assert ok, 'x2 (not a member of default) reaches a1: ' + out

    # x2 reaches out, and the replies come back although lonely has no ingress rule: conntrack
    for dst, ip, what in (('p3', v['p3'].ip, 'an open port across nodes'), ('ext', EXT_IP, 'outside through SNAT')):
        ok, out = reaches(v['x2'], ip)
        assert ok, 'x2 -> %s (%s): %s' % (dst, what, out)
    ok, detail = tcp_echo(v['x2'], v['p3'], v['p3'].ip, port=5121, size=50000)
    assert ok, 'x2 -> p3 TCP: ' + detail
    ok, detail = tcp_echo(v['x2'], t.ext, EXT_IP, port=5122, size=50000)
    assert ok, 'x2 -> ext TCP through SNAT: ' + detail


# --- 2. a remote group follows its membership --------------------------------------------------------

def test_a_remote_group_rule_follows_membership_live(sg):
    t, v = sg, sg.vms
    b3 = v['b3']
    listener = Listener(b3, REMOTE_PORT)
    try:
        # a1 gets in through the default group (b3 is a member), x2 does not (neither default nor clients)
        ok, detail = tcp_connects(v['a1'], b3.ip, REMOTE_PORT, timeout=NO)
        assert ok, 'a1 (default) -> b3: ' + detail
        ok, detail = tcp_connects(v['x2'], b3.ip, REMOTE_PORT, timeout=NO)
        assert not ok, 'x2 connected to b3 before joining clients: ' + detail

        t.cli.run('port', 'set', '--security-group', t.groups['clients'], 'x2-port', parse_json=False)
        assert port_groups(t, 'x2') == sorted([t.groups['lonely'], t.groups['clients']])
        joined = time.monotonic()
        connects_when_ready(v['x2'], b3.ip, REMOTE_PORT, what='x2 joined clients', timeout=15)
        print('x2 connects %.1fs after joining clients' % (time.monotonic() - joined))
        # only what the rule says: tcp 5000, not ping
        ok, out = blocked(v['x2'], b3.ip)
        assert ok, 'clients membership let more than tcp %d in: %s' % (REMOTE_PORT, out)

        t.cli.run('port', 'unset', '--security-group', t.groups['clients'], 'x2-port', parse_json=False)
        assert port_groups(t, 'x2') == [t.groups['lonely']]
        left = time.monotonic()
        stops_connecting(v['x2'], b3.ip, REMOTE_PORT, what='x2 left clients', timeout=15)
        print('x2 refused %.1fs after leaving clients' % (time.monotonic() - left))
        ok, detail = tcp_connects(v['x2'], b3.ip, REMOTE_PORT, timeout=NO)
        assert not ok, 'x2 connects again after leaving clients: ' + detail
        ok, detail = tcp_connects(v['a1'], b3.ip, REMOTE_PORT, timeout=NO)
        assert ok, 'a1 (default) -> b3 after the change: ' + detail
    finally:
        peers = listener.stop()
    assert v['a1'].ip in peers and v['x2'].ip in peers, peers


# --- 3. a port range ----------------------------------------------------------------------------------

def test_a_port_range_rule_admits_its_ports_and_no_other(sg):
    t, v = sg, sg.vms
    x2 = v['x2']
    ports = (7999, 8000, 8042, 8080, 8081)
    listeners = {p: Listener(x2, p) for p in ports}
    try:
        ok, detail = tcp_connects(v['a1'], x2.ip, 8042, timeout=NO)
        assert not ok, 'before the rule: ' + detail
        t.range_rule = rule(t, 'lonely', '--ingress', '--protocol', 'tcp', '--dst-port', '8000:8080')
        shown = t.cli.run('security', 'group', 'rule', 'show', t.range_rule)
        assert (shown['port_range_min'], shown['port_range_max']) == (8000, 8080), shown
        connects_when_ready(v['a1'], x2.ip, 8000, what='tcp 8000:8080 rule')
        results = {p: tcp_connects(v['a1'], x2.ip, p, timeout=NO) for p in ports}
        ok, detail = tcp_connects(v['b3'], x2.ip, 8042, timeout=NO)   # routed, from another node
    finally:
        peers = {p: listener.stop() for p, listener in listeners.items()}
    assert ok, 'routed b3 -> x2:8042: ' + detail
    wrong = {p: detail for p, (ok, detail) in results.items() if ok != (8000 <= p <= 8080)}
    assert not wrong, 'tcp 8000:8080 rule: %s' % wrong
    assert peers[7999] == [] and peers[8081] == [], peers
    assert v['a1'].ip in peers[8042] and v['b3'].ip in peers[8042], peers


# --- 4. ICMP by a rule --------------------------------------------------------------------------------

def test_icmp_passes_only_while_a_rule_allows_it_and_a_running_ping_stops_with_the_rule(sg):
    t, v = sg, sg.vms
    a1, x2 = v['a1'], v['x2']
    ok, out = blocked(a1, x2.ip)
    assert ok, 'before the rule: ' + out
    ok, out = reaches(a1, v['a2'].ip)
    assert ok, 'control: ' + out

    icmp_rule = rule(t, 'lonely', '--ingress', '--protocol', 'icmp')
    ping_when_ready(a1, x2.ip, what='icmp rule', timeout=15)
    for src in ('a1', 'b3', 'a2'):
        ok, out = reaches(v[src], x2.ip)
        assert ok, 'with the icmp rule: ' + out

    monitor = PingMonitor(a1, x2.ip, interval=0.1)
    try:
        wait_until(lambda: len(monitor.replies) >= 10, timeout=10, what='the running ping to be answered')
        deleted = time.time()
        delete_rule(t, icmp_rule)
        # the running ping is one established ICMP "connection": it stops with the rule
        wait_until(lambda: time.time() - max(monitor.replies.values()) > 2, timeout=20,
                   what='the running ping to stop after the icmp rule was deleted')
        last = max(monitor.replies.values())
        time.sleep(1)
        sent_after = monitor.sent - monitor.last_reply_seq()
    finally:
        lines = monitor.stop()
    print('the running ping got its last reply %.2fs after the rule was deleted' % (last - deleted))
    assert sent_after >= 10, 'the ping did not keep sending: %s' % lines[-20:]
    for src in ('a1', 'b3'):
        ok, out = blocked(v[src], x2.ip)
        assert ok, 'after the icmp rule was deleted: ' + out
    ok, out = reaches(a1, v['a2'].ip)
    assert ok, 'control after: ' + out


# --- 5. an established connection and unrelated changes ------------------------------------------------

def test_an_established_connection_survives_unrelated_rule_changes_and_goes_with_its_rule(sg):
    t, v = sg, sg.vms
    a1, x2 = v['a1'], v['x2']

    def rules_flows(vm):
        """vm's rule flows (tables 72, 82) without counters."""
        return sorted((f.table, f.priority, f.cookie, tuple(sorted(f.match.items())), f.actions)
                      for f in port_flows(vm) if f.table in (72, 82))

    session = TcpSession(a1, x2, x2.ip, 8042)     # allowed by the range rule
    try:
        assert session.exchange('before') == 'echo before'
        for what, group, args, vm in (('another rule of x2\'s group', 'lonely',
                                       ('--ingress', '--protocol', 'udp', '--dst-port', '5353'), x2),
                                      ('a rule of a1\'s group', 'default',
                                       ('--ingress', '--protocol', 'tcp', '--dst-port', '9999'), a1)):
            flows_before = rules_flows(vm)
            other = rule(t, group, *args)
            wait_until(lambda vm=vm, b=flows_before: rules_flows(vm) != b, timeout=15,
                       what='%s to reach %s flows' % (what, vm.name))
            reply = session.exchange('after adding %s' % what)
            assert reply == 'echo after adding %s' % what, reply
            delete_rule(t, other)
            wait_until(lambda vm=vm, b=flows_before: rules_flows(vm) == b, timeout=15,
                       what='%s deleted: %s flows as before' % (what, vm.name))
            reply = session.exchange('after deleting %s' % what)
            assert reply == 'echo after deleting %s' % what, reply
        assert session.exchange('still') == 'echo still'

        # the rule that alone allowed it goes: the connection is cut, both ways (ct_mark)
        with_range = rules_flows(x2)
        delete_rule(t, t.range_rule)
        t.range_rule = None
        wait_until(lambda: rules_flows(x2) != with_range, timeout=15, what="the range rule to leave x2's flows")
        reply = session.exchange('after deleting the range rule')
        assert reply != 'echo after deleting the range rule', 'the connection outlived the only rule allowing it'
        print('after deleting the range rule the open connection got: %r' % reply)
    finally:
        session.stop()
    ok, out = reaches(a1, v['a2'].ip)
    assert ok, 'control: ' + out


# --- 6. IP source spoofing -----------------------------------------------------------------------------

def test_a_spoofed_ip_source_is_dropped_and_the_own_source_passes(sg):
    v = sg.vms
    a2, p3 = v['a2'], v['p3']        # p3 has no port security: whatever reaches it, a2's egress let out
    sniffer = Sniffer(p3, 'icmp[icmptype] = icmp-echo')
    try:
        probes = {'own': (a2.ip, 0x5101), 'unused': (UNUSED_IP, 0x5102), "a1's": (v['a1'].ip, 0x5103)}
        for src_ip, ident in probes.values():
            send_echo_requests(a2, p3.mac, src_ip, p3.ip, ident, count=3)
    finally:
        lines = sniffer.stop()
    seen = {what: echo_requests_seen(lines, src_ip, ident) for what, (src_ip, ident) in probes.items()}
    assert len(seen['own']) == 3, 'a2 own source should reach p3 (control): %s\nall:\n%s' % (seen, '\n'.join(lines))
    assert seen['unused'] == [] and seen["a1's"] == [], 'spoofed sources from a2 reached p3:\n%s' % '\n'.join(lines)


# --- 7. an allowed address pair --------------------------------------------------------------------------

def test_an_allowed_address_pair_vip_is_reachable_from_a_member_of_its_group(sg):
    t, v = sg, sg.vms
    a1, a2 = v['a1'], v['a2']
    a2.sh('ip addr add %s/24 dev eth0' % VIP)
    a1.flush_neighbours()
    ok, out = blocked(a1, VIP)
    assert ok, 'the VIP answers before it is an allowed address pair: ' + out
    ok, out = ping_from(a2, VIP, a1.ip)
    assert not ok and ' 0 received' in out, 'a2 gets replies from the VIP source before the pair: ' + out
    ok, out = reaches(a1, a2.ip)
    assert ok, 'control: ' + out

    t.cli.run('port', 'set', '--allowed-address', 'ip-address=%s' % VIP, 'a2-port', parse_json=False)
    pairs = t.neutron.get_port(t.ports['a2']['id'])['allowed_address_pairs']
    assert [p['ip_address'] for p in pairs] == [VIP], pairs
    a1.flush_neighbours()
    ping_when_ready(a1, VIP, what='the allowed address pair', timeout=15)
    ok, out = reaches(a1, VIP)
    assert ok, out
    assert a1.neighbour_mac(VIP) == a2.mac.lower(), a1.sh('ip neigh')
    ok, detail = tcp_echo(a1, a2, VIP, port=5201, size=50000)
    assert ok, detail
    # the VIP is a member address of the default group: a2 from the VIP gets into a1
    ok, out = ping_from(a2, VIP, a1.ip, count=3)
    assert ok, 'a2 from its VIP to a1 (a member of its group): ' + out


# --- 8. seed 004: a floating IP behind a security group ----------------------------------------------------

def test_seed_004_a_floating_ip_answers_the_outside_only_once_a_rule_allows_it(sg):
    t, v, ext = sg, sg.vms, sg.ext
    fips = {}
    for name in ('f2', 'f3'):
        fip = t.neutron.request('POST', '/v2.0/floatingips', {'floatingip': {
            'floating_network_id': t.public['id'], 'port_id': t.ports[name]['id']}})['floatingip']
        wait_floating_ip_status(t.neutron, fip['id'], 'ACTIVE', timeout=30, details=t.lab.diagnostics)
        fips[name] = floating_ip(t.neutron, fip['id'])['floating_ip_address']
    listeners = {name: Listener(v[name], 22) for name in fips}
    try:
        # the floating IPs work: the VMs leave through them (web has egress rules only)
        for port, name in enumerate(fips, start=5301):
            wait_until(lambda n=name, p=port: tcp_source(v[n], ext, EXT_IP, p)[0] == fips[n], timeout=20,
                       what='%s to leave as its floating IP %s' % (name, fips[name]))
        # ... but nothing gets in: the operator's floating IP "does not answer"
        for name, address in fips.items():
            ok, out = blocked(ext, address)
            assert ok, 'ext pings the floating IP of %s with no ingress rule: %s' % (name, out)
            ok, detail = tcp_connects(ext, address, 22, timeout=NO)
            assert not ok, 'ext connects to %s:22 with no ingress rule: %s' % (name, detail)

        rule(t, 'web', '--ingress', '--protocol', 'icmp')
        for name, address in fips.items():
            ping_when_ready(ext, address, what='icmp rule on web, floating IP of %s' % name, timeout=15)
            ok, out = reaches(ext, address)
            assert ok, out
        ok, detail = tcp_connects(ext, fips['f2'], 22, timeout=NO)
        assert not ok, 'tcp 22 before its rule: ' + detail

        rule(t, 'web', '--ingress', '--protocol', 'tcp', '--dst-port', '22')
        for name, address in fips.items():
            connects_when_ready(ext, address, 22, what='tcp 22 rule on web, floating IP of %s' % name, timeout=15)
    finally:
        peers = {name: listener.stop() for name, listener in listeners.items()}
    assert peers == {'f2': [EXT_IP], 'f3': [EXT_IP]}, 'the VMs should see ext (only, once): %s' % peers


# --- 9. a stateless group --------------------------------------------------------------------------------

def test_a_stateless_group_filters_without_conntrack_so_replies_need_rules(sg):
    t, v = sg, sg.vms
    n3, x2, p3 = v['n3'], v['x2'], v['p3']
    # no conntrack on n3's port (x2's, stateful, has it): its flows never call ct()
    ct_n3 = [str(f) for f in port_flows(n3) if 'ct(' in f.actions]
    ct_x2 = [str(f) for f in port_flows(x2) if 'ct(' in f.actions]
    assert ct_x2, 'x2 (stateful) has no ct() flow: the comparison proves nothing\n%s' % '\n'.join(
        str(f) for f in port_flows(x2))
    assert not ct_n3, 'n3 (stateless) uses conntrack:\n' + '\n'.join(ct_n3)

    listener = Listener(p3, 6000)
    try:
        # stateful x2 (egress rules only) gets its replies; stateless n3 (the same rules) does not
        ok, out = reaches(x2, p3.ip)
        assert ok, 'control (stateful): ' + out
        ok, detail = tcp_connects(x2, p3.ip, 6000, timeout=NO)
        assert ok, 'control (stateful): ' + detail
        sniffer = Sniffer(p3, 'tcp port 6000 and host %s' % n3.ip)
        try:
            ok, detail = tcp_connects(n3, p3.ip, 6000, timeout=NO)
        finally:
            lines = sniffer.stop()
        assert not ok, 'n3 (stateless, no ingress rule) got its SYN-ACK: ' + detail
        assert any('%s.' % n3.ip in l and '[S]' in l for l in lines), (
            "n3's SYN should leave (egress rule) and reach p3:\n" + '\n'.join(lines))
        ok, out = blocked(n3, p3.ip)
        assert ok, 'n3 got echo replies with no ingress rule: ' + out
        ok, out = blocked(p3, n3.ip)
        assert ok, 'p3 reached n3 with no ingress rule: ' + out

        # the replies need rules of their own
        rule(t, 'sl', '--ingress', '--protocol', 'icmp')
        ping_when_ready(n3, p3.ip, what='stateless icmp rule', timeout=15)
        for src, dst in ((n3, p3), (p3, n3)):
            ok, out = reaches(src, dst.ip)
            assert ok, out
        ok, detail = tcp_connects(n3, p3.ip, 6000, timeout=NO)
        assert not ok, 'tcp with an icmp rule only: ' + detail
        rule(t, 'sl', '--ingress', '--protocol', 'tcp')
        connects_when_ready(n3, p3.ip, 6000, what='stateless tcp rule', timeout=15)
        ok, detail = tcp_echo(n3, p3, p3.ip, port=6001, size=50000)
        assert ok, detail
    finally:
        peers = listener.stop()
    assert n3.ip in peers and x2.ip in peers, peers
    assert not [str(f) for f in port_flows(n3) if 'ct(' in f.actions], 'n3 uses conntrack after its rules'


# --- 10. port security disabled ---------------------------------------------------------------------------

def test_a_port_with_port_security_disabled_is_reachable_by_all(sg):
    t, v = sg, sg.vms
    a3 = v['a3']
    # before: a3 (default) keeps x2 out; p3 (port security off from the start) lets it in
    ok, out = blocked(v['x2'], a3.ip)
    assert ok, 'x2 reaches a3 (default) before: ' + out
    ok, out = reaches(v['x2'], v['p3'].ip)
    assert ok, 'control: ' + out

    t.cli.run('port', 'set', '--no-security-group', '--disable-port-security', 'a3-port', parse_json=False)
    port = t.neutron.get_port(t.ports['a3']['id'])
    assert port['port_security_enabled'] is False and port['security_groups'] == [], port
    ping_when_ready(v['x2'], a3.ip, what='port security disabled on a3', timeout=15)
    failures = []
    for target in ('a3', 'p3'):
        for src in ('x2', 'n3', 'a1', 'b3', 'f2'):
            ok, out = reaches(v[src], v[target].ip)
            if not ok:
                failures.append(out)
    for port_no, (src, target) in enumerate((('x2', 'a3'), ('b3', 'a3'), ('f3', 'p3')), start=5401):
        ok, detail = tcp_echo(v[src], v[target], v[target].ip, port=port_no, size=50000)
        if not ok:
            failures.append(detail)
    assert not failures, '\n'.join(failures)
