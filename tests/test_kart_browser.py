"""The map page in headless Debian Chromium: what a user sees and does.

Clicks on polygons go through Plotly's own event (`gd.emit('plotly_click', …)`): WebDriver clicks
on SVG paths are fragile, and the event is exactly what Plotly sends on a real click."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from dash.testing.wait import until

from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID, OVERLAY_INDEX
from tests.browser import GD, click_municipality, js, start, wait_for_map, wait_until, z_of

pytestmark = pytest.mark.browser

HELGELAND_LVS = ["1812", "1813", "1815", "1816", "1818", "1820", "1822", "1824", "1825", "1826",
                 "1827", "1828"]


def read_clipboard(dash_duo) -> str:
    """What the page's clipboard holds (Chromium's own clipboard; permission granted by CDP)."""
    return dash_duo.driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, function (e) { done('ERROR ' + e); });")


def test_kart001_map_holds_all_41_municipalities(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    assert js(dash_duo, f"{GD}.data[{MAIN}].locations.length") == 41
    # Each Nordland feature is drawn as a filled path with real geometry (no blank polygons).
    drawn = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.choroplethlayer > g')[{MAIN}]
        .querySelectorAll('.choroplethlocation'))
        .filter(p => (p.getAttribute('d') || '').length > 20
                && getComputedStyle(p).fill !== 'none').map(p => p.__data__.loc)""")
    assert sorted(drawn) == app_data.nordland
    assert "av 263" in dash_duo.find_element("#coverage-badge").text
    assert "Kartverket" in dash_duo.find_element(".app-header .credits").text
    assert dash_duo.get_logs() == []


