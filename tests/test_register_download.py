"""Where the register workbook is had: /last-ned/register.xlsx (the register on screen, by
`register=` or by the view's address the link carries), /last-ned/mal-fullt-register.xlsx, the
link in the upload box, `kommunekart export-register`, and its line in `kommunekart bench`."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from urllib.parse import quote

from openpyxl import load_workbook

from kommunekart.bench.export import register_export_timing, register_line
from kommunekart.cli import main
from kommunekart.domain.register import load_register
from kommunekart.uploads.registers import Registries
from kommunekart.web.app import create_app
from tests.helpers import components, page, survey_only_tables, workbook

TODAY = date.today().isoformat()


def _client(app_data, tmp_path: Path):
    return create_app(app_data, upload_folder=tmp_path / "uploads").server.test_client()


def _arrangements(body: bytes) -> int:
    return load_workbook(io.BytesIO(body), read_only=True)["arrangements"].max_row - 1


def test_the_shipped_register_downloads_as_its_workbook(app_data, tmp_path: Path) -> None:
    reply = _client(app_data, tmp_path).get("/last-ned/register.xlsx")
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == (
        f'attachment; filename="kommunekart-register-data-{TODAY}.xlsx"')
    path = tmp_path / "lastet-ned.xlsx"
    path.write_bytes(reply.data)
    assert len(load_register(path).arrangements) == len(app_data.register.arrangements)


def test_an_uploaded_register_downloads_by_id_or_by_the_view_on_screen(app_data, tmp_path: Path) -> None:
    client = _client(app_data, tmp_path)
    seed = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    rid = seed.add_upload([("eget.xlsx", workbook(survey_only_tables()))])
    own = len(survey_only_tables()["arrangements"])
    assert own < len(app_data.register.arrangements)
    by_id = client.get(f"/last-ned/register.xlsx?register={rid}")
    view = quote(f"/kart?kommune=1820&register={rid}", safe="")
    by_view = client.get(f"/last-ned/register.xlsx?url={view}")
    for reply in (by_id, by_view):
        assert reply.status_code == 200
        assert f"kommunekart-register-eget-xlsx-{TODAY}.xlsx" in reply.headers["Content-Disposition"]
        assert _arrangements(reply.data) == own
    shipped = client.get(f"/last-ned/register.xlsx?url={quote('/kart?kommune=1820', safe='')}")
    assert _arrangements(shipped.data) == len(app_data.register.arrangements)


def test_an_unknown_register_is_refused_in_norwegian(app_data, tmp_path: Path) -> None:
    reply = _client(app_data, tmp_path).get("/last-ned/register.xlsx?register=0123456789abcdef")
    assert reply.status_code == 400
    assert reply.get_data(as_text=True) == "Fant ikke registeret «0123456789abcdef» fra lenken.\n"
    hostile = _client(app_data, tmp_path).get("/last-ned/register.xlsx?register=../../etc/passwd")
    assert hostile.status_code == 400


def test_the_template_downloads(app_data, tmp_path: Path) -> None:
    reply = _client(app_data, tmp_path).get("/last-ned/mal-fullt-register.xlsx")
    assert reply.status_code == 200
    assert f"kommunekart-mal-fullt-register-{TODAY}.xlsx" in reply.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(reply.data), read_only=True)
    assert book["arrangements"].max_row == 1 and book["task_areas"].max_row == 42


def test_the_upload_box_on_kart_links_to_the_register(app_data, tmp_path: Path) -> None:
    layout = page(_client(app_data, tmp_path), "/kart").get_json()
    links = [c for c in components(layout) if c["props"].get("id") == "kart-register-xlsx"]
    assert len(links) == 1
    props = links[0]["props"]
    assert props["children"] == "Last ned registeret (XLSX)"
    assert props["data-kk-download"] == "/last-ned/register.xlsx"  # the address added at click time


def test_cli_writes_the_workbook(app_data, tmp_path: Path, capsys) -> None:
    target = tmp_path / "register.xlsx"
    assert main(["export-register", str(target)]) == 0
    assert "Skrev registeret (84 ordninger)" in capsys.readouterr().out
    assert len(load_register(target).memberships) == len(app_data.register.memberships)
    own = tmp_path / "eget.xlsx"
    own.write_bytes(workbook(survey_only_tables()))
    assert main(["export-register", str(tmp_path / "fra-eget.xlsx"), "--register", str(own)]) == 0
    assert len(load_register(tmp_path / "fra-eget.xlsx").arrangements) == len(
        survey_only_tables()["arrangements"])


def test_cli_errors_are_norwegian_without_a_traceback(app_data, tmp_path: Path, capsys) -> None:
    assert main(["export-register", str(tmp_path / "register.csv")]) == 2
    assert capsys.readouterr().err == "Filen register.csv må slutte på .xlsx.\n"
    assert main(["export-register", str(tmp_path / "mangler" / "register.xlsx")]) == 1
    assert "Kunne ikke skrive" in (err := capsys.readouterr().err) and "mappen finnes ikke" in err
    assert main(["export-register", str(tmp_path / "r.xlsx"), "--register", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert "finnes ikke" in err and "Traceback" not in err
    assert not (tmp_path / "r.xlsx").exists()


def test_bench_measures_the_export(app_data) -> None:
    result = register_export_timing(app_data, runs=2)
    assert len(result["register_export_runs_ms"]) == 2 and result["register_export_ms"] > 0
    assert result["register_export_bytes"] > 10_000 and result["register_export_rows"] == 84 + 580
    line = register_line(result, lambda label, text, target, verdict: f"{label}|{text}|{target}|{verdict}")
    assert line.startswith("register XLSX|") and "|≤ 1000 ms|" in line
