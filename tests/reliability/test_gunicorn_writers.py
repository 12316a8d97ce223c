"""50 concurrent writers against gunicorn with 4 workers, on a fresh SQLite
file (WAL) and, when SNF_TEST_DATABASE_URL is set, a fresh PostgreSQL database.

The writers save observations with If-Match on their own drafts and on one
SHARED draft (a 412 there is a correct answer: someone else saved first),
register locations and submit inspections with Idempotency-Keys. The load runs
3 s by default and 10 s with SNF_STRESS=1; the figures are printed (-s).
"""

import itertools
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from snf import audit, create_app
from tests.reliability.helpers import (
    FAILING,
    PG_URL,
    STRESS,
    bulk_started_inspections,
    fresh_postgres,
    release,
)
from tests.reliability.server import app_env, flask, gunicorn

pytestmark = pytest.mark.no_db

DURATION_S = 10.0 if STRESS else 3.0
WRITERS = {"shared": 16, "own": 14, "location": 10, "submit": 10}
SUBMITS_PER_WRITER = 60 if STRESS else 12
LOCKED = "database is locked"
EXPECTED = {"shared": {200, 412}, "own": {200}, "location": {201}, "submit": {200}}
LOST_UPDATE = (
    "BUG: concurrent PUT /observations with the same If-Match both succeed on "
    "PostgreSQL (READ COMMITTED, no row lock or conditional UPDATE on revision): "
    "snf/inspections/services.py save_observations"
)


@dataclass
class Plan:
    shared: int
    shared_headers: dict
    own: list[int]
    submit: list[list[int]]
    headers: dict[int, dict]
    kvk: str
    company_headers: dict
    staff_headers: dict
    seeded_locations: int


@dataclass
class Outcome:
    kind: str
    writer: int
    status: int
    body: str
    etag: str | None = None
    marker: tuple | None = None
    target: int | str | None = None
    replayed: bool = False


@dataclass
class Run:
    backend: str
    outcomes: list[Outcome]
    seconds: float
    stderr: str
    final: dict = field(default_factory=dict)

    def of(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]


# -- set-up -------------------------------------------------------------------


def _database(backend: str, tmp_path):
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'gunicorn.db'}", lambda: None
    if not PG_URL:
        pytest.skip("needs PostgreSQL: set SNF_TEST_DATABASE_URL")
    return fresh_postgres(f"snf_rel_gunicorn_{os.getpid()}")


def _seeded(url: str, workdir) -> Plan:
    """The rows the writers work on, made in-process and committed."""
    app = _app(url, workdir)
    total = 1 + WRITERS["own"] + WRITERS["submit"] * SUBMITS_PER_WRITER
    with app.app_context():
        seed = bulk_started_inspections(total, inspectors=WRITERS["own"])
        release()
    ids = seed.inspection_ids
    own = ids[1 : 1 + WRITERS["own"]]
    rest = ids[1 + WRITERS["own"] :]
    n = SUBMITS_PER_WRITER
    return Plan(
        shared=ids[0],
        shared_headers=seed.headers[ids[0]],
        own=own,
        submit=[rest[k * n : (k + 1) * n] for k in range(WRITERS["submit"])],
        headers=seed.headers,
        kvk=seed.company_kvk,
        company_headers=seed.company_headers,
        staff_headers=seed.staff_headers,
        seeded_locations=total,
    )


def _app(url: str, workdir):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "reliability-test-secret-key",
            "SNF_KEYS_PATH": str(workdir / "keys"),
            "SNF_STORAGE_PATH": str(workdir / "uploads"),
            "RATELIMIT_STORAGE_URI": "memory://",  # it serves no requests
            "SNF_PUBLIC_URL": "http://127.0.0.1",
        }
    )


# -- the writers ----------------------------------------------------------------


def _save(server, inspection_id, headers, kind, writer, seq) -> Outcome:
    url = f"/api/v1/inspections/{inspection_id}"
    etag = server.request("GET", url, headers).headers.get("ETag")
    marker = (writer, seq)
    observations = {**FAILING, "wall_sockets": writer, "fridge_litres": float(seq)}
    reply = server.request(
        "PUT",
        url + "/observations",
        {**headers, "If-Match": etag},
        {"observations": observations},
    )
    return Outcome(
        kind, writer, reply.status, reply.body, reply.headers.get("ETag"), marker
    )


def _location(server, plan: Plan, writer, seq) -> list[Outcome]:
    """Register a new address; every third one is sent twice (a retry)."""
    # Staff register new addresses at once; a company's would be requests.
    headers = {**plan.staff_headers, "Idempotency-Key": f"loc-{writer}-{seq}"}
    body = {
        "street": "Schrijversweg",
        "house_number": seq + 1,
        "postcode": f"{3000 + writer:04d} WR",
        "town": "Tilburg",
        "housing_type": "regular_dwelling",
        "beds": 4,
    }
    url = f"/api/v1/companies/{plan.kvk}/locations"
    sends = 2 if seq % 3 == 0 else 1
    return [_outcome("location", writer, server.request("POST", url, headers, body),
                     f"{writer}-{seq}") for _ in range(sends)]  # fmt: skip


def _submit(server, plan: Plan, writer, seq) -> list[Outcome]:
    """Submit the next inspection; every third is sent twice. When the
    writer's inspections are used up it goes on retrying old keys."""
    mine = plan.submit[writer]
    inspection_id = mine[seq % len(mine)]
    headers = {**plan.headers[inspection_id], "Idempotency-Key": f"sub-{inspection_id}"}
    url = f"/api/v1/inspections/{inspection_id}/submit"
    sends = 2 if seq % 3 == 0 else 1
    return [_outcome("submit", writer, server.request("POST", url, headers),
                     inspection_id) for _ in range(sends)]  # fmt: skip


