"""Load a cooperation register (a folder of CSV files or one XLSX workbook), validate it whole,
and hand back typed tables. A register with any problem is refused whole, never half-loaded."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kommunekart.domain import limits
from kommunekart.domain.schema import BOOLEANS, TABLES, WORKBOOK_SUFFIXES, Column, Table

KOMMUNENUMMER = re.compile(r"^\d{4}$")
ROW = "_row"  # where each row came from (CSV line / sheet row); kept out of the typed tables


@dataclass(frozen=True)
class Problem:
    where: str  # file or sheet name
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.where]
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return f"{', '.join(parts)}: {self.message}"


class RegisterError(Exception):
    """Every problem found in one register, so a user can mend them all in one go."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        head = f"Registeret {self.source} har {len(self.problems)} feil og ble ikke lastet:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


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


# ---------------------------------------------------------------- reading raw rows

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
                                 "den ble ikke lest videre"))
        self.cells += cells
        if self.cells > limits.MAX_CELLS:
            raise TooBigError(Problem(where, None, None, f"registeret har over "
                                 f"{limits.number_text(limits.MAX_CELLS)} celler (grensen); "
                                 "det ble ikke lest videre"))


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
            problems.append(Problem(where, None, None, "filen er tom (mangler overskriftsrad)"))
            return None
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
                budget.row(where, len(rows), len(cells))
    except csv.Error as err:
        problems.append(Problem(where, reader.line_num, None, f"ugyldig CSV: {err}"))
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


def _read_folder(folder: Path, problems: list[Problem],
                 formats: dict[str, tuple[str, str | None]]) -> dict[str, RawTable | None]:
    raw: dict[str, RawTable | None] = {}
    budget = Budget()
    for table in TABLES:
        path = folder / table.filename
        if not path.exists():
            if not table.optional:
                problems.append(Problem(table.filename, None, None, "filen mangler"))
            continue
        data = path.read_bytes()
        if len(data) > limits.MAX_UPLOAD_BYTES:
            problems.append(Problem(table.filename, None, None,
                                    f"{limits.TOO_BIG}: {limits.size_text(len(data))}"))
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


def cell_text(cell: Any) -> str:
    """A cell as text, as pandas reads a sheet with dtype=str: whole numbers without «.0»,
    errors and empty cells empty."""
    value = cell.value
    if value is None or cell.data_type == "e":
        return ""
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
                                      "medregnet; det ble ikke lest videre"))
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


def _read_workbook(path: Path, problems: list[Problem],
                   progress: Progress | None = None) -> dict[str, RawTable | None]:
    """One sheet per table, read only after the zip's directory and the sheets' dimensions say
    it is small enough (kommunekart.domain.limits), and streamed with the same limits counted as it goes."""
    from openpyxl import load_workbook  # only a workbook needs it

    with path.open("rb") as handle:
        unsupported = limits.sniff_unsupported(handle.read(256), path.name)
    if unsupported:
        problems.append(Problem(path.name, None, None, unsupported))
        return {}
    too_big = limits.workbook_problems(path, path.name)
    if too_big:
        problems.extend(Problem(path.name, None, None, p) for p in too_big)
        return {}
    if progress:
        progress("leser arkene")
    raw: dict[str, RawTable | None] = {}
    budget = Budget()
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds for a broken workbook
        problems.append(Problem(path.name, None, None,
                                f"kan ikke leses som XLSX-arbeidsbok: {plain(err, path)}"))
        return {}
    try:
        for table in TABLES:
            where = f"{path.name} [{table.name}]"
            if table.name not in book.sheetnames:
                if not table.optional:
                    problems.append(Problem(where, None, None, "arket mangler"))
                continue
            values = _sheet_rows(book[table.name], where, budget)
            if not values:
                problems.append(Problem(where, None, None, "arket er tomt"))
                continue
            header = [h.strip() for h in values[0]]
            rows = [(i + 2, cells) for i, cells in enumerate(values[1:]) if any(c.strip() for c in cells)]
            raw[table.name] = (header, rows)
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
    missing = [c for c in expected if c not in header and c not in table.optional_columns]
    unknown = [c for c in header if c not in expected]
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in missing:
        problems.append(Problem(where, 1, c, "kolonnen mangler"))
    for c in unknown:
        problems.append(Problem(where, 1, c or "(tom)", "ukjent kolonne"))
    for c in dupes:
        problems.append(Problem(where, 1, c, "kolonnen står flere ganger"))
    if missing or unknown or dupes:
        return _empty(table)
    index = {c: header.index(c) for c in expected if c in header}
    records = []
    for row_number, cells in rows:
        if len(cells) != len(header):
            problems.append(Problem(where, row_number, None,
                                    f"{len(cells)} felt, forventet {len(header)}"))
            continue
        record: dict[str, object] = {ROW: row_number}
        for col in table.columns:
            text = cells[index[col.name]].strip() if col.name in index else ""
            value, problem = _parse_value(col, text)
            if problem:
                problems.append(Problem(where, row_number, col.name, problem))
            record[col.name] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[ROW, *expected])
    seen = frame.duplicated(list(table.key), keep="first")
    for _, dup in frame[seen].iterrows():
        key = ", ".join(f"{k}={dup[k]}" for k in table.key)
        problems.append(Problem(where, int(dup[ROW]), table.key[0], f"dobbel nøkkel ({key})"))
    return _typed(table, frame)


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


