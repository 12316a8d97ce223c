"""No quiet skips: count every skipped test, and under ``SNF_STRICT_SKIPS=1``
(set by ``.ci/run``) fail the run when a skip is not on tests/allowed_skips.txt.

Locally a skip still only skips, with a reason that names what is missing.
"""

import os
from pathlib import Path

import pytest

ALLOWED = Path(__file__).with_name("allowed_skips.txt")
_skips: list[tuple[str, str]] = []


def database_kind() -> str:
    return "postgresql" if os.environ.get("SNF_TEST_DATABASE_URL") else "sqlite"


def allowed_reasons(kind: str) -> list[str]:
    reasons = []
    for line in ALLOWED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        database, _, reason = line.partition(":")
        if database.strip() == kind:
            reasons.append(reason.strip())
    return reasons


def skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def unlisted(skips, allowed):
    return [(node, why) for node, why in skips if not why.startswith(tuple(allowed))]


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skips.append((report.nodeid, skip_reason(report)))


def _bad() -> list[tuple[str, str]]:
    return unlisted(_skips, allowed_reasons(database_kind()))


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("SNF_STRICT_SKIPS") and _bad():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    bad = _bad()
    terminalreporter.write_sep(
        "-", f"skipped ({database_kind()}): {len(_skips)}, not on the list: {len(bad)}"
    )
    for node, why in bad:
        terminalreporter.write_line(f"  unlisted skip {node}: {why}")
    if bad and os.environ.get("SNF_STRICT_SKIPS"):
        terminalreporter.write_line("SNF_STRICT_SKIPS=1: unlisted skips fail the run")
