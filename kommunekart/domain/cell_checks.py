"""What makes a cell unreadable whatever its column: a control character (NUL, ESC, …: unseen in
Excel and dropped when the register is written as a workbook, so a round trip would change the
text), more text than one Excel cell holds, and the header row repeated below itself; and a
formula with no value stored (a workbook written by a program, never saved in Excel) reads as
empty, which is said where a value is needed («mangler» alone would puzzle a user who sees the
cell filled). Shared by the simple list and the full register, so both say it in one wording."""

from __future__ import annotations

import re
from dataclasses import replace

from kommunekart.domain.limits import column_number, number_text
from kommunekart.domain.problems import Problem

MAX_CELL_CHARS = 32_767  # what one Excel cell holds
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text
FORMULA = ("cellen har en formel uten lagret verdi (filen er laget av et program og ikke lagret "
           "i Excel), så verdien kan ikke leses")
FORMULA_HINT = "åpne filen i Excel og lagre den, eller skriv inn verdien"
REPEATED_HEADER = "overskriftsraden står på nytt"
UNCACHED = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]{1,3})(\d+)\"[^>]*>\s*<(?:\w+:)?f[\s>/]"
                      rb"(?:(?!</(?:\w+:)?c>).)*?</(?:\w+:)?c>", re.DOTALL)
HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|^[^>]*\st=\"str\"")  # a value, or a stored ""


def uncached(sheet_xml: bytes) -> frozenset[tuple[int, int]]:
    """The cells (row number, cell index) of a sheet's XML that hold a formula but no value."""
    return frozenset((int(m[2]), column_number(m[1].decode()) - 1)
                     for m in UNCACHED.finditer(sheet_xml) if not HAS_VALUE.search(m[0]))


def cell_problem(text: str) -> tuple[str, str | None] | None:
    """(message, suggestion) for a cell that cannot be read as it stands, or None."""
    bad = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})
    if bad:
        return f"cellen har usynlige kontrolltegn ({', '.join(bad)})", "skriv cellen inn på nytt"
    if len(text) > MAX_CELL_CHARS:
        return (f"cellen har {number_text(len(text))} tegn; en celle rommer høyst "
                f"{number_text(MAX_CELL_CHARS)} (Excels grense)"), None
    return None


def same_header(cells: list[str], header: list[str]) -> bool:
    """Whether a row is the header row again (pasted twice, or printed page by page)."""
    def key(c: str) -> str:
        return re.sub(r"\s+", " ", c).strip().casefold()

    filled = [key(c) for c in cells]
    while filled and not filled[-1]:
        filled.pop()
    wanted = [key(c) for c in header]
    while wanted and not wanted[-1]:
        wanted.pop()
    return bool(wanted) and filled == wanted


Rows = list[tuple[int, list[str]]]


def table_cell_problems(header: list[str], rows: Rows, where: str) -> tuple[Rows, list[Problem]]:
    """A full register table's rows without a repeated header row, and a problem for each such
    row and each unreadable cell (named by its column's header, or its letter in a sheet)."""
    problems: list[Problem] = []
    kept: Rows = []

    def label(index: int) -> str:
        return header[index] if index < len(header) and header[index] else f"kolonne {index + 1}"

    for number, cells in rows:
        if same_header(cells, header):
            problems.append(Problem(where, number, None, f"{REPEATED_HEADER}; slett raden",
                                    kind="format"))
            continue
        kept.append((number, cells))
        for index, cell in enumerate(cells):
            found = cell_problem(cell)
            if found:
                problems.append(Problem(where, number, label(index), found[0], found[1], "format"))
    return kept, problems


def explain_formulas(problems: list[Problem], cells: set[tuple[str, int, str]]) -> list[Problem]:
    """A problem of a cell that holds a formula with no value stored (where, row, column) says
    so: the cell reads as empty (an optional one is simply empty), and «verdi mangler» alone
    would puzzle a user who sees it filled."""
    return [replace(p, message=f"{p.message}: {FORMULA}", suggestion=FORMULA_HINT)
            if p.row is not None and (p.where, p.row, p.column) in cells else p for p in problems]


def formula_cells(header: list[str], formulas: frozenset[tuple[int, int]],
                  where: str) -> set[tuple[str, int, str]]:
    """(where, row, column header) of each formula cell without a value."""
    return {(where, number, header[index]) for number, index in formulas if index < len(header)}
