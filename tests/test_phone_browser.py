"""Phones, in headless Chromium emulating a 390 × 844 phone (and a 360 × 740 one for the width):
no view is wider than the screen, /kart opens on its map under a compact header and control bar,
choosing a municipality (search or a tap on the map) brings its panel into view, a presenting or
story link shows the normal phone view, a wide table reads as cards, and axe-core finds nothing
serious at that size."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from kommunekart.views.registry import VIEWS
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import (
    GD,
    TEXT_BOXES,
    click_municipality,
    js,
    violations,
    wait_for_map,
    wait_until,
    wait_until_steady,
)

pytestmark = pytest.mark.browser

PHONE, SMALL_PHONE = (390, 844), (360, 740)
# Every view in the nav, and the who-with-whom matrix, each with every «Vis som tabell» open.
PATHS = [*(v.path for v in VIEWS.nav()), "/konstellasjoner?kommune=alle"]
WIDTH = """[document.documentElement.scrollWidth, window.innerWidth,
            Array.from(document.querySelectorAll('details')).every(d => d.open)]"""
# The part of an element's box inside the viewport, in px²: [top, visible area, width].
ON_SCREEN = """(function (el) {
    var r = el.getBoundingClientRect(), W = window.innerWidth, H = window.innerHeight;
    var w = Math.max(0, Math.min(r.right, W) - Math.max(r.left, 0));
    var h = Math.max(0, Math.min(r.bottom, H) - Math.max(r.top, 0));
    return [r.top, w * h, r.width];
})"""
# The panel's title in view, in the upper quarter of the screen (the panel read from its top).
PANEL_ON_TOP = """(function (el) {
    var r = el && el.getBoundingClientRect();
    return !!r && r.top >= 0 && r.top <= window.innerHeight / 4 && r.left >= 0 &&
        r.right <= window.innerWidth;
})(document.getElementById('panel-title'))"""
PANEL_TOP = "document.getElementById('panel-title').getBoundingClientRect().top"


def phone(dash_duo, size: tuple[int, int]) -> None:
    """Emulate a phone: a mobile viewport of that many CSS px (the viewport meta applies)."""
    width, height = size
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})


def open_on_phone(dash_duo, app_data, path: str, size: tuple[int, int] = PHONE) -> None:
    dash_duo.start_server(create_app(app_data))
    phone(dash_duo, size)
    dash_duo.driver.get(dash_duo.server_url + path)
    wait_for_map(dash_duo)


def settled(dash_duo, path: str) -> None:
    """Open `path` and wait until Dash is idle and every graph is drawn at its box's size."""
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(".app-main > * > *", timeout=20)
    wait_until_steady(dash_duo, "!document.querySelector('[data-dash-is-loading=\"true\"]') && "
                      "document.documentElement.scrollHeight", timeout=30,
                      message=f"{path} never settled")


def test_phone001_no_view_is_wider_than_a_phone(dash_duo, app_data) -> None:
    """Every view, its tables open, at 390 and at 360 px: nothing wider than the screen (a page
    that is, a phone zooms out until words stand one per line)."""
    dash_duo.start_server(create_app(app_data))
    wide = {}
    for size in (PHONE, SMALL_PHONE):
        phone(dash_duo, size)
        for path in PATHS:
            settled(dash_duo, path)
            js(dash_duo, "document.querySelectorAll('details').forEach(d => { d.open = true; })")
            scroll, inner, opened = wait_until_steady(dash_duo, WIDTH, timeout=20,
                                                      message=f"{path} never settled")
            assert opened
            if scroll > size[0] or inner != size[0]:
                wide[f"{path} at {size[0]} px"] = (scroll, inner)
    assert wide == {}, wide
    assert dash_duo.get_logs() == []


