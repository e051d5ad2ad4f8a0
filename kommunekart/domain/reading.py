"""Reading a register's raw rows: CSV files (UTF-8 or Windows-1252, «;» or «,») or the sheets of
one XLSX workbook, with the size limits of kommunekart.domain.limits counted while reading, so a
huge or hostile file is stopped early. Typing and checking the rows is kommunekart.domain.register's."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kommunekart.domain import limits
from kommunekart.domain import problem_kinds as kinds
from kommunekart.domain.cell_checks import uncached
from kommunekart.domain.problems import Problem
from kommunekart.domain.schema import TABLES

RawTable = tuple[list[str], list[tuple[int, list[str]]]]  # header, (row number, cells)
Progress = Callable[[str], None]
DELIMITERS = {";": "semikolonseparert", ",": "kommaseparert"}
UTF8, UTF8_BOM, CP1252 = "UTF-8", "UTF-8 med BOM", "Windows-1252"


class TooBigError(Exception):
    """A table or the register passed a limit of kommunekart.domain.limits while being read: reading stops."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Budget:
    """Rows per table and cells in all, counted while reading (kommunekart.domain.limits)."""

    def __init__(self) -> None:
        self.cells = 0

    def row(self, where: str, rows: int, cells: int) -> None:
        if rows > limits.MAX_ROWS:
            raise TooBigError(Problem(where, None, None, f"tabellen har over "
                                 f"{limits.number_text(limits.MAX_ROWS)} rader (grensen per tabell); "
                                 "den ble ikke lest videre", kind=kinds.TOO_BIG))
        self.cells += cells
        if self.cells > limits.MAX_CELLS:
            raise TooBigError(Problem(where, None, None, f"registeret har over "
                                 f"{limits.number_text(limits.MAX_CELLS)} celler (grensen); "
                                 "det ble ikke lest videre", kind=kinds.TOO_BIG))


