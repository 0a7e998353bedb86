"""Two compute nodes, VXLAN between them: the issue's acceptance scenario.

Written once against a Neutron API and run twice: through the REST client and through
the `openstack` CLI (both end up in the same controller)."""
import re
import time

import pytest

from muonlab import wait_until

CIDR = '10.0.0.0/24'
NEUTRON_BR_TUN_TABLES = {0, 2, 4, 10, 20, 22}
NEUTRON_BR_INT_TABLES = {0, 23, 24, 25}


@pytest.fixture(params=['rest', 'cli'])
def api(request, neutron, cli):
    return neutron if request.param == 'rest' else cli


def plug_and_bind(lab, api, node, name, port, subnet):
    vm = lab.plug_vm(node, name, port, subnets=[subnet])
    bound = api.wait_port(port['id'], 'ACTIVE', host=node.name, timeout=60, details=lab.diagnostics)
    assert bound['binding:host_id'] == node.name
    return vm


def ping_when_ready(vm, ip, timeout=20):
    """The datapath may converge a moment after the port turns ACTIVE; say how long it took."""
    start = time.monotonic()
    wait_until(lambda: vm.ping(ip, count=1, timeout=1).ok, timeout=timeout,
               what='%s to answer %s' % (ip, vm.name))
    print('%s -> %s answered after %.1fs' % (vm.name, ip, time.monotonic() - start))


def test_vms_on_two_nodes_talk_over_vxlan_and_networks_stay_isolated(lab, api):
    node1, node2 = lab.nodes
    net1 = api.create_network('net1')
    subnet1 = api.create_subnet(net1['id'], CIDR, name='subnet1')
    port1 = api.create_port(net1['id'], name='vm1-port')
    port2 = api.create_port(net1['id'], name='vm2-port')

    vm1 = plug_and_bind(lab, api, node1, 'vm1', port1, subnet1)
    vm2 = plug_and_bind(lab, api, node2, 'vm2', port2, subnet1)

    # VM1 reaches VM2 across the overlay ...
    ping_when_ready(vm1, vm2.ip)
    to_vm2 = lambda: node1.dump_flows('br-tun', table=20, dl_dst=vm2.mac)  # noqa: E731
    assert to_vm2(), 'no br-tun table 20 flow for %s on node1' % vm2.mac
    before = sum(f.n_packets for f in to_vm2())
    result = vm1.ping(vm2.ip, count=5)
    assert result.ok and result.loss == 0, result.output
    assert vm1.neighbour_mac(vm2.ip) == vm2.mac
    # ... and the echo requests went through br-tun's unicast-to-tunnel table, into a VXLAN port
    # (datapath flow stats reach the OpenFlow counters lazily, via the revalidator)
    node1.wait_for(lambda: sum(f.n_packets for f in to_vm2()) - before >= 5, timeout=10,
                   what='br-tun table 20 flow for %s to count the 5 echo requests' % vm2.mac)
    assert any('output:' in f.actions or 'vxlan' in f.actions for f in to_vm2()), to_vm2()

    # flows read like Neutron's (seed 003): the same br-tun tables, on both nodes
    for node in (node1, node2):
        tables = {f.table for f in node.dump_flows('br-tun')}
        assert NEUTRON_BR_TUN_TABLES <= tables, '%s br-tun has tables %s' % (node.name, sorted(tables))
        tables = {f.table for f in node.dump_flows('br-int')}
        assert NEUTRON_BR_INT_TABLES <= tables, '%s br-int has tables %s' % (node.name, sorted(tables))

    # a second network with the same CIDR: VM3 on node2 cannot reach VM1
    net2 = api.create_network('net2')
    subnet2 = api.create_subnet(net2['id'], CIDR, name='subnet2')
    port3 = api.create_port(net2['id'], name='vm3-port',
                            fixed_ips=[{'subnet_id': subnet2['id'], 'ip_address': '10.0.0.100'}])
    vm3 = plug_and_bind(lab, api, node2, 'vm3', port3, subnet2)
    assert vm3.ip == '10.0.0.100' and vm3.ip not in (vm1.ip, vm2.ip)
    assert not vm3.ping(vm1.ip, count=3, timeout=1).ok, 'net2 reached net1'
    assert not vm1.ping(vm3.ip, count=3, timeout=1).ok, 'net1 reached net2'
    assert vm3.neighbour_mac(vm1.ip) is None
    # and net1 is unaffected
    result = vm1.ping(vm2.ip, count=3)
    assert result.ok and result.loss == 0, result.output


