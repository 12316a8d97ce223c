"""Mutation testing one module at a time, with only the tests that concern it.

mutmut 3 reads one [mutmut] section (setup.cfg) and runs its whole test
selection twice before the first mutant (a clean run and the coverage run), so
mutating every core module against the whole suite takes hours on a small
machine. This driver copies the tracked files into a directory of their own per
module (``$SNF_MUTATE_DIR/<module>``, by default ``/tmp/snf-mutate/<module>``,
kept between runs so mutmut can resume),
writes a [mutmut] section naming that module and its tests, runs mutmut there
and prints mutants, killed, survived and the score per module.

    python tools/mutate.py                 # every module below
    python tools/mutate.py idempotency     # one (or several) by key
    python tools/mutate.py --list          # the keys
    python tools/mutate.py enforcement --mutants 'snf.*.x__renew__mutmut_*'
                                           # only these mutants (mutmut globs)
    python tools/mutate.py norm_services --one-session --new-tests tests/x.py
                                           # what mutmut left, in one session

Equivalent survivors are listed in docs/mutation.md; the score there counts
them as not killed and says how many of the survivors they are.
"""

import argparse
import configparser
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

# tools/ is on the path: run as a script, or as a pytest plugin (PYTHONPATH).
from mutate_modules import MODULES, SCHEMA_FROM_CACHE

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("SNF_MUTATE_DIR", "/tmp/snf-mutate"))


def _schema_cache(key: str) -> dict[str, str]:
    if key not in SCHEMA_FROM_CACHE:
        return {}
    return {"SNF_TEST_SCHEMA_CACHE": str(WORK / key / "schema-cache.db")}


def _copy_tree(target: Path) -> None:
    """The tracked and new (not ignored) files, refreshed on every run."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    # compiled catalogues are build output (ignored by git), the tests need them
    files += [str(p.relative_to(ROOT)) for p in ROOT.glob("snf/translations/*/*/*.mo")]
    for name in filter(None, files):
        source, copy = ROOT / name, target / name
        if not source.is_file():
            continue
        if copy.exists() and copy.read_bytes() == source.read_bytes():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)


def _write_config(target: Path, module: str, tests: list[str]) -> None:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    section = parser["mutmut"]
    section["only_mutate"] = "\n" + module
    existing = [t for t in tests if (ROOT / t).exists()]
    section["pytest_add_cli_args_test_selection"] = "\n" + "\n".join(existing)
    with open(target / "setup.cfg", "w") as handle:
        parser.write(handle)


def _results(target: Path) -> dict[str, str]:
    """mutant name -> status, as mutmut keeps them (its .meta files)."""
    out = subprocess.run(
        [str(ROOT / ".venv/bin/mutmut"), "results", "--all", "true"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found = (line.strip().rsplit(": ", 1) for line in out.splitlines() if ": " in line)
    return dict(found)


def _counts(target: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in _results(target).values():
        counts[status] = counts.get(status, 0) + 1
    return counts


def _names(target: Path, status: str) -> list[str]:
    return [name for name, state in _results(target).items() if state == status]


def recheck(key: str, only: list[str] | None = None) -> list[str]:
    """Run the module's tests on each survivor in a fresh process.

    mutmut forks every mutant from a process that has imported the test
    modules already, so what they build at import time (the compiled shipped
    norms of tests/norms) was built by the unmutated code. A fresh pytest
    process with MUTANT_UNDER_TEST set imports everything under the mutant;
    a survivor its tests fail on there is killed. ``only`` narrows the tests
    (fewer tests can only find fewer kills)."""
    _module, tests = MODULES[key]
    tests = only or tests
    target = WORK / key
    existing = [t for t in tests if (ROOT / t).exists()]
    shutil.copytree(ROOT / "tests", target / "mutants" / "tests", dirs_exist_ok=True)
    path = target / "rechecked.json"
    # a second recheck (say with all the tests after a fast one with a few)
    # keeps the first one's kills and runs only what is left
    killed = json.loads(path.read_text()) if path.exists() else []
    for name in _names(target, "survived"):
        if name in killed:
            continue
        code = subprocess.run(
            ["nice", "-n", "10", str(ROOT / ".venv/bin/python"), "-m", "pytest",
             "-x", "-q", "-p", "no:cacheprovider", *existing],
            cwd=target / "mutants",
            env={**os.environ, **_schema_cache(key), "MUTANT_UNDER_TEST": name},
            capture_output=True,
            check=False,
        ).returncode  # fmt: skip
        if code == 1:  # tests failed (not a crash of pytest itself)
            killed.append(name)
    path.write_text(json.dumps(killed, indent=1))
    return killed


def run(key: str, children: int, names: list[str] | None = None) -> None:
    """mutmut over the module; ``names`` (mutant names or globs) runs only
    those mutants again and leaves the others' last results as they are."""
    module, tests = MODULES[key]
    target = WORK / key
    target.mkdir(parents=True, exist_ok=True)
    _copy_tree(target)
    _write_config(target, module, tests)
    (target / "rechecked.json").unlink(missing_ok=True)
    (target / "schema-cache.db").unlink(missing_ok=True)  # built by the clean run
    subprocess.run(
        [
            "nice",
            "-n",
            "10",
            str(ROOT / ".venv/bin/mutmut"),
            "run",
            "--max-children",
            str(children),
            *(names or []),
        ],
        cwd=target,
        env={**os.environ, **_schema_cache(key)},
        check=False,
    )


