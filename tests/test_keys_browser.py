"""The map's keys and labels in headless Chromium at a projector's 1280 × 720 and at 1920 × 1080:
leaving presentation leaves no trace of the two panels' colour bar, the important names are on
the map, the presenting colour bar keeps «valgt», and the tile map's names and marks."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from tests.browser import click_municipality, js, start
from tests.keys_browser import COLOUR_BAR, PATH_BOX, centre, geometry, inside, presenting, screen, steady

pytestmark = pytest.mark.browser
SIZES = [(1280, 720), (1920, 1080)]


def enter_and_leave(dash_duo, leave: str) -> dict:
    """Enter presentation by its button, wait for the two panels, leave by `leave` ("button"
    or "esc") and return the presenting colour bar as it was drawn."""
    dash_duo.find_element("#present").click()
    until(lambda: geometry(dash_duo) == "delt", timeout=10)
    shown = steady(dash_duo, COLOUR_BAR)
    if leave == "esc":
        dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    else:
        dash_duo.find_element("#present-exit").click()
    until(lambda: not presenting(dash_duo) and geometry(dash_duo) == "kart", timeout=10)
    return shown


@pytest.mark.parametrize("size", SIZES)
def test_keys001_leaving_presentation_leaves_no_trace(dash_duo, app_data, size) -> None:
    """The colour bar, the figure's size and the layout after leaving (by the exit button, and
    by Esc with Alstahaug chosen) are exactly as before entering; no tick or title of the two
    panels' horizontal bar is left inside it, and the bar does not cover Alstahaug."""
    start(dash_duo, app_data)
    screen(dash_duo, *size)
    for leave, chosen in (("button", None), ("esc", "1820")):
        if chosen:
            click_municipality(dash_duo, chosen)
            until(lambda k=chosen: f"kommune={k}" in dash_duo.driver.current_url, timeout=10)
        before = steady(dash_duo, COLOUR_BAR)
        shown = enter_and_leave(dash_duo, leave)
        assert shown["full"][4] == "h" and shown["box"] != before["box"]  # it did change
        after = steady(dash_duo, COLOUR_BAR)
        assert after == before, (leave, before, after)
        assert len(after["texts"]) == len(set(map(tuple, after["texts"])))  # nothing twice
        alstahaug = centre(js(dash_duo, f"{PATH_BOX}('1820')"))
        assert not inside(alstahaug, after["box"]), (alstahaug, after["box"])
    assert dash_duo.get_logs() == []
