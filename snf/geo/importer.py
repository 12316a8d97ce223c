"""Loading the CBS files (DOMAIN.md §7): the list of municipalities and the
table "gemeente per postcode en huisnummer" (~8 million lines, read as a
stream and written in batches, so memory stays flat whatever the size).

A run replaces the address table as a whole in the caller's transaction:
running it twice gives the same table, and a failed run leaves the old one."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select

from snf.extensions import db
from snf.geo.models import AddressMunicipality, Municipality

BATCH = 20_000
PROGRESS_EVERY = 500_000


class ImportFileError(ValueError):
    """A file that is not in the CBS format; ``str()`` says what is missing."""


@contextmanager
def open_rows(path: str | Path, encoding="utf-8-sig") -> Iterator[csv.DictReader]:
    """Rows of a CBS CSV file, or of the first CSV in a CBS zip; `;` or `,`."""
    path = Path(path)
    with _open_text(path, encoding) as text:
        first = text.readline()
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        header = next(csv.reader([first], delimiter=delimiter), [])
        yield csv.DictReader(text, fieldnames=[h.strip() for h in header],
                             delimiter=delimiter)  # fmt: skip


@contextmanager
def _open_text(path: Path, encoding: str):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not names:
                raise ImportFileError(f"{path}: no CSV file in the zip")
            with archive.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding=encoding, newline="")
        return
    with path.open(encoding=encoding, newline="") as text:
        yield text


def _column(fieldnames, wanted: str) -> str:
    """The column named ``wanted``, or the first that starts with it (CBS
    puts the year in some names: Gemeente2025)."""
    names = list(fieldnames or ())
    for name in names:
        if name.lower() == wanted.lower():
            return name
    for name in names:
        if name.lower().startswith(wanted.lower()):
            return name
    raise ImportFileError(f"no column {wanted!r} in {names}")


@dataclass
class MunicipalityChanges:
    added: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    total: int = 0


def _encoding_of(path) -> str:
    """UTF-8, or Windows-1252 as a spreadsheet saves the list (Súdwest-Fryslân)."""
    if zipfile.is_zipfile(path):
        return "utf-8-sig"
    try:
        Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _municipality_row(row, columns) -> dict:
    gm, digits, name, pv, pv_digits, province = (row.get(c) or "" for c in columns)
    code = gm.strip().upper() or f"GM{digits.strip().zfill(4)}"
    province_code = pv.strip().upper() or f"PV{pv_digits.strip().zfill(2)}"
    if len(code) != 6 or not code[2:].isdigit() or not name.strip():
        raise ImportFileError(f"not a municipality: {dict(row)}")
    return {"code": code, "name": name.strip(), "province_code": province_code,
            "province": province.strip()}  # fmt: skip


def import_municipalities(path, *, now: datetime) -> MunicipalityChanges:
    """Upsert the list "gemeenten alfabetisch"; municipalities it no longer
    has (merged) become inactive, and stay for what still points at them."""
    changes = MunicipalityChanges()
    known = {m.code: m for m in db.session.scalars(select(Municipality))}
    seen = set()
    with open_rows(path, _encoding_of(path)) as rows:
        names = rows.fieldnames
        columns = [_column(names, n) for n in ("GemeentecodeGM", "Gemeentecode",
                   "Gemeentenaam", "ProvinciecodePV", "Provinciecode",
                   "Provincienaam")]  # fmt: skip
        for row in rows:
            values = _municipality_row(row, columns)
            seen.add(values["code"])
            _upsert_municipality(known, values, changes, now)
    for code, municipality in known.items():
        if code not in seen and municipality.active:
            municipality.active = False
            changes.ended.append(code)
    changes.ended.sort()
    changes.total = len(seen)
    db.session.flush()
    return changes


def _upsert_municipality(known, values, changes, now) -> None:
    municipality = known.get(values["code"])
    if municipality is None:
        municipality = Municipality(**values, updated_at=now)
        db.session.add(municipality)
        known[values["code"]] = municipality
        changes.added.append(values["code"])
        return
    if municipality.name != values["name"]:
        changes.renamed.append(values["code"])
    for name, value in {**values, "active": True}.items():
        setattr(municipality, name, value)
    municipality.updated_at = now


def import_addresses(path, progress: Callable[[int], None] | None = None) -> dict:
    """Replace the postcode + house number table by the file's lines; returns
    ``{"lines", "skipped"}``. Plain csv.reader and tuples: at 8 million lines
    every step per line counts."""
    db.session.execute(delete(AddressMunicipality))
    lines = skipped = 0
    batch: dict[tuple, tuple] = {}
    with open_rows(path) as rows:
        columns = [rows.fieldnames.index(_column(rows.fieldnames, n))
                   for n in ("PC6", "Huisnummer", "Gemeente")]  # fmt: skip
        for line in rows.reader:
            lines += 1
            parsed = _address_row(line, *columns)
            if parsed is None:
                skipped += 1
            else:
                batch[parsed[0], parsed[1]] = parsed
            if len(batch) >= BATCH:
                _write(batch)
            if progress and lines % PROGRESS_EVERY == 0:
                progress(lines)
    _write(batch)
    return {"lines": lines, "skipped": skipped}


def _address_row(line: list, pc6: int, number: int, code: int) -> tuple | None:
    try:
        postcode, house, municipality = line[pc6], line[number], line[code]
    except IndexError:
        return None
    postcode = postcode.replace(" ", "").upper()
    house, municipality = house.strip(), municipality.strip()
    if len(postcode) != 6 or not house.isdigit() or not municipality.isdigit():
        return None
    return postcode, int(house), "GM" + municipality.zfill(4)


UPSERT = (
    "INSERT INTO address_municipalities (postcode, house_number, municipality_code) "
    "VALUES ({p}, {p}, {p}) ON CONFLICT (postcode, house_number) "
    "DO UPDATE SET municipality_code = excluded.municipality_code"
)


def _write(batch: dict) -> None:
    """One executemany of plain tuples: the driver's fast path (SQLAlchemy's
    statement building costs more than the insert at 8 million lines). A
    pair repeated further on in the file replaces the earlier one."""
    if not batch:
        return
    connection = db.session.connection()
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        UPSERT.format(p=marker),
        list(batch.values()),
    )  # fmt: skip
    batch.clear()
