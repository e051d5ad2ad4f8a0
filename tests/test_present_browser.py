"""Presentation mode on /kart as the back row sees it, in headless Chromium: the map in two panels
fills at least 35 % of a 1280 × 720 and a 1920 × 1080 screen, nothing the audience reads is under
20 px, no label overlaps another or the keys with every layer on, the smallest islands take a
real click, and leaving gives the one tall map back."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from kommunekart.figures.map import MAIN
from kommunekart.web.pages.kart import ID
from tests.browser import ALL_LAYERS, GD, TEXT_BOXES, js, screen, start, wait_for_map, wait_until_steady

pytestmark = pytest.mark.browser

# The box of Nordland's 41 drawn paths (the grey context left out), in viewport px.
NORDLAND_BOX = f"""(function () {{
    var gd = {GD}, mine = new Set(gd.data[{MAIN}].locations);
    var paths = Array.from(gd.querySelectorAll('.choroplethlocation'))
        .filter(p => mine.has(p.__data__.loc));  // the grey context has other numbers
    var r = paths.map(p => p.getBoundingClientRect()).filter(b => b.width > 0);
    return [Math.min(...r.map(b => b.left)), Math.min(...r.map(b => b.top)),
            Math.max(...r.map(b => b.right)), Math.max(...r.map(b => b.bottom))];
}})()"""
CENTRE = f"""(function (k) {{
    var p = Array.from({GD}.querySelectorAll('.choroplethlocation'))
        .filter(p => p.__data__.loc === k)[0];  // the grey context has other numbers
    var r = p.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
}})"""
# Every text on screen with its rendered size: HTML text nodes and the map's SVG text, leaving
# out the footer's credit line (small by design) and what is hidden or scrolled out of view.
TEXT_SIZES = """(function () {
    var out = [], H = window.innerHeight, W = window.innerWidth;
    function visible(el, r) {
        var s = getComputedStyle(el);
        return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 &&
            r.bottom > 0 && r.top < H && r.right > 0 && r.left < W && !el.closest('.credits');
    }
    var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.textContent.trim()) { continue; }
        var el = n.parentElement;
        if (!el || el.closest('svg') && !el.closest('text')) { continue; }
        var t = el.closest('text') || el, r = t.getBoundingClientRect();
        if (visible(t, r)) {
            out.push([n.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(t).fontSize)]);
        }
    }
    return out;
})()"""


def share_of_screen(dash_duo) -> float:
    x0, y0, x1, y1 = js(dash_duo, NORDLAND_BOX)
    width, height = js(dash_duo, "[window.innerWidth, window.innerHeight]")
    return (x1 - x0) * (y1 - y0) / (width * height)


def settled(dash_duo, expr: str = NORDLAND_BOX, timeout: float = 10):
    """`expr` once the map is redrawn and refitted after the mode switch or resize."""
    return wait_until_steady(dash_duo, expr, timeout, "the page never settled after the mode switch")


def geometry(dash_duo) -> str:
    return js(dash_duo, f"({GD}.layout.geo.lonaxis || {{}}).range ? 'delt' : 'kart'")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_present001_the_map_in_two_panels_fills_35_percent(dash_duo, app_data, size) -> None:
    """Entering by the button redraws the map in two panels (Narvik beside Bindal, north up);
    its 41 municipalities cover ≥ 35 % of the screen; leaving gives the one map back."""
    start(dash_duo, app_data)
    screen(dash_duo, *size)
    normal = share_of_screen(dash_duo)
    assert geometry(dash_duo) == "kart"
    dash_duo.find_element("#present").click()
    until(lambda: geometry(dash_duo) == "delt", timeout=10)
    settled(dash_duo)  # the resize after the mode switch
    share = share_of_screen(dash_duo)
    assert share >= 0.35, (share, normal)
    narvik, bindal, bodo = (js(dash_duo, f"{CENTRE}('{k}')") for k in ("1806", "1811", "1804"))
    assert narvik[0] > bodo[0] + 100 and narvik[1] < bindal[1]  # the north panel at top right
    dash_duo.find_element("#present-exit").click()
    until(lambda: geometry(dash_duo) == "kart", timeout=10)
    narvik, bodo = (js(dash_duo, f"{CENTRE}('{k}')") for k in ("1806", "1804"))
    assert narvik[1] < bodo[1]  # as it lies: Narvik north of Bodø
    assert dash_duo.get_logs() == []


def test_present002_nothing_the_audience_reads_is_under_20_px(dash_duo, app_data) -> None:
    start(dash_duo, app_data, f"/kart?lag={ALL_LAYERS}&kommune=1820&presentasjon=1")
    screen(dash_duo, 1280, 720)
    until(lambda: geometry(dash_duo) == "delt", timeout=10)
    sizes = settled(dash_duo, TEXT_SIZES)
    assert len(sizes) > 40  # names, labels, legend, colour bar, panel, header
    small = [(text, px) for text, px in sizes if px < 20]
    assert small == []
    assert dash_duo.find_element(".credits").is_displayed()  # the credits stay, small
    bar = "document.querySelector('.modebar-container')"
    assert not js(dash_duo, f"!!{bar} && getComputedStyle({bar}).display !== 'none'")
    assert dash_duo.get_logs() == []


def test_present003_no_label_overlaps_another_or_the_keys(dash_duo, app_data) -> None:
    start(dash_duo, app_data, f"/kart?lag={ALL_LAYERS}&presentasjon=1")
    screen(dash_duo, 1280, 720)
    until(lambda: geometry(dash_duo) == "delt" and len(js(dash_duo, TEXT_BOXES)) >= 15, timeout=10)
    boxes = settled(dash_duo, TEXT_BOXES)
    assert len(boxes) >= 15, boxes  # names and every layer's region labels
    keys = js(dash_duo, f"""['.legend .bg', '.colorbar .cbbg'].map(s => {{
        var r = {GD}.querySelector(s).getBoundingClientRect();
        return [s, r.left, r.top, r.right, r.bottom]; }})""")
    assert all(k[3] > k[1] and k[4] > k[2] for k in keys), keys  # both keys drawn, not empty boxes
    clash = [(a[0], b[0]) for i, a in enumerate(boxes) for b in [*boxes[:i], *keys]
             if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clash == [], boxes
    labels = {b[0] for b in boxes}
    assert {"Helgelandsrådet", "Salten Regionråd", "Lofotrådet"} <= labels
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("kommune", ["1835", "1856", "1857"])  # Træna, Røst, Værøy
def test_present004_a_real_click_on_a_small_island(dash_duo, app_data, kommune) -> None:
    start(dash_duo, app_data, "/kart?presentasjon=1")
    screen(dash_duo, 1280, 720)
    until(lambda: geometry(dash_duo) == "delt", timeout=10)
    x, y = settled(dash_duo, f"{CENTRE}('{kommune}')")
    graph = dash_duo.find_element(f"#{ID.map}")
    left, top = js(dash_duo, f"(function(r){{return [r.left, r.top];}})"
                             f"(document.getElementById('{ID.map}').getBoundingClientRect())")
    ActionChains(dash_duo.driver).move_to_element_with_offset(
        graph, int(x - left), int(y - top)).pause(0.4).click().perform()
    name = app_data.names[kommune]
    dash_duo.wait_for_text_to_equal("#panel-title", f"{name} ({kommune})", timeout=10)
    assert f"kommune={kommune}" in dash_duo.driver.current_url
    assert geometry(dash_duo) == "delt"  # the click answered with a Patch on the same map
    wait_for_map(dash_duo)
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("path", ["/kart?visning=ruter&lag=barnevernvakt", "/konstellasjoner",
                                  "/konstellasjoner?kommune=alle", "/utvikling", "/oppgaver"])
def test_present005_every_view_reads_at_20_px(dash_duo, app_data, path) -> None:
    start(dash_duo, app_data)
    screen(dash_duo, 1280, 720)
    mark = "&" if "?" in path else "?"
    dash_duo.driver.get(f"{dash_duo.server_url}{path}{mark}presentasjon=1")
    dash_duo.wait_for_element("body.presenting .app-main h2", timeout=20)
    sizes = settled(dash_duo, TEXT_SIZES, timeout=20)
    assert len(sizes) >= 10, sizes  # the header, the page's texts and its chart's or map's
    small = [(text, px) for text, px in sizes if px < 20]
    assert small == [], "\n".join(f"{t!r} {p}" for t, p in small)


def test_present006_the_tile_map_presents_in_two_panels(dash_duo, app_data) -> None:
    """The tile map in presentation mode: two panels, ≥ 35 % of the screen, every name at 20 px
    inside its own tile, and a click on Røst's tile chooses Røst."""
    start(dash_duo, app_data, "/kart?visning=ruter&presentasjon=1")
    screen(dash_duo, 1280, 720)
    until(lambda: js(dash_duo, f"{GD}.layout.uirevision") == "ruter" and
          js(dash_duo, f"{GD}.layout.geo.domain.x[0]") == 0, timeout=10)
    settled(dash_duo)
    assert share_of_screen(dash_duo) >= 0.35
    names = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.scattergeo text'))
        .filter(t => t.textContent.trim()).map(t => {{ var r = t.getBoundingClientRect();
            return [t.textContent, r.left, r.top, r.right, r.bottom,
                    parseFloat(getComputedStyle(t).fontSize)]; }})""")
    tiles = {k: js(dash_duo, f"""(function (k) {{ var p = Array.from({GD}.querySelectorAll(
        '.choroplethlocation')).filter(p => p.__data__.loc === k)[0].getBoundingClientRect();
        return [p.left, p.top, p.right, p.bottom]; }})('{k}')""") for k in app_data.nordland}
    assert len(names) == 41
    for text, x0, y0, x1, y1, px in names:
        assert px >= 20, text
        assert any(t[0] <= x0 and x1 <= t[2] and t[1] <= y0 and y1 <= t[3]
                   for t in tiles.values()), text
    x, y = js(dash_duo, f"{CENTRE}('1856')")
    left, top = js(dash_duo, f"(function(r){{return [r.left, r.top];}})"
                             f"(document.getElementById('{ID.map}').getBoundingClientRect())")
    ActionChains(dash_duo.driver).move_to_element_with_offset(
        dash_duo.find_element(f"#{ID.map}"), int(x - left), int(y - top)).pause(0.4).click().perform()
    dash_duo.wait_for_text_to_equal("#panel-title", "Røst (1856)", timeout=10)
    assert dash_duo.get_logs() == []
