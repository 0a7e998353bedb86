"""Several controllers on one PostgreSQL database (issue 15): who programs a node, and failover.

A real PostgreSQL server, three Open vSwitch nodes that list every controller (set-manager with
each OVSDB port, a Controller row per controller on every bridge), and Muon instances that share
the nodes out by lease. Each controller reaches the database through a relay of this test's own,
so one of them can be cut off from it without touching anything else.

Instance ids are fixed so that the share is known in advance (rendezvous hashing of node1..node3):
{instance-1, instance-2}: instance-1 programs node1 and node3, instance-2 node2;
{instance-2, instance-3}: instance-3 programs node1 and node3. The test still reads who holds
what from the lease table and asserts on that."""
import re
import signal
import subprocess
import time
from datetime import datetime

import pytest

from muonlab import Controller, Lab, wait_until
from muonlab.postgres import Postgres
from muonlab.procs import free_tcp_ports
from muonlab.tcpproxy import TcpProxy

IDS = ('instance-1', 'instance-2', 'instance-3')
LEASE_SECONDS = 3
BRIDGES = ('br-int', 'br-tun')
CIDR = '10.0.0.0/24'
PING_INTERVAL = 0.05


class Cluster:
    """Controllers on one database, each through its own relay; looks like one controller to Lab
    (the OVSDB port of the first, an OpenFlow relay in every node for each controller)."""

    def __init__(self, pg, count):
        self.pg = pg
        self.db = pg.database()
        dbname = self.db['MUON_STORE_URL'].rsplit('/', 1)[1]
        ports = free_tcp_ports(3 * count)
        self.proxies = [TcpProxy(pg.port).start() for _ in range(count)]
        self.targets = ['tcp:127.0.0.1:%d' % ports[3 * i + 1] for i in range(count)]
        self.controllers = []
        for i in range(count):
            env = dict(self.db, MUON_STORE_URL='jdbc:postgresql://127.0.0.1:%d/%s' % (self.proxies[i].port, dbname),
                       MUON_CLUSTER_INSTANCE_ID=IDS[i], MUON_CLUSTER_LEASE_SECONDS=str(LEASE_SECONDS),
                       MUON_CLUSTER_CONTROLLER_TARGETS=','.join(self.targets))
            ctl = Controller(rest_port=ports[3 * i], openflow_port=ports[3 * i + 1], ovsdb_port=ports[3 * i + 2],
                             env=env)
            ctl.instance_id = IDS[i]
            self.controllers.append(ctl)
        self.ovsdb_port = self.controllers[0].ovsdb_port
        self.openflow_port = ','.join(str(c.openflow_port) for c in self.controllers)
        self.neutron = self.controllers[0].neutron

    def managers(self):
        return ['tcp:127.0.0.1:%d' % c.ovsdb_port for c in self.controllers]

    def leases(self):
        """node -> holder of a lease that has not expired (by the database's clock)."""
        rows = self.pg.sql(self.db, "SELECT node, holder FROM node_lease WHERE expires_at > now()")
        return dict(rows)

    def held_by(self, instance_id):
        return {n for n, h in self.leases().items() if h == instance_id}

    def stop(self):
        for ctl in self.controllers:
            ctl.stop()
        for proxy in self.proxies:
            proxy.stop()


def flows(nodes):
    """Every Muon bridge's flows without counters, per (node, bridge)."""
    out = {}
    for node in nodes:
        for bridge in BRIDGES:
            text = node.ofctl('dump-flows', bridge, '--no-stats')
            out[(node.name, bridge)] = sorted(line.strip() for line in text.splitlines() if 'actions=' in line)
    return out


def flows_changed(before, after):
    return sum(len(set(before[k]) ^ set(after.get(k, []))) for k in before)


def flow_count(snapshot):
    return sum(len(v) for v in snapshot.values())


