"""Trunks ("VLAN aware VMs", seed 000) in the lab: a VM plugged as Nova/os-vif plugs a trunk's
parent port (into the trunk bridge tbr-<trunk id>, not br-int), and 802.1Q probes from inside it.

The lab's kernel has no 8021q module, so a VM cannot have VLAN sub-interfaces: the probes
send and sniff tagged frames with scapy (AF_PACKET) on the VM's eth0, with the subport's MAC
and address as the VM would configure them on its VLAN interface."""
import ipaddress
import json
import re
import uuid

from mininet.link import Link

from .lab import VM_MTU
from .vm import VM

# Neutron's gen_trunk_br_name keeps the bridge name one short of Linux's 15 characters
TRUNK_BRIDGE_LEN = 14


def trunk_bridge(trunk_id):
    """tbr-3b9bb4f7-a for trunk 3b9bb4f7-ae10-…, as Neutron names it and os-vif creates it."""
    return ('tbr-' + trunk_id)[:TRUNK_BRIDGE_LEN]


def plug_trunk_vm(lab, node, name, port, bridge, subnets=None, mtu=VM_MTU, bridge_timeout=60):
    """Create VM `name` on node for the trunk's parent port JSON `port`, as os-vif plugs it into
    `bridge` (the port's binding:vif_details bridge_name, tbr-<trunk id>): ensure the bridge
    (add-br --may-exist, datapath_type netdev, nothing else), then add the VM's tap to it with
    iface-id, attached-mac, iface-status=active and vm-uuid. eth0 gets the parent's MAC and
    first IPv4 fixed IP (untagged traffic is the parent's network)."""
    if name in lab.vms:
        raise ValueError('VM %s exists' % name)
    mac = port['mac_address']
    fixed = next(f for f in port['fixed_ips'] if ipaddress.ip_address(f['ip_address']).version == 4)
    subnet = lab._subnet(fixed.get('subnet_id'), subnets)  # pylint: disable=protected-access
    prefix_len = ipaddress.ip_network(subnet['cidr']).prefixlen if subnet else 24
    tap = ('tap' + port['id'])[:14]
    node.wait_for_bridge('br-int', timeout=bridge_timeout)

    vm = VM(name)
    lab.vms[name] = vm
    vm.port, vm.node, vm.tap, vm.mac, vm.ip = port, node, tap, mac, fixed['ip_address']
    vm.bridge = bridge
    vm.vm_uuid = str(uuid.uuid4())
    vm.link = Link(vm, node, intfName1='eth0', intfName2=tap, addr1=mac, addr2='fe' + mac[2:])
    # VLAN tags stay in the frames (no offload into metadata), so AF_PACKET sees them as sent
    vm.sh('ip link set lo up && ip link set eth0 mtu %d && ethtool -K eth0 tx off rxvlan off txvlan off >/dev/null '
          '&& ip addr add %s/%d dev eth0 && ip link set eth0 up' % (mtu, vm.ip, prefix_len))
    node.checked_cmd('ip link set %s mtu %d && ethtool -K %s rxvlan off txvlan off >/dev/null; ip link set %s up'
                     % (tap, mtu, tap, tap))
    node.vsctl('--may-exist', 'add-br', bridge, '--', 'set', 'Bridge', bridge, 'datapath_type=netdev')
    node.vsctl('--may-exist', 'add-port', bridge, tap, '--',
               'set', 'Interface', tap,
               'external_ids:iface-id=%s' % port['id'],
               'external_ids:attached-mac=%s' % mac,
               'external_ids:iface-status=active',
               'external_ids:vm-uuid=%s' % vm.vm_uuid)
    return vm


def unplug_trunk_vm(lab, vm):
    """As os-vif unplugs a trunk's VM: its tap leaves the trunk bridge, which is deleted."""
    vm.node.vsctl('--if-exists', 'del-port', vm.bridge, vm.tap)
    vm.node.vsctl('--if-exists', 'del-br', vm.bridge)
    lab.unplug(vm)


def flow_dump(node, bridge):
    """A bridge's flows as sorted lines without counters, so that two dumps compare equal."""
    lines = []
    for line in node.ofctl('dump-flows', bridge).splitlines():
        line = line.strip()
        if line.startswith('cookie='):
            lines.append(re.sub(r'(duration|n_packets|n_bytes|idle_age|hard_age)=[^,]*, ', '', line))
    return sorted(lines)


