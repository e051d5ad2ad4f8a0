"""Downloads a spreadsheet never runs (issue 13): in CSV a text cell starting with =, +, -, @, tab
or CR gets a leading ', in XLSX such a cell is a string with the quote prefix and no cell is ever
a formula; numbers stay numbers. Checked on a hostile copy of the shipped register and on cells
made for it."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from kommunekart.outputs.export import csv_bytes, xlsx_bytes
from kommunekart.views.kart import municipality_table, view_tables
from kommunekart.views.konstellasjoner import constellation_tables
from kommunekart.views.state import KartState
from kommunekart.web.app import load_data
from tests import hostile
from tests.hostile import FORMULA_ARRANGEMENT, FORMULAS

CELLS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rz"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, kommuner_path):
    folder = hostile.hostile_register(tmp_path_factory.mktemp("hostile") / "register")
    return load_data(folder, boundaries=kommuner_path)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", dtype=str, encoding="utf-8-sig",
                       keep_default_na=False)


def cells(book: bytes, sheet: str) -> list[list[openpyxl.cell.Cell]]:
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(book))[sheet].iter_rows()]


def test_csv_cells_that_could_run_are_text_numbers_stay_numbers() -> None:
    frame = pd.DataFrame({"tekst": [*CELLS, "Bodø", "1-2"], "tall": [-1, 2, -3, 4, 5, 6, -7, 8]})
    back = read_csv(csv_bytes(frame))
    assert list(back["tekst"]) == [f"'{c}" for c in CELLS] + ["Bodø", "1-2"]
    assert list(back["tall"]) == ["-1", "2", "-3", "4", "5", "6", "-7", "8"]  # no ' on numbers


def test_xlsx_never_holds_a_formula() -> None:
    frame = pd.DataFrame({"tekst": [*CELLS, "Bodø\x01"], "tall": [-1, 2, -3.5, 4, 5, 6, -7]})
    book = xlsx_bytes({"ark": frame})
    rows = cells(book, "ark")[1:]
    for row, text in zip(rows, CELLS, strict=False):
        assert row[0].value == text and row[0].data_type == "s" and row[0].quotePrefix
    assert rows[-1][0].value == "Bodø" and not rows[-1][0].quotePrefix  # a control character XML
    assert [r[1].value for r in rows] == [-1, 2, -3.5, 4, 5, 6, -7]  # cannot hold: dropped
    assert all(r[1].data_type == "n" for r in rows)
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element anywhere


def test_hostile_register_downloads_from_the_map(data) -> None:
    """/kart's CSV and XLSX of Alstahaug's partners: the hostile municipality and arrangement
    names as text, the counts as numbers."""
    state = KartState(kommune="1820")
    back = read_csv(csv_bytes(municipality_table(data, state))).set_index("kommunenummer")
    for kommune, name in FORMULAS.items():
        assert back.loc[kommune, "kommune"] == f"'{name}"
    assert back.loc["1804", "kommune"] == "Bodø"
    book = xlsx_bytes(view_tables(data, state))
    kommuner = cells(book, "kommuner")
    names = {r[0].value: r[1] for r in kommuner[1:]}
    for kommune, name in FORMULAS.items():
        assert names[kommune].value == name and names[kommune].data_type == "s"
        assert names[kommune].quotePrefix
    assert all(r[2].data_type == "n" for r in kommuner[1:])  # the map's numbers
    ordninger = cells(book, "ordninger")
    hit = [r for r in ordninger if r[0].value == FORMULA_ARRANGEMENT]
    assert hit and hit[0][0].data_type == "s" and hit[0][0].quotePrefix
    assert all(c.data_type != "f" for row in ordninger + kommuner for c in row)


def test_hostile_register_downloads_from_konstellasjoner(data) -> None:
    tables = constellation_tables(data, "1820", "alle")
    back = read_csv(csv_bytes(tables["ordninger"]))
    assert f"'{FORMULA_ARRANGEMENT}" in set(back["navn samarbeidsordning"])
    book = xlsx_bytes(tables)
    rows = cells(book, "ordninger")
    hit = [r for r in rows if r[1].value == FORMULA_ARRANGEMENT]
    assert hit and hit[0][1].data_type == "s" and hit[0][1].quotePrefix
    assert hit[0][0].data_type == "n"  # Nr stays a number
    assert all(c.data_type != "f" for row in rows for c in row)
