"""Every figure the source deck states is in data/ and equal to the deck.

The expected values are read from the deck's own text (../shared/source), not typed in here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import measures
from app.paths import DATA_DIR, PROJECT_ROOT
from app.register import Register, load_register

SOURCE = PROJECT_ROOT.parent / "shared" / "source"


@pytest.fixture(scope="module")
def deck() -> str:
    files = sorted(SOURCE.glob("*.txt")) if SOURCE.is_dir() else []
    if not files:
        pytest.skip(f"the source deck is not at {SOURCE}")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(DATA_DIR)


def fig(reg: Register, figure_id: str, year: int = 2020) -> float | None:
    return measures.survey_figure(reg, figure_id, year)


def alstahaug_rows(deck: str) -> list[tuple[int, str, int]]:
    block = deck.split("Alstahaug i alle konstellasjoner")[1].split("Foreløpige inntrykk")[0]
    return [(int(n), body.strip(), int(k))
            for n, body, k in re.findall(r"^(\d{1,2}) (.+?)(\d{1,2})\s*$", block, re.M)]


def test_alstahaug_all_33_rows_with_members(deck: str, reg: Register) -> None:
    rows = alstahaug_rows(deck)
    assert [n for n, _, _ in rows] == list(range(1, 34))
    survey = measures.arrangements_of(reg, "1820", scope="kartlegging")
    assert len(survey) == 33
    by_name = {r["name"]: r for _, r in survey.iterrows()}
    for nr, body, kom in rows:
        name = next(n for n in by_name if body.startswith(n + " "))
        row = by_name[name]
        members_text = body[len(name):].strip()
        assert sorted(row["member_names"]) == sorted(m.strip() for m in members_text.split(",")), nr
        assert row["member_count"] == kom, f"row {nr} {name}: Kom {kom}"
        assert f"rad {nr}" in row["source"]


def test_alstahaug_public_sources_stay_outside_survey_view(reg: Register) -> None:
    everything = measures.arrangements_of(reg, "1820")
    assert len(everything) > 33
    assert set(everything["basis"]) == {"kartlegging-2020", "offentlig-kilde"}


def test_task_areas_both_shares(deck: str, reg: Register) -> None:
    stated = {int(n): (name.strip(), int(a), int(b)) for n, name, a, b in
              re.findall(r"^(\d{1,2}) (.+?) (\d{1,3}) (\d{1,3})\s*$", deck, re.M) if int(n) <= 41}
    ta = reg.task_areas.set_index("number")
    assert sorted(ta.index) == list(range(1, 42))
    for number, (name, s14, s20) in stated.items():
        assert ta.loc[number, "name"] == name
        assert ta.loc[number, "share_2014"] == s14, name
        assert ta.loc[number, "share_2020"] == s20, name
        assert ta.loc[number, "group"] == ("vanlig" if number <= 22 else "sjelden")


def test_totals_and_new_arrangements(deck: str, reg: Register) -> None:
    for year in (2010, 2014, 2020):
        value = int(re.search(rf"^{year}: (\d+)", deck, re.M).group(1))
        assert fig(reg, "ordninger_totalt", year) == value
    assert fig(reg, "nye_ordninger_siden_2014") == int(re.search(r"(\d+) nye ordninger", deck).group(1))


def test_child_welfare_services_and_dimensioning(deck: str, reg: Register) -> None:
    text = re.sub(r"\s+", " ", deck.split("Barnevernet")[1])
    for year in (2020, 2014, 2010):
        m = re.search(rf"{year} (\d+) tjenester, hvorav (\d+) interkommunale (?:og )?(\d+) ?"
                      r"enhetskommunale", text)
        total, inter, single = map(int, m.groups())
        assert fig(reg, "barneverntjenester_totalt", year) == total
        assert fig(reg, "barneverntjenester_interkommunale", year) == inter
        assert fig(reg, "barneverntjenester_enhetskommunale", year) == single
    for count, limit in re.findall(r"^(\d+) under (\d+) åv", deck, re.M):
        assert fig(reg, f"barneverntjenester_under_{limit}_arsverk") == int(count)


def test_service_region_counts(deck: str, reg: Register) -> None:
    flat = re.sub(r"\s+", " ", deck)
    bvv = re.search(r"organisert i (\d+) regioner, (\d+) interkommunale BV-vakter", flat)
    assert fig(reg, "barnevernvakt_regioner") == int(bvv.group(1))
    assert fig(reg, "barnevernvakt_interkommunale") == int(bvv.group(2))
    lvs = re.search(r"116117 organisert i (\d+) regioner", flat)
    assert fig(reg, "legevaktsentral_regioner") == int(lvs.group(1))
    assert measures.layer_stats(reg, "legevaktsentral").stated == int(lvs.group(1))


def test_kommunepsykolog(deck: str, reg: Register) -> None:
    m = re.search(r"(\d+) kommuner \((\d+)%\) samarbeider om kommunepsykolog", deck)
    assert fig(reg, "kommunepsykolog_kommuner") == int(m.group(1))
    assert fig(reg, "kommunepsykolog_andel") == int(m.group(2))
    arr = reg.arrangements
    psych = arr[arr["name"].str.startswith(("Kommunepsykolog", "ETS kommunepsykolog"))]
    members = measures.member_table(reg, psych).merge(reg.municipalities, on="kommunenummer")
    assert len(psych) == 5
    assert members.loc[members["in_nordland"], "kommunenummer"].nunique() == int(m.group(1))
    assert "Ettervernsteam rus og psykisk helse Salten" in set(arr["name"])


def test_proposed_kommuneregioner(deck: str, reg: Register) -> None:
    stated = re.findall(r"^(.+?) \((\d+)K\) (\d+)\s*$", deck, re.M)
    assert len(stated) == 10
    regions = reg.regions.set_index("name")
    for name, count, population in stated:
        assert regions.loc[name, "stated_member_count"] == int(count)
        assert regions.loc[name, "population_2020"] == int(population)
    derived = reg.region_layers[reg.region_layers["layer"] == "kommuneregion_forslag"]
    assert set(derived["confidence"]) == {"derived-from-population"}


def test_named_arrangements_present(reg: Register) -> None:
    names = set(reg.arrangements["name"])
    for name in ("Ytre Helgeland Brann og Redning", "Indre Salten legevakt (ISLV)",
                 "Hålogalandsrådet", "Digitale Helgeland", "IKT-samarbeid Vågan-Vestvågøy"):
        assert name in names


def test_no_value_invented_for_unknown_members(reg: Register) -> None:
    arr = reg.arrangements
    unknown = arr[~arr["members_complete"]]
    assert "Digitale Helgeland" in set(unknown["name"])
    mem = measures.member_table(reg, unknown)
    assert mem.empty or set(mem["arrangement_id"]) <= {"reno-vest-iks"}


def test_data_dictionary_documents_every_column() -> None:
    from app.schema import TABLES
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"`{table.filename}`" in text
        for column in table.column_names:
            assert f"`{column}`" in text, f"{table.filename}: {column} is not documented"


def test_geodata_reference_names(reg: Register) -> None:
    path = Path(PROJECT_ROOT.parent / "shared" / "geodata" / "kommuner-2020.geojson")
    if not path.exists():
        pytest.skip("boundary mirror absent")
    import json
    ref = {f"{f['properties']['kommunenummer']:04d}": f["properties"]["navn"]
           for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    for _, row in reg.municipalities.iterrows():
        assert ref[row["kommunenummer"]] == row["name"]
