"""Helpers for routing scenarios: each node's DVR MAC as the controller shows it, TCP through
a VM pair (tools/tcp_echo.py), the frames a set of underlay captures saw (inner Ethernet of VXLAN, 802.1Q
on a provider wire), and every node's flows as a comparable state (the lifecycle oracle)."""
import re
import subprocess
import time
import urllib.request
from pathlib import Path

from scapy.all import ICMP, IP, VXLAN, Dot1Q, Ether, rdpcap  # pylint: disable=no-name-in-module

from .wait import wait_until


def dvr_macs(endpoint):
    """{hostname: DVR MAC} from GET /muon/v1/nodes (a text report, one node a line:
    `node1  encap 192.168.1.11  role compute  datapath netdev  dvr-mac fa:16:3f:…  bridges: …`)."""
    with urllib.request.urlopen(endpoint.rstrip('/') + '/muon/v1/nodes', timeout=10) as resp:
        text = resp.read().decode()
    macs = dict(re.findall(r'^(\S+)\s+encap .*?\sdvr-mac ([0-9a-f:]{17})\b', text, re.M))
    if not macs:
        raise AssertionError('no dvr-mac in GET /muon/v1/nodes:\n' + text)
    return macs


# --- TCP ------------------------------------------------------------------------------------

TCP_ECHO = Path(__file__).resolve().parent.parent / 'tools' / 'tcp_echo.py'


def tcp_echo(client, server, ip, port=5001, size=200000, timeout=10):
    """Send `size` random bytes from client to an echo server (one connection, tools/tcp_echo.py)
    started in server for ip:port, read them back; return (ok, detail). Large enough for many
    full-size segments, so MSS/MTU trouble between the two networks shows."""
    sent_path = '/tmp/muon-tcp-%s-%d.sent' % (client.name, port)
    got_path = '/tmp/muon-tcp-%s-%d.got' % (client.name, port)
    server_proc = server.popen(['/usr/bin/python3', str(TCP_ECHO), 'serve', ip, str(port), str(timeout)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: ':%d ' % port in server.sh('ss -ltnH', check=False), timeout=5,
                   what='the echo server to listen on %s:%d in %s' % (ip, port, server.name))
        client.sh('head -c %d /dev/urandom > %s' % (size, sent_path))
        out, err, code = client.pexec(['/usr/bin/python3', str(TCP_ECHO), 'send', ip, str(port), sent_path, got_path,
                                       str(timeout)])
        with open(sent_path, 'rb') as f:
            sent = f.read()
        with open(got_path, 'rb') as f:
            got = f.read()
        ok = code == 0 and got == sent
        return ok, '%s -> %s:%d: sent %d bytes, got %d back, %s (exit %d) %s' % (
            client.name, ip, port, len(sent), len(got), 'intact' if got == sent else 'DIFFERENT', code,
            (out + err).strip())
    finally:
        if server_proc.poll() is None:
            server_proc.kill()
        server_proc.wait(timeout=5)
        client.sh('rm -f %s %s' % (sent_path, got_path), check=False)


# --- captures -------------------------------------------------------------------------------

class Frame:
    """One frame a capture saw, as the VMs' traffic: the inner Ethernet of a VXLAN packet
    (vni set) or a provider-wire frame (vlan set when 802.1Q)."""

    def __init__(self, link, eth, vni=None, vlan=None):
        self.link, self.eth, self.vni, self.vlan = link, eth, vni, vlan
        self.src, self.dst = eth.src.lower(), eth.dst.lower()

    @property
    def ip(self):
        return self.eth[IP] if self.eth.haslayer(IP) else None

    def is_icmp(self, src_ip, dst_ip, icmp_type):
        ip = self.ip
        return (ip is not None and ip.src == src_ip and ip.dst == dst_ip and self.eth.haslayer(ICMP)
                and self.eth[ICMP].type == icmp_type)

    def __repr__(self):
        where = 'vni %d' % self.vni if self.vni is not None else ('vlan %d' % self.vlan if self.vlan else 'untagged')
        return '%s [%s] %s' % (self.link, where, self.eth.summary())


class Captures:
    """tcpdump on several underlay links at once; stop() returns every frame they saw as Frames."""

    def __init__(self, lab, links):
        self.links = list(links)
        self.captures = [(link, lab.capture(link)) for link in self.links]

    def stop(self):
        frames = []
        for link, capture in self.captures:
            capture.stop()
            for pkt in rdpcap(capture.path):
                if pkt.haslayer(VXLAN):
                    inner = pkt[VXLAN].payload
                    if isinstance(inner, Ether):
                        frames.append(Frame(link, inner, vni=pkt[VXLAN].vni))
                elif isinstance(pkt, Ether):
                    frames.append(Frame(link, pkt, vlan=pkt[Dot1Q].vlan if pkt.haslayer(Dot1Q) else None))
        return frames


# --- flows as a comparable state ------------------------------------------------------------

def flow_state(lab, bridges):
    """Every node's flows on the given bridges, without counters; port numbers as port names
    (a re-created port may get another number and still be the same port)."""
    state = {}
    for node in lab.nodes:
        for bridge in bridges:
            names = dict(re.findall(r'^\s*(\d+)\(([^)]+)\):', node.ofctl('show', bridge), re.M))

            def named(text, names=names):
                return re.sub(r'(in_port=|output:)(\d+)', lambda m: m.group(1) + names.get(m.group(2), m.group(2)),
                              text)

            state[(node.name, bridge)] = sorted(
                (f.table, f.priority, f.cookie,
                 tuple(sorted((k, named('in_port=%s' % v) if k == 'in_port' else v) for k, v in f.match.items())),
                 named(f.actions))
                for f in node.dump_flows(bridge))
    return state


def settled_flow_state(lab, bridges, quiet=2.0, timeout=60):
    """The flow state once it has not changed for `quiet` seconds."""
    last = {'state': None, 'since': time.monotonic()}

    def stable():
        state = flow_state(lab, bridges)
        if state != last['state']:
            last['state'], last['since'] = state, time.monotonic()
        return time.monotonic() - last['since'] >= quiet

    wait_until(stable, timeout=timeout, interval=0.5, what='flows to settle')
    return last['state']


def state_diff(expected, actual):
    lines = []
    for key in sorted(set(expected) | set(actual)):
        want, have = set(expected.get(key, ())), set(actual.get(key, ()))
        if want != have:
            lines.append('%s %s:' % key)
            lines += ['  stale:   %s' % (f,) for f in sorted(have - want)]
            lines += ['  missing: %s' % (f,) for f in sorted(want - have)]
    return '\n'.join(lines)


def wait_flow_state(lab, bridges, expected, what, timeout=30):
    last = {}

    def same():
        last['state'] = flow_state(lab, bridges)
        return last['state'] == expected

    try:
        wait_until(same, timeout=timeout, interval=0.5, what=what)
    except AssertionError:
        raise AssertionError('%s; differences:\n%s' % (what, state_diff(expected, last['state']))) from None
