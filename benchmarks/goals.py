"""The one table of a run: every measure that has a goal, its figure, what it
is compared with, the ratio, the goal and whether it is met (runner layer).

Ratios are taken within one run (the same machine at the same moment); the
absolute figures move with whatever else the machine is doing.
"""

import os
import platform
import subprocess
from pathlib import Path

from benchmarks import geo, monitoring, registry, whatif
from benchmarks.endpoints import BASELINE, FLOOR
from benchmarks.report import baseline_rate, ratio_text
from benchmarks.table import format_table, one_line

WHATIF_GOAL_S = 1.0  # the whole register (~20,000 locations)
HEADERS = ["measure", "figure", "baseline", "ratio", "goal", "met"]
# In-process measures reported without a goal (issue 18: the import rate).
MICRO_REPORTED = (geo.NAME,)


def _met(flag: bool | None) -> str:
    return "-" if flag is None else ("yes" if flag else "NO")


def _rps(rate: float) -> str:
    return f"{rate:,.0f} req/s"


def http_rows(results, scale: int = 0) -> list[list[str]]:
    """Endpoints with a target: ping against the bare endpoint, the rest
    against ping."""
    rates = {r.name: r.load.requests_per_s for r in results if r.load and r.ok}
    base = baseline_rate(results, BASELINE)
    rows = []
    for result in results:
        if result.target is None:
            continue
        against = FLOOR if result.name == BASELINE else BASELINE
        other = rates.get(FLOOR) if result.name == BASELINE else base
        mine = rates.get(result.name)
        share = mine / other if mine and other else None
        name = result.name + (f" @{scale:,}" if scale else "")
        rows.append([
            name,
            _rps(mine) if mine else result.error[:30] or result.skipped or "-",
            f"{against} {_rps(other)}" if other else against,
            ratio_text(share),
            f">= {result.target:.2f}",
            _met(None if share is None else share >= result.target),
        ])  # fmt: skip
    return rows


def micro_rows(micro) -> list[list[str]]:
    """In-process measures with a target (ops/s), against their floor."""
    rows = []
    for r in micro:
        if r.target is None and r.name not in MICRO_REPORTED:
            continue
        if r.unit and r.target is None:
            rows.append(_per_unit_row(r))
            continue
        floor = r.floor_ops_per_s
        floor = "-" if floor is None else f"floor {floor:,.0f}/s"
        figure = one_line(r.error, 30) if r.error else f"{r.ops_per_s:,.1f}/s"
        rows.append([
            r.name, figure, floor,
            "-" if r.ratio is None else f"{r.ratio:.3f}",
            f">= {r.target:,.0f}/s", _met(r.target_met),
        ])  # fmt: skip
    return rows


def _per_unit_row(r) -> list[str]:
    """A reported measure in its unit per second (lines/s), against its floor."""
    unit, floor = r.unit, r.floor_ops_per_s
    figure = f"{r.ops_per_s * r.per_call:,.0f} {unit}/s"
    base = "-" if floor is None else f"floor {floor * r.per_call:,.0f} {unit}/s"
    ratio = "-" if r.ratio is None else f"{r.ratio:.3f}"
    return [r.name, one_line(r.error, 30) if r.error else figure, base, ratio, "-", "-"]


def verify_rows(timings, scale: int = 0) -> list[list[str]]:
    suffix = f" @{scale:,}" if scale else ""
    return [
        [
            f"{t.name}{suffix}",
            f"{t.median_ms:,.1f} ms" if t.ms else t.error[:30],
            f"{registry.NUMBERS:,} numbers",
            "-",
            f"< {registry.VERIFY_TARGET_MS:.0f} ms",
            _met(t.met if t.ms else None),
        ]
        for t in timings
    ]


def report_rows(timings, scale: int = 0) -> list[list[str]]:
    """The monitoring reports (issue 18 states no goal: "-")."""
    suffix = f" @{scale:,}" if scale else ""
    return [
        [
            f"{t.name}{suffix}",
            one_line(t.error, 30) if t.error else f"{t.median_ms:,.0f} ms",
            f"median of {monitoring.REPEATS}, one at a time",
            "-",
            "-",
            "-",
        ]
        for t in timings
    ]


def whatif_rows(scaling) -> list[list[str]]:
    if scaling is None or not scaling.points:
        return []
    last = scaling.points[-1]
    return [
        [
            whatif.NAME,
            f"{last.seconds:.2f} s",
            f"{last.locations:,} locations, CPU {last.cpu_seconds:.2f} s",
            "-",
            f"<= {WHATIF_GOAL_S:g} s",
            _met(last.seconds <= WHATIF_GOAL_S),
        ]
    ]


def commit() -> str:
    """The commit measured, with "+changes" when the tree differs from it."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return sha + ("+changes" if git("status", "--porcelain", "--", "snf") else "")


def machine() -> str:
    """Host, CPU model and count, Python: what the figures were measured on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus, python = os.cpu_count(), platform.python_version()
    return f"{platform.node()}, {model}, {cpus} CPUs, Python {python}"


def goals_table(runs, micro, scaling) -> str:
    """The table, headed by commit and machine."""
    rows = []
    for run in runs:
        rows += http_rows(run.http, run.scale)
        rows += verify_rows(run.verify, run.scale)
        rows += report_rows(run.reports, run.scale)
    rows += micro_rows(micro) + whatif_rows(scaling)
    head = f"goals: commit {commit()}; {machine()}"
    if not rows:
        return head + "\n(no measure with a goal ran)"
    return head + "\n" + format_table(HEADERS, rows, right={1, 3})


def as_json(runs, micro, scaling) -> dict:
    """The same rows, for the JSON file."""
    rows = []
    for run in runs:
        rows += http_rows(run.http, run.scale) + verify_rows(run.verify, run.scale)
        rows += report_rows(run.reports, run.scale)
    rows += micro_rows(micro) + whatif_rows(scaling)
    return {
        "commit": commit(),
        "machine": machine(),
        "rows": [dict(zip(HEADERS, row, strict=True)) for row in rows],
    }
