"""Seed 000's VLAN-aware VM, end to end with no agent: the trunk sequence with the real
`openstack` CLI; the parent bound to node1 and the VM plugged where binding:vif_details says
(tbr-<trunk>), as Nova/os-vif do; plain VMs on each network on node2 (VXLAN between the
nodes). The trunk VM sends and receives 802.1Q frames (scapy, see muonlab.trunk) and reaches
each network on its own VLAN only; subports come and go on the live trunk; deleting the trunk
leaves no port and no flow behind."""
from muonlab import wait_until
from muonlab.trunk import (arp, arp_request, dhcp_request, flow_dump, ping_request, plug_trunk_vm, probe,
                           trunk_bridge, unplug_trunk_vm)

# seed 000: network -> (CIDR, the VLAN the VM sees it on)
NETWORKS = {'net1': ('192.168.10.0/24', 1100), 'net2': ('192.168.20.0/24', 1200), 'net3': ('192.168.30.0/24', 1300)}
TRUNK_CIDR = '192.168.100.0/24'


def ip_of(port):
    return port['fixed_ips'][0]['ip_address']


def trunk_status(neutron, trunk_id):
    return neutron.request('GET', '/v2.0/trunks/%s' % trunk_id)['trunk']['status']


def node_state(lab):
    """Every node's bridges with their ports and flows (no counters), to compare before and after."""
    state = {}
    for node in lab.nodes:
        for bridge in node.bridges():
            ports = node.vsctl('list-ports', bridge).split()
            state['%s %s' % (node.name, bridge)] = (sorted(ports), flow_dump(node, bridge))
    return state


