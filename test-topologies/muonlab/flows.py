"""Parsing `ovs-ofctl dump-flows` output into values a test can assert on."""
import re
from dataclasses import dataclass, field

# Fields ovs-ofctl prints before the match that describe the entry, not the packet.
_ENTRY_FIELDS = {'cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_timeout',
                 'hard_timeout', 'idle_age', 'hard_age', 'priority', 'importance',
                 'reset_counts', 'send_flow_rem', 'no_packet_counts', 'no_byte_counts',
                 'check_overlap', 'out_port', 'out_group'}
_DEFAULT_PRIORITY = 32768


@dataclass
class Flow:
    table: int
    priority: int
    cookie: int
    n_packets: int
    n_bytes: int
    match: dict = field(default_factory=dict)   # field -> value (None for bare words like `arp`)
    actions: str = ''
    text: str = ''

    def has(self, **fields):
        """True if the match has every given field with that value (value None: present)."""
        for key, value in fields.items():
            if key not in self.match:
                return False
            if value is not None and str(self.match[key]).lower() != str(value).lower():
                return False
        return True

    def __str__(self):
        return self.text


def _split_fields(text):
    """Split on commas that are not inside quotes or brackets."""
    parts, depth, quoted, cur = [], 0, False, []
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in '([{':
            depth += 1
        elif not quoted and ch in ')]}':
            depth -= 1
        if ch == ',' and not quoted and depth == 0:
            parts.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if ''.join(cur).strip():
        parts.append(''.join(cur).strip())
    return parts


def parse_flow(line):
    line = line.strip()
    head, sep, actions = line.partition(' actions=')
    if not sep:
        return None
    entry, match = {}, {}
    for part in _split_fields(head.replace(', ', ',')):
        key, eq, value = part.partition('=')
        key = key.strip()
        if key in _ENTRY_FIELDS:
            entry[key] = value
        elif key:
            match[key] = value.strip('"') if eq else None
    return Flow(table=int(entry.get('table', 0)),
                priority=int(entry.get('priority', _DEFAULT_PRIORITY)),
                cookie=int(entry.get('cookie', '0'), 0),
                n_packets=int(entry.get('n_packets', 0)),
                n_bytes=int(entry.get('n_bytes', 0)),
                match=match, actions=actions.strip(), text=line)


def parse_flows(text):
    flows = []
    for line in text.splitlines():
        if 'actions=' in line and not re.match(r'\s*(OFPST_|NXST_)', line):
            flow = parse_flow(line)
            if flow:
                flows.append(flow)
    return flows
