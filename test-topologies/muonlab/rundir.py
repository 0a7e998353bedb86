"""Where labs and controllers keep their files, and how a crashed run is cleaned up.

Every lab or controller run owns one directory under BASE (default /tmp/muonlab,
override with MUON_LAB_DIR). The directory records its owner (pid + start time of the
Python process) and every process it started (pid files, netns names). A later run
removes directories whose owner is gone, stopping exactly what they record and
nothing else. Paths stay short: OVS unix sockets live in them (108-byte limit)."""
import itertools
import os
import shutil
import signal
import time
from pathlib import Path

from .procs import pid_alive, process_start_time, run

BASE = Path(os.environ.get('MUON_LAB_DIR', '/tmp/muonlab'))
OVS_NODE_SH = Path(__file__).resolve().parent.parent / 'ovs-node.sh'
OWNER_FILE = 'owner'
# Environment variable put into every controller we start, with its run dir as value:
# cleanup kills a recorded pid only if the process still carries it.
RUN_MARK = 'MUON_LAB_RUN'

_counter = itertools.count(1)


def new_run_dir(kind):
    """Create and claim a fresh directory; its basename is short and unique."""
    BASE.mkdir(parents=True, exist_ok=True)
    while True:
        path = BASE / ('%s%d-%d' % (kind, os.getpid(), next(_counter)))
        try:
            path.mkdir()
            break
        except FileExistsError:
            continue
    pid = os.getpid()
    (path / OWNER_FILE).write_text('%d %d\n' % (pid, process_start_time(pid)))
    return path


def owner_alive(path):
    try:
        pid, start = (int(x) for x in (Path(path) / OWNER_FILE).read_text().split())
    except (OSError, ValueError):
        return False
    return process_start_time(pid) == start


def _kill_marked_group(pid_file, mark):
    """SIGTERM then SIGKILL the process group recorded in pid_file, if it still carries mark."""
    try:
        pid = int(Path(pid_file).read_text().split()[0])
        environ = Path('/proc/%d/environ' % pid).read_bytes()
    except (OSError, ValueError, IndexError):
        return
    if ('%s=%s' % (RUN_MARK, mark)).encode() not in environ.split(b'\0'):
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)


def teardown_dir(path):
    """Stop everything a run directory records, then delete it."""
    path = Path(path)
    for pid_file in path.rglob('controller.pid'):
        _kill_marked_group(pid_file, str(pid_file.parent))
    for node_dir in sorted({p.parent for p in path.rglob('*.pid')} | {p.parent for p in path.rglob('netns')}):
        if (node_dir / 'controller.pid').exists():
            continue
        run(['bash', OVS_NODE_SH, 'down', node_dir], check=False)
    shutil.rmtree(path, ignore_errors=True)


def clean_stale(base=None, everything=False):
    """Tear down run directories whose owner has died (or all of them). Returns their names."""
    base = Path(base or BASE)
    cleaned = []
    if not base.is_dir():
        return cleaned
    for path in sorted(base.iterdir()):
        if path.is_dir() and (everything or not owner_alive(path)):
            teardown_dir(path)
            cleaned.append(path.name)
    return cleaned
