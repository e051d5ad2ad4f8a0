"""The simple list: one sheet (XLSX) or one CSV of arrangements written the way people write
them, one row each: its name and its member municipalities by name, and optionally its task
area, legal form, host, year, source and note. Recognised by its headers (the deck's own «Nr,
Navn samarbeidsordning, Deltakerkommuner, Kom» and the template's; case and spacing ignored;
the header row may stand below a title). This module finds the sheet, the header row and the
cells; kommunekart.domain.simple_rows reads the rows and kommunekart.domain.simple_register
builds the full register around them."""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kommunekart.domain import limits
from kommunekart.domain.cell_checks import uncached
from kommunekart.domain.limits import column_number
from kommunekart.domain.problems import Problem
from kommunekart.domain.reading import Budget, TooBigError, _sheet_rows, _sheet_xml, decode_csv
from kommunekart.domain.schema import TABLES, WORKBOOK_SUFFIXES

# Each field of a simple list and the headers it is recognised by (normalised: lower case, single
# spaces, no trailing «:», «*» or «.»). The first spelling is the template's.
HEADERS: dict[str, tuple[str, ...]] = {
    "nr": ("nr", "nummer", "løpenummer", "løpenr"),
    "name": ("navn samarbeidsordning", "navn på samarbeidsordning", "navn på ordningen",
             "samarbeidsordning", "ordning", "navn"),
    "members": ("deltakerkommuner", "deltagerkommuner", "deltakere", "medlemskommuner",
                "medlemmer", "kommuner"),
    "kom": ("kom", "antall kommuner", "antall deltakere", "antall"),
    "task_area": ("oppgaveområde", "oppgave", "samarbeidsområde"),
    "legal_form": ("organisasjonsform", "organisering", "juridisk form", "selskapsform", "form"),
    "host": ("vertskommune", "vert"),
    "founded": ("etablert", "stiftet", "opprettet"),
    "year": ("år", "årstall", "gjelder år"),
    "source": ("kilde", "kilder"),
    "note": ("merknad", "merknader", "kommentar", "notat"),
}
TEMPLATE_HEADERS = ("Nr", "Navn samarbeidsordning", "Deltakerkommuner", "Kom", "Oppgaveområde",
                    "Organisasjonsform", "Vertskommune", "Etablert", "År", "Kilde", "Merknad")
BY_HEADER = {spelling: name for name, spellings in HEADERS.items() for spelling in spellings}
README_SHEETS = ("les meg", "lesmeg", "readme")  # a template's help sheet is not the list
HEADER_SEARCH = 10  # rows at the top of a sheet the header row is looked for in
MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")


def header_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().strip(":*.").strip().casefold()


@dataclass(frozen=True)
class Sheet:
    """The list's cells: `where` names the file (and sheet), `rows` are (row number as the user
    sees it, cells), the header row among them."""

    where: str
    rows: list[tuple[int, list[str]]]
    header_row: int  # index into rows
    columns: dict[str, int]  # field -> cell index
    letters: bool  # columns are named by letter (a sheet) rather than by position (a CSV)
    formulas: frozenset[tuple[int, int]] = frozenset()  # (row, cell index): formula, no value

    def column_label(self, index: int) -> str:
        header = self.rows[self.header_row][1]
        text = header[index].strip() if index < len(header) else ""
        if text:
            return text
        return _letter(index + 1) if self.letters else f"felt {index + 1}"


def _letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def find_header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int]] | None:
    """The first of the top rows that names both the arrangement and its members."""
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH]):
        fields = [BY_HEADER.get(header_key(c)) for c in cells]
        if "name" in fields and "members" in fields:
            return index, {f: i for i, f in reversed(list(enumerate(fields))) if f}
    return None


def header_problems(sheet: Sheet) -> list[Problem]:
    """Unknown and repeated headers in the header row, and values under no header."""
    number, header = sheet.rows[sheet.header_row]
    problems = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = header_key(cell)
        field = BY_HEADER.get(key)
        if field and field in seen:
            problems.append(Problem(sheet.where, number, cell.strip(), "kolonnen står flere ganger",
                                    kind="kolonne"))
        elif field:
            seen[field] = i
        elif key:
            near = difflib.get_close_matches(key, list(BY_HEADER), n=1, cutoff=0.6)
            problems.append(Problem(sheet.where, number, cell.strip(), "ukjent kolonne",
                                    near[0].capitalize() if near else ", ".join(TEMPLATE_HEADERS),
                                    "kolonne"))
        elif any(i < len(c) and c[i].strip() for _, c in sheet.rows[sheet.header_row + 1:]):
            problems.append(Problem(sheet.where, number, sheet.column_label(i),
                                    "kolonnen har verdier, men ingen overskrift", kind="kolonne"))
    return problems


# ---------------------------------------------------------------- recognising and reading


def _workbook_sheets(path: Path) -> tuple[list[str], dict[str, str]] | None:
    """The workbook's sheet names and {sheet name: its part in the zip}, from the zip alone."""
    try:
        with zipfile.ZipFile(path) as book:
            entries = limits.sheet_names(book)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return list(entries.values()), {name: entry for entry, name in entries.items()}


