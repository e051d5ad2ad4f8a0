"""The grid's bundle loaded only where a grid is drawn, in headless Chromium: /kart opens without
it; following the nav to /konstellasjoner fetches it once, draws the deck's rows, and a row click
still lights its members on the map (so Dash waited for the grid before running the callback)."""

from __future__ import annotations

import pytest

from kommunekart.web.app import create_app
from kommunekart.web.pages.konstellasjoner import ID
from tests.browser import js, wait_for_map, wait_until

pytestmark = pytest.mark.browser

GRID_BUNDLES = """performance.getEntriesByType('resource').map(e => e.name)
    .filter(n => n.indexOf('/dash_ag_grid/dash_ag_grid.') >= 0)"""
ROWS = f"""(function () {{
    var api = window.dash_ag_grid.getApi && window.dash_ag_grid.getApi('{ID.grid}');
    var out = []; if (api) {{ api.forEachNodeAfterFilterAndSort(n => out.push(n.data.navn)); }}
    return out; }})()"""


def test_bundle001_the_grid_loads_when_a_page_first_draws_one(dash_duo, app_data) -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.get(dash_duo.server_url + "/kart?kommune=1820&utvalg=kartlegging")
    wait_for_map(dash_duo)
    assert js(dash_duo, GRID_BUNDLES) == []
    assert js(dash_duo, "window.dash_ag_grid.AgGrid.displayName") == "dash_ag_grid.AgGrid"
    dash_duo.find_element(".konst-link").click()  # the panel's «Vis alle konstellasjoner»
    dash_duo.wait_for_element(f"#{ID.grid} .ag-row", timeout=20)
    rows = wait_until(lambda: js(dash_duo, ROWS), 10, "the grid never had rows")
    assert len(rows) == 33 and "HALD IKT" in rows
    assert len(js(dash_duo, GRID_BUNDLES)) == 1
    dash_duo.driver.find_element(
        "xpath", f"//div[@id='{ID.grid}']//div[@role='gridcell' and normalize-space()='HALD IKT']"
    ).click()
    wait_until(lambda: "ordning=hald-ikt" in dash_duo.driver.current_url, 10,
               "the row click never reached the link")
    assert dash_duo.get_logs() == []
