"""Every figure the source deck states is in data/ and equal to the deck.

The expected values are typed once from the deck into tests/fixtures/deck/ (each row with the
slide it comes from, see its README); this file compares data/ with them."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest

from kommunekart.domain import measures
from kommunekart.domain.register import Register, load_register
from kommunekart.paths import DATA_DIR

DECK = Path(__file__).parent / "fixtures" / "deck"
SOURCE_PREFIX = "Kildepresentasjon: "  # how data/ cites a slide of the deck


@cache
def deck(name: str) -> tuple[dict[str, str], ...]:
    """One fixture table as rows of text; every row names its slide."""
    with (DECK / name).open(encoding="utf-8", newline="") as f:
        rows = tuple(csv.DictReader(f))
    assert rows and all(r["slide"] for r in rows), name
    return rows


def names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(DATA_DIR)


def fig(reg: Register, figure_id: str, year: int = 2020) -> float | None:
    return measures.survey_figure(reg, figure_id, year)


def test_fixture_is_complete() -> None:
    """The fixture itself: 33 rows whose Kom is their member count, 41 task areas, 10 regions."""
    rows = deck("alstahaug.csv")
    assert [int(r["nr"]) for r in rows] == list(range(1, 34))
    assert all(len(names(r["members"])) == int(r["kom"]) for r in rows)
    assert all("Alstahaug" in names(r["members"]) for r in rows)
    assert [int(r["number"]) for r in deck("task_areas.csv")] == list(range(1, 42))
    assert len(deck("kommuneregioner.csv")) == 10
    ids = [(r["figure_id"], r["year"]) for r in deck("figures.csv")]
    assert len(ids) == len(set(ids))


def test_alstahaug_all_33_rows_with_members(reg: Register) -> None:
    survey = measures.arrangements_of(reg, "1820", scope="kartlegging")
    assert len(survey) == 33
    by_name = {r["name"]: r for _, r in survey.iterrows()}
    for row in deck("alstahaug.csv"):
        nr, name = row["nr"], row["name"]
        assert name in by_name, f"row {nr}: «{name}» is not among Alstahaug's survey rows"
        got = by_name[name]
        assert sorted(got["member_names"]) == sorted(names(row["members"])), f"row {nr} {name}"
        assert got["member_count"] == int(row["kom"]), f"row {nr} {name}: Kom {row['kom']}"
        assert re.search(rf"{re.escape(row['slide'])}, rad {nr}\b", got["source"]), (nr, got["source"])


def test_alstahaug_public_sources_stay_outside_survey_view(reg: Register) -> None:
    everything = measures.arrangements_of(reg, "1820")
    assert len(everything) > 33
    assert set(everything["basis"]) == {"kartlegging-2020", "offentlig-kilde"}


def test_task_areas_both_shares(reg: Register) -> None:
    ta = reg.task_areas.set_index("number")
    assert sorted(ta.index) == list(range(1, 42))
    for row in deck("task_areas.csv"):
        number = int(row["number"])
        assert ta.loc[number, "name"] == row["name"], number
        assert ta.loc[number, "share_2014"] == int(row["share_2014"]), row["name"]
        assert ta.loc[number, "share_2020"] == int(row["share_2020"]), row["name"]
        assert ta.loc[number, "group"] == row["group"], row["name"]
        assert row["slide"] in ta.loc[number, "source"], row["name"]


@pytest.mark.parametrize("row", deck("figures.csv"), ids=lambda r: f"{r['figure_id']}-{r['year']}")
def test_deck_figure(reg: Register, row: dict[str, str]) -> None:
    """Totals 2010/2014/2020, 65 new since 2014, child welfare and its dimensioning, service
    regions (116117, barnevernvakt), kommunepsykolog, kommuneregioner: value, qualifier, whether
    the deck states it or we count its lines, and the slide it is cited from."""
    figs = reg.survey_figures
    hit = figs[(figs["figure_id"] == row["figure_id"]) & (figs["year"] == int(row["year"]))]
    assert len(hit) == 1, f"{row['figure_id']} {row['year']} is not in survey_figures.csv"
    got = hit.iloc[0]
    assert got["value"] == int(row["value"])
    assert (got["qualifier"] if isinstance(got["qualifier"], str) else "") == row["qualifier"]
    assert bool(got["counted_from_list"]) is (row["counted_from_list"] == "true")
    assert got["source"].startswith(SOURCE_PREFIX) and row["slide"] in got["source"]


def test_every_survey_figure_is_the_decks(reg: Register) -> None:
    """survey_figures.csv holds the deck's figures and nothing else."""
    typed = {(r["figure_id"], int(r["year"])) for r in deck("figures.csv")}
    held = set(zip(reg.survey_figures["figure_id"], reg.survey_figures["year"], strict=True))
    assert held - typed == set()


