"""What the steps share: the plan, the ids inserted so far, and the batch insert."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert

from snf.extensions import db

BATCH = 2000


@dataclass
class Run:
    """The plan, and the ids the earlier steps inserted.

    A company row also carries (keys that are not columns are left out on
    insert): ``body_id`` (its inspection body), ``locations`` (its location
    rows) and ``periods`` (its registration history, see history.py).
    """

    now: datetime
    companies: list[dict] = field(default_factory=list)  # organisation rows
    locations: list[dict] = field(default_factory=list)  # location rows
    visits: list[dict] = field(default_factory=list)  # per location: inspection plan
    names: set[str] = field(default_factory=set)  # company names in use
    sign: Callable[[dict], str] | None = None  # certificate payloads
    progress: Callable[[int, int], None] | None = None
    done: int = 0
    total: int = 0

    def advance(self, units: int) -> None:
        self.done += units
        if self.progress is not None:
            self.progress(self.done, self.total)


@dataclass(frozen=True)
class Step:
    run: Callable[[Run], dict]  # does the work, returns counts
    units: Callable[[Run], int]  # progress units it will advance, from the plan


def insert_rows(table, rows: list[dict], returning: bool = False) -> list[int]:
    """Core ``insert()`` in batches of BATCH; the ids in row order if asked."""
    ids: list[int] = []
    columns = {c.name for c in table.columns}
    for start in range(0, len(rows), BATCH):
        batch = [
            {k: v for k, v in row.items() if k in columns}
            for row in rows[start : start + BATCH]
        ]
        if returning:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += db.session.execute(stmt, batch).scalars().all()
        elif batch:
            db.session.execute(insert(table), batch)
    return ids
