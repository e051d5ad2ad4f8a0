"""Checks across a register's tables, once each table is typed: every reference names something
the register has (municipalities, arrangements, task areas, figures, regions), names and layers
agree, a tile layout gives each Nordland municipality one cell, and the register is not empty."""

from __future__ import annotations

import pandas as pd

from kommunekart.domain import problem_kinds as kinds
from kommunekart.domain.problems import ROW, Problem
from kommunekart.domain.reading import RawTable


def unknown_references(frame: pd.DataFrame, column: str, known: set[str], where: str,
                       message: str, kind: str = kinds.UNKNOWN_VALUE) -> list[Problem]:
    """A problem for each row whose `column` names something the register does not have
    (empty cells are not references)."""
    named = frame[frame[column].notna() & ~frame[column].isin(known)]
    return [Problem(where, int(r[ROW]), column, message.format(r[column]), kind=kind)
            for _, r in named.iterrows()]


Tables = dict[str, pd.DataFrame]


def cross_checks(tables: Tables, where: dict[str, str]) -> list[Problem]:
    """Every problem across tables, in the order a reader mends them: municipalities first."""
    return [*_municipality_checks(tables, where), *_arrangement_checks(tables, where),
            *_survey_list_checks(tables, where), *_region_checks(tables, where),
            *_tile_layout_checks(tables, where)]


def _names(tables: Tables) -> dict[str, str]:
    mun = tables["municipalities"]
    return dict(zip(mun["kommunenummer"], mun["name"], strict=True))


def _municipality_checks(tables: Tables, where: dict[str, str]) -> list[Problem]:
    """Each kommunenummer is one of municipalities'; a membership's name, when given, is its."""
    known = set(tables["municipalities"]["kommunenummer"].dropna())
    names = _names(tables)
    numbers = {name: k for k, name in names.items()}
    problems = [
        Problem(where[table], int(r[ROW]), column,
                f"ukjent kommunenummer «{r[column]}» (finnes ikke i municipalities)",
                _number_of(r, numbers), kinds.UNKNOWN_MUNICIPALITY)
        for table, column in (("arrangements", "host_kommunenummer"),
                              ("memberships", "kommunenummer"), ("region_layers", "kommunenummer"))
        for _, r in tables[table].iterrows() if pd.notna(r[column]) and r[column] not in known
    ]
    mem = tables["memberships"]
    for _, r in mem[mem["name"].notna()].iterrows():
        expected = names.get(r["kommunenummer"])
        if expected is not None and r["name"] != expected:
            problems.append(Problem(where["memberships"], int(r[ROW]), "name",
                                    f"navnet «{r['name']}» stemmer ikke med kommunenummer "
                                    f"{r['kommunenummer']} ({expected})",
                                    _name_or_number(r["name"], expected, numbers), kinds.MISMATCH))
    return problems


def _number_of(row: pd.Series, numbers: dict[str, str]) -> str | None:
    """The number of the municipality a row names beside an unknown number («1820 (Alstahaug)»),
    when it names one the register has; nothing is guessed from the number alone."""
    name = row.get("name")
    return f"{numbers[name]} ({name})" if isinstance(name, str) and name in numbers else None


def _name_or_number(name: str, expected: str, numbers: dict[str, str]) -> str:
    """A name that disagrees with its number: the number's name, or the name's number."""
    other = f", eller kommunenummer {numbers[name]} for {name}" if name in numbers else ""
    return f"navnet «{expected}»{other}"


def _arrangement_checks(tables: Tables, where: dict[str, str]) -> list[Problem]:
    """Arrangements name known task areas, memberships known arrangements; a complete member
    list has two members at least, and the host is one of them."""
    arr, mem = tables["arrangements"], tables["memberships"]
    task_ids = set(tables["task_areas"]["task_area_id"].dropna())
    problems = unknown_references(arr, "task_area_id", task_ids, where["arrangements"],
                                  "ukjent oppgaveområde «{}»")
    problems += unknown_references(mem, "arrangement_id", set(arr["arrangement_id"].dropna()),
                                   where["memberships"], "deltakelse i ukjent ordning «{}»")
    known = set(tables["municipalities"]["kommunenummer"].dropna())
    names = _names(tables)
    members = mem.groupby("arrangement_id")["kommunenummer"].agg(set).to_dict()
    for _, r in arr.iterrows():
        own = members.get(r["arrangement_id"], set())
        if r["members_complete"] and len(own) < 2:
            problems.append(Problem(where["arrangements"], int(r[ROW]), "arrangement_id",
                                    f"ordningen «{r['arrangement_id']}» har {len(own)} deltaker(e); "
                                    "en fullstendig deltakerliste må ha minst to "
                                    "(sett members_complete=false hvis listen ikke er kjent)",
                                    kind=kinds.MISSING))
        host = r["host_kommunenummer"]
        if pd.notna(host) and host in known and host not in own:
            problems.append(Problem(where["arrangements"], int(r[ROW]), "host_kommunenummer",
                                    f"vertskommunen {host} ({names.get(host)}) er ikke deltaker "
                                    f"i «{r['arrangement_id']}»", kind=kinds.MISMATCH))
    return problems


