"""Nodes that join over TLS with certificates made by ovs-pki, as the README documents it:
the controller speaks only TLS on OpenFlow and OVSDB, the nodes' managers and bridge targets
are ssl:, VMs on two nodes talk over VXLAN, and a node whose certificate names another host
than the one it claims gets nothing and takes nothing from the real one."""
import subprocess
import time

import pytest

from muonlab import Controller, Lab, wait_until

CIDR = '10.0.0.0/24'


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    """A PKI made by ovs-pki: its two CAs, the controller's certificate, node1's and node2's."""
    d = tmp_path_factory.mktemp('pki')

    def ovs_pki(*args):
        subprocess.run(['ovs-pki', '--dir=%s' % (d / 'pki')] + list(args), cwd=d, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    ovs_pki('init')
    ovs_pki('req+sign', 'muon', 'controller')
    for name in ('node1', 'node2'):
        ovs_pki('req+sign', name, 'switch')
    return d


@pytest.fixture
def tls_lab(pki, tmp_path):
    config = tmp_path / 'muon.properties'
    config.write_text('ssl.key=%s\nssl.cert=%s\nssl.ca_cert=%s\n' % (
        pki / 'muon-privkey.pem', pki / 'muon-cert.pem', pki / 'pki/switchca/cacert.pem'))
    ctl = Controller(extra_args=['--config', str(config)])
    lab = Lab(nodes=3, controller=ctl, onboard=False)
    ctl.start()
    ok = False
    try:
        lab.start()
        yield ctl, lab
        ok = True
    finally:
        if not ok:
            print('controller log (%s):\n%s' % (ctl.log_path, ctl.log_tail(200)))
        lab.keep_dir = lab.keep_dir or not ok
        try:
            lab.stop()
        finally:
            ctl.stop()
            if ok:
                ctl.remove_dir()


def join_with_certificate(node, pki, ovsdb_port, cert_name, hostname=None):
    node.set_ssl(pki / ('%s-privkey.pem' % cert_name), pki / ('%s-cert.pem' % cert_name),
                 pki / 'pki/controllerca/cacert.pem')
    node.onboard(ovsdb_port, scheme='ssl', hostname=hostname)


def connected(node, table):
    return 'true' in node.vsctl('--columns=is_connected', 'find', table, 'is_connected=true')


def test_nodes_join_over_tls_and_an_impostor_certificate_gets_nothing(tls_lab, pki):
    ctl, lab = tls_lab
    node1, node2, node3 = lab.nodes
    assert 'accept TLS with a client certificate' in ctl.log_tail(), ctl.log_tail()
    for node in (node1, node2):
        join_with_certificate(node, pki, ctl.ovsdb_port, node.name)
        node.wait_for_bridge('br-int')
        target = node.vsctl('get-controller', 'br-int').strip()
        assert target == 'ssl:127.0.0.1:%d' % ctl.openflow_port, target
        node.wait_for(lambda n=node: connected(n, 'Manager') and connected(n, 'Controller'),
                      what='ssl: manager and controllers connected')

    api = ctl.neutron
    net = api.create_network('net1')
    subnet = api.create_subnet(net['id'], CIDR, name='subnet1')
    vms = []
    for node, name in ((node1, 'vm1'), (node2, 'vm2')):
        port = api.create_port(net['id'], name=name + '-port')
        vms.append(lab.plug_vm(node, name, port, subnets=[subnet]))
        api.wait_port(port['id'], 'ACTIVE', host=node.name, timeout=60, details=lab.diagnostics)
    vm1, vm2 = vms
    wait_until(lambda: vm1.ping(vm2.ip, count=1, timeout=1).ok, timeout=20, what='vm1 to reach vm2 over TLS-managed nodes')

    # node3 holds node2's certificate and claims to be node1
    flows_before = len(node1.dump_flows('br-int'))
    join_with_certificate(node3, pki, ctl.ovsdb_port, 'node2', hostname='node1')
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        flows = len(node1.dump_flows('br-int'))
        assert flows >= flows_before, 'node1 lost br-int flows to the impostor: %d -> %d' % (flows_before, flows)
        time.sleep(0.5)
    assert not node3.has_bridge('br-int'), 'the impostor was given bridges'
    assert "certificate names 'node2' but it claims hostname 'node1'" in ctl.log_tail(), ctl.log_tail()
    result = vm1.ping(vm2.ip, count=3)
    assert result.ok and result.loss == 0, result.output
    port1 = api.get_port(vm1.port['id'])
    assert port1['status'] == 'ACTIVE' and port1['binding:host_id'] == 'node1', port1
