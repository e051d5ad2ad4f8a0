"""A full register built around a simple list: the arrangements and their members are the
list's, everything else (task areas, regions, the survey's figures and findings, the tile layout,
the municipalities) the shipped register's, and the register says so in one sentence (`parts`).
The result is handed to kommunekart.domain.register as raw tables, so it is typed and checked
by exactly the checks every register passes.

A user's own list is not the 2020 survey and not a public source, so its rows get their own
`basis`, «eget-register»: the coverage line counts them apart («N fra eget register») and never
as the survey's own rows, and the survey-only view (`utvalg=kartlegging`) leaves them out.
`as_of` is the row's «År» where given, else «udatert»; `confidence` is «stated-2020» for a row
that says 2020 and «stated-other-year» otherwise (as the shipped register dates undated rows);
`source` is the row's «Kilde», else the list itself with its row. The survey's own lists
(survey_lists: which shipped arrangements are the lines of a slide) name the shipped
arrangements, so they are left out; the figures stay the survey's."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kommunekart.domain.names import Gazetteer, shipped_gazetteer
from kommunekart.domain.problems import Problem
from kommunekart.domain.reading import RawTable, read_folder
from kommunekart.domain.schema import TABLES_BY_NAME
from kommunekart.domain.simple_list import Sheet, header_key, header_problems
from kommunekart.domain.simple_rows import Entry, Lists, read_rows
from kommunekart.geo.gazetteer import MUNICIPALITY_FILE, municipalities
from kommunekart.paths import DATA_DIR

OWN_BASIS = "eget-register"
UNDATED = "udatert"
LEFT_OUT = ("survey_lists",)  # tables of the shipped register that name its own arrangements
BOUNDARY_SOURCE = f"Kartverket, kommuner 2020 (geodata/manifest.json: {MUNICIPALITY_FILE})"


@dataclass
class Built:
    raw: dict[str, RawTable | None] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: tuple[str, ...] = ()
    parts: str = ""


NORDLAND = "Nordland"
NORDLAND_ONLY = {"region_layers", "regions", "survey_lists", "tile_layout"}  # drawn on its map


def parts_text(count: int, where: str, county: str = NORDLAND) -> str:
    """Which parts of the register are whose, as the page and `kommunekart check` say it."""
    if county != NORDLAND:
        return (f"Ordningene: din liste ({count}, {where}), i {county}. Oppgaveområdene og "
                "kartleggingens tall og funn: det medfølgende registeret (Nordlands kartlegging "
                f"2020). Kommunene: Kartverkets grensefil. Nordlands regioner og rutekart er "
                f"utelatt; de finnes ikke for {county}.")
    return (f"Ordningene: din liste ({count}, {where}). Oppgaveområder, regioner, kartleggingens "
            "tall og funn, rutekartet og kommunene: det medfølgende registeret (kommuner det ikke "
            "har, fra Kartverkets grensefil).")


def list_county(entries: list[Entry], gaz: Gazetteer) -> str:
    """The county most of the list's members lie in (Nordland for an empty list)."""
    counties = Counter(gaz.municipalities[k].county for e in entries for k in e.members)
    return counties.most_common(1)[0][0] if counties else NORDLAND


def _task_lists(raw: RawTable | None) -> tuple[dict[str, str], tuple[str, ...]]:
    if raw is None:
        return {}, ()
    header, rows = raw
    i, n = header.index("task_area_id"), header.index("name")
    by = {header_key(c[i]): c[i] for _, c in rows} | {header_key(c[n]): c[i] for _, c in rows}
    return by, tuple(c[n] for _, c in rows)


def build(sheet: Sheet, boundary: str, shipped: Path = DATA_DIR) -> Built:
    """The register's raw tables with the list's arrangements, or the list's problems."""
    out = Built()
    shipped_raw = read_folder(shipped, out.problems, {})
    if out.problems:  # the shipped register itself: never expected
        return out
    gaz = shipped_gazetteer(municipalities(boundary))
    tasks, task_names = _task_lists(shipped_raw.get("task_areas"))
    read = read_rows(sheet, Lists(gaz, tasks, task_names))
    out.problems = [*header_problems(sheet), *read.problems]
    if not read.entries and not out.problems:
        out.problems.append(Problem(sheet.where, None, None, "listen har ingen ordninger (bare "
                                    "overskriftsraden)", kind="mangler"))
    if out.problems:
        return out
    county = list_county(read.entries, gaz)
    # Nordland's service regions, survey lists and tile layout are of no use for another county's
    # list: they would be drawn outside its map, so they are left out, and the page says so.
    left_out = LEFT_OUT if county == NORDLAND else {*LEFT_OUT, *NORDLAND_ONLY}
    out.raw = {k: v for k, v in shipped_raw.items() if k not in left_out}
    out.raw["arrangements"] = _arrangements(read.entries, sheet.where)
    out.raw["memberships"] = _memberships(read.entries)
    out.raw["municipalities"] = _municipalities(shipped_raw["municipalities"], read.entries, gaz,
                                                county)
    out.where = {name: (sheet.where if name in ("arrangements", "memberships")
                        else f"{t.filename} (medfølgende register)")
                 for name, t in TABLES_BY_NAME.items()}
    out.notices = tuple(f"{text} (rad {', '.join(map(str, rows))})"
                        for text, rows in read.notices.items())
    out.parts = parts_text(len(read.entries), sheet.where, county)
    return out


def _arrangements(entries: list[Entry], where: str) -> RawTable:
    header = list(TABLES_BY_NAME["arrangements"].column_names)
    rows = []
    for e in entries:
        record = {
            "arrangement_id": e.arrangement_id, "name": e.name, "task_area_id": e.task_area_id,
            "legal_form": e.legal_form, "host_kommunenummer": e.host, "founded": e.founded,
            "basis": OWN_BASIS, "as_of": e.year or UNDATED,
            "confidence": "stated-2020" if e.year == "2020" else "stated-other-year",
            "members_complete": "true",
            "source": e.source or f"Egen liste: {where}, rad {e.row}", "note": e.note,
        }
        rows.append((e.row, [record[c] for c in header]))
    return header, rows


def _memberships(entries: list[Entry]) -> RawTable:
    return (["arrangement_id", "kommunenummer", "name"],
            [(e.row, [e.arrangement_id, k, ""]) for e in entries for k in e.members])


def _municipalities(raw: RawTable | None, entries: list[Entry], gaz: Gazetteer,
                    county: str = NORDLAND) -> RawTable:
    """The shipped table, and every municipality the list names that it lacks, as the boundary
    file gives it (no population: never guessed); for a list of another county's arrangements,
    all of that county's municipalities, so the map draws the whole county."""
    header, rows = raw if raw is not None else (list(TABLES_BY_NAME["municipalities"]
                                                     .column_names), [])
    rows = list(rows)
    known = {cells[header.index("kommunenummer")] for _, cells in rows}
    named = [(e.row, k) for e in entries for k in e.members]
    if county != NORDLAND:
        first = named[0][0]
        named += [(first, k) for k, m in sorted(gaz.municipalities.items()) if m.county == county]
    for row, k in named:
        if k in known:
            continue
        known.add(k)
        m = gaz.municipalities[k]
        record = {"kommunenummer": k, "name": m.name, "county": m.county,
                  "in_nordland": "true" if m.county == "Nordland" else "false",
                  "source": BOUNDARY_SOURCE}
        rows.append((row, [record.get(c, "") for c in header]))
    return header, rows
