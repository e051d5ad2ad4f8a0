"""What each table and column of a register means, in Norwegian, with an example value, as the
register's workbook explains it on its «Les meg» sheet. Written once, as data
(data/app/register_guide.csv: one row per table, its column empty, and one per column); the
schema (kommunekart.domain.schema) says the rest: required or not, allowed values."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kommunekart.domain.schema import TABLES
from kommunekart.paths import DATA_DIR

GUIDE_FILE = DATA_DIR / "app" / "register_guide.csv"  # the app's, not a register table


@dataclass(frozen=True)
class Entry:
    description: str
    example: str = ""


def read_guide(path: Path = GUIDE_FILE) -> dict[tuple[str, str], Entry]:
    """{(table, column or ""): Entry}, every table and column of the schema and nothing else
    (ValueError naming what is missing or unknown: the guide and the schema must agree)."""
    with path.open(encoding="utf-8", newline="") as handle:
        entries = {(r["table"], r["column"]): Entry(r["description"].strip(), r["example"].strip())
                   for r in csv.DictReader(handle)}
    wanted = {(t.name, c) for t in TABLES for c in ("", *t.column_names)}
    missing, unknown = sorted(wanted - set(entries)), sorted(set(entries) - wanted)
    empty = sorted(k for k, e in entries.items() if not e.description)
    if missing or unknown or empty:
        raise ValueError(f"{path.name}: mangler {missing}, ukjent {unknown}, uten tekst {empty}")
    return entries


@lru_cache(maxsize=1)
def guide() -> dict[tuple[str, str], Entry]:
    return read_guide()
