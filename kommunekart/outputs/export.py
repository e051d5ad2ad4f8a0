"""The current view as tables to take away: the map's numbers per municipality, the arrangements
the panel lists, and what they are (register, scope, coverage, sources). Pure: data in, bytes out.

Every text in a download is the register's or a link's, so a spreadsheet must never take one for
a formula (OWASP, «CSV injection»): in CSV a text cell starting with =, +, -, @, tab or CR gets a
leading ' (the spreadsheet shows it as text); in XLSX such a cell is written as a string with
Excel's «quote prefix» (shown as written, stays text when edited) and no cell is ever a formula.
Numbers stay numbers; only text cells are changed."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kommunekart.domain.slug import slug

# What Excel in Norwegian locale opens as columns; CRLF rows (RFC 4180), so a field holding a
# CR or LF is quoted and stays one cell.
CSV_OPTIONS = {"sep": ";", "index": False, "lineterminator": "\r\n"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula


def formula_like(value: Any) -> bool:
    """Whether a cell is text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """A cell as the CSV writes it: text that could be read as a formula behind a ' (OWASP);
    numbers, and every other text, as they are."""
    return "'" + value if formula_like(value) else value


def xlsx_cell(value: Any) -> Any:
    """A cell as the XLSX writes it: text without the control characters XML cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _cells(frame: pd.DataFrame, fix: Callable[[Any], Any]) -> pd.DataFrame:
    """The frame with `fix` applied to every text cell and heading (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):  # text (object or str) columns
            out[column] = out[column].map(fix)
    out.columns = [fix(c) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return _cells(frame, csv_cell).to_csv(**CSV_OPTIONS).encode("utf-8-sig")  # BOM: Excel reads æøå


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in tables.items():
            _cells(frame, xlsx_cell).to_excel(writer, sheet_name=xlsx_cell(name)[:31] or "ark",
                                              index=False)
        for sheet in writer.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    text_only(cell)
    return out.getvalue()


def text_only(cell: Any) -> None:
    """An openpyxl cell never a formula: text openpyxl would store as one (a leading =) is
    stored as a string, and any text that could be read as a formula gets the quote prefix, so
    Excel and LibreOffice show it as written and keep it text when it is edited."""
    if cell.data_type == "f" or formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


# ---------------------------------------------------------------------- file names, one scheme

MAX_STEM = 120  # characters: a file name any system keeps whole


def dated_stem(parts: list[str], day: date) -> str:
    """«kommunekart-<parts>-<yyyy-mm-dd>»: what a handout shows and when it was made, e.g.
    kommunekart-kart-alstahaug-2026-11-27."""
    slugs = [s for s in (slug(p) for p in ["kommunekart", *parts]) if s]
    return f"{'-'.join(slugs)[:MAX_STEM].rstrip('-')}-{day.isoformat()}"
