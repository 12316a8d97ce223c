"""In-process benchmarks: a callable in operations per second against a floor.

The floor is the same work done the plainest way (e.g. a rule as a plain Python
function); the ratio says how much of that limit the real code keeps. Add
entries to MICROS with one line each, e.g.::

    Micro("rules-cel", evaluate_with_cel, floor_fn=evaluate_in_python,
          setup=sample_documents)

``target`` (ops/s, optional) is the figure the code should reach; the table
says whether it did. ``per_call`` and ``unit`` (optional) say what one call
does, e.g. 10,000 "numbers": the table then also shows numbers/s. The
mechanism is tested in tests/test_benchmarks_harness.py.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import certificates, registry, rules

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

    @property
    def target_met(self) -> bool | None:
        return None if self.target is None else self.ops_per_s >= self.target

    @property
    def ratio(self) -> float | None:
        """ops/s of fn over ops/s of the floor (1.0: as fast as the floor)."""
        if not self.floor_ops_per_s:
            return None
        return self.ops_per_s / self.floor_ops_per_s


MICROS: list[Micro] = [
    # SNF 2024.1 on a conform 4-bedroom document: engine vs the rules by hand.
    Micro(
        "rules-snf-2024.1",
        rules.evaluate_engine,
        floor_fn=rules.evaluate_plain,
        setup=rules.setup,
        target=rules.TARGET_PER_S,
    ),
    # A certificate PDF (QR code included) vs the same text and QR on a bare page.
    Micro(
        "certificate-pdf",
        certificates.render,
        floor_fn=certificates.floor,
        setup=certificates.setup,
        target=certificates.TARGET_PER_S,
    ),
    # Bulk verification of 10,000 KvK numbers on the generated register
    # (benchmarks/registry.py); run at each --scale, 700 companies without one.
    *(
        Micro(
            name,
            fn,
            setup=registry.micro_setup,
            target=1000 / registry.VERIFY_TARGET_MS,
            per_call=registry.NUMBERS,
            unit="numbers",
        )
        for name, fn in zip(
            registry.MICRO_NAMES,
            (registry.verify_today, registry.verify_2014),
            strict=True,
        )
    ),
]


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
    return MicroResult(micro.name, ops, floor, micro.target, micro.per_call, micro.unit)
