"""A refused upload in headless Chromium shows its problems where the user is: the table (sheet,
row, column, what is wrong, the suggestion), the count per kind, and a CSV link that gives every
problem; the map keeps the register it showed, and axe-core finds nothing serious on the page."""

from __future__ import annotations

import csv
import io
import urllib.request
from pathlib import Path

import pytest
from dash.testing.wait import until

from kommunekart.uploads.problem_report import HEADINGS
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import violations, wait_for_map
from tests.helpers import misspelt_member_tables, workbook

pytestmark = pytest.mark.browser

TABLE = ".upload-problems table.problem-table"


def test_problems001_misspelt_municipality_gives_the_table_csv_and_keeps_the_map(
        dash_duo, app_data, tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    dash_duo.wait_for_contains_text("#coverage-badge", "av 263", timeout=10)
    before = dash_duo.find_element("#coverage-badge").text
    book = tmp_path / "mitt register.xlsx"
    book.write_bytes(workbook(misspelt_member_tables()))
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(book))

    dash_duo.wait_for_element(f"{TABLE} tbody tr", timeout=30)
    head = [th.text for th in dash_duo.find_elements(f"{TABLE} thead th")]
    assert head == list(HEADINGS)
    cells = [td.text for td in dash_duo.find_elements(f"{TABLE} tbody tr:first-child td")]
    assert cells == ["mitt register.xlsx [memberships]", "2", "kommunenummer",
                     "ukjent kommunenummer «1821» (finnes ikke i municipalities)",
                     "1820 (Alstahaug)", "Ukjent kommune"]
    assert dash_duo.find_element(".upload-problems strong").text.startswith(
        "mitt register.xlsx ble ikke lastet inn: 1 feil.")
    assert dash_duo.find_element(".upload-counts").text.startswith("Per slag: Ukjent kommune 1")

    # the map keeps the register it showed
    assert "register=" not in dash_duo.driver.current_url
    assert dash_duo.find_element("#coverage-badge").text == before
    assert dash_duo.find_element("#register-source").text == "data"
    until(lambda: dash_duo.driver.execute_script(
        f"return document.getElementById('{ID.upload_busy}').hidden"), timeout=10)

    # the CSV link gives every problem, as the table says it
    href = dash_duo.find_element(".upload-problems-csv").get_attribute("href")
    with urllib.request.urlopen(href, timeout=10) as answer:  # the test server
        assert answer.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in answer.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(answer.read().decode("utf-8-sig")), delimiter=";"))
    assert rows == [list(HEADINGS), cells]

    assert violations(dash_duo) == []  # axe-core, with the problem table shown
