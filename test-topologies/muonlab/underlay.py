"""The underlay: one Linux bridge in its own (Mininet, anonymous) namespace.

Each node gets a veth into it; the namespace disappears with its shell, taking the
bridge and every veth with it."""
from mininet.node import Node

BRIDGE = 'br-underlay'


class Underlay(Node):

    def __init__(self, name, **params):
        super().__init__(name, inNamespace=True, **params)
        self.checked_cmd('ip link set lo up && ip link add %s type bridge forward_delay 0 stp_state 0 '
                         '&& ip link set %s up' % (BRIDGE, BRIDGE))

    def attach(self, intf):
        self.checked_cmd('ip link set %s master %s && ip link set %s up' % (intf, BRIDGE, intf))

    def checked_cmd(self, command):
        out, err, code = self.pexec(['bash', '-c', command])
        if code != 0:
            raise RuntimeError('%s: `%s` exited %d: %s %s' % (self.name, command, code, out, err))
        return out