def recognise(path: Path) -> Sheet | list[Problem] | None:
    """The simple list at `path` (its cells), or its problems when it is one that cannot be read,
    or None when it is not a simple list: a folder, a full register's workbook (it has a sheet
    named as a register table), or a file without the simple list's headers. Everything a
    workbook's zip directory can tell (size, format) is left to the register's own reading."""
    if not path.is_file():
        return None
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv_sheet(path)
        if suffix in WORKBOOK_SUFFIXES:
            return _workbook_sheet(path)
    except TooBigError as err:
        return [err.problem]
    return None


def _csv_header(data: bytes, where: str) -> tuple[str, tuple[int, str, int, dict[str, int]]] | None:
    """A CSV file's text and its simple-list header (columns found, delimiter, header row,
    columns): the delimiter «;» or «,» under which the top rows hold the header."""
    if len(data) > limits.MAX_UPLOAD_BYTES:
        return None  # the register's reading names it
    try:
        text, _ = decode_csv(data)
    except UnicodeError:
        return None
    best: tuple[int, str, int, dict[str, int]] | None = None
    for delimiter in (";", ","):
        try:
            found = find_header(_csv_rows(text, delimiter, where, limit=HEADER_SEARCH))
        except (csv.Error, TooBigError):
            continue
        if found and (best is None or len(found[1]) > best[0]):
            best = (len(found[1]), delimiter, *found)
    return None if best is None else (text, best)


def is_simple_csv(data: bytes) -> bool:
    """Whether a CSV file's top rows hold a simple list's header (an upload's precheck)."""
    return _csv_header(data, "") is not None


def _csv_sheet(path: Path) -> Sheet | list[Problem] | None:
    found = _csv_header(path.read_bytes(), path.name)
    if found is None:
        return None
    text, best = found
    try:
        rows = _csv_rows(text, best[1], path.name)
    except csv.Error as err:
        return [Problem(path.name, None, None, f"ugyldig CSV: {err}", kind="format")]
    return Sheet(path.name, rows, best[2], best[3], False)


def _csv_rows(text: str, delimiter: str, where: str,
              limit: int | None = None) -> list[tuple[int, list[str]]]:
    """Records numbered as a spreadsheet numbers them (a cell's line breaks do not count)."""
    reader = csv.reader(io.StringIO(text), strict=True, delimiter=delimiter)
    budget = Budget()
    rows = []
    for number, cells in enumerate(reader, start=1):
        if any(c.strip() for c in cells):
            rows.append((number, [c.lstrip("\ufeff") if number == 1 else c for c in cells]))
            budget.row(where, len(rows), len(cells))
        if limit and len(rows) >= limit:
            break
    return rows


def _workbook_sheet(path: Path) -> Sheet | list[Problem] | None:
    with path.open("rb") as handle:
        if limits.sniff_unsupported(handle.read(256), path.name):
            return None
    if limits.workbook_problems(path, path.name):
        return None
    listed = _workbook_sheets(path)
    if listed is None:
        return None
    names, entries = listed
    if any(t.name in names for t in TABLES):
        return None  # a full register's workbook
    candidates = [n for n in names if header_key(n) not in README_SHEETS]
    found = []
    for name in candidates:
        sheet = _read_sheet(path, name, entries.get(name))
        if sheet is not None:
            found.append(sheet)
    if len(found) > 1:
        listed_names = ", ".join(f"«{s.where.split('[', 1)[1][:-1]}»" for s in found)
        return [Problem(path.name, None, None, f"arbeidsboka har flere ark med en enkel liste "
                        f"({listed_names}); en enkel liste står på ett ark", kind="format")]
    return found[0] if found else None


def _read_sheet(path: Path, name: str, entry: str | None) -> Sheet | None:
    from openpyxl import load_workbook  # only a workbook needs it

    where = f"{path.name} [{name}]"
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        values = _sheet_rows(book[name], where, Budget())
    finally:
        book.close()
    rows = [(i + 1, cells) for i, cells in enumerate(values)]
    found = find_header([r for r in rows if any(c.strip() for c in r[1])])
    if found is None:
        return None
    header_number = [r for r in rows if any(c.strip() for c in r[1])][found[0]][0]
    data = _sheet_xml(path, entry)
    _fill_merged(rows, _merged(data), header_number)
    kept = [r for r in rows if any(c.strip() for c in r[1])]
    index = next(i for i, (n, _) in enumerate(kept) if n == header_number)
    return Sheet(where, kept, index, found[1], True, uncached(data))


def _merged(data: bytes) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (first col, first row, last col, last row), from its XML."""
    return [(column_number(a.decode()), int(b), column_number(c.decode()), int(d))
            for a, b, c, d in MERGE.findall(data)]


def _fill_merged(rows: list[tuple[int, list[str]]], ranges: list[tuple[int, int, int, int]],
                 header_number: int) -> None:
    """A merged range below the header reads as a person sees it: its value in every cell."""
    by_number = dict(rows)
    for col0, row0, col1, row1 in ranges:
        if row0 <= header_number or row0 not in by_number:
            continue
        value = by_number[row0][col0 - 1] if col0 - 1 < len(by_number[row0]) else ""
        for number in range(row0, row1 + 1):
            cells = by_number.get(number)
            for col in range(col0 - 1, min(col1, len(cells) if cells else 0)):
                cells[col] = value  # type: ignore[index]
