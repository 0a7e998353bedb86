#!/usr/bin/python3
"""Floods DHCPDISCOVERs from one interface as fast as a raw socket sends them, and counts the
DHCP replies that come back (on a UDP socket bound to port 68: give the interface the port's
address first, so the server's unicast OFFERs are delivered to it).

    dhcp_flood.py IFACE MAC SECONDS   prints: sent=N replies=M seconds=S
"""
import socket
import struct
import sys
import time


def discover(mac: bytes, xid: int) -> bytes:
    bootp = struct.pack("!BBBBIHHIIII16s64s128s", 1, 1, 6, 0, xid, 0, 0, 0, 0, 0, 0, mac.ljust(16, b"\0"),
                        b"", b"") + b"\x63\x82\x53\x63" + bytes([53, 1, 1, 255])
    udp = struct.pack("!HHHH", 68, 67, 8 + len(bootp), 0) + bootp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes(4), b"\xff" * 4)
    csum = sum(struct.unpack("!10H", ip))
    csum = (csum & 0xffff) + (csum >> 16)
    ip = ip[:10] + struct.pack("!H", ~csum & 0xffff) + ip[12:]
    return b"\xff" * 6 + mac + b"\x08\x00" + ip + udp


def main():
    iface, mac, seconds = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", "")), float(sys.argv[3])
    out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    out.bind((iface, 0))
    replies = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    replies.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    replies.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    replies.bind(("0.0.0.0", 68))
    replies.setblocking(False)
    frame = discover(mac, 0x4d750000)
    sent = got = 0
    start = time.monotonic()
    end = start + seconds
    while True:
        try:
            out.send(frame)
            sent += 1
        except OSError:
            pass   # the veth's queue is full: the flood is as fast as it gets
        if sent % 256 == 0:
            got += drain(replies)
            if time.monotonic() >= end:
                break
    elapsed = time.monotonic() - start
    time.sleep(1)
    got += drain(replies)
    print(f"sent={sent} replies={got} seconds={elapsed:.2f}", flush=True)


def drain(sock) -> int:
    n = 0
    while True:
        try:
            data = sock.recv(2048)
        except BlockingIOError:
            return n
        if len(data) > 240 and data[0] == 2:
            n += 1


if __name__ == "__main__":
    main()
