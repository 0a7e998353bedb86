"""A small Neutron v2.0 REST client (urllib + JSON), enough for lab scenarios."""
import json
import urllib.error
import urllib.parse
import urllib.request

from .wait import wait_until


class NeutronError(Exception):
    """A non-2xx answer; `status` and the decoded `body` (Neutron's error form if any)."""

    def __init__(self, method, url, status, body):
        self.method, self.url, self.status, self.body = method, url, status, body
        super().__init__('%s %s -> %s %s' % (method, url, status, body))


class NeutronClient:

    def __init__(self, endpoint, timeout=30):
        self.endpoint = endpoint.rstrip('/')
        self.timeout = timeout

    def request(self, method, path, body=None, query=None):
        url = self.endpoint + path
        if query:
            url += '?' + urllib.parse.urlencode(query, doseq=True)
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={'Content-Type': 'application/json', 'Accept': 'application/json'})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                decoded = json.loads(raw)
            except ValueError:
                decoded = raw.decode(errors='replace')
            raise NeutronError(method, url, e.code, decoded) from None
        return json.loads(raw) if raw.strip() else None

    # --- resources --------------------------------------------------------------------

    def _create(self, kind, attrs):
        return self.request('POST', '/v2.0/%ss' % kind, {kind: attrs})[kind]

    def _get(self, kind, obj_id):
        return self.request('GET', '/v2.0/%ss/%s' % (kind, obj_id))[kind]

    def _list(self, kind, filters):
        return self.request('GET', '/v2.0/%ss' % kind, query=filters or None)['%ss' % kind]

    def _update(self, kind, obj_id, attrs):
        return self.request('PUT', '/v2.0/%ss/%s' % (kind, obj_id), {kind: attrs})[kind]

    def _delete(self, kind, obj_id):
        self.request('DELETE', '/v2.0/%ss/%s' % (kind, obj_id))

    def create_network(self, name, **attrs):
        return self._create('network', dict(attrs, name=name))

    def create_subnet(self, network_id, cidr, ip_version=4, name=None, **attrs):
        attrs.update(network_id=network_id, cidr=cidr, ip_version=ip_version)
        if name is not None:
            attrs['name'] = name
        return self._create('subnet', attrs)

    def create_port(self, network_id, name=None, fixed_ips=None, **attrs):
        """fixed_ips: e.g. [{'ip_address': '10.0.0.50'}]; other attrs verbatim (use a dict
        for keys like 'binding:host_id')."""
        attrs['network_id'] = network_id
        if name is not None:
            attrs['name'] = name
        if fixed_ips is not None:
            attrs['fixed_ips'] = fixed_ips
        return self._create('port', attrs)

    def get_network(self, network_id):
        return self._get('network', network_id)

    def get_subnet(self, subnet_id):
        return self._get('subnet', subnet_id)

    def get_port(self, port_id):
        return self._get('port', port_id)

    def list_networks(self, **filters):
        return self._list('network', filters)

    def list_subnets(self, **filters):
        return self._list('subnet', filters)

    def list_ports(self, **filters):
        return self._list('port', filters)

    def update_port(self, port_id, **attrs):
        return self._update('port', port_id, attrs)

    def delete_network(self, network_id):
        self._delete('network', network_id)

    def delete_subnet(self, subnet_id):
        self._delete('subnet', subnet_id)

    def delete_port(self, port_id):
        self._delete('port', port_id)

    # --- waiting ----------------------------------------------------------------------

    def wait_port(self, port_id, status='ACTIVE', host=None, timeout=60, details=None):
        return wait_port(self, port_id, status, host, timeout, details)

    def ready(self):
        try:
            self.list_networks()
            return True
        except (OSError, NeutronError, ValueError):
            return False


def wait_port(api, port_id, status='ACTIVE', host=None, timeout=60, details=None):
    """Poll api.get_port(ID) until status (and binding:host_id, if given) match; return the port.
    details: a callable adding context (e.g. the lab's flows) to the timeout message."""
    last = {}

    def bound():
        port = api.get_port(port_id)
        last['port'] = port
        if port.get('status') == status and (host is None or port.get('binding:host_id') == host):
            return port
        return None

    return wait_until(bound, timeout=timeout, interval=0.25,
                      what='port %s status=%s binding:host_id=%s' % (port_id, status, host),
                      details=lambda: 'last port: %s\n%s' % (
                          json.dumps(last.get('port'), indent=1), details() if details else ''))
