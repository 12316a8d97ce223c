"""The benchmark harness's own logic, without starting gunicorn or wrk."""

from collections import Counter

import pytest

from benchmarks import __main__ as cli
from benchmarks import goals, report, wrk
from benchmarks.endpoint import Endpoint
from benchmarks.endpoints import BASELINE, FLOOR
from benchmarks.loadgen import LoadResult, _Tally, percentile, split, summarise
from benchmarks.runner import EndpointResult
from benchmarks.timing import Micro, run_micro

# Real output of `wrk -t1 -c16 -d1s --latency` against the ping endpoint.
WRK_OK = """\
Running 1s test @ http://127.0.0.1:56823/api/v1/ping
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.86ms  843.57us  12.63ms   94.64%
    Req/Sec     3.28k   251.41     3.51k    81.82%
  Latency Distribution
     50%    4.69ms
     75%    4.96ms
     90%    5.30ms
     99%   10.05ms
  3594 requests in 1.10s, 1.75MB read
Requests/sec:   3268.65
Transfer/sec:      1.59MB
"""

WRK_FAILING = """\
Running 2s test @ http://127.0.0.1:5000/slow
  1 threads and 16 connections
  Latency Distribution
     50%  812.00us
     75%    1.20s
     90%    1.50s
     99%    2.00s
  120 requests in 2.00s, 10.00KB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:     60.00
Transfer/sec:      5.00KB
"""


def test_wrk_output_gives_rate_percentiles_and_count():
    result = wrk.parse_output(WRK_OK)
    assert result == LoadResult(3268.65, 4.69, 10.05, 3594, failures=0, detail="")


def test_wrk_output_converts_units_and_counts_failures():
    result = wrk.parse_output(WRK_FAILING)
    assert result.p50_ms == pytest.approx(0.812)
    assert result.p99_ms == pytest.approx(2000.0)
    assert result.failures == 7 + 3 + 2
    assert "7 x HTTP 4xx/5xx" in result.detail


def test_wrk_output_without_numbers_is_an_error():
    with pytest.raises(wrk.WrkError):
        wrk.parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_wrk_script_escapes_everything_but_letters_digits_and_spaces():
    script = wrk.request_script(
        "POST", b'{"a": "]]\n"}', {"Content-Type": "application/json"}
    )
    assert 'wrk.method = "POST"' in script
    assert r'wrk.body = "\123\034a\034\058 \034\093\093\010\034\125"' in script
    assert r'wrk.headers["Content\045Type"] = "application\047json"' in script


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) == 0.0


def test_connections_are_split_evenly_over_processes():
    assert split(16, 2) == [8, 8]
    assert split(5, 2) == [3, 2]
    assert split(1, 4) == [1]


def test_python_summary_counts_non_2xx_and_socket_errors_as_failures():
    tally = _Tally(
        latencies=[0.001] * 10,
        done_in_time=8,
        statuses=Counter({200: 7, 500: 3}),
        errors=Counter({"ConnectionResetError": 1}),
    )
    result = summarise(tally, seconds=2.0)
    assert result.requests_per_s == 4.0
    assert result.p50_ms == pytest.approx(1.0)
    assert result.failures == 4
    assert result.detail == "3 x HTTP 500; 1 x ConnectionResetError"


def _result(name: str, rate: float, **kwargs) -> EndpointResult:
    load = LoadResult(rate, 1.0, 2.0, int(rate))
    return EndpointResult(name, f"GET /{name}", load=load, **kwargs)


def test_table_gives_each_endpoint_its_ratio_to_the_baseline():
    results = [
        _result(BASELINE, 2000.0),
        _result("page", 500.0),
        EndpointResult("later", "GET /later", skipped="404: not built yet"),
        EndpointResult("broken", "GET /broken", error="GET /broken answered 500"),
    ]
    lines = report.http_table(results, BASELINE).splitlines()
    assert lines[2].split()[-2:] == ["1.00", "baseline"]
    assert lines[3].split()[-1] == "0.25"
    assert lines[4].endswith("skipped: 404: not built yet")
    assert "ERROR: GET /broken answered 500" in lines[5]


