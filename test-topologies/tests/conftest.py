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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when not in ('setup', 'call') or not report.failed:
        return
    item.muon_failed = True
    for name in ('lab', 'controller'):
        obj = item.funcargs.get(name) if hasattr(item, 'funcargs') else None
        if obj is None:
            continue
        try:
            if name == 'lab':
                report.sections.append(('lab state (%s)' % obj.dir, obj.diagnostics()))
            else:
                report.sections.append(('controller log (%s)' % obj.log_path, obj.log_tail(300)))
        except Exception as e:  # pylint: disable=broad-except
            report.sections.append((name, 'diagnostics failed: %r' % (e,)))


def _failed(request):
    return getattr(request.node, 'muon_failed', False)


@pytest.fixture
def controller(request):
    """A fresh Muon (`./muon run`) on free ports with an empty data directory."""
    ctl = Controller()
    try:
        ctl.start()
        yield ctl
    finally:
        ctl.stop()
        if not _failed(request):
            ctl.remove_dir()


@pytest.fixture
def lab(request, controller):
    """Two nodes (node1, node2) on one underlay, onboarded to the controller."""
    the_lab = Lab(nodes=2, controller=controller)
    the_lab.start()
    try:
        yield the_lab
    finally:
        the_lab.keep_dir = the_lab.keep_dir or _failed(request)
        the_lab.stop()


@pytest.fixture
def neutron(controller):
    return controller.neutron


@pytest.fixture
def cli(controller):
    return OpenStackCli(controller.endpoint)
