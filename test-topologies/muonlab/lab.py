"""The lab: an underlay, N Open vSwitch nodes, and VMs plugged as Nova plugs them.

Built from Mininet's Node/Host/Link classes, without the Mininet() container: that
container's init() raises system-wide sysctls and rlimits (fixLimits) and its cleanup
(`mn -c`) touches the system Open vSwitch, neither acceptable on a shared machine.
Teardown stops only what this lab started, by PID, and deletes only its namespaces."""
import ipaddress
import os
import shutil
import uuid

from mininet.link import Link
from mininet.log import setLogLevel

from .ovsnode import OvsNode
from .procs import free_tcp_ports, run
from .rundir import OVS_NODE_SH, clean_stale, new_run_dir
from .underlay import Underlay
from .vm import VM, ExternalHost

UNDERLAY_CIDR = ipaddress.ip_network('192.168.1.0/24')
VM_MTU = 1450       # VXLAN over a 1500-byte underlay


class Lab:
    """with Lab(nodes=2, controller=ctl) as lab: lab.nodes[0] ... lab.plug_vm(...)

    controller: anything with `ovsdb_port` and `openflow_port` (a muonlab.Controller),
    or None for a lab whose nodes stay unmanaged (their OpenFlow relay then points at
    an unused port). With a controller and onboard=True every node joins it at start.

    physnets: physical networks for VLAN/flat provider networks, e.g. {'physnet1': 'br-eth1'}.
    Each gets its own wire (a Linux bridge in the underlay namespace, see physnet_link) and,
    on every node, the bridge with a NIC into that wire, as an operator sets it up; the
    nodes join with muon-bridge-mappings for it.

    physnet_nodes: which nodes a physnet is wired to, e.g. {'public': ['node1', 'node2']}; a
    physnet not named here reaches every node. The other nodes get no NIC into its wire, no
    bridge for it and no mapping for it in muon-bridge-mappings.

    add_external_host(): a host outside the cloud (an upstream router, a server on the
    internet) on a physnet's wire; see ExternalHost."""

    def __init__(self, nodes=2, controller=None, onboard=True, roles=None, neutron=None, name='lab',
                 physnets=None, physnet_nodes=None):
        self.node_count = nodes
        self.controller = controller
        self.onboard_nodes = onboard
        self.roles = roles or {}
        self.physnets = dict(physnets or {})
        self.physnet_nodes = {p: list(n) for p, n in (physnet_nodes or {}).items()}
        unknown = set(self.physnet_nodes) - set(self.physnets)
        if unknown:
            raise ValueError('physnet_nodes names physnets not in physnets: %s' % sorted(unknown))
        self.neutron = neutron if neutron is not None else getattr(controller, 'neutron', None)
        self.name = name
        self.dir = None
        self.underlay = None
        self.nodes = []
        self.vms = {}
        self.external_hosts = {}
        self.captures = []
        self.keep_dir = bool(os.environ.get('MUON_LAB_KEEP'))

    # --- life cycle -------------------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        setLogLevel(os.environ.get('MUON_LAB_MININET_LOG', 'warning'))
        clean_stale()
        self.dir = new_run_dir('l')
        try:
            self._build()
        except BaseException:
            self.stop()
            raise
        return self

    def _build(self):
        if self.controller is not None:
            openflow_port = self.controller.openflow_port
        else:
            openflow_port = free_tcp_ports(1)[0]
        self.underlay = Underlay('underlay')
        for i in range(1, self.node_count + 1):
            name = 'node%d' % i
            node = OvsNode(name, rundir=self.dir / name, netns='%s-%s' % (self.dir.name, name),
                           openflow_port=openflow_port)
            self.nodes.append(node)
            Link(node, self.underlay, intfName1='eth-ul', intfName2='ul-%s' % name)
            self.underlay.attach('ul-%s' % name)
            node.setup_underlay('eth-ul', self.tunnel_ip(i), UNDERLAY_CIDR.prefixlen)
        for k, (physnet, bridge) in enumerate(sorted(self.physnets.items()), start=1):
            wire = self.physnet_wire(physnet)
            self.underlay.add_bridge(wire)
            for node in self.nodes:
                if not self.maps(node, physnet):
                    continue
                link = self.physnet_link(physnet, node)
                Link(node, self.underlay, intfName1='eth-pn%d' % k, intfName2=link)
                self.underlay.attach(link, wire)
                node.setup_provider_bridge(bridge, 'eth-pn%d' % k)
        if self.controller is not None and self.onboard_nodes:
            for node in self.nodes:
                self.onboard(node)

    def onboard(self, node, **kw):
        kw.setdefault('role', self.roles.get(node.name, 'compute'))
        kw.setdefault('bridge_mappings', self.bridge_mappings(node))
        node.onboard(self.controller.ovsdb_port, **kw)

    def bridge_mappings(self, node):
        """The node's muon-bridge-mappings value, e.g. 'physnet1:br-eth1' ('' for none)."""
        return ','.join('%s:%s' % (p, b) for p, b in sorted(self.physnets.items()) if self.maps(node, p))

    def maps(self, node, physnet):
        """Whether node (an OvsNode or its name) is wired to physnet and maps it."""
        name = getattr(node, 'name', node)
        wired = self.physnet_nodes.get(physnet)
        return physnet in self.physnets and (wired is None or name in wired)

    def physnet_wire(self, physnet):
        """The underlay bridge that is physnet's wire: br-pn1 for the first physnet, ..."""
        return 'br-pn%d' % (sorted(self.physnets).index(physnet) + 1)

    def physnet_link(self, physnet, node):
        """node's link into physnet's wire, on the underlay side: pn1-node1, ... (node: an OvsNode or its name)"""
        return 'pn%d-%s' % (sorted(self.physnets).index(physnet) + 1, getattr(node, 'name', node))

    def capture(self, intf, bpf=''):
        """tcpdump on an underlay link ('ul-node1' tunnels, physnet_link(...) provider
        networks) into this lab's run dir; stop() returns the `tcpdump -e -n` text."""
        path = self.dir / ('capture-%d-%s.pcap' % (len(self.captures) + 1, intf))
        capture = self.underlay.capture(intf, bpf, path=path)
        self.captures.append(capture)
        return capture

    @staticmethod
    def tunnel_ip(index):
        return str(UNDERLAY_CIDR.network_address + 10 + index)    # node1 -> 192.168.1.11

    def stop(self):
        """Tear down VMs, nodes and the underlay; collect errors, keep going, raise at the end."""
        errors = []
        for capture in self.captures:
            capture.kill()
        self.captures = []
        for host in list(self.external_hosts.values()):
            try:
                self._terminate_vm(host)
            except Exception as e:  # pylint: disable=broad-except
                errors.append(e)
        self.external_hosts.clear()
        for vm in list(self.vms.values()):
            try:
                self._terminate_vm(vm)
            except Exception as e:  # pylint: disable=broad-except
                errors.append(e)
        for node in self.nodes + ([self.underlay] if self.underlay else []):
            try:
                node.terminate()
            except Exception as e:  # pylint: disable=broad-except
                errors.append(e)
        self.vms.clear()
        self.nodes = []
        self.underlay = None
        if self.dir is not None and self.dir.exists():
            # whatever a half-started node left recorded (pid files, netns) is stopped too
            for node_dir in self.dir.iterdir():
                if node_dir.is_dir() and (any(node_dir.glob('*.pid')) or (node_dir / 'netns').exists()):
                    run(['bash', OVS_NODE_SH, 'down', node_dir], check=False, timeout=60)
            if not self.keep_dir:
                shutil.rmtree(self.dir, ignore_errors=True)
        if errors:
            raise RuntimeError('lab teardown had errors: %r' % (errors,))

    # --- nodes ------------------------------------------------------------------------

    def node(self, name):
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)

    def diagnostics(self):
        parts = [node.diagnostics() for node in self.nodes]
        for vm in self.vms.values():
            parts.append('===== %s on %s: port %s, %s %s, tap %s\n%s' % (
                vm.name, vm.node.name, vm.port.get('id'), vm.mac, vm.ip, vm.tap,
                vm.sh('ip addr; ip neigh', check=False)))
        for host in self.external_hosts.values():
            parts.append('===== external host %s on %s (%s): %s %s\n%s' % (
                host.name, host.physnet, host.wire_link, host.mac, host.ip,
                host.sh('ip addr; ip route; ip neigh', check=False)))
        return '\n'.join(parts)

    # --- VMs --------------------------------------------------------------------------

    def plug_vm(self, node, name, port, subnets=None, mtu=VM_MTU, bridge_timeout=60):
        """Create VM `name` on node for the Neutron port JSON `port`, as Nova/os-vif plugs a VIF.

        The VM's eth0 gets the port's MAC, MTU 1450, tx checksum offload off (TCP over
        VXLAN needs it) and the port's first IPv4 fixed IP, static. The prefix length
        comes from `subnets` (a list or id->subnet dict of subnet JSON), else from the
        lab's Neutron client, else /24. The node side, tap<port id[:11]>, is added to
        br-int with iface-id, attached-mac, iface-status=active and vm-uuid."""
        if name in self.vms:
            raise ValueError('VM %s exists' % name)
        mac = port['mac_address']
        fixed = next(f for f in port['fixed_ips'] if ipaddress.ip_address(f['ip_address']).version == 4)
        subnet = self._subnet(fixed.get('subnet_id'), subnets)
        prefix_len = ipaddress.ip_network(subnet['cidr']).prefixlen if subnet else 24
        tap = ('tap' + port['id'])[:14]
        node.wait_for_bridge('br-int', timeout=bridge_timeout)

        vm = VM(name)
        self.vms[name] = vm
        vm.port, vm.node, vm.tap, vm.mac, vm.ip = port, node, tap, mac, fixed['ip_address']
        vm.vm_uuid = str(uuid.uuid4())
        # the host side gets fe:… like libvirt's tap devices, so it never shadows the VM's MAC
        vm.link = Link(vm, node, intfName1='eth0', intfName2=tap, addr1=mac, addr2='fe' + mac[2:])
        vm.sh('ip link set lo up && ip link set eth0 mtu %d && ethtool -K eth0 tx off >/dev/null '
              '&& ip addr add %s/%d dev eth0 && ip link set eth0 up'
              % (mtu, vm.ip, prefix_len))
        if subnet and subnet.get('gateway_ip'):
            vm.sh('ip route add default via %s dev eth0' % subnet['gateway_ip'], check=False)
        node.checked_cmd('ip link set %s mtu %d && ip link set %s up' % (tap, mtu, tap))
        node.vsctl('--may-exist', 'add-port', 'br-int', tap, '--',
                   'set', 'Interface', tap,
                   'external_ids:iface-id=%s' % port['id'],
                   'external_ids:attached-mac=%s' % mac,
                   'external_ids:iface-status=active',
                   'external_ids:vm-uuid=%s' % vm.vm_uuid)
        return vm

    def add_external_host(self, name, physnet, cidr, mac=None, gateway=None, mtu=1500):
        """A host on physnet's wire, outside the cloud: a Mininet Host whose eth0 (a veth, the
        other end `x-<name>` on the wire's Linux bridge in the underlay) has the address `cidr`
        (e.g. '203.0.113.1/24'), `mac` (default: a fixed locally administered 02:… MAC),
        tx checksum offload off as VMs have (the userspace datapath's conntrack drops TCP with
        partial checksums) and, with `gateway`, a default route. Untagged frames: right for a
        flat network. Run tcpdump, socat, ping in it with host.sh()/popen(); lab.stop() removes it."""
        if not self.underlay:
            raise RuntimeError('start the lab before adding external hosts')
        if name in self.external_hosts or name in self.vms:
            raise ValueError('host %s exists' % name)
        iface = ipaddress.ip_interface(cidr)
        if mac is None:
            mac = '02:00:%02x:%02x:%02x:%02x' % tuple(iface.ip.packed)
        wire_link = ('x-' + name)[:15]
        host = ExternalHost(name)
        self.external_hosts[name] = host
        host.physnet, host.wire_link, host.mac, host.ip, host.cidr = physnet, wire_link, mac.lower(), str(iface.ip), cidr
        host.link = Link(host, self.underlay, intfName1='eth0', intfName2=wire_link, addr1=mac,
                         addr2='fe' + mac[2:])
        self.underlay.attach(wire_link, self.physnet_wire(physnet))
        host.sh('ip link set lo up && ip link set eth0 mtu %d && ethtool -K eth0 tx off >/dev/null '
                '&& ip addr add %s dev eth0 && ip link set eth0 up' % (mtu, cidr))
        host.sh('sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1', check=False)
        if gateway:
            host.sh('ip route add default via %s dev eth0' % gateway)
        return host

    def unplug(self, vm):
        """Remove the VIF from br-int (as Nova does on delete) and destroy the VM."""
        vm.node.vsctl('--if-exists', 'del-port', 'br-int', vm.tap)
        self._terminate_vm(vm)

    def _terminate_vm(self, vm):
        if isinstance(vm, ExternalHost):
            self.external_hosts.pop(vm.name, None)
        else:
            self.vms.pop(vm.name, None)
        if vm.link is not None:
            vm.link.delete()
            vm.link = None
        vm.terminate()

    def _subnet(self, subnet_id, subnets):
        if subnets is not None:
            if isinstance(subnets, dict):
                return subnets.get(subnet_id)
            return next((s for s in subnets if s.get('id') == subnet_id), None)
        if self.neutron is not None and subnet_id:
            return self.neutron.get_subnet(subnet_id)
        return None
