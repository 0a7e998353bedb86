"""Helpers for north-south scenarios (router gateways, SNAT, floating IPs): what the API says
about a router's gateway and a floating IP, the source address a server sees for a TCP
connection, whether a connection or a UDP datagram gets through, who answers ARP on a wire,
and a continuous ping that measures an outage."""
import re
import subprocess
import threading
import time

from .wait import wait_until

PY = '/usr/bin/python3'     # Debian's Python: it has scapy


# --- the API ------------------------------------------------------------------------------------

def router(neutron, router_id):
    return neutron.request('GET', '/v2.0/routers/%s' % router_id)['router']


def gateway(neutron, router_id):
    """The router's external gateway: {'ip', 'subnet_id', 'network_id', 'port' (the
    network:router_gateway port JSON or None), 'mac', 'host' (its binding:host_id)}; ip None while
    the router has no gateway."""
    info = router(neutron, router_id).get('external_gateway_info') or {}
    fixed = [f for f in info.get('external_fixed_ips') or [] if ':' not in f.get('ip_address', '')]
    ports = [p for p in neutron.list_ports(device_id=router_id)
             if p.get('device_owner') == 'network:router_gateway']
    port = ports[0] if ports else None
    return {'ip': fixed[0]['ip_address'] if fixed else None,
            'subnet_id': fixed[0]['subnet_id'] if fixed else None,
            'network_id': info.get('network_id'),
            'port': port,
            'mac': port['mac_address'].lower() if port else None,
            'host': port.get('binding:host_id') if port else None}


def floating_ip(neutron, fip_id):
    return neutron.request('GET', '/v2.0/floatingips/%s' % fip_id)['floatingip']


def floating_ip_port(neutron, fip_id):
    """The floating IP's own port (device_owner network:floatingip, device_id the floating IP), or None."""
    ports = [p for p in neutron.list_ports(device_id=fip_id) if p.get('device_owner') == 'network:floatingip']
    return ports[0] if ports else None


def wait_floating_ip_status(neutron, fip_id, status, timeout=30, details=None):
    last = {}

    def reached():
        last['fip'] = floating_ip(neutron, fip_id)
        return last['fip'].get('status') == status

    try:
        wait_until(reached, timeout=timeout, interval=0.5, what='floating IP %s status %s' % (fip_id, status),
                   details=details)
    except AssertionError as e:
        raise AssertionError('%s; last floating IP: %s' % (e, last.get('fip'))) from None
    return last['fip']


# --- TCP and UDP --------------------------------------------------------------------------------

def tcp_source(client, server, ip, port, timeout=5):
    """Connect from client to a one-shot socat listener started in server on port, which answers
    the peer address it saw (socat's SOCAT_PEERADDR) and closes. Returns (source, detail): source is
    the address the server saw, None when the connection did not get through both ways."""
    server_proc = server.popen(['socat', '-T', str(timeout + 5), 'TCP-LISTEN:%d,reuseaddr' % port,
                                'SYSTEM:echo peer=$SOCAT_PEERADDR'],   # no ':' or ',': socat address syntax
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: re.search(r':%d\s' % port, server.sh('ss -ltnH', check=False)), timeout=5,
                   what='socat to listen on port %d in %s' % (port, server.name))
        out, err, code = client.pexec(['socat', '-t', str(timeout), '-T', str(timeout), '-',
                                       'TCP:%s:%d,connect-timeout=%d' % (ip, port, timeout)])
        m = re.search(r'peer=([0-9.]+)', out)
        detail = '%s -> %s:%d (listener in %s): socat exit %d, %r' % (
            client.name, ip, port, server.name, code, (out + err).strip())
        return (m.group(1) if m else None), detail
    finally:
        if server_proc.poll() is None:
            server_proc.kill()
        server_proc.wait(timeout=5)


def tcp_connects(client, ip, port, timeout=3):
    """Whether a TCP connection from client to ip:port is established within timeout; (ok, detail)."""
    out, err, code = client.pexec(['socat', '-T', '1', '/dev/null',
                                   'TCP:%s:%d,connect-timeout=%d' % (ip, port, timeout)])
    return code == 0, '%s -> %s:%d: socat exit %d %s' % (client.name, ip, port, code, (out + err).strip())


