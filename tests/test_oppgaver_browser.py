"""/oppgaver in headless Chromium: the chart's data against the register, a click on an area
opening /kart with its filter and layer, the orders and the link that keeps them, projector-sized
text, and /kart's dropdown marking areas with nothing registered."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from kommunekart.domain import measures
from kommunekart.domain.wording import NOBODY_REGISTERED
from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID as KART
from kommunekart.web.pages.oppgaver import ID

pytestmark = pytest.mark.browser

GD = f"document.querySelector('#{ID.chart} .js-plotly-plot')"
KART_GD = f"document.querySelector('#{KART.map} .js-plotly-plot')"


def open_page(dash_duo, app_data, path: str = "/oppgaver") -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{ID.chart} .js-plotly-plot .scatterlayer .point", timeout=20)


def js(dash_duo, expr: str):
    return dash_duo.driver.execute_script(f"return {expr};")


def trace(dash_duo, part: str) -> dict:
    return js(dash_duo, f"{GD}.data.filter(t => t.meta && t.meta.part === '{part}')[0]")


def row_names(dash_duo) -> list[str]:
    """The chart's row labels top to bottom (headings left out), as drawn."""
    return js(dash_duo, f"""Array.from(document.querySelectorAll('#{ID.chart} .ytick a'))
        .map(a => a.textContent)""")


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def wait_for_kart(dash_duo) -> None:
    dash_duo.wait_for_element(f"#{KART.map} .js-plotly-plot .choroplethlocation", timeout=20)
    dash_duo.wait_for_element(f"#{KART.panel} h2", timeout=10)


