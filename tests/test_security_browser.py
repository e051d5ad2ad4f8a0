"""Issue 13 in headless Chromium: every view works under the Content-Security-Policy (no violation,
no console error, the interactions that need most of it too), a hostile municipality name is
drawn literally on the map (no <a> inside plotly's SVG, %{z} not filled in), and malformed links
show the page with a notice."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app, load_data
from kommunekart.web.pages import konstellasjoner, oppgaver, utvikling
from kommunekart.web.pages.kart import ID
from tests import hostile
from tests.browser import GD, js, wait_for_map
from tests.hostile import EVIL

pytestmark = pytest.mark.browser

# Every CSP violation the page meets, kept from the first script on (a listener added by the
# browser itself, so the policy does not apply to it).
WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});"""
VIEWS = [  # (link, an element the working view has)
    ("/kart?kommune=1820&lag=legevaktsentral", f"#{ID.map} .js-plotly-plot .choroplethlocation"),
    ("/kart?visning=ruter&presentasjon=1", f"#{ID.map} .js-plotly-plot .choroplethlocation"),
    ("/konstellasjoner?kommune=1820", f"#{konstellasjoner.ID.grid} .ag-row"),
    ("/konstellasjoner?kommune=alle", f"#{konstellasjoner.ID.pairs} *"),
    ("/utvikling?kart=kommuneregioner", f"#{utvikling.ID.map} .js-plotly-plot .main-svg"),
    ("/oppgaver", f"#{oppgaver.ID.chart} .js-plotly-plot .main-svg"),
    ("/fortelling", ".story-step"),
]


def violations(dash_duo) -> list[str]:
    return js(dash_duo, "window.__csp || ['no listener']")


def test_sec001_every_view_works_under_the_policy(dash_duo, app_data) -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    for link, ready in VIEWS:
        dash_duo.driver.get(dash_duo.server_url + link)
        dash_duo.wait_for_element(ready, timeout=20)
        if link.startswith("/konstellasjoner?kommune=1820"):  # the grid's comparator function
            dash_duo.find_element(f"#{konstellasjoner.ID.grid} .ag-header-cell[col-id='kom']").click()
            until(lambda: js(dash_duo, f"dash_ag_grid.getApi('{konstellasjoner.ID.grid}')"
                                       ".getColumnState().some(c => c.sort)"), timeout=5)
        if link.startswith("/kart?kommune"):  # the camera button's image: an SVG as a data: URL
            image = dash_duo.driver.execute_async_script(
                f"var done = arguments[0]; Plotly.toImage({GD}, {{format: 'png'}})"
                ".then(done, function (e) { done('ERROR ' + e); });")
            assert image.startswith("data:image/png;base64,")
        assert violations(dash_duo) == [], link
        assert dash_duo.get_logs() == [], link


def test_sec002_a_hostile_name_is_drawn_as_written(dash_duo, kommuner_path, tmp_path) -> None:
    """Alstahaug renamed `<a href="https://evil.example">Ond</a> %{z}`: its name on the map, the
    colour-bar title and the hover read exactly that, and plotly's SVG holds no link."""
    data = load_data(hostile.hostile_register(tmp_path / "register"), boundaries=kommuner_path)
    dash_duo.start_server(create_app(data))
    dash_duo.driver.get(dash_duo.server_url + "/kart?kommune=1820")
    wait_for_map(dash_duo)
    svg = f"{GD}.querySelectorAll('.main-svg')"
    texts = js(dash_duo, f"Array.from({svg}).flatMap(s => Array.from(s.querySelectorAll('text')))"
                         ".map(t => t.textContent)")
    assert EVIL in texts  # the name at Alstahaug, bold, as written
    title = js(dash_duo, f"{GD}.querySelector('.colorbar .cbtitle text').textContent")
    assert title == f"Felles ordningermed {EVIL}"  # two lines: «Felles ordninger», «med …»
    assert js(dash_duo, f"Array.from({svg}).reduce((n, s) => n + s.querySelectorAll('a').length, 0)") == 0
    # the hover of a partner: our %{z} filled in, the name's %{z} not
    path = js(dash_duo, f"Array.from({GD}.querySelectorAll('.choroplethlocation'))"
                        ".filter(p => p.__data__.loc === '1833')[0]")  # Rana: the largest
    ActionChains(dash_duo.driver).move_to_element(path).perform()
    hover = until(lambda: js(dash_duo, f"(function () {{ var t = {GD}.querySelector("
                                       "'.hoverlayer .hovertext'); return t && t.textContent; })()"),
                  timeout=5)
    shared = js(dash_duo, f"{GD}.data[{MAIN}].z[{GD}.data[{MAIN}].locations.indexOf('1833')]")
    assert hover is not None and f"{shared} felles ordninger med {EVIL}" in hover
    assert js(dash_duo, "document.querySelectorAll('.js-plotly-plot a[href*=\"evil\"]').length") == 0
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize(("link", "ready", "notice"), [
    ("/kart?lag=a&lag=b&register=a&register=b", f"#{ID.map} .js-plotly-plot .choroplethlocation",
     "«register» står 2 ganger"),
    ("/konstellasjoner?kommune=1820&kommune=" + "x" * 10_000, f"#{konstellasjoner.ID.grid} .ag-row",
     "«kommune» står 2 ganger"),
    ("/oppgaver?sorter=a&sorter=b&oppgave=x", f"#{oppgaver.ID.chart} .main-svg",
     "Ukjent parameter i lenken: «oppgave»"),
    ("/utvikling?kart=" + "y" * 10_000, f"#{utvikling.ID.map} .main-svg", "Ukjent kartvisning"),
    ("/fortelling?fortelling=standard&fortelling=%00", ".story-page h2", "kunne ikke leses"),
])
def test_sec003_malformed_links_show_the_page_and_a_notice(dash_duo, app_data, link, ready,
                                                           notice) -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.get(dash_duo.server_url + link)
    dash_duo.wait_for_element(ready, timeout=20)
    until(lambda: notice in " ".join(e.text for e in dash_duo.find_elements(".link-notice")),
          timeout=10)
    assert dash_duo.get_logs() == []
