"""/konstellasjoner as the deck's slide «Alstahaug i alle konstellasjoner», presenting in
headless Chromium at a projector's 1280×720 and at 1920×1080: the map in two panels over a third
of the screen, the table paged by the grid itself (as many rows a page as fit the screen, a
clicker's keys step the pages), the four columns the audience reads with their headers whole;
with kommune=alle one regional council's rows at a time, stepped with ‹ › or the clicker. Leaving
presentation gives the desk's scrolling table with every column back."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app
from kommunekart.web.pages.konstellasjoner import ID
from tests.browser import js, screen, wait_until_steady
from tests.presenting import audit

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1920, 1080)]
GD = f"document.querySelector('#{ID.map} .js-plotly-plot')"
# The box of Nordland's own municipalities as drawn (the grey context has other numbers).
NORDLAND_BOX = f"""(function () {{
    var gd = {GD}, mine = new Set(gd.data[{MAIN}].locations);
    var r = Array.from(gd.querySelectorAll('.choroplethlocation'))
        .filter(p => mine.has(p.__data__.loc)).map(p => p.getBoundingClientRect())
        .filter(b => b.width > 0);
    return [Math.min(...r.map(b => b.left)), Math.min(...r.map(b => b.top)),
            Math.max(...r.map(b => b.right)), Math.max(...r.map(b => b.bottom))];
}})()"""
# The grid as the audience sees it: the rows drawn (their name cell's text), the columns shown,
# headers whose text is cut, and the grid's pager.
GRID = f"""(function () {{
    var grid = document.getElementById('{ID.grid}');
    var rows = Array.from(grid.querySelectorAll('.ag-center-cols-container .ag-row'))
        .filter(r => r.getBoundingClientRect().height > 0)
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map(r => r.querySelector('[col-id="navn"]').textContent);
    var headers = dash_ag_grid.getApi('{ID.grid}').getAllDisplayedColumns().map(c => c.getColId());
    var cut = Array.from(grid.querySelectorAll('.ag-header-cell-text'))
        .filter(t => t.scrollWidth > t.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1)
        .map(t => t.textContent);
    var pager = grid.querySelector('.ag-paging-row-summary-panel');
    var shown = pager && pager.getBoundingClientRect().height > 0;
    return {{rows: rows, headers: headers, cut: cut,
             pager: shown ? pager.textContent.replace(/\\s+/g, ' ').trim() : null}};
}})()"""


def open_presenting(dash_duo, app_data, path: str, size: tuple[int, int]) -> None:
    dash_duo.start_server(create_app(app_data))
    screen(dash_duo, *size)
    dash_duo.driver.get(f"{dash_duo.server_url}{path}&presentasjon=1")
    until(lambda: js(dash_duo, "document.body.classList.contains('presenting')"), timeout=10)


def grid(dash_duo) -> dict:
    return js(dash_duo, GRID)


def settled_grid(dash_duo) -> dict:
    return wait_until_steady(dash_duo, GRID, 10, "the grid never settled")


def deck_order(dash_duo) -> list[str]:
    return js(dash_duo, f"""(function () {{ var out = [];
        dash_ag_grid.getApi('{ID.grid}').forEachNodeAfterFilterAndSort(n => out.push(n.data.navn));
        return out; }})()""")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_konstpres001_the_slide_map_and_a_page_of_the_table(dash_duo, app_data, size) -> None:
    open_presenting(dash_duo, app_data, "/konstellasjoner?kommune=1820", size)
    dash_duo.wait_for_element(f"#{ID.map} .choroplethlocation", timeout=20)
    until(lambda: js(dash_duo, f"({GD}.layout.geo.lonaxis || {{}}).range"), timeout=10)  # two panels
    found = audit(dash_duo)
    assert {k: v for k, v in found.items() if k != "texts" and v} == {}
    x0, y0, x1, y1 = wait_until_steady(dash_duo, NORDLAND_BOX, 10, "the map never settled")
    assert (x1 - x0) * (y1 - y0) / (size[0] * size[1]) >= 0.35
    shown = settled_grid(dash_duo)
    assert shown["headers"] == ["navn", "deltakere", "kom", "oppgave"] and shown["cut"] == []
    order = deck_order(dash_duo)
    page = len(shown["rows"])
    assert 4 <= page < len(order) and shown["rows"] == order[:page]
    assert shown["pager"] == f"1 – {page} av {len(order)}"
    # the title names the municipality; the controls and the membership matrix are the desk's
    assert dash_duo.find_element(f"#{ID.title}").text == "Alstahaug i alle konstellasjoner"
    assert not dash_duo.find_element(f"#{ID.kommune}").is_displayed()
    assert not dash_duo.find_element(f"#{ID.matrix}").is_displayed()
    assert dash_duo.get_logs() == []


def test_konstpres002_more_rows_on_a_taller_screen_and_the_clicker_steps_them(dash_duo,
                                                                          app_data) -> None:
    open_presenting(dash_duo, app_data, "/konstellasjoner?kommune=1820", (1280, 720))
    dash_duo.wait_for_element(f"#{ID.grid} .ag-paging-panel", timeout=20)
    small = len(settled_grid(dash_duo)["rows"])
    screen(dash_duo, 1920, 1080)
    until(lambda: len(grid(dash_duo)["rows"]) > small, timeout=10)
    page = len(settled_grid(dash_duo)["rows"])
    order = deck_order(dash_duo)
    body = dash_duo.find_element("body")
    body.send_keys(Keys.PAGE_DOWN)  # what a presentation clicker sends
    until(lambda: grid(dash_duo)["rows"] == order[page:2 * page], timeout=10)
    assert grid(dash_duo)["pager"] == f"{page + 1} – {2 * page} av {len(order)}"
    body.send_keys(Keys.ARROW_LEFT)
    until(lambda: grid(dash_duo)["rows"] == order[:page], timeout=10)
    # the grid's own pager steps too (clicked from script: a real first click asks for full
    # screen, which headless Chromium grants at its own small screen size)
    js(dash_duo, f"document.querySelector(\"#{ID.grid} .ag-paging-button[aria-label='Neste side']\")"
                 ".click()")
    until(lambda: grid(dash_duo)["rows"] == order[page:2 * page], timeout=10)
    assert dash_duo.get_logs() == []


def test_konstpres003_a_chosen_row_opens_on_its_page_and_leaving_gives_the_desk(dash_duo,
                                                                            app_data) -> None:
    open_presenting(dash_duo, app_data,
                    "/konstellasjoner?kommune=1820&ordning=revisjon-midt-norge-sa", (1280, 720))
    dash_duo.wait_for_element(f"#{ID.grid} .ag-paging-panel", timeout=20)
    until(lambda: "Revisjon Midt-Norge SA" in grid(dash_duo)["rows"], timeout=10)
    assert grid(dash_duo)["rows"][-1] == "Revisjon Midt-Norge SA"  # the largest: the last page
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    until(lambda: not js(dash_duo, "document.body.classList.contains('presenting')"), timeout=10)
    until(lambda: grid(dash_duo)["pager"] is None, timeout=10)
    assert grid(dash_duo)["headers"] == ["nr", "navn", "deltakere", "kom", "oppgave", "form", "vert",
                                         "grunnlag", "kilde"]  # every column back, in order
    assert dash_duo.find_element(f"#{ID.kommune}").is_displayed()
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_konstpres004_who_with_whom_a_council_at_a_time(dash_duo, app_data, size) -> None:
    open_presenting(dash_duo, app_data, "/konstellasjoner?kommune=alle", size)
    dash_duo.wait_for_element(f"#{ID.pairs} table.pairs", timeout=20)
    rows = f"""Array.from(document.querySelectorAll('#{ID.pairs} tbody tr'))
        .filter(tr => tr.getBoundingClientRect().height > 0)
        .map(tr => tr.querySelector('.row-name').textContent)"""
    label = f"document.querySelector('#{ID.pairs_pager} .pager-label').textContent"
    first = js(dash_duo, rows)
    assert first[0] == "Alstahaug" and len(first) == 12
    assert js(dash_duo, label) == "Helgelandsrådet (HIPR) · 1 av 6"
    # every column stays: 41 names, none cut, all on screen
    names = js(dash_duo, f"""Array.from(document.querySelectorAll('#{ID.pairs} th.col-name span'))
        .map(s => s.getBoundingClientRect()).filter(r => r.right <= innerWidth && r.height > 0)
        .length""")
    assert names == 41
    found = audit(dash_duo)
    assert {k: v for k, v in found.items() if k != "texts" and v} == {}
    dash_duo.find_element("body").send_keys(Keys.ARROW_RIGHT)
    until(lambda: js(dash_duo, label) == "Indre Helgeland Regionråd · 2 av 6", timeout=5)
    assert js(dash_duo, rows) == ["Lurøy", "Nesna", "Hemnes", "Rana", "Hattfjelldal"]
    dash_duo.find_element(f"#{ID.pairs_pager} .pager-prev").click()
    until(lambda: js(dash_duo, label) == "Helgelandsrådet (HIPR) · 1 av 6", timeout=5)
    # leaving presentation shows all 41 rows again
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    until(lambda: len(js(dash_duo, rows)) == 41, timeout=10)
    assert dash_duo.get_logs() == []
