"""What the back row of a meeting room sees of a view in presentation mode, measured in the
browser: whether the page scrolls, which grids hide rows behind a scroll bar, which texts are
under 20 px, which texts overlap, and what lies over a figure. Shared by the presenting tests of
every view (tests/test_present_views_browser.py) so each view is held to the same rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dash.testing.wait import until

from tests.browser import js, wait_until_steady

FLOOR_PX = 20

# One pass over the page; every list empty is a slide the audience can read:
#   page:     [scrollWidth, scrollHeight] when the page itself scrolls, else []
#   clipped:  boxes in the main content (a grid, a table, a matrix) that hide content behind a
#             scroll bar — the /kart panel's list of details may scroll, it is the desk's
#   small:    [text, px] of visible texts under the floor (the footer's credit line is small
#             by design)
#   overlaps: [text, text] of two visible texts drawn on top of each other
#   covering: [graph id, what covers it] where something outside a figure lies over it
#   texts:    how many texts were measured (a page that measured nothing passes nothing)
AUDIT = f"({(Path(__file__).parent / 'presenting.js').read_text(encoding='utf-8')})({FLOOR_PX})"

IDLE = "!document.querySelector('[data-dash-is-loading=\"true\"]')"


def audit(dash_duo, timeout: float = 20) -> dict[str, Any]:
    """The AUDIT of the page once Dash is idle and every figure has settled at its size."""
    until(lambda: js(dash_duo, IDLE), timeout=timeout)
    return wait_until_steady(dash_duo, AUDIT, timeout, "the view never settled", polls=3,
                             interval=0.3)


# What a figure looks like, to compare before entering presentation and after leaving it.
FIGURES = """Array.from(document.querySelectorAll('.js-plotly-plot')).map(function (gd) {
    var bar = gd.querySelector('.colorbar .cbbg'), r = bar && bar.getBoundingClientRect();
    return [(gd.closest('[id]') || gd).id, gd.clientWidth, gd.clientHeight,
            JSON.stringify(gd.layout), JSON.stringify(gd.data.map(t => t.colorbar || null)),
            r ? [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)] : null];
})"""
