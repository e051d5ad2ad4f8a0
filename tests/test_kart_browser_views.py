"""The map page in headless Debian Chromium, continued (test_kart_browser.py has 001–014): the
«Fargelegg etter» measures, `/` as the start page, and every view as a link (controls → the link
the page writes → the same view restored from it). Selectors come from the page's own ids."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from kommunekart.figures.map import MAIN
from kommunekart.web.pages.kart import ID, OVERLAY_INDEX
from tests.browser import GD, click_municipality, js, start, wait_for_map, z_of

pytestmark = pytest.mark.browser

def click_input(dash_duo, control: str, value: str) -> None:
    """A radio button or checkbox of a Dash control, by its value."""
    box = dash_duo.find_element(f"#{control} input[value='{value}']")
    dash_duo.driver.execute_script("arguments[0].click();", box)


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def wait_for_query(dash_duo, **expected: str) -> str:
    """Wait until the address bar holds these parameters; return it."""
    want = {k: [v] for k, v in expected.items()}
    until(lambda: {k: query(dash_duo.driver.current_url).get(k) for k in want} == want, timeout=10,
          msg=f"address bar never held {expected}")
    return dash_duo.driver.current_url


def partners_by_hand(app_data) -> dict[str, int]:
    """Counted from memberships.csv directly: the different municipalities each one shares at
    least one registered arrangement with."""
    members: dict[str, set[str]] = {}
    for arrangement, kommune in app_data.register.memberships[["arrangement_id",
                                                               "kommunenummer"]].itertuples(index=False):
        members.setdefault(arrangement, set()).add(kommune)
    return {k: len(set().union(*(m for m in members.values() if k in m)) - {k}) if any(
        k in m for m in members.values()) else 0 for k in app_data.nordland}


def hosts_by_hand(app_data) -> dict[str, int]:
    """Counted from arrangements.csv directly: arrangements whose host is the municipality."""
    hosts = list(app_data.register.arrangements["host_kommunenummer"].dropna())
    return {k: hosts.count(k) for k in app_data.nordland}


def test_kart015_partnere_and_vert_measures_on_the_page(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    by_hand = {"partnere": partners_by_hand(app_data), "vert": hosts_by_hand(app_data)}
    assert any(by_hand["vert"].values()) and max(by_hand["partnere"].values()) > 10
    for measure, words in (("partnere", "samarbeids"), ("vert", "Vertskommune")):
        click_input(dash_duo, ID.measure, measure)
        wait_for_query(dash_duo, maal=measure)
        until(lambda m=measure: z_of(dash_duo) == by_hand[m], timeout=10,
              msg=f"the map never showed {measure}")
        assert z_of(dash_duo) == dict(zip(app_data.nordland, app_data.values(measure).z, strict=True))
        title = js(dash_duo, f"{GD}.data[{MAIN}].colorbar.title.text")
        assert words in title.replace("-<br>", "").replace("<br>", " "), title
    assert dash_duo.get_logs() == []


def test_kart016_url_round_trip_from_the_start_page(dash_duo, app_data) -> None:
    """`/` serves the map; set every control, take the link the page wrote, open it: the same
    controls and the same numbers on the map."""
    start(dash_duo, app_data, "/")
    assert js(dash_duo, f"{GD}.data[{MAIN}].locations.length") == 41

    dash_duo.select_dcc_dropdown(f"#{ID.kommune}", value="Alstahaug")
    wait_for_query(dash_duo, kommune="1820")
    dash_duo.select_dcc_dropdown(f"#{ID.task}", value="5. Legevaktsentral")
    wait_for_query(dash_duo, kommune="1820", oppgave="legevaktsentral")
    click_input(dash_duo, ID.measure, "vert")
    click_input(dash_duo, ID.scope, "kartlegging")
    click_input(dash_duo, ID.layers, "barnevernvakt")
    link = wait_for_query(dash_duo, kommune="1820", oppgave="legevaktsentral", maal="vert",
                          utvalg="kartlegging", lag="barnevernvakt")
    assert urlsplit(link).path == "/kart"
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)

    def seen() -> dict:
        return {
            "z": z_of(dash_duo),
            "visible": js(dash_duo, f"{GD}.data.map(t => t.visible === true)"),
            "measure": js(dash_duo, f"document.querySelector('#{ID.measure} input:checked').value"),
            "scope": js(dash_duo, f"document.querySelector('#{ID.scope} input:checked').value"),
            "layers": js(dash_duo, f"Array.from(document.querySelectorAll('#{ID.layers} "
                                   "input:checked')).map(i => i.value)"),
            "kommune": dash_duo.find_element(f"#{ID.kommune}").text,
            "task": dash_duo.find_element(f"#{ID.task}").text,
            "panel": dash_duo.find_element("#panel-title").text,
            "count": dash_duo.find_element("#panel-count").text,
        }

    before = seen()
    expected = app_data.values("vert", "legevaktsentral", "kartlegging", "1820").z
    drawn = dict(zip(app_data.nordland, expected, strict=True))
    assert drawn["1820"] == 0  # the selected municipality is not its own partner …
    drawn["1820"] = (max(v for k, v in drawn.items() if k != "1820") or 1) + 1  # … but on top
    assert before["z"] == drawn  # in HIGHLIGHT (kommunekart.figures.map.chosen_props)
    assert sum(before["z"].values()) > 2
    assert before["measure"] == "vert" and before["scope"] == "kartlegging"
    assert before["layers"] == ["barnevernvakt"]
    assert "Alstahaug" in before["kommune"] and "Legevaktsentral" in before["task"]
    assert all(before["visible"][i] for i in OVERLAY_INDEX["barnevernvakt"])
    assert not any(before["visible"][i] for i in OVERLAY_INDEX["legevaktsentral"])

    dash_duo.driver.get("about:blank")
    dash_duo.driver.get(link)
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    assert seen() == before
    assert query(dash_duo.driver.current_url) == query(link)
    assert dash_duo.get_logs() == []


def test_kart017_a_link_opens_presenting_and_esc_leaves_without_full_screen(dash_duo, app_data) -> None:
    """?presentasjon=1 opens any view in presentation mode; Esc ends it even though headless
    Chromium never grants full screen; the mode survives the view's own link updates."""
    start(dash_duo, app_data, "/kart?kommune=1820&presentasjon=1")
    dash_duo.wait_for_element("body.presenting", timeout=5)
    assert not dash_duo.find_element(".controls-col").is_displayed()
    assert js(dash_duo, "document.fullscreenElement") is None
    click_municipality(dash_duo, "1822")
    until(lambda: "kommune=1822" in dash_duo.driver.current_url, timeout=10)
    assert "presentasjon=1" in dash_duo.driver.current_url  # a copied link still presents
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    until(lambda: not js(dash_duo, "document.body.classList.contains('presenting')"), timeout=5)
    assert "presentasjon" not in dash_duo.driver.current_url
    assert dash_duo.find_element(".controls-col").is_displayed()
    assert dash_duo.find_element("#present").get_attribute("aria-pressed") == "false"
    for path in ("/konstellasjoner?presentasjon=1", "/konstellasjoner?kommune=alle&presentasjon=1"):
        dash_duo.driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element("body.presenting", timeout=10)
    assert dash_duo.get_logs() == []


def test_kart018_presentation_button_and_layers_above_the_fold(dash_duo, app_data) -> None:
    """At a projector's 1280×720 and a laptop's 1366×768, «Presentasjon» and the region layers
    can be reached without scrolling."""
    start(dash_duo, app_data)
    for width, height in ((1280, 720), (1366, 768)):
        dash_duo.driver.set_window_size(width, height)
        inner = js(dash_duo, "[window.innerWidth, window.innerHeight]")
        dash_duo.driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
        until(lambda h=height: js(dash_duo, "window.innerHeight") == h, timeout=5)
        for selector in ("#present", f"#{ID.layers}"):
            bottom = js(dash_duo, f"document.querySelector('{selector}').getBoundingClientRect().bottom")
            assert bottom <= height, (selector, width, height, bottom)