def test_phone002_kart_opens_on_its_map(dash_duo, app_data) -> None:
    """/kart at 390 × 844: the map's top in the upper third of the first screen, the map at least
    40 % of that screen; only the search and «Filtre» above it until «Filtre» opens the rest
    (by keyboard too); the panel directly under the map."""
    open_on_phone(dash_duo, app_data, "/kart")
    top, area, width = wait_until_steady(dash_duo, f"{ON_SCREEN}({GD})", timeout=20,
                                         message="the map never settled")
    assert top < PHONE[1] / 3, top
    assert area >= 0.4 * PHONE[0] * PHONE[1], (area, area / (PHONE[0] * PHONE[1]))
    assert width >= PHONE[0] - 40, width
    task = dash_duo.find_element(f"#{ID.task}")
    toggle = dash_duo.find_element(f"#{ID.filters}")
    assert toggle.text == "Filtre" and toggle.get_attribute("aria-expanded") == "false"
    assert dash_duo.find_element(f"#{ID.kommune}").is_displayed() and not task.is_displayed()
    search, button = (js(dash_duo, f"document.getElementById('{i}').getBoundingClientRect()")
                      for i in (ID.kommune, ID.filters))
    assert search["top"] <= button["top"] < search["bottom"], (search, button)  # one row
    toggle.send_keys(Keys.ENTER)  # a real button: Tab reaches it, Enter opens
    wait_until(lambda: task.is_displayed(), 5, "«Filtre» never showed the task areas")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.send_keys(Keys.SPACE)
    wait_until(lambda: not task.is_displayed(), 5, "«Filtre» never closed again")
    below = js(dash_duo, f"[{GD}.getBoundingClientRect().bottom, "
                         f"document.getElementById('{ID.panel}').getBoundingClientRect().top]")
    assert 0 <= below[1] - below[0] <= 20, below  # the panel follows the map
    assert js(dash_duo, f"getComputedStyle(document.getElementById('{ID.panel}')).overflowY") == "visible"
    assert dash_duo.get_logs() == []


def test_phone003_the_search_brings_the_panel_into_view(dash_duo, app_data) -> None:
    """Typing a name in the search and taking the suggestion scrolls to the municipality's panel."""
    open_on_phone(dash_duo, app_data, "/kart")
    assert js(dash_duo, PANEL_TOP) > PHONE[1] / 2  # under the map
    dash_duo.find_element(f"#{ID.kommune}").click()
    search = dash_duo.wait_for_element(".dash-dropdown-search", timeout=5)
    search.send_keys("Alsta")
    option = dash_duo.wait_for_element(".dash-dropdown-option", timeout=5)
    assert option.text == "Alstahaug"
    option.click()
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    wait_until(lambda: js(dash_duo, PANEL_ON_TOP), 5, "the panel never came into view")
    assert dash_duo.get_logs() == []


