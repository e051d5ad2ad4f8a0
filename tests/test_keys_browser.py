"""The map's keys and labels in headless Chromium at a projector's 1280 × 720 and at 1920 × 1080:
leaving presentation leaves no trace of the two panels' colour bar, the important names are on
the map, the presenting colour bar keeps «valgt», and the tile map's names and marks."""

from __future__ import annotations

import json

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from kommunekart.web.pages.kart import ID
from tests.browser import click_municipality, js, screen, start
from tests.keys_browser import (
    BAR_TICKS,
    COLOUR_BAR,
    LEADERS,
    LEGEND,
    NAMES,
    PATH_BOX,
    TILE_NAMES,
    centre,
    geometry,
    inside,
    presenting,
    steady,
)

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


@pytest.mark.parametrize("mode", ["", "?presentasjon=1"])
def test_keys002_the_county_seat_and_the_five_highest_are_named(dash_duo, app_data, mode) -> None:
    """/kart's overview at 1280 × 720, normal and presenting: Bodø and the five the panel calls
    highest are on the map, no two names overlap, and every leader line starts on a name's
    municipality; with Alstahaug chosen, Alstahaug is named (bold)."""
    start(dash_duo, app_data, f"/kart{mode}")
    screen(dash_duo, 1280, 720)
    until(lambda: geometry(dash_duo) == ("delt" if mode else "kart"), timeout=10)
    names = steady(dash_duo, NAMES)
    highest = dash_duo.find_element(f"#{ID.panel}").text.split("Høyest: ")[1].split(".")[0]
    wanted = {"Bodø", *(part.rsplit(" (", 1)[0] for part in highest.split(", "))}
    assert len(wanted) == 6, highest
    drawn = [n[0] for n in names]
    assert wanted <= set(drawn), (wanted - set(drawn), drawn)
    clash = [(a[0], b[0]) for i, a in enumerate(names) for b in names[:i]
             if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clash == [], names
    assert js(dash_duo, LEADERS) >= 1  # the island names crowd each other: one stands beside
    click_municipality(dash_duo, "1820")
    until(lambda: "Alstahaug" in [n[0] for n in js(dash_duo, NAMES)], timeout=10)
    assert geometry(dash_duo) == ("delt" if mode else "kart")
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("size", SIZES)
def test_keys003_the_presenting_colour_bar_keeps_valgt(dash_duo, app_data, size) -> None:
    """With Alstahaug chosen the two panels' colour bar names the same ticks as the normal one
    (0, the middle count and «valgt» for the chosen colour), every one shown, at 20 px or more,
    inside the bar's box and clear of each other."""
    start(dash_duo, app_data, "/kart?kommune=1820")
    screen(dash_duo, *size)
    normal, _ = steady(dash_duo, BAR_TICKS)
    assert [t[0] for t in normal if t[6]] == ["0", "16", "valgt"]  # the figure's ticks
    dash_duo.find_element("#present").click()
    until(lambda: geometry(dash_duo) == "delt", timeout=10)
    ticks, box = steady(dash_duo, BAR_TICKS)
    assert [t[0] for t in ticks if t[6]] == [t[0] for t in normal if t[6]], ticks
    for text, x0, y0, x1, y1, px, _ in ticks:
        assert px >= 20, (text, px)
        assert box[0] <= x0 and x1 <= box[2] and box[1] <= y0 and y1 <= box[3], (text, box)
    clash = [(a[0], b[0]) for i, a in enumerate(ticks) for b in ticks[:i]
             if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clash == [], ticks
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("mode", ["", "&presentasjon=1"])
def test_keys004_tile_names_whole_where_they_fit_and_the_marks_in_the_legend(dash_duo, app_data,
                                                                             mode) -> None:
    """The tile map at 1280 × 720, normal and presenting: a name is shortened only where the
    whole name (measured by the browser, in the tile's own font) would not fit its tile, and
    what is drawn fits; with region layers drawn, the legend says what the diamonds are."""
    start(dash_duo, app_data, f"/kart?visning=ruter&lag=barnevernvakt,regionraad{mode}")
    screen(dash_duo, 1280, 720)
    until(lambda: js(dash_duo, "document.querySelector('.legend .legendtitletext') !== null"),
          timeout=10)
    full = {k: app_data.names[k] for k in app_data.nordland}
    tiles = steady(dash_duo, f"{TILE_NAMES}({json.dumps(full)})")
    assert len(tiles) == 41
    whole = [t for t in tiles if t[1] == full[t[0]]]
    for kommune, shown, width, full_width, tile in tiles:
        assert width <= tile + 1, (shown, width, tile)  # what is drawn fits its tile
        if full_width <= tile - 1:  # the whole name fits (with a pixel to spare): it is whole
            assert shown == full[kommune], (shown, full_width, tile)
    assert {"Narvik", "Bindal", "Beiarn"} <= {t[1] for t in whole}  # shortened before
    title, entries, marks = steady(dash_duo, LEGEND)
    assert title and title.startswith("◆") and "region" in title, title
    assert entries == ["Barnevernvakter", "Regionråd"]
    assert [m[0] for m in marks] == ["diamond", "diamond"] and all(m[1] > 0 and m[2] for m in marks)
    assert dash_duo.get_logs() == []
