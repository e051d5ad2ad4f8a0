"""The deck's Alstahaug table typed in as a simple list (one CSV file), uploaded in headless
Chromium: it opens as the register, the header counts its rows as the user's own, and
/konstellasjoner shows Alstahaug's 33 as the deck lists them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from dash.testing.wait import until

from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID as KART
from kommunekart.web.pages.konstellasjoner import ID
from tests.browser import js, wait_for_map
from tests.helpers import alstahaug_simple_list

pytestmark = pytest.mark.browser

DECK = Path(__file__).parent / "fixtures" / "deck" / "alstahaug.csv"


def grid_rows(dash_duo) -> list[dict[str, str]]:
    return js(dash_duo, f"""(function () {{
        var api = dash_ag_grid.getApi('{ID.grid}'); var out = [];
        api.forEachNodeAfterFilterAndSort(function (n) {{ out.push(n.data); }}); return out; }})()""")


def test_simple001_alstahaug_list_uploaded_gives_its_33(dash_duo, app_data, tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text("#coverage-badge", "av 263", timeout=10)
    path = tmp_path / "alstahaug.csv"
    path.write_bytes(alstahaug_simple_list())
    dash_duo.find_element(f"#{KART.upload} input[type=file]").send_keys(str(path))
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=30,
          msg="the simple list never opened its link")
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text("#coverage-badge", "33 fra eget register", timeout=10)
    dash_duo.wait_for_text_to_equal("#register-source", "alstahaug.csv", timeout=10)
    rid = dash_duo.driver.current_url.split("register=", 1)[1].split("&", 1)[0]

    dash_duo.driver.get(f"{dash_duo.server_url}/konstellasjoner?kommune=1820&register={rid}")
    dash_duo.wait_for_element(f"#{ID.grid} .ag-row", timeout=20)
    with DECK.open(encoding="utf-8") as f:
        deck = list(csv.DictReader(f))
    until(lambda: len(grid_rows(dash_duo)) == 33, timeout=10)
    rows = grid_rows(dash_duo)
    assert [r["navn"] for r in rows] == [d["name"] for d in deck]
    assert [int(r["kom"]) for r in rows] == [int(d["kom"]) for d in deck]
    assert [set(r["deltakere"].split(", ")) for r in rows] == \
        [{n.strip() for n in d["members"].split(",")} for d in deck]
    assert "33 registrerte ordninger" in dash_duo.find_element(f"#{ID.count}").text
    assert dash_duo.get_logs() == []