def test_overlapping_cidrs_use_the_same_ips_independently(lab, neutron):
    """net1 and net2 both 10.0.0.0/24 with the same two IPs, mirrored across the nodes:
    each VM's peer answers, never the twin with the same IP on the other network."""
    node1, node2 = lab.nodes
    net1 = neutron.create_network('net1')
    subnet1 = neutron.create_subnet(net1['id'], CIDR)
    net2 = neutron.create_network('net2')
    subnet2 = neutron.create_subnet(net2['id'], CIDR)
    ip_a, ip_b = '10.0.0.21', '10.0.0.22'

    def port(net, subnet, ip):
        return neutron.create_port(net['id'], fixed_ips=[{'subnet_id': subnet['id'], 'ip_address': ip}])

    vm1 = plug_and_bind(lab, neutron, node1, 'vm1', port(net1, subnet1, ip_a), subnet1)
    vm2 = plug_and_bind(lab, neutron, node2, 'vm2', port(net1, subnet1, ip_b), subnet1)
    vm3 = plug_and_bind(lab, neutron, node2, 'vm3', port(net2, subnet2, ip_a), subnet2)
    vm4 = plug_and_bind(lab, neutron, node1, 'vm4', port(net2, subnet2, ip_b), subnet2)

    for src, dst in ((vm1, vm2), (vm2, vm1), (vm3, vm4), (vm4, vm3)):
        ping_when_ready(src, dst.ip)
        assert src.neighbour_mac(dst.ip) == dst.mac, '%s reached the wrong %s' % (src.name, dst.ip)

    # the two networks are told apart on the wire by VNI: node1 sends to each twin with its own
    vnis = {}
    for vm in (vm2, vm3):
        flows = node1.dump_flows('br-tun', table=20, dl_dst=vm.mac)
        assert len(flows) == 1, flows
        m = re.search(r'(?:set_field:|load:)(0x[0-9a-f]+|\d+)->(?:tun_id|NXM_NX_TUN_ID\[\])', flows[0].actions)
        assert m, flows[0]
        vnis[vm.name] = int(m.group(1), 0)
    assert vnis['vm2'] != vnis['vm3'], vnis


def test_unplugged_vm_goes_down_and_its_flows_leave_the_other_node(lab, neutron):
    """Nova deleting the tap: the port turns DOWN and node1 stops sending to VM2's MAC."""
    node1, node2 = lab.nodes
    net = neutron.create_network('net1')
    subnet = neutron.create_subnet(net['id'], CIDR)
    vm1 = plug_and_bind(lab, neutron, node1, 'vm1', neutron.create_port(net['id']), subnet)
    vm2 = plug_and_bind(lab, neutron, node2, 'vm2', neutron.create_port(net['id']), subnet)
    ping_when_ready(vm1, vm2.ip)
    assert node1.dump_flows('br-tun', table=20, dl_dst=vm2.mac)

    lab.unplug(vm2)
    neutron.wait_port(vm2.port['id'], 'DOWN', timeout=30, details=lab.diagnostics)
    node1.wait_for(lambda: not node1.dump_flows('br-tun', table=20, dl_dst=vm2.mac), timeout=15,
                   what="br-tun table 20 flow for unplugged %s to be removed" % vm2.mac)
    assert not vm1.ping(vm2.ip, count=2, timeout=1).ok
