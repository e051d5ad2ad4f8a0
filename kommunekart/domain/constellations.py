"""One municipality in all its constellations, and who cooperates with whom: pure measures on a
validated register (no Dash, no I/O), ordered here so every view and download agrees."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kommunekart.domain import measures
from kommunekart.domain.ordering import nb_key
from kommunekart.domain.register import Register

LOCAL_MAX = 3  # the deck: "Lokale ordninger = typisk 2–3 kommuner"
COUNTY_SHARE = 0.75  # county-wide: at least three in four of Nordland's municipalities
CATEGORIES = {  # id -> label, in the order the summary lists them
    "lokal": f"lokale (2–{LOCAL_MAX} kommuner)",
    "regional": f"regionale ({LOCAL_MAX + 1} kommuner eller flere, under fylkesnivå)",
    "fylke": f"fylkesdekkende (minst {round(COUNTY_SHARE * 100)} % av Nordlands kommuner)",
    "over-grensen": "over fylkesgrensen (med kommuner utenfor Nordland)",
}
NO_COUNCIL = "Uten regionråd i registeret"


def category(members: list[str], nordland: list[str]) -> str:
    """Local, regional, county-wide or crossing the county border (checked in that order of
    precedence: any member outside Nordland makes it cross the border)."""
    inside = [k for k in members if k in set(nordland)]
    if len(inside) < len(members):
        return "over-grensen"
    if len(inside) >= COUNTY_SHARE * len(nordland):
        return "fylke"
    return "lokal" if len(inside) <= LOCAL_MAX else "regional"


def constellation(register: Register, kommune: str, scope: str = "alle") -> pd.DataFrame:
    """Every registered arrangement the municipality takes part in, as the deck's table: by
    member count ascending, ties in register order (so Alstahaug's survey rows are the deck's
    1–33 in the deck's order), with members in register order and a category each."""
    rows = measures.arrangements_of(register, kommune, scope)
    position = {a: i for i, a in enumerate(register.arrangements["arrangement_id"])}
    rows = rows.assign(_pos=rows["arrangement_id"].map(position))
    rows = rows.sort_values(["member_count", "_pos"], kind="stable").drop(columns="_pos")
    nordland = sorted(register.municipalities.loc[register.municipalities["in_nordland"],
                                                  "kommunenummer"])
    rows["category"] = [category(m, nordland) for m in rows["members"]]
    rows.insert(0, "nr", range(1, len(rows) + 1))
    return rows.reset_index(drop=True)


@dataclass(frozen=True)
class Summary:
    arrangements: int
    partners: int  # distinct other municipalities, in Nordland or not
    partners_outside: int  # ... of which outside Nordland
    categories: dict[str, int]


def summary(table: pd.DataFrame, kommune: str, nordland: list[str]) -> Summary:
    partners = {k for members in table["members"] for k in members} - {kommune}
    counts = table["category"].value_counts()
    return Summary(len(table), len(partners), len(partners - set(nordland)),
                   {c: int(counts.get(c, 0)) for c in CATEGORIES})


def shared_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many of the table's arrangements each member is in."""
    shared: dict[str, int] = {}
    for members in table["members"]:
        for k in members:
            shared[k] = shared.get(k, 0) + 1
    return shared


def partner_order(table: pd.DataFrame, kommune: str, names: dict[str, str]) -> list[str]:
    """Columns of the membership matrix: the chosen municipality first, then every other member
    by how many of its arrangements they share (most first), ties in Norwegian alphabetical
    order."""
    shared = shared_counts(table)
    others = sorted((k for k in shared if k != kommune),
                    key=lambda k: (-shared[k], nb_key(names.get(k, k))))
    return [kommune, *others] if kommune in shared else others


def pair_counts(register: Register, municipalities: list[str], scope: str = "alle",
                task_area_id: str | None = None) -> list[list[int]]:
    """Registered arrangements each pair shares (symmetric; the diagonal is each municipality's
    own number of arrangements)."""
    mem = measures.member_table(register, measures.filter_arrangements(register, scope,
                                                                       task_area_id))
    mem = mem[mem["kommunenummer"].isin(municipalities)]
    pairs = mem.merge(mem, on="arrangement_id")
    counts = pairs.groupby(["kommunenummer_x", "kommunenummer_y"]).size()
    index = {k: i for i, k in enumerate(municipalities)}
    out = [[0] * len(municipalities) for _ in municipalities]
    for (a, b), n in counts.items():
        out[index[a]][index[b]] = int(n)
    return out


def shared_arrangements(register: Register, a: str, b: str, scope: str = "alle",
                        task_area_id: str | None = None) -> pd.DataFrame:
    """The registered arrangements two municipalities share, largest first."""
    rows = measures.arrangements_of(register, a, scope, task_area_id)
    return rows[[b in m for m in rows["members"]]].reset_index(drop=True)


def council_groups(register: Register, nordland: list[str],
                   latitude: dict[str, float]) -> list[tuple[str, list[str]]]:
    """Nordland's municipalities grouped by regional council (the register's `regionraad`
    layer), councils from south to north by their members' mean latitude; a municipality in
    two councils is placed in the first, one in none in a last group."""
    rl = register.region_layers
    rl = rl[(rl["layer"] == "regionraad") & rl["kommunenummer"].isin(nordland)]
    groups: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for rid, g in rl.groupby("region_id", sort=False):
        groups[rid] = list(dict.fromkeys(g["kommunenummer"]))
        names[rid] = g["region_name"].iloc[0]
    order = sorted(groups, key=lambda r: sum(latitude[k] for k in groups[r]) / len(groups[r]))
    placed: set[str] = set()
    out = []
    for rid in order:
        members = [k for k in groups[rid] if k not in placed]
        placed.update(members)
        if members:
            out.append((names[rid], members))
    rest = [k for k in nordland if k not in placed]
    if rest:
        out.append((NO_COUNCIL, rest))
    return out


def seriate(members: list[str], counts: dict[tuple[str, str], int],
            names: dict[str, str]) -> list[str]:
    """A chain in which neighbours share many arrangements: start with the municipality in most
    arrangements, then repeatedly take the one sharing most with the last taken (ties by
    Norwegian name). Greedy, deterministic, and enough to make clusters show in a council."""
    left = sorted(members, key=lambda k: (-counts.get((k, k), 0), nb_key(names.get(k, k))))
    if not left:
        return []
    chain = [left.pop(0)]
    while left:
        last = chain[-1]
        best = min(left, key=lambda k: (-counts.get((last, k), 0), nb_key(names.get(k, k))))
        left.remove(best)
        chain.append(best)
    return chain


def matrix_order(register: Register, nordland: list[str], latitude: dict[str, float],
                 names: dict[str, str], scope: str = "alle",
                 task_area_id: str | None = None) -> tuple[list[str], list[tuple[str, int]]]:
    """Rows and columns of the 41 × 41 matrix: by regional council (south to north), seriated
    within each; and the councils as (name, number of rows) spans for the axes."""
    grid = pair_counts(register, nordland, scope, task_area_id)
    counts = {(a, b): grid[i][j] for i, a in enumerate(nordland) for j, b in enumerate(nordland)}
    order: list[str] = []
    spans: list[tuple[str, int]] = []
    for name, members in council_groups(register, nordland, latitude):
        order += seriate(members, counts, names)
        spans.append((name, len(members)))
    return order, spans
