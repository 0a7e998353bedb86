"""Fixtures for lab scenarios: the controller under test, a two-node lab joined to it,
API clients; on failure the report carries the controller log and every node's OVS state."""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from muonlab import Controller, Lab, OpenStackCli  # noqa: E402  pylint: disable=wrong-import-position


def pytest_configure(config):
    if os.geteuid() != 0:
        raise pytest.UsageError('the lab creates namespaces and Open vSwitch instances: run it as root')


# What is running for the current test, for the failure report (item.funcargs is not
# filled yet when a later fixture fails during setup).
_active = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when not in ('setup', 'call') or not report.failed:
        return
    item.muon_failed = True
    lab, ctl = _active.get('lab'), _active.get('controller')
    try:
        if lab is not None and lab.nodes:
            report.sections.append(('lab state (%s)' % lab.dir, lab.diagnostics()))
    except Exception as e:  # pylint: disable=broad-except
        report.sections.append(('lab state', 'diagnostics failed: %r' % (e,)))
    if ctl is not None and ctl.log_path is not None:
        report.sections.append(('controller log (%s)' % ctl.log_path, ctl.log_tail(300)))


def _failed(request):
    return getattr(request.node, 'muon_failed', False)


@pytest.fixture
def controller(request):
    """A fresh Muon (`./muon run`) on free ports with an empty data directory."""
    ctl = Controller()
    _active['controller'] = ctl
    try:
        ctl.start()
        yield ctl
    finally:
        _active.pop('controller', None)
        ctl.stop()
        if not _failed(request):
            ctl.remove_dir()


def _running(request, the_lab):
    """Starts a lab for one test and stops it after, keeping its directory if the test failed."""
    _active['lab'] = the_lab
    try:
        the_lab.start()
        yield the_lab
    finally:
        _active.pop('lab', None)
        the_lab.keep_dir = the_lab.keep_dir or _failed(request)
        the_lab.stop()


@pytest.fixture
def lab(request, controller):
    """Two nodes (node1, node2) on one underlay, onboarded to the controller."""
    yield from _running(request, Lab(nodes=2, controller=controller))


@pytest.fixture
def lab3(request, controller):
    """Three nodes, node3 a network node (muon-role=network), each with br-eth1 on the
    physnet1 wire (muon-bridge-mappings physnet1:br-eth1), onboarded to the controller."""
    yield from _running(request, Lab(nodes=3, controller=controller, roles={'node3': 'network'},
                                     physnets={'physnet1': 'br-eth1'}))


@pytest.fixture
def neutron(controller):
    return controller.neutron


@pytest.fixture
def cli(controller):
    return OpenStackCli(controller.endpoint)


def module_lab(request, lab, build):
    """A controller and `lab` for a whole module, built by build(ctl, lab); kept on failure."""
    failed_before = request.session.testsfailed
    ctl = lab.controller
    _active['controller'] = ctl
    broken = False
    try:
        ctl.start()
        _active['lab'] = lab   
        lab.start()
        try:
            topology = build(ctl, lab)
        except BaseException:
            broken = True
            print('lab setup failed; lab state (%s):\n%s\ncontroller log (%s):\n%s'
                  % (lab.dir, lab.diagnostics(), ctl.log_path, ctl.log_tail(300)))
            raise
        yield topology
    finally:
        _active.pop('lab', None)
        _active.pop('controller', None)
        failed = broken or request.session.testsfailed > failed_before
        lab.keep_dir = lab.keep_dir or failed
        try:
            lab.stop()
        finally:
            ctl.stop()
            if not failed:
                ctl.remove_dir()
