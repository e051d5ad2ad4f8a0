"""Load a cooperation register (a folder of CSV files or one XLSX workbook), validate it whole,
and hand back typed tables. A register with any problem is refused whole, never half-loaded.

Reading the raw rows is kommunekart.domain.reading's, the checks across tables
kommunekart.domain.cross_checks'; Problem and RegisterError (kommunekart.domain.problems) and
the CSV helpers are importable from here too."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kommunekart.domain import limits
from kommunekart.domain import problem_kinds as kinds
from kommunekart.domain.cell_checks import explain_formulas, formula_cells, table_cell_problems
from kommunekart.domain.cross_checks import content_problems, cross_checks
from kommunekart.domain.name_columns import name_problems
from kommunekart.domain.problems import ROW, Problem, RegisterError
from kommunekart.domain.reading import (
    Progress,
    RawTable,
    TooBigError,
    decode_csv,
    plain,
    read_as_text,
    read_folder,
    read_workbook,
    sniff_delimiter,
)
from kommunekart.domain.schema import BOOLEANS, TABLES, TABLES_BY_NAME, WORKBOOK_SUFFIXES, Column, Table
from kommunekart.domain.simple_list import Sheet, recognise
from kommunekart.domain.simple_register import build as build_simple
from kommunekart.geo import geodata
from kommunekart.geo.gazetteer import MUNICIPALITY_FILE

__all__ = ["ROW", "Problem", "Progress", "Register", "RegisterError", "boundary_problems",
           "check_register", "decode_csv", "load_register", "plain", "sniff_delimiter"]

KOMMUNENUMMER = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Register:
    source: str
    municipalities: pd.DataFrame
    task_areas: pd.DataFrame
    arrangements: pd.DataFrame
    memberships: pd.DataFrame
    region_layers: pd.DataFrame
    regions: pd.DataFrame
    tile_layout: pd.DataFrame
    survey_figures: pd.DataFrame
    survey_findings: pd.DataFrame
    survey_lists: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    read_as: str = ""  # how the files were read: «semikolonseparert Windows-1252», «XLSX-arbeidsbok»
    parts: str = ""  # which parts are whose, when not all are the register's own (a simple list)
    notices: tuple[str, ...] = ()  # what was read into the register's names (a simple list)


# ---------------------------------------------------------------- per-table checks


def _where(source_is_workbook: bool, workbook: str, table: Table) -> str:
    return f"{workbook} [{table.name}]" if source_is_workbook else table.filename


def _parse_value(col: Column, value: str) -> tuple[object, str | None]:
    """Return (typed value, problem text or None)."""
    if value == "":
        return (None, "verdi mangler") if col.required else (None, None)
    if col.choices and value not in col.choices:
        return None, f"«{value}» er ikke en tillatt verdi ({', '.join(col.choices)})"
    if col.kind == "kommunenummer":
        if not KOMMUNENUMMER.match(value):
            return None, f"kommunenummer «{value}» er ikke fire sifre"
        return value, None
    if col.kind == "bool":
        if value not in BOOLEANS:
            return None, f"«{value}» er ikke true eller false"
        return value == "true", None
    if col.kind in ("int", "float"):
        try:
            number = float(value.replace(",", ".")) if col.kind == "float" else int(value)
        except ValueError:
            return None, f"«{value}» er ikke et {'tall' if col.kind == 'float' else 'heltall'}"
        if (col.min_value is not None and number < col.min_value) or (
            col.max_value is not None and number > col.max_value
        ):
            return None, f"{value} er utenfor {col.min_value:g}–{col.max_value:g}" if (
                col.max_value is not None) else f"{value} er under {col.min_value:g}"
        return number, None
    return value, None


def _parse_table(table: Table, raw: RawTable, where: str, problems: list[Problem]) -> pd.DataFrame:
    header, rows = raw
    expected = table.column_names
    named = [c for c in header if c in table.name_columns]  # kept to be checked, then dropped
    missing = [c for c in expected if c not in header and c not in table.optional_columns]
    unknown = [c for c in header if c not in expected and c not in table.name_columns]
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in missing:
        problems.append(Problem(where, 1, c, "kolonnen mangler", kind=kinds.MISSING))
    for c in unknown:
        problems.append(Problem(where, 1, c or "(tom)", "ukjent kolonne", kind=kinds.UNKNOWN_COLUMN))
    for c in dupes:
        problems.append(Problem(where, 1, c, "kolonnen står flere ganger", kind=kinds.DUPLICATE))
    if missing or unknown or dupes:
        return _empty(table)
    index = {c: header.index(c) for c in expected if c in header}
    records = []
    for row_number, cells in rows:
        if len(cells) != len(header):
            problems.append(Problem(where, row_number, None,
                                    f"{len(cells)} felt, forventet {len(header)}",
                                    kind=kinds.FORMAT))
            continue
        record: dict[str, object] = {ROW: row_number}
        for col in table.columns:
            text = cells[index[col.name]].strip() if col.name in index else ""
            value, problem = _parse_value(col, text)
            if problem:
                problems.append(Problem(where, row_number, col.name, problem,
                                        *_value_kind(col, text)))
            record[col.name] = value
        record.update({c: cells[header.index(c)].strip() for c in named})
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[ROW, *expected, *named])
    seen = frame.duplicated(list(table.key), keep="first")
    for _, dup in frame[seen].iterrows():
        key = ", ".join(f"{k}={dup[k]}" for k in table.key)
        problems.append(Problem(where, int(dup[ROW]), table.key[0], f"dobbel nøkkel ({key})",
                                kind=kinds.DUPLICATE))
    return _typed(table, frame)


def _value_kind(col: Column, text: str) -> tuple[str | None, str]:
    """(suggestion, kind) of a cell _parse_value refused: a missing value, one outside the
    allowed ones (with the nearest allowed one, if one is near), or one of the wrong format."""
    if text == "":
        return None, kinds.MISSING
    if col.choices and text not in col.choices:
        near = difflib.get_close_matches(text.lower(), [c.lower() for c in col.choices], 1, 0.6)
        lower = {c.lower(): c for c in col.choices}
        return (lower[near[0]] if near else None), kinds.UNKNOWN_VALUE
    return None, kinds.FORMAT


def _empty(table: Table) -> pd.DataFrame:
    return _typed(table, pd.DataFrame(columns=[ROW, *table.column_names]))


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in table.columns:
        series = out[col.name]
        if col.kind == "int":
            out[col.name] = pd.array(series.tolist(), dtype="Int64")
        elif col.kind == "float":
            out[col.name] = pd.array(series.tolist(), dtype="Float64")
        elif col.kind == "bool":
            out[col.name] = series.fillna(False).astype(bool)
        else:
            out[col.name] = series.astype("string")
    out[ROW] = out[ROW].astype("Int64")
    return out


# ---------------------------------------------------------------- entry point


def _not_a_register(path: Path) -> Problem | None:
    """What a path given as a register is when it is not one: missing, a format we do not read
    (.xls, .ods), a lone CSV file, or some other file."""
    name = path.name or str(path)
    if not path.exists():
        return Problem(str(path), None, None, "finnes ikke (forventet en mappe eller en .xlsx-fil)")
    if path.is_dir():
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError as err:
        return Problem(name, None, None, f"kan ikke leses ({err.strerror or type(err).__name__})")
    unsupported = limits.sniff_unsupported(head, name)
    if unsupported:
        return Problem(name, None, None, unsupported)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return None
    if path.suffix.lower() == ".csv":
        return Problem(name, None, None, "én CSV-fil er ikke et register: gi mappen med CSV-filene "
                                         "(én per tabell) eller en .xlsx-arbeidsbok, eller en "
                                         "enkel liste med kolonnene «Navn samarbeidsordning» og "
                                         "«Deltakerkommuner»")
    return Problem(name, None, None, "er en fil, men ikke et register (forventet en mappe med "
                                     "CSV-filer eller en .xlsx-arbeidsbok)")


def load_register(path: str | Path, progress: Progress | None = None,
                  boundary: str | Path | None = None) -> Register:
    """Read and validate a register; raise RegisterError listing every problem found.
    `progress` is told each stage (for an upload's «Kontrollerer …»). One sheet or one CSV file
    whose headers are a simple list is built into a full register (kommunekart.domain.
    simple_register), its names resolved against `boundary` (default: the verified file)."""
    path = Path(path)
    simple = recognise(path)
    if simple is not None:
        return _load_simple(path, simple, progress, boundary)
    problems: list[Problem] = []
    refused = _not_a_register(path)
    if refused:
        raise RegisterError(str(path), [refused])
    is_workbook = path.is_file()
    formats: dict[str, tuple[str, str | None]] = {}
    formulas: dict[str, frozenset[tuple[int, int]]] = {}
    try:
        if is_workbook:
            raw = read_workbook(path, problems, progress, formulas)
            read_as = "XLSX-arbeidsbok"
        else:
            if progress:
                progress("leser CSV-filene")
            raw = read_folder(path, problems, formats)
            read_as = read_as_text(formats)
    except TooBigError as err:
        raise RegisterError(str(path), [*problems, err.problem]) from None
    if progress:
        progress("kontrollerer tabellene")
    where = {t.name: _where(is_workbook, path.name, t) for t in TABLES}
    tables = _checked_tables(raw, where, problems, formulas)
    if problems:
        raise RegisterError(str(path), problems)
    return Register(source=str(path), read_as=read_as,
                    **schema_columns(tables))


def schema_columns(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each table with the schema's columns only: the row numbers and the checked name columns
    beside a kommunenummer (outputs/register_book.py writes them) dropped."""
    return {k: v[list(TABLES_BY_NAME[k].column_names)] for k, v in tables.items()}


def _checked_tables(raw: dict[str, RawTable | None], where: dict[str, str],
                    problems: list[Problem],
                    formulas: dict[str, frozenset[tuple[int, int]]] | None = None
                    ) -> dict[str, pd.DataFrame]:
    """Every table typed and checked, alone and across tables; problems added to `problems`.
    Unreadable cells and a repeated header row are said first (cell_checks), the repeated
    header row dropped, so it is one problem and not one per column."""
    tables: dict[str, pd.DataFrame] = {}
    first, formula_at = len(problems), set()
    for table in TABLES:
        entry = raw.get(table.name)
        if entry is not None:
            rows, found = table_cell_problems(*entry, where[table.name])
            problems.extend(found)
            entry = raw[table.name] = (entry[0], rows)
            formula_at |= formula_cells(entry[0], (formulas or {}).get(table.name, frozenset()),
                                        where[table.name])
        tables[table.name] = (_parse_table(table, entry, where[table.name], problems)
                              if entry is not None else _empty(table))
    problems.extend(content_problems(tables, raw, where))
    problems.extend(cross_checks(tables, where))
    problems.extend(name_problems(tables, where))
    problems[first:] = explain_formulas(problems[first:], formula_at)
    return tables


def _load_simple(path: Path, simple: Sheet | list[Problem], progress: Progress | None,
                 boundary: str | Path | None) -> Register:
    """A simple list built into a full register and checked as every register is."""
    if isinstance(simple, list):
        raise RegisterError(str(path), simple)
    if progress:
        progress("kontrollerer den enkle listen")
    try:
        boundary = boundary or geodata.boundary_path(MUNICIPALITY_FILE)
    except geodata.GeodataError:
        raise RegisterError(str(path), [Problem(path.name, None, None, "kommunegrensene trengs "
                            "for å lese kommunenavnene i en enkel liste, men mangler på serveren "
                            "(kommunekart fetch-geodata)")]) from None
    built = build_simple(simple, str(boundary))
    if built.problems:
        raise RegisterError(str(path), built.problems)
    problems: list[Problem] = []
    tables = _checked_tables(built.raw, built.where, problems)
    if problems:
        raise RegisterError(str(path), problems)
    kind = "CSV-fil" if path.suffix.lower() == ".csv" else "XLSX-arbeidsbok"
    return Register(source=str(path), read_as=f"enkel liste ({kind})", parts=built.parts,
                    notices=built.notices, **schema_columns(tables))


def boundary_problems(register: Register, boundary_path: str | Path) -> list[Problem]:
    """Every municipality of the register must have a boundary in the verified file: a missing
    one would be a blank polygon, or a hole in a region outline. One problem per number."""
    from kommunekart.geo.basemap import boundaries  # geometry only when boundaries are checked

    known = set(boundaries(str(boundary_path))["kommunenummer"])
    mun = register.municipalities
    is_workbook = Path(register.source).suffix.lower() in WORKBOOK_SUFFIXES
    table = next(t for t in TABLES if t.name == "municipalities")
    where = _where(is_workbook, Path(register.source).name, table)
    return [Problem(where, None, "kommunenummer",
                    f"{k} ({name}) har ingen kommunegrense i grensefilen {Path(boundary_path).name}",
                    kind=kinds.UNKNOWN_MUNICIPALITY)
            for k, name in zip(mun["kommunenummer"], mun["name"], strict=True) if k not in known]


def check_register(path: str | Path, boundary_path: str | Path,
                   progress: Progress | None = None) -> Register:
    """What `kommunekart check`, `serve --register` and an upload all ask: the register read and
    validated, and every municipality with a boundary. RegisterError names every problem."""
    register = load_register(path, progress, boundary_path)
    if progress:
        progress("kontrollerer kommunegrensene")
    problems = boundary_problems(register, boundary_path)
    if problems:
        raise RegisterError(register.source, problems)
    return register