class Listener:
    """A socat TCP listener in host on port that records every peer (one line each); for proving
    that nothing got through. stop() returns the peers seen."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.proc = host.popen(['socat', 'TCP-LISTEN:%d,reuseaddr,fork' % port,
                                'SYSTEM:echo peer=$SOCAT_PEERADDR >&2; echo hello'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_until(lambda: re.search(r':%d\s' % port, host.sh('ss -ltnH', check=False)), timeout=5,
                   what='socat to listen on port %d in %s' % (port, host.name))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        _, err = self.proc.communicate(timeout=5)
        return re.findall(r'peer=([0-9.]+)', err or '')


UDP_PROBE = r'''
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(float(sys.argv[3]))
s.connect((sys.argv[1], int(sys.argv[2])))
s.send(b'muon-probe')
try:
    s.recv(100)
    print('reply')
except ConnectionRefusedError:
    print('refused')
except socket.timeout:
    # a refusal may land on the second send (the error is queued on the socket)
    try:
        s.send(b'muon-probe')
        s.recv(100)
        print('reply')
    except ConnectionRefusedError:
        print('refused')
    except socket.timeout:
        print('timeout')
'''


def udp_probe(host, ip, port, timeout=3):
    """A connected UDP socket in host sends to ip:port and waits for an answer: 'refused' (an ICMP
    port unreachable came back: ConnectionRefusedError), 'reply' or 'timeout'."""
    out, err, code = host.pexec([PY, '-c', UDP_PROBE, ip, str(port), str(timeout)])
    return out.strip() or 'error: exit %d %s' % (code, err.strip())


# --- ARP ------------------------------------------------------------------------------------------

ARP_PROBE = r'''
import sys
from scapy.all import ARP, Ether, srp, conf
conf.verb = 0
iface, mac, ip, target, timeout = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
answered, _ = srp(Ether(src=mac, dst='ff:ff:ff:ff:ff:ff') / ARP(op=1, hwsrc=mac, psrc=ip, pdst=target),
                  iface=iface, timeout=timeout, multi=True)
for _, reply in answered:
    if reply.haslayer(ARP) and reply[ARP].op == 2 and reply[ARP].psrc == target:
        print('is-at %s %s' % (reply[ARP].hwsrc.lower(), reply.src.lower()))
'''


def arp_who_has(host, target, timeout=2):
    """Send one ARP request for target from host's eth0 (scapy); return the MACs answering it, as
    [(arp hwsrc, ethernet source)], in the order they came."""
    out, err, code = host.pexec([PY, '-c', ARP_PROBE, 'eth0', host.mac, host.ip, target, str(timeout)])
    if code != 0:
        raise RuntimeError('ARP probe in %s failed (exit %d): %s %s' % (host.name, code, out, err))
    return re.findall(r'is-at ([0-9a-f:]{17}) ([0-9a-f:]{17})', out)


# --- continuous ping --------------------------------------------------------------------------------

class PingMonitor:
    """ping -D -i interval from host to ip, in the background; replies are recorded with their
    arrival time (epoch seconds). outage_after(t) measures how long traffic stopped after t."""

    def __init__(self, host, ip, interval=0.1):
        self.host, self.ip, self.interval = host, ip, interval
        self.replies = {}       # icmp_seq -> arrival time
        self.sent = 0           # highest icmp_seq seen (a reply or a "no answer yet")
        self.lines = []
        self.started = time.time()
        self.proc = host.popen(['stdbuf', '-oL', 'ping', '-n', '-D', '-O', '-W', '1', '-i', str(interval), ip],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())
            m = re.match(r'\[(\d+\.\d+)\] .*icmp_seq=(\d+)\b', line)
            if not m:
                continue
            seq = int(m.group(2))
            self.sent = max(self.sent, seq)
            if 'bytes from' in line:
                self.replies.setdefault(seq, float(m.group(1)))

    def last_reply_seq(self, before=None):
        seqs = [s for s, t in self.replies.items() if before is None or t <= before]
        return max(seqs) if seqs else 0

    def outage_after(self, t, steady=20):
        """How traffic fared after time t: (lost, recovered). lost: the echo requests after t
        that got no reply (before the latest answered one); recovered: seconds from t to the first
        reply after the last lost request, once at least `steady` requests in a row have been
        answered since (0.0-ish, the next reply's delay, when nothing was lost); None while not."""
        first = self.last_reply_seq(before=t) + 1
        answered = sorted(s for s in self.replies if s >= first)
        if not answered:
            return list(range(first, self.sent + 1)), None
        lost = [s for s in range(first, answered[-1]) if s not in self.replies]
        after = [s for s in answered if not lost or s > max(lost)]
        if len(after) < steady:
            return lost, None
        return lost, self.replies[after[0]] - t

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.thread.join(timeout=5)
        return self.lines
