"""A TCP relay on 127.0.0.1 that a test can cut: a network partition between one controller and
its database, touching nothing but the relay the test started (no firewall rules, no signals to
the shared server). While cut, bytes already sent stay in the relay and new connections wait:
to both ends the other has gone silent, as behind a broken link."""
import select
import socket
import threading

from .procs import free_tcp_ports


class TcpProxy:
    """with TcpProxy(target_port) as p: connect to p.port; p.cut() ... p.heal()."""

    def __init__(self, target_port, target_host='127.0.0.1'):
        self.target = (target_host, target_port)
        self.port = free_tcp_ports(1)[0]
        self._open = threading.Event()
        self._open.set()
        self._stop = threading.Event()
        self._listener = None
        self._threads = []
        self._sockets = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(('127.0.0.1', self.port))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self._spawn(self._accept)
        return self

    def cut(self):
        self._open.clear()

    def heal(self):
        self._open.set()

    def stop(self):
        self._stop.set()
        self._open.set()
        for s in [self._listener] + self._sockets:
            try:
                s.close()
            except OSError:
                pass
        for t in self._threads:
            t.join(2)

    def _spawn(self, fn, *args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        self._threads.append(t)
        t.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self._sockets.append(client)
            self._spawn(self._serve, client)

    def _serve(self, client):
        while not self._open.wait(0.2):   # a connection made while cut waits, unanswered
            if self._stop.is_set():
                return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        self._sockets.append(upstream)
        self._spawn(self._pump, client, upstream)
        self._spawn(self._pump, upstream, client)

    def _pump(self, src, dst):
        try:
            while not self._stop.is_set():
                readable, _, _ = select.select([src], [], [], 0.2)
                if not readable:
                    continue
                # while cut nothing is read, so nothing reaches the other end
                while not self._open.wait(0.2):
                    if self._stop.is_set():
                        return
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
