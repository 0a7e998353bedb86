"""The underlay: Linux bridges in their own (Mininet, anonymous) namespace.

br-underlay carries the tunnel network; each provider network (a physnet) gets its own
bridge, the wire its VLANs travel on. Each node gets a veth into each of them; the
namespace disappears with its shell, taking the bridges and every veth with it."""
import signal
import subprocess
import time

from mininet.node import Node

from .wait import wait_until

BRIDGE = 'br-underlay'


class Underlay(Node):

    def __init__(self, name, **params):
        super().__init__(name, inNamespace=True, **params)
        self.checked_cmd('ip link set lo up')
        self.add_bridge(BRIDGE)

    def add_bridge(self, bridge):
        """A plain Linux bridge (no VLAN filtering: 802.1Q frames pass through untouched)."""
        self.checked_cmd('ip link add %s type bridge forward_delay 0 stp_state 0 && ip link set %s up'
                         % (bridge, bridge))

    def attach(self, intf, bridge=BRIDGE):
        self.checked_cmd('ip link set %s master %s && ip link set %s up' % (intf, bridge, intf))

    def capture(self, intf, bpf='', path=None):
        """Start tcpdump on one underlay link (or bridge); returns a Capture to stop()."""
        return Capture(self, intf, bpf, path)

    def checked_cmd(self, command):
        out, err, code = self.pexec(['bash', '-c', command])
        if code != 0:
            raise RuntimeError('%s: `%s` exited %d: %s %s' % (self.name, command, code, out, err))
        return out


class Capture:
    """tcpdump on an underlay interface into a pcap; stop() returns what it saw as
    `tcpdump -e -n -r` prints it (link-level headers: 802.1Q tags, VXLAN and what it carries)."""

    def __init__(self, underlay, intf, bpf='', path=None):
        self.path = str(path or '/tmp/muonlab-%s-%d.pcap' % (intf, time.monotonic_ns()))
        self.proc = underlay.popen(['tcpdump', '-i', intf, '-U', '--immediate-mode', '-n', '-Z', 'root', '-w', self.path]
                                   + ([bpf] if bpf else []), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _pcap_started(self.path), timeout=10, what='tcpdump on %s to start' % intf)
        time.sleep(0.3)
        self.text = None

    def stop(self):
        if self.text is None:
            time.sleep(0.3)   # let the last frames reach the file
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=10)
            out = subprocess.run(['tcpdump', '-e', '-n', '-r', self.path], capture_output=True, text=True,
                                 timeout=30, check=False)
            self.text = out.stdout
        return self.text

    def kill(self):
        """End tcpdump if it still runs (teardown)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def _pcap_started(path):
    try:
        with open(path, 'rb') as f:
            return len(f.read(24)) == 24
    except OSError:
        return False
