"""The wrk load generator: command line, request script and output parsing."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.endpoint import Endpoint
from benchmarks.loadgen import LoadResult

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
TIMEOUT = "10s"

_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", re.MULTILINE)
_PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.M)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)


class WrkError(Exception):
    """wrk failed or printed something this parser does not understand."""


def available() -> bool:
    """True when wrk is on PATH."""
    return shutil.which("wrk") is not None


def lua_string(value: bytes | str) -> str:
    """A Lua string literal for any bytes: everything but [A-Za-z0-9 ] as \\ddd."""
    data = value.encode() if isinstance(value, str) else value
    safe = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
    return '"' + "".join(chr(b) if b in safe else f"\\{b:03d}" for b in data) + '"'


def request_script(
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    paths: tuple[str, ...] = (),
) -> str:
    """The Lua script that sets wrk's method, body and headers; with ``paths``,
    each request goes to one of them chosen at random."""
    lines = [f"wrk.method = {lua_string(method)}"]
    if body is not None:
        lines.append(f"wrk.body = {lua_string(body)}")
    for name, value in headers.items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    if paths:
        lines.append("local paths = {" + ", ".join(map(lua_string, paths)) + "}")
        lines.append("math.randomseed(os.time())")
        lines.append("request = function()")
        lines.append("  return wrk.format(nil, paths[math.random(#paths)])")
        lines.append("end")
    return "\n".join(lines) + "\n"


def _ms(number: str, unit: str) -> float:
    return float(number) * UNITS_MS[unit]


def parse_output(text: str) -> LoadResult:
    """Requests/s, p50/p99 latency and failures from ``wrk --latency`` output."""
    rate, total = _RATE.search(text), _TOTAL.search(text)
    percentiles = {m[1]: _ms(m[2], m[3]) for m in _PERCENTILE.finditer(text)}
    if not rate or not total or set(percentiles) != {"50", "99"}:
        raise WrkError(f"cannot read wrk output:\n{text}")
    non_2xx = int(m[1]) if (m := _NON_2XX.search(text)) else 0
    socket = [int(n) for n in m.groups()] if (m := _SOCKET.search(text)) else []
    details = [f"{non_2xx} x HTTP 4xx/5xx"] if non_2xx else []
    if sum(socket):
        details.append("socket errors (connect, read, write, timeout) " + str(socket))
    return LoadResult(
        requests_per_s=float(rate[1]),
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        requests=int(total[1]),
        failures=non_2xx + sum(socket),
        detail="; ".join(details),
    )


def command(url: str, script: Path, duration: float, connections: int) -> list[str]:
    """wrk with one thread, as in shared/FACTS.md; it is far from the limit."""
    seconds = max(1, round(duration))  # wrk takes whole seconds only
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    return [*argv, "--timeout", TIMEOUT, "-s", str(script), url]


def run_wrk(
    base_url: str, endpoint: Endpoint, duration: float, connections: int
) -> LoadResult:
    """Load one endpoint with wrk and parse what it prints."""
    script_text = request_script(
        endpoint.method, endpoint.payload(), endpoint.all_headers(), endpoint.paths
    )
    with tempfile.TemporaryDirectory(prefix="snf-wrk-") as tmp:
        script = Path(tmp) / "request.lua"
        script.write_text(script_text)
        argv = command(base_url + endpoint.path, script, duration, connections)
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise WrkError(f"wrk exited with {result.returncode}: {result.stderr.strip()}")
    return parse_output(result.stdout)
