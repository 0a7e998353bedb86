"""A VM: a Mininet host whose eth0 is a veth plugged into a node's br-int as Nova does."""
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mininet.node import Host

# busybox udhcpc's -s script: configures only the VM's eth0 and records the options it got
UDHCPC_SCRIPT = Path(__file__).resolve().parent.parent / 'udhcpc-script.sh'


@dataclass
class PingResult:
    target: str
    sent: int
    received: int
    output: str

    @property
    def ok(self):
        """At least one reply came back."""
        return self.received > 0

    @property
    def loss(self):
        """Packet loss in percent."""
        return 100.0 if not self.sent else 100.0 * (self.sent - self.received) / self.sent

    def __bool__(self):
        return self.ok


class DhcpError(AssertionError):
    """The VM's DHCP client got no lease."""


class DhcpLease(dict):
    """What the VM's DHCP client got, with udhcpc's names: ip, subnet, mask (prefix length),
    broadcast, router, dns, domain, hostname, mtu, staticroutes, lease, serverid; '' for an
    option the server did not send. `output` is the client's own log."""
    output = ''

    @property
    def routes(self):
        """Option 121 as [(destination, router)], in the order sent."""
        words = self.get('staticroutes', '').split()
        return list(zip(words[0::2], words[1::2]))


class VM(Host):

    def __init__(self, name, **params):
        super().__init__(name, inNamespace=True, **params)
        self.port = None      # the Neutron port JSON it was plugged with
        self.node = None      # the OvsNode hosting it
        self.tap = None       # the node side of its veth, a port of br-int
        self.link = None
        self.vm_uuid = None
        self.ip = None
        self.mac = None

    def sh(self, command, check=True):
        """Run a shell command in the VM; return stdout (raise on failure if check)."""
        out, err, code = self.pexec(['bash', '-c', command])
        if check and code != 0:
            raise RuntimeError('%s: `%s` exited %d: %s %s' % (self.name, command, code, out, err))
        return out

    def ping(self, ip, count=3, timeout=2, interval=0.2):
        """Ping ip from the VM: count echo requests, each waiting up to timeout seconds."""
        out, err, _ = self.pexec(['ping', '-n', '-c', str(count), '-i', str(interval),
                                  '-W', str(timeout), ip])
        m = re.search(r'(\d+) packets transmitted, (\d+) (?:packets )?received', out)
        sent, received = (int(m.group(1)), int(m.group(2))) if m else (count, 0)
        return PingResult(ip, sent, received, out + err)

    def dhcp(self, tries=5, timeout=1):
        """Configure eth0 by DHCP with a real client (busybox udhcpc) and return the DhcpLease.

        First forgets what plug_vm configured (IPv4 addresses, routes, MTU back to 1500), so
        that everything comes from the server. Raise DhcpError, with the client's output, if
        no server answers within `tries` discovers `timeout` seconds apart."""
        self.sh('ip -4 addr flush dev eth0 && ip -4 route flush dev eth0 && ip link set eth0 mtu 1500')
        tmp = tempfile.mkdtemp(prefix='muon-dhcp-%s-' % self.name)
        record = os.path.join(tmp, 'lease')
        try:
            out, err, code = self.pexec(['env', 'MUON_DHCP_RECORD=%s' % record, 'busybox', 'udhcpc', '-i', 'eth0',
                                         '-f', '-q', '-n', '-t', str(tries), '-T', str(timeout),
                                         '-s', str(UDHCPC_SCRIPT), '-O', 'mtu', '-O', 'staticroutes'])
            lease = DhcpLease()
            if os.path.exists(record):
                with open(record) as f:
                    lease.update(line.rstrip('\n').split('=', 1) for line in f if '=' in line)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        lease.output = out + err
        if code != 0 or lease.get('event') != 'bound':
            raise DhcpError('%s: udhcpc got no lease (exit %d):\n%s' % (self.name, code, lease.output))
        self.ip = lease['ip']
        return lease

    def neighbour_mac(self, ip):
        """The MAC the VM's ARP table holds for ip, or None."""
        m = re.search(r'lladdr ([0-9a-f:]{17})', self.sh('ip neigh show %s' % ip, check=False))
        return m.group(1) if m else None

    def flush_neighbours(self):
        self.sh('ip neigh flush dev eth0', check=False)


class ExternalHost(VM):
    """A host outside the cloud on a physical network's wire (Lab.add_external_host): the same
    shell helpers as a VM (sh, ping, neighbour_mac), no Neutron port."""

    def __init__(self, name, **params):
        super().__init__(name, **params)
        self.physnet = None     # the physnet whose wire it is on
        self.wire_link = None   # its veth's end on the wire (in the underlay namespace)
        self.cidr = None
