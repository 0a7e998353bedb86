"""A throw-away PostgreSQL server for labs with several controllers on one database: Debian's
`postgresql` package, a cluster of its own in the run directory, on 127.0.0.1 and a free port,
stopped by its postmaster's PID."""
import os
import pwd
import secrets
import shutil
import subprocess
import time
from pathlib import Path

from .procs import free_tcp_ports
from .rundir import new_run_dir

OS_USER = 'postgres'


def _binaries():
    lib = Path('/usr/lib/postgresql')
    versions = sorted((p for p in lib.glob('*/bin') if (p / 'initdb').exists()),
                      key=lambda p: int(p.parent.name)) if lib.is_dir() else []
    if not versions:
        raise RuntimeError('PostgreSQL is not installed (apt-get install -y postgresql)')
    return versions[-1]


class Postgres:
    """start() initdb + pg_ctl start as the postgres user; database() a new database's JDBC
    settings as Muon's environment variables; stop() a fast shutdown by PID."""

    def __init__(self):
        self.dir = None
        self.port = None
        self.password = 'pw-' + secrets.token_hex(8)
        self.pid = None
        self.databases = 0

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def _as_postgres(self, *cmd):
        subprocess.run(['runuser', '-u', OS_USER, '--'] + [str(c) for c in cmd], check=True, timeout=180,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.dir)

    def start(self):
        bin_dir = _binaries()
        self.dir = new_run_dir('pg')
        pw = pwd.getpwnam(OS_USER)
        os.chmod(self.dir, 0o755)
        os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        pwfile = self.dir / 'pwfile'
        pwfile.write_text(self.password + '\n')
        os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        self.port = free_tcp_ports(1)[0]
        self._as_postgres(bin_dir / 'initdb', '-D', self.dir / 'data', '-U', 'postgres', '--pwfile=%s' % pwfile,
                          '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8')
        options = '-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s' % (self.port, self.dir)
        self._as_postgres(bin_dir / 'pg_ctl', '-D', self.dir / 'data', '-l', self.dir / 'server.log', '-w',
                          '-t', '120', '-o', options, 'start')
        self.pid = int((self.dir / 'data' / 'postmaster.pid').read_text().split()[0])
        return self

    def database(self):
        """A new empty database: the environment that points Muon at it."""
        self.databases += 1
        name = 'muon_lab_%d' % self.databases
        self._as_postgres('psql', '-h', self.dir, '-p', self.port, '-U', 'postgres', '-q', '-c',
                          'CREATE DATABASE %s' % name)
        return {'MUON_STORE_URL': 'jdbc:postgresql://127.0.0.1:%d/%s' % (self.port, name),
                'MUON_STORE_USER': 'postgres', 'MUON_STORE_PASSWORD': self.password}

    def sql(self, env, statement):
        """Rows (tuples of strings) of statement, run by the superuser in the database that env
        (from database()) points Muon at."""
        name = env['MUON_STORE_URL'].rsplit('/', 1)[1]
        out = subprocess.run(['runuser', '-u', OS_USER, '--', 'psql', '-h', str(self.dir), '-p', str(self.port),
                              '-U', 'postgres', '-d', name, '-At', '-F', '|', '-c', statement], check=True,
                             timeout=30, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.dir, text=True).stdout
        return [tuple(line.split('|')) for line in out.splitlines() if line]

    def stop(self):
        if self.pid is not None:
            try:
                os.kill(self.pid, 2)   # SIGINT: fast shutdown
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    os.kill(self.pid, 0)
                    time.sleep(0.1)
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self.pid = None
        if self.dir is not None and not os.environ.get('MUON_LAB_KEEP'):
            shutil.rmtree(self.dir, ignore_errors=True)
