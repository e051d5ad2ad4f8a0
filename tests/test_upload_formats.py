"""The formats officials save: CSV with semicolons or commas, UTF-8 with or without BOM, or
Windows-1252 (Excel in Norwegian), detected and said in the summary; our own CSV export loads
back; .xls and .ods are named as what they are. `kommunekart check` and `serve --register` refuse
the same registers with the same Norwegian message, never a traceback."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kommunekart.cli import main
from kommunekart.domain.register import RegisterError, decode_csv, load_register, sniff_delimiter
from kommunekart.domain.summary import format_summary
from kommunekart.outputs.export import csv_bytes
from kommunekart.paths import DATA_DIR
from kommunekart.uploads.registers import Registries
from tests.helpers import tables, workbook
from tests.uploads import zip_bomb

UNSUPPORTED = "formatet støttes ikke – lagre som .xlsx"


def write_tables(folder: Path, t: dict[str, pd.DataFrame], sep: str, encoding: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in t.items():
        (folder / f"{name}.csv").write_bytes(frame.to_csv(index=False, sep=sep).encode(encoding))
    return folder


def same_register(path: Path) -> None:
    shipped, loaded = load_register(DATA_DIR), load_register(path)
    for table in ("municipalities", "arrangements", "memberships", "region_layers", "task_areas"):
        pd.testing.assert_frame_equal(getattr(loaded, table), getattr(shipped, table))


@pytest.mark.parametrize(("sep", "encoding", "said"), [
    (";", "cp1252", "semikolonseparert Windows-1252"),
    (";", "utf-8-sig", "semikolonseparert UTF-8 med BOM"),
    (",", "utf-8-sig", "kommaseparert UTF-8 med BOM"),
    (",", "cp1252", "kommaseparert Windows-1252"),
    (";", "utf-8", "semikolonseparert UTF-8"),
])
def test_csv_as_officials_save_it(tmp_path: Path, sep: str, encoding: str, said: str,
                                  capsys) -> None:
    folder = write_tables(tmp_path / "register", tables(), sep, encoding)
    same_register(folder)
    assert load_register(folder).read_as == said
    assert main(["check", str(folder)]) == 0
    assert f"Format: leste {said}" in capsys.readouterr().out


def test_our_own_csv_export_loads_back(tmp_path: Path, registry_of) -> None:
    """kommunekart.outputs.export writes semicolons and UTF-8 with BOM, as Excel in Norwegian opens them."""
    folder = tmp_path / "eksport"
    folder.mkdir()
    for name, frame in tables().items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(frame))
    assert (folder / "arrangements.csv").read_bytes().startswith(codecs.BOM_UTF8)
    same_register(folder)
    assert load_register(folder).read_as == "semikolonseparert UTF-8 med BOM"
    registry = registry_of(tmp_path / "uploads")
    rid = registry.add_upload([(p.name, p.read_bytes()) for p in sorted(folder.glob("*.csv"))])
    assert registry.get(rid).register.read_as == "semikolonseparert UTF-8 med BOM"


def test_mixed_files_are_said_per_file(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "register", tables(), ",", "utf-8")
    frame = tables()["municipalities"]
    (folder / "municipalities.csv").write_bytes(frame.to_csv(index=False, sep=";").encode("cp1252"))
    reg = load_register(folder)
    assert "municipalities.csv: semikolonseparert Windows-1252" in reg.read_as
    assert "arrangements.csv: kommaseparert UTF-8" in reg.read_as
    assert "Format: leste " in format_summary(reg)


def test_detection_helpers() -> None:
    assert decode_csv("Bodø".encode("cp1252")) == ("Bodø", "Windows-1252")
    assert decode_csv(codecs.BOM_UTF8 + "Bodø".encode()) == ("Bodø", "UTF-8 med BOM")
    assert decode_csv("Bodø".encode()) == ("Bodø", "UTF-8")
    with pytest.raises(UnicodeError, match="UTF-16"):
        decode_csv(codecs.BOM_UTF16_LE + "a;b".encode("utf-16-le"))
    with pytest.raises(UnicodeError, match="verken UTF-8 eller Windows-1252"):
        decode_csv(b"a\x81b")  # 0x81 is undefined in Windows-1252
    assert sniff_delimiter('a;b;"c,d"\n1;2;3') == ";"
    assert sniff_delimiter("a,b,c\n1;2;3,4") == ","


@pytest.fixture
def registry_of(app_data):
    return lambda folder: Registries(app_data, app_data.boundary_path, folder)


@pytest.mark.parametrize(("name", "content", "what"), [
    ("register.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "en gammel Excel-fil, .xls"),
    ("register.ods", b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument"
                     b".spreadsheet", "et OpenDocument-regneark, .ods"),
    ("register.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "en gammel Excel-fil, .xls"),
])
def test_old_and_other_spreadsheets_are_named(tmp_path: Path, registry_of, name: str,
                                              content: bytes, what: str, capsys) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegisterError) as info:
        registry_of(tmp_path / "uploads").add_upload([(name, content)])
    assert str(info.value.problems[0]) == f"{name}: {UNSUPPORTED} (filen er {what})"
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{name}: {UNSUPPORTED} (filen er {what})" in err and "finnes ikke" not in err


def test_check_names_what_a_path_is(tmp_path: Path, capsys) -> None:
    plain = tmp_path / "notater.txt"
    plain.write_text("hei")
    lone = tmp_path / "arrangements.csv"
    shutil.copy(DATA_DIR / "arrangements.csv", lone)
    numbers = tmp_path / "register.numbers"
    numbers.write_bytes(b"PK\x03\x04")
    expected = {
        plain: "notater.txt: er en fil, men ikke et register (forventet en mappe med CSV-filer "
               "eller en .xlsx-arbeidsbok)",
        lone: "arrangements.csv: én CSV-fil er ikke et register: gi mappen med CSV-filene (én per "
              "tabell) eller en .xlsx-arbeidsbok",
        numbers: f"register.numbers: {UNSUPPORTED} (filen er .numbers)",
        tmp_path / "borte": f"{tmp_path / 'borte'}: finnes ikke (forventet en mappe eller en .xlsx-fil)",
    }
    for path, message in expected.items():
        assert main(["check", str(path)]) == 1
        err = capsys.readouterr().err
        assert message in err, err
        assert "Traceback" not in err


def _check_and_serve(path: Path, capsys) -> tuple[str, str]:
    assert main(["check", str(path)]) == 1
    checked = capsys.readouterr().err
    assert main(["serve", "--register", str(path), "--port", "1"]) == 1  # refused before serving
    served = capsys.readouterr().err
    assert "Traceback" not in checked + served
    return checked, served


def test_empty_register_is_refused_by_check_and_serve_alike(tmp_path: Path, capsys) -> None:
    folder = write_tables(tmp_path / "tom", {n: f.iloc[0:0] for n, f in tables().items()}, ",",
                          "utf-8")
    checked, served = _check_and_serve(folder, capsys)
    assert checked == served
    assert "municipalities.csv: registeret har ingen kommuner (tabellen har bare overskriftsraden)" in checked
    assert "arrangements.csv: registeret har ingen ordninger (tabellen har bare overskriftsraden)" in checked


def test_municipality_without_boundary_is_refused_by_check_and_serve_alike(tmp_path: Path,
                                                                           capsys) -> None:
    t = tables()
    extra = t["municipalities"].iloc[[0]].assign(kommunenummer="9999", name="Utenfor kartet",
                                                 in_nordland="false")
    t["municipalities"] = pd.concat([t["municipalities"], extra], ignore_index=True)
    folder = write_tables(tmp_path / "utenfor", t, ",", "utf-8")
    checked, served = _check_and_serve(folder, capsys)
    assert checked == served
    assert ("municipalities.csv, kolonne «kommunenummer»: 9999 (Utenfor kartet) har ingen "
            "kommunegrense i grensefilen kommuner-2020.geojson") in checked
    book = tmp_path / "utenfor.xlsx"
    book.write_bytes(workbook(t))
    checked, served = _check_and_serve(book, capsys)
    assert checked == served and "utenfor.xlsx [municipalities], kolonne «kommunenummer»: 9999" in checked


def test_no_municipality_in_nordland(tmp_path: Path, capsys) -> None:
    t = tables()
    t["municipalities"]["in_nordland"] = "false"
    folder = write_tables(tmp_path / "utenfor", t, ",", "utf-8")
    checked, _ = _check_and_serve(folder, capsys)
    assert ("municipalities.csv, kolonne «in_nordland»: ingen av kommunene er i Nordland "
            "(in_nordland=true)") in checked


def test_check_refuses_a_zip_bomb_quickly(tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "bombe.xlsx"
    bomb.write_bytes(zip_bomb())
    assert main(["check", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "bombe.xlsx: arbeidsboka pakker seg ut til 82," in err and "(grensen er 25,0 MB)" in err
