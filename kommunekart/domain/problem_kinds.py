"""The kinds of a register's problems (`Problem.kind`) and their Norwegian labels, written once:
the problem table counts per kind («Per slag: Ukjent kommune 2 · Mangler 1») and the CSV of problems
names each one's. A kind no label is written for (one a newer check invents) is shown as it is."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kommunekart.domain.problems import Problem

MISSING = "mangler"  # a file, sheet, column or required value that is not there
UNKNOWN_MUNICIPALITY = "ukjent kommune"  # a kommunenummer or name the register does not know
UNKNOWN_VALUE = "ukjent verdi"  # a value outside the allowed ones, or a reference to nothing
UNKNOWN_COLUMN = "ukjent kolonne"
DUPLICATE = "duplikat"  # a key, column or file given twice
FORMAT = "format"  # not a number, not four digits, not CSV, not a workbook we read
TOO_BIG = "for stort"  # past a limit of kommunekart.domain.limits
MISMATCH = "stemmer ikke"  # two cells that must agree do not (a name and its number)
OTHER = "annet"  # Problem's default

KIND_LABELS = {
    UNKNOWN_MUNICIPALITY: "Ukjent kommune",
    MISSING: "Mangler",
    UNKNOWN_VALUE: "Ukjent verdi",
    UNKNOWN_COLUMN: "Ukjent kolonne",
    DUPLICATE: "Står flere ganger",
    FORMAT: "Feil format",
    MISMATCH: "Stemmer ikke",
    TOO_BIG: "For stort",
    OTHER: "Annet",
}


def kind_label(kind: str) -> str:
    """The Norwegian label of a kind; an unlabelled kind as it is, with a capital letter."""
    return KIND_LABELS.get(kind) or (kind[:1].upper() + kind[1:] if kind else KIND_LABELS[OTHER])


def workbook_kind(why: str) -> str:
    """The kind of what limits.workbook_problems says of a workbook: too big, or not a workbook."""
    return FORMAT if why.startswith("kan ikke leses") else TOO_BIG


def kind_counts(problems: Iterable[Problem]) -> tuple[tuple[str, int], ...]:
    """(label, how many) per kind, the most frequent first (ties in the labels' order above, so
    the count line reads the same each time)."""
    counts = Counter(kind_label(p.kind) for p in problems)
    order = {label: i for i, label in enumerate(KIND_LABELS.values())}
    return tuple(sorted(counts.items(), key=lambda c: (-c[1], order.get(c[0], len(order)), c[0])))


def count_line(counts: tuple[tuple[str, int], ...]) -> str:
    """«Ukjent kommune 2 · Mangler 1»."""
    return " · ".join(f"{label} {n}" for label, n in counts)
