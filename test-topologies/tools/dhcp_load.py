#!/usr/bin/python3
"""Offers DHCP to a server at a steady rate from many VIFs at once and counts the replies.

One process drives every port: it opens, inside each port's network namespace (setns), a raw
socket on the port's interface to send from and a UDP socket on port 68 to count replies with
(the interface must hold the port's address, so the server's unicast OFFERs and ACKs are
delivered). Ports take turns; each alternates DHCPDISCOVER and DHCPREQUEST (option 50 = its
address, option 54 = the server).

    dhcp_load.py RATE SECONDS NS,IFACE,MAC,IP,SERVER ...
prints: sent=N replies=M seconds=S   (replies counted until 1 s after the last request; only
replies to this run's requests count: their transaction ids carry a random run number)
"""
import ctypes
import os
import random
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL("libc.so.6", use_errno=True)


def frame(mac: bytes, xid: int, options: bytes) -> bytes:
    bootp = struct.pack("!BBBBIHHIIII16s64s128s", 1, 1, 6, 0, xid, 0, 0, 0, 0, 0, 0, mac.ljust(16, b"\0"),
                        b"", b"") + b"\x63\x82\x53\x63" + options + b"\xff"
    udp = struct.pack("!HHHH", 68, 67, 8 + len(bootp), 0) + bootp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes(4), b"\xff" * 4)
    csum = sum(struct.unpack("!10H", ip))
    csum = (csum & 0xffff) + (csum >> 16)
    ip = ip[:10] + struct.pack("!H", ~csum & 0xffff) + ip[12:]
    return b"\xff" * 6 + mac + b"\x08\x00" + ip + udp


def enter(ns: str):
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if LIBC.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
    finally:
        os.close(fd)


def main():
    rate, seconds = float(sys.argv[1]), float(sys.argv[2])
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    senders, frames, receivers = [], [], []
    run = random.getrandbits(15) << 16   # the xid's high half: replies to an earlier run do not count
    for i, spec in enumerate(sys.argv[3:]):
        ns, iface, mac, ip, server = spec.split(",")
        enter(ns)
        out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        out.bind((iface, 0))
        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        rx.bind(("0.0.0.0", 68))
        rx.setblocking(False)
        m = bytes.fromhex(mac.replace(":", ""))
        discover = frame(m, run | 2 * i, bytes([53, 1, 1]))
        request = frame(m, run | 2 * i + 1, bytes([53, 1, 3, 50, 4]) + socket.inet_aton(ip)
                        + bytes([54, 4]) + socket.inet_aton(server))
        senders.append(out)
        frames.append((discover, request))
        receivers.append(rx)
    LIBC.setns(home, CLONE_NEWNET)
    poller = select.epoll()
    for rx in receivers:
        poller.register(rx.fileno(), select.EPOLLIN)
    by_fd = {rx.fileno(): rx for rx in receivers}
    n = len(senders)
    sent = got = 0
    start = time.monotonic()
    end = start + seconds
    while True:
        now = time.monotonic()
        if now >= end:
            break
        due = int(rate * (now - start)) + 1
        while sent < due:
            port = sent % n
            try:
                senders[port].send(frames[port][(sent // n) & 1])
            except OSError:
                pass   # counted as offered: the veth's queue was full
            sent += 1
        got += drain(poller, by_fd, 0, run)
        if sent >= due:
            time.sleep(0.0005)
    elapsed = time.monotonic() - start
    last = time.monotonic() + 1
    while time.monotonic() < last:
        got += drain(poller, by_fd, 0.05, run)
    print(f"sent={sent} replies={got} seconds={elapsed:.2f}", flush=True)


def drain(poller, by_fd, timeout, run) -> int:
    n = 0
    for fd, _ in poller.poll(timeout):
        sock = by_fd[fd]
        while True:
            try:
                data = sock.recv(2048)
            except BlockingIOError:
                break
            if len(data) > 240 and data[0] == 2 and int.from_bytes(data[4:8], "big") & 0x7fff0000 == run:
                n += 1
    return n


if __name__ == "__main__":
    main()
