"""Helpers for security group scenarios: a TCP connection kept open across changes (to prove
an established connection survives one and is cut by another), a capture inside a VM (what
reached it), ICMP echo requests with a chosen IP source sent from a VM with scapy (spoofing),
and a port's flows on its node's br-int (which of them use conntrack)."""
import os
import re
import select
import subprocess
import time

from .wait import wait_until

PY = '/usr/bin/python3'     # Debian's Python: it has scapy


# --- a TCP connection kept open -------------------------------------------------------------

SESSION_CLIENT = r'''
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=float(sys.argv[3]))
print('connected', flush=True)
s.settimeout(float(sys.argv[3]))
for line in sys.stdin:
    try:
        s.sendall(line.encode())
        got = b''
        while not got.endswith(b'\n'):
            chunk = s.recv(1000)
            if not chunk:
                print('closed', flush=True)
                break
            got += chunk
        else:
            print('echo ' + got.decode().strip(), flush=True)
    except socket.timeout:
        print('timeout', flush=True)
    except OSError as e:
        print('error %s' % e, flush=True)
'''


class TcpSession:
    """One TCP connection from client to a socat echo server (one connection, no fork) in server
    on ip:port, kept open: exchange(text) sends a line and returns what came back ('echo <text>',
    'timeout', 'closed', 'error ...'). A connection that the dataplane cuts times out."""

    def __init__(self, client, server, ip, port, timeout=3):
        self.client, self.server, self.ip, self.port, self.timeout = client, server, ip, port, timeout
        self.server_proc = server.popen(['socat', 'TCP-LISTEN:%d,reuseaddr' % port, 'PIPE'],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.proc = None
        self.buffer = ''
        try:
            wait_until(lambda: re.search(r':%d\s' % port, server.sh('ss -ltnH', check=False)), timeout=5,
                       what='socat to listen on port %d in %s' % (port, server.name))
            self.proc = client.popen([PY, '-u', '-c', SESSION_CLIENT, ip, str(port), str(timeout)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
            first = self._line(timeout + 2)
            if first != 'connected':
                raise AssertionError('%s -> %s:%d (echo server in %s) did not connect: %r'
                                     % (client.name, ip, port, server.name, first))
        except BaseException:
            self.stop()
            raise

    def _line(self, timeout):
        """The client's next output line (read from the raw pipe: no buffered line left behind)."""
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while '\n' not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                return 'no answer from the client process'
            chunk = os.read(fd, 4096)
            if not chunk:
                return 'client exited (%s): %r' % (self.proc.poll(), self.buffer)
            self.buffer += chunk.decode(errors='replace')
        line, self.buffer = self.buffer.split('\n', 1)
        return line.strip()

    def exchange(self, text):
        try:
            self.proc.stdin.write(text + '\n')
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            return 'client gone: %s' % e
        return self._line(self.timeout + 2)

    def stop(self):
        for proc in (self.proc, self.server_proc):
            if proc is not None and proc.poll() is None:
                proc.kill()
            if proc is not None:
                try:
                    proc.communicate(timeout=5)
                except (subprocess.TimeoutExpired, ValueError):
                    pass


# --- what reaches a VM ----------------------------------------------------------------------

class Sniffer:
    """tcpdump -n -l on a VM's eth0 with a BPF filter, in the background; stop() returns its lines."""

    def __init__(self, vm, bpf):
        self.vm = vm
        self.proc = vm.popen(['tcpdump', '-n', '-l', '--immediate-mode', '-i', 'eth0', bpf],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # tcpdump says "listening on eth0" on stderr once the capture is open (read the raw pipe:
        # a buffered readline could swallow that line while select() waits for more)
        deadline = time.monotonic() + 5
        self.err = ''
        fd = self.proc.stderr.fileno()
        while time.monotonic() < deadline and 'listening on' not in self.err:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                self.err += chunk.decode(errors='replace')
        if 'listening on' not in self.err:
            self.stop()
            raise RuntimeError('tcpdump in %s did not start: %s' % (vm.name, self.err))

    def stop(self):
        time.sleep(0.3)
        if self.proc.poll() is None:
            self.proc.terminate()
        out, err = self.proc.communicate(timeout=5)
        return out.splitlines()


# --- packets with a chosen source -------------------------------------------------------------

SEND_ICMP = r'''
import sys
from scapy.all import Ether, IP, ICMP, sendp, conf
conf.verb = 0
iface, src_mac, dst_mac, src_ip, dst_ip, ident, count = sys.argv[1:8]
frames = [Ether(src=src_mac, dst=dst_mac) / IP(src=src_ip, dst=dst_ip) / ICMP(type=8, id=int(ident), seq=seq)
          / b'muon-spoof-probe' for seq in range(1, int(count) + 1)]
sendp(frames, iface=iface, inter=0.05)
'''


def send_echo_requests(vm, dst_mac, src_ip, dst_ip, ident, count=3):
    """count ICMP echo requests from vm's eth0 (its own MAC) with IP source src_ip, ICMP id ident."""
    out, err, code = vm.pexec([PY, '-c', SEND_ICMP, 'eth0', vm.mac, dst_mac, src_ip, dst_ip, str(ident), str(count)])
    if code != 0:
        raise RuntimeError('scapy in %s failed (exit %d): %s %s' % (vm.name, code, out, err))


def echo_requests_seen(lines, src_ip, ident):
    """The tcpdump lines of echo requests from src_ip with ICMP id ident."""
    return [l for l in lines if re.search(r'IP %s > \S+: ICMP echo request, id %d,' % (re.escape(src_ip), ident), l)]


# --- a port's flows ---------------------------------------------------------------------------

def ofport(node, tap):
    return int(node.vsctl('get', 'Interface', tap, 'ofport').strip())


def port_flows(vm, bridge='br-int'):
    """The flows on the VM's node that belong to its port: in_port=<its ofport> or reg5=<its ofport>."""
    number = ofport(vm.node, vm.tap)
    names = {str(number), vm.tap}
    mine = []
    for f in vm.node.dump_flows(bridge):
        in_port = f.match.get('in_port')
        reg5 = f.match.get('reg5')
        if (in_port is not None and in_port in names) or (reg5 is not None and _int(reg5) == number):
            mine.append(f)
    return mine


def _int(text):
    try:
        return int(str(text).split('/')[0], 0)
    except ValueError:
        return None