def decode_csv(data: bytes) -> tuple[str, str]:
    """A CSV file's text and the encoding it was read as: UTF-8 with or without a byte order
    mark, else Windows-1252 (what Excel in Norwegian saves as «CSV (semikolondelt)»). Raises
    UnicodeError with a Norwegian message when it is neither."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnicodeError("filen er UTF-16 (Excels «Unicode-tekst»), som ikke støttes – lagre som "
                           "«CSV UTF-8» eller «CSV (semikolondelt)»")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as err:
            raise UnicodeError(f"filen har UTF-8-merke, men er ikke UTF-8 (byte {err.start + 3})") from err
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("cp1252"), CP1252
        except UnicodeDecodeError as err:
            raise UnicodeError(f"filen er verken UTF-8 eller Windows-1252 (byte {utf8.start})") from err


def sniff_delimiter(text: str) -> str:
    """«;» or «,»: whichever the header line has more of outside quotes (a header names
    columns, never a comma or a semicolon)."""
    first = text.split("\n", 1)[0]
    bare = re.sub(r'"[^"]*"', "", first)
    return ";" if bare.count(";") > bare.count(",") else ","


def _read_csv_text(text: str, where: str, problems: list[Problem], delimiter: str = ",",
                   budget: Budget | None = None) -> RawTable | None:
    reader = csv.reader(io.StringIO(text), strict=True, delimiter=delimiter)
    budget = budget or Budget()
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(where, None, None, "filen er tom (mangler overskriftsrad)",
                                    kind=kinds.MISSING))
            return None
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
                budget.row(where, len(rows), len(cells))
    except csv.Error as err:
        problems.append(Problem(where, reader.line_num, None, f"ugyldig CSV: {err}", kind=kinds.FORMAT))
        return None
    return [h.strip().lstrip("\ufeff") for h in header], rows


def read_as_text(formats: dict[str, tuple[str, str | None]]) -> str:
    """How a register's files were read, for the summary: «semikolonseparert Windows-1252», or
    per file when they differ. formats: {file: (delimiter word, encoding, None for a file of
    plain ASCII, which reads the same in every encoding and takes the others')."""
    known = {encoding for _, encoding in formats.values() if encoding}
    common = next(iter(known)) if len(known) == 1 else UTF8
    said = {name: f"{kind} {encoding or common}" for name, (kind, encoding) in formats.items()}
    kinds = sorted(set(said.values()))
    if len(kinds) == 1:
        return kinds[0]
    return "; ".join(f"{name}: {kind}" for name, kind in said.items())


def read_folder(folder: Path, problems: list[Problem],
                 formats: dict[str, tuple[str, str | None]]) -> dict[str, RawTable | None]:
    raw: dict[str, RawTable | None] = {}
    budget = Budget()
    for table in TABLES:
        path = folder / table.filename
        if not path.exists():
            if not table.optional:
                problems.append(Problem(table.filename, None, None, "filen mangler", kind=kinds.MISSING))
            continue
        data = path.read_bytes()
        if len(data) > limits.MAX_UPLOAD_BYTES:
            problems.append(Problem(table.filename, None, None,
                                    f"{limits.TOO_BIG}: {limits.size_text(len(data))}",
                                    kind=kinds.TOO_BIG))
            continue
        try:
            text, encoding = decode_csv(data)
        except UnicodeError as err:
            problems.append(Problem(table.filename, None, None, str(err)))
            continue
        delimiter = sniff_delimiter(text)
        formats[table.filename] = (DELIMITERS[delimiter],
                                   None if data.isascii() else encoding)
        raw[table.name] = _read_csv_text(text, table.filename, problems, delimiter, budget)
    return raw


NEITHER_SHAPE = ("arbeidsboka er verken et fullt register (ett ark per tabell: municipalities, "
                 "task_areas, arrangements, memberships) eller en enkel liste (en overskriftsrad "
                 "med «Navn samarbeidsordning» og «Deltakerkommuner» øverst på ett ark)")


def cell_text(cell: Any) -> str:
    """A cell as text, as pandas reads a sheet with dtype=str: whole numbers without «.0»,
    errors and empty cells empty, a logical cell (Excel's TRUE) as the register writes it."""
    value = cell.value
    if value is None or cell.data_type == "e":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if cell.data_type == "n" and not isinstance(value, bool):
        try:
            whole = int(value)
        except (OverflowError, ValueError):
            return str(value)
        return str(whole) if whole == value else str(float(value))
    return str(value)


def _sheet_rows(sheet: Any, where: str, budget: Budget) -> list[list[str]]:
    """A sheet's rows as text, trailing empty cells and rows trimmed, padded to one width."""
    sheet.reset_dimensions()  # a declared dimension can be wrong: read what is there
    data: list[list[str]] = []
    last = -1
    for number, row in enumerate(sheet.rows):
        if number >= limits.MAX_SHEET_ROWS:  # empty rows too: each costs time and memory
            raise TooBigError(Problem(where, None, None, f"arket har over "
                                      f"{limits.number_text(limits.MAX_SHEET_ROWS)} rader, tomme "
                                      "medregnet; det ble ikke lest videre", kind=kinds.TOO_BIG))
        values = [cell_text(c) for c in row]
        while values and values[-1] == "":
            values.pop()
        if values:
            last = number
            budget.row(where, number + 1, len(values))
        data.append(values)
    data = data[:last + 1]
    width = max((len(r) for r in data), default=0)
    return [r + [""] * (width - len(r)) for r in data]


def _sheet_entries(path: Path) -> dict[str, str]:
    """{sheet name: its file in the zip} (the zip was opened once already by the size checks)."""
    with zipfile.ZipFile(path) as book:
        return {name: entry for entry, name in limits.sheet_names(book).items()}


def _sheet_xml(path: Path, entry: str | None) -> bytes:
    """A sheet's XML (within the unpacked-size limit already checked), b"" for none."""
    if not entry:
        return b""
    with zipfile.ZipFile(path) as book:
        return book.read(entry)


def read_workbook(path: Path, problems: list[Problem], progress: Progress | None = None,
                  formulas: dict[str, frozenset[tuple[int, int]]] | None = None
                  ) -> dict[str, RawTable | None]:
    """One sheet per table, read only after the zip's directory and the sheets' dimensions say
    it is small enough (kommunekart.domain.limits), and streamed with the same limits counted as it goes.
    Values are read, never formulas; other sheets (the register workbook's «Les meg» and «Lister»,
    schema.HELPER_SHEETS) are passed over."""
    from openpyxl import load_workbook  # only a workbook needs it

    with path.open("rb") as handle:
        unsupported = limits.sniff_unsupported(handle.read(256), path.name)
    if unsupported:
        problems.append(Problem(path.name, None, None, unsupported))
        return {}
    too_big = limits.workbook_problems(path, path.name)
    if too_big:
        problems.extend(Problem(path.name, None, None, p, kind=kinds.workbook_kind(p)) for p in too_big)
        return {}
    if progress:
        progress("leser arkene")
    raw: dict[str, RawTable | None] = {}
    formulas = {} if formulas is None else formulas  # sheet -> cells with a formula and no value
    budget = Budget()
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds for a broken workbook
        problems.append(Problem(path.name, None, None,
                                f"kan ikke leses som XLSX-arbeidsbok: {plain(err, path)}"))
        return {}
    entries = _sheet_entries(path)
    try:
        if not any(t.name in book.sheetnames for t in TABLES):  # neither shape: say so once
            problems.append(Problem(path.name, None, None, NEITHER_SHAPE, kind=kinds.MISSING))
            return {}
        for table in TABLES:
            where = f"{path.name} [{table.name}]"
            if table.name not in book.sheetnames:
                if not table.optional:
                    problems.append(Problem(where, None, None, "arket mangler", kind=kinds.MISSING))
                continue
            values = _sheet_rows(book[table.name], where, budget)
            if not values:
                problems.append(Problem(where, None, None, "arket er tomt", kind=kinds.MISSING))
                continue
            header = [h.strip() for h in values[0]]
            rows = [(i + 2, cells) for i, cells in enumerate(values[1:]) if any(c.strip() for c in cells)]
            raw[table.name] = (header, rows)
            formulas[table.name] = uncached(_sheet_xml(path, entries.get(table.name)))
    except TooBigError:
        raise
    except Exception as err:  # a sheet that openpyxl cannot stream
        problems.append(Problem(path.name, None, None,
                                f"kan ikke leses som XLSX-arbeidsbok: {plain(err, path)}"))
        return {}
    finally:
        book.close()
    return raw


def plain(err: BaseException, path: Path) -> str:
    """An error's text without the folder it was read from (messages never show server paths)."""
    text = str(err).replace(str(path.parent), "").replace(str(path), path.name)
    return re.sub(r"(?<![\w.])/[^\s'\"]+", "…", text)[:300] or type(err).__name__
