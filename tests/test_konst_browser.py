"""/konstellasjoner in headless Chromium: the deck's table for any municipality, its rows lit on
the map and kept in the link, who-with-whom, and the shared header on every page."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from dash.testing.wait import until

from kommunekart.domain.schema import LAYERS
from kommunekart.figures.map import MAIN, names_index
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID as KART
from kommunekart.web.pages.konstellasjoner import ID

pytestmark = pytest.mark.browser

DECK = Path(__file__).parent / "fixtures" / "deck" / "alstahaug.csv"
GD = f"document.querySelector('#{ID.map} .js-plotly-plot')"
HALD = {"1818", "1820", "1822", "1827"}  # Herøy, Alstahaug, Leirfjord, Dønna


def open_page(dash_duo, app_data, path: str, wait: str) -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(wait, timeout=20)


def js(dash_duo, expr: str):
    return dash_duo.driver.execute_script(f"return {expr};")


def grid_rows(dash_duo) -> list[dict[str, str]]:
    """The grid's rows in display order (AG Grid renders only visible rows, so ask its API)."""
    return js(dash_duo, f"""(function () {{
        var api = dash_ag_grid.getApi('{ID.grid}'); var out = [];
        api.forEachNodeAfterFilterAndSort(function (n) {{ out.push(n.data); }}); return out; }})()""")


def lit(dash_duo) -> dict[str, int]:
    locations, z = js(dash_duo, f"[{GD}.data[{MAIN}].locations, {GD}.data[{MAIN}].z]")
    return dict(zip(locations, z, strict=True))


def test_konst001_alstahaug_survey_rows_as_the_deck(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data, "/konstellasjoner?kommune=1820&utvalg=kartlegging",
              f"#{ID.grid} .ag-row")
    with DECK.open(encoding="utf-8") as f:
        deck = list(csv.DictReader(f))
    until(lambda: len(grid_rows(dash_duo)) == 33, timeout=10)
    rows = grid_rows(dash_duo)
    assert [r["navn"] for r in rows] == [d["name"] for d in deck]
    assert [int(r["kom"]) for r in rows] == [int(d["kom"]) for d in deck]
    assert [r["nr"] for r in rows] == list(range(1, 34))
    assert "33 registrerte ordninger" in dash_duo.find_element(f"#{ID.count}").text
    # the chosen municipality has a colour of its own (top of the scale), with its name on the map
    z = lit(dash_duo)
    assert z["1820"] == max(z.values()) and list(z.values()).count(z["1820"]) == 1
    names = js(dash_duo, f"{GD}.data[{names_index(len(LAYERS))}].text")
    assert names[0] == "<b>Alstahaug</b>"
    # the membership matrix: one row per arrangement, Alstahaug's column first and full
    matrix_rows = dash_duo.find_elements(f"#{ID.matrix} table.membership tbody tr")
    assert len(matrix_rows) == 33
    first_column = js(dash_duo, f"""Array.from(document.querySelectorAll('#{ID.matrix} tbody tr'))
        .filter(tr => tr.children[1].classList.length > 1).length""")
    assert first_column == 33
    assert dash_duo.get_logs() == []


def test_konst002_selecting_hald_ikt_lights_its_four_members(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data, "/konstellasjoner?kommune=1820&utvalg=kartlegging",
              f"#{ID.grid} .ag-row")
    row = dash_duo.driver.find_element(
        "xpath", f"//div[@id='{ID.grid}']//div[@role='gridcell' and normalize-space()='HALD IKT']")
    row.click()
    until(lambda: "ordning=" in dash_duo.driver.current_url, timeout=10)
    until(lambda: {k for k, v in lit(dash_duo).items() if v > 0} == HALD, timeout=10)
    z = lit(dash_duo)
    assert z["1820"] == 2 and all(z[k] == 1 for k in HALD - {"1820"})
    url = dash_duo.driver.current_url
    assert "ordning=hald-ikt" in url
    # the link restores the selection in a fresh page
    dash_duo.driver.get(url)
    dash_duo.wait_for_element(f"#{ID.grid} .ag-row", timeout=20)
    until(lambda: {k for k, v in lit(dash_duo).items() if v > 0} == HALD, timeout=10)
    until(lambda: dash_duo.find_element(f"#{ID.matrix} tr.selected .row-name").text.endswith("HALD IKT"),
          timeout=10)
    # a matrix row selects too, and a second click clears
    selected = dash_duo.find_element(f"#{ID.matrix} tr.selected .row-name")
    selected.click()
    until(lambda: "ordning=" not in dash_duo.driver.current_url, timeout=10)
    assert sorted(v for v in lit(dash_duo).values() if v > 2) != []  # back to partner shading
    assert dash_duo.get_logs() == []


