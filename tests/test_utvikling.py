"""/utvikling without a browser: each chart's figure (what kommunekart/figures/development.py returns)
equals the register, and the register equals the deck (tests/fixtures/deck/); a user's register
shows its own figures; a register without survey figures shows a Norwegian empty state."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dash import dcc

from kommunekart.domain import development as devmod
from kommunekart.domain.development import development, list_participation
from kommunekart.domain.register import Register, load_register
from kommunekart.domain.schema import FINDING_TOPICS, TABLES_BY_NAME
from kommunekart.domain.wording import COUNTED_FROM_LIST, UTV_EMPTY_REGISTER
from kommunekart.figures.development import (
    child_welfare_figure,
    place_labels,
    regions_figure,
    sizes_figure,
    totals_figure,
)
from kommunekart.paths import DATA_DIR
from kommunekart.uploads.registers import Registries
from kommunekart.views.utvikling import UtviklingState
from kommunekart.views.viewmodel import AppData
from kommunekart.web.pages import utvikling
from tests.helpers import edit, register_copy

DECK = Path(__file__).parent / "fixtures" / "deck"
SLIDE = "Kildepresentasjon: "


def deck(name: str) -> list[dict[str, str]]:
    with (DECK / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def deck_figures(figure_id: str) -> dict[int, float]:
    return {int(r["year"]): float(r["value"]) for r in deck("figures.csv")
            if r["figure_id"] == figure_id}


def register_figures(reg: Register, figure_id: str) -> dict[int, float]:
    f = reg.survey_figures[reg.survey_figures["figure_id"] == figure_id]
    return {int(y): float(v) for y, v in zip(f["year"], f["value"], strict=True)}


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(DATA_DIR)


@pytest.fixture(scope="module")
def dev(reg: Register) -> devmod.Development:
    return development(reg)


def components(node: Any) -> list[Any]:
    """Every Dash component in a layout tree."""
    out = [node]
    children = getattr(node, "children", None)
    if isinstance(children, list | tuple):
        for c in children:
            out += components(c)
    elif children is not None and hasattr(children, "to_plotly_json"):
        out += components(children)
    return out


def by_id(layout: Any) -> dict[str, Any]:
    return {c.id: c for c in components(layout) if getattr(c, "id", None)}


def innermost(layout: Any, component_id: str, kind: str) -> Any:
    """The smallest row (or column) of the page that holds the component."""
    holders = [c for c in components(layout) if type(c).__name__ == kind
               and component_id in by_id(c)]
    return min(holders, key=lambda c: len(components(c)))


def text_of(layout: Any) -> str:
    parts = []
    for c in components(layout):
        if isinstance(c, str):
            parts.append(c)
        children = getattr(c, "children", None)
        if isinstance(children, str | int | float):
            parts.append(str(children))
        elif isinstance(children, list | tuple):
            parts += [str(x) for x in children if isinstance(x, str | int | float)]
    return " ".join(parts)


# ---------------------------------------------------------------------- one test per chart


def test_utv_totals_chart_is_the_register_and_the_deck(reg: Register, dev) -> None:
    trace = totals_figure(dev.totals)["data"][0]
    held = register_figures(reg, "ordninger_totalt")
    shown = dict(zip(map(int, trace["x"]), trace["y"], strict=True))
    assert shown == held == deck_figures("ordninger_totalt") == {2010: 270, 2014: 297, 2020: 263}
    assert trace["x"] == ["2010", "2014", "2020"]  # oldest first
    assert trace["text"] == ["270", "297", "263"]  # written on the bars
    assert trace["textposition"] == "outside" and "%{text}" in trace["hovertemplate"]


def test_utv_child_welfare_chart_is_the_register_and_the_deck(reg: Register, dev) -> None:
    inter, single, total = child_welfare_figure(dev.child_welfare)["data"]
    for trace, figure_id in ((inter, "barneverntjenester_interkommunale"),
                             (single, "barneverntjenester_enhetskommunale"),
                             (total, "barneverntjenester_totalt")):
        shown = dict(zip(map(int, trace["x"]), trace["y"], strict=True))
        assert shown == register_figures(reg, figure_id) == deck_figures(figure_id), figure_id
    assert inter["y"] == [5, 7, 8] and single["y"] == [28, 18, 11] and total["y"] == [33, 25, 19]
    assert inter["text"] == ["5", "7", "8"] and single["text"] == ["28", "18", "11"]
    assert total["text"] == ["<b>33 i alt</b>", "<b>25 i alt</b>", "<b>19 i alt</b>"]
    assert inter["type"] == single["type"] == "bar"


def test_utv_dimensioning_chart_is_the_register_and_the_deck(reg: Register, dev) -> None:
    total = next(y.total for y in dev.child_welfare if y.year == 2020)
    fig = sizes_figure(dev.sizes, total)
    trace = fig["data"][0]
    ids = ["barneverntjenester_under_5_arsverk", "barneverntjenester_under_10_arsverk",
           "barneverntjenester_under_20_arsverk"]
    assert trace["x"] == [register_figures(reg, i)[2020] for i in ids]
    assert trace["x"] == [deck_figures(i)[2020] for i in ids] == [6, 9, 15]
    assert trace["y"] == ["Under 5 årsverk", "Under 10 årsverk", "Under 20 årsverk"]
    assert trace["text"] == ["6", "9", "15"]
    assert fig["layout"]["shapes"][0]["x0"] == 19  # the year's services in all, for scale


def test_utv_regions_chart_is_the_register_and_the_deck(reg: Register, dev) -> None:
    fig = regions_figure(dev.regions)
    shown = {y.split(" (")[0]: x for t in fig["data"] for y, x in zip(t["y"], t["x"], strict=True)}
    regions = reg.regions[reg.regions["layer"] == "kommuneregion_forslag"]
    held = dict(zip(regions["name"], regions["population_2020"].astype(int), strict=True))
    typed = {r["name"]: int(r["population_2020"]) for r in deck("kommuneregioner.csv")}
    assert shown == held == typed and len(shown) == 10
    # most populous first, as the deck lists them
    assert fig["layout"]["yaxis"]["categoryarray"][0].startswith("Ytre Salten")
    assert [int(r["member_count"]) for r in deck("kommuneregioner.csv")] == [
        int(label.split("(")[1].split(" ")[0]) for label in fig["layout"]["yaxis"]["categoryarray"]]
    by_status = {t["name"]: {y.split(" (")[0] for y in t["y"]} for t in fig["data"]}
    with_members = set(reg.region_layers.loc[reg.region_layers["layer"] == "kommuneregion_forslag",
                                             "region_name"])
    assert by_status["Medlemmer avledet av folketall"] == with_members
    assert by_status["Medlemmer ikke kjent"] == set(held) - with_members
    assert len(by_status["Medlemmer ikke kjent"]) == 4


def test_utv_lists_and_their_map_are_the_register_and_the_deck(reg: Register, dev,
                                                                 app_data: AppData) -> None:
    lines = deck("kommunepsykolog.csv")
    psych = [r for r in lines if "psykolog" in r["name"].lower()]
    aftercare = [r for r in lines if "psykolog" not in r["name"].lower()]
    assert [s.list_id for s in dev.lists] == ["kommunepsykolog", "ettervern"]
    for survey_list, typed in zip(dev.lists, (psych, aftercare), strict=True):
        assert [a.name for a in survey_list.arrangements] == [r["name"] for r in typed]
        assert [list(a.member_names) for a in survey_list.arrangements] == [
            [n.strip() for n in r["members"].split(",")] for r in typed]
    assert all(s == SLIDE + "Og kommunepsykolog" for s in reg.survey_lists["source"])
    figures = {f.figure_id: f for f in dev.lists[0].figures}
    assert figures["kommunepsykolog_ordninger"].counted_from_list  # «telt fra lista»
    assert len(dev.lists[0].arrangements) == figures["kommunepsykolog_ordninger"].value == 5
    # the map: every Nordland member of a kommunepsykolog line in the first colour
    z = list_participation(dev.lists, app_data.nordland)
    psych_members = {k for a in dev.lists[0].arrangements for k in a.members}
    assert {k for k, v in zip(app_data.nordland, z, strict=True) if v == 1} == (
        psych_members & set(app_data.nordland))
    stated = {r["figure_id"]: int(r["value"]) for r in deck("figures.csv")}
    assert z.count(1) == figures["kommunepsykolog_kommuner"].value == stated[
        "kommunepsykolog_kommuner"] == 14
    assert round(100 * z.count(1) / 41) == figures["kommunepsykolog_andel"].value == 34
    update = utvikling.map_parts(app_data, dev, "kommunepsykolog")[0]
    assert update["z"] == z
    assert update["colorbar"]["ticktext"] == ["Ingen av ordningene", "Kommunepsykolog",
                                              "Bare ettervernsteam rus og psykisk helse"]


def test_utv_regions_map_draws_known_members_only(dev, app_data: AppData) -> None:
    update = utvikling.map_parts(app_data, dev, "kommuneregioner")[0]
    derived = {k for r in dev.regions if r.status == "avledet" for k in r.members}
    assert {k for k, v in zip(app_data.nordland, update["z"], strict=True) if v == 1} == derived
    assert set(update["z"]) == {0, 1}
    assert all(t.endswith("(avledet)") for t, v in zip(update["text"], update["z"], strict=True) if v)
    figure = utvikling.map_figure(app_data, dev, "kommuneregioner")
    labels = figure["data"][utvikling.REGION_TRACES[2]]
    assert labels["visible"] and all(t.endswith("(avledet)") for t in labels["text"])
    assert len(labels["text"]) == 6


def test_utv_map_labels_set_apart(dev, app_data: AppData) -> None:
    """Labels on the map that would touch at 20 px go to either side: «6» beside «3» (their
    lines share Fauske, Sørfold and Beiarn), «Lofoten (avledet)» left of «Ofoten (avledet)»;
    labels with room stay where they were."""
    assert place_labels([14.0, 18.0], [67.0, 67.0], ["<b>1</b>", "<b>2</b>"]) == [
        "middle center", "middle center"]
    assert place_labels([15.48, 15.11], [67.21, 67.24], ["<b>3</b>", "<b>6</b>"]) == [
        "middle center", "middle left"]
    names = utvikling.map_parts(app_data, dev, "kommunepsykolog")[1]
    where = dict(zip(names["text"], names["textposition"], strict=True))
    assert where["<b>6</b>"] != where["<b>3</b>"]
    labels = utvikling.map_figure(app_data, dev, "kommuneregioner")["data"][utvikling.REGION_TRACES[2]]
    where = dict(zip(labels["text"], labels["textposition"], strict=True))
    assert where["Lofoten (avledet)"] == "top left" and where["Ofoten (avledet)"] == "top center"


def test_utv_findings_are_the_decks(reg: Register) -> None:
    """survey_findings.csv holds the deck's statements, as typed in the fixture, and no more."""
    typed = deck("findings.csv")
    held = reg.survey_findings
    assert len(held) == len(typed)
    for row, got in zip(typed, held.itertuples(index=False), strict=True):
        assert (got.kind, got.text) == (row["kind"], row["text"])
        assert (None if pd.isna(got.number) else int(got.number)) == (
            int(row["number"]) if row["number"] else None)
        assert (got.detail if isinstance(got.detail, str) else "") == row["detail"]
        assert got.source == SLIDE + row["slide"]
    trends = held[held["kind"] == "trend"]
    assert sorted(trends["number"].astype(int)) == list(range(1, 8))
    assert sorted(held.loc[held["kind"] == "grep", "number"].astype(int)) == [1, 2, 3]
    assert set(held["topic"]) <= set(FINDING_TOPICS)