def _outcome(kind, writer, reply, target) -> Outcome:
    replayed = reply.headers.get("Idempotent-Replayed") == "true"
    return Outcome(
        kind, writer, reply.status, reply.body, target=target, replayed=replayed
    )


def _writer(server, plan: Plan, kind: str, writer: int, deadline, out: list) -> None:
    for seq in itertools.count():
        if time.monotonic() >= deadline:
            return
        if kind == "shared":
            out.append(
                _save(server, plan.shared, plan.shared_headers, kind, writer, seq)
            )
        elif kind == "own":
            own = plan.own[writer]
            out.append(_save(server, own, plan.headers[own], kind, writer, seq))
        elif kind == "location":
            out.extend(_location(server, plan, writer, seq))
        else:
            out.extend(_submit(server, plan, writer, seq))


def _load(server, plan: Plan) -> tuple[list[Outcome], float]:
    out: list[Outcome] = []  # list.append is atomic under the GIL
    deadline = time.monotonic() + DURATION_S
    threads = [
        threading.Thread(target=_writer, args=(server, plan, kind, k, deadline, out))
        for kind, count in WRITERS.items()
        for k in range(count)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out, time.perf_counter() - started


def _final(server, plan: Plan) -> dict:
    def draft(inspection_id):
        url = f"/api/v1/inspections/{inspection_id}"
        return server.request("GET", url, plan.headers[inspection_id]).json()

    company = server.request(
        "GET", f"/api/v1/companies/{plan.kvk}", plan.company_headers
    ).json()
    submitted = [
        i for ids in plan.submit for i in ids if draft(i)["status"] == "submitted"
    ]
    return {
        "shared": draft(plan.shared),
        "own": {i: draft(i) for i in plan.own},
        "locations": len(company["locations"]),
        "submitted": set(submitted),
    }


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def run(request, tmp_path_factory) -> Run:
    """Prepare a database, start gunicorn, run the writers once per backend."""
    workdir = tmp_path_factory.mktemp(f"gunicorn-{request.param}")
    url, drop = _database(request.param, workdir)
    try:
        env = app_env(url, workdir)
        flask(env, "db", "upgrade")
        flask(env, "norms", "load")
        seeded = []
        booting = lambda: seeded.append(_seeded(url, workdir))  # noqa: E731
        with gunicorn(env, workdir, while_booting=booting) as server:
            plan = seeded[0]
            outcomes, seconds = _load(server, plan)
            final = _final(server, plan)
            final["plan"] = plan
        result = Run(request.param, outcomes, seconds, server.log(), final)
        with _app(url, workdir).app_context():
            final["audit_problems"] = audit.verify_chain()
            release()
    finally:
        drop()
    _print_figures(result)
    return result


def _print_figures(result: Run) -> None:
    writes = len(result.outcomes)
    requests = writes + len(result.of("shared")) + len(result.of("own"))  # GETs
    by_kind = {
        kind: dict(sorted(Counter(o.status for o in result.of(kind)).items()))
        for kind in WRITERS
    }
    print(
        f"\ngunicorn -w 4, {sum(WRITERS.values())} writers, {result.backend}: "
        f"{requests} requests ({writes} writes) in {result.seconds:.1f} s = "
        f"{requests / result.seconds:.0f} requests/s, "
        f"{writes / result.seconds:.0f} writes/s; statuses {by_kind}"
    )


# -- the checks -------------------------------------------------------------------


def test_no_server_error_and_no_locked_database(run):
    unexpected = [
        (o.kind, o.status, o.body[:200])
        for o in run.outcomes
        if o.status not in EXPECTED[o.kind]
    ]
    assert unexpected == []
    assert not any(LOCKED in o.body for o in run.outcomes)
    assert LOCKED not in run.stderr
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    # Some of every kind got through, however loaded the machine is.
    assert all(any(o.status < 300 for o in run.of(kind)) for kind in WRITERS)


def test_shared_draft_has_no_lost_update(run):
    saved = [o for o in run.of("shared") if o.status == 200]
    etags = [o.etag for o in saved]
    assert len(set(etags)) == len(etags), "two saves from one revision both won"
    shared = run.final["shared"]
    last = max(saved, key=lambda o: int(o.etag.strip('"').rsplit("-", 1)[1]))
    assert shared["revision"] == 1 + len(saved)
    observed = shared["observations"]
    assert (observed["wall_sockets"], observed["fridge_litres"]) == (
        last.marker[0],
        float(last.marker[1]),
    )


def test_own_drafts_locations_and_submissions_match_the_answers(run):
    plan = run.final["plan"]
    for writer, inspection_id in enumerate(plan.own):
        mine = [o for o in run.of("own") if o.writer == writer and o.status == 200]
        draft = run.final["own"][inspection_id]
        assert draft["revision"] == 1 + len(mine)
        assert draft["observations"]["fridge_litres"] == float(mine[-1].marker[1])
    created = {o.target for o in run.of("location") if o.status == 201}
    first_sends = [o for o in run.of("location") if not o.replayed]
    assert len(first_sends) == len(created)
    assert run.final["locations"] == plan.seeded_locations + len(created)
    submitted = {o.target for o in run.of("submit") if o.status == 200}
    assert submitted == run.final["submitted"]


def test_audit_chain_is_intact_after_the_load(run):
    assert run.final["audit_problems"] == []
