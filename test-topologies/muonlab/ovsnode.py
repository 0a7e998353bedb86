"""One hypervisor node: a Mininet node whose namespace holds its own ovs-vswitchd.

ovs-node.sh does the starting and stopping (the Java integration tests use the same
script): ovsdb-server in the root namespace on unix:DIR/db.sock, ovs-vswitchd inside a
named network namespace, and a socat relay so the node's OpenFlow target
tcp:127.0.0.1:OFPORT reaches the controller's 127.0.0.1:OFPORT. The Mininet shell of the
node is started inside that named namespace, so node.cmd() runs there and Mininet links
land there."""
import json
import os
import signal

from mininet.node import Node

from .flows import parse_flows
from .procs import run, tail
from .rundir import OVS_NODE_SH
from .wait import wait_until


class OvsNode(Node):

    def __init__(self, name, rundir, netns, openflow_port, **params):
        self.rundir = str(rundir)
        self.netns = netns
        self.openflow_port = openflow_port
        self.ovs_env = {'OVS_RUNDIR': self.rundir, 'OVS_DBDIR': self.rundir, 'OVS_LOGDIR': self.rundir}
        self.tunnel_ip = None
        # The shell enters the named namespace through `ip netns exec`, not `mnexec -n`.
        super().__init__(name, inNamespace=False, **params)

    # --- life cycle -------------------------------------------------------------------

    def startShell(self, mnopts=None):
        if self.shell is None:
            try:
                run(['bash', OVS_NODE_SH, 'up', self.rundir, self.netns, self.openflow_port], timeout=60)
            except Exception:
                self.stop_ovs()
                raise
        super().startShell(mnopts)

    def _popen(self, cmd, **params):
        if self.shell is None and cmd and cmd[0] == 'mnexec':
            cmd = ['ip', 'netns', 'exec', self.netns] + list(cmd)
        return super()._popen(cmd, **params)

    def terminate(self):
        try:
            if self.shell is not None:
                super().terminate()
        finally:
            self.stop_ovs()

    def stop_ovs(self):
        """Stop this node's OVS and relay by their recorded PIDs and delete its namespace."""
        run(['bash', OVS_NODE_SH, 'down', self.rundir, self.netns], check=False, timeout=60)

    def kill_vswitchd(self):
        """SIGKILL this node's ovs-vswitchd (by its pid file), as a crashed or lost node; it stays
        down (ovsdb-server and the relays keep running). Returns the PID killed."""
        pid_path = os.path.join(self.rundir, 'ovs-vswitchd.pid')
        with open(pid_path) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: not _running(pid), timeout=10, what='ovs-vswitchd %d of %s to die' % (pid, self.name))
        os.unlink(pid_path)
        return pid

    # --- talking to this node's Open vSwitch -------------------------------------------

    def vsctl(self, *args, timeout=10):
        return run(['ovs-vsctl', '--db=unix:%s/db.sock' % self.rundir, '--timeout=%d' % timeout] + list(args),
                   timeout=timeout + 5)

    def ofctl(self, *args, protocol='OpenFlow13'):
        opts = ['-O', protocol] if protocol else []
        return run(['ovs-ofctl'] + opts + list(args), env=self.ovs_env)

    def appctl(self, *args):
        return run(['ovs-appctl', '-t', '%s/ovs-vswitchd.ctl' % self.rundir] + list(args))

    def dump_flows(self, bridge, table=None, **match):
        """Flows of bridge (optionally one table, optionally those whose match has the given fields)."""
        args = ['dump-flows', bridge] + (['table=%d' % table] if table is not None else [])
        flows = parse_flows(self.ofctl(*args))
        return [f for f in flows if f.has(**match)] if match else flows

    def bridges(self):
        return self.vsctl('list-br').split()

    def has_bridge(self, bridge):
        return bridge in self.bridges()

    def external_ids(self, table, record):
        """external_ids of one OVSDB record as a dict."""
        text = self.vsctl('--format=json', '--columns=external_ids', 'list', table, record)
        data = json.loads(text)['data'][0][0]   # ["map", [[k, v], ...]]
        return dict(data[1])

    def wait_for(self, condition, timeout=30.0, what=None, interval=0.2):
        """Wait until condition() is truthy; on timeout the error carries this node's OVS state."""
        return wait_until(condition, timeout=timeout, interval=interval,
                          what='%s on %s' % (what or getattr(condition, '__name__', 'condition'), self.name),
                          details=self.diagnostics)

    def wait_for_bridge(self, bridge, timeout=30.0):
        return self.wait_for(lambda: self.has_bridge(bridge), timeout=timeout, what='bridge %s' % bridge)

    # --- setup -------------------------------------------------------------------------

    def setup_underlay(self, intf, tunnel_ip, prefix_len=24):
        """br-phy: a standalone netdev bridge holding the underlay veth; its internal port
        carries the tunnel IP, so OVS's native tunnelling routes VXLAN through it."""
        self.vsctl('--may-exist', 'add-br', 'br-phy', '--',
                   'set', 'Bridge', 'br-phy', 'datapath_type=netdev', 'fail_mode=standalone', '--',
                   '--may-exist', 'add-port', 'br-phy', intf)
        self.checked_cmd('ip addr add %s/%d dev br-phy && ip link set br-phy up && ip link set %s up'
                         % (tunnel_ip, prefix_len, intf))
        self.tunnel_ip = tunnel_ip

    def setup_provider_bridge(self, bridge, intf):
        """What an operator does for a provider network: an OVS bridge holding the NIC that
        reaches the physical network (here a veth into the underlay). Muon takes the bridge
        over once the node maps it (muon-bridge-mappings); the NIC stays the operator's."""
        self.vsctl('--may-exist', 'add-br', bridge, '--', 'set', 'Bridge', bridge, 'datapath_type=netdev', '--',
                   '--may-exist', 'add-port', bridge, intf)
        self.checked_cmd('ip link set %s up' % intf)

    def onboard(self, ovsdb_port, role='compute', bridge_mappings='', datapath_type='netdev', scheme='tcp',
                hostname=None):
        """Join the controller exactly as the README documents it (scheme 'ssl' after set_ssl)."""
        self.vsctl('set-manager', '%s:127.0.0.1:%d' % (scheme, ovsdb_port), '--',
                   'set', 'Open_vSwitch', '.',
                   'external_ids:hostname=%s' % (hostname or self.name),
                   'external_ids:muon-encap-ip=%s' % self.tunnel_ip,
                   # ovs-vsctl rejects `key=` with nothing after it: an empty value is ""
                   'external_ids:muon-bridge-mappings=%s' % (bridge_mappings or '""'),
                   'external_ids:muon-role=%s' % role,
                   'external_ids:muon-datapath-type=%s' % datapath_type)

    def set_ssl(self, private_key, certificate, ca_cert):
        """ovs-vsctl set-ssl: the node's key and certificate and the CA of the controller, used by
        ovsdb-server for an ssl: manager and by ovs-vswitchd for ssl: controller targets."""
        self.vsctl('set-ssl', str(private_key), str(certificate), str(ca_cert))

    def checked_cmd(self, command):
        """Run a shell command in this node's namespace; raise if it fails."""
        out, err, code = self.pexec(['bash', '-c', command])
        if code != 0:
            raise RuntimeError('%s: `%s` exited %d: %s %s' % (self.name, command, code, out, err))
        return out

    # --- diagnostics -------------------------------------------------------------------

    def diagnostics(self, log_lines=60):
        parts = ['===== %s (netns %s, dir %s) =====' % (self.name, self.netns, self.rundir)]

        def section(title, fn):
            try:
                parts.append('--- %s\n%s' % (title, fn()))
            except Exception as e:  # pylint: disable=broad-except
                parts.append('--- %s: unavailable: %s' % (title, e))

        section('ovs-vsctl show', lambda: self.vsctl('show'))
        section('Open_vSwitch external_ids', lambda: self.vsctl('get', 'Open_vSwitch', '.', 'external_ids'))
        try:
            bridges = self.bridges()
        except Exception:  # pylint: disable=broad-except
            bridges = []
        for bridge in bridges:
            section('dump-flows %s' % bridge, lambda b=bridge: self.ofctl('dump-flows', b))
        section('ovs-vswitchd.log (tail)', lambda: tail('%s/ovs-vswitchd.log' % self.rundir, log_lines))
        return '\n'.join(parts)


def _running(pid):
    """Alive and not a zombie (our daemons are reparented to init, which may reap them late)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ('Z', 'X')
