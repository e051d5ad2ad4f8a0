"""Measures computed from a validated register: pure functions, no I/O, no Dash.

Every count here is a count of what the register holds. Gaps stay gaps (NaN or absent), never 0
pretending to be known."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from kommunekart.domain.ordering import nb_key
from kommunekart.domain.register import Register
from kommunekart.domain.schema import CONFIDENCES

SURVEY_BASIS = "kartlegging-2020"
OWN_BASIS = "eget-register"  # a user's own simple list: counted apart, never as the survey's
LAYER_FIGURES = {  # layer -> survey_figures ids stating its regions, and how many inter-municipal
    "legevaktsentral": ("legevaktsentral_regioner", None),
    "barnevernvakt": ("barnevernvakt_regioner", "barnevernvakt_interkommunale"),
    "kommuneregion_forslag": ("kommuneregioner_forslag", None),
}
LAYER_TASKS = {  # layer -> the task area whose arrangements serve the same purpose
    "legevaktsentral": "legevaktsentral",
    "barnevernvakt": "barnevernvakt",
}


HIGHEST = 5  # the municipalities with the highest values that the overview names


def highest(keys: Sequence[str], values: Sequence[int], rank: Mapping[str, int],
            n: int = HIGHEST) -> list[str]:
    """The `n` keys with the highest values, ties in `rank` order (Norwegian alphabetical): the
    overview's «Høyest» and the names the map puts first are this one ranking."""
    ranked = sorted(zip(keys, values, strict=True), key=lambda p: (-p[1], rank[p[0]]))
    return [k for k, _ in ranked[:n]]


def survey_figure(register: Register, figure_id: str, year: int = 2020) -> float | None:
    figs = register.survey_figures
    hit = figs[(figs["figure_id"] == figure_id) & (figs["year"] == year)]
    return None if hit.empty else float(hit["value"].iloc[0])


@dataclass(frozen=True)
class Coverage:
    """What the register holds against the survey's own count, like for like: the survey's 263
    are compared with the survey's own rows, never with rows from other sources."""

    survey_total: int | None  # the survey's own count of arrangements in 2020
    survey_with_members: int  # basis kartlegging-2020 with a complete member list
    other_with_members: int  # from other sources, with a complete member list
    without_members: int  # registered, member list not (fully) known
    own_with_members: int = 0  # from the user's own simple list, with a complete member list

    @property
    def with_members(self) -> int:
        return self.survey_with_members + self.other_with_members + self.own_with_members

    @property
    def complete(self) -> bool:
        """A register that holds every arrangement the survey counted, with its members."""
        return self.survey_total is not None and self.survey_with_members >= self.survey_total


def coverage(register: Register) -> Coverage:
    arr = register.arrangements
    complete = arr[arr["members_complete"]]
    total = survey_figure(register, "ordninger_totalt")
    survey = int((complete["basis"] == SURVEY_BASIS).sum())
    own = int((complete["basis"] == OWN_BASIS).sum())
    return Coverage(
        survey_total=None if total is None else int(total),
        survey_with_members=survey,
        other_with_members=len(complete) - survey - own,
        without_members=int((~arr["members_complete"]).sum()),
        own_with_members=own,
    )


@dataclass(frozen=True)
class LayerStats:
    regions: int  # regions the register names for this layer
    with_members: int  # ... of which at least one member is known
    inter: int  # ... of which two or more municipalities (inter-municipal)
    single: int  # ... of which one municipality (its own service)
    older: int  # ... of which known only from another year, inferred or derived
    stated: int | None  # how many regions the source says the layer has
    stated_inter: int | None  # ... of which inter-municipal, where the source says


def layer_stats(register: Register, layer: str) -> LayerStats:
    rl = register.region_layers[register.region_layers["layer"] == layer]
    sizes = rl.groupby("region_id")["kommunenummer"].nunique()
    older = rl.loc[rl["confidence"] != "stated-2020", "region_id"].nunique()
    named = set(sizes.index) | set(register.regions.loc[register.regions["layer"] == layer,
                                                        "region_id"])
    stated, inter = (survey_figure(register, f) if f else None
                     for f in LAYER_FIGURES.get(layer, (None, None)))
    return LayerStats(len(named), len(sizes), int((sizes > 1).sum()), int((sizes == 1).sum()),
                      int(older), None if stated is None else int(stated),
                      None if inter is None else int(inter))


