"""python -m benchmarks: load the app under gunicorn, then the in-process callables,
then what-if at growing sizes (benchmarks/whatif.py).

``--scale N`` (repeatable; or SNF_BENCH_SCALE="700,7000") runs the HTTP
benchmarks on the generated register of N companies (benchmarks/scale.py
caches it), once per scale, and compares the ratios side by side.

Exits 0 whatever the timings; 1 when an endpoint answered an error (or the
what-if run failed), 2 when the app could not be started.
"""

import argparse
import os
import platform
import signal
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import goals, jobs, monitoring, registry, report, whatif, wrk
from benchmarks.endpoints import BASELINE, ENDPOINTS, FLOOR, Endpoint
from benchmarks.loadgen import run_python
from benchmarks.micro import MICROS
from benchmarks.runner import Settings, run_endpoints
from benchmarks.server import AppStartError, running_app
from benchmarks.timing import Micro, run_micro

GUNICORN_WORKERS = 2
RESULTS = Path(__file__).resolve().parent / "results"
GROUPS = {
    "registry": registry.NAMES,
    "monitoring": monitoring.NAMES,
}  # --only registry: all of these


def _scales_from_env() -> list[int] | None:
    raw = os.environ.get("SNF_BENCH_SCALE", "").replace(",", " ").split()
    return [int(n) for n in raw] or None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The options, checked: unknown names and a missing wrk stop here."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    add = parser.add_argument
    add("--only", action="append", metavar="NAME", help="run only this (repeatable)")
    add("--duration", type=float, default=5.0, help="seconds per benchmark (5)")
    add("--connections", type=int, default=16, help="concurrent connections (16)")
    add("--loadgen", choices=["auto", "python", "wrk"], default="auto")
    add("--warmup", type=float, default=0.5, help="seconds of warm-up load (0.5)")
    add("--database-url", help="a scratch database to use instead of a temp SQLite")
    add("--scale", type=int, action="append", metavar="N",
        help="on `demo --scale N` data (cached; repeat to compare sizes)")  # fmt: skip
    add("--json", type=Path, metavar="PATH",
        help="write the results here (default: benchmarks/results/)")  # fmt: skip
    add("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    args.scale = args.scale or _scales_from_env()
    if args.loadgen == "wrk" and not wrk.available():
        parser.error("--loadgen wrk: wrk is not on PATH")
    known = {e.name for e in ENDPOINTS} | {m.name for m in MICROS} | {whatif.NAME}
    known.add(jobs.NAME)
    known |= set(registry.NAMES) | set(monitoring.NAMES) | set(GROUPS)
    if unknown := set(args.only or ()) - known:
        parser.error(f"unknown: {', '.join(sorted(unknown))}; see --list")
    if args.duration <= 0 or args.connections < 1:
        parser.error("--duration and --connections must be positive")
    if any(n < 1 for n in args.scale or ()):
        parser.error("--scale must be positive")
    return args


def default_json_path(meta: dict) -> Path:
    """benchmarks/results/<started at>-<commit>.json (ignored by git)."""
    stamp = meta["started_at"].replace(":", "").replace("+0000", "Z")
    return RESULTS / f"{stamp}-{goals.commit()}.json"


def expand(only: list[str] | None) -> list[str] | None:
    """The names asked for, with groups replaced by their members."""
    if not only:
        return only
    return [n for name in only for n in GROUPS.get(name, (name,))]


def select(only: list[str] | None) -> tuple[list[Endpoint], list[Micro]]:
    """The chosen benchmarks; the baseline always runs with any endpoint."""
    only = expand(only)
    if not only:
        return list(ENDPOINTS), list(MICROS)
    endpoints = [e for e in ENDPOINTS if e.name in only]
    if endpoints:  # the baseline and its floor always run first
        first = [e for e in ENDPOINTS if e.name in (FLOOR, BASELINE)]
        endpoints = first + [e for e in endpoints if e not in first]
    return endpoints, [m for m in MICROS if m.name in only]


def wants(name: str, only: list[str] | None) -> bool:
    """A benchmark outside ENDPOINTS and MICROS runs with everything, or named."""
    return not only or name in expand(only)


def print_list() -> None:
    """Every registered benchmark, one a line."""
    for endpoint in ENDPOINTS:
        extra = " (skipped on 404)" if endpoint.missing_ok else ""
        print(f"{endpoint.name:<24} {endpoint.method} {endpoint.path}{extra}")
    print(f"{'registry-verify':<24} POST {registry.VERIFY_PATH} (sequential)")
    for name, path in monitoring.REPORTS:
        print(f"{name:<24} GET {path} (sequential)")
    for micro in MICROS:
        floor = f" vs {micro.floor_fn.__name__}" if micro.floor_fn else ""
        print(f"{micro.name:<24} in-process {micro.fn.__name__}{floor}")
    sizes = ", ".join(f"{size:,}" for size in whatif.SIZES)
    print(f"{whatif.NAME:<24} in-process run_whatif at {sizes} locations")
    print(f"{jobs.NAME:<24} probe jobs per second through RQ (Redis) and in-process")
    for group, names in GROUPS.items():
        print(f"{group:<24} group: {', '.join(names)}")


def wants_whatif(only: list[str] | None) -> bool:
    """What-if runs with everything, or when named."""
    return wants(whatif.NAME, only)


def _loadgen_name(choice: str) -> str:
    if choice == "auto":
        return "wrk" if wrk.available() else "python"
    return choice


@dataclass
class ScaleRun:
    """The HTTP benchmarks on one database (``scale`` 0: the plain demo)."""

    scale: int
    database: str = ""
    prepared: list[str] = field(default_factory=list)
    http: list = field(default_factory=list)
    baseline_again_rps: float | None = None
    verify: list = field(default_factory=list)
    reports: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        timed = [*self.verify, *self.reports]
        return all(r.ok for r in self.http) and not any(t.error for t in timed)


def run_http(
    endpoints: list[Endpoint], args, meta: dict, scale=0, verify=False, reports=()
):
    """Start the app, load every endpoint (and time bulk verification), stop it."""
    loadgen = wrk.run_wrk if meta["loadgen"] == "wrk" else run_python
    settings = Settings(loadgen, args.duration, args.connections, args.warmup)
    run = ScaleRun(scale)
    with running_app(args.database_url, GUNICORN_WORKERS, scale) as server:
        run.database, run.prepared = server.database, list(server.prepared)
        print(f"gunicorn on {server.base_url}, {server.database}", file=sys.stderr)
        run.http = run_endpoints(server.base_url, endpoints, settings)
        if verify:
            print("  registry-verify ...", file=sys.stderr, flush=True)
            run.verify = registry.run_verify(server.base_url)
        if reports:
            print("  monitoring reports ...", file=sys.stderr, flush=True)
            run.reports = monitoring.run_reports(server.base_url, reports)
        if len(endpoints) > 1 and report.baseline_rate(run.http, BASELINE):
            baseline = [e for e in endpoints if e.name == BASELINE]
            again = run_endpoints(server.base_url, baseline, settings)[0]
            run.baseline_again_rps = again.load.requests_per_s if again.ok else None
    return run


def run_micros(micros: list[Micro], scales: list[int] | None, seconds: float):
    """Each in-process benchmark; the register's at every scale."""
    results = []
    for micro in micros:
        if micro.name not in registry.MICRO_NAMES:
            results.append(run_micro(micro, seconds))
            continue
        for scale in scales or [registry.DEFAULT_SCALE]:
            print(f"  {micro.name} @{scale:,} ...", file=sys.stderr, flush=True)
            results.append(run_micro(registry.at_scale(micro, scale), seconds))
    return results


def _meta(args) -> dict:
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "loadgen": _loadgen_name(args.loadgen),
        "duration_s": args.duration,
        "connections": args.connections,
        "warmup_s": args.warmup,
        "gunicorn_workers": GUNICORN_WORKERS,
        "baseline": BASELINE,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "scales": [],
    }


