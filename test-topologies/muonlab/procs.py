"""Running commands in the root namespace, and small process helpers."""
import os
import socket
import subprocess


class CommandError(RuntimeError):
    """A command exited non-zero; carries its output for the failure message."""

    def __init__(self, cmd, code, out, err):
        self.cmd, self.code, self.out, self.err = cmd, code, out, err
        super().__init__('%s exited %d\nstdout: %s\nstderr: %s'
                         % (' '.join(map(str, cmd)), code, out.strip(), err.strip()))


def run(cmd, env=None, check=True, timeout=60, cwd=None, replace_env=False):
    """Run cmd (a list) in the root namespace; return its stdout.
    env adds to the environment, or replaces it with replace_env."""
    full_env = None
    if env is not None:
        full_env = dict(env) if replace_env else dict(os.environ, **env)
    proc = subprocess.run([str(c) for c in cmd], env=full_env, cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise CommandError(cmd, proc.returncode, proc.stdout, proc.stderr)
    return proc.stdout


def free_tcp_ports(count):
    """Distinct TCP ports on 127.0.0.1 that are free right now."""
    socks, ports = [], []
    try:
        while len(ports) < count:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(('127.0.0.1', 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_start_time(pid):
    """The kernel's start time of pid (clock ticks since boot), or None if it is gone.
    With the pid it identifies a process even after the pid is reused."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces; fields after the last ')' are plain
    return int(stat.rsplit(')', 1)[1].split()[19])


def tail(path, lines=200):
    try:
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-lines:])
    except OSError as e:
        return '(cannot read %s: %s)' % (path, e)
