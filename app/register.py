"""Load a cooperation register (a folder of CSV files or one XLSX workbook), validate it whole,
and hand back typed tables. A register with any problem is refused whole, never half-loaded."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from app.schema import BOOLEANS, TABLES, WORKBOOK_SUFFIXES, Column, Table

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


# ---------------------------------------------------------------- reading raw rows

RawTable = tuple[list[str], list[tuple[int, list[str]]]]  # header, (row number, cells)


def _read_csv_text(text: str, where: str, problems: list[Problem]) -> RawTable | None:
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(where, None, None, "filen er tom (mangler overskriftsrad)"))
            return None
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as err:
        problems.append(Problem(where, reader.line_num, None, f"ugyldig CSV: {err}"))
        return None
    return [h.strip().lstrip("\ufeff") for h in header], rows


def _read_folder(folder: Path, problems: list[Problem]) -> dict[str, RawTable | None]:
    raw: dict[str, RawTable | None] = {}
    for table in TABLES:
        path = folder / table.filename
        if not path.exists():
            if not table.optional:
                problems.append(Problem(table.filename, None, None, "filen mangler"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            problems.append(Problem(table.filename, None, None,
                                    f"filen er ikke UTF-8 (byte {err.start})"))
            continue
        raw[table.name] = _read_csv_text(text, table.filename, problems)
    return raw


def _read_workbook(path: Path, problems: list[Problem]) -> dict[str, RawTable | None]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None, engine="openpyxl")
    except Exception as err:  # openpyxl raises many kinds for a broken workbook
        problems.append(Problem(path.name, None, None, f"kan ikke leses som XLSX-arbeidsbok: {err}"))
        return {}
    raw: dict[str, RawTable | None] = {}
    for table in TABLES:
        sheet = sheets.get(table.name)
        if sheet is None:
            if not table.optional:
                problems.append(Problem(f"{path.name} [{table.name}]", None, None, "arket mangler"))
            continue
        sheet = sheet.fillna("")
        if sheet.empty:
            problems.append(Problem(f"{path.name} [{table.name}]", None, None, "arket er tomt"))
            continue
        values = sheet.astype(str).to_numpy().tolist()
        header = [str(h).strip() for h in values[0]]
        rows = [(i + 2, cells) for i, cells in enumerate(values[1:]) if any(c.strip() for c in cells)]
        raw[table.name] = (header, rows)
    return raw


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


def load_register(path: str | Path) -> Register:
    """Read and validate a register; raise RegisterError listing every problem found."""
    path = Path(path)
    problems: list[Problem] = []
    is_workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
    if is_workbook and path.is_file():
        raw = _read_workbook(path, problems)
    elif path.is_dir():
        raw = _read_folder(path, problems)
    else:
        raise RegisterError(str(path), [Problem(str(path), None, None,
                                                "finnes ikke (forventet en mappe eller en .xlsx-fil)")])
    where = {t.name: _where(is_workbook, path.name, t) for t in TABLES}
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        entry = raw.get(table.name)
        tables[table.name] = (_parse_table(table, entry, where[table.name], problems)
                              if entry is not None else _empty(table))
    problems.extend(_cross_checks(tables, where))
    if problems:
        raise RegisterError(str(path), problems)
    return Register(source=str(path), **{k: v.drop(columns=[ROW]) for k, v in tables.items()})