def test_trunk_vm_talks_on_each_vlan_to_its_network_only(lab, cli, neutron):
    node1, node2 = lab.nodes

    # the seed's sequence: four networks, the subports, the parent, the trunk
    subnets, plain = {}, {}
    for name, (cidr, _) in NETWORKS.items():
        net = cli.create_network(name)
        subnets[name] = cli.create_subnet(net['id'], cidr, name='sub-' + name)
        cli.run('port', 'create', '--network', name, 'port-' + name)
        plain[name] = neutron.create_port(net['id'], name='vm-' + name)
    trunk_net = cli.create_network('trunk')
    subnets['trunk'] = cli.create_subnet(trunk_net['id'], TRUNK_CIDR, name='trunk-subnet')
    parent = cli.run('port', 'create', '--network', 'trunk', 'my-trunk')
    plain['trunk'] = neutron.create_port(trunk_net['id'], name='vm-trunk')
    sub = {name: cli.get_port('port-' + name) for name in NETWORKS}
    trunk = cli.run('network', 'trunk', 'create', '--parent-port', 'my-trunk',
                    *sum((['--subport', 'port=port-%s,segmentation-type=vlan,segmentation-id=%d' % (name, vlan)]
                          for name, (_, vlan) in NETWORKS.items()), []), 'trunk-net')
    assert trunk['status'] == 'DOWN', trunk
    assert len(trunk['sub_ports']) == 3, trunk

    # plain VMs on node2, one per network; the state of both nodes before the trunk VM exists
    vms = {name: lab.plug_vm(node2, 'vm-' + name, port, subnets=[subnets[name]]) for name, port in plain.items()}
    for port in plain.values():
        neutron.wait_port(port['id'], 'ACTIVE', host='node2', details=lab.diagnostics)
    before = node_state(lab)

    # Nova binds the parent to node1, learns from binding:vif_details where to plug it, and os-vif
    # plugs it there: into tbr-<trunk id>, which Muon has made already, and wires
    tbr = trunk_bridge(trunk['id'])
    cli.run('port', 'set', '--host', 'node1', 'my-trunk', parse_json=False)
    assert cli.get_port('my-trunk')['binding:vif_details']['bridge_name'] == tbr
    node1.wait_for_bridge(tbr)
    tvm = plug_trunk_vm(lab, node1, 'trunk-vm', parent, tbr, subnets=[subnets['trunk']])
    wait_until(lambda: trunk_status(neutron, trunk['id']) == 'ACTIVE', timeout=60,
               what='trunk ACTIVE', details=lab.diagnostics)
    for port in [parent] + list(sub.values()):
        neutron.wait_port(port['id'], 'ACTIVE', host='node1', details=lab.diagnostics)
    shown = cli.run('network', 'trunk', 'show', 'trunk-net')
    assert shown['status'] == 'ACTIVE' and len(shown['sub_ports']) == 3, shown
    ports = set(node1.vsctl('list-ports', tbr).split())
    assert ports == {tvm.tap, 'tpt-' + parent['id'][:11]} | {'spt-' + p['id'][:11] for p in sub.values()}, ports
    for name, (_, vlan) in NETWORKS.items():
        assert node1.vsctl('get', 'Port', 'spt-' + sub[name]['id'][:11], 'tag').strip() == str(vlan)

    # untagged: the parent's network, by the VM's own kernel
    assert tvm.ping(ip_of(plain['trunk']), count=3, timeout=2).ok, lab.diagnostics()

    # tagged: each VLAN reaches its network and only that one, answered on the same VLAN; unicast
    # straight at another network's VM (its MAC and IP) does not cross VLANs either; a VLAN that
    # is no subport's goes nowhere; DHCP answers a subport on its VLAN with the subport's address
    expected, requests = [], []
    for name, (_, vlan) in NETWORKS.items():
        me = sub[name]
        for other, vm in vms.items():
            answer = [{'vlan': vlan, 'mac': vm.mac}] if other == name else []
            requests.append(arp_request(vlan, me['mac_address'], ip_of(me), vm.ip))
            expected.append(('ARP %s on VLAN %d for %s' % (name, vlan, other), answer))
            requests.append(ping_request(vlan, me['mac_address'], ip_of(me), vm.mac, vm.ip))
            expected.append(('ping %s on VLAN %d to %s' % (name, vlan, other), answer))
    requests.append(arp_request(1400, '02:00:00:00:14:00', '192.168.10.99', vms['net1'].ip))
    expected.append(('ARP on VLAN 1400', []))
    requests.append(dhcp_request(1100, sub['net1']['mac_address']))
    expected.append(('DHCP on VLAN 1100', [{'vlan': 1100, 'mac': '02:4d:75:00:00:01', 'yiaddr': ip_of(sub['net1'])}]))
    replies = probe(tvm, requests)
    got = [(what, _distinct(r)) for (what, _), r in zip(expected, replies)]
    assert got == [(what, answer) for what, answer in expected], lab.diagnostics()

    # remove_subports on the live trunk: VLAN 1300 stops, its patch pair goes
    cli.run('network', 'trunk', 'unset', '--subport', 'port-net3', 'trunk-net', parse_json=False)
    wait_until(lambda: arp(tvm, 1300, sub['net3']['mac_address'], ip_of(sub['net3']), vms['net3'].ip) == [],
               timeout=30, what='VLAN 1300 gone', details=lab.diagnostics)
    spi3 = 'spi-' + sub['net3']['id'][:11]
    wait_until(lambda: spi3 not in node1.vsctl('list-ports', 'br-int').split(), timeout=30, what='spi gone')
    assert 'spt-' + sub['net3']['id'][:11] not in node1.vsctl('list-ports', tbr).split()
    neutron.wait_port(sub['net3']['id'], 'DOWN', details=lab.diagnostics)
    assert arp(tvm, 1100, sub['net1']['mac_address'], ip_of(sub['net1']), vms['net1'].ip), 'VLAN 1100 still works'

    # ... and add it back (the seed's `trunk set --subport`): VLAN 1300 works again at once
    cli.run('network', 'trunk', 'set', '--subport', 'port=port-net3,segmentation-type=vlan,segmentation-id=1300',
            'trunk-net', parse_json=False)
    wait_until(lambda: arp(tvm, 1300, sub['net3']['mac_address'], ip_of(sub['net3']), vms['net3'].ip),
               timeout=30, what='VLAN 1300 back', details=lab.diagnostics)

    # delete the trunk, then the VM as os-vif unplugs it: every bridge, port and flow is as before
    cli.run('network', 'trunk', 'delete', 'trunk-net', parse_json=False)
    wait_until(lambda: set(node1.vsctl('list-ports', tbr).split()) == {tvm.tap}, timeout=30,
               what='trunk bridge emptied', details=lab.diagnostics)
    wait_until(lambda: flow_dump(node1, tbr) == [], timeout=30, what='no flow left on ' + tbr)
    assert arp(tvm, 1100, sub['net1']['mac_address'], ip_of(sub['net1']), vms['net1'].ip) == []
    unplug_trunk_vm(lab, tvm)
    wait_until(lambda: node_state(lab) == before, timeout=30, what='nodes as before the trunk',
               details=lambda: '%s\n---- before\n%s' % (node_state(lab), before))


def _distinct(replies):
    """Replies without the repeats of the probe's retries, in order."""
    out = []
    for r in replies:
        if r not in out:
            out.append(r)
    return out
