"""The register workbook's first sheet, «Les meg»: how the workbook is built and, for each sheet
and column, whether it is required, what it may hold and an example. Generated from the schema
(kommunekart.domain.schema: required, allowed values, keys) and the guide
(kommunekart.domain.guide: what each table and column means, an example), so it is written once
and never disagrees with what the upload accepts."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from kommunekart.domain.guide import guide
from kommunekart.domain.schema import (
    GUIDE_SHEET,
    LISTS_SHEET,
    MUNICIPALITY_TABLE,
    NAME_SUFFIX,
    TABLES,
    Column,
    Table,
)
from kommunekart.outputs.export import text_only, xlsx_cell

TITLE = "Samarbeidsregisteret som arbeidsbok"
INTRO = (
    "Hvert ark er én tabell i registeret. Arkenes navn og overskriftene i rad 1 må stå som de er; "
    "rekkefølgen på kolonnene spiller ingen rolle.",
    "Legg til, endre eller slett rader, lagre som .xlsx og last filen inn under «Last inn eget "
    "register» i Kommunekart. Registeret kontrolleres helt før det vises: er noe galt, får du hver "
    "feil med ark, rad og kolonne, og det som vises, beholdes.",
    "Kommuner oppgis alltid med kommunenummer (2020-nummerering, fire sifre). Kolonnen "
    f"«…{NAME_SUFFIX}» ved siden av et kommunenummer er bare til hjelp: den kan stå tom eller "
    "slettes, men står det et navn, må det være kommunens.",
    "Kolonner med faste verdier har nedtrekksliste (listene ligger i det skjulte arket "
    f"«{LISTS_SHEET}»). En tom celle betyr «ikke kjent»: skriv aldri inn en gjetning.",
    f"En celle med formel leses som verdien den viser. Arkene «{GUIDE_SHEET}» og «{LISTS_SHEET}» leses ikke.",
)
HEADINGS = ("Ark", "Kolonne", "Påkrevd", "Tillatte verdier", "Forklaring", "Eksempel")
WIDTHS = (16, 24, 26, 44, 80, 30)
NAME_TEXT = ("Navnet på kommunen med nummeret til venstre, til hjelp for den som leser. "
             "Kan stå tomt; står det et navn, må det stemme med nummeret.")


def required_text(table: Table, column: Column) -> str:
    if column.name in table.optional_columns:
        return "nei (kolonnen kan utelates)"
    return "ja" if column.required else "nei (kan stå tom)"


def _range(column: Column) -> str:
    low, high = column.min_value, column.max_value
    if low is not None and high is not None:
        return f" {low:g}–{high:g}"
    if low is not None:
        return f" fra {low:g}"
    return f" til {high:g}" if high is not None else ""


def allowed_text(table: Table, column: Column) -> str:
    """What a column may hold, in words; «(nedtrekksliste)» where the sheet offers a list."""
    unique = "; unik" if table.key == (column.name,) else ""
    if column.choices:
        return f"én av: {', '.join(column.choices)} (nedtrekksliste)"
    if column.kind == "bool":
        return "true eller false (nedtrekksliste)"
    if column.kind == "kommunenummer":
        if table.name == MUNICIPALITY_TABLE:
            return f"fire sifre, som tekst (kommunenummer 2020){unique}"
        return f"fire sifre, som tekst: en kommune i arket {MUNICIPALITY_TABLE} (nedtrekksliste)"
    if column.kind == "int":
        return f"heltall{_range(column)}"
    if column.kind == "float":
        return f"tall{_range(column)} (desimaltegn punktum eller komma)"
    return f"tekst{unique}"


def table_rows(table: Table, names: dict[str, str]) -> list[tuple[str, ...]]:
    """The guide's rows for one table: the sheet, then each column (and each name column)."""
    entries = guide()
    key = " + ".join(table.key)
    rows = [(table.name, "(hele arket)",
             "nei (arket kan utelates)" if table.optional else "ja (arket må være med)",
             f"én rad per {key}" if len(table.key) == 1 else f"{key} sammen er unike",
             entries[(table.name, "")].description, "")]
    named = {number: name for name, number in table.name_columns.items()}
    for column in table.columns:
        entry = entries[(table.name, column.name)]
        rows.append((table.name, column.name, required_text(table, column),
                     allowed_text(table, column), entry.description, entry.example))
        if column.name in named:
            rows.append((table.name, named[column.name], "nei (til hjelp; kolonnen kan utelates)",
                         f"kommunens navn slik arket {MUNICIPALITY_TABLE} skriver det (nedtrekksliste)",
                         NAME_TEXT, names.get(entry.example, "")))
    return rows


def guide_sheet(sheet: Worksheet, names: dict[str, str]) -> None:
    """Fill `sheet` as «Les meg»: title, how the workbook works, and the table of columns.
    `names` gives the name column's example (the name of the number column's example)."""
    sheet.title = GUIDE_SHEET
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in INTRO:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(HEADINGS))
    heading = sheet.max_row
    for cell in sheet[heading]:
        cell.font = Font(bold=True)
    for table in TABLES:
        for number, row in enumerate(table_rows(table, names)):
            sheet.append([xlsx_cell(v) for v in row])
            if number == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions["ABCDEF"[index]].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=heading + 1):
        for cell in row:
            cell.alignment = wrap
            text_only(cell)
    sheet.freeze_panes = f"A{heading + 1}"
