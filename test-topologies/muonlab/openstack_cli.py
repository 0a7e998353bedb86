"""The `openstack` CLI (Debian's python3-openstackclient) against the controller, no Keystone."""
import ast
import json
import os
import re

from .neutron import wait_port
from .procs import run

OPENSTACK = '/usr/bin/openstack'


class OpenStackCli:
    """Runs `openstack --os-auth-type none --os-endpoint URL ...`. The resource methods
    mirror NeutronClient's, so a scenario can be written once and run through either;
    results are normalized to the REST API's JSON keys (binding_host_id -> binding:host_id)."""

    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip('/')    # no /v2.0: the client discovers versions with GET /

    def run(self, *args, parse_json=True):
        # a developer's OS_* settings (clouds, tokens) must not leak into the lab
        env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
        cmd = [OPENSTACK, '--os-auth-type', 'none', '--os-endpoint', self.endpoint] + list(args)
        if parse_json:
            cmd += ['-f', 'json']
        out = run(cmd, env=env, replace_env=True, timeout=120)
        return json.loads(out) if parse_json and out.strip() else out

    # --- the NeutronClient subset scenarios use ------------------------------------------

    def create_network(self, name, **attrs):
        if attrs:
            raise ValueError('create_network via CLI takes only a name here, not %s' % attrs)
        return _normalize(self.run('network', 'create', name))

    def create_subnet(self, network_id, cidr, ip_version=4, name=None, **attrs):
        if attrs:
            raise ValueError('create_subnet via CLI: unsupported %s' % attrs)
        return _normalize(self.run('subnet', 'create', '--network', network_id, '--subnet-range', cidr,
                                   '--ip-version', str(ip_version), name or 'subnet-%s' % cidr.replace('/', '_')))

    def create_port(self, network_id, name=None, fixed_ips=None, **attrs):
        if attrs:
            raise ValueError('create_port via CLI: unsupported %s' % attrs)
        args = ['port', 'create', '--network', network_id]
        for ip in fixed_ips or []:
            args += ['--fixed-ip', ','.join('%s=%s' % ({'subnet_id': 'subnet', 'ip_address': 'ip-address'}[k], v)
                                            for k, v in ip.items())]
        return _normalize(self.run(*(args + [name or 'port'])))

    def get_network(self, network_id):
        return _normalize(self.run('network', 'show', network_id))

    def get_subnet(self, subnet_id):
        return _normalize(self.run('subnet', 'show', subnet_id))

    def get_port(self, port_id):
        return _normalize(self.run('port', 'show', port_id))

    def delete_port(self, port_id):
        self.run('port', 'delete', port_id, parse_json=False)

    def delete_subnet(self, subnet_id):
        self.run('subnet', 'delete', subnet_id, parse_json=False)

    def delete_network(self, network_id):
        self.run('network', 'delete', network_id, parse_json=False)

    def wait_port(self, port_id, status='ACTIVE', host=None, timeout=60, details=None):
        return wait_port(self, port_id, status, host, timeout, details)


_RENAMED = {'binding_host_id': 'binding:host_id', 'binding_vif_type': 'binding:vif_type',
            'binding_vnic_type': 'binding:vnic_type', 'binding_profile': 'binding:profile',
            'binding_vif_details': 'binding:vif_details'}


def _normalize(obj):
    """CLI output (-f json) in the REST API's shape."""
    obj = dict(obj)
    for cli_key, api_key in _RENAMED.items():
        if cli_key in obj:
            obj[api_key] = obj[cli_key]
    if isinstance(obj.get('fixed_ips'), str):
        obj['fixed_ips'] = _parse_fixed_ips(obj['fixed_ips'])
    return obj


def _parse_fixed_ips(text):
    """Older/table formats print fixed_ips as "ip_address='10.0.0.3', subnet_id='…'" lines."""
    result = []
    for line in filter(None, (l.strip() for l in text.splitlines())):
        if line.startswith('{') or line.startswith('['):
            value = ast.literal_eval(line)
            result.extend(value if isinstance(value, list) else [value])
        else:
            result.append(dict(re.findall(r"(\w+)='([^']*)'", line)))
    return result
