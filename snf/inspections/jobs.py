"""Long work of the inspections domain, run as jobs (snf.jobqueue)."""

from datetime import date

from snf.inspections import whatif
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
