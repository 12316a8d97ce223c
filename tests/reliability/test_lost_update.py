"""Lost-update detection with If-Match, made to race on purpose: several
tablets save the same draft from the same ETag at the same moment. Exactly
one save may win; the others must get 412 with the current draft."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from snf.extensions import db
from snf.inspections.models import Inspection
from tests.reliability.helpers import (
    FAILING,
    bulk_started_inspections,
)

pytestmark = pytest.mark.no_db

COPIES = 5
ROUNDS = 10
LOST_UPDATE = (
    "BUG: on PostgreSQL two PUT /observations with the same If-Match both get 200 "
    "(save_observations checks the revision it read, then writes revision+1 "
    "without a row lock or a conditional UPDATE; READ COMMITTED lets both through)"
)


def test_saves_from_one_etag_at_the_same_time_let_exactly_one_win(live_app):
    with live_app.app_context():
        seed = bulk_started_inspections(ROUNDS, inspectors=1)
    client = live_app.test_client()
    outcomes = []
    with ThreadPoolExecutor(max_workers=COPIES) as pool:
        for inspection_id in seed.inspection_ids:
            headers = seed.headers[inspection_id]
            url = f"/api/v1/inspections/{inspection_id}"
            etag = client.get(url, headers=headers).headers["ETag"]
            barrier = threading.Barrier(COPIES)

            def save(n, url=url, headers=headers, etag=etag, barrier=barrier):
                body = {"observations": {**FAILING, "wall_sockets": n}}
                barrier.wait()
                return n, live_app.test_client().put(
                    url + "/observations",
                    headers={**headers, "If-Match": etag},
                    json=body,
                )

            answers = list(pool.map(save, range(COPIES)))
            outcomes.append((inspection_id, answers))

    for inspection_id, answers in outcomes:
        statuses = sorted(r.status_code for _n, r in answers)
        assert statuses == [200] + [412] * (COPIES - 1)
        winner = next(n for n, r in answers if r.status_code == 200)
        with live_app.app_context():
            draft = db.session.get(Inspection, inspection_id)
            assert draft.revision == 2
            assert draft.observations["wall_sockets"] == winner
        stale = next(r for _n, r in answers if r.status_code == 412)
        assert stale.get_json()["error"]["status"] == 412
