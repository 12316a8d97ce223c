"""The monitoring reports of issue 18.4 at national scale (``--scale 700``).

A progress report is asked for a few times a year, one at a time, not by
sixteen clients at once: each report is timed as ``REPEATS`` sequential
requests after ``WARMUP`` ones, each on a fresh connection, like the bulk
verification (benchmarks/registry.py). The demo's regions, agreements and
municipalities are in the generated database: ``demo --scale N`` loads the
demo first and maps every generated location to its municipality.

- ``monitoring-region``: one region's figures (JSON), Haaglanden.
- ``monitoring-national-csv``, ``monitoring-national-pdf``: the national
  progress report, every region, as CSV and as PDF with the chart.

The issue asks for the figures and states no goal. benchmarks.__main__ and
benchmarks.goals import this module: no imports back.
"""

import statistics
import time
from dataclasses import dataclass

from benchmarks.client import HTTPStatusError, expect_2xx, fetch
from benchmarks.table import format_table, one_line

REPORTS = (
    ("monitoring-region", "/api/v1/monitoring/regions/voorbeeld-haaglanden"),
    ("monitoring-national-csv", "/api/v1/monitoring/report.csv"),
    ("monitoring-national-pdf", "/api/v1/monitoring/report.pdf"),
)
NAMES = tuple(name for name, _path in REPORTS)
WARMUP, REPEATS = 1, 3
TIMEOUT_S = 300.0


@dataclass(frozen=True)
class ReportTiming:
    name: str
    path: str
    ms: tuple[float, ...] = ()
    size: int = 0  # bytes of the answer
    error: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.ms)


def _get(base_url: str, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = fetch(base_url, "GET", path, timeout=TIMEOUT_S)
    took = (time.perf_counter() - started) * 1000
    return took, len(expect_2xx("GET", path, response).body)


def time_report(base_url: str, name: str, path: str) -> ReportTiming:
    try:
        for _ in range(WARMUP):
            _get(base_url, path)
        timed = [_get(base_url, path) for _ in range(REPEATS)]
    except (OSError, ValueError, HTTPStatusError) as exc:
        return ReportTiming(name, path, error=f"{type(exc).__name__}: {exc}")
    return ReportTiming(name, path, tuple(ms for ms, _ in timed), timed[-1][1])


def run_reports(base_url: str, names) -> list[ReportTiming]:
    """The reports named, each timed on its own."""
    return [time_report(base_url, n, p) for n, p in REPORTS if n in names]


def table(timings: list[ReportTiming]) -> str:
    """ms per report (median, min, max) and the size of the answer."""
    rows = []
    for t in timings:
        if t.error:
            rows.append([t.name, t.path, "-", "-", "-", "-", one_line(t.error)])
            continue
        rows.append([
            t.name, t.path, f"{t.median_ms:,.0f}", f"{min(t.ms):,.0f}",
            f"{max(t.ms):,.0f}", f"{t.size:,}", "",
        ])  # fmt: skip
    headers = ["report", "request", "median ms", "min ms", "max ms", "bytes", "note"]
    title = f"Monitoring reports, {REPEATS} sequential requests after {WARMUP}"
    return title + "\n" + format_table(headers, rows, right={2, 3, 4, 5})
