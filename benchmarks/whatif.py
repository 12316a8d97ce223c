"""What-if at growing sizes: is the time per location constant?

``python -m benchmarks --only whatif``. In-process, on its own temporary SQLite
database (never instance/): migrations, the shipped norms, then the generated
demo data of ``snf.demo_scale`` grown step by step to about 2,500, 5,000,
10,000 and 20,000 locations. At each size ``run_whatif(SNF 2024.1, today)`` is
timed once (after one warm-up run at the first size). Growth counts as linear
when the slowest time per location is within ``LINEAR_SPREAD`` of the fastest.
"""

import gc
import secrets
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.table import format_table

NAME = "whatif"
SIZES = (2_500, 5_000, 10_000, 20_000)
LOCATIONS_PER_COMPANY = 28.5  # DOMAIN.md §1: ~20,000 locations of ~700 companies
LINEAR_SPREAD = 1.3


@dataclass(frozen=True)
class Point:
    size: int  # the size aimed at
    locations: int  # locations evaluated (generated companies come whole)
    seconds: float
    # This process's CPU time for the run: what the run costs, whatever else
    # the machine is doing (on a busy machine ``seconds`` is mostly waiting).
    cpu_seconds: float = 0.0

    @property
    def per_s(self) -> float:
        return self.locations / self.seconds

    @property
    def us_per_location(self) -> float:
        return self.seconds / self.locations * 1e6


@dataclass(frozen=True)
class WhatIfResult:
    version: str
    points: list[Point] = field(default_factory=list)
    generate_seconds: float = 0.0
    error: str = ""
    job_seconds: float = 0.0  # the what-if job (two versions, flips) at the largest

    @property
    def spread(self) -> float | None:
        """Slowest over fastest time per location (1.0: perfectly linear)."""
        costs = [p.us_per_location for p in self.points]
        return max(costs) / min(costs) if len(costs) > 1 else None

    @property
    def linear(self) -> bool | None:
        return None if self.spread is None else self.spread <= LINEAR_SPREAD


def _app(workdir: Path):
    from snf import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'whatif.db'}",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "SNF_STORAGE_PATH": str(workdir / "storage"),
            # The generator signs certificates: not with the repo's instance/keys.
            "SNF_KEYS_PATH": str(workdir / "keys"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "SNF_PUBLIC_URL": "http://127.0.0.1",
        }
    )


def _prepare() -> None:
    from flask_migrate import upgrade

    from snf.database import utcnow
    from snf.extensions import db
    from snf.norms import services as norms

    upgrade()
    norms.load_shipped(None, now=utcnow())
    db.session.commit()


def _grow_to(size: int) -> tuple[int, float]:
    """Generate companies until about ``size`` locations; (locations, seconds)."""
    from sqlalchemy import func, select

    from snf.database import utcnow
    from snf.demo_scale import generate
    from snf.extensions import db
    from snf.inspections.models import Location

    started = time.perf_counter()
    generate(round(size / LOCATIONS_PER_COMPANY), now=utcnow())
    db.session.commit()
    seconds = time.perf_counter() - started
    # What the generator left in this process is not what-if's: a job runs
    # in a worker without it (otherwise the collector's passes over the
    # generator's objects grow with the size and are timed as what-if's).
    gc.collect()
    gc.freeze()
    return db.session.scalar(select(func.count(Location.id))), seconds


def _time_whatif(version, on) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    from snf.inspections.whatif import run_whatif

    started, cpu = time.perf_counter(), time.process_time()
    run_whatif(version, on)
    return time.perf_counter() - started, time.process_time() - cpu


def _measure(sizes) -> WhatIfResult:
    from snf.database import local_today
    from snf.norms import services as norms

    _prepare()
    version, on = norms.get_version("SNF", "2024.1"), local_today()
    points, generating = [], 0.0
    for number, size in enumerate(sizes):
        print(f"  {NAME}: generating ~{size:,} locations ...", file=sys.stderr)
        locations, seconds = _grow_to(size)
        generating += seconds
        if number == 0:
            _time_whatif(version, on)  # warm-up: compile, caches, page cache
        points.append(Point(size, locations, *_time_whatif(version, on)))
    return WhatIfResult(version.label, points, generating, job_seconds=_time_job(on))


def _time_job(on) -> float:
    """The job *Run as a job* starts: SNF 2021.1 against 2024.1, with flips."""
    from snf.inspections.jobs import whatif_job

    started = time.perf_counter()
    whatif_job(
        versions=["SNF:2021.1", "SNF:2024.1"], on=on.isoformat(), progress=_ignore
    )
    return time.perf_counter() - started


def _ignore(done: int, total: int) -> None:
    return None


def run_scaling(sizes=SIZES) -> WhatIfResult:
    """Measure what-if at each size on a throw-away database."""
    with tempfile.TemporaryDirectory(prefix="snf-whatif-") as tmp:
        app = _app(Path(tmp))
        try:
            with app.app_context():
                return _measure(sizes)
        except Exception as exc:  # report it like a failed endpoint, don't crash
            return WhatIfResult("SNF 2024.1", error=f"{type(exc).__name__}: {exc}")
        finally:
            with app.app_context():
                from snf.extensions import db

                db.session.remove()
                db.engine.dispose()


def as_json(result: WhatIfResult) -> dict:
    """The result with the derived figures, for the JSON file."""
    points = [
        {**asdict(p), "locations_per_s": p.per_s, "us_per_location": p.us_per_location}
        for p in result.points
    ]
    return {**asdict(result), "points": points, "spread": result.spread,
            "linear": result.linear}  # fmt: skip


def table(result: WhatIfResult) -> str:
    """Seconds and locations/s per size, and the verdict on linear growth."""
    title = f"what-if, {result.version} over the latest inspection of each location"
    if result.error:
        return f"{title}\nERROR: {result.error}"
    rows = [
        [
            f"{p.size:,}",
            f"{p.locations:,}",
            f"{p.seconds:.2f}",
            f"{p.cpu_seconds:.2f}",
            f"{p.per_s:,.0f}",
            f"{p.us_per_location:,.0f}",
        ]
        for p in result.points
    ]
    headers = ["size", "locations", "seconds", "CPU s", "locations/s", "us/location"]
    lines = [title, format_table(headers, rows, right={0, 1, 2, 3, 4, 5})]
    if result.spread is not None:
        shape = "linear" if result.linear else "NOT linear"
        lines.append(
            f"growth: {shape} (time per location varies {result.spread:.2f}x "
            f"across sizes; linear means <= {LINEAR_SPREAD:.2f}x)"
        )
    if result.job_seconds and result.points:
        lines.append(
            f"what-if job (SNF 2021.1 against 2024.1, with flips) at "
            f"{result.points[-1].locations:,} locations: {result.job_seconds:.2f} s"
        )
    lines.append(f"data generated in {result.generate_seconds:.1f} s (not timed)")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m benchmarks.whatif: this one alone
    print(table(run_scaling()))
