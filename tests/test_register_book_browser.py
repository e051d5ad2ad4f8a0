"""The round trip in headless Chromium: «Last ned registeret (XLSX)» in /kart's upload box gives
the register on screen as a workbook, and that workbook uploaded unchanged shows the same
register: the same coverage line, now named by the downloaded file in the header."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dash.testing.wait import until

from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import click_municipality, wait_for_map, wait_until

pytestmark = pytest.mark.browser


def test_register_downloads_and_uploads_back_unchanged(dash_duo, app_data, tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text("#coverage-badge", "av 263", timeout=10)
    before = dash_duo.find_element("#coverage-badge").text
    assert dash_duo.find_element("#register-source").text == "data"
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    count = dash_duo.find_element("#panel-count").text
    dash_duo.find_element(f"#{ID.register_xlsx}").click()
    target = Path(dash_duo.download_path) / f"kommunekart-register-data-{date.today().isoformat()}.xlsx"
    wait_until(lambda: target.exists() and target.stat().st_size > 0, 15,
               f"the download {target.name} never arrived")
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(target))
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=30,
          msg="the upload never opened its link")
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#register-source", target.name, timeout=10)
    assert dash_duo.find_element("#coverage-badge").text == before
    dash_duo.wait_for_contains_text(".upload-current", "leste XLSX-arbeidsbok", timeout=10)
    click_municipality(dash_duo, "1820")  # the map answers on the uploaded copy as on the shipped
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    dash_duo.wait_for_text_to_equal("#panel-count", count, timeout=10)