SCOPES = ("alle", "til2020", "kartlegging")  # nested: the deck's 2020 list ⊂ dated ≤ 2020 ⊂ all


def first_year(as_of: str) -> int | None:
    """The first year an `as_of` text names ("2019–2023" -> 2019); None when it names none."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", as_of or "")
    return int(years[0]) if years else None


def filter_arrangements(register: Register, scope: str = "alle",
                        task_area_id: str | None = None) -> pd.DataFrame:
    """Arrangements in a scope: all registered; none whose source is dated after 2020 (undated
    ones stay, since nothing says they are later); or only the survey's 2020 list."""
    arr = register.arrangements
    if scope == "kartlegging":
        arr = arr[arr["basis"] == SURVEY_BASIS]
    elif scope == "til2020":
        arr = arr[[(y is None or y <= 2020) for y in map(first_year, arr["as_of"])]]
    if task_area_id:
        arr = arr[arr["task_area_id"] == task_area_id]
    return arr


def member_table(register: Register, arrangements: pd.DataFrame) -> pd.DataFrame:
    """Memberships of the given arrangements (arrangement_id, kommunenummer)."""
    mem = register.memberships
    return mem[mem["arrangement_id"].isin(arrangements["arrangement_id"])][
        ["arrangement_id", "kommunenummer"]]


def arrangement_counts(register: Register, municipalities: list[str],
                       scope: str = "alle") -> pd.Series:
    """Registered arrangements each municipality takes part in (0 where none is registered)."""
    arr = filter_arrangements(register, scope)
    counts = member_table(register, arr)["kommunenummer"].value_counts()
    return counts.reindex(municipalities, fill_value=0).astype(int)


def distinct_partner_counts(register: Register, municipalities: list[str],
                            scope: str = "alle") -> pd.Series:
    """How many different municipalities each one cooperates with in registered arrangements."""
    mem = member_table(register, filter_arrangements(register, scope))
    pairs = mem.merge(mem, on="arrangement_id")
    pairs = pairs[pairs["kommunenummer_x"] != pairs["kommunenummer_y"]]
    distinct = pairs.groupby("kommunenummer_x")["kommunenummer_y"].nunique()
    return distinct.reindex(municipalities, fill_value=0).astype(int)


def host_counts(register: Register, municipalities: list[str],
                scope: str = "alle") -> pd.Series:
    """Registered arrangements each municipality hosts (where a host is known at all)."""
    hosts = filter_arrangements(register, scope)["host_kommunenummer"].dropna().value_counts()
    return hosts.reindex(municipalities, fill_value=0).astype(int)


def task_area_participation(register: Register, municipalities: list[str], task_area_id: str,
                            scope: str = "alle") -> dict[str, list[str]]:
    """For each municipality, the registered arrangements of the task area it takes part in
    (largest first); an empty list means none is registered, not that it takes no part."""
    arr = with_members(register, filter_arrangements(register, scope, task_area_id))
    part: dict[str, list[str]] = {k: [] for k in municipalities}
    for name, members in zip(arr["name"], arr["members"], strict=True):
        for k in members:
            if k in part:
                part[k].append(name)
    return part


def task_area_register(register: Register, municipalities: list[str],
                       scope: str = "alle") -> pd.DataFrame:
    """What the register holds per task area, in the register's task-area order: `arrangements`
    (registered arrangements of the area in the scope, member list known or not) and
    `participants` (how many of the given municipalities take part in at least one of them).
    Nothing registered is 0 arrangements and 0 participants: not known, not "no cooperation"."""
    arr = filter_arrangements(register, scope)
    arr = arr[arr["task_area_id"].notna()]
    mem = member_table(register, arr)
    mem = mem[mem["kommunenummer"].isin(municipalities)].merge(
        arr[["arrangement_id", "task_area_id"]], on="arrangement_id")
    ids = register.task_areas["task_area_id"]
    arrangements = arr["task_area_id"].value_counts().reindex(ids, fill_value=0)
    participants = mem.groupby("task_area_id")["kommunenummer"].nunique().reindex(ids, fill_value=0)
    return pd.DataFrame({"arrangements": arrangements.astype(int).to_numpy(),
                         "participants": participants.astype(int).to_numpy()},
                        index=pd.Index(ids, name="task_area_id"))


