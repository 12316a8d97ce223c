"""The CBS address import (issue 18.2) in lines per second, in-process.

``geo-import`` runs ``snf.geo.importer.import_addresses`` on a generated file
in the format of CBS's "pc6hnrYYYY0801_gwb.csv" (PC6;Huisnummer;Buurt;Wijk;
Gemeente, ``LINES`` lines spread over the demo's municipalities) into a fresh
SQLite database built by the migrations, and commits, as ``flask geo import``
does. Its floor is the plainest read of the same file: ``csv.reader`` over
every line, nothing kept. The real file has about 8 million lines: at the
measured rate the import takes 8,000,000 / (lines/s) seconds.

benchmarks.micro imports this module: no imports back.
"""

import atexit
import csv
import random
import secrets
import shutil
import tempfile
from functools import cache
from pathlib import Path

NAME = "geo-import"
LINES = 100_000
# CBS codes of municipalities in the demo's list (snf/geo/data/demo_gemeenten.csv).
CODES = ("0518", "1783", "0599", "0855", "0772", "0983", "0363", "0344", "0193")
LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
HEADER = "PC6;Huisnummer;Buurt2025;Wijk2025;Gemeente2025\n"


def write_file(path: Path, lines: int = LINES, seed: int = 2014) -> Path:
    """``lines`` address lines as CBS writes them, each pair once."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written = 0
        while written < lines:
            code = rng.choice(CODES)
            postcode = f"{rng.randrange(1000, 10000)}{rng.choice(LETTERS)}"
            postcode += rng.choice(LETTERS)
            houses = min(rng.randrange(1, 60), lines - written)
            for number in range(1, houses + 1):
                out.write(f"{postcode};{number};{code}0101;{code}01;{code}\n")
            written += houses
    return path


def _app(workdir: Path):
    from snf import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'geo.db'}",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SNF_STORAGE_PATH": str(workdir / "storage"),
        "SNF_KEYS_PATH": str(workdir / "keys"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SNF_PUBLIC_URL": "http://127.0.0.1",
    })  # fmt: skip


@cache
def setup():
    """A migrated database with the demo's municipalities, and the file."""
    from flask_migrate import upgrade

    from snf.database import utcnow
    from snf.extensions import db
    from snf.geo import importer
    from snf.geo.demo import DEMO_MUNICIPALITIES

    workdir = Path(tempfile.mkdtemp(prefix="snf-bench-geo-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    app = _app(workdir)
    with app.app_context():
        upgrade()
        importer.import_municipalities(DEMO_MUNICIPALITIES, now=utcnow())
        db.session.commit()
    return app, write_file(workdir / "pc6hnr20250801_gwb.csv")


def import_file(sample) -> dict:
    """``import_addresses`` of the whole file, committed (the table replaced)."""
    from snf.extensions import db
    from snf.geo.importer import import_addresses

    app, path = sample
    with app.app_context():
        counts = import_addresses(path)
        db.session.commit()
    if counts["lines"] != LINES or counts["skipped"]:
        raise ValueError(f"the import read {counts}, expected {LINES:,} lines")
    return counts


def parse_file(sample) -> int:
    """The floor: ``csv.reader`` over the same file, every line, nothing kept."""
    _app, path = sample
    with path.open(encoding="utf-8-sig", newline="") as text:
        return sum(1 for _line in csv.reader(text, delimiter=";")) - 1