def test_kart002_click_alstahaug_lists_its_33_survey_arrangements(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    survey = dash_duo.find_element(f"#{ID.scope} input[value='kartlegging']")
    dash_duo.driver.execute_script("arguments[0].click();", survey)
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    dash_duo.wait_for_contains_text("#panel-count", "33 registrerte ordninger fra kartleggingen 2020")
    items = dash_duo.find_elements(f"#{ID.panel} ol.arrangements > li")
    assert len(items) == 33
    names = [li.find_element("css selector", ".arr-name").text for li in items]
    assert "Helgeland havn IKS" in names
    # largest first: Revisjon Midt-Norge SA has 53 members
    assert names[0] == "Revisjon Midt-Norge SA"
    z = z_of(dash_duo)
    assert z["1822"] == 32 and z["1820"] == 33  # Leirfjord shares 32 of the 33; 1820 on top
    assert "kommune=1820" in dash_duo.driver.current_url
    # clicking Alstahaug again returns to the overview
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Oversikt", timeout=10)


def test_kart003_task_area_legevaktsentral_marks_helgeland(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    dash_duo.select_dcc_dropdown(f"#{ID.task}", value="5. Legevaktsentral")
    dash_duo.wait_for_contains_text("#panel-title", "Legevaktsentral", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ID.panel}", "Helgeland Legevaktsentral")
    z = z_of(dash_duo)
    assert sorted(k for k, v in z.items() if v == 1) == HELGELAND_LVS
    assert "oppgave=legevaktsentral" in dash_duo.driver.current_url


def test_kart004_barnevernvakt_layer_draws_outlines(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    _solid, dashed, labels = OVERLAY_INDEX["barnevernvakt"]
    assert js(dash_duo, f"{GD}.data[{dashed}].visible") is False
    checkbox = dash_duo.find_element(f"#{ID.layers} input[value='barnevernvakt']")
    dash_duo.driver.execute_script("arguments[0].click();", checkbox)
    dash_duo.wait_for_contains_text(f"#{ID.panel}", "Barnevernvakter", timeout=10)
    # the outlines are drawn as SVG paths with real geometry
    lines = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.scattergeo .js-line'))
        .filter(p => (p.getAttribute('d') || '').length > 200).length""")
    assert lines >= 2
    assert js(dash_duo, f"{GD}.data[{labels}].text.length") == len(
        app_data.overlays["barnevernvakt"].label_text)
    assert "Sør-Helgeland (2018)" in js(dash_duo, f"{GD}.data[{labels}].text")
    assert "lag=barnevernvakt" in dash_duo.driver.current_url


def test_kart005_empty_state_is_clear(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?kommune=1811&oppgave=legevaktsentral")
    dash_duo.wait_for_text_to_equal("#panel-title", "Bindal (1811)", timeout=10)
    dash_duo.wait_for_contains_text("#panel-count", "Ingen registrerte ordninger")
    assert "ikke samarbeider" in dash_duo.find_element(f"#{ID.panel} .empty-state").text
    assert dash_duo.get_logs() == []


def test_kart006_deep_link_and_bad_link(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?kommune=9999&lag=legevaktsentral")
    assert "Ukjent kommunenummer «9999»" in dash_duo.find_element(".link-notice").text
    dash_duo.wait_for_text_to_equal("#panel-title", "Oversikt", timeout=10)
    solid = OVERLAY_INDEX["legevaktsentral"][0]
    assert js(dash_duo, f"{GD}.data[{solid}].visible") is True


def test_kart007_text_alternative_table(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    dash_duo.find_element(".map-table summary").click()
    rows = dash_duo.find_elements(".value-table tbody tr")
    assert len(rows) == 41
    z = z_of(dash_duo)
    first = rows[0].find_elements("css selector", "th, td")
    assert first[0].text == "Alstahaug" and first[2].text == str(z["1820"])


def test_kart008_sources_are_links_and_regions_open_on_click(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?oppgave=barnevernvakt&lag=barnevernvakt")
    dash_duo.wait_for_contains_text("#panel-title", "Barnevernvakt", timeout=10)
    links = dash_duo.find_elements(f"#{ID.panel} ol.arrangements a[href^='http']")
    assert links and all(a.get_attribute("target") == "_blank" for a in links)
    assert "medlemmer ikke kjent" not in dash_duo.find_element(f"#{ID.panel}").text
    labels = OVERLAY_INDEX["barnevernvakt"][2]
    dash_duo.driver.execute_script(
        f"var gd = {GD}; var i = gd.data[{labels}].customdata.indexOf('bvv-sor-helgeland');"
        f"gd.emit('plotly_click', {{points: [{{curveNumber: {labels}, pointNumber: i,"
        " pointIndex: i, customdata: 'bvv-sor-helgeland'}], event: {}});")
    dash_duo.wait_for_text_to_equal("#panel-title", "Akuttberedskap Sør-Helgeland", timeout=10)
    panel = dash_duo.find_element(f"#{ID.panel}").text
    assert "Bindal" in panel and "okt. 2018" in panel and "oppgitt for et annet år" in panel
    assert dash_duo.get_logs() == []


def test_kart009_proposed_regions_without_members_are_listed_not_drawn(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?lag=kommuneregion_forslag")
    dash_duo.wait_for_contains_text(f"#{ID.panel}", "Foreslåtte kommuneregioner", timeout=10)
    unknown = [li.text for li in dash_duo.find_elements(f"#{ID.panel} li.region.unknown")]
    assert len(unknown) == 4 and all("medlemmer ikke kjent" in t for t in unknown)
    assert any(t.startswith("Vesterålen") and "32 303" in t for t in unknown)
    labels = OVERLAY_INDEX["kommuneregion_forslag"][2]
    drawn = js(dash_duo, f"{GD}.data[{labels}].text")
    assert len(drawn) == 6 and all(t.endswith("(avledet)") for t in drawn)
    assert dash_duo.get_logs() == []


def test_kart010_presentation_mode_and_copy_link(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?kommune=1820")
    assert dash_duo.find_element(".controls-col").is_displayed()
    dash_duo.find_element("#present").click()
    dash_duo.wait_for_element("body.presenting", timeout=5)
    assert dash_duo.find_element("#present").get_attribute("aria-pressed") == "true"
    assert not dash_duo.find_element(".controls-col").is_displayed()
    width = js(dash_duo, f"document.querySelector('#{ID.map}').getBoundingClientRect().width")
    assert width > 0.55 * js(dash_duo, "window.innerWidth")
    dash_duo.find_element("#present-exit").click()
    until(lambda: not js(dash_duo, "document.body.classList.contains('presenting')"), timeout=5)
    assert dash_duo.find_element("#present").get_attribute("aria-pressed") == "false"
    assert js(dash_duo, "document.activeElement.id") == "present"  # focus back where it was
    assert dash_duo.find_element(".controls-col").is_displayed()
    # «Kopier lenke» copies the link of the view as it is now, not the one the page was opened with
    survey = dash_duo.find_element(f"#{ID.scope} input[value='kartlegging']")
    dash_duo.driver.execute_script("arguments[0].click();", survey)
    until(lambda: "utvalg=kartlegging" in dash_duo.driver.current_url, timeout=10)
    dash_duo.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": dash_duo.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    dash_duo.driver.execute_script("return navigator.clipboard.writeText('');")
    dash_duo.find_element(f"#{ID.copy_link}").click()
    copied = until(lambda: read_clipboard(dash_duo), timeout=5, msg="nothing was copied")
    assert copied == dash_duo.driver.current_url
    assert urlsplit(copied).netloc == urlsplit(dash_duo.server_url).netloc
    assert urlsplit(copied).path == "/kart"
    assert parse_qs(urlsplit(copied).query) == {"kommune": ["1820"], "utvalg": ["kartlegging"]}
    assert dash_duo.get_logs() == []


def test_kart011_facts_dated_after_2020_can_be_left_out(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?kommune=1804")
    dash_duo.wait_for_contains_text(f"#{ID.panel}", "Krisesenteret i Salten", timeout=10)
    everything = len(dash_duo.find_elements(f"#{ID.panel} ol.arrangements > li"))
    til2020 = dash_duo.find_element(f"#{ID.scope} input[value='til2020']")
    dash_duo.driver.execute_script("arguments[0].click();", til2020)
    dash_duo.wait_for_contains_text("#panel-count", "datert til og med 2020", timeout=10)
    names = [e.text for e in dash_duo.find_elements(f"#{ID.panel} .arr-name")]
    assert "Krisesenteret i Salten" not in names  # its only source is dated 2021
    assert len(names) == everything - 1
    assert "utvalg=til2020" in dash_duo.driver.current_url
    z = z_of(dash_duo)
    assert z["1804"] == max(z.values())  # the selected municipality itself, in HIGHLIGHT


def test_kart012_upload_register(dash_duo, app_data, tmp_path) -> None:
    from tests.helpers import csv_files, survey_only_tables, survey_with_members, tables, workbook

    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text("#coverage-badge", "av 263", timeout=10)
    before = dash_duo.find_element("#coverage-badge").text

    broken = tables()
    broken["memberships"].loc[3, "kommunenummer"] = "1899"
    (tmp_path / "memberships.csv").write_bytes(dict(csv_files(broken))["memberships.csv"])
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(tmp_path / "memberships.csv"))
    dash_duo.wait_for_contains_text(".upload-error", "ble ikke lastet inn", timeout=15)
    error = dash_duo.find_element(".upload-error").text
    assert "arrangements.csv: filen mangler" in error  # a lone CSV file is not a register
    assert dash_duo.find_element("#coverage-badge").text == before  # nothing lost

    dash_duo.driver.refresh()  # a fresh file input: Selenium adds files to a multiple one
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#coverage-badge", before, timeout=10)
    (tmp_path / "eget.xlsx").write_bytes(workbook(survey_only_tables()))
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(tmp_path / "eget.xlsx"))
    # a valid upload reloads the page at its own link; wait for that page and its map
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=20,
          msg="the upload never opened its link")
    wait_for_map(dash_duo)
    until(lambda: dash_duo.find_element("#coverage-badge").text != before, timeout=10)
    badge = dash_duo.find_element("#coverage-badge").text
    assert badge.startswith(f"{survey_with_members()} av 263"), badge
    dash_duo.wait_for_text_to_equal("#register-source", "eget.xlsx", timeout=10)
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_contains_text("#panel-count", "33 registrerte ordninger", timeout=10)
    assert "register=" in dash_duo.driver.current_url and "kommune=1820" in dash_duo.driver.current_url


def test_kart013_whole_of_nordland_fits_on_a_laptop_screen(dash_duo, app_data) -> None:
    dash_duo.driver.set_window_size(1366, 768)
    start(dash_duo, app_data)
    box, inner = js(dash_duo, f"""(function () {{
        var map = document.getElementById('{ID.map}').getBoundingClientRect();
        var paths = Array.from({GD}.querySelectorAll('.choroplethlayer > g')[{MAIN}]
            .querySelectorAll('.choroplethlocation')).map(p => p.getBoundingClientRect());
        return [[map.top, map.bottom, map.left, map.right, window.innerHeight],
                [Math.min(...paths.map(r => r.top)), Math.max(...paths.map(r => r.bottom)),
                 Math.min(...paths.map(r => r.left)), Math.max(...paths.map(r => r.right))]];
    }})()""")
    top, bottom, left, right, viewport = box
    assert bottom <= viewport  # the map is not taller than the screen
    assert inner[0] >= top - 1 and inner[1] <= bottom + 1  # no municipality cut off
    assert inner[2] >= left - 1 and inner[3] <= right + 1
    assert inner[1] - inner[0] > 0.8 * (bottom - top)  # and Nordland fills the height


def test_kart014_download_current_view(dash_duo, app_data) -> None:
    import io
    from datetime import date
    from pathlib import Path

    import pandas as pd

    start(dash_duo, app_data, "/kart?kommune=1820&utvalg=kartlegging")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    folder = Path(dash_duo.download_path)
    dash_duo.find_element(f"#{ID.download_xlsx}").click()
    target = folder / f"kommunekart-kart-alstahaug-kartlegging-{date.today().isoformat()}.xlsx"
    wait_until(lambda: target.exists() and target.stat().st_size > 0, 15,
               f"the download {target.name} never arrived")
    book = pd.read_excel(io.BytesIO(target.read_bytes()), sheet_name=None)
    assert len(book["ordninger"]) == 33 and len(book["kommuner"]) == 41
