"""Uploading a register in headless Chromium, checked off the request workers (a Dash background
callback on diskcache: each check a process of its own, for real): progress while it is checked,
then the new register; a file over 20 MB, a zip bomb, or a body the server refuses (413) each
give the Norwegian message and the register shown stays; «Fjern dette registeret» removes an
upload and returns to the shipped register."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until

from kommunekart.domain import limits
from kommunekart.uploads.store import stored
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import click_municipality, js, wait_for_map
from tests.helpers import survey_with_members
from tests.uploads import valid_workbook, zip_bomb

pytestmark = pytest.mark.browser

# Every text the status box shows while visible, kept in sessionStorage: it survives the reload
# to the uploaded register's link.
RECORD_PROGRESS = f"""
sessionStorage.setItem('seen', '[]');
var box = document.getElementById('{ID.upload_busy}');
new MutationObserver(function () {{
  if (!box.hidden) {{
    var seen = JSON.parse(sessionStorage.getItem('seen'));
    seen.push(box.textContent);
    sessionStorage.setItem('seen', JSON.stringify(seen));
  }}
}}).observe(box, {{attributes: true, childList: true, subtree: true, characterData: true}});
"""


def start(dash_duo, app_data, folder: Path) -> str:
    dash_duo.start_server(create_app(app_data, upload_folder=folder))
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text("#coverage-badge", "av 263", timeout=10)
    return dash_duo.find_element("#coverage-badge").text


def choose(dash_duo, path: Path) -> None:
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(path))


def refused(dash_duo, before: str, *texts: str) -> str:
    dash_duo.wait_for_contains_text(".upload-error", texts[0], timeout=30)
    message = dash_duo.find_element(".upload-error").text
    assert all(t in message for t in texts), message
    assert "register=" not in dash_duo.driver.current_url
    assert dash_duo.find_element("#coverage-badge").text == before  # nothing lost
    assert dash_duo.find_element("#register-source").text == "data"
    until(lambda: js(dash_duo, f"document.getElementById('{ID.upload_busy}').hidden"), timeout=10)
    return message


def test_upload001_valid_upload_shows_progress_then_the_register(dash_duo, app_data,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    before = start(dash_duo, app_data, folder)
    click_municipality(dash_duo, "1820")  # the address bar now says kommune=1820
    until(lambda: "kommune=1820" in dash_duo.driver.current_url, timeout=10)
    dash_duo.driver.execute_script(RECORD_PROGRESS)
    (tmp_path / "eget.xlsx").write_bytes(valid_workbook())
    choose(dash_duo, tmp_path / "eget.xlsx")
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=30,
          msg="the upload never opened its link")
    wait_for_map(dash_duo)
    seen = js(dash_duo, "JSON.parse(sessionStorage.getItem('seen') || '[]')")
    assert any(s.startswith("Kontrollerer") for s in seen), seen
    until(lambda: dash_duo.find_element("#coverage-badge").text != before, timeout=10)
    assert dash_duo.find_element("#coverage-badge").text.startswith(f"{survey_with_members()} av 263")
    dash_duo.wait_for_text_to_equal("#register-source", "eget.xlsx", timeout=10)
    dash_duo.wait_for_contains_text(".upload-current", "leste XLSX-arbeidsbok", timeout=10)
    click_municipality(dash_duo, "1820")  # the map answers on the uploaded register
    dash_duo.wait_for_contains_text("#panel-count", "33 registrerte ordninger", timeout=10)

    # «Fjern dette registeret»: gone from the server, back to the shipped register
    assert len(stored(folder)) == 1
    dash_duo.find_element(f"#{ID.remove}").click()
    until(lambda: "register=" not in dash_duo.driver.current_url, timeout=15)
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#coverage-badge", before, timeout=10)
    dash_duo.wait_for_text_to_equal("#register-source", "data", timeout=10)
    assert stored(folder) == []


def test_upload002_too_big_zip_bomb_and_413_keep_the_register(dash_duo, app_data,
                                                              tmp_path: Path) -> None:
    before = start(dash_duo, app_data, tmp_path / "uploads")

    # over 20 MB: stopped in the browser before a byte is sent
    big = tmp_path / "stor.xlsx"
    big.write_bytes(b"\0" * (limits.MAX_UPLOAD_BYTES + 1024))
    choose(dash_duo, big)
    refused(dash_duo, before, "Filen er for stor (over 20 MB)", "stor.xlsx ble ikke lastet inn")

    # a zip bomb: refused by the check, from the zip's directory
    dash_duo.driver.refresh()  # a fresh file input: Selenium adds files to a multiple one
    wait_for_map(dash_duo)
    bomb = tmp_path / "bombe.xlsx"
    bomb.write_bytes(zip_bomb())
    choose(dash_duo, bomb)
    refused(dash_duo, before, "bombe.xlsx ble ikke lastet inn: 1 feil", "pakker seg ut til",
            "(grensen er 25,0 MB)")

    # a client that skips the browser's checks (ours and dcc.Upload's max_size) meets the
    # server's hard limit: 413, and the same words
    dash_duo.driver.refresh()
    wait_for_map(dash_duo)
    dash_duo.driver.execute_script(
        "document.querySelector('[data-max-bytes]').setAttribute('data-max-bytes', '1e12');"
        f"window.dash_clientside.set_props('{ID.upload}', {{max_size: -1}});")
    huge = tmp_path / "enorm.xlsx"
    huge.write_bytes(b"\0" * (limits.MAX_REQUEST_BYTES * 3 // 4 + limits.MB))
    choose(dash_duo, huge)
    message = refused(dash_duo, before, "Filen er for stor (over 20 MB)")
    assert "serveren tok ikke imot opplastingen" in message