def test_utv_page_marks_findings_as_the_surveys_and_counts_from_list(app_data: AppData) -> None:
    page = utvikling.layout(Registries(app_data, app_data.boundary_path))
    ids = by_id(page)
    for n in range(1, 8):
        card = ids[f"utv-finding-trend-{n}"]
        assert "Kartleggingen 2020" in text_of(card) and "lysbilde «" in text_of(card)
    # beside the chart they concern: in the innermost row or column holding that chart
    for chart, kind, findings in ((utvikling.ID.totals, "Row", ["trend-1", "trend-2", "trend-3"]),
                                  (utvikling.ID.lists, "Col", ["trend-4"]),
                                  (utvikling.ID.regioner, "Col", ["grep-1", "grep-2", "grep-3"])):
        near = innermost(page, chart, kind)
        assert {f"utv-finding-{f}" for f in findings} <= set(by_id(near)), chart
    text = text_of(page)
    assert COUNTED_FROM_LIST in text
    assert "medlemmer ikke kjent" in text_of(ids[utvikling.ID.region_status])
    for figure_id in (utvikling.ID.totals, utvikling.ID.barnevern, utvikling.ID.dimensjonering,
                      utvikling.ID.regioner, utvikling.ID.map):
        assert isinstance(ids[figure_id], dcc.Graph), figure_id
    for table_id in (utvikling.ID.totals_table, utvikling.ID.barnevern_table,
                     utvikling.ID.dimensjonering_table, utvikling.ID.regioner_table,
                     utvikling.ID.map_table):
        assert "Vis" in text_of(ids[table_id]), table_id


