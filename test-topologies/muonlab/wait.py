"""Polling with a deadline: labs converge, they do not answer at once."""
import time


class WaitTimeout(AssertionError):
    pass


def wait_until(condition, timeout=30.0, interval=0.2, what=None, details=None):
    """Call condition() until it returns something truthy and return that value.

    On timeout raise WaitTimeout naming `what`, with the last value or exception and,
    if given, the text returned by details() (e.g. the node's flows)."""
    deadline = time.monotonic() + timeout
    last, error = None, None
    while True:
        try:
            last = condition()
            error = None
            if last:
                return last
        except Exception as e:  # pylint: disable=broad-except
            error = e
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    msg = 'timed out after %.0fs waiting for %s' % (timeout, what or getattr(condition, '__name__', 'condition'))
    msg += '\nlast error: %r' % (error,) if error is not None else '\nlast value: %r' % (last,)
    if details is not None:
        try:
            msg += '\n' + details()
        except Exception as e:  # pylint: disable=broad-except
            msg += '\n(details unavailable: %r)' % (e,)
    raise WaitTimeout(msg)