def _print_run(run: ScaleRun) -> None:
    title = f"{run.scale:,} generated companies" if run.scale else "plain demo"
    print(f"\n== {title}: database {run.database}: {', '.join(run.prepared)}\n")
    if run.http:
        print(report.http_table(run.http, BASELINE))
        first = report.baseline_rate(run.http, BASELINE)
        if first and run.baseline_again_rps:
            print(report.drift_line(BASELINE, first, run.baseline_again_rps))
    if run.verify:
        print("\n" + registry.verify_table(run.verify))
    if run.reports:
        print("\n" + monitoring.table(run.reports))
    for result in (r for r in run.http if r.error):
        print(f"\n{result.name}: {result.error[:2000]}", file=sys.stderr)


def _print_results(meta: dict, runs, micro: list, scaling, queued=None) -> None:
    print(f"loadgen {meta['loadgen']}, {meta['connections']} connections, ", end="")
    print(f"{meta['duration_s']:g} s each, {meta['cpus']} CPUs")
    for run in runs:
        _print_run(run)
    if len(runs) > 1:
        print("\n" + report.scales_table([(r.scale, r.http) for r in runs], BASELINE))
    if micro:
        print("\n" + report.micro_table(micro))
    if scaling is not None:
        print("\n" + whatif.table(scaling))
    if queued is not None:
        print("\n" + jobs.table(queued))
    print("\n" + goals.goals_table(runs, micro, scaling))


