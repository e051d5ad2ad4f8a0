"""The views given as slides while presenting, in headless Chromium: /utvikling a section per
screen and /oppgaver a group per screen, stepped by the clicker's keys (a running story keeps
them) or the stepper, the slide in the link; /scenarier's map in two panels and its table cut to
what fits. Every slide of every such view passes the back row's audit (tests/presenting.py) at
1280×720 and 1920×1080, and leaving presentation gives the whole page back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from kommunekart.views.utvikling import dev_of, slides_of
from kommunekart.web.app import create_app
from kommunekart.web.pages.oppgaver import ID as OPP
from kommunekart.web.pages.scenarier import ID as SCEN
from kommunekart.web.pages.utvikling import ID as UTV
from tests.browser import js, screen
from tests.presenting import audit

pytestmark = pytest.mark.browser

PRESENTING = "document.body.classList.contains('presenting')"
COUNT = ".slide-stepper .slide-count"


def open_page(dash_duo, app_data, path: str, size: tuple[int, int] = (1280, 720)) -> None:
    dash_duo.start_server(create_app(app_data))
    screen(dash_duo, *size)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(".app-main .js-plotly-plot", timeout=20)


def here(dash_duo) -> dict[str, str]:
    url = dash_duo.driver.current_url
    return {"path": urlsplit(url).path, **{k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}}


def press(dash_duo, key: str) -> None:
    dash_duo.find_element("body").send_keys(key)


def shown(dash_duo, element_id: str) -> bool:
    return js(dash_duo, f"(e => !!e && e.getClientRects().length > 0)"
                        f"(document.getElementById('{element_id}'))")


def graph(graph_id: str) -> str:
    return f"document.querySelector('#{graph_id} .js-plotly-plot')"


def test_slides001_utvikling_a_section_per_screen_stepped_by_the_clicker(dash_duo, app_data) -> None:
    keys = [s.key for s in slides_of(dev_of(app_data))]
    open_page(dash_duo, app_data, "/utvikling?presentasjon=1")
    until(lambda: js(dash_duo, PRESENTING), timeout=10)
    assert dash_duo.find_element(COUNT).text == f"1 / {len(keys)}"
    assert shown(dash_duo, UTV.totals) and not shown(dash_duo, UTV.barnevern)
    press(dash_duo, Keys.ARROW_LEFT)  # the first slide: nothing before it
    press(dash_duo, Keys.PAGE_DOWN)  # what clickers send
    until(lambda: dash_duo.find_element(COUNT).text == f"2 / {len(keys)}", timeout=10)
    until(lambda: here(dash_duo).get("del") == keys[1], timeout=5)
    assert not shown(dash_duo, UTV.totals) and here(dash_duo)["presentasjon"] == "1"
    press(dash_duo, Keys.ARROW_RIGHT)
    until(lambda: shown(dash_duo, UTV.barnevern), timeout=10)
    assert shown(dash_duo, UTV.dimensjonering) and not shown(dash_duo, UTV.map)
    # the proposed regions' slide shows the page's one map on its topic, and the link says so
    dash_duo.driver.get(dash_duo.server_url + "/utvikling?del=kommunepsykolog&presentasjon=1")
    until(lambda: js(dash_duo, PRESENTING) and shown(dash_duo, UTV.map), timeout=20)
    for _ in range(keys.index("kommuneregioner") - keys.index("kommunepsykolog")):
        press(dash_duo, Keys.ARROW_RIGHT)
    until(lambda: here(dash_duo).get("kart") == "kommuneregioner", timeout=10)
    assert here(dash_duo)["del"] == "kommuneregioner"
    assert shown(dash_duo, UTV.regioner) and shown(dash_duo, UTV.map)
    until(lambda: js(dash_duo, f"{graph(UTV.map)}.data.some(t => t.visible === true && "
                               "t.mode && t.mode.includes('text') && t.text.length > 3)"), timeout=10)
    # leaving gives the whole page back
    press(dash_duo, Keys.ESCAPE)
    until(lambda: not js(dash_duo, PRESENTING), timeout=10)
    assert all(shown(dash_duo, i) for i in (UTV.totals, UTV.barnevern, UTV.regioner, UTV.map))
    assert dash_duo.get_logs() == []


def test_slides002_a_running_story_keeps_the_keys(dash_duo, app_data) -> None:
    """→ on a story's /utvikling step goes to the story's next step, not the next section; the
    stepper's own button still steps the sections."""
    open_page(dash_duo, app_data, "/utvikling?fortelling=standard&steg=1&presentasjon=1")
    until(lambda: js(dash_duo, PRESENTING) and dash_duo.find_element("#story-bar").is_displayed(),
          timeout=10)
    dash_duo.find_element(".slide-stepper .slide-next").click()
    until(lambda: dash_duo.find_element(COUNT).text.startswith("2 /"), timeout=10)
    press(dash_duo, Keys.ARROW_RIGHT)
    until(lambda: here(dash_duo)["path"] == "/kart", timeout=15)
    assert here(dash_duo).get("steg") == "2"