# ---------------------------------------------------------------- cross-table checks


def unknown_references(frame: pd.DataFrame, column: str, known: set[str], where: str,
                       message: str) -> list[Problem]:
    """A problem for each row whose `column` names something the register does not have
    (empty cells are not references)."""
    named = frame[frame[column].notna() & ~frame[column].isin(known)]
    return [Problem(where, int(r[ROW]), column, message.format(r[column])) for _, r in named.iterrows()]


def _cross_checks(tables: dict[str, pd.DataFrame], where: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    mun = tables["municipalities"]
    known = set(mun["kommunenummer"].dropna())
    names = dict(zip(mun["kommunenummer"], mun["name"], strict=True))

    def check_number(table: str, column: str, frame: pd.DataFrame) -> None:
        for _, r in frame.iterrows():
            k = r[column]
            if pd.notna(k) and k not in known:
                problems.append(Problem(where[table], int(r[ROW]), column,
                                        f"ukjent kommunenummer «{k}» (finnes ikke i municipalities)"))

    arr, mem = tables["arrangements"], tables["memberships"]
    check_number("arrangements", "host_kommunenummer", arr)
    check_number("memberships", "kommunenummer", mem)
    check_number("region_layers", "kommunenummer", tables["region_layers"])

    for table in ("memberships",):
        frame = tables[table]
        for _, r in frame[frame["name"].notna()].iterrows():
            expected = names.get(r["kommunenummer"])
            if expected is not None and r["name"] != expected:
                problems.append(Problem(where[table], int(r[ROW]), "name",
                                        f"navnet «{r['name']}» stemmer ikke med kommunenummer "
                                        f"{r['kommunenummer']} ({expected})"))

    task_ids = set(tables["task_areas"]["task_area_id"].dropna())
    problems += unknown_references(arr, "task_area_id", task_ids, where["arrangements"],
                                   "ukjent oppgaveområde «{}»")

    arrangement_ids = set(arr["arrangement_id"].dropna())
    problems += unknown_references(mem, "arrangement_id", arrangement_ids, where["memberships"],
                                   "deltakelse i ukjent ordning «{}»")

    members = mem.groupby("arrangement_id")["kommunenummer"].agg(set).to_dict()
    for _, r in arr.iterrows():
        own = members.get(r["arrangement_id"], set())
        if r["members_complete"] and len(own) < 2:
            problems.append(Problem(where["arrangements"], int(r[ROW]), "arrangement_id",
                                    f"ordningen «{r['arrangement_id']}» har {len(own)} deltaker(e); "
                                    "en fullstendig deltakerliste må ha minst to "
                                    "(sett members_complete=false hvis listen ikke er kjent)"))
        host = r["host_kommunenummer"]
        if pd.notna(host) and host in known and host not in own:
            problems.append(Problem(where["arrangements"], int(r[ROW]), "host_kommunenummer",
                                    f"vertskommunen {host} ({names.get(host)}) er ikke deltaker "
                                    f"i «{r['arrangement_id']}»"))

    lists = tables["survey_lists"]
    problems += unknown_references(lists, "arrangement_id", arrangement_ids, where["survey_lists"],
                                   "ukjent ordning «{}»")
    problems += unknown_references(lists, "figure_id",
                                   set(tables["survey_figures"]["figure_id"].dropna()),
                                   where["survey_lists"],
                                   "ukjent tall «{}» (finnes ikke i survey_figures)")

    regions = tables["regions"]
    region_layer = dict(zip(regions["region_id"], regions["layer"], strict=True))
    layers = tables["region_layers"]
    for _, r in layers.iterrows():
        stated = region_layer.get(r["region_id"])
        if stated is not None and stated != r["layer"]:
            problems.append(Problem(where["region_layers"], int(r[ROW]), "layer",
                                    f"regionen «{r['region_id']}» står i laget «{stated}» i regions"))
    names_per_region = layers.groupby("region_id")["region_name"].nunique()
    for region_id in names_per_region[names_per_region > 1].index:
        first = layers[layers["region_id"] == region_id].iloc[0]
        problems.append(Problem(where["region_layers"], int(first[ROW]), "region_name",
                                f"regionen «{region_id}» har flere ulike navn"))
    problems.extend(_tile_layout_checks(tables, where))
    return problems


def _tile_layout_checks(tables: dict[str, pd.DataFrame], where: dict[str, str]) -> list[Problem]:
    """A tile layout (optional table) gives each Nordland municipality of the register exactly
    one cell of its own: no number outside Nordland, no shared (row, col), none left out.
    Non-negative integer row/col are checked when the table is parsed."""
    layout, mun = tables["tile_layout"], tables["municipalities"]
    if layout.empty:
        return []
    problems: list[Problem] = []
    names = dict(zip(mun["kommunenummer"], mun["name"], strict=True))
    nordland = set(mun.loc[mun["in_nordland"], "kommunenummer"].dropna())
    taken: dict[tuple[int, int], str] = {}
    for _, r in layout.iterrows():
        k = r["kommunenummer"]
        if pd.notna(k) and k not in names:
            problems.append(Problem(where["tile_layout"], int(r[ROW]), "kommunenummer",
                                    f"ukjent kommunenummer «{k}» (finnes ikke i municipalities)"))
        elif pd.notna(k) and k not in nordland:
            problems.append(Problem(where["tile_layout"], int(r[ROW]), "kommunenummer",
                                    f"{k} ({names[k]}) er ikke en Nordland-kommune "
                                    "(in_nordland=false i municipalities)"))
        if pd.isna(r["row"]) or pd.isna(r["col"]):
            continue
        cell = (int(r["row"]), int(r["col"]))
        if cell in taken:
            problems.append(Problem(where["tile_layout"], int(r[ROW]), "row",
                                    f"ruten (row {cell[0]}, col {cell[1]}) er allerede brukt av "
                                    f"{taken[cell]} ({names.get(taken[cell], '?')})"))
        else:
            taken[cell] = k
    missing = sorted(nordland - set(layout["kommunenummer"].dropna()))
    if missing:
        listed = ", ".join(f"{k} ({names[k]})" for k in missing)
        problems.append(Problem(where["tile_layout"], None, "kommunenummer",
                                f"mangler rute for {len(missing)} Nordland-kommune(r): {listed}"))
    return problems


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
                                         "(én per tabell) eller en .xlsx-arbeidsbok")
    return Problem(name, None, None, "er en fil, men ikke et register (forventet en mappe med "
                                     "CSV-filer eller en .xlsx-arbeidsbok)")