# --- 802.1Q probes --------------------------------------------------------------------

# Sends every request's frame (`tries` rounds), sniffs eth0 meanwhile and hands each request
# the replies that answer it, whatever VLAN they came back on (so a wrong VLAN shows).
_PROBE = r"""
import json, sys, time
from scapy.all import ARP, BOOTP, DHCP, Dot1Q, Ether, ICMP, IP, UDP, AsyncSniffer, conf, sendp
conf.verb = 0
batch = json.loads(sys.argv[1])

def frame(r):
    eth = Ether(src=r['mac'], dst=r.get('dst_mac', 'ff:ff:ff:ff:ff:ff'))
    if r['kind'] == 'arp':
        payload = ARP(op=1, hwsrc=r['mac'], psrc=r['ip'], pdst=r['target'])
    elif r['kind'] == 'ping':
        payload = IP(src=r['ip'], dst=r['target']) / ICMP(id=0x4d75, seq=1)
    else:
        chaddr = bytes.fromhex(r['mac'].replace(':', '')) + bytes(10)
        payload = (IP(src='0.0.0.0', dst='255.255.255.255') / UDP(sport=68, dport=67)
                   / BOOTP(chaddr=chaddr, xid=r['xid']) / DHCP(options=[('message-type', 'discover'), 'end']))
    return eth / Dot1Q(vlan=r['vlan']) / payload if r['vlan'] else eth / payload

def answers(r, p):
    if r['kind'] == 'arp':
        return ARP in p and p[ARP].op == 2 and p[ARP].psrc == r['target'] and p[ARP].pdst == r['ip']
    if r['kind'] == 'ping':
        return ICMP in p and p[ICMP].type == 0 and p[IP].src == r['target'] and p[IP].dst == r['ip']
    return BOOTP in p and p[BOOTP].op == 2 and p[BOOTP].xid == r['xid']

def seen(p):
    out = {'vlan': p[Dot1Q].vlan if Dot1Q in p else None, 'mac': p[Ether].src}
    if ARP in p:
        out['mac'] = p[ARP].hwsrc
    if BOOTP in p:
        out['yiaddr'] = p[BOOTP].yiaddr
    return out

requests = batch['requests']
sniffer = AsyncSniffer(iface='eth0', store=True, lfilter=lambda p: any(answers(r, p) for r in requests))
sniffer.start()
time.sleep(0.3)
frames = [frame(r) for r in requests]
for _ in range(batch['tries']):
    sendp(frames, iface='eth0')
    time.sleep(batch['timeout'] / batch['tries'])
sniffer.stop()
got = sniffer.results or []
print(json.dumps([[seen(p) for p in got if answers(r, p)] for r in requests]))
"""


def arp_request(vlan, mac, ip, target):
    """ARP for `target`, tagged `vlan` (None: untagged), from `mac`/`ip` (a subport's, as the VM
    would configure its VLAN interface). Answered by [{'vlan', 'mac': who answered}]."""
    return {'kind': 'arp', 'vlan': vlan, 'mac': mac, 'ip': ip, 'target': target}


def ping_request(vlan, mac, ip, dst_mac, target):
    """An ICMP echo to `target` at `dst_mac`, tagged `vlan`. Answered by [{'vlan', 'mac'}]."""
    return {'kind': 'ping', 'vlan': vlan, 'mac': mac, 'ip': ip, 'dst_mac': dst_mac, 'target': target}


def dhcp_request(vlan, mac, xid=0x4d75):
    """A DHCPDISCOVER for `mac`, tagged `vlan`. Answered by offers [{'vlan', 'mac', 'yiaddr'}]."""
    return {'kind': 'dhcp', 'vlan': vlan, 'mac': mac, 'xid': xid}


def probe(vm, requests, timeout=1.5, tries=3):
    """Send the requests from the VM's eth0 together; return, per request, the replies seen."""
    batch = json.dumps({'requests': list(requests), 'timeout': timeout, 'tries': tries})
    out = vm.sh("/usr/bin/python3 -c %s %s" % (_quote(_PROBE), _quote(batch)))
    return json.loads(out.strip().splitlines()[-1])


def arp(vm, vlan, mac, ip, target):
    return probe(vm, [arp_request(vlan, mac, ip, target)])[0]


def _quote(text):
    return "'" + text.replace("'", "'\"'\"'") + "'"
