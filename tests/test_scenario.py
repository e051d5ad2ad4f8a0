"""Scenario arithmetic (kommunekart/domain/scenario.py) on a small hand-made register, every number counted by
hand: populations with unknowns, arrangements inside and crossing, congruence, splits."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from kommunekart.domain import measures, scenario
from kommunekart.domain.scenario import Region

ORDER = ["a", "b", "c", "d", "e"]
POP = {"a": 100, "b": 50, "c": None, "d": 10, "e": 5}
ARRANGEMENTS = {  # Nordland members (x, y: outside Nordland)
    "ab": ["a", "b"],            # inside north
    "abc": ["a", "b", "c", "x"],  # north + south, crosses; x does not count
    "de": ["d", "e"],            # south d, e unassigned: crosses south
    "cd": ["c", "d"],            # inside south
    "a-only": ["a", "y"],        # one Nordland member: cannot be split, left out
}
REGIONS = [Region("n", "Nord", "#0072b2"), Region("s", "Sør", "#e69f00")]
ASSIGN = {"a": "n", "b": "n", "c": "s", "d": "s"}  # e unassigned


def test_population_sums_the_known_and_counts_the_unknown() -> None:
    assert scenario.population(["a", "b"], POP) == (150, ())
    assert scenario.population(["c", "d"], POP) == (10, ("c",))
    assert scenario.population([], POP) == (0, ())


def test_regions_inside_and_crossing() -> None:
    members = scenario.nordland_members(ARRANGEMENTS, ORDER)
    assert set(members) == {"ab", "abc", "de", "cd"} and members["abc"] == ("a", "b", "c")
    north, south = scenario.region_figures(REGIONS, ASSIGN, members, POP, ORDER)
    assert (north.members, north.population, north.unknown) == (("a", "b"), 150, ())
    assert (north.inside, north.crossing) == (1, 1)  # ab inside; abc crosses
    assert (south.members, south.population, south.unknown) == (("c", "d"), 10, ("c",))
    assert (south.inside, south.crossing) == (1, 2)  # cd inside; abc and de cross


def test_congruence_and_splits() -> None:
    members = scenario.nordland_members(ARRANGEMENTS, ORDER)
    c = scenario.congruence(ASSIGN, members)
    assert (c.arrangements, c.within, c.memberships, c.memberships_within) == (4, 2, 9, 4)
    assert c.share == 0.5 and c.membership_share == 4 / 9
    split = scenario.splits(ASSIGN, members)
    assert [s.arrangement_id for s in split] == ["abc", "de"]  # largest first
    assert dict(split[0].by_region) == {"n": ("a", "b"), "s": ("c",)}
    assert dict(split[1].by_region) == {"s": ("d",), "": ("e",)}
    # everyone in one region: nothing split, everything within
    one = dict.fromkeys(ORDER, "n")
    assert scenario.splits(one, members) == [] and scenario.congruence(one, members).share == 1
    assert scenario.congruence({}, members).within == 0  # nobody assigned: nothing within


def test_a_layer_as_a_base_puts_each_municipality_in_one_region() -> None:
    base = scenario.base_assignment([("r1", ["a", "b", "x"]), ("r2", ["b", "c"])], ORDER)
    assert base == {"a": "r1", "b": "r1", "c": "r2"}  # b stays in its first region; x is not ours


def test_the_decks_region_populations_from_the_municipalities(app_data) -> None:
    """Each proposed kommuneregion whose members the register knows: the members' 2020
    populations (data/municipalities.csv) sum to the deck's figure for it. The four the deck
    gives without members cannot be checked; none is filled in by guess."""
    deck = {r["name"]: int(r["population_2020"]) for r in csv.DictReader(
        (Path(__file__).parent / "fixtures" / "deck" / "kommuneregioner.csv").open(encoding="utf-8"))}
    mun = app_data.register.municipalities
    known = {k: None if pd.isna(v) else int(v)
             for k, v in zip(mun["kommunenummer"], mun["population_2020"], strict=True)}
    assert sum(v is not None for k, v in known.items() if k in app_data.nordland) == 35
    regions = measures.regions_of_layer(app_data.register, "kommuneregion_forslag")
    checked = {}
    for name, members in zip(regions["region_name"], regions["members"], strict=True):
        total, unknown = scenario.population(members, known)
        assert unknown == (), name
        checked[name] = total
    assert checked == {n: deck[n] for n in checked}
    assert set(checked) == {"Ytre Salten", "Rana-regionen", "Lofoten", "Ofoten", "Indre Salten",
                            "Sør-Salten"}
    assert set(deck) - set(checked) == {"Vesterålen", "Vefsn-regionen", "Ytre Helgeland",
                                        "Sør-Helgeland"}
