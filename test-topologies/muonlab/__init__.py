"""muonlab: multi-node Open vSwitch labs for Muon (Mininet nodes, VMs, a controller under test)."""
from .controller import Controller, ControllerError
from .flows import Flow, parse_flows
from .lab import Lab
from .neutron import NeutronClient, NeutronError
from .openstack_cli import OpenStackCli
from .ovsnode import OvsNode
from .vm import VM, ExternalHost, PingResult
from .wait import WaitTimeout, wait_until

__all__ = ['Controller', 'ControllerError', 'Flow', 'parse_flows', 'Lab', 'NeutronClient', 'NeutronError',
           'OpenStackCli', 'OvsNode', 'VM', 'ExternalHost', 'PingResult', 'WaitTimeout', 'wait_until']