def test_slides003_oppgaver_a_group_per_screen(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data, "/oppgaver?presentasjon=1")
    rows = f"{graph(OPP.chart)}.layout.yaxis.ticktext.length"
    title = f"{graph(OPP.chart)}.layout.title.text"
    until(lambda: js(dash_duo, rows) == 22, timeout=10)  # 1–22, its heading the title
    assert "Vanlige samarbeidsområder (1–22)" in js(dash_duo, title)
    assert dash_duo.find_element(COUNT).text == "1 / 2"
    press(dash_duo, Keys.ARROW_RIGHT)
    until(lambda: js(dash_duo, rows) == 19, timeout=10)
    assert "Sjeldne samarbeidsområder (23–41)" in js(dash_duo, title)
    until(lambda: here(dash_duo).get("del") == "sjelden", timeout=5)
    press(dash_duo, Keys.ARROW_RIGHT)  # the last slide: nothing after it
    press(dash_duo, Keys.ESCAPE)
    until(lambda: js(dash_duo, rows) == 41 + 2, timeout=10)  # the whole chart, both headings
    assert dash_duo.get_logs() == []


def test_slides004_scenarier_the_map_in_two_panels_and_the_rows_that_fit(dash_duo, app_data) -> None:
    open_page(dash_duo, app_data, "/scenarier?grunnlag=barnevernvakt&presentasjon=1")
    panels = f"!!({graph(SCEN.map)}.layout.geo.lonaxis || {{}}).range"
    credit = f"({graph(SCEN.map)}.layout.annotations || []).length"
    until(lambda: js(dash_duo, panels), timeout=10)
    assert js(dash_duo, credit) == 0  # the bottom bar has the credits
    dash_duo.wait_for_element(".scen-table tbody tr", timeout=10)
    visible = """Array.from(document.querySelectorAll('.scen-table tbody tr'))
        .filter(r => r.getClientRects().length).map(r => r.textContent)"""
    drawn = js(dash_duo, visible)
    regions = js(dash_duo, "document.querySelectorAll('.scen-table tbody tr:not(.scen-more)').length")
    assert drawn[-1] == f"… og {regions - len(drawn) + 1} regioner til", drawn
    assert 3 <= len(drawn) - 1 < regions
    press(dash_duo, Keys.ESCAPE)
    until(lambda: not js(dash_duo, panels), timeout=10)
    assert js(dash_duo, credit) == 1  # the map's own credit line again
    assert len(js(dash_duo, visible)) == regions  # every row, no «flere»
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_slides005_every_slide_passes_the_back_row(dash_duo, app_data, size) -> None:
    paths = [f"/utvikling?del={s.key}" for s in slides_of(dev_of(app_data))]
    paths += ["/oppgaver?del=sjelden", "/oppgaver?sorter=endring&del=sjelden",
              "/scenarier?grunnlag=barnevernvakt", "/scenarier?grunnlag=regionraad",
              "/scenarier?visning=ruter"]
    open_page(dash_duo, app_data, "/utvikling", size)
    problems = {}
    for path in paths:
        dash_duo.driver.get(f"{dash_duo.server_url}{path}&presentasjon=1")
        until(lambda: js(dash_duo, PRESENTING), timeout=10)
        dash_duo.wait_for_element(".app-main .js-plotly-plot", timeout=20)
        found = audit(dash_duo)
        assert found["texts"] >= 10, (path, found)
        problems[path] = {k: v for k, v in found.items() if k != "texts" and v}
    assert problems == {p: {} for p in paths}
    assert dash_duo.get_logs() == []