def _content_problems(tables: dict[str, pd.DataFrame], raw: dict[str, RawTable | None],
                      where: dict[str, str]) -> list[Problem]:
    """A register must have municipalities, some of them in Nordland, and arrangements (a table
    read with a header and no rows would otherwise pass and draw an empty map)."""
    problems = []
    mun = tables["municipalities"]
    if raw.get("municipalities") is not None and not raw["municipalities"][1]:
        problems.append(Problem(where["municipalities"], None, None,
                                "registeret har ingen kommuner (tabellen har bare overskriftsraden)"))
    elif raw.get("municipalities") is not None and not mun.empty and not mun["in_nordland"].any():
        problems.append(Problem(where["municipalities"], None, "in_nordland",
                                "ingen av kommunene er i Nordland (in_nordland=true)"))
    if raw.get("arrangements") is not None and not raw["arrangements"][1]:
        problems.append(Problem(where["arrangements"], None, None,
                                "registeret har ingen ordninger (tabellen har bare overskriftsraden)"))
    return problems


def load_register(path: str | Path, progress: Progress | None = None) -> Register:
    """Read and validate a register; raise RegisterError listing every problem found.
    `progress` is told each stage (for an upload's «Kontrollerer …»)."""
    path = Path(path)
    problems: list[Problem] = []
    refused = _not_a_register(path)
    if refused:
        raise RegisterError(str(path), [refused])
    is_workbook = path.is_file()
    formats: dict[str, tuple[str, str | None]] = {}
    try:
        if is_workbook:
            raw = _read_workbook(path, problems, progress)
            read_as = "XLSX-arbeidsbok"
        else:
            if progress:
                progress("leser CSV-filene")
            raw = _read_folder(path, problems, formats)
            read_as = read_as_text(formats)
    except TooBigError as err:
        raise RegisterError(str(path), [*problems, err.problem]) from None
    if progress:
        progress("kontrollerer tabellene")
    where = {t.name: _where(is_workbook, path.name, t) for t in TABLES}
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        entry = raw.get(table.name)
        tables[table.name] = (_parse_table(table, entry, where[table.name], problems)
                              if entry is not None else _empty(table))
    problems.extend(_content_problems(tables, raw, where))
    problems.extend(_cross_checks(tables, where))
    if problems:
        raise RegisterError(str(path), problems)
    return Register(source=str(path), read_as=read_as,
                    **{k: v.drop(columns=[ROW]) for k, v in tables.items()})


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
                    f"{k} ({name}) har ingen kommunegrense i grensefilen {Path(boundary_path).name}")
            for k, name in zip(mun["kommunenummer"], mun["name"], strict=True) if k not in known]


def check_register(path: str | Path, boundary_path: str | Path,
                   progress: Progress | None = None) -> Register:
    """What `kommunekart check`, `serve --register` and an upload all ask: the register read and
    validated, and every municipality with a boundary. RegisterError names every problem."""
    register = load_register(path, progress)
    if progress:
        progress("kontrollerer kommunegrensene")
    problems = boundary_problems(register, boundary_path)
    if problems:
        raise RegisterError(register.source, problems)
    return register
