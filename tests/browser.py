"""Helpers the browser tests share: start /kart and wait for its map, run JavaScript, click a
municipality through Plotly's own event, and wait for a condition (never a fixed sleep).

Clicks on polygons go through Plotly's own event (`gd.emit('plotly_click', …)`): WebDriver clicks
on SVG paths are fragile, and the event is exactly what Plotly sends on a real click."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dash.testing.wait import until

from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID

GD = f"document.querySelector('#{ID.map} .js-plotly-plot')"
ALL_LAYERS = "legevaktsentral,barnevernvakt,regionraad,kommuneregion_forslag,delregion"
# Every label drawn on the map: [text, left, top, right, bottom, fill].
TEXT_BOXES = f"""Array.from({GD}.querySelectorAll('.scattergeo text'))
    .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none')
    .map(t => {{ var r = t.getBoundingClientRect();
                 return [t.textContent, r.left, r.top, r.right, r.bottom, getComputedStyle(t).fill]; }})"""
# Whether every Plotly graph on the page is drawn, at the size of its box (true once Plotly has
# answered the last resize); a graph hidden (a slide not shown while presenting) has no box.
FITTED = """Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter(gd => gd.getClientRects().length).every(gd =>
    gd._fullLayout && gd.clientWidth > 0 &&
    Math.abs(gd._fullLayout.width - gd.clientWidth) <= 1 &&
    Math.abs(gd._fullLayout.height - gd.clientHeight) <= 1)"""


def start(dash_duo, app_data, path: str = "/kart") -> None:
    dash_duo.start_server(create_app(app_data))
    if path != "/kart":
        dash_duo.driver.get(dash_duo.server_url + path)
    wait_for_map(dash_duo)


def wait_for_map(dash_duo) -> None:
    dash_duo.wait_for_element(f"#{ID.map} .js-plotly-plot .choroplethlocation", timeout=20)
    dash_duo.wait_for_element(f"#{ID.panel} h2", timeout=10)


def js(dash_duo, expr: str):
    return dash_duo.driver.execute_script(f"return {expr};")


def click_municipality(dash_duo, kommunenummer: str, graph: str = f"#{ID.map}") -> None:
    dash_duo.driver.execute_script(
        f"var gd = document.querySelector('{graph} .js-plotly-plot');"
        f"var i = gd.data[{MAIN}].locations.indexOf(arguments[0]);"
        f"gd.emit('plotly_click', {{points: [{{curveNumber: {MAIN}, pointNumber: i, pointIndex: i,"
        " location: arguments[0], z: gd.data[1].z[i]}], event: {}});", kommunenummer)


def z_of(dash_duo) -> dict[str, int]:
    locations, z = js(dash_duo, f"[{GD}.data[{MAIN}].locations, {GD}.data[{MAIN}].z]")
    return dict(zip(locations, z, strict=True))


def screen(dash_duo, width: int, height: int) -> None:
    """A viewport of width × height (the window's own bars come on top)."""
    driver = dash_duo.driver
    driver.set_window_size(width, height)
    inner = js(dash_duo, "[window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
    until(lambda: js(dash_duo, "[window.innerWidth, window.innerHeight]") == [width, height],
          timeout=5)


def wait_until(condition: Callable[[], Any], timeout: float, message: str,
               interval: float = 0.1) -> Any:
    """Poll `condition` until it returns something truthy (returned); fail with `message` (and
    the last value seen) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} (within {timeout} s; last: {value!r})")
        time.sleep(interval)


def wait_until_steady(dash_duo, expr: str, timeout: float, message: str, polls: int = 3,
                      interval: float = 0.15) -> Any:
    """The value of the JavaScript `expr` once every graph is drawn at the size of its box
    (FITTED) and `expr` has given the same value `polls` times in a row, `interval` s apart: the
    redraw or resize under way has finished. Fails with `message` after `timeout` seconds."""
    seen: list[Any] = []

    def steady() -> bool:
        seen.append(js(dash_duo, expr) if js(dash_duo, FITTED) else None)
        last = seen[-polls:]
        return len(last) == polls and last[0] is not None and all(v == last[0] for v in last)

    try:
        wait_until(steady, timeout, message, interval)
    except AssertionError as err:
        raise AssertionError(f"{err}; the last values: {seen[-polls:]!r}"[:2000]) from None
    return seen[-1]


AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def violations(dash_duo) -> list[str]:
    """The critical and serious violations axe-core finds on the page as it is now."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run scripts/install-axe.sh (make test does)",
                    pytrace=False)
    dash_duo.driver.execute_script(AXE.read_text(encoding="utf-8"))
    dash_duo.driver.set_script_timeout(60)
    found = dash_duo.driver.execute_async_script("""
        var done = arguments[0];
        axe.run(document, {resultTypes: ['violations']}).then(function (r) {
          done(r.violations.filter(function (v) { return v.impact === 'critical' || v.impact === 'serious'; })
            .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
              .map(function (n) { return n.target.join(' '); }).join(' | '); }));
        });""")
    return list(found)