def test_phone004_a_tap_on_the_map_brings_the_panel_into_view(dash_duo, app_data) -> None:
    """A municipality tapped on the map: its panel in view. A link that names one opens on the
    map, not scrolled to the panel."""
    open_on_phone(dash_duo, app_data, "/kart?kommune=1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    wait_until_steady(dash_duo, "window.scrollY", timeout=10, message="the page kept moving")
    assert js(dash_duo, "window.scrollY") == 0 and js(dash_duo, PANEL_TOP) > PHONE[1] / 2
    click_municipality(dash_duo, "1804")
    dash_duo.wait_for_text_to_equal("#panel-title", "Bodø (1804)", timeout=10)
    wait_until(lambda: js(dash_duo, PANEL_ON_TOP), 5, "the panel never came into view")
    assert dash_duo.get_logs() == []


def test_phone005_a_presenting_link_shows_the_phone_view(dash_duo, app_data) -> None:
    """`?presentasjon=1` on a phone: not presenting, the one map (not the projector's two panels),
    the address without the mode, the page no wider than the screen and the panel as wide as it."""
    open_on_phone(dash_duo, app_data, "/kart?kommune=1820&presentasjon=1")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    assert not js(dash_duo, "document.body.classList.contains('presenting')")
    assert js(dash_duo, f"Object.keys({GD}._fullLayout).filter(k => /^geo\\d*$/.test(k))") == ["geo"]
    query = parse_qs(urlsplit(dash_duo.driver.current_url).query)
    assert query == {"kommune": ["1820"]}, query
    scroll, inner, _ = wait_until_steady(dash_duo, WIDTH, timeout=10, message="never settled")
    assert scroll <= PHONE[0] and inner == PHONE[0], (scroll, inner)
    assert js(dash_duo, f"document.getElementById('{ID.panel}').getBoundingClientRect().width") \
        >= PHONE[0] - 40
    assert not dash_duo.find_element("#present").is_displayed()
    assert dash_duo.get_logs() == []


def test_phone006_a_story_link_steps_in_the_phone_view(dash_duo, app_data) -> None:
    """The deck's story opened on a phone at step 2: its bar (‹ 2 / 7 ›) under the nav, the view
    not presenting; › takes the next step, still the phone view, the story kept in the link."""
    open_on_phone(dash_duo, app_data, "/kart?fortelling=standard&steg=2&presentasjon=1")
    bar = dash_duo.wait_for_element("#story-bar .story-count", timeout=10)
    count = bar.text
    assert bar.is_displayed() and count.startswith("2 / "), count
    dash_duo.find_element("#story-next").click()
    dash_duo.wait_for_text_to_equal("#story-bar .story-count", count.replace("2 /", "3 /"),
                                    timeout=10)
    wait_until(lambda: "steg=3" in dash_duo.driver.current_url, 10, "the link never said step 3")
    query = parse_qs(urlsplit(dash_duo.driver.current_url).query)
    assert "presentasjon" not in query and query["fortelling"] == ["standard"], query
    assert not js(dash_duo, "document.body.classList.contains('presenting')")
    scroll, inner, _ = wait_until_steady(dash_duo, WIDTH, timeout=20, message="never settled")
    assert scroll <= PHONE[0] and inner == PHONE[0], (scroll, inner)
    assert dash_duo.get_logs() == []


def test_phone007_axe_finds_nothing_serious_on_a_phone(dash_duo, app_data) -> None:
    """axe-core at 390 × 844 on every view, /kart and /scenarier with their controls closed and
    open."""
    dash_duo.start_server(create_app(app_data))
    phone(dash_duo, PHONE)
    found = {}
    for path in PATHS:
        settled(dash_duo, path)
        found[path] = violations(dash_duo)
        toggles = dash_duo.driver.find_elements(By.CSS_SELECTOR, ".filters-toggle")
        if toggles:
            toggles[0].click()
            wait_until(lambda t=toggles[0]: t.get_attribute("aria-expanded") == "true", 5,
                       f"{path}: the toggle never opened")
            found[f"{path}, controls open"] = violations(dash_duo)
    assert {k: v for k, v in found.items() if v} == {}


def test_phone008_a_wide_table_is_read_as_cards(dash_duo, app_data) -> None:
    """/oppgaver's table at 390 px: a card per task area, each value under its column's heading
    (the header row itself not shown), every card within the screen."""
    dash_duo.start_server(create_app(app_data))
    phone(dash_duo, PHONE)
    settled(dash_duo, "/oppgaver")
    js(dash_duo, "document.querySelectorAll('details').forEach(d => { d.open = true; })")
    cards = """(function () {
        var t = document.querySelector('.task-table'), heads = Array.from(t.tHead.rows[0].cells);
        var row = t.tBodies[0].querySelector('tr:not(.group-heading)');
        return [getComputedStyle(t.tHead).display, heads.map(c => c.textContent),
                Array.from(row.cells).map(c => JSON.parse(getComputedStyle(c, '::before').content)),
                Math.max(...Array.from(t.tBodies[0].rows).map(r => r.getBoundingClientRect().right))];
    })()"""
    hidden, heads, labels, right = wait_until_steady(dash_duo, cards, timeout=10,
                                                     message="the cards never settled")
    assert hidden == "none" and len(heads) >= 5
    assert labels == heads
    assert right <= PHONE[0]


@pytest.mark.parametrize("path", ["/kart", "/kart?kommune=1820"])
def test_phone009_the_map_names_stand_clear_of_each_other(dash_duo, app_data, path) -> None:
    """The names are placed for a desk's map; a phone draws Nordland smaller, so it draws them
    smaller too (assets/phone.css), and no two overlap."""
    open_on_phone(dash_duo, app_data, path)
    boxes = wait_until_steady(dash_duo, TEXT_BOXES, timeout=20, message="the map never settled")
    assert len(boxes) >= 15, boxes
    clash = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[:i]
             if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1]
    assert clash == []
