"""/utvikling in headless Chromium at a projector's 1280×720: each chart's data as plotly holds it
in the page equals the register and the deck; chart text is 16 px or more; no console errors; the
map's topic is in the link; a user's register shows its own figures, one without survey figures a
Norwegian empty state."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from dash.testing.wait import until

from kommunekart.domain.register import load_register
from kommunekart.domain.wording import COUNTED_FROM_LIST, UTV_EMPTY_REGISTER
from kommunekart.figures.map import MAIN
from kommunekart.views.viewmodel import AppData
from kommunekart.web.app import create_app
from kommunekart.web.pages.utvikling import ID, REGION_TRACES
from tests.helpers import edit, register_copy

pytestmark = pytest.mark.browser

DECK = Path(__file__).parent / "fixtures" / "deck"
CHARTS = (ID.totals, ID.barnevern, ID.dimensjonering, ID.regioner)
MIN_PX = 16


def deck(name: str) -> list[dict[str, str]]:
    with (DECK / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def deck_value(figure_id: str, year: int = 2020) -> float:
    return next(float(r["value"]) for r in deck("figures.csv")
                if r["figure_id"] == figure_id and int(r["year"]) == year)


def gd(graph_id: str) -> str:
    return f"document.querySelector('#{graph_id} .js-plotly-plot')"


def js(dash_duo, expr: str):
    return dash_duo.driver.execute_script(f"return {expr};")


def open_page(dash_duo, data: AppData, path: str = "/utvikling") -> None:
    dash_duo.driver.set_window_size(1280, 720)
    dash_duo.start_server(create_app(data))
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{ID.title}", timeout=20)
    until(lambda: js(dash_duo, f"!!({gd(ID.map)} && {gd(ID.map)}.data)"), timeout=20)


def chart_data(dash_duo, graph_id: str) -> list[dict]:
    until(lambda: js(dash_duo, f"!!({gd(graph_id)} && {gd(graph_id)}.data)"), timeout=20)
    return js(dash_duo, f"{gd(graph_id)}.data.map(t => ({{name: t.name, x: t.x, y: t.y, "
                        f"text: t.text, visible: t.visible}}))")


def register_value(reg, figure_id: str, year: int = 2020) -> float:
    f = reg.survey_figures
    return float(f.loc[(f["figure_id"] == figure_id) & (f["year"] == year), "value"].iloc[0])


def font_sizes(dash_duo, graph_id: str) -> list[tuple[str, float]]:
    """Every drawn SVG text of a chart with its computed size in px."""
    return js(dash_duo, f"""Array.from(document.querySelectorAll('#{graph_id} .js-plotly-plot svg text'))
        .filter(t => t.textContent.trim() && t.getBBox().width > 0)
        .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize)])""")


def test_utv001_charts_are_the_register_and_the_deck_legible_at_1280(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    reg = app_data.register
    assert js(dash_duo, "window.innerWidth") <= 1280
    # formal arrangements per year
    (totals,) = chart_data(dash_duo, ID.totals)
    years = [int(x) for x in totals["x"]]
    assert years == [2010, 2014, 2020]
    assert totals["y"] == [register_value(reg, "ordninger_totalt", y) for y in years]
    assert totals["y"] == [deck_value("ordninger_totalt", y) for y in years] == [270, 297, 263]
    # child welfare, stacked, with the stated totals
    inter, single, total = chart_data(dash_duo, ID.barnevern)
    for trace, figure_id in ((inter, "barneverntjenester_interkommunale"),
                             (single, "barneverntjenester_enhetskommunale"),
                             (total, "barneverntjenester_totalt")):
        assert trace["y"] == [register_value(reg, figure_id, y) for y in years], figure_id
        assert trace["y"] == [deck_value(figure_id, y) for y in years], figure_id
    assert [a + b for a, b in zip(inter["y"], single["y"], strict=True)] == total["y"]
    # dimensioning
    (sizes,) = chart_data(dash_duo, ID.dimensjonering)
    ids = [f"barneverntjenester_under_{n}_arsverk" for n in (5, 10, 20)]
    assert sizes["x"] == [register_value(reg, i) for i in ids] == [deck_value(i) for i in ids]
    # proposed kommuneregioner: all ten, population as the register and the deck
    shown = {y.split(" (")[0]: x for t in chart_data(dash_duo, ID.regioner)
             for y, x in zip(t["y"], t["x"], strict=True)}
    regions = reg.regions[reg.regions["layer"] == "kommuneregion_forslag"]
    assert shown == dict(zip(regions["name"], regions["population_2020"].astype(int), strict=True))
    assert shown == {r["name"]: int(r["population_2020"]) for r in deck("kommuneregioner.csv")}
    # the numbers are written on the bars, and every chart text is at least 16 px
    written = {text for t in font_sizes(dash_duo, ID.totals) for text in t[:1]}
    assert {"270", "297", "263"} <= written
    for graph_id in (*CHARTS, ID.map):
        sizes_px = font_sizes(dash_duo, graph_id)
        assert sizes_px, graph_id
        small = [(text, px) for text, px in sizes_px if px < MIN_PX]
        assert not small, (graph_id, small)
    # survey findings are marked as the survey's, counted figures as counted
    trend = dash_duo.find_element("#utv-finding-trend-1")
    assert "KARTLEGGINGEN 2020" in trend.text.upper() and "Trend 1" in trend.text
    assert COUNTED_FROM_LIST in dash_duo.find_element(f"#{ID.lists}").text
    assert dash_duo.get_logs() == []


def test_utv002_kommunepsykolog_map_is_the_list(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    locations, z = js(dash_duo, f"[{gd(ID.map)}.data[{MAIN}].locations, {gd(ID.map)}.data[{MAIN}].z]")
    lit = {k for k, v in zip(locations, z, strict=True) if v == 1}
    lines = [r for r in deck("kommunepsykolog.csv") if "psykolog" in r["name"].lower()]
    names = {n.strip() for r in lines for n in r["members"].split(",")}
    by_name = {app_data.names[k]: k for k in app_data.nordland}
    assert lit == {by_name[n] for n in names if n in by_name}
    assert len(lit) == register_value(app_data.register, "kommunepsykolog_kommuner") == \
        deck_value("kommunepsykolog_kommuner") == 14
    listed = dash_duo.find_elements(f"#{ID.lists} ol.survey-list > li")
    assert [e.find_element("css selector", "strong").text for e in listed] == [
        r["name"] for r in deck("kommunepsykolog.csv")]
    assert dash_duo.get_logs() == []


def test_utv003_map_switches_to_kommuneregioner_and_the_link_keeps_it(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    dash_duo.driver.find_element(
        "xpath", f"//div[@id='{ID.map_view}']//label[normalize-space()='Foreslåtte kommuneregioner']"
    ).click()
    until(lambda: "kart=kommuneregioner" in dash_duo.driver.current_url, timeout=10)
    labels = REGION_TRACES[2]
    until(lambda: js(dash_duo, f"{gd(ID.map)}.data[{labels}].visible") is True, timeout=10)

    def check() -> None:
        text = js(dash_duo, f"{gd(ID.map)}.data[{labels}].text")
        assert len(text) == 6 and all(t.endswith("(avledet)") for t in text)
        locations, z = js(dash_duo, f"[{gd(ID.map)}.data[{MAIN}].locations, "
                                    f"{gd(ID.map)}.data[{MAIN}].z]")
        rl = app_data.register.region_layers
        derived = set(rl.loc[rl["layer"] == "kommuneregion_forslag", "kommunenummer"])
        assert {k for k, v in zip(locations, z, strict=True) if v == 1} == derived
        status = dash_duo.find_element(f"#{ID.region_status}").text
        assert "4 med medlemmer ikke kjent" in status and "Vesterålen" in status
        for graph_id in (ID.map,):
            sizes_px = font_sizes(dash_duo, graph_id)
            assert len(sizes_px) >= 6, (graph_id, sizes_px)  # at least the 6 region labels
            assert all(px >= MIN_PX for _, px in sizes_px), (graph_id, sizes_px)

    check()
    # a fresh page from the link shows the same
    dash_duo.driver.get(dash_duo.driver.current_url)
    dash_duo.wait_for_element(f"#{ID.title}", timeout=20)
    until(lambda: js(dash_duo, f"!!({gd(ID.map)} && {gd(ID.map)}.data)"), timeout=20)
    check()
    dash_duo.driver.find_element(
        "xpath", f"//div[@id='{ID.map_view}']//label[normalize-space()='Kommunepsykolog og ettervern']"
    ).click()
    until(lambda: "kart=" not in dash_duo.driver.current_url, timeout=10)
    until(lambda: js(dash_duo, f"{gd(ID.map)}.data[{labels}].visible") is False, timeout=10)
    assert dash_duo.get_logs() == []


def test_utv004_a_users_register_shows_its_own_figures(dash_duo, app_data, tmp_path) -> None:
    folder = register_copy(tmp_path)

    def other(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[(frame["figure_id"] == "ordninger_totalt") & (frame["year"] == "2014"),
                  "value"] = "301"
        return frame

    edit(folder, "survey_figures", other)
    open_page(dash_duo, AppData(load_register(folder), app_data.boundary_path))
    (totals,) = chart_data(dash_duo, ID.totals)
    assert totals["y"] == [270, 301, 263] and totals["text"] == ["270", "301", "263"]
    assert dash_duo.get_logs() == []


def test_utv005_register_without_survey_figures_shows_an_empty_state(dash_duo, app_data,
                                                                     tmp_path) -> None:
    folder = register_copy(tmp_path)
    edit(folder, "survey_figures", lambda f: f.iloc[0:0])
    edit(folder, "survey_lists", lambda f: f.assign(figure_id=""))
    open_page(dash_duo, AppData(load_register(folder), app_data.boundary_path))
    assert dash_duo.find_element(f"#{ID.empty}").text == UTV_EMPTY_REGISTER
    for graph_id in (ID.totals, ID.barnevern, ID.dimensjonering):
        assert not dash_duo.driver.find_elements("css selector", f"#{graph_id}"), graph_id
    assert "Registeret har ingen tall for antall formelle ordninger" in dash_duo.find_element(
        "body").text
    assert dash_duo.get_logs() == []
