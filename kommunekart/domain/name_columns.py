"""The name columns of a register («kommunenummer (navn)» beside a kommunenummer column, as the
register's workbook writes them): allowed in any table that refers to municipalities, never part
of the typed tables, and checked against the number, so a person who edits the number and forgets
the name, or the other way round, is told which one is wrong."""

from __future__ import annotations

import pandas as pd

from kommunekart.domain.names import foreign_letters, normalise
from kommunekart.domain.problems import ROW, Problem
from kommunekart.domain.schema import MUNICIPALITY_TABLE, TABLES

KIND = "kommunenavn"  # the problems' kind, for the count per kind
SHOWN = 60  # characters of a user's text repeated in a message


def name_problems(tables: dict[str, pd.DataFrame], where: dict[str, str]) -> list[Problem]:
    """A problem for each name that is not the name of the number beside it (the right name as
    the suggestion), and for a name given where the number is left empty (the number as the
    suggestion, when the name is one municipality's). An unknown number is cross_checks'."""
    mun = tables[MUNICIPALITY_TABLE]
    names = dict(zip(mun["kommunenummer"], mun["name"], strict=True))
    numbers: dict[str, list[str]] = {}
    for number, name in names.items():
        if pd.notna(number) and pd.notna(name):
            numbers.setdefault(normalise(name), []).append(number)
    problems: list[Problem] = []
    for table in TABLES:
        frame = tables[table.name]
        for name_column, number_column in table.name_columns.items():
            if name_column not in frame.columns:
                continue
            given = frame[frame[name_column].fillna("").astype(str).str.strip() != ""]
            for row, text, number in zip(given[ROW], given[name_column], given[number_column],
                                         strict=True):
                problem = _check(str(text).strip(), number, names, numbers)
                if problem:
                    message, column, suggestion = problem
                    problems.append(Problem(where[table.name], int(row),
                                            name_column if column == "name" else number_column,
                                            message, suggestion, KIND))
    return problems


def _check(text: str, number: object, names: dict[str, str],
           numbers: dict[str, list[str]]) -> tuple[str, str, str | None] | None:
    """(message, "name" or "number", suggestion) of one name beside one number, or None."""
    shown = text[:SHOWN]
    owners = numbers.get(normalise(text), [])
    if pd.isna(number):
        found = f" («{shown}» har kommunenummer {owners[0]})" if len(owners) == 1 else ""
        return (f"navnet «{shown}» står uten kommunenummer{found}", "number",
                owners[0] if len(owners) == 1 else None)
    expected = names.get(str(number))
    if expected is None or normalise(text) == normalise(expected):
        return None
    other = f"; «{shown}» har kommunenummer {owners[0]}" if len(owners) == 1 else ""
    return (f"navnet «{shown}» stemmer ikke med kommunenummer {number} ({expected}){other}"
            f"{foreign_letters(shown)}",
            "name", expected)
