"""The in-process timing harness (a helper): a callable in operations per second
against a floor. The list of micro benchmarks is benchmarks/micro.py."""

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
    target: float | None = None
    per_call: int = 1
    unit: str = ""


@dataclass(frozen=True)
class MicroResult:
    name: str
    ops_per_s: float
    floor_ops_per_s: float | None
    target: float | None = None
    per_call: int = 1
    unit: str = ""
    error: str = ""  # why it could not be measured: make bench exits non-zero

    @property
    def target_met(self) -> bool | None:
        if self.target is None or self.error:
            return None
        return self.ops_per_s >= self.target

    @property
    def ratio(self) -> float | None:
        """ops/s of fn over ops/s of the floor (1.0: as fast as the floor)."""
        if not self.floor_ops_per_s:
            return None
        return self.ops_per_s / self.floor_ops_per_s


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
    """Measure fn, then the floor, each for about ``seconds``; a set-up that
    fails becomes a result with its error (the other measures still run)."""
    try:
        return _measure(micro, seconds)
    except Exception as exc:  # noqa: BLE001 - reported, never hidden
        error = f"{type(exc).__name__}: {exc}"
        return MicroResult(micro.name, 0.0, None, micro.target, error=error)


def _measure(micro: Micro, seconds: float) -> MicroResult:
    args = () if micro.setup is None else (micro.setup(),)
    ops = ops_per_second(_bind(micro.fn, args), seconds)
    floor = None
    if micro.floor_fn is not None:
        floor = ops_per_second(_bind(micro.floor_fn, args), seconds)
    return MicroResult(micro.name, ops, floor, micro.target, micro.per_call, micro.unit)
