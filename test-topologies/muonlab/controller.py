"""The controller under test: `./muon run` from the repository root, on free ports."""
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .neutron import NeutronClient
from .procs import free_tcp_ports, tail
from .rundir import RUN_MARK, new_run_dir

# MUON_LAB_REPO: run the controller of another checkout (e.g. a clone being reviewed)
REPO_ROOT = Path(os.environ.get('MUON_LAB_REPO') or Path(__file__).resolve().parents[2])


class ControllerError(RuntimeError):
    pass


class Controller:
    """Start Muon, wait until its REST API answers, stop it by PID (SIGTERM, then SIGKILL).

    Ports default to free ones (never 9696/6653/6640, so a developer's controller keeps
    running); MUON_LAB_REST_PORT / _OPENFLOW_PORT / _OVSDB_PORT pin them. The log goes to
    <run dir>/muon.log, the data directory is <run dir>/data. The first start may build
    with Maven: MUON_LAB_START_TIMEOUT (seconds, default 600) bounds the wait."""

    def __init__(self, repo_root=REPO_ROOT, rest_port=None, openflow_port=None, ovsdb_port=None,
                 start_timeout=None, stop_timeout=20, extra_args=(), env=None):
        free = free_tcp_ports(3)
        self.repo_root = Path(repo_root)
        self.rest_port = int(rest_port or os.environ.get('MUON_LAB_REST_PORT') or free[0])
        self.openflow_port = int(openflow_port or os.environ.get('MUON_LAB_OPENFLOW_PORT') or free[1])
        self.ovsdb_port = int(ovsdb_port or os.environ.get('MUON_LAB_OVSDB_PORT') or free[2])
        self.start_timeout = float(start_timeout or os.environ.get('MUON_LAB_START_TIMEOUT', 600))
        self.stop_timeout = stop_timeout
        self.extra_args = list(extra_args)
        self.env = dict(env or {})   # e.g. MUON_STORE_URL: several controllers on one database
        self.endpoint = 'http://127.0.0.1:%d' % self.rest_port
        self.neutron = NeutronClient(self.endpoint)
        self.dir = None
        self.log_path = None
        self.proc = None
        self.keep_dir = bool(os.environ.get('MUON_LAB_KEEP'))

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def command(self):
        return ['./muon', 'run', '--rest-port', str(self.rest_port), '--openflow-port', str(self.openflow_port),
                '--ovsdb-port', str(self.ovsdb_port), '--data-dir', str(self.dir / 'data')] + self.extra_args

    def start(self):
        launcher = self.repo_root / 'muon'
        if not os.access(launcher, os.X_OK):
            raise ControllerError('%s is missing or not executable: the lab needs the launcher `./muon run`'
                                  % launcher)
        if self.dir is None:
            self.dir = new_run_dir('c')
            (self.dir / 'data').mkdir()
            self.log_path = self.dir / 'muon.log'
        env = dict(os.environ, **self.env, **{RUN_MARK: str(self.dir)})
        with open(self.log_path, 'ab') as log:
            log.write(('\n### %s: %s\n' % (time.strftime('%H:%M:%S'), ' '.join(self.command))).encode())
            log.flush()
            self.proc = subprocess.Popen(self.command, cwd=self.repo_root, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, env=env,
                                         start_new_session=True)
        (self.dir / 'controller.pid').write_text('%d\n' % self.proc.pid)
        deadline = time.monotonic() + self.start_timeout
        while not self.neutron.ready():
            if self.proc.poll() is not None:
                raise ControllerError('controller exited with %s before answering REST; log tail:\n%s'
                                      % (self.proc.returncode, self.log_tail()))
            if time.monotonic() > deadline:
                self.stop()
                raise ControllerError('controller did not answer GET %s/v2.0/networks within %.0fs; log tail:\n%s'
                                      % (self.endpoint, self.start_timeout, self.log_tail()))
            time.sleep(0.3)
        return self

    def kill(self):
        """kill -9 of the controller's process group, as a crash: nothing is closed."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)
            self.proc = None

    def stop(self, timeout=None):
        """SIGTERM the process group we started, SIGKILL it if it lingers."""
        if self.proc is None:
            return
        timeout = self.stop_timeout if timeout is None else timeout
        pid = self.proc.pid
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                continue
            # the launcher is gone; wait for the rest of its group (e.g. the JVM it forked)
            deadline = time.monotonic() + wait
            while _group_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if not _group_alive(pid):
                break
        self.proc = None
        if self.dir is not None:
            (self.dir / 'controller.pid').unlink(missing_ok=True)

    def remove_dir(self):
        if self.dir is not None and not self.keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, lines=200):
        return tail(self.log_path, lines) if self.log_path else '(no log)'


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