# -- one session --------------------------------------------------------------
# mutmut forks a pytest session per mutant, and each builds the test schema
# again (~10 s on two shared cores before a test runs). mutmut's trampolines
# read MUTANT_UNDER_TEST at every call, so one session can serve every
# mutant: --one-session (after a mutmut run that got past its stats, finished
# or stopped) loads this file as a pytest plugin that sets it per mutant and
# runs, to the first failure, the tests mutmut's stats found for the mutated
# function (fastest first; not for a mutmut survivor, which passed them), then
# the --new-tests. The results go into mutmut's own store, so --report and
# --recheck read them as mutmut's. Whatever the session built before the
# first mutant (the schema, the shipped norms, what test modules build at
# import) was built by the unmutated code: --recheck, in a fresh process,
# is still the word on the survivors.

ONE_SESSION_CODES = {"killed": 1, "timeout": 36, "survived": 0}


def one_session(key: str, new_tests: list[str], timeout: int) -> None:
    module, tests = MODULES[key]
    target = WORK / key
    shutil.copytree(ROOT / "tests", target / "mutants" / "tests", dirs_exist_ok=True)
    results = _results(target)
    todo = {n: s for n, s in results.items() if s in ("not checked", "survived")}
    (target / "one-session-todo.json").write_text(json.dumps(todo, indent=1))
    out = target / "one-session.json"
    paths = [t for t in dict.fromkeys([*new_tests, *tests]) if (ROOT / t).exists()]
    subprocess.run(
        ["nice", "-n", "10", str(ROOT / ".venv/bin/python"), "-m", "pytest",
         "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "mutate",
         f"--mutants-todo={target / 'one-session-todo.json'}",
         f"--mutants-out={out}", f"--mutant-timeout={timeout}",
         *(f"--new-tests={t}" for t in new_tests), *paths],
        cwd=target / "mutants",
        env={**os.environ, **_schema_cache(key), "PYTHONPATH": str(ROOT / "tools")},
        check=False,
    )  # fmt: skip
    meta_path = target / "mutants" / f"{module}.meta"
    meta = json.loads(meta_path.read_text())
    for name, status in json.loads(out.read_text()).items():
        meta["exit_code_by_key"][name] = ONE_SESSION_CODES[status]
    meta_path.write_text(json.dumps(meta, indent=4))


class MutantTimeout(Exception):
    pass


def pytest_addoption(parser):
    parser.addoption("--mutants-todo")
    parser.addoption("--mutants-out")
    parser.addoption("--mutant-timeout", type=int, default=60)
    parser.addoption("--new-tests", action="append", default=[])


def _tests_for(session, name: str, status: str, stats: dict) -> list:
    new = session.config.getoption("new_tests")
    chosen = [i for i in session.items if any(i.nodeid.startswith(t) for t in new)]
    if status == "survived":  # it passed the tests mutmut found already
        return chosen
    by_id = {item.nodeid: item for item in session.items}
    covering = stats["tests_by_mangled_function_name"].get(
        name.rsplit("__mutmut_", 1)[0], []
    )
    duration = stats["duration_by_test"]
    found = sorted(
        (by_id[n] for n in covering if n in by_id and by_id[n] not in chosen),
        key=lambda item: duration.get(item.nodeid, 0),
    )
    return found + chosen


