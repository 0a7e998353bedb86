"""DHCP answered by the controller: VMs on two nodes run a real DHCP client (busybox
udhcpc), get their fixed IPs and the subnet's options, talk to each other, and no DHCP
packet ever crosses the underlay."""
import time

import pytest
from scapy.all import BOOTP, ICMP, UDP, VXLAN, rdpcap  # pylint: disable=no-name-in-module

from muonlab import wait_until
from muonlab.vm import DhcpError

CIDR = '10.0.0.0/24'
GATEWAY = '10.0.0.1'
DNS = ['192.0.2.53', '192.0.2.54']
HOST_ROUTE = {'destination': '172.16.0.0/24', 'nexthop': '10.0.0.254'}
DHCP_MATCH = 'tp_src=68,tp_dst=67'


class UnderlayCapture:
    """tcpdump on every node's own underlay link ('ul-node1', ...): together they carry every
    frame a node sends or receives. (Not on the underlay bridge device: once the bridge has
    learned the nodes' MACs it forwards their unicast between ports, and its own device sees
    only what it floods.)"""

    def __init__(self, lab):
        self.captures = [lab.capture('ul-%s' % node.name) for node in lab.nodes]

    def stop(self):
        packets = []
        for capture in self.captures:
            capture.stop()
            packets.extend(rdpcap(capture.path))
        return packets


def dhcp_flows(node, vm):
    ofport = int(node.vsctl('get', 'Interface', vm.tap, 'ofport'))
    return [f for f in node.dump_flows('br-int', table=0) if DHCP_MATCH in f.text and f.has(in_port=ofport)]


def is_dhcp(pkt):
    return pkt.haslayer(BOOTP) or any(
        layer.sport in (67, 68) or layer.dport in (67, 68)
        for layer in (pkt.getlayer(UDP, i) for i in range(1, 3)) if layer is not None)


def test_vms_get_their_addresses_and_options_from_the_controller_and_dhcp_stays_on_the_node(lab, neutron):
    node1, node2 = lab.nodes
    net = neutron.create_network('dhcpnet')
    assert net['provider:network_type'] == 'vxlan' and net['mtu'] == 1450, net
    subnet = neutron.create_subnet(net['id'], CIDR, name='dhcpsub', dns_nameservers=DNS, host_routes=[HOST_ROUTE])
    assert subnet['enable_dhcp'] and subnet['gateway_ip'] == GATEWAY, subnet
    port1 = neutron.create_port(net['id'], name='vm1-port')
    port2 = neutron.create_port(net['id'], name='vm2-port')

    vms = []
    for node, name, port in ((node1, 'vm1', port1), (node2, 'vm2', port2)):
        vm = lab.plug_vm(node, name, port, subnets=[subnet])
        neutron.wait_port(port['id'], 'ACTIVE', host=node.name, timeout=60, details=lab.diagnostics)
        node.wait_for(lambda n=node, v=vm: dhcp_flows(n, v), timeout=20,
                      what='br-int DHCP flow for %s on %s' % (vm.tap, node.name))
        vms.append((node, vm, port))
    before = {vm.name: sum(f.n_packets for f in dhcp_flows(node, vm)) for node, vm, _ in vms}

    capture = UnderlayCapture(lab)
    leases = {}
    for node, vm, port in vms:
        started = time.monotonic()
        leases[vm.name] = vm.dhcp()
        print('%s on %s: lease in %.2fs: %s' % (vm.name, node.name, time.monotonic() - started, dict(leases[vm.name])))

    for node, vm, port in vms:
        lease = leases[vm.name]
        fixed_ip = port['fixed_ips'][0]['ip_address']
        assert lease['ip'] == fixed_ip, lease
        assert (lease['subnet'], lease['mask']) == ('255.255.255.0', '24'), lease
        assert lease['router'] == GATEWAY and lease['serverid'] == GATEWAY, lease
        assert lease['dns'].split() == DNS, lease
        assert lease['mtu'] == '1450', lease
        assert lease.routes == [('172.16.0.0/24', '10.0.0.254'), ('0.0.0.0/0', GATEWAY)], lease
        assert lease['hostname'] == 'host-' + fixed_ip.replace('.', '-'), lease
        assert lease['domain'] == 'openstacklocal' and lease['lease'] == '86400', lease
        # the VM's interface is configured from the lease
        addr = vm.sh('ip -4 addr show dev eth0')
        assert 'inet %s/24' % fixed_ip in addr and 'mtu 1450' in addr, addr
        routes = vm.sh('ip -4 route')
        assert '172.16.0.0/24 via 10.0.0.254' in routes and 'default via %s' % GATEWAY in routes, routes
        # the requests went to the controller through the node's own br-int DHCP flow
        node.wait_for(lambda n=node, v=vm: sum(f.n_packets for f in dhcp_flows(n, v)) - before[v.name] >= 2,
                      timeout=10, what='%s DHCP flow to count DISCOVER and REQUEST of %s' % (node.name, vm.name))

    # the addresses work: the VMs talk across the overlay
    vm1, vm2 = vms[0][1], vms[1][1]
    wait_until(lambda: vm1.ping(vm2.ip, count=1, timeout=1).ok, timeout=20, what='vm1 to reach vm2')
    for src, dst in ((vm1, vm2), (vm2, vm1)):
        result = src.ping(dst.ip, count=3)
        assert result.ok and result.loss == 0, result.output

    packets = capture.stop()
    overlay_icmp = [p for p in packets if p.haslayer(VXLAN) and p.haslayer(ICMP)]
    assert overlay_icmp, 'the capture saw no VXLAN traffic at all (%d packets): it proves nothing' % len(packets)
    leaked = [p.summary() for p in packets if is_dhcp(p)]
    assert not leaked, 'DHCP crossed the underlay:\n' + '\n'.join(leaked)
    print('underlay: %d packets, %d VXLAN ICMP, 0 DHCP' % (len(packets), len(overlay_icmp)))


def test_no_lease_where_the_subnet_has_dhcp_disabled(lab, neutron):
    """The helper fails loudly when nobody answers, and Muon answers only where enable_dhcp."""
    node1 = lab.nodes[0]
    net = neutron.create_network('nodhcp')
    subnet = neutron.create_subnet(net['id'], CIDR, enable_dhcp=False)
    port = neutron.create_port(net['id'])
    vm = lab.plug_vm(node1, 'vm1', port, subnets=[subnet])
    neutron.wait_port(port['id'], 'ACTIVE', host='node1', timeout=60, details=lab.diagnostics)
    node1.wait_for(lambda: node1.dump_flows('br-int', table=25, dl_src=vm.mac), timeout=20,
                   what='br-int flows for %s' % vm.tap)
    assert not dhcp_flows(node1, vm)
    with pytest.raises(DhcpError) as failed:
        vm.dhcp(tries=2)
    assert 'discover' in str(failed.value), failed.value
