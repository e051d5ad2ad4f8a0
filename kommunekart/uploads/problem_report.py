"""The problems of a refused upload as the user is shown them: a table (where, row, column, what
is wrong, a suggestion), a count per kind, and every problem as a CSV to mend them from in Excel.
Plain data and bytes, so any front end can show them (the page: kommunekart.web.components.upload).

The page lists the first MAX_SHOWN problems and says how many more there are; the CSV has them
all (a 20 000-row sheet can have tens of thousands, more than a page should hold)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kommunekart.domain.problem_kinds import count_line, kind_counts, kind_label
from kommunekart.domain.problems import Problem
from kommunekart.outputs.export import csv_bytes

MAX_SHOWN = 200  # problems listed in the page; the CSV has every one
HEADINGS = ("Fil og ark", "Rad", "Kolonne", "Hva er galt", "Forslag", "Slag")


@dataclass(frozen=True)
class ProblemRow:
    """One problem as text, in the order of HEADINGS (an empty cell where nothing is known), and
    as the one located sentence the command line says (Problem.__str__), for a row's hover text."""

    where: str
    row: str
    column: str
    message: str
    suggestion: str
    kind: str
    sentence: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.where, self.row, self.column, self.message, self.suggestion, self.kind)


@dataclass(frozen=True)
class ProblemTable:
    """The table of an upload's problems: its first rows, how many there are in all, the count
    per kind, and the id its CSV is kept under (None: it could not be kept). A problem of a whole
    file or sheet («arrangements.csv: filen mangler») has no row or column to put in a table: it
    is said as a sentence (`whole`) above it; the CSV has both kinds in one table."""

    rows: tuple[ProblemRow, ...]
    total: int
    counts: tuple[tuple[str, int], ...]
    csv_id: str | None = None
    whole: tuple[str, ...] = ()

    @property
    def more(self) -> int:
        """Problems not listed in the page (they are in the CSV)."""
        return self.total - len(self.rows) - len(self.whole)

    @property
    def count_text(self) -> str:
        """«Per slag: Ukjent kommune 2 · Mangler 1» (the total is the message's own sentence)."""
        return f"Per slag: {count_line(self.counts)}"

    @property
    def more_text(self) -> str:
        return f"… og {self.more} til (alle står i CSV-filen)." if self.more else ""


def problem_row(problem: Problem) -> ProblemRow:
    return ProblemRow(problem.where, "" if problem.row is None else str(problem.row),
                      problem.column or "", problem.message, problem.suggestion or "",
                      kind_label(problem.kind), str(problem))


def problem_table(problems: Sequence[Problem], csv_id: str | None = None,
                  shown: int = MAX_SHOWN) -> ProblemTable:
    """The table the page shows: the first `shown` problems in the order the checks found them
    (a reader's order: files, then municipalities, then what refers to them), those of a whole
    file or sheet as sentences."""
    whole = [p for p in problems if p.row is None and not p.column][:shown]
    located = [p for p in problems if p.row is not None or p.column][:shown - len(whole)]
    return ProblemTable(tuple(problem_row(p) for p in located), len(problems),
                        kind_counts(problems), csv_id, tuple(str(p) for p in whole))


def problem_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """Every problem, one row each, headed as the page's table is (the row number as text, so
    an empty one stays empty rather than becoming a float)."""
    return pd.DataFrame([problem_row(p).cells() for p in problems], columns=list(HEADINGS),
                        dtype="object")


def problems_csv(problems: Sequence[Problem]) -> bytes:
    """The CSV of every problem: the dashboard's CSV (semicolons, UTF-8 with BOM for Excel), every
    cell through outputs.export.csv_cell, so a problem quoting «=HYPERLINK(…)» stays text."""
    return csv_bytes(problem_frame(problems))
