"""Tables for the terminal and the JSON file of a run."""

import json
from dataclasses import asdict
from pathlib import Path

from benchmarks.runner import EndpointResult
from benchmarks.table import NOTE_WIDTH, format_table, one_line
from benchmarks.timing import MicroResult

__all__ = ["NOTE_WIDTH", "format_table", "one_line"]

DRIFT_WARNING = 0.10  # the baseline moved more than this during the run


def baseline_rate(results: list[EndpointResult], baseline: str) -> float | None:
    """Requests/s of the baseline in this run, or None if it did not run cleanly."""
    for result in results:
        if result.name == baseline and result.load and result.ok:
            return result.load.requests_per_s or None
    return None


def ratio(result: EndpointResult, base: float | None) -> float | None:
    """The endpoint's requests/s over the baseline's (1.0: as fast as ping)."""
    if base is None or result.load is None:
        return None
    return result.load.requests_per_s / base


def drift_line(baseline: str, first: float, again: float) -> str:
    """How far the baseline moved between the start and the end of the run."""
    change = again / first - 1
    line = f"{baseline} again at the end: {again:,.0f} requests/s ({change:+.0%})"
    if abs(change) > DRIFT_WARNING:
        line += "; the machine was not quiet: repeat, or use a longer --duration"
    return line


def _note(result: EndpointResult, base: float | None, baseline: str) -> str:
    if result.error:
        return one_line("ERROR: " + result.error)
    if result.skipped:
        return "skipped: " + result.skipped
    if result.name == baseline:
        return "baseline"
    share = ratio(result, base)
    if result.target is None or share is None:
        return result.note
    verdict = "met" if share >= result.target else "NOT MET"
    return "; ".join(
        filter(None, [result.note, f"target >= {result.target:.2f}: {verdict}"])
    )


def ratio_text(share: float | None) -> str:
    """Two decimals; three below 0.1, so that a tiny ratio is not shown as 0."""
    if share is None:
        return "-"
    return f"{share:.3f}" if share < 0.1 else f"{share:.2f}"


def _http_row(result: EndpointResult, base: float | None, baseline: str) -> list:
    load, share = result.load, ratio(result, base)
    numbers = ["-"] * 3
    if load:
        rate = load.requests_per_s
        numbers = [f"{rate:,.1f}" if rate < 10 else f"{rate:,.0f}"]
        numbers += [f"{load.p50_ms:.2f}", f"{load.p99_ms:.2f}"]
    share_text = ratio_text(share)
    note = _note(result, base, baseline)
    return [result.name, result.request, *numbers, share_text, note]


def http_table(results: list[EndpointResult], baseline: str) -> str:
    """endpoint, request, requests/s, p50/p99 ms, ratio to the baseline, note."""
    base = baseline_rate(results, baseline)
    headers = ["endpoint", "request", "requests/s", "p50 ms", "p99 ms"]
    headers += [f"vs {baseline}", "note"]
    rows = [_http_row(r, base, baseline) for r in results]
    return format_table(headers, rows, right={2, 3, 4, 5})


def scales_table(runs: list[tuple[int, list[EndpointResult]]], baseline: str) -> str:
    """Each endpoint's ratio to the baseline at every scale, side by side: a
    cost that does not grow with the data keeps its ratio."""
    names = [r.name for r in runs[0][1] if r.name != baseline]
    by_scale = [
        (scale, {r.name: ratio(r, baseline_rate(results, baseline)) for r in results})
        for scale, results in runs
    ]
    rows = []
    for name in names:
        shares = [ratios.get(name) for _scale, ratios in by_scale]
        cells = [ratio_text(s) for s in shares]
        first, last = shares[0], shares[-1]
        change = f"{last / first - 1:+.0%}" if first and last is not None else "-"
        rows.append([name, *cells, change])
    headers = ["endpoint"]
    headers += [f"vs {baseline} @{scale:,}" for scale, _results in runs]
    headers.append("change")
    title = "ratio to the baseline by size of the register"
    return title + "\n" + format_table(headers, rows, right=set(range(1, len(headers))))


def _target(result: MicroResult) -> str:
    if result.error:
        return one_line("ERROR: " + result.error)
    notes = []
    if result.unit:
        rate = result.ops_per_s * result.per_call
        notes.append(f"{result.per_call:,} {result.unit} a call: {rate:,.0f}/s")
    if result.target is not None:
        verdict = "met" if result.target_met else "NOT MET"
        notes.append(f"target >= {result.target:,.0f}/s: {verdict}")
    return "; ".join(notes)


def micro_table(results: list[MicroResult]) -> str:
    """callable, ops/s, floor ops/s, ratio to the floor, target."""
    rows = [
        [
            r.name,
            f"{r.ops_per_s:,.1f}" if r.ops_per_s < 100 else f"{r.ops_per_s:,.0f}",
            "-" if r.floor_ops_per_s is None else f"{r.floor_ops_per_s:,.0f}",
            "-" if r.ratio is None else f"{r.ratio:.3f}",
            _target(r),
        ]
        for r in results
    ]
    headers = ["callable", "ops/s", "floor ops/s", "vs floor", "note"]
    return format_table(headers, rows, right={1, 2, 3})


def as_json(meta: dict, http: list[EndpointResult], micro: list[MicroResult]):
    """Everything measured, with the ratios, as one JSON-ready dict."""
    base = baseline_rate(http, meta.get("baseline", ""))
    http_rows = [{**asdict(r), "ratio_to_baseline": ratio(r, base)} for r in http]
    micro_rows = [{**asdict(r), "ratio_to_floor": r.ratio} for r in micro]
    return {"meta": meta, "http": http_rows, "micro": micro_rows}


def write_json(path: Path, document: dict) -> None:
    """Write the document, creating the parent directory if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
