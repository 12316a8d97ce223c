"""python -m benchmarks: load the app under gunicorn, then the in-process callables,
then what-if at growing sizes (benchmarks/whatif.py).

Exits 0 whatever the timings; 1 when an endpoint answered an error (or the
what-if run failed), 2 when the app could not be started.
"""

import argparse
import os
import platform
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import report, whatif, wrk
from benchmarks.endpoints import BASELINE, ENDPOINTS, Endpoint
from benchmarks.loadgen import run_python
from benchmarks.micro import MICROS, Micro, run_micro
from benchmarks.runner import Settings, run_endpoints
from benchmarks.server import AppStartError, running_app

GUNICORN_WORKERS = 2


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
    add("--json", type=Path, metavar="PATH", help="also write the results here")
    add("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.loadgen == "wrk" and not wrk.available():
        parser.error("--loadgen wrk: wrk is not on PATH")
    known = {e.name for e in ENDPOINTS} | {m.name for m in MICROS} | {whatif.NAME}
    if unknown := set(args.only or ()) - known:
        parser.error(f"unknown: {', '.join(sorted(unknown))}; see --list")
    if args.duration <= 0 or args.connections < 1:
        parser.error("--duration and --connections must be positive")
    return args


def select(only: list[str] | None) -> tuple[list[Endpoint], list[Micro]]:
    """The chosen benchmarks; the baseline always runs with any endpoint."""
    if not only:
        return list(ENDPOINTS), list(MICROS)
    endpoints = [e for e in ENDPOINTS if e.name in only]
    if endpoints and BASELINE not in only:
        endpoints.insert(0, next(e for e in ENDPOINTS if e.name == BASELINE))
    return endpoints, [m for m in MICROS if m.name in only]


def print_list() -> None:
    """Every registered benchmark, one a line."""
    for endpoint in ENDPOINTS:
        extra = " (skipped on 404)" if endpoint.missing_ok else ""
        print(f"{endpoint.name:<24} {endpoint.method} {endpoint.path}{extra}")
    for micro in MICROS:
        floor = f" vs {micro.floor_fn.__name__}" if micro.floor_fn else ""
        print(f"{micro.name:<24} in-process {micro.fn.__name__}{floor}")
    if not MICROS:
        print("(no in-process benchmarks registered yet)")
    sizes = ", ".join(f"{size:,}" for size in whatif.SIZES)
    print(f"{whatif.NAME:<24} in-process run_whatif at {sizes} locations")


def wants_whatif(only: list[str] | None) -> bool:
    """What-if runs with everything, or when named."""
    return not only or whatif.NAME in only


def _loadgen_name(choice: str) -> str:
    if choice == "auto":
        return "wrk" if wrk.available() else "python"
    return choice


def run_http(endpoints: list[Endpoint], args, meta: dict) -> list:
    """Start the app, load every endpoint, stop the app."""
    loadgen = wrk.run_wrk if meta["loadgen"] == "wrk" else run_python
    settings = Settings(loadgen, args.duration, args.connections, args.warmup)
    with running_app(args.database_url, GUNICORN_WORKERS) as server:
        meta["database"] = server.database
        meta["prepared"] = list(server.prepared)
        print(f"gunicorn on {server.base_url}, {server.database}", file=sys.stderr)
        results = run_endpoints(server.base_url, endpoints, settings)
        if len(endpoints) > 1 and report.baseline_rate(results, BASELINE):
            again = run_endpoints(server.base_url, endpoints[:1], settings)[0]
            meta["baseline_again_rps"] = again.load.requests_per_s if again.ok else None
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
    }


def _print_results(meta: dict, http: list, micro: list, scaling) -> None:
    print(f"loadgen {meta['loadgen']}, {meta['connections']} connections, ", end="")
    print(f"{meta['duration_s']:g} s each, {meta['cpus']} CPUs")
    if http:
        print(f"database {meta['database']}: {', '.join(meta['prepared'])}\n")
        print(report.http_table(http, BASELINE))
        first = report.baseline_rate(http, BASELINE)
        if first and meta.get("baseline_again_rps"):
            print(report.drift_line(BASELINE, first, meta["baseline_again_rps"]))
    for result in (r for r in http if r.error):
        print(f"\n{result.name}: {result.error[:2000]}", file=sys.stderr)
    if micro:
        print("\n" + report.micro_table(micro))
    if scaling is not None:
        print("\n" + whatif.table(scaling))


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
    meta = _meta(args)
    try:
        http = run_http(endpoints, args, meta) if endpoints else []
    except AppStartError as exc:
        print(f"The app did not start: {exc}", file=sys.stderr)
        return 2
    micro = [run_micro(m, args.duration) for m in micros]
    scaling = whatif.run_scaling() if wants_whatif(args.only) else None
    _print_results(meta, http, micro, scaling)
    if args.json:
        document = report.as_json(meta, http, micro)
        document["whatif"] = None if scaling is None else whatif.as_json(scaling)
        report.write_json(args.json, document)
    failed = scaling is not None and scaling.error
    return 0 if all(r.ok for r in http) and not failed else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; gunicorn stopped", file=sys.stderr)
        sys.exit(130)