# ---------------------------------------------------------------------- other registers


def other_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """A user's register with other survey figures: other totals, one more year, other child
    welfare figures, one fewer discontinued figure."""
    def put(figure_id: str, year: str, value: str) -> None:
        hit = (frame["figure_id"] == figure_id) & (frame["year"] == year)
        frame.loc[hit, "value"] = value

    put("ordninger_totalt", "2010", "111")
    put("barneverntjenester_interkommunale", "2020", "9")
    put("barneverntjenester_enhetskommunale", "2020", "10")
    extra = frame[frame["figure_id"] == "ordninger_totalt"].iloc[[0]].assign(year="2017", value="280")
    frame = pd.concat([frame, extra], ignore_index=True)
    return frame[frame["figure_id"] != "nedlagt_naeringsfond"]


@pytest.fixture
def other_register(tmp_path: Path) -> Path:
    folder = register_copy(tmp_path)
    edit(folder, "survey_figures", other_figures)
    return folder


def test_utv_a_users_register_shows_its_own_figures(other_register: Path, app_data: AppData,
                                                    tmp_path: Path) -> None:
    own = development(load_register(other_register))
    trace = totals_figure(own.totals)["data"][0]
    assert trace["x"] == ["2010", "2014", "2017", "2020"] and trace["y"] == [111, 297, 280, 263]
    inter, single, _ = child_welfare_figure(own.child_welfare)["data"]
    assert inter["y"][-1] == 9 and single["y"][-1] == 10
    assert "nedlagt_naeringsfond" not in {f.figure_id for f in own.discontinued}
    # uploaded as CSV files, opened by its link: the page draws the upload's figures
    registry = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    rid = registry.add_upload([(p.name, p.read_bytes()) for p in sorted(other_register.glob("*.csv"))])
    ids = by_id(utvikling.layout(registry, register=rid))
    shown = ids[utvikling.ID.totals].figure["data"][0]
    assert shown["y"] == [111, 297, 280, 263]
    shipped = by_id(utvikling.layout(registry))[utvikling.ID.totals].figure["data"][0]
    assert shipped["y"] == [270, 297, 263]