def test_konst003_who_with_whom(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data, "/konstellasjoner?kommune=alle", f"#{ID.pairs} table.pairs")
    rows = dash_duo.find_elements(f"#{ID.pairs} table.pairs tbody tr")
    assert len(rows) == 41
    councils = [e.text for e in dash_duo.find_elements(f"#{ID.pairs} th.council")]
    assert "Salten Regionråd" in councils and "Lofotrådet" in councils
    cell = dash_duo.find_element(f"#{ID.pairs} td[data-kk-value='1820-1822']")
    shared = cell.text
    assert shared and int(shared) > 0
    cell.click()
    dash_duo.wait_for_contains_text(f"#{ID.pair_title}", "felles ordninger", timeout=10)
    title = dash_duo.find_element(f"#{ID.pair_title}").text
    assert title.startswith(("Alstahaug og Leirfjord", "Leirfjord og Alstahaug"))
    assert f": {shared} felles ordninger" in title
    assert len(dash_duo.find_elements(".pair-list li")) == int(shared)
    assert "selected" in dash_duo.find_element(
        f"#{ID.pairs} td[data-kk-value='1820-1822']").get_attribute("class")
    until(lambda: "par=1820-1822" in dash_duo.driver.current_url, timeout=10)
    # a row label opens that municipality's constellations
    dash_duo.find_element(f"#{ID.pairs} th.row-name a[href*='kommune=1804']").click()
    dash_duo.wait_for_contains_text(f"#{ID.title}", "Bodø i alle konstellasjoner", timeout=20)
    assert dash_duo.get_logs() == []


def test_konst004_header_on_every_page_and_an_upload_stays_chosen(dash_duo, app_data, tmp_path) -> None:
    from tests.helpers import survey_only_tables, workbook

    app = create_app(app_data, upload_folder=tmp_path / "uploads")
    dash_duo.start_server(app)
    for path in ("/kart", "/konstellasjoner", "/konstellasjoner?kommune=alle"):
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_contains_text("#coverage-badge", "av 263", timeout=20)
    # an uploaded register: its link, then the nav to another view keeps it
    from kommunekart.uploads.registers import Registries
    rid = Registries(app_data, app_data.boundary_path, tmp_path / "uploads").add_upload(
        [("mitt register.xlsx", workbook(survey_only_tables()))])
    dash_duo.driver.get(dash_duo.server_url + f"/kart?register={rid}")
    dash_duo.wait_for_text_to_equal("#register-source", "mitt register.xlsx", timeout=20)
    link = dash_duo.find_element("#views a[href^='/konstellasjoner']")
    until(lambda: f"register={rid}" in link.get_attribute("href"), timeout=10)
    link.click()
    dash_duo.wait_for_element(f"#{ID.grid} .ag-row", timeout=20)
    assert f"register={rid}" in dash_duo.driver.current_url
    dash_duo.wait_for_text_to_equal("#register-source", "mitt register.xlsx", timeout=10)
    assert "kartleggingen 2020" in dash_duo.find_element("#coverage-badge").text
    # and from /kart's panel, «Vis alle konstellasjoner» leads here with the municipality
    dash_duo.driver.get(dash_duo.server_url + "/kart?kommune=1822")
    dash_duo.wait_for_element(f"#{KART.panel} .konst-link", timeout=20).click()
    dash_duo.wait_for_contains_text(f"#{ID.title}", "Leirfjord i alle konstellasjoner", timeout=20)
    assert dash_duo.get_logs() == []
