"""In-process benchmarks: a callable in operations per second against a floor.

The floor is the same work done the plainest way (e.g. a rule as a plain Python
function); the ratio says how much of that limit the real code keeps. Add
entries to MICROS with one line each, e.g.::

    Micro("rules-cel", evaluate_with_cel, floor_fn=evaluate_in_python,
          setup=sample_documents)

The list is empty until there is real code to measure: the mechanism is
tested in tests/test_benchmarks_harness.py, and no made-up example runs here.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A batch is timed as a whole once it runs at least this long.
MIN_BATCH_S = 0.05


@dataclass(frozen=True)
class Micro:
    """``fn`` (and ``floor_fn``) take no argument, or the value ``setup()``
    returned, which is built once and not timed."""

    name: str
    fn: Callable[..., Any]
    floor_fn: Callable[..., Any] | None = None
    setup: Callable[[], Any] | None = None


@dataclass(frozen=True)
class MicroResult:
    name: str
    ops_per_s: float
    floor_ops_per_s: float | None

    @property
    def ratio(self) -> float | None:
        """ops/s of fn over ops/s of the floor (1.0: as fast as the floor)."""
        if not self.floor_ops_per_s:
            return None
        return self.ops_per_s / self.floor_ops_per_s


MICROS: list[Micro] = []


def ops_per_second(call: Callable[[], Any], seconds: float) -> float:
    """Calls per second of ``call``, in doubling batches for about ``seconds``."""
    done, elapsed, batch = 0, 0.0, 1
    while elapsed < seconds:
        start = time.perf_counter()
        for _ in range(batch):
            call()
        took = time.perf_counter() - start
        done, elapsed = done + batch, elapsed + took
        if took < MIN_BATCH_S:
            batch *= 2
    return done / elapsed


def _bind(fn: Callable[..., Any], args: tuple) -> Callable[[], Any]:
    return lambda: fn(*args)


def run_micro(micro: Micro, seconds: float) -> MicroResult:
    """Measure fn, then the floor, each for about ``seconds``."""
    args = () if micro.setup is None else (micro.setup(),)
    ops = ops_per_second(_bind(micro.fn, args), seconds)
    floor = None
    if micro.floor_fn is not None:
        floor = ops_per_second(_bind(micro.floor_fn, args), seconds)
    return MicroResult(micro.name, ops, floor)
