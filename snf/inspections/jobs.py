"""Long work of the inspections domain, run as jobs (snf.jobqueue)."""

from datetime import date

from flask import current_app

from snf.database import local_today, utcnow
from snf.inspections import whatif
from snf.inspections.planning_run import DUE_PATH, plan_year
from snf.norms import services as norms


def whatif_job(*, versions: list[str], on: str, progress) -> dict:
    """What-if of up to three versions (``"SNF:2024.1"``) over every location:
    how many are not conform under each, and how many change verdict."""
    picked = [norms.get_version(*v.split(":", 1)) for v in versions]
    day = date.fromisoformat(on)
    total = whatif.count_inspected_locations() * len(picked)
    runs = []
    for index, version in enumerate(picked):
        offset = index * (total // max(len(picked), 1))
        runs.append(
            whatif.run_whatif(
                version, day, lambda n, at=offset: progress(at + n, total)
            )
        )
        progress(offset + runs[-1].evaluated, total)
    flips = whatif.flips(runs) if len(runs) > 1 else []
    return {
        "on": on,
        "versions": [
            {
                "label": run.version.label,
                "evaluated": run.evaluated,
                "non_conform": run.non_conform,
            }
            for run in runs
        ],
        "flips": len(flips),
    }


def plan_year_job(*, year: str | int | None = None, progress) -> dict:
    """The yearly planning run (on the schedule on 2 January; a year runs
    once, asked again it returns what it found the first time)."""
    base = (current_app.config.get("SNF_PUBLIC_URL") or "").rstrip("/")
    period = int(year) if year else local_today().year
    return plan_year(period, url=base + DUE_PATH, now=utcnow(), progress=progress)
