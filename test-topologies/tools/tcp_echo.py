#!/usr/bin/env python3
"""A TCP echo for the labs that neither end can stall.

    tcp_echo.py serve IP PORT TIMEOUT           accept one connection on IP:PORT and echo it
                                                until the peer closes its side
    tcp_echo.py send IP PORT FILE OUT TIMEOUT   send FILE on one connection to IP:PORT, from a
                                                thread of its own, while reading the echo into OUT

socat's PIPE echo can deadlock on its own: it writes up to 8 KiB into its pipe with a blocking
write, so once the pipe is full (when the way back is slower for a moment) it waits on itself and
neither reads the socket nor drains the pipe; the connection then stops for good with nothing
lost and nothing to retransmit (seen as echoes stopping at 64-128 KiB under load). Here the
server echoes each chunk before reading the next, and the client always reads while it sends, so
TCP's own flow control is all that holds either side.

TIMEOUT is the longest either end waits with nothing arriving; `send` exits 1 (and says how much
came back) if the echo stops.
"""
import socket
import sys
import threading


def serve(ip, port, timeout):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((ip, port))
        s.listen(1)
        s.settimeout(timeout)
        conn, _ = s.accept()
        with conn:
            conn.settimeout(timeout)
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)


def send(ip, port, path, out_path, timeout):
    with open(path, 'rb') as f:
        data = f.read()
    conn = socket.create_connection((ip, port), timeout=5)
    conn.settimeout(timeout)
    failure = []

    def writer():
        try:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
        except OSError as e:
            failure.append('sending: %s' % e)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    got = bytearray()
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        failure.append('nothing for %d s after %d of %d bytes came back' % (timeout, len(got), len(data)))
    finally:
        with open(out_path, 'wb') as f:
            f.write(got)
        conn.close()
    t.join(1)
    if failure:
        print('; '.join(failure), file=sys.stderr)
        return 1
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == 'serve':
        serve(argv[2], int(argv[3]), float(argv[4]))
        return 0
    if len(argv) == 7 and argv[1] == 'send':
        return send(argv[2], int(argv[3]), argv[4], argv[5], float(argv[6]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
