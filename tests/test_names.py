"""Municipalities written by name, resolved against the 2020 boundary file: each rule a user
meets (spelling, Herøy by county, a Sami name, a pre-2020 municipality, an unknown name with its
suggestion), and the two name tables in data/app/ checked against the boundary file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kommunekart.domain.names import (
    ALIASES,
    FORMER,
    Gazetteer,
    lookup,
    normalise,
    resolve_members,
    shipped_gazetteer,
)
from kommunekart.geo.gazetteer import municipalities


@pytest.fixture(scope="module")
def gaz(kommuner_path: Path) -> Gazetteer:
    return shipped_gazetteer(municipalities(str(kommuner_path)))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_boundary_file_has_all_356_with_county(gaz: Gazetteer) -> None:
    assert len(gaz.municipalities) == 356
    assert gaz.municipalities["1820"].name == "Alstahaug"
    assert gaz.municipalities["1820"].county == "Nordland"
    assert gaz.municipalities["5412"].county == "Troms og Finnmark"
    # the names 2020 numbering has twice: found in the file, not typed in
    assert {k: v for k, v in gaz.names.items() if len(v) > 1} == {
        "herøy": ("1515", "1818"), "våler": ("3018", "3419")}


@pytest.mark.parametrize("written", ["Alstahaug", "alstahaug", " ALSTAHAUG  kommune ", "1820",
                                     "Alstahaug kommune."])
def test_case_spacing_and_kommune_ignored(gaz: Gazetteer, written: str) -> None:
    assert lookup(written, gaz).numbers == ("1820",)


@pytest.mark.parametrize("written", ["Sør-Varanger", "sør – varanger", "Sør - Varanger", "SØR‐VARANGER"])
def test_dashes_and_their_spacing(gaz: Gazetteer, written: str) -> None:
    assert lookup(written, gaz).numbers == ("5444",)


def test_normalise() -> None:
    assert normalise("  Midtre   Gauldal kommune ") == "midtre gauldal"
    assert normalise("Sør – Varanger") == "sør-varanger"


@pytest.mark.parametrize(("written", "number"), [
    ("Hábmer", "1875"), ("Hamarøy – Hábmer", "1875"), ("Hábmer - Hamarøy", "1875"),
    ("Deatnu", "5441"), ("Guovdageaidnu", "5430"), ("Porsanki", "5436"), ("Porsáŋgu", "5436"),
    ("Loabák", "5415"), ("Aarborte - Hattfjelldal", "1826"), ("Kaivuono", "5426"),
])
def test_sami_and_kven_parallel_names(gaz: Gazetteer, written: str, number: str) -> None:
    found = lookup(written, gaz)
    assert found.numbers == (number,), written
    assert found.how == "parallellnavn"


def test_a_combined_form_of_two_municipalities_is_not_one(gaz: Gazetteer) -> None:
    assert lookup("Bodø - Fauske", gaz).how == "ukjent"


def test_heroy_by_the_other_members_county(gaz: Gazetteer) -> None:
    nordland = resolve_members(["Herøy", "Alstahaug", "Dønna"], gaz)
    assert nordland.numbers == ["1818", "1820", "1827"]
    assert any("Herøy (1818, Nordland)" in n for n in nordland.notices)
    more = resolve_members(["Herøy", "Ulstein", "Hareid"], gaz)
    assert more.numbers[0] == "1515"
    assert any("Møre og Romsdal" in n for n in more.notices)


def test_heroy_undecided_is_refused_with_both(gaz: Gazetteer) -> None:
    got = resolve_members(["Herøy", "Oslo"], gaz)
    assert got.numbers == ["0301"]
    (refusal,) = got.refusals
    assert refusal.kind == "tvetydig kommune"
    assert refusal.suggestion == "Herøy i Møre og Romsdal eller Herøy i Nordland"


@pytest.mark.parametrize(("written", "number"), [("Herøy i Nordland", "1818"),
                                                 ("Herøy (Møre og Romsdal)", "1515"),
                                                 ("Våler i Innlandet", "3419")])
def test_heroy_written_with_its_county(gaz: Gazetteer, written: str, number: str) -> None:
    assert lookup(written, gaz).numbers == (number,)
    assert resolve_members([written, "Oslo"], gaz).numbers == [number, "0301"]


def test_pre_2020_municipality_to_its_successor_with_a_notice(gaz: Gazetteer) -> None:
    got = resolve_members(["Skånland", "Evenes"], gaz)
    assert got.numbers == ["5412", "1853"]
    assert got.notices == ["«Skånland» (kommune til 2019) er ført som Tjeldsund (5412, Troms og "
                           "Finnmark), kommunen den ble en del av 1.1.2020"]
    merged = resolve_members(["Ballangen", "Narvik", "Evenes"], gaz)
    assert merged.numbers == ["1806", "1853"]  # one municipality from 2020, counted once
    assert any("samme kommune fra 2020" in n for n in merged.notices)


@pytest.mark.parametrize("written", ["Tysfjord", "Divtasvuodna"])
def test_split_municipality_is_refused_naming_both_successors(gaz: Gazetteer, written: str) -> None:
    got = resolve_members([written, "Bodø"], gaz)
    (refusal,) = got.refusals
    assert refusal.suggestion == "Narvik eller Hamarøy"
    assert "delt 1.1.2020" in refusal.message


def test_unknown_name_with_the_nearest_names(gaz: Gazetteer) -> None:
    got = resolve_members(["Alstahaug", "Leirfjrod", "Bodø"], gaz)
    assert got.numbers == ["1820", "1804"]
    (refusal,) = got.refusals
    assert refusal.kind == "ukjent kommune"
    assert refusal.suggestion is not None and refusal.suggestion.split(" eller ")[0] == "Leirfjord"
    assert resolve_members(["9999", "Bodø"], gaz).refusals[0].kind == "ukjent kommune"


def test_same_municipality_twice_in_a_row(gaz: Gazetteer) -> None:
    got = resolve_members(["Bodø", "bodø kommune", "Fauske"], gaz)
    assert got.numbers == ["1804", "1841"]
    assert got.refusals[0].kind == "dobbel kommune"


def test_name_tables_agree_with_the_boundary_file(gaz: Gazetteer) -> None:
    """Every alias and successor names a 2020 municipality under its boundary-file name, each
    row has a source, and no alias is also a 2020 name (it would be read as that)."""
    for r in rows(ALIASES):
        assert gaz.municipalities[r["kommunenummer"]].name == r["name"], r
        assert r["source"] and normalise(r["alias"]) not in gaz.names, r
    for r in rows(FORMER):
        assert gaz.municipalities[r["successor_kommunenummer"]].name == r["successor_name"], r
        assert r["source"] and normalise(r["former_name"]) not in gaz.names, r
