"""One order everywhere: for every municipality × scope × task area, the side panel (drawn in the
browser) lists the arrangements in exactly the order of the XLSX download (written in Python)."""

from __future__ import annotations

import itertools

import pytest

from kommunekart.domain.measures import SCOPES
from kommunekart.views.client import client_register
from kommunekart.views.kart import arrangement_table
from kommunekart.views.state import KartState
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID

pytestmark = pytest.mark.browser


def test_order001_panel_and_download_agree_everywhere(dash_duo, app_data) -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.wait_for_element(f"#{ID.map} .js-plotly-plot", timeout=20)
    tasks = [None, *sorted(app_data.task_ids)]
    views = [{"kommune": k, "scope": s, "task": t}
             for k, s, t in itertools.product(app_data.nordland, SCOPES, tasks)]
    assert len(views) == 41 * 3 * 42
    panel = dash_duo.driver.execute_script(
        "var reg = arguments[0];"
        "return arguments[1].map(function (v) { return window.dash_clientside.kart.order(reg, v); });",
        client_register(app_data), views)
    assert any(panel)  # the panel listed arrangements: there was an order to compare
    differ = []
    for view, listed in zip(views, panel, strict=True):
        state = KartState(task=view["task"], scope=view["scope"], kommune=view["kommune"])
        if arrangement_table(app_data, state)["ordning"].tolist() != listed:
            differ.append(view)
    assert differ == []
