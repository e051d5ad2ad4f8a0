"""A county officer's own register in headless Chromium, as the upload box offers it: both
templates download, and filled in as Excel would save them they load; a municipality misspelt in a
simple list gives the problem table with the right name as its suggestion, and the map keeps what
it showed."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from dash.testing.wait import until
from openpyxl import load_workbook

from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import wait_for_map, wait_until

pytestmark = pytest.mark.browser

PROBLEMS = ".upload-problems table.problem-table"


def downloaded(dash_duo, link_id: str, name: str) -> bytes:
    """Click a download link of the upload box and wait for its file."""
    dash_duo.find_element(f"#{link_id}").click()
    target = Path(dash_duo.download_path) / f"{name}-{date.today().isoformat()}.xlsx"
    wait_until(lambda: target.exists() and target.stat().st_size > 0, 15,
               f"the download {target.name} never arrived")
    return target.read_bytes()


def upload(dash_duo, path: Path) -> None:
    dash_duo.find_element(f"#{ID.upload} input[type=file]").send_keys(str(path))


def opened(dash_duo, name: str) -> None:
    until(lambda: "register=" in dash_duo.driver.current_url, timeout=30,
          msg=f"{name} was never opened")
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#register-source", name, timeout=10)


def filled(body: bytes, sheet: str, rows: list[dict[str, str]], path: Path) -> Path:
    """The workbook with rows added to a sheet under its header (found by the header's names)."""
    book = load_workbook(io.BytesIO(body))
    ws = book[sheet]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=10)
                      if any(c.value for c in r) and len([c for c in r if c.value]) > 1)
    header = [c.value for c in header_row]
    for row in rows:
        ws.append([row.get(str(h), "") if h else "" for h in header])
    book.save(path)
    return path


def test_own001_the_simple_template_filled_in_loads(dash_duo, app_data, tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    body = downloaded(dash_duo, "kart-template-1", "kommunekart-mal-enkel-liste")
    sheet = load_workbook(io.BytesIO(body)).sheetnames[0]
    path = filled(body, sheet, [{"Navn samarbeidsordning": "Vår nye ordning",
                                 "Deltakerkommuner": "Bodø; Saltdal, Fauske kommune",
                                 "Kom": 3}], tmp_path / "min liste.xlsx")
    upload(dash_duo, path)
    opened(dash_duo, "min liste.xlsx")
    dash_duo.wait_for_contains_text("#coverage-badge", "2 fra eget register", timeout=10)
    dash_duo.driver.get(dash_duo.driver.current_url.replace("/kart", "/konstellasjoner", 1)
                        + "&kommune=1841")  # Fauske
    dash_duo.wait_for_contains_text("#konst-count", "1 registrert ordning (", timeout=20)
    assert dash_duo.get_logs() == []


def test_own002_the_full_template_filled_in_loads(dash_duo, app_data, tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    body = downloaded(dash_duo, "kart-template-2", "kommunekart-mal-fullt-register")
    path = tmp_path / "fullt.xlsx"
    filled(body, "arrangements", [{
        "arrangement_id": "var-ordning", "name": "Vår ordning", "legal_form": "IKS",
        "basis": "offentlig-kilde", "as_of": "2020", "confidence": "stated-2020",
        "members_complete": "true", "source": "Vårt eget arkiv"}], path)
    filled(path.read_bytes(), "memberships", [{"arrangement_id": "var-ordning", "kommunenummer": k}
                                              for k in ("1804", "1841")], path)
    upload(dash_duo, path)
    opened(dash_duo, "fullt.xlsx")
    dash_duo.wait_for_contains_text("#coverage-badge", "1 fra andre kilder", timeout=10)
    assert dash_duo.get_logs() == []


def test_own003_a_misspelt_municipality_is_shown_with_its_right_name(dash_duo, app_data,
                                                                      tmp_path: Path) -> None:
    dash_duo.start_server(create_app(app_data, upload_folder=tmp_path / "uploads"))
    wait_for_map(dash_duo)
    before = dash_duo.find_element("#coverage-badge").text
    path = tmp_path / "liste.csv"
    path.write_text("Navn samarbeidsordning;Deltakerkommuner\n"
                    "Legevakt Sør;Alstahau, Leirfjord\n", encoding="utf-8")
    upload(dash_duo, path)
    dash_duo.wait_for_element(f"{PROBLEMS} tbody tr", timeout=30)
    cells = [td.text for td in dash_duo.find_elements(f"{PROBLEMS} tbody tr:first-child td")]
    assert cells[1:3] == ["2", "Deltakerkommuner"] and "Alstahau" in cells[3]
    assert "Alstahaug" in cells[4]  # the suggestion
    assert dash_duo.find_element(".upload-counts").text.startswith("Per slag: Ukjent kommune 1")
    assert "register=" not in dash_duo.driver.current_url  # the map keeps what it showed
    assert dash_duo.find_element("#coverage-badge").text == before
