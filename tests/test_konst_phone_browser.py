"""/konstellasjoner on a phone (390×844, 360×740) in headless Chromium: the page is never wider
than the screen (the 41 × 41 and membership matrices scroll in their own boxes), the arrangements
are cards (name, count and members, task area) instead of the desk's nine-column table, and a
tap on a card lights its members on the map and brings the map into view."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app
from kommunekart.web.pages.konstellasjoner import ID
from tests.browser import js, screen, violations

pytestmark = pytest.mark.browser

PHONES = [(390, 844), (360, 740)]
GD = f"document.querySelector('#{ID.map} .js-plotly-plot')"
HALD = {"1818", "1820", "1822", "1827"}  # Herøy, Alstahaug, Leirfjord, Dønna
WIDER = "document.documentElement.scrollWidth - window.innerWidth"


def open_phone(dash_duo, app_data, path: str, size: tuple[int, int], wait: str) -> None:
    dash_duo.start_server(create_app(app_data))
    screen(dash_duo, *size)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(wait, timeout=20)


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_konstphone001_cards_not_a_wide_table(dash_duo, app_data, size) -> None:
    open_phone(dash_duo, app_data, "/konstellasjoner?kommune=1820", size,
               f"#{ID.matrix} table.membership")
    assert js(dash_duo, WIDER) <= 0
    assert not dash_duo.find_element(f"#{ID.grid}").is_displayed()
    cards = js(dash_duo, f"""Array.from(document.querySelectorAll('#{ID.cards} .konst-card'))
        .map(c => [c.innerText, c.getBoundingClientRect().left, c.getBoundingClientRect().right])""")
    assert len(cards) == 34
    assert all(left >= 0 and right <= size[0] for _, left, right in cards)
    hald = next(text for text, _, _ in cards if text.startswith("HALD IKT"))
    assert "4 kommuner: Herøy, Alstahaug, Leirfjord, Dønna" in hald
    assert "IKT-samarbeid utenom Digitale Helgeland" in hald
    assert violations(dash_duo) == []  # axe-core: the cards are buttons with names
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_konstphone002_who_with_whom_scrolls_in_its_box(dash_duo, app_data, size) -> None:
    open_phone(dash_duo, app_data, "/konstellasjoner?kommune=alle", size, f"#{ID.pairs} table.pairs")
    assert js(dash_duo, WIDER) <= 0
    box = js(dash_duo, f"document.getElementById('{ID.pairs}').getBoundingClientRect().right")
    assert box <= size[0]
    assert dash_duo.get_logs() == []


def test_konstphone003_a_tap_on_a_card_lights_its_members(dash_duo, app_data) -> None:
    open_phone(dash_duo, app_data, "/konstellasjoner?kommune=1820", (390, 844),
               f"#{ID.matrix} table.membership")
    dash_duo.wait_for_element(f"#{ID.map} .choroplethlocation", timeout=20)
    card = dash_duo.find_element(f"#{ID.cards} [data-kk-value='hald-ikt']")
    card.click()
    until(lambda: "ordning=hald-ikt" in dash_duo.driver.current_url, timeout=10)

    def lit() -> set[str]:
        locations, z = js(dash_duo, f"[{GD}.data[{MAIN}].locations, {GD}.data[{MAIN}].z]")
        return {k for k, v in zip(locations, z, strict=True) if v > 0}

    until(lambda: lit() == HALD, timeout=10)
    assert card.get_attribute("aria-pressed") == "true"
    top, bottom = js(dash_duo, f"""(function () {{
        var r = document.getElementById('{ID.map}').getBoundingClientRect();
        return [r.top, r.bottom]; }})()""")
    assert top >= -1 and bottom <= 845  # the map is in view (to the pixel)
    assert js(dash_duo, WIDER) <= 0
    assert dash_duo.get_logs() == []