def test_no_ratio_when_the_baseline_failed():
    results = [_result(BASELINE, 2000.0, error="3 failed"), _result("page", 500.0)]
    assert report.baseline_rate(results, BASELINE) is None
    document = report.as_json({"baseline": BASELINE}, results, [])
    assert [row["ratio_to_baseline"] for row in document["http"]] == [None, None]


def test_micro_measures_fn_and_floor_on_one_setup_value():
    made = []

    def setup():
        made.append(1)
        return [3, 1, 2]

    micro = Micro("sort", lambda xs: sorted(xs), floor_fn=lambda xs: xs, setup=setup)
    result = run_micro(micro, seconds=0.01)
    assert made == [1]
    assert result.ops_per_s > 0 and result.floor_ops_per_s > 0
    assert result.ratio == result.ops_per_s / result.floor_ops_per_s


def test_micro_without_floor_has_no_ratio():
    assert run_micro(Micro("noop", lambda: None), seconds=0.01).ratio is None


def test_only_always_brings_the_baseline_and_its_floor():
    endpoints, micros = cli.select(["auth-me"])
    assert [e.name for e in endpoints] == [FLOOR, BASELINE, "auth-me"]
    assert micros == []


def test_json_body_is_encoded_with_a_content_type():
    endpoint = Endpoint("x", "POST", "/x", body={"a": 1}, headers={"X-A": "b"})
    assert endpoint.payload() == b'{"a": 1}'
    assert endpoint.all_headers() == {"X-A": "b", "Content-Type": "application/json"}


def test_baseline_drift_warns_above_ten_percent():
    assert report.drift_line("ping", 2000.0, 1900.0).endswith("(-5%)")
    assert "not quiet" in report.drift_line("ping", 2000.0, 1500.0)


def _measured(name: str, rate: float, target=None) -> EndpointResult:
    load = LoadResult(rate, 1.0, 2.0, int(rate))
    return EndpointResult(name, f"GET /{name}", load=load, target=target)


def test_goals_compare_ping_with_the_bare_endpoint_and_the_rest_with_ping():
    results = [
        _measured(FLOOR, 5000),
        _measured(BASELINE, 4200, target=0.8),
        _measured("registry-company", 1000, target=0.5),
        _measured("auth-me", 900),  # no target: no row
    ]
    rows = goals.http_rows(results)
    assert [row[0] for row in rows] == [BASELINE, "registry-company"]
    assert rows[0][2:] == ["bare-flask 5,000 req/s", "0.84", ">= 0.80", "yes"]
    assert rows[1][2:] == ["ping 4,200 req/s", "0.24", ">= 0.50", "NO"]


def test_goals_table_names_commit_and_machine():
    table = goals.goals_table([], [], None)
    assert table.startswith("goals: commit ") and "CPUs" in table


def test_a_micro_whose_set_up_fails_is_reported_not_raised():
    def broken():
        raise RuntimeError("the floor disagrees")

    result = run_micro(Micro("broken", lambda _x: None, setup=broken, target=5), 0.01)
    assert result.error == "RuntimeError: the floor disagrees"
    assert result.target_met is None
    assert "ERROR: RuntimeError" in report.micro_table([result])


def test_goals_report_the_import_rate_and_the_monitoring_reports_without_a_goal():
    from benchmarks import geo
    from benchmarks.monitoring import ReportTiming
    from benchmarks.timing import MicroResult

    imported = MicroResult(geo.NAME, 0.25, 2.0, None, 100_000, "lines")
    assert goals.micro_rows([imported]) == [
        [geo.NAME, "25,000 lines/s", "floor 200,000 lines/s", "0.125", "-", "-"]
    ]
    timing = ReportTiming("monitoring-national-pdf", "/x", (900.0, 1200.0, 1000.0))
    failed = ReportTiming("monitoring-region", "/y", error="TimeoutError: slow")
    rows = goals.report_rows([timing, failed], scale=700)
    assert rows[0][:2] == ["monitoring-national-pdf @700", "1,000 ms"]
    assert rows[0][4:] == ["-", "-"]
    assert rows[1][1].startswith("TimeoutError")
