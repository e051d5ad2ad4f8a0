"""/scenarier in headless Chromium: from the proposed kommuneregioner, a click moves Gildeskål into
Ytre Salten; population and the split count change as computed; the link restores it."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from kommunekart.domain import scenario
from kommunekart.views import scenarier as scenarier_views
from kommunekart.web.pages import scenarier
from kommunekart.web.pages.scenarier import ID, base_scenario
from tests.browser import click_municipality, start

pytestmark = pytest.mark.browser


def panel_rows(dash_duo) -> dict[str, list[str]]:
    return dash_duo.driver.execute_script("""
        var out = {};
        document.querySelectorAll('.scen-table tbody tr').forEach(function (tr) {
          out[tr.querySelector('th').textContent.trim()] =
            Array.from(tr.querySelectorAll('td')).map(function (td) { return td.textContent; });
        });
        return out;""")


def test_scen001_paint_a_municipality_and_restore_the_link(dash_duo, app_data) -> None:
    assignment = base_scenario(app_data, "kommuneregion_forslag")[1]
    known = scenarier_views.known_population(app_data)
    members = scenarier.arrangement_members(app_data)
    start(dash_duo, app_data)
    dash_duo.driver.get(dash_duo.server_url + "/scenarier")
    dash_duo.wait_for_element(".scen-table tbody tr", timeout=20)
    rows = panel_rows(dash_duo)
    assert rows["Ytre Salten"][1] == "58 957" and rows["Sør-Salten"][1] == "9 451"
    split_before = len(scenario.splits(assignment, members))
    dash_duo.wait_for_text_to_equal(".scen-panel h3", f"Ordninger grensene deler ({split_before})")
    click_municipality(dash_duo, "1838", graph=f"#{ID.map}")  # Gildeskål, into Ytre Salten
    moved = {**assignment, "1838": "kr-ytre-salten"}
    split_after = len(scenario.splits(moved, members))
    dash_duo.wait_for_text_to_equal(".scen-panel h3", f"Ordninger grensene deler ({split_after})",
                                    timeout=10)
    rows = panel_rows(dash_duo)
    assert rows["Ytre Salten"][1] == f"{58957 + known['1838']:,}".replace(",", " ")
    assert rows["Sør-Salten"][1] == f"{9451 - known['1838']:,}".replace(",", " ")
    until(lambda: "s=" in dash_duo.driver.current_url, timeout=10)
    url = dash_duo.driver.current_url
    dash_duo.driver.get(url)  # the link restores the scenario
    dash_duo.wait_for_element(".scen-table tbody tr", timeout=20)
    dash_duo.wait_for_text_to_equal(".scen-panel h3", f"Ordninger grensene deler ({split_after})")
    assert panel_rows(dash_duo)["Ytre Salten"] == rows["Ytre Salten"]
    assert dash_duo.get_logs() == []
