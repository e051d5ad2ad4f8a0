"""The register corrections of issue 8 §1 stay made: each test fails if a correction is undone.

The tests read data/ only (never ../shared) and check rules, not the whole CSV: one municipality per
barnevernvakt, no 2020 claim for facts that are not from 2020, a source for every fact, no
one-municipality region the deck does not name, and the optional survey_figures column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kommunekart.domain import measures, schema
from kommunekart.domain.register import Register, RegisterError, load_register
from kommunekart.domain.schema import CONFIDENCES, TABLES_BY_NAME
from kommunekart.paths import DATA_DIR

URL = re.compile(r"https?://[^\s,;)»]+")
SLIDE = "Kildepresentasjon:"
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(DATA_DIR)


def arrangement(reg: Register, arrangement_id: str) -> pd.Series:
    arr = reg.arrangements.set_index("arrangement_id")
    return arr.loc[arrangement_id]


def numbers(reg: Register, *names: str) -> set[str]:
    by_name = dict(zip(reg.municipalities["name"], reg.municipalities["kommunenummer"], strict=True))
    return {by_name[n] for n in names}


def region_sizes(reg: Register, layer: str) -> pd.Series:
    rl = reg.region_layers
    return rl[rl["layer"] == layer].groupby("region_id")["kommunenummer"].nunique()


# ---------------------------------------------------------------- sources


def sourced_tables(reg: Register) -> dict[str, pd.DataFrame]:
    return {name: getattr(reg, name) for name in
            ("municipalities", "task_areas", "arrangements", "region_layers", "regions",
             "survey_figures")}


def test_every_row_has_a_url_or_a_slide(reg: Register) -> None:
    for name, frame in sourced_tables(reg).items():
        for _, row in frame.iterrows():
            source = row["source"] if pd.notna(row["source"]) else ""
            assert URL.search(source) or SLIDE in source, (name, row.iloc[0])


def test_a_note_never_cites_a_page_its_source_lacks(reg: Register) -> None:
    for name, frame in sourced_tables(reg).items():
        if "note" not in frame:
            continue
        for _, row in frame[frame["note"].notna()].iterrows():
            for url in URL.findall(row["note"]):
                assert url in row["source"], (name, row.iloc[0], url)


def test_survey_rows_cite_a_slide_and_other_rows_do_not_start_with_one(reg: Register) -> None:
    arr = reg.arrangements
    from_slide = arr["source"].str.startswith(SLIDE)
    assert (from_slide == (arr["basis"] == measures.SURVEY_BASIS)).all(), \
        arr.loc[from_slide != (arr["basis"] == measures.SURVEY_BASIS), "arrangement_id"].tolist()


def test_halogalandsradet_is_from_the_survey(reg: Register) -> None:
    row = reg.arrangements[reg.arrangements["name"] == "Hålogalandsrådet"].iloc[0]
    assert row["basis"] == measures.SURVEY_BASIS
    assert row["source"].startswith(f"{SLIDE} Interessant!")
    assert URL.search(row["source"])  # the members come from the council's own page


# ---------------------------------------------------------------- confidence and dates


def test_partly_stated_sits_between_stated_and_other_year() -> None:
    assert "partly-stated-2020" in CONFIDENCES
    order = measures.CONFIDENCE_ORDER
    assert order.index("stated-2020") < order.index("partly-stated-2020") < order.index(
        "stated-other-year")
    assert measures.weakest_confidence(["stated-2020", "partly-stated-2020"]) == "partly-stated-2020"
    labels = getattr(schema, "CONFIDENCE_LABELS", None) or schema.CONFIDENCE_LABELS
    assert labels["partly-stated-2020"].startswith("delvis oppgitt for 2020")


def test_survey_rows_claim_a_2020_host_only_where_the_deck_gives_it(reg: Register) -> None:
    """A host taken from another page than the deck makes the row at most partly stated."""
    arr = reg.arrangements
    claimed = arr[(arr["basis"] == measures.SURVEY_BASIS) & (arr["confidence"] == "stated-2020")
                  & arr["host_kommunenummer"].notna()]
    for _, row in claimed.iterrows():
        assert not URL.search(row["source"]), row["arrangement_id"]


def test_partly_stated_rows_say_which_fact_is_from_which_year(reg: Register) -> None:
    arr = reg.arrangements
    partly = arr[arr["confidence"] == "partly-stated-2020"]
    assert len(partly) >= 3
    for _, row in partly.iterrows():
        years = YEAR.findall(row["as_of"])
        assert years[0] == "2020", row["arrangement_id"]  # stays in the "til 2020" view
        assert len(set(years)) >= 2, row["arrangement_id"]
        assert row["as_of"].count("(") >= 2, row["arrangement_id"]  # each date says what it dates
        assert URL.search(row["source"]), row["arrangement_id"]


def test_indre_salten_legevakt_does_not_claim_2020_members(reg: Register) -> None:
    row = arrangement(reg, "indre-salten-legevakt-islv")
    assert row["confidence"] == "partly-stated-2020"
    assert "Saltdal" in row["as_of"] and "2020" in row["as_of"]
    assert re.search(r"202[1-9]", row["as_of"])  # Fauske, Sørfold and the host are later
    assert "KONFLIKT" in row["note"]


@pytest.mark.parametrize("arrangement_id", ["barneverntjenesten-ytre-helgeland",
                                            "helgeland-krisesenter"])
def test_host_from_an_older_page_is_not_stated_2020(reg: Register, arrangement_id: str) -> None:
    row = arrangement(reg, arrangement_id)
    assert pd.notna(row["host_kommunenummer"])
    assert row["confidence"] == "partly-stated-2020"
    assert any(int(y) < 2020 for y in YEAR.findall(row["as_of"]))


def test_nav_evenes_tjeldsund_has_no_invented_year(reg: Register) -> None:
    row = arrangement(reg, "nav-evenes-tjeldsund")
    assert pd.isna(row["founded"])
    assert row["confidence"] != "stated-2020"
    assert "Evenes og Tjeldsund" in row["note"] and "nedlagt" in row["note"]
    assert "Ganske mye er nedlagt" in row["source"]


def test_rodoy_dates_agree_wherever_the_kulingen_article_is_cited(reg: Register) -> None:
    rows = pd.concat([reg.arrangements[["source", "note"]], reg.region_layers[["source", "note"]]])
    citing = rows[rows["source"].str.contains("kulingen.no", regex=False)]
    assert len(citing) >= 2
    for _, row in citing.iterrows():
        assert "1.1.2018" in row["note"] and "01.01.2019" in row["note"], row["note"]


def test_vagan_vestvagoy_rows_use_the_decks_words(reg: Register) -> None:
    arr = reg.arrangements
    model = arr[arr["source"] == f"{SLIDE} Ett Lofoten – samarbeid som førstevalg"]
    assert set(model["arrangement_id"]) == {"ikt-samarbeid-vagan-vestvagoy",
                                            "nav-samarbeid-vagan-vestvagoy"}
    assert model["name"].str.startswith("Arbeidsdelingsmodell Vågan-Vestvågøy").all()
    assert {"IKT", "NAV"} == {name.rsplit(" ", 1)[-1] for name in model["name"]}


# ---------------------------------------------------------------- barnevernvakt


def test_hamaroy_is_in_exactly_one_barnevernvakt(reg: Register) -> None:
    hamaroy = numbers(reg, "Hamarøy").pop()
    arr = reg.arrangements[reg.arrangements["task_area_id"] == "barnevernvakt"]
    mem = measures.member_table(reg, arr)
    assert mem.groupby("kommunenummer")["arrangement_id"].nunique().max() == 1
    assert mem.loc[mem["kommunenummer"] == hamaroy, "arrangement_id"].tolist() == [
        "barnevernvakta-i-bodo"]
    losing = arrangement(reg, "barnevernvakt-fauske")["note"]
    assert "Hamarøy" in losing and "KONFLIKT" in losing
    rl = reg.region_layers
    bvv = rl[rl["layer"] == "barnevernvakt"]
    assert bvv.loc[bvv["kommunenummer"] == hamaroy, "region_id"].tolist() == ["bvv-bodo"]


@pytest.mark.parametrize("layer", ["barnevernvakt", "legevaktsentral", "regionraad"])
def test_a_municipality_is_in_one_region_per_service_layer(reg: Register, layer: str) -> None:
    rl = reg.region_layers
    counts = rl[rl["layer"] == layer].groupby("kommunenummer")["region_id"].nunique()
    assert counts.max() == 1, counts[counts > 1].to_dict()


def test_bodo_vakt_dates_each_member(reg: Register) -> None:
    rl = reg.region_layers
    bodo = rl[rl["region_id"] == "bvv-bodo"].set_index("kommunenummer")
    gildeskal, hamaroy, rodoy = (numbers(reg, n).pop() for n in ("Gildeskål", "Hamarøy", "Rødøy"))
    for k in (gildeskal, hamaroy):
        assert "1.1.2020" in bodo.loc[k, "as_of"]
    assert "ukjent" in bodo.loc[rodoy, "as_of"] and "2020" in bodo.loc[rodoy, "as_of"]
    assert bodo["as_of"].nunique() >= 3  # not one period pasted on every member
    older = bodo.drop(index=[gildeskal, hamaroy, rodoy])
    assert all(YEAR.findall(a)[0] < "2020" for a in older["as_of"])


def test_one_municipality_regions_are_the_decks_own_services(reg: Register) -> None:
    """A region of one municipality is drawn only where the deck says it has its own service,
    so it is never an inter-municipal region shrunk to one member."""
    rl = reg.region_layers
    for layer in rl["layer"].unique():
        sizes = region_sizes(reg, layer)
        for region_id in sizes[sizes == 1].index:
            rows = rl[rl["region_id"] == region_id]
            assert (rows["confidence"] == "stated-2020").all(), region_id
            assert "egen" in rows["note"].iloc[0], region_id
    own = measures.survey_figure(reg, "barnevernvakt_egne")
    sizes = region_sizes(reg, "barnevernvakt")
    singles = rl[rl["region_id"].isin(sizes[sizes == 1].index)]
    assert len(singles) == own
    label = reg.survey_figures.set_index("figure_id").loc["barnevernvakt_egne", "label"]
    names = dict(zip(reg.municipalities["kommunenummer"], reg.municipalities["name"], strict=True))
    assert all(names[k] in label for k in singles["kommunenummer"])


def test_barnevernvakt_layer_can_be_set_against_the_decks_count(reg: Register) -> None:
    """«Kilden oppgir 12 (9 interkommunale); registeret har N, hvorav K interkommunale, S egne
    tjenester, D fra eldre kilder» can be computed from the data."""
    stated = measures.survey_figure(reg, "barnevernvakt_regioner")
    stated_inter = measures.survey_figure(reg, "barnevernvakt_interkommunale")
    assert (stated, stated_inter) == (12, 9)
    sizes = region_sizes(reg, "barnevernvakt")
    inter, single = int((sizes > 1).sum()), int((sizes == 1).sum())
    assert inter + single == len(sizes)
    assert single == measures.survey_figure(reg, "barnevernvakt_egne")
    assert stated - stated_inter == single
    rl = reg.region_layers
    older = rl[(rl["layer"] == "barnevernvakt") & (rl["confidence"] != "stated-2020")]
    assert 0 < older["region_id"].nunique() < len(sizes)


# ---------------------------------------------------------------- legevaktsentral


def test_legevaktsentral_layer_holds_only_call_centres(reg: Register) -> None:
    rl = reg.region_layers
    lvs = rl[rl["layer"] == "legevaktsentral"]
    for region_id, rows in lvs.groupby("region_id"):
        text = f"{rows['region_name'].iloc[0]} {' '.join(rows['note'].dropna())}".lower()
        assert "ikke bekreftet" not in text, region_id
        assert "legevaktsentral" in text or "116117" in text, region_id
        stated = rows["confidence"].isin(["stated-2020", "partly-stated-2020", "stated-other-year"])
        if not stated.all():  # an inferred region says why
            assert "utledet" in text or "ingen kilde" in text, region_id
    # the ETS legevakt stays a legevakt arrangement, not a call-centre region
    ets = reg.arrangements[reg.arrangements["name"].str.startswith("ETS legevakt")]
    assert ets["task_area_id"].tolist() == ["legevakt"]
    assert not lvs["region_name"].str.contains("ETS|Harstad").any()


def test_a_named_region_without_members_is_listed_not_drawn(reg: Register) -> None:
    regions = reg.regions
    lvs = regions[regions["layer"] == "legevaktsentral"]
    drawn = set(reg.region_layers["region_id"])
    unknown = lvs[~lvs["region_id"].isin(drawn)]
    assert len(unknown) >= 1
    assert unknown["note"].str.contains("ikke oppgitt").all()


# ---------------------------------------------------------------- survey_figures


def test_survey_figures_mark_our_own_counts(reg: Register) -> None:
    figs = reg.survey_figures.set_index("figure_id")
    assert figs["counted_from_list"].dtype == bool
    for counted in ("kommunepsykolog_ordninger", "alstahaug_ordninger", "barnevernvakt_egne"):
        assert figs.loc[counted, "counted_from_list"], counted
    for stated in ("ordninger_totalt", "barnevernvakt_regioner", "kommunepsykolog_kommuner"):
        assert not figs.loc[stated, "counted_from_list"].any(), stated


def test_local_arrangements_typically_two_to_three(reg: Register) -> None:
    figs = reg.survey_figures.set_index("figure_id")
    low, high = figs.loc["lokale_ordninger_kommuner_fra"], figs.loc["lokale_ordninger_kommuner_til"]
    assert (low["value"], high["value"]) == (2, 3)
    assert low["qualifier"] == high["qualifier"] == "typisk"
    assert low["source"] == high["source"] == f"{SLIDE} Ulik samarbeidsstruktur i delregioner"


def copy_register(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_counted_from_list_is_optional_and_defaults_to_false(tmp_path: Path) -> None:
    assert "counted_from_list" in TABLES_BY_NAME["survey_figures"].optional_columns
    folder = copy_register(tmp_path)
    path = folder / "survey_figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["counted_from_list"]).to_csv(path, index=False)
    older = load_register(folder)
    assert older.survey_figures["counted_from_list"].dtype == bool
    assert not older.survey_figures["counted_from_list"].any()

    frame.loc[:, "counted_from_list"] = ""  # an empty cell is false too
    frame.to_csv(path, index=False)
    assert not load_register(folder).survey_figures["counted_from_list"].any()


def test_counted_from_list_refuses_other_words(tmp_path: Path) -> None:
    folder = copy_register(tmp_path)
    path = folder / "survey_figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "counted_from_list"] = "ja"
    frame.to_csv(path, index=False)
    with pytest.raises(RegisterError) as info:
        load_register(folder)
    assert any("counted_from_list" in str(p) and "«ja»" in str(p) for p in info.value.problems)