def arrangements_of(register: Register, kommunenummer: str, scope: str = "alle",
                    task_area_id: str | None = None) -> pd.DataFrame:
    """All registered arrangements a municipality takes part in, largest first, with members."""
    arr = filter_arrangements(register, scope, task_area_id)
    mem = member_table(register, arr)
    ids = set(mem.loc[mem["kommunenummer"] == kommunenummer, "arrangement_id"])
    return with_members(register, arr[arr["arrangement_id"].isin(ids)])


def with_members(register: Register, arrangements: pd.DataFrame) -> pd.DataFrame:
    """Add member lists, member names, member count and task-area name; sorted largest first,
    then by name in Norwegian alphabetical order (the one order panel and downloads share)."""
    names = dict(zip(register.municipalities["kommunenummer"], register.municipalities["name"],
                     strict=True))
    tasks = dict(zip(register.task_areas["task_area_id"], register.task_areas["name"], strict=True))
    mem = member_table(register, arrangements)
    grouped = mem.groupby("arrangement_id")["kommunenummer"].agg(list)
    out = arrangements.copy()
    out["members"] = [grouped.get(a, []) for a in out["arrangement_id"]]
    out["member_names"] = [[names[k] for k in ks] for ks in out["members"]]
    out["member_count"] = [len(ks) for ks in out["members"]]
    out["task_area_name"] = [tasks.get(t) if pd.notna(t) else None for t in out["task_area_id"]]
    out["host_name"] = [names.get(h) if pd.notna(h) else None for h in out["host_kommunenummer"]]
    order = sorted(range(len(out)), key=lambda i: (-out["member_count"].iloc[i],
                                                   nb_key(out["name"].iloc[i])))
    return out.iloc[order].reset_index(drop=True)


def partner_counts(register: Register, kommunenummer: str, municipalities: list[str],
                   scope: str = "alle", task_area_id: str | None = None) -> pd.Series:
    """How many registered arrangements each municipality shares with the given one (0 for the
    municipality itself)."""
    mem = member_table(register, filter_arrangements(register, scope, task_area_id))
    own = set(mem.loc[mem["kommunenummer"] == kommunenummer, "arrangement_id"])
    shared = mem[mem["arrangement_id"].isin(own) & (mem["kommunenummer"] != kommunenummer)]
    return shared["kommunenummer"].value_counts().reindex(municipalities, fill_value=0).astype(int)


def regions_of_layer(register: Register, layer: str) -> pd.DataFrame:
    """One row per region of a layer with its members, host and weakest confidence."""
    rl = register.region_layers[register.region_layers["layer"] == layer]
    names = dict(zip(register.municipalities["kommunenummer"], register.municipalities["name"],
                     strict=True))
    rows = []
    for region_id, g in rl.groupby("region_id", sort=False):
        hosts = g.loc[g["host"], "kommunenummer"].tolist()
        rows.append({
            "region_id": region_id,
            "region_name": g["region_name"].iloc[0],
            "members": g["kommunenummer"].tolist(),
            "member_names": [names[k] for k in g["kommunenummer"]],
            "host_names": [names[k] for k in hosts],
            "as_of": "; ".join(dict.fromkeys(g["as_of"])),
            "confidence": weakest_confidence(g["confidence"].tolist()),
            "source": g["source"].iloc[0],
            "note": g["note"].dropna().iloc[0] if g["note"].notna().any() else "",
        })
    return pd.DataFrame(rows)


CONFIDENCE_ORDER = CONFIDENCES  # strongest first


def weakest_confidence(values: list[str]) -> str:
    return max(values, key=CONFIDENCE_ORDER.index)