def _outcome(session, tests: list, timeout: int) -> str:
    from _pytest.runner import runtestprotocol

    if not tests:
        return "survived"
    session._setupstate.teardown_exact(tests[0])

    def expire(*_args):
        raise MutantTimeout(f"over {timeout} s")

    signal.signal(signal.SIGALRM, expire)
    signal.alarm(timeout)
    try:
        for index, item in enumerate(tests):
            # keep the session's fixtures (the schema) between mutants
            after = tests[index + 1] if index + 1 < len(tests) else session.items[0]
            reports = runtestprotocol(item, nextitem=after, log=False)
            if any(r.failed for r in reports):
                timed_out = any("MutantTimeout" in str(r.longrepr) for r in reports)
                return "timeout" if timed_out else "killed"
        return "survived"
    finally:
        signal.alarm(0)


def pytest_runtestloop(session):
    todo_path = session.config.getoption("mutants_todo")
    if not todo_path:
        return None
    timeout = session.config.getoption("mutant_timeout")
    stats = json.loads(Path("mutmut-stats.json").read_text())
    todo = json.loads(Path(todo_path).read_text())
    out_path = Path(session.config.getoption("mutants_out"))
    out = json.loads(out_path.read_text()) if out_path.exists() else {}
    # The tests must pass without a mutant, or every "killed" means nothing.
    os.environ["MUTANT_UNDER_TEST"] = ""
    first = next(iter(todo.items()), None)
    if first and _outcome(session, _tests_for(session, *first, stats), 600) != (
        "survived"
    ):
        raise SystemExit("the tests fail without a mutant")
    for name, status in todo.items():
        if name in out:
            continue
        os.environ["MUTANT_UNDER_TEST"] = name
        out[name] = _outcome(session, _tests_for(session, name, status, stats), timeout)
        out_path.write_text(json.dumps(out, indent=1))
        print(name, out[name], flush=True)
    os.environ["MUTANT_UNDER_TEST"] = ""
    return True


def _with_recheck(key: str, counts: dict[str, int]) -> dict[str, int]:
    path = WORK / key / "rechecked.json"
    killed = len(json.loads(path.read_text())) if path.exists() else 0
    counts = dict(counts)
    if killed:
        counts["survived"] -= killed
        counts["killed (fresh process)"] = killed
    return counts


def _score(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    killed = sum(
        counts.get(k, 0) for k in ("killed", "timeout", "killed (fresh process)")
    )
    rest = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    share = f"{100 * killed / total:.1f}%" if total else "-"
    return f"{total} mutants, {killed} killed ({share}); {rest}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", help="module keys (default: all)")
    parser.add_argument("--list", action="store_true", help="print the keys")
    parser.add_argument("--children", type=int, default=2)
    parser.add_argument(
        "--recheck", action="store_true", help="only recheck the survivors of a run"
    )
    parser.add_argument(
        "--report", action="store_true", help="only print the last results"
    )
    parser.add_argument(
        "--recheck-tests", nargs="*", help="recheck with these tests only (faster)"
    )
    parser.add_argument(
        "--one-session",
        action="store_true",
        help="check the mutants mutmut left (not checked or survived) in one "
        "pytest session, then recheck the survivors in a fresh process",
    )
    parser.add_argument(
        "--new-tests",
        nargs="*",
        default=[],
        help="with --one-session: tests written after mutmut's run, run last",
    )
    parser.add_argument("--mutant-timeout", type=int, default=120)
    parser.add_argument(
        "--mutants",
        nargs="+",
        help="run only these mutants (names or globs, as `mutmut run` takes them)",
    )
    args = parser.parse_args()
    if args.list:
        for key, (module, _) in MODULES.items():
            print(f"{key:24} {module}")
        return 0
    unknown = [k for k in args.keys if k not in MODULES]
    if unknown:
        parser.error(f"unknown module keys: {', '.join(unknown)}")
    for key in args.keys or MODULES:
        if args.one_session:
            one_session(key, args.new_tests, args.mutant_timeout)
        elif not (args.recheck or args.report):
            run(key, args.children, args.mutants)
        if not args.report:
            recheck(key, args.recheck_tests)
    for key in args.keys or MODULES:
        if (WORK / key).exists():
            counts = _with_recheck(key, _counts(WORK / key))
            print(f"{MODULES[key][0]:34} {_score(counts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
