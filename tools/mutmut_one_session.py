"""pytest plugin: check many mutmut mutants in ONE pytest session.

mutmut forks one pytest run per mutant, each building the test schema again;
on two shared cores that is ~10 s per mutant before a test runs. mutmut's
trampolines read MUTANT_UNDER_TEST at every call, so one session can serve
every mutant: for each, the ``--first`` tests run, then the tests mutmut's
coverage run (``mutmut-stats.json``) found for the mutated function, fastest
first, stopping at the first failure (killed). Not for modules that build
state at import time (the rule engine): use ``tools/mutate.py --recheck``.

    cd $SNF_MUTATE_DIR/<key>/mutants && cp -r <repo>/tests . &&
    MULTIMUT_OUT=out.json PYTHONPATH=<repo>/tools python -m pytest -q \\
      -p no:randomly -p mutmut_one_session --mutants-file names.json \\
      --first tests/<new tests>.py <the module's tests from tools/mutate.py>

``out.json`` maps each mutant to the test that killed it, or null.
"""

import json
import os
from pathlib import Path

from _pytest.runner import runtestprotocol


def pytest_addoption(parser):
    parser.addoption("--mutants-file")
    parser.addoption("--first", action="append", default=[])


def _function(name: str) -> str:
    return name.rsplit("__mutmut_", 1)[0]


def _tests_for(session, name: str, stats: dict) -> list:
    items = session.items
    by_id = {item.nodeid: item for item in items}
    first = session.config.getoption("first")
    chosen = [i for i in items if any(i.nodeid.startswith(f) for f in first)]
    covering = stats["tests_by_mangled_function_name"].get(_function(name), [])
    rest = [by_id[n] for n in covering if n in by_id and by_id[n] not in chosen]
    duration = stats["duration_by_test"]
    return chosen + sorted(rest, key=lambda i: duration.get(i.nodeid, 0))


def _killer(session, tests: list) -> str | None:
    if tests:
        session._setupstate.teardown_exact(tests[0])
    for index, item in enumerate(tests):
        # keep the session's fixtures (the schema) between mutants
        after = tests[index + 1] if index + 1 < len(tests) else session.items[0]
        reports = runtestprotocol(item, nextitem=after, log=False)
        if any(report.failed for report in reports):
            return item.nodeid
    return None


def pytest_runtestloop(session):
    path = session.config.getoption("mutants_file")
    if not path:
        return None
    stats = json.loads(Path("mutmut-stats.json").read_text())
    out_path = Path(os.environ["MULTIMUT_OUT"])
    out = json.loads(out_path.read_text()) if out_path.exists() else {}
    for name in json.loads(Path(path).read_text()):
        if name in out:
            continue
        os.environ["MUTANT_UNDER_TEST"] = name
        out[name] = _killer(session, _tests_for(session, name, stats))
        out_path.write_text(json.dumps(out, indent=1))
        print(name, out[name], flush=True)
    os.environ["MUTANT_UNDER_TEST"] = ""
    return True
