"""The register as a workbook a county officer edits in Excel and loads back: one sheet per table,
named as the table, in exactly the format the upload reads (kommunekart.domain.reading), so an
unchanged download loads as the same register. Around the tables: a first sheet «Les meg»
(outputs/register_guide.py, from the schema), drop-down lists for the coded columns (held on a
hidden sheet «Lister»), and the municipality's name beside every kommunenummer column
(«kommunenummer (navn)»), which the reader allows and checks against the number.

Every cell is written as the reader reads it: numbers as numbers, true/false and every text as
text (formatted as text, so Excel turns neither «0301» nor «2020-01» into a number or a date),
and text that could be read as a formula with Excel's quote prefix, never as a formula
(outputs/export.py `xlsx_cell`, `text_only`). Pure: a register in, bytes out."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kommunekart.domain.ordering import nb_key
from kommunekart.domain.register import Register
from kommunekart.domain.schema import (
    BOOLEANS,
    LISTS_SHEET,
    MUNICIPALITY_TABLE,
    TABLES,
    Column,
    Table,
)
from kommunekart.outputs.export import formula_like, text_only, xlsx_cell
from kommunekart.outputs.register_guide import guide_sheet

# Rows below a table's last one that still get its drop-down lists: room to add rows.
ROOM = 2000
TEXT = "@"  # Excel's number format «Tekst»
BOLD = Font(bold=True)
MAX_WIDTH = 60  # characters: a column is as wide as its widest value, up to this
# Columns that name a row of another table (by id), with the list of the ids that table has.
REFERENCES = {("arrangements", "task_area_id"): "task_area_id",
              ("memberships", "arrangement_id"): "arrangement_id",
              ("survey_lists", "arrangement_id"): "arrangement_id"}
LIST_WHAT = {"kommunenummer": ("kommunenumrene", MUNICIPALITY_TABLE),
             "kommunenavn": ("kommunenavnene", MUNICIPALITY_TABLE),
             "task_area_id": ("oppgaveområdene", "task_areas"),
             "arrangement_id": ("ordningene", "arrangements")}
# What the template keeps: the tables that describe Nordland and the survey rather than a
# county's own cooperation (see template_workbook).
TEMPLATE_TABLES = ("municipalities", "task_areas", "tile_layout", "survey_figures",
                   "survey_findings")


@dataclass(frozen=True)
class SheetColumn:
    """One column as a sheet holds it: its heading, its cells, the drop-down list it gets
    (a key of the lists, or None) and whether it is text."""

    header: str
    values: list[Any]
    choices: str | None
    text: bool


def register_workbook(register: Register) -> bytes:
    """The register, every row of every table, as an editable workbook the upload reads back."""
    return _book_bytes(register, {t.name for t in TABLES})


def template_workbook(register: Register) -> bytes:
    """«Mal: fullt register»: the same workbook, guide and lists, with only the headings of the
    tables a user writes (arrangements, memberships, region_layers, regions, survey_lists) and
    the rows of those no one should have to type (TEMPLATE_TABLES, from `register`, the shipped
    one): the municipalities with their numbers, names and populations (what every
    kommunenummer and its drop-down refer to), the survey's 41 task areas (what task_area_id
    refers to), the tile layout (made from the boundaries, not typed), and the survey's figures
    and statements (the deck's, which a register cannot count). survey_lists is left empty: its
    rows name the shipped register's arrangements, which a template has not."""
    return _book_bytes(register, set(TEMPLATE_TABLES))


def _book_bytes(register: Register, keep: set[str]) -> bytes:
    frames = {t.name: getattr(register, t.name) if t.name in keep else getattr(register, t.name)[0:0]
              for t in TABLES}
    names = _names(register.municipalities)
    lists = _lists(frames, names)
    book = Workbook()
    guide_sheet(book.active, names)
    for table in TABLES:
        _table_sheet(book.create_sheet(table.name), table, _columns(table, frames[table.name], names),
                     lists)
    _lists_sheet(book.create_sheet(LISTS_SHEET), lists)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _names(municipalities: pd.DataFrame) -> dict[str, str]:
    return {str(k): str(n) for k, n in zip(municipalities["kommunenummer"], municipalities["name"],
                                           strict=True) if pd.notna(k) and pd.notna(n)}


# ---------------------------------------------------------------------- columns and cells


def cell_value(column: Column, value: Any) -> Any:
    """A typed value as the sheet holds it: empty for missing, true/false as text, whole and
    decimal numbers as numbers, the rest as text."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if column.kind == "bool":
        return "true" if bool(value) else "false"
    if column.kind == "int":
        return int(value)
    if column.kind == "float":
        return float(value)
    return xlsx_cell(str(value))


def list_key(table: Table, column: Column) -> str | None:
    """Which drop-down list a column gets, if any."""
    if column.kind == "bool":
        return "true/false"
    if column.choices:
        return column.name
    if column.kind == "kommunenummer" and table.name != MUNICIPALITY_TABLE:
        return "kommunenummer"
    return REFERENCES.get((table.name, column.name))


def _columns(table: Table, frame: pd.DataFrame, names: dict[str, str]) -> list[SheetColumn]:
    """A table's columns in the schema's order, each kommunenummer column followed by its name
    column. Memberships' own optional `name` is left out when the register has none (the name
    column beside the number says it, and the register stays as it was)."""
    out: list[SheetColumn] = []
    by_number = {number: name for name, number in table.name_columns.items()}
    for column in table.columns:
        if (table.name == "memberships" and column.name == "name"
                and not frame[column.name].notna().any()):
            continue
        values = [cell_value(column, v) for v in frame[column.name].tolist()]
        out.append(SheetColumn(column.name, values, list_key(table, column),
                               column.kind in ("str", "kommunenummer", "bool")))
        if column.name in by_number:
            out.append(SheetColumn(by_number[column.name], [names.get(v) if v else None
                                                            for v in values],
                                   "kommunenavn", True))
    return out


def _table_sheet(sheet: Worksheet, table: Table, columns: list[SheetColumn],
                 lists: dict[str, list[str]]) -> None:
    """One table: headings (bold, frozen, with a filter), rows, text columns formatted as
    text, drop-downs down to ROOM rows below the last."""
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in zip(*(c.values for c in columns), strict=True):
        sheet.append(row)
    rows = sheet.max_row
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        _format(sheet, index, column)
        widest = max((len(str(v)) for v in column.values if v is not None), default=0)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(len(column.header), widest) + 2)
        if column.choices and lists.get(column.choices):
            sheet.add_data_validation(_drop_down(column, letter, rows, lists))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows}"


def _format(sheet: Worksheet, index: int, column: SheetColumn) -> None:
    """Text columns formatted as text (the column, for rows typed later, and each cell); a
    text a spreadsheet could take for a formula kept as text (text_only)."""
    if column.text:
        sheet.column_dimensions[get_column_letter(index)].number_format = TEXT
    for number, value in enumerate(column.values, start=2):
        if column.text and value is not None:
            cell = sheet.cell(row=number, column=index)
            cell.number_format = TEXT
            if formula_like(value):
                text_only(cell)
    if formula_like(column.header):
        text_only(sheet.cell(row=1, column=index))


# ---------------------------------------------------------------------- lists


def _lists(frames: dict[str, pd.DataFrame], names: dict[str, str]) -> dict[str, list[str]]:
    """Every drop-down list: the schema's fixed values, and the numbers, names and ids the
    register has (municipalities by number and by name, task areas, arrangements)."""
    lists: dict[str, list[str]] = {"true/false": list(BOOLEANS)}
    for table in TABLES:
        for column in table.columns:
            if column.choices:
                lists.setdefault(column.name, list(column.choices))
    lists["kommunenummer"] = sorted(names)
    lists["kommunenavn"] = sorted(set(names.values()), key=nb_key)
    tasks = frames["task_areas"].sort_values("number")
    lists["task_area_id"] = _texts(tasks["task_area_id"])
    lists["arrangement_id"] = _texts(frames["arrangements"]["arrangement_id"])
    return lists


def _texts(values: Iterable[Any]) -> list[str]:
    return [xlsx_cell(str(v)) for v in values if pd.notna(v)]


def _list_range(key: str, lists: dict[str, list[str]]) -> str:
    letter = get_column_letter(list(lists).index(key) + 1)
    return f"{LISTS_SHEET}!${letter}$2:${letter}${len(lists[key]) + 1}"


def _drop_down(column: SheetColumn, letter: str, rows: int,
               lists: dict[str, list[str]]) -> DataValidation:
    """A list from «Lister»: a fixed vocabulary refuses anything else (the reader would too);
    a list of what the register has only warns, since a row may just have been added to the
    sheet it comes from."""
    key = column.choices or ""
    fixed = key not in LIST_WHAT
    if fixed:
        error = f"Velg en av verdiene i listen for {column.header}."
    else:
        what, sheet = LIST_WHAT[key]
        error = (f"Verdien står ikke blant {what} i arket {sheet} slik det var da arbeidsboken ble "
                 f"laget. Har du lagt den til i {sheet}, kan du fortsette.")
    check = DataValidation(type="list", formula1=_list_range(key, lists), allow_blank=True,
                           showErrorMessage=True, errorStyle="stop" if fixed else "warning",
                           errorTitle="Ikke i listen", error=error)
    check.add(f"{letter}2:{letter}{rows + ROOM}")
    return check


def _lists_sheet(sheet: Worksheet, lists: dict[str, list[str]]) -> None:
    """The lists the drop-downs read, one per column (its key as heading); hidden."""
    for index, (key, values) in enumerate(lists.items(), start=1):
        sheet.cell(row=1, column=index, value=key).font = BOLD
        for number, value in enumerate(values, start=2):
            cell = sheet.cell(row=number, column=index, value=value)
            cell.number_format = TEXT
            text_only(cell)
    sheet.sheet_state = "hidden"
