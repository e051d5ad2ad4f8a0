"""/kart at a projector's 1280 × 720 in headless Chromium: names on the map, region labels that
never overlap and read at ≥ 4.5:1, real clicks on the smallest island municipalities, and a
region chosen by a click in its area, kept in the link."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from kommunekart.figures.map import MAIN
from kommunekart.figures.maplabels import NAMES
from kommunekart.web.pages.kart import ID
from tests.browser import ALL_LAYERS, GD, TEXT_BOXES, click_municipality, js, start, wait_until_steady
from tests.helpers import contrast

pytestmark = pytest.mark.browser

def projector(dash_duo) -> None:
    """A 1280 × 720 viewport (the window's own bars come on top)."""
    driver = dash_duo.driver
    driver.set_window_size(1280, 720)
    extra = driver.execute_script("return window.outerHeight - window.innerHeight;") or 0
    driver.set_window_size(1280, 720 + extra)


def rgb_hex(css: str) -> str:
    parts = [int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    return "#" + "".join(f"{p:02x}" for p in parts)


def test_kart030_names_after_a_click(dash_duo, app_data) -> None:
    projector(dash_duo)
    start(dash_duo, app_data)
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    until(lambda: "<b>Alstahaug</b>" in js(dash_duo, f"{GD}.data[{NAMES}].text"), timeout=10)
    names = dict(zip(app_data.nordland, js(dash_duo, f"{GD}.data[{NAMES}].text"), strict=True))
    z = dict(zip(app_data.nordland, js(dash_duo, f"{GD}.data[{MAIN}].z"), strict=True))
    partners = [k for k, t in names.items() if t and k != "1820"]
    assert len(partners) >= 8 and all(z[k] > 0 for k in partners)
    drawn = [b[0] for b in js(dash_duo, TEXT_BOXES)]
    assert "Alstahaug" in drawn  # drawn in bold on the map
    bold = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.scattergeo text'))
        .filter(t => t.textContent === 'Alstahaug')
        .map(t => getComputedStyle(t.querySelector('tspan') || t).fontWeight)""")
    assert bold and int(bold[0]) >= 600
    assert dash_duo.get_logs() == []


def test_kart031_labels_never_overlap_and_read_at_4_5_to_1(dash_duo, app_data) -> None:
    projector(dash_duo)
    start(dash_duo, app_data, f"/kart?lag={ALL_LAYERS}")
    until(lambda: len(js(dash_duo, TEXT_BOXES)) >= 15, timeout=10)
    boxes = wait_until_steady(dash_duo, TEXT_BOXES, 10, "the map's labels never settled")
    assert len(boxes) >= 15, boxes  # names and every layer's region labels
    clash = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[:i]
             if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clash == [], (boxes, js(dash_duo, '[window.innerWidth, window.innerHeight]'))
    for text, *_box, fill in boxes:
        assert contrast(rgb_hex(fill), "#ffffff") >= 4.5, (text, fill)
    # the halo: every label's text carries a white shadow
    shadows = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.scattergeo text'))
        .filter(t => t.textContent.trim()).map(t => t.style.textShadow || '')""")
    assert len(shadows) >= len(boxes)  # every label measured above
    assert all("255, 255, 255" in s or "#fff" in s for s in shadows)
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("kommune", ["1835", "1856", "1857"])  # Træna, Røst, Værøy
def test_kart032_a_real_click_on_a_small_island_selects_it(dash_duo, app_data, kommune) -> None:
    projector(dash_duo)
    start(dash_duo, app_data)
    rect = js(dash_duo, f"""(function () {{
        var p = Array.from({GD}.querySelectorAll('.choroplethlayer > g')[{MAIN}]
            .querySelectorAll('.choroplethlocation')).filter(p => p.__data__.loc === '{kommune}')[0];
        var r = p.getBoundingClientRect(), m = document.getElementById('{ID.map}').getBoundingClientRect();
        return [r.left + r.width / 2 - m.left, r.top + r.height / 2 - m.top, r.width, r.height];
    }})()""")
    dx, dy, _w, _h = rect  # from the graph's top left corner (Selenium 4.2)
    graph = dash_duo.find_element(f"#{ID.map}")
    ActionChains(dash_duo.driver).move_to_element_with_offset(graph, int(dx), int(dy)).pause(0.4) \
        .click().perform()
    name = app_data.names[kommune]
    dash_duo.wait_for_text_to_equal("#panel-title", f"{name} ({kommune})", timeout=10)
    assert f"kommune={kommune}" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_kart033_a_click_in_a_region_chooses_it_and_the_link_keeps_it(dash_duo, app_data) -> None:
    projector(dash_duo)
    start(dash_duo, app_data, "/kart?lag=legevaktsentral")
    click_municipality(dash_duo, "1824")  # Vefsn: in Helgeland legevaktsentral's area
    dash_duo.wait_for_text_to_equal("#panel-title", "Helgeland legevaktsentral", timeout=10)
    first = dash_duo.find_elements(f"#{ID.panel} h2, #{ID.panel} h3")[0]
    assert first.text == "Helgeland legevaktsentral"
    until(lambda: "region=lvs-helgeland" in dash_duo.driver.current_url, timeout=10)
    z = dict(zip(app_data.nordland, js(dash_duo, f"{GD}.data[{MAIN}].z"), strict=True))
    assert z["1824"] == 1 and z["1820"] == 1 and z["1804"] == 0  # members lit
    url = dash_duo.driver.current_url
    dash_duo.driver.get(url)
    dash_duo.wait_for_element(f"#{ID.map} .js-plotly-plot .choroplethlocation", timeout=20)
    dash_duo.wait_for_text_to_equal("#panel-title", "Helgeland legevaktsentral", timeout=10)
    z = dict(zip(app_data.nordland, js(dash_duo, f"{GD}.data[{MAIN}].z"), strict=True))
    assert z["1824"] == 1 and z["1804"] == 0
    # a second click, inside the chosen region, chooses the municipality
    click_municipality(dash_duo, "1824")
    dash_duo.wait_for_text_to_equal("#panel-title", "Vefsn (1824)", timeout=10)
    until(lambda: "region=" not in dash_duo.driver.current_url, timeout=10)
    assert dash_duo.get_logs() == []
