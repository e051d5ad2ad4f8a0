"""Constellations and who-with-whom: categories, order, partner counts and the 41 × 41 matrix,
on a register small enough to count by hand and on the shipped register against the deck."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kommunekart.domain import constellations as cons
from kommunekart.domain import measures
from kommunekart.domain.ordering import nb_sorted
from kommunekart.domain.register import Register, load_register
from kommunekart.paths import DATA_DIR
from tests.helpers import MUNIS

DECK = Path(__file__).parent / "fixtures" / "deck"


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(DATA_DIR)


def test_categories_and_their_thresholds() -> None:
    nordland = [str(1800 + i) for i in range(41)]
    assert cons.category(nordland[:2], nordland) == "lokal"
    assert cons.category(nordland[:3], nordland) == "lokal"
    assert cons.category(nordland[:4], nordland) == "regional"
    assert cons.category(nordland[:30], nordland) == "regional"
    assert cons.category(nordland[:31], nordland) == "fylke"  # 31 ≥ 0.75 × 41
    assert cons.category([*nordland[:2], "5412"], nordland) == "over-grensen"


def test_constellation_orders_by_size_then_register_order(tiny: Register) -> None:
    table = cons.constellation(tiny, "1806")
    # Alfa and Gamma (2 members each) in register order, then Beta (3).
    assert table["name"].tolist() == ["Alfa", "Gamma", "Beta"]
    assert table["nr"].tolist() == [1, 2, 3]
    s = cons.summary(table, "1806", MUNIS)
    assert (s.arrangements, s.partners, s.partners_outside) == (3, 2, 0)  # Bodø and Bindal
    # Beta has 3 of the 4 municipalities: county-wide (≥ 75 %) in this tiny county
    assert s.categories == {"lokal": 2, "regional": 0, "fylke": 1, "over-grensen": 0}


def test_partner_order_by_shared_count_then_name(tiny: Register) -> None:
    table = cons.constellation(tiny, "1806")
    # Bodø shares Alfa and Beta (2), Bindal shares Beta and Gamma (2): a tie, Bindal before Bodø.
    assert cons.partner_order(table, "1806", {"1804": "Bodø", "1806": "Narvik", "1811": "Bindal"}) == [
        "1806", "1811", "1804"]


def test_pair_counts_symmetric_with_own_counts_on_the_diagonal(tiny: Register) -> None:
    grid = cons.pair_counts(tiny, MUNIS)
    assert grid == [[3, 2, 1, 1], [2, 3, 2, 0], [1, 2, 3, 1], [1, 0, 1, 2]]
    assert [grid[i][i] for i in range(4)] == measures.arrangement_counts(tiny, MUNIS).tolist()
    shared = cons.shared_arrangements(tiny, "1804", "1806")
    assert shared["name"].tolist() == ["Beta", "Alfa"]


def test_alstahaug_survey_rows_in_the_decks_order(reg: Register) -> None:
    with (DECK / "alstahaug.csv").open(encoding="utf-8") as f:
        deck = list(csv.DictReader(f))
    table = cons.constellation(reg, "1820", "kartlegging")
    assert table["name"].tolist() == [r["name"] for r in deck]
    assert table["member_count"].tolist() == [int(r["kom"]) for r in deck]


def test_41_by_41_matrix(reg: Register) -> None:
    nordland = sorted(reg.municipalities.loc[reg.municipalities["in_nordland"], "kommunenummer"])
    grid = cons.pair_counts(reg, nordland)
    assert len(grid) == 41 and all(len(row) == 41 for row in grid)
    assert all(grid[i][j] == grid[j][i] for i in range(41) for j in range(41))
    assert [grid[i][i] for i in range(41)] == measures.arrangement_counts(reg, nordland).tolist()
    latitude = {k: float(i) for i, k in enumerate(nordland)}  # any order: grouping is checked
    names = dict(zip(reg.municipalities["kommunenummer"], reg.municipalities["name"], strict=True))
    order, spans = cons.matrix_order(reg, nordland, latitude, names)
    assert sorted(order) == nordland and sum(size for _, size in spans) == 41
    start = 0
    for name, size in spans:  # each regional council's members stand together
        block = set(order[start:start + size])
        start += size
        if name != cons.NO_COUNCIL:
            rl = reg.region_layers
            members = set(rl.loc[(rl["layer"] == "regionraad") & (rl["region_name"] == name),
                                 "kommunenummer"])
            assert block <= members


def test_seriation_puts_the_closest_next() -> None:
    counts = {("a", "a"): 5, ("b", "b"): 4, ("c", "c"): 3, ("a", "c"): 3, ("c", "a"): 3,
              ("a", "b"): 1, ("b", "a"): 1, ("b", "c"): 2, ("c", "b"): 2}
    assert cons.seriate(["b", "c", "a"], counts, {}) == ["a", "c", "b"]


def test_norwegian_alphabetical_order() -> None:
    assert nb_sorted(["Øksnes", "Andøy", "Ålesund", "Zebra", "Ærø", "Bø", "Bodø"]) == [
        "Andøy", "Bodø", "Bø", "Zebra", "Ærø", "Øksnes", "Ålesund"]


def test_arrangements_with_equal_size_sort_in_norwegian_order(tiny: Register) -> None:
    arr = tiny.arrangements.copy()
    arr["name"] = ["Åsen", "Zulu", "Ærfugl", "Delta", "Epsilon", "Ørn"]
    rows = measures.with_members(tiny, arr)
    assert rows["name"].tolist()[0] == "Zulu"  # the largest first
    two = rows[rows["member_count"] == 2]["name"].tolist()
    assert two == ["Epsilon", "Ærfugl", "Ørn", "Åsen"]  # æ, ø, å after z, in that order
