"""Uploading a Troms og Finnmark register in headless Chromium draws that county: its 39
municipalities coloured, the header naming it, no tile map (the radio says why), the single map
while presenting, and no console errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from dash.testing.wait import until

from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import GD, js, wait_for_map, z_of
from tests.helpers import TROMS_FINNMARK, TROMS_FINNMARK_LIST, workbook

pytestmark = pytest.mark.browser


def troms_workbook(path: Path) -> Path:
    tables = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
              for p in sorted(TROMS_FINNMARK.glob("*.csv"))}
    path.write_bytes(workbook(tables))
    return path


def test_county001_troms_og_finnmark_upload_draws_that_county(dash_duo, app_data,
                                                              tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#county-subtitle",
                                    "Interkommunalt samarbeid i Nordlands 41 kommuner", timeout=10)
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(
        str(troms_workbook(tmp_path / "troms.xlsx")))
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=30,
          msg="the upload never opened its link")
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal(
        "#county-subtitle", "Interkommunalt samarbeid i Troms og Finnmarks 39 kommuner", timeout=10)
    dash_duo.wait_for_text_to_equal("#register-source", "troms.xlsx", timeout=10)
    z = z_of(dash_duo)
    assert sorted(z) == sorted(k for k in z if k.startswith("54")) and len(z) == 39
    assert z["5401"] == 1 and z["5437"] == 0 and sum(z.values()) == 38
    drawn = js(dash_duo, f"Array.from({GD}.querySelectorAll('.choroplethlocation'))"
                         ".map(p => p.__data__.loc)")
    assert {"1806", "1853"} <= set(drawn)  # Narvik and Evenes: grey context
    assert js(dash_duo, f"document.querySelector('#{ID.visning} input[value=ruter]').disabled")
    assert "Rutekartet finnes ikke for Troms og Finnmark" in dash_duo.find_element(
        f"#{ID.no_tiles}").text

    dash_duo.find_element("#present").click()  # presenting: the single map, the same county
    until(lambda: js(dash_duo, "document.body.classList.contains('presenting')"), timeout=10,
          msg="presentation mode never started")
    until(lambda: js(dash_duo, f"{GD}.layout.geo.fitbounds") == "locations", timeout=10)
    assert sorted(z_of(dash_duo)) == sorted(z)
    dash_duo.find_element("#present-exit").click()
    assert dash_duo.get_logs() == []


def test_county002_a_simple_list_of_another_county_draws_that_county(dash_duo, app_data,
                                                                     tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(TROMS_FINNMARK_LIST))
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=30,
          msg="the upload never opened its link")
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal(
        "#county-subtitle", "Interkommunalt samarbeid i Troms og Finnmarks 39 kommuner", timeout=10)
    z = z_of(dash_duo)
    assert len(z) == 39 and all(k.startswith("54") for k in z)
    assert z["5426"] == 1 and z["5402"] == 0 and sum(z.values()) == 19
    assert dash_duo.get_logs() == []