def test_utv_register_without_survey_figures_says_so(tmp_path: Path, app_data: AppData) -> None:
    folder = register_copy(tmp_path)
    edit(folder, "survey_figures", lambda f: f.iloc[0:0])
    edit(folder, "survey_lists", lambda f: f.assign(figure_id=""))
    reg = load_register(folder)
    assert reg.survey_figures.empty
    data = AppData(reg, app_data.boundary_path)
    page = utvikling.layout(Registries(data, app_data.boundary_path))
    ids = by_id(page)
    assert UTV_EMPTY_REGISTER in text_of(ids[utvikling.ID.empty])
    for chart in (utvikling.ID.totals, utvikling.ID.barnevern, utvikling.ID.dimensjonering):
        assert chart not in ids, chart  # no empty chart drawn
    text = text_of(page)
    assert "Registeret har ingen tall for antall formelle ordninger" in text
    assert "Registeret har ingen tall for barneverntjenester" in text
    # what the register still has is still shown: the lists and the regions' populations
    assert utvikling.ID.regioner in ids and "ETS kommunepsykolog" in text


def test_utv_register_without_the_optional_tables_loads(tmp_path: Path, app_data: AppData) -> None:
    for name in ("survey_findings", "survey_lists", "survey_figures"):
        assert TABLES_BY_NAME[name].optional
    folder = register_copy(tmp_path)
    for name in ("survey_findings", "survey_lists", "survey_figures"):
        (folder / f"{name}.csv").unlink()
    reg = load_register(folder)
    dev = development(reg)
    assert dev.findings == () and dev.lists == () and dev.figure_count == 0
    page = utvikling.layout(Registries(AppData(reg, app_data.boundary_path), app_data.boundary_path))
    text = text_of(page)
    assert "Registeret har ingen liste over kartleggingens ordninger" in text
    assert "utv-finding-trend-1" not in by_id(page)


def test_utv_survey_lists_are_checked(tmp_path: Path) -> None:
    folder = register_copy(tmp_path)
    edit(folder, "survey_lists", lambda f: f.assign(
        arrangement_id=f["arrangement_id"].where(f.index != 0, "finnes-ikke")))
    with pytest.raises(Exception, match="ukjent ordning «finnes-ikke»"):
        load_register(folder)


def test_utv_state_in_the_link(app_data: AppData) -> None:
    state, notices = UtviklingState.from_query(app_data, {"kart": "kommuneregioner"})
    assert state.map == "kommuneregioner" and not notices
    assert state.url("/utvikling") == "/utvikling?kart=kommuneregioner"
    assert UtviklingState().url("/utvikling") == "/utvikling"
    state, notices = UtviklingState.from_query(app_data, {"kart": "tull"})
    assert state.map == "kommunepsykolog" and "tull" in notices[0]
