"""Every view is a slide: opened presenting at a projector's 1280×720 and at 1920×1080, what the
audience needs fills the screen without scrolling, no text is under 20 px, no two texts overlap
and nothing lies over a figure (tests/presenting.py measures it). Leaving presentation leaves no
trace: the figures come back at the size and with the keys they had before."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from kommunekart.web.app import create_app
from tests.browser import js, screen
from tests.presenting import FIGURES, audit

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1920, 1080)]
# Each view as the meeting sees it: its plain link and the links the deck's story opens.
VIEWS = [
    "/kart",
    "/kart?kommune=1820",
    "/kart?lag=legevaktsentral",
    "/kart?visning=ruter&kommune=1820",
    "/konstellasjoner?kommune=1820",
    "/konstellasjoner?kommune=alle",
    "/utvikling",
    "/oppgaver",
    "/scenarier",
    "/fortelling",
]


def open_presenting(dash_duo, app_data, path: str, size: tuple[int, int]) -> None:
    dash_duo.start_server(create_app(app_data))
    screen(dash_duo, *size)
    dash_duo.driver.get(f"{dash_duo.server_url}{path}{'&' if '?' in path else '?'}presentasjon=1")
    until(lambda: js(dash_duo, "document.body.classList.contains('presenting')"), timeout=10)
    dash_duo.wait_for_element(".app-main h2, .app-main .js-plotly-plot", timeout=20)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", VIEWS)
def test_presviews001_every_view_is_a_slide(dash_duo, app_data, path, size) -> None:
    open_presenting(dash_duo, app_data, path, size)
    found = audit(dash_duo)
    assert found["texts"] >= 10, found  # it measured a page, not an empty one
    problems = {k: v for k, v in found.items() if k != "texts" and v}
    assert problems == {}, f"{path} at {size}: {problems}"
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("path", ["/kart?kommune=1820", "/konstellasjoner?kommune=1820",
                                  "/utvikling", "/oppgaver", "/scenarier"])
def test_presviews002_leaving_presentation_leaves_no_trace(dash_duo, app_data, path) -> None:
    """Entered by the button and left by Esc: every figure as it was before, colour bar too."""
    dash_duo.start_server(create_app(app_data))
    screen(dash_duo, 1280, 720)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(".app-main .js-plotly-plot", timeout=20)
    audit(dash_duo)
    before = js(dash_duo, FIGURES)
    assert before, "no figure on the view"
    dash_duo.find_element("#present").click()
    until(lambda: js(dash_duo, "document.body.classList.contains('presenting')"), timeout=10)
    audit(dash_duo)
    dash_duo.find_element("body").send_keys("\ue00c")  # Esc
    until(lambda: not js(dash_duo, "document.body.classList.contains('presenting')"), timeout=10)
    audit(dash_duo)
    assert js(dash_duo, FIGURES) == before