def test_opp001_chart_data_equals_register_no_console_errors(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    reg = app_data.register.task_areas.sort_values("number")
    held = measures.task_area_register(app_data.register, app_data.nordland)
    a, b, bar = trace(dash_duo, "2014"), trace(dash_duo, "2020"), trace(dash_duo, "registrert")
    assert a["x"] == [float(v) for v in reg["share_2014"]]
    assert b["x"] == [float(v) for v in reg["share_2020"]]
    assert bar["text"] == [f"{held.loc[t, 'participants']} av 41" if held.loc[t, "arrangements"]
                           else "ingen registrert" for t in reg["task_area_id"]]
    assert row_names(dash_duo) == [f"{n}. {name}" for n, name in zip(reg["number"], reg["name"],
                                                                     strict=True)]
    assert "44 kommuner" in dash_duo.find_element(f"#{ID.note}").text
    assert "41 kommunene" in dash_duo.find_element(f"#{ID.note}").text
    # projector-sized: every piece of text the chart draws is at least 16 px
    sizes = js(dash_duo, f"""Array.from(document.querySelectorAll('#{ID.chart} .main-svg text'))
        .filter(t => t.textContent.trim() && t.getBBox().width > 0)
        .map(t => parseFloat(getComputedStyle(t).fontSize))""")
    assert len(sizes) >= 41, sizes  # at least the 41 task areas' names
    assert min(sizes) >= 16, sorted(sizes)[:5]
    assert dash_duo.get_logs() == []


def test_opp002_clicking_legevaktsentral_opens_kart_with_116117_layer(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    label = dash_duo.driver.find_element(
        "xpath", f"//*[@id='{ID.chart}']//*[local-name()='a'][normalize-space()='5. Legevaktsentral']")
    label.click()
    wait_for_kart(dash_duo)
    until(lambda: urlsplit(dash_duo.driver.current_url).path == "/kart", timeout=10)
    q = query(dash_duo.driver.current_url)
    assert q["oppgave"] == ["legevaktsentral"] and q["lag"] == ["legevaktsentral"]
    box = dash_duo.find_element(f"#{KART.layers} input[value='legevaktsentral']")
    assert box.is_selected()
    assert not dash_duo.find_element(f"#{KART.layers} input[value='barnevernvakt']").is_selected()
    assert "5. Legevaktsentral" in dash_duo.find_element(f"#{KART.task}").text
    z = js(dash_duo, f"{KART_GD}.data[{MAIN}].z")
    assert sum(z) == 12  # Helgeland's legevaktsentral: the registered arrangement's members
    assert dash_duo.get_logs() == []


def test_opp003_a_marker_and_a_table_link_open_the_map(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    # a marker: plotly's own click event on the 2020 point of Barnevernvakt (row 10)
    dash_duo.driver.execute_script(f"""var gd = {GD};
        var i = gd.data.findIndex(t => t.meta && t.meta.part === '2020');
        var p = gd.data[i].customdata.findIndex(u => u.indexOf('oppgave=barnevernvakt') >= 0);
        gd.emit('plotly_click', {{points: [{{curveNumber: i, pointNumber: p, pointIndex: p,
            customdata: gd.data[i].customdata[p]}}], event: {{}}}});""")
    wait_for_kart(dash_duo)
    until(lambda: "oppgave=barnevernvakt" in dash_duo.driver.current_url, timeout=10)
    assert query(dash_duo.driver.current_url)["lag"] == ["barnevernvakt"]
    # the table alternative: a keyboard user reaches the link with Tab and opens it with Enter
    dash_duo.driver.get(dash_duo.server_url + "/oppgaver")
    dash_duo.wait_for_element(f"#{ID.chart} .js-plotly-plot", timeout=20)
    dash_duo.find_element(".task-table-wrap summary").click()
    link = dash_duo.find_element(f"#{ID.table} a[href='/kart?oppgave=revisjon']")
    assert link.text == "Revisjon"
    link.send_keys(Keys.ENTER)  # send_keys focuses the element first
    wait_for_kart(dash_duo)
    until(lambda: "oppgave=revisjon" in dash_duo.driver.current_url, timeout=10)
    assert "lag" not in query(dash_duo.driver.current_url)  # Revisjon has no region layer
    assert dash_duo.get_logs() == []


def test_opp004_sorting_by_change_and_the_link_restores_it(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data)
    assert row_names(dash_duo)[0] == "1. Regionråd"
    dash_duo.find_element(f"#{ID.sort} input[value='endring']").click()
    until(lambda: "sorter=endring" in dash_duo.driver.current_url, timeout=10)
    until(lambda: row_names(dash_duo)[0] == "5. Legevaktsentral", timeout=10)  # +100
    a, b = trace(dash_duo, "2014")["x"], trace(dash_duo, "2020")["x"]
    changes = [abs(y - x) for x, y in zip(a[:22], b[:22], strict=True)]
    assert changes[0] == max(changes) and changes == sorted(changes, reverse=True)
    dash_duo.find_element(f"#{ID.group} input[value='sjelden']").click()
    until(lambda: "gruppe=sjelden" in dash_duo.driver.current_url, timeout=10)
    until(lambda: row_names(dash_duo)[0] == "27. Bibliotek", timeout=10)  # −24
    assert len(row_names(dash_duo)) == 19
    url = dash_duo.driver.current_url
    assert query(url) == {"sorter": ["endring"], "gruppe": ["sjelden"]}
    # a fresh page from the link: the same order, the same controls
    dash_duo.driver.get(dash_duo.server_url + "/kart")
    wait_for_kart(dash_duo)
    dash_duo.driver.get(url)
    dash_duo.wait_for_element(f"#{ID.chart} .js-plotly-plot .scatterlayer .point", timeout=20)
    assert row_names(dash_duo)[:2] == ["27. Bibliotek", "32. Interkommunal kreftkoordinator"]
    assert dash_duo.find_element(f"#{ID.sort} input[value='endring']").is_selected()
    assert dash_duo.find_element(f"#{ID.group} input[value='sjelden']").is_selected()
    # a bad value is named and dropped
    dash_duo.driver.get(dash_duo.server_url + "/oppgaver?sorter=tilfeldig")
    dash_duo.wait_for_contains_text(".link-notice", "Ukjent sortering «tilfeldig»", timeout=20)
    assert dash_duo.get_logs() == []


def test_opp005_kart_dropdown_marks_areas_with_nothing_registered(dash_duo, app_data) -> None:
    dash_duo.start_server(create_app(app_data))
    wait_for_kart(dash_duo)
    dash_duo.find_element(f"#{KART.task}").click()
    options = {o.text: o for o in dash_duo.find_elements(".dash-dropdown-options .dash-dropdown-option")}
    assert "13. Revisjon" in options and "5. Legevaktsentral" in options
    assert sum(o.endswith("(ingen registrert)") for o in options) == 15
    options["22. Miljørettet helsevern (ingen registrert)"].click()
    until(lambda: "oppgave=miljorettet-helsevern" in dash_duo.driver.current_url, timeout=10)
    # the legend: one colour and a label saying nobody is in a registered arrangement
    until(lambda: js(dash_duo, f"{KART_GD}.data[{MAIN}].colorbar.ticktext") == [NOBODY_REGISTERED],
          timeout=10)
    ticks = js(dash_duo, f"""Array.from(document.querySelectorAll('#{KART.map} .colorbar .cbaxis text'))
        .map(t => t.textContent)""")
    assert "Deltar" not in ticks
    assert dash_duo.get_logs() == []


def test_opp006_a_register_without_shares_shows_a_clear_empty_state(dash_duo, tmp_path,
                                                                     kommuner_path) -> None:
    from kommunekart.web.app import load_data
    from tests.helpers import own_register

    def no_shares(t) -> None:
        t["share_2014"] = ""
        t["share_2020"] = ""
    data = load_data(own_register(tmp_path, no_shares), boundaries=kommuner_path)
    dash_duo.start_server(create_app(data))
    dash_duo.driver.get(dash_duo.server_url + "/oppgaver")
    dash_duo.wait_for_contains_text(f"#{ID.empty}", "ingen andeler fra kartleggingen", timeout=20)
    assert not dash_duo.driver.find_elements("css selector", f"#{ID.chart}")
    rows = dash_duo.find_elements(f"#{ID.table} tbody tr:not(.group-heading)")
    assert len(rows) == 41 and rows[0].is_displayed()  # the table, open, says what is registered
    assert "ikke oppgitt" in rows[0].text
    assert dash_duo.get_logs() == []