def test_service_region_counts(reg: Register) -> None:
    """The layers say what the deck says: 116117 in 7 regions, barnevernvakt in 12 (9 inter-
    municipal), at most 10 kommuneregioner."""
    stated = {r["figure_id"]: int(r["value"]) for r in deck("figures.csv")}
    assert measures.layer_stats(reg, "legevaktsentral").stated == stated["legevaktsentral_regioner"]
    assert measures.layer_stats(reg, "barnevernvakt").stated == stated["barnevernvakt_regioner"]
    assert measures.layer_stats(reg, "kommuneregion_forslag").stated == stated["kommuneregioner_forslag"]
    assert fig(reg, "barnevernvakt_interkommunale") == stated["barnevernvakt_interkommunale"]


def test_kommunepsykolog(reg: Register) -> None:
    stated = {r["figure_id"]: int(r["value"]) for r in deck("figures.csv")}
    lines = deck("kommunepsykolog.csv")
    arr = measures.with_members(reg, reg.arrangements)
    by_name = {r["name"]: r for _, r in arr.iterrows()}
    for line in lines:
        assert line["name"] in by_name, line["name"]
        assert sorted(by_name[line["name"]]["member_names"]) == sorted(names(line["members"]))
        assert by_name[line["name"]]["basis"] == "kartlegging-2020"
    psych = reg.arrangements[reg.arrangements["name"].str.startswith(("Kommunepsykolog",
                                                                      "ETS kommunepsykolog"))]
    assert len(psych) == stated["kommunepsykolog_ordninger"] == 5
    members = measures.member_table(reg, psych).merge(reg.municipalities, on="kommunenummer")
    in_nordland = members.loc[members["in_nordland"], "kommunenummer"].nunique()
    assert in_nordland == stated["kommunepsykolog_kommuner"] == 14
    assert round(100 * in_nordland / 41) == stated["kommunepsykolog_andel"]
    assert "Ettervernsteam rus og psykisk helse Salten" in set(reg.arrangements["name"])


def test_proposed_kommuneregioner(reg: Register) -> None:
    typed = deck("kommuneregioner.csv")
    regions = reg.regions[reg.regions["layer"] == "kommuneregion_forslag"].set_index("name")
    assert sorted(regions.index) == sorted(r["name"] for r in typed)
    for row in typed:
        assert regions.loc[row["name"], "stated_member_count"] == int(row["member_count"]), row["name"]
        assert regions.loc[row["name"], "population_2020"] == int(row["population_2020"]), row["name"]
        assert row["slide"] in regions.loc[row["name"], "source"]
    derived = reg.region_layers[reg.region_layers["layer"] == "kommuneregion_forslag"]
    assert set(derived["confidence"]) == {"derived-from-population"}


def test_named_arrangements_present(reg: Register) -> None:
    """Arrangements the deck names outside its tables are in the register, from the survey, with
    the deck's own wording, citing the slide, with the member or host the deck states."""
    arr = measures.with_members(reg, reg.arrangements)
    for row in deck("named.csv"):
        hits = arr[arr["name"].str.startswith(row["name"])]
        if row["task_area_id"]:
            hits = hits[hits["task_area_id"] == row["task_area_id"]]
        assert len(hits) == 1, f"«{row['name']}» ({row['task_area_id'] or 'any task'}): {len(hits)} rows"
        got = hits.iloc[0]
        assert got["basis"] == "kartlegging-2020", got["name"]
        # cites this slide, or the Alstahaug table where the same arrangement has its row
        cited = (row["slide"], *(r["slide"] for r in deck("alstahaug.csv") if r["name"] == got["name"]))
        assert got["source"].startswith(SOURCE_PREFIX), got["name"]
        assert any(slide in got["source"] for slide in cited), (got["name"], got["source"])
        assert set(names(row["members_include"])) <= set(got["member_names"]), got["name"]
        if row["host"]:
            assert got["host_name"] == row["host"], got["name"]


def test_no_value_invented_for_unknown_members(reg: Register) -> None:
    arr = reg.arrangements
    unknown = arr[~arr["members_complete"]]
    assert "Digitale Helgeland" in set(unknown["name"])
    mem = measures.member_table(reg, unknown)
    assert mem.empty or set(mem["arrangement_id"]) <= {"reno-vest-iks"}


def test_data_dictionary_documents_every_column() -> None:
    from kommunekart.domain.schema import TABLES
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"`{table.filename}`" in text
        for column in table.column_names:
            assert f"`{column}`" in text, f"{table.filename}: {column} is not documented"


def test_geodata_reference_names(reg: Register, kommuner_path: Path) -> None:
    """Every municipality's name is Kartverket's, in the verified boundary file."""
    ref = {f"{f['properties']['kommunenummer']:04d}": f["properties"]["navn"]
           for f in json.loads(kommuner_path.read_text(encoding="utf-8"))["features"]}
    for _, row in reg.municipalities.iterrows():
        assert ref[row["kommunenummer"]] == row["name"]
