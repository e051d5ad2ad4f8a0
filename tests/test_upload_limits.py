"""Limits on what the server accepts, checked before anything is parsed: a zip bomb is refused
from the zip's directory in well under a second, a sheet whose dimension lies is stopped while it
is read, an upload over 20 MB is refused (in the job, and by the request limit with a Norwegian
413), and a check that runs too long is stopped with a message. Nothing already loaded is lost."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from dash import no_update

from kommunekart.domain import limits
from kommunekart.domain.register import RegisterError, load_register
from kommunekart.uploads.registers import Registries
from kommunekart.web.app import create_app
from kommunekart.web.components.upload import upload_job
from tests.helpers import csv_files, survey_only_tables
from tests.uploads import data_url, run_upload, valid_workbook, zip_bomb


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """1 000 000 rows × 5 cells (5 million cells, 82 MB of XML) in a few hundred KB."""
    return zip_bomb()


def unpacked(book: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        return limits.size_text(sum(i.file_size for i in z.infolist()))


@pytest.fixture
def registry(app_data, tmp_path: Path) -> Registries:
    return Registries(app_data, app_data.boundary_path, tmp_path / "uploads")


def test_zip_bomb_is_refused_from_the_directory_in_under_a_second(bomb, registry, app_data) -> None:
    assert len(bomb) < 500_000  # a few hundred KB on the wire
    start = time.perf_counter()
    with pytest.raises(RegisterError) as info:
        registry.add_upload([("bombe.xlsx", bomb)])
    seconds = time.perf_counter() - start
    print(f"zip bomb of {len(bomb)} bytes refused in {seconds * 1000:.0f} ms")
    assert seconds < 1.0
    assert [str(p) for p in info.value.problems] == [
        f"bombe.xlsx: arbeidsboka pakker seg ut til {unpacked(bomb)} (grensen er 25,0 MB); den ble "
        "ikke pakket ut"]
    assert registry.get(None) is app_data
    assert not registry.folder.exists()  # refused before anything was written


def test_declared_dimension_over_the_limits(tmp_path: Path) -> None:
    """Under the unpacked limit, but the sheet says it has more rows and cells than allowed."""
    book = tmp_path / "stor.xlsx"
    book.write_bytes(zip_bomb(rows=100, declared="A1:Z300000"))
    start = time.perf_counter()
    with pytest.raises(RegisterError) as info:
        load_register(book)
    assert time.perf_counter() - start < 1.0
    problems = [str(p) for p in info.value.problems]
    assert problems[0] == ("stor.xlsx: arket «memberships» har 300 000 rader (grensen er 20 000 "
                           "per tabell)")
    assert re.fullmatch(r"stor\.xlsx: arbeidsboka har 7 8\d\d \d{3} celler \(grensen er 250 000\)",
                        problems[1]), problems[1]
    assert len(problems) == 2


def test_a_lying_dimension_is_stopped_while_reading(tmp_path: Path) -> None:
    """A sheet that declares one cell but holds 200 000 rows (small enough unpacked) is read only
    up to the row limit."""
    book = tmp_path / "lyver.xlsx"
    book.write_bytes(zip_bomb(rows=200_000, cols=2, declared="A1:B2"))
    start = time.perf_counter()
    with pytest.raises(RegisterError) as info:
        load_register(book)
    print(f"lying dimension stopped in {(time.perf_counter() - start) * 1000:.0f} ms")
    assert time.perf_counter() - start < 10
    assert [str(p) for p in info.value.problems] == [
        "lyver.xlsx [memberships]: tabellen har over 20 000 rader (grensen per tabell); den ble "
        "ikke lest videre"]


def test_csv_rows_are_limited(tmp_path: Path, registry) -> None:
    t = survey_only_tables()
    files = dict(csv_files(t))
    files["memberships.csv"] = b"arrangement_id,kommunenummer\n" + b"x,1820\n" * 20_001
    with pytest.raises(RegisterError) as info:
        registry.add_upload(list(files.items()))
    assert "memberships.csv: tabellen har over 20 000 rader (grensen per tabell)" in str(
        info.value.problems[0])


def test_upload_over_20_mb_is_refused_before_it_is_decoded(registry, app_data) -> None:
    big = b"a" * (limits.MAX_UPLOAD_BYTES + 1)
    href, alert = upload_job(registry, [data_url(big)], ["stor.xlsx"])
    assert href is no_update
    assert "stor.xlsx ble ikke lastet inn. Filen er for stor (over 20 MB)." in str(alert)
    # the same limit holds for files handed to the registry some other way
    with pytest.raises(RegisterError) as info:
        registry.add_upload([("a.csv", big[:11 * limits.MB]), ("b.csv", big[:11 * limits.MB])])
    assert str(info.value.problems[0]) == "a.csv, b.csv: Filen er for stor (over 20 MB): 22,0 MB"
    assert registry.get(None) is app_data


def test_request_body_limit_is_413_in_norwegian(app_data, tmp_path: Path) -> None:
    app = create_app(app_data, upload_folder=tmp_path / "uploads")
    client = app.server.test_client()
    body = b"{" + b" " * limits.MAX_REQUEST_BYTES + b"}"
    reply = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert reply.status_code == 413
    assert reply.get_data(as_text=True).startswith("Filen er for stor (over 20 MB).")
    # a body just under the limit is read (and answered as Dash answers a body it cannot use)
    assert client.post("/_dash-update-component", data=b"{}",
                       content_type="application/json").status_code != 413
    assert limits.MAX_REQUEST_BYTES >= limits.MAX_UPLOAD_BYTES * 4 // 3  # a 20 MB file fits


def test_a_check_that_runs_too_long_is_stopped(registry, app_data) -> None:
    href, alert = upload_job(registry, [data_url(valid_workbook())], ["treg.xlsx"], seconds=0.01)
    assert href is no_update
    assert ("treg.xlsx ble ikke lastet inn: kontrollen tok mer enn 0.01 sekunder og ble stoppet"
            in str(alert))
    assert not any(p for p in registry.folder.iterdir() if not p.name.startswith("."))
    assert registry.get(None) is app_data


def test_zip_bomb_through_the_background_callback(app_data, tmp_path: Path, bomb) -> None:
    """The browser's way: the request worker answers at once, the job (a process of its own)
    refuses the bomb with the Norwegian message."""
    app = create_app(app_data, upload_folder=tmp_path / "uploads")
    run = run_upload(app.server.test_client(), [("bombe.xlsx", bomb)])
    print(f"background: job started in {run.start_ms:.0f} ms, answered after {run.polls} polls")
    assert run.href is None
    assert "bombe.xlsx ble ikke lastet inn: 1 feil" in run.message
    assert f"pakker seg ut til {unpacked(bomb)}" in run.message
    assert str(tmp_path) not in run.message


def test_a_sheet_of_empty_rows_is_stopped(tmp_path: Path) -> None:
    """Two million empty rows (22 MB of XML, under the unpacked limit, 87 KB packed): each costs
    time and memory though it holds nothing, so they count too."""
    book = tmp_path / "tom.xlsx"
    book.write_bytes(zip_bomb(rows=2_000_000, cols=0, declared="A1:A1"))
    start = time.perf_counter()
    with pytest.raises(RegisterError) as info:
        load_register(book)
    assert time.perf_counter() - start < 10
    assert [str(p) for p in info.value.problems] == [
        "tom.xlsx [memberships]: arket har over 100 000 rader, tomme medregnet; det ble ikke lest "
        "videre"]


def test_a_check_found_too_long_only_after_storing_keeps_nothing(registry, app_data,
                                                                 monkeypatch) -> None:
    """When a library swallows the alarm, the limit is found exceeded only as the check ends,
    after the register was stored: the user is told it was stopped, so nothing may stay."""
    from contextlib import contextmanager

    from kommunekart.uploads import jobs

    @contextmanager
    def late_limit(seconds: float):
        yield
        raise jobs.TimeLimitError(seconds)

    monkeypatch.setattr(jobs, "time_limit", late_limit)
    href, alert = upload_job(registry, [data_url(valid_workbook())], ["sein.xlsx"], seconds=0.5)
    assert href is no_update and "kontrollen tok mer enn 0.5 sekunder" in str(alert)
    assert not any(p for p in registry.folder.iterdir() if not p.name.startswith("."))
    assert registry.get(None) is app_data
