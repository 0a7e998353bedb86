"""A VM: a Mininet host whose eth0 is a veth plugged into a node's br-int as Nova does."""
import re
from dataclasses import dataclass

from mininet.node import Host


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

    def neighbour_mac(self, ip):
        """The MAC the VM's ARP table holds for ip, or None."""
        m = re.search(r'lladdr ([0-9a-f:]{17})', self.sh('ip neigh show %s' % ip, check=False))
        return m.group(1) if m else None

    def flush_neighbours(self):
        self.sh('ip neigh flush dev eth0', check=False)