def _survey_list_checks(tables: Tables, where: dict[str, str]) -> list[Problem]:
    """A survey list names known arrangements and known figures."""
    lists = tables["survey_lists"]
    arrangement_ids = set(tables["arrangements"]["arrangement_id"].dropna())
    return [
        *unknown_references(lists, "arrangement_id", arrangement_ids, where["survey_lists"],
                            "ukjent ordning «{}»"),
        *unknown_references(lists, "figure_id", set(tables["survey_figures"]["figure_id"].dropna()),
                            where["survey_lists"], "ukjent tall «{}» (finnes ikke i survey_figures)"),
    ]


def _region_checks(tables: Tables, where: dict[str, str]) -> list[Problem]:
    """A region sits in the layer regions says, under one name."""
    regions, layers = tables["regions"], tables["region_layers"]
    region_layer = dict(zip(regions["region_id"], regions["layer"], strict=True))
    problems: list[Problem] = []
    for _, r in layers.iterrows():
        stated = region_layer.get(r["region_id"])
        if stated is not None and stated != r["layer"]:
            problems.append(Problem(where["region_layers"], int(r[ROW]), "layer",
                                    f"regionen «{r['region_id']}» står i laget «{stated}» i regions",
                                    stated, kinds.MISMATCH))
    names_per_region = layers.groupby("region_id")["region_name"].nunique()
    for region_id in names_per_region[names_per_region > 1].index:
        first = layers[layers["region_id"] == region_id].iloc[0]
        problems.append(Problem(where["region_layers"], int(first[ROW]), "region_name",
                                f"regionen «{region_id}» har flere ulike navn",
                                kind=kinds.MISMATCH))
    return problems


def _tile_layout_checks(tables: Tables, where: dict[str, str]) -> list[Problem]:
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
                                    f"ukjent kommunenummer «{k}» (finnes ikke i municipalities)",
                                    kind=kinds.UNKNOWN_MUNICIPALITY))
        elif pd.notna(k) and k not in nordland:
            problems.append(Problem(where["tile_layout"], int(r[ROW]), "kommunenummer",
                                    f"{k} ({names[k]}) er ikke en Nordland-kommune "
                                    "(in_nordland=false i municipalities)",
                                    kind=kinds.UNKNOWN_MUNICIPALITY))
        if pd.isna(r["row"]) or pd.isna(r["col"]):
            continue
        cell = (int(r["row"]), int(r["col"]))
        if cell in taken:
            problems.append(Problem(where["tile_layout"], int(r[ROW]), "row",
                                    f"ruten (row {cell[0]}, col {cell[1]}) er allerede brukt av "
                                    f"{taken[cell]} ({names.get(taken[cell], '?')})",
                                    kind=kinds.DUPLICATE))
        else:
            taken[cell] = k
    missing = sorted(nordland - set(layout["kommunenummer"].dropna()))
    if missing:
        listed = ", ".join(f"{k} ({names[k]})" for k in missing)
        problems.append(Problem(where["tile_layout"], None, "kommunenummer",
                                f"mangler rute for {len(missing)} Nordland-kommune(r): {listed}",
                                kind=kinds.MISSING))
    return problems


def content_problems(tables: Tables, raw: dict[str, RawTable | None],
                      where: dict[str, str]) -> list[Problem]:
    """A register must have municipalities, some of them in Nordland, and arrangements (a table
    read with a header and no rows would otherwise pass and draw an empty map)."""
    problems = []
    mun = tables["municipalities"]
    if raw.get("municipalities") is not None and not raw["municipalities"][1]:
        problems.append(Problem(where["municipalities"], None, None,
                                "registeret har ingen kommuner (tabellen har bare overskriftsraden)",
                                kind=kinds.MISSING))
    elif raw.get("municipalities") is not None and not mun.empty and not mun["in_nordland"].any():
        problems.append(Problem(where["municipalities"], None, "in_nordland",
                                "ingen av kommunene er i Nordland (in_nordland=true)",
                                kind=kinds.MISSING))
    if raw.get("arrangements") is not None and not raw["arrangements"][1]:
        problems.append(Problem(where["arrangements"], None, None,
                                "registeret har ingen ordninger (tabellen har bare overskriftsraden)",
                                kind=kinds.MISSING))
    return problems