def _document(meta: dict, runs, micro: list, scaling, queued=None) -> dict:
    first = runs[0] if runs else ScaleRun(0)
    meta = {**meta, "database": first.database, "prepared": first.prepared}
    meta["baseline_again_rps"] = first.baseline_again_rps
    document = report.as_json(meta, first.http, micro)
    document["runs"] = [
        {
            "scale": run.scale,
            "database": run.database,
            "prepared": run.prepared,
            "baseline_again_rps": run.baseline_again_rps,
            "http": report.as_json({"baseline": BASELINE}, run.http, [])["http"],
            "verify": [
                {**asdict(v), "median_ms": v.median_ms if v.ms else None}
                for v in run.verify
            ],
            "reports": [
                {**asdict(r), "median_ms": r.median_ms if r.ms else None}
                for r in run.reports
            ],
        }
        for run in runs
    ]
    document["whatif"] = None if scaling is None else whatif.as_json(scaling)
    document["jobs"] = None if queued is None else jobs.as_json(queued)
    document["goals"] = goals.as_json(runs, micro, scaling)
    return document


def _raise_on_sigterm() -> None:
    # SystemExit unwinds through running_app(), which stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; the exit status as in the module docstring."""
    args = parse_args(argv)
    if args.list:
        print_list()
        return 0
    _raise_on_sigterm()
    endpoints, micros = select(args.only)
    verify = wants("registry-verify", args.only)
    reports = [n for n in monitoring.NAMES if wants(n, args.only)]
    meta = _meta(args)
    meta["scales"] = args.scale or []
    runs = []
    try:
        if endpoints or verify or reports:
            for scale in args.scale or [0]:
                runs.append(run_http(endpoints, args, meta, scale, verify, reports))
    except AppStartError as exc:
        print(f"The app did not start: {exc}", file=sys.stderr)
        return 2
    micro = run_micros(micros, args.scale, args.duration)
    scaling = whatif.run_scaling() if wants_whatif(args.only) else None
    queued = jobs.run_jobs() if wants(jobs.NAME, args.only) else None
    _print_results(meta, runs, micro, scaling, queued)
    path = args.json or default_json_path(meta)
    report.write_json(path, _document(meta, runs, micro, scaling, queued))
    print(f"results written to {path}", file=sys.stderr)
    failed = (scaling is not None and scaling.error) or any(m.error for m in micro)
    failed = failed or (queued is not None and queued.error)
    for result in (m for m in micro if m.error):
        print(f"\n{result.name}: {result.error[:2000]}", file=sys.stderr)
    return 0 if all(r.ok for r in runs) and not failed else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; gunicorn stopped", file=sys.stderr)
        sys.exit(130)
