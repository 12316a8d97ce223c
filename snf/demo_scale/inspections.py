"""The first steps: companies, locations, and their judged inspections.

Each inspection is judged with ``norms.compiled(version).evaluate`` and
``norms.only_part(..., "location")``, storing the verdict, results and findings
that ``submit_inspection`` would store. Left out on purpose: audit entries and
the settling of earlier findings (every location has one inspection). Findings
stay open, as a submission leaves them.
"""

import zlib
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from snf.auth.models import Organisation
from snf.demo_scale.run import BATCH, Run, insert_rows
from snf.errors import Conflict
from snf.extensions import db
from snf.inspections.findings import DEFAULT_MAJOR_DAYS
from snf.inspections.models import Finding, Inspection, Location
from snf.norms import services as norms
from snf.norms.models import Requirement

NORM = "SNF"


def insert_companies(run: Run) -> dict:
    for company, id_ in zip(
        run.companies,
        insert_rows(Organisation.__table__, run.companies, True),
        strict=True,
    ):
        company["id"] = id_
    run.advance(len(run.companies))
    return {"companies": len(run.companies)}


def insert_locations(run: Run) -> dict:
    for start in range(0, len(run.locations), BATCH):
        batch = run.locations[start : start + BATCH]
        for location in batch:
            location["company_id"] = location["company"]["id"]
        for location, id_ in zip(
            batch, insert_rows(Location.__table__, batch, True), strict=True
        ):
            location["id"] = id_
        run.advance(len(batch))
    beds = sum(loc["beds"] for loc in run.locations)
    return {"locations": len(run.locations), "beds": beds}


class _Judge:
    """The version in force per date, compiled once, and its requirement ids."""

    def __init__(self, today: date):
        self.today = today
        self._on: dict[date, object] = {}
        self._ids: dict[int, dict[str, int]] = {}
        self._yes_no: dict[int, dict[str, bool]] = {}

    def version(self, on: date):
        if on not in self._on:
            found = norms.find_version_in_force(NORM, on)
            if found is None:
                raise Conflict(f"No {NORM} version in force on {on}: load the norms.")
            self._on[on] = found
        return self._on[on]

    def yes_no_items(self, version) -> dict[str, bool]:
        """The location items without a rule, all answered yes."""
        if version.id not in self._yes_no:
            self._yes_no[version.id] = {
                r.code: True
                for r in version.requirements
                if r.rule is None and r.part == "location"
            }
        return dict(self._yes_no[version.id])

    def requirement_ids(self, version) -> dict[str, int]:
        if version.id not in self._ids:
            query = select(Requirement.code, Requirement.id).where(
                Requirement.version_id == version.id
            )
            self._ids[version.id] = dict(db.session.execute(query).all())
        return self._ids[version.id]


def insert_inspections(run: Run) -> dict:
    judge = _Judge(run.now.date())
    counts = {"inspections": 0, "non_conform": 0, "findings": 0}
    for start in range(0, len(run.visits), BATCH):
        rows, failed = [], []
        for location, visit in zip(
            run.locations[start : start + BATCH],
            run.visits[start : start + BATCH],
            strict=True,
        ):
            row, fails = _judged(judge, location, visit)
            rows.append(row)
            failed.append(fails)
        ids = insert_rows(Inspection.__table__, rows, True)
        findings = [
            {**finding, "inspection_id": id_}
            for id_, fails in zip(ids, failed, strict=True)
            for finding in fails
        ]
        insert_rows(Finding.__table__, findings)
        counts["inspections"] += len(rows)
        counts["non_conform"] += sum(r["verdict"] != "conform" for r in rows)
        counts["findings"] += len(findings)
        counts["findings_closed"] = counts.get("findings_closed", 0) + sum(
            f["status"] == "closed" for f in findings
        )
        run.advance(len(rows))
    return counts


def _judged(judge: _Judge, location: dict, visit: dict) -> tuple[dict, list[dict]]:
    on, inspector = visit["inspected_on"], visit["inspector"]
    version = judge.version(on)
    observations = visit["observations"]
    observations.setdefault("answers", judge.yes_no_items(version))
    evaluation = norms.only_part(
        norms.compiled(version).evaluate(observations, on=on, lang="en"),
        version,
        "location",
    )
    row = {
        "company_id": location["company_id"], "location_id": location["id"],
        "inspection_body_id": inspector.organisation_id, "inspector_id": inspector.id,
        "kind": "periodic", "announced": True, "scheduled_for": on,
        "inspected_on": on, "status": "submitted", "norm_version_id": version.id,
        "observations": observations, "revision": 1, "verdict": evaluation.verdict,
        "results": [_result_row(r) for r in evaluation.results],
        "started_at": visit["started_at"], "submitted_at": visit["submitted_at"],
        "created_at": visit["created_at"],
    }  # fmt: skip
    return row, _findings(judge, version, row, evaluation.results)


def _result_row(result) -> dict:
    # The keys of services._result_dict: what submit_inspection stores.
    return {
        "requirement": result.requirement,
        "section": result.section,
        "outcome": result.outcome,
        "severity": result.severity,
    }


def _findings(judge, version, row: dict, results) -> list[dict]:
    # As findings.major_due: the version's settings give the days for a major.
    days = int((version.settings or {}).get("major_finding_days", DEFAULT_MAJOR_DAYS))
    ids = judge.requirement_ids(version)
    found = []
    for r in (r for r in results if r.outcome == "fail"):
        due = row["inspected_on"] + timedelta(days=days)
        finding = {
            "company_id": row["company_id"],
            "location_id": row["location_id"],
            "requirement_id": ids[r.requirement],
            "requirement_code": r.requirement,
            "severity": r.severity,
            "status": "open",
            "due": due if r.severity == "major" else None,
            "escalated_from_minor": False,
            "created_at": row["submitted_at"],
            "closed_at": None,
            "closed_how": None,
        }
        found.append({**finding, **_settled(finding, row, judge.today)})
    return found


# How generated findings end: most majors past their deadline were closed in
# time, alternately by repair letter and by re-inspection; the rest stay open
# (overdue), as do majors still within their deadline. Minors found more than
# six months ago were mostly fixed by the next visit. Chosen per finding from
# a hash, so every run settles the same findings.
CLOSED_SHARE = 3  # of 4


def _settled(finding: dict, row: dict, today: date) -> dict:
    key = f"{row['location_id']}:{finding['requirement_code']}".encode()
    draw = zlib.crc32(key)
    if finding["severity"] == "major":
        if finding["due"] >= today or draw % 4 >= CLOSED_SHARE:
            return {}
        how = "repair_letter" if draw % 2 else "reinspection"
        closed_on = finding["due"] - timedelta(days=1 + draw % 20)
    else:
        if (today - row["inspected_on"]).days < 183 or draw % 4 >= CLOSED_SHARE:
            return {}
        how, closed_on = "reinspection", row["inspected_on"] + timedelta(days=150)
    closed_at = datetime.combine(closed_on, time(10), tzinfo=UTC)
    return {"status": "closed", "closed_at": closed_at, "closed_how": how}