class Ping:
    """ping -i 0.05 from a VM until stopped: which echo requests went unanswered. Counted from the
    replies' sequence numbers: a request still in flight when the ping is stopped is not lost."""

    def __init__(self, vm, ip):
        self.proc = vm.popen(['ping', '-n', '-i', str(PING_INTERVAL), '-W', '1', ip],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def stop(self):
        """(requests sent, requests lost, the lost sequence numbers)"""
        time.sleep(1.5)   # the last requests' answers (-W 1)
        self.proc.send_signal(signal.SIGINT)
        out, _ = self.proc.communicate(timeout=15)
        out = out.decode(errors='replace') if isinstance(out, bytes) else out
        m = re.search(r'(\d+) packets transmitted', out)
        assert m, out
        sent = int(m.group(1))
        answered = {int(n) for n in re.findall(r'bytes from .*icmp_seq=(\d+)', out)}
        # every request but the last one sent (possibly in flight at SIGINT) must have its answer
        lost = sorted(set(range(1, sent)) - answered)
        return sent, len(lost), lost

def log_times(ctl, pattern, since):
    """Wall-clock times (seconds since the epoch) of the controller's log lines matching pattern,
    logged at or after `since`."""
    day = datetime.fromtimestamp(since).date()
    out = []
    for line in ctl.log_path.read_text(errors='replace').splitlines():
        m = re.match(r'(\d\d:\d\d:\d\d\.\d\d\d) ', line)
        if m and re.search(pattern, line):
            t = datetime.combine(day, datetime.strptime(m.group(1), '%H:%M:%S.%f').time()).timestamp()
            if t >= since - 0.001:
                out.append(t)
    return out


def first_log_time(ctl, pattern, since, timeout=30):
    return wait_until(lambda: (log_times(ctl, pattern, since) or [None])[0], timeout=timeout,
                      what='%s to log /%s/' % (ctl.instance_id, pattern), details=ctl.log_tail)


def master_everywhere(ctl, node_names, since, timeout=30):
    """When ctl was master of every Muon bridge of these nodes (the last grant after `since`)."""
    times = []
    for node in node_names:
        for bridge in BRIDGES:
            times.append(first_log_time(ctl, r'node %s %s: master \(generation' % (node, bridge), since, timeout))
    return max(times)


def role_on_switch(node, target):
    """The roles Open vSwitch reports for the Controller rows with this target (one per bridge)."""
    out = node.vsctl('--columns=target,role', '--format=csv', '--data=bare', '--no-headings', 'list', 'Controller')
    return sorted(line.split(',')[1] for line in out.splitlines() if line.split(',')[0] == target)


@pytest.fixture
def cluster():
    with Postgres() as pg:
        c = Cluster(pg, 3)
        try:
            yield c
        finally:
            c.stop()
            for ctl in c.controllers:
                ctl.remove_dir()


def test_failover_kill_scale_out_and_partition(cluster):
    c1, c2, c3 = cluster.controllers
    for ctl in (c1, c2):
        ctl.start()
    with Lab(nodes=3, controller=cluster, neutron=c1.neutron) as lab:
        node1, node2, node3 = lab.nodes
        for node in lab.nodes:
            node.vsctl('set-manager', *cluster.managers())

        # --- two instances share the nodes out --------------------------------------------------
        wait_until(lambda: set(cluster.leases()) == {'node1', 'node2', 'node3'}
                   and cluster.held_by(c1.instance_id) and cluster.held_by(c2.instance_id),
                   timeout=60, what='both instances to hold a share of the nodes', details=cluster.leases)
        print('\nshare of two instances: %s' % cluster.leases())
        for node in lab.nodes:   # every bridge lists every controller
            node.wait_for(lambda n=node: all(len(role_on_switch(n, t)) == len(BRIDGES) for t in cluster.targets[:2]),
                          timeout=60, what='a Controller row per controller on every bridge of %s' % node.name)

        net = c1.neutron.create_network('net1')
        subnet = c1.neutron.create_subnet(net['id'], CIDR)
        port1 = c1.neutron.create_port(net['id'], name='vm1-port')
        port2 = c2.neutron.create_port(net['id'], name='vm2-port')
        vm1 = lab.plug_vm(node1, 'vm1', port1, subnets=[subnet])
        vm2 = lab.plug_vm(node2, 'vm2', port2, subnets=[subnet])
        for p, node in ((port1, node1), (port2, node2)):
            c2.neutron.wait_port(p['id'], 'ACTIVE', host=node.name, timeout=60, details=lab.diagnostics)
        wait_until(lambda: vm1.ping(vm2.ip, count=1, timeout=1).ok, timeout=30, what='vm1 to reach vm2')

        # --- kill -9 of node1's master under a continuous ping -----------------------------------
        holder = cluster.leases()['node1']
        victim = next(c for c in (c1, c2) if c.instance_id == holder)
        survivor = c2 if victim is c1 else c1
        victim_nodes = sorted(cluster.held_by(victim.instance_id))
        time.sleep(2)   # a periodic pass or two with everything in place
        before = flows(lab.nodes)
        ping = Ping(vm1, vm2.ip)
        time.sleep(1)
        t_kill = time.time()
        victim.kill()
        wait_until(lambda: all(cluster.leases().get(n) == survivor.instance_id for n in victim_nodes),
                   timeout=30, what='%s to take over %s' % (survivor.instance_id, victim_nodes),
                   details=cluster.leases)
        t_takeover = first_log_time(survivor, r'node %s: this instance programs it now' % victim_nodes[0], t_kill)
        t_master = master_everywhere(survivor, victim_nodes, t_kill)
        time.sleep(2)   # the survivor's diff of the nodes it took over has run
        after = flows(lab.nodes)
        sent, lost, missing = ping.stop()
        changed = flows_changed(before, after)
        print('kill -9 of %s (master of %s): takeover by %s %.1f s after the kill, master role on their bridges '
              'after %.1f s; flows changed %d of %d; pings lost %d of %d'
              % (victim.instance_id, victim_nodes, survivor.instance_id, t_takeover - t_kill, t_master - t_kill,
                 changed, flow_count(before), lost, sent))
        assert changed == 0, 'the takeover changed flows'
        assert lost == 0, 'pings lost over the failover: icmp_seq %s of %d' % (missing, sent)
        for node in victim_nodes:
            n = lab.node(node)
            target = cluster.targets[cluster.controllers.index(survivor)]
            n.wait_for(lambda n=n: role_on_switch(n, target) == ['master'] * len(BRIDGES), timeout=30,
                       what='%s to show %s as master of its bridges' % (node, survivor.instance_id))

        # --- a third instance takes a share --------------------------------------------------------
        ping = Ping(vm1, vm2.ip)
        t_start = time.time()
        c3.start()
        wait_until(lambda: cluster.held_by(c3.instance_id), timeout=60, what='instance-3 to take a share',
                   details=cluster.leases)
        time.sleep(LEASE_SECONDS + 1)   # the running instance releases its other nodes as it sees the newcomer
        taken = sorted(cluster.held_by(c3.instance_id))
        t_master = master_everywhere(c3, taken, t_start)
        time.sleep(2)
        after_scale = flows(lab.nodes)
        sent, lost, missing = ping.stop()
        print('instance-3 started: it programs %s (share now %s), master of their bridges %.1f s after its start; '
              'flows changed %d; pings lost %d of %d'
              % (taken, cluster.leases(), t_master - t_start, flows_changed(before, after_scale), lost, sent))
        assert cluster.held_by(survivor.instance_id), 'the running instance kept no node'
        assert flows_changed(before, after_scale) == 0
        assert lost == 0, 'pings lost: icmp_seq %s of %d' % (missing, sent)

        # --- a port plugged while its node's master is dead comes up ----------------------------------
        third_node = lab.node(taken[-1])
        port3 = survivor.neutron.create_port(net['id'], name='vm3-port')
        t_kill = time.time()
        c3.kill()
        vm3 = lab.plug_vm(third_node, 'vm3', port3, subnets=[subnet])
        survivor.neutron.wait_port(port3['id'], 'ACTIVE', host=third_node.name, timeout=60, details=lab.diagnostics)
        t_active = time.time()
        wait_until(lambda: vm3.ping(vm1.ip, count=1, timeout=1).ok, timeout=30, what='vm3 to reach vm1')
        print('port plugged on %s right after kill -9 of its master: ACTIVE %.1f s after the kill'
              % (third_node.name, t_active - t_kill))
        # DHCP, a packet-in service, is answered by the node's new master
        assert vm3.dhcp()['ip'] == port3['fixed_ips'][0]['ip_address']

        # --- an instance cut off from the database stops before another takes over --------------------
        t_start = time.time()
        victim.start()   # same instance id, back with a share
        wait_until(lambda: cluster.held_by(victim.instance_id), timeout=60,
                   what='%s to hold nodes again' % victim.instance_id, details=cluster.leases)
        cut_nodes = sorted(cluster.held_by(victim.instance_id))
        master_everywhere(victim, cut_nodes, t_start)
        # with a master and a slave on every bridge, DHCP is still answered (by the master)
        assert vm1.dhcp()['ip'] == port1['fixed_ips'][0]['ip_address']
        time.sleep(2)
        before = flows(lab.nodes)
        ping = Ping(vm1, vm2.ip)
        time.sleep(1)
        proxy = cluster.proxies[cluster.controllers.index(victim)]
        t_cut = time.time()
        proxy.cut()
        try:
            wait_until(lambda: all(cluster.leases().get(n) == survivor.instance_id for n in cut_nodes),
                       timeout=30, what='%s to take over from the cut-off %s' % (survivor.instance_id,
                                                                                 victim.instance_id),
                       details=cluster.leases)
            t_stopped = first_log_time(victim, r'stopped programming', t_cut)
            t_taken = first_log_time(survivor, r'node %s: this instance programs it now' % cut_nodes[0], t_cut)
            master_everywhere(survivor, cut_nodes, t_cut)
            time.sleep(2)
            after = flows(lab.nodes)
        finally:
            proxy.heal()
        sent, lost, missing = ping.stop()
        print('%s cut off from the database: it stopped programming %.1f s after the cut, %s took over %.1f s '
              'after the cut; flows changed %d; pings lost %d of %d'
              % (victim.instance_id, t_stopped - t_cut, survivor.instance_id, t_taken - t_cut,
                 flows_changed(before, after), lost, sent))
        assert t_stopped < t_taken, 'the cut-off instance was still programming when another took over'
        assert flows_changed(before, after) == 0
        assert lost == 0, 'pings lost: icmp_seq %s of %d' % (missing, sent)
