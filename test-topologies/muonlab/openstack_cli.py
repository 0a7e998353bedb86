"""The `openstack` CLI (Debian's python3-openstackclient) against the controller, no Keystone."""
import json
import os

from .procs import run

OPENSTACK = '/usr/bin/openstack'


class OpenStackCli:

    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip('/')    # no /v2.0: the client discovers versions with GET /

    def run(self, *args, parse_json=True):
        """openstack --os-auth-type none --os-endpoint URL ARGS [-f json]; decoded output."""
        # a developer's OS_* settings (clouds, tokens) must not leak into the lab
        env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
        cmd = [OPENSTACK, '--os-auth-type', 'none', '--os-endpoint', self.endpoint] + list(args)
        if parse_json:
            cmd += ['-f', 'json']
        out = run(cmd, env=env, replace_env=True, timeout=120)
        return json.loads(out) if parse_json and out.strip() else out
