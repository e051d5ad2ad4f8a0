"""The register as a workbook to edit and load back (kommunekart/outputs/register_book.py): its
sheets, «Les meg» and drop-down lists; the round trip (download → load unchanged, or with a row
added in the sheet, gives the same register, the same counts and coverage line); hostile cells;
the name column beside each kommunenummer, allowed and checked; the «Mal: fullt register»."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kommunekart.domain.guide import read_guide
from kommunekart.domain.register import Register, RegisterError, load_register
from kommunekart.domain.schema import BASES, BOOLEANS, LEGAL_FORMS, TABLES
from kommunekart.outputs.register_book import register_workbook, template_workbook
from kommunekart.uploads.registers import Registries

SHEETS = ["Les meg", *(t.name for t in TABLES), "Lister"]


def _load(tmp_path: Path, body: bytes, name: str = "eget.xlsx") -> Register:
    path = tmp_path / name
    path.write_bytes(body)
    return load_register(path)


def _problems(tmp_path: Path, body: bytes) -> list:
    with pytest.raises(RegisterError) as err:
        _load(tmp_path, body)
    return err.value.problems


def _edited(body: bytes, change) -> bytes:
    """The workbook as openpyxl edits it (as a user's Excel would save it: values, no styles kept)."""
    book = load_workbook(io.BytesIO(body))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def _list_values(book, sheet, header: str) -> list[str]:
    """The values the drop-down of a column offers (its range on «Lister»)."""
    letter = sheet.cell(row=1, column=_header(sheet).index(header) + 1).column_letter
    found = [v for v in sheet.data_validations.dataValidation if f"{letter}2" in v]
    assert len(found) == 1, f"{sheet.title}.{header}: {len(found)} drop-downs"
    target, cells = found[0].formula1.split("!")
    start, end = cells.replace("$", "").split(":")
    return [c.value for row in book[target][start:end] for c in row]


def test_one_sheet_per_table_as_the_upload_reads_them(app_data) -> None:
    book = load_workbook(io.BytesIO(register_workbook(app_data.register)))
    assert book.sheetnames == SHEETS
    assert book["Lister"].sheet_state == "hidden"
    assert _header(book["arrangements"])[4:6] == ["host_kommunenummer", "host_kommunenummer (navn)"]
    assert _header(book["memberships"]) == ["arrangement_id", "kommunenummer", "kommunenummer (navn)"]
    assert "kommunenummer (navn)" not in _header(book["municipalities"])  # it holds the names
    first = [c.value for c in book["memberships"][2]]
    assert first == ["legevakt-alstahaug-leirfjord", "1820", "Alstahaug"]  # numbers stay text
    assert book["memberships"]["B2"].number_format == "@"
    assert book["arrangements"].max_row == len(app_data.register.arrangements) + 1


def test_les_meg_names_every_sheet_and_column_with_what_it_may_hold(app_data) -> None:
    book = load_workbook(io.BytesIO(register_workbook(app_data.register)))
    rows = {(r[0], r[1]): r for r in book["Les meg"].iter_rows(values_only=True) if r[1]}
    for table in TABLES:
        assert (table.name, "(hele arket)") in rows
        for column in table.columns:
            assert (table.name, column.name) in rows, (table.name, column.name)
    assert rows[("arrangements", "name")][2] == "ja"
    assert rows[("arrangements", "note")][2] == "nei (kolonnen kan utelates)"
    assert rows[("arrangements", "host_kommunenummer")][2] == "nei (kan stå tom)"
    assert all(form in rows[("arrangements", "legal_form")][3] for form in LEGAL_FORMS)
    assert rows[("arrangements", "founded")][3] == "heltall 1800–2100"
    assert rows[("tile_layout", "(hele arket)")][2] == "nei (arket kan utelates)"
    named = rows[("memberships", "kommunenummer (navn)")]
    assert named[5] == "Leirfjord" and rows[("memberships", "kommunenummer")][5] == "1822"


def test_the_guide_and_the_schema_must_agree(tmp_path: Path) -> None:
    from kommunekart.domain.guide import GUIDE_FILE

    lines = GUIDE_FILE.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "guide.csv"
    cut.write_text("\n".join(line for line in lines if not line.startswith("arrangements,basis,")),
                   encoding="utf-8")
    with pytest.raises(ValueError, match="arrangements', 'basis"):
        read_guide(cut)


def test_coded_columns_have_drop_down_lists(app_data) -> None:
    book = load_workbook(io.BytesIO(register_workbook(app_data.register)))
    arrangements = book["arrangements"]
    assert _list_values(book, arrangements, "legal_form") == list(LEGAL_FORMS)
    assert _list_values(book, arrangements, "members_complete") == list(BOOLEANS)
    assert _list_values(book, arrangements, "basis") == list(BASES)
    tasks = _list_values(book, arrangements, "task_area_id")
    assert len(tasks) == 41 and tasks[0] == "regionrad"
    numbers = _list_values(book, arrangements, "host_kommunenummer")
    names = _list_values(book, arrangements, "host_kommunenummer (navn)")
    assert len(numbers) == 88 and "1820" in numbers and "Alstahaug" in names
    assert _list_values(book, book["memberships"], "kommunenummer") == numbers
    assert _list_values(book, book["region_layers"], "confidence")[0] == "stated-2020"


def test_round_trip_unchanged_gives_the_same_register(app_data, tmp_path: Path) -> None:
    body = register_workbook(app_data.register)
    loaded = _load(tmp_path, body)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(loaded, table.name), getattr(app_data.register, table.name),
                                      obj=table.name)
    registry = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    shown = registry.get(registry.add_upload([("kommunekart-register-data.xlsx", body)]))
    assert shown.coverage_badge == app_data.coverage_badge
    assert shown.coverage == app_data.coverage
    assert shown.register_name == "kommunekart-register-data.xlsx"
    assert len(shown.register.memberships) == len(app_data.register.memberships) == 580


def test_round_trip_with_an_arrangement_added_in_the_sheet(app_data, tmp_path: Path) -> None:
    def add(book) -> None:
        book["arrangements"].append(["ny-ordning", "Ny ordning Bodø–Saltdal", "legevakt", "vertskommune",
                                     "1804", "Bodø", 2021, "offentlig-kilde", "2021", "stated-other-year",
                                     "true", "https://example.org/ny", None])
        book["memberships"].append(["ny-ordning", "1804", "Bodø"])
        book["memberships"].append(["ny-ordning", "1840", None])  # the name may be left empty

    loaded = _load(tmp_path, _edited(register_workbook(app_data.register), add))
    arr = loaded.arrangements.set_index("arrangement_id")
    assert len(arr) == len(app_data.register.arrangements) + 1
    assert arr.loc["ny-ordning", "name"] == "Ny ordning Bodø–Saltdal"
    assert arr.loc["ny-ordning", "host_kommunenummer"] == "1804"
    assert arr.loc["ny-ordning", "founded"] == 2021 and bool(arr.loc["ny-ordning", "members_complete"])
    members = loaded.memberships[loaded.memberships["arrangement_id"] == "ny-ordning"]
    assert sorted(members["kommunenummer"]) == ["1804", "1840"]
    pd.testing.assert_frame_equal(loaded.task_areas, app_data.register.task_areas)


def test_hostile_cells_round_trip_as_text(app_data, tmp_path: Path) -> None:
    arr = app_data.register.arrangements.copy()
    arr.loc[0, "name"] = "=1+1"
    arr.loc[0, "note"] = "<b>x</b>"
    arr.loc[1, "name"] = "@SUM(A1)"
    body = register_workbook(replace(app_data.register, arrangements=arr))
    sheet = load_workbook(io.BytesIO(body))["arrangements"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix  # text, never a formula
    loaded = _load(tmp_path, body)
    assert loaded.arrangements.loc[0, "name"] == "=1+1"
    assert loaded.arrangements.loc[0, "note"] == "<b>x</b>"
    assert loaded.arrangements.loc[1, "name"] == "@SUM(A1)"


def test_a_formula_is_read_as_its_value_never_as_the_formula(app_data, tmp_path: Path) -> None:
    def formula(book) -> None:
        book["arrangements"]["M2"] = '=HYPERLINK("https://example.org")'  # no value saved with it

    loaded = _load(tmp_path, _edited(register_workbook(app_data.register), formula))
    assert pd.isna(loaded.arrangements.loc[0, "note"])


def test_excels_logical_true_reads_as_true(app_data, tmp_path: Path) -> None:
    def logical(book) -> None:  # what English Excel makes of «true» typed in a cell
        book["arrangements"]["K2"] = False

    loaded = _load(tmp_path, _edited(register_workbook(app_data.register), logical))
    assert not loaded.arrangements.loc[0, "members_complete"]


def test_a_name_that_is_not_the_numbers_is_a_problem_with_the_right_name(app_data, tmp_path: Path) -> None:
    def misname(book) -> None:
        book["memberships"]["C2"] = "Narvik"  # beside 1820 (Alstahaug)
        book["memberships"]["C3"] = " leirfjord "  # case and spacing are not a mismatch

    problems = _problems(tmp_path, _edited(register_workbook(app_data.register), misname))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.where, problem.row, problem.column) == ("eget.xlsx [memberships]", 2,
                                                            "kommunenummer (navn)")
    assert problem.suggestion == "Alstahaug" and problem.kind == "kommunenavn"
    assert "«Narvik» stemmer ikke med kommunenummer 1820 (Alstahaug)" in problem.message
    assert "«Narvik» har kommunenummer 1806" in problem.message


def test_a_host_named_without_its_number_is_a_problem_with_the_number(app_data, tmp_path: Path) -> None:
    def unnumbered(book) -> None:
        book["arrangements"]["F2"] = "Alstahaug"  # host_kommunenummer (E2) is empty

    problems = _problems(tmp_path, _edited(register_workbook(app_data.register), unnumbered))
    assert [(p.row, p.column, p.suggestion) for p in problems] == [(2, "host_kommunenummer", "1820")]


def test_an_unknown_column_is_still_refused(app_data, tmp_path: Path) -> None:
    def extra(book) -> None:
        book["memberships"]["D1"] = "navn"  # not «kommunenummer (navn)»

    problems = _problems(tmp_path, _edited(register_workbook(app_data.register), extra))
    assert (problems[0].column, problems[0].message) == ("navn", "ukjent kolonne")


def test_template_has_the_fixed_tables_and_empty_ones_to_fill_in(app_data, tmp_path: Path) -> None:
    body = template_workbook(app_data.register)
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == SHEETS
    assert book["arrangements"].max_row == 1 and book["memberships"].max_row == 1
    assert book["municipalities"].max_row == 89 and book["task_areas"].max_row == 42
    assert _list_values(book, book["arrangements"], "legal_form") == list(LEGAL_FORMS)
    problems = _problems(tmp_path, body)  # as it stands: nothing to show
    assert [p.message for p in problems] == [
        "registeret har ingen ordninger (tabellen har bare overskriftsraden)"]

    def fill(book) -> None:
        for arrangement_id, members in (("renovasjon-a", ("1804", "1841")), ("iks-b", ("1820", "1822"))):
            book["arrangements"].append([arrangement_id, f"Ordning {arrangement_id}", "renovasjon",
                                         "IKS", None, None, None, "offentlig-kilde", "2020",
                                         "stated-2020", "true", "https://example.org", None])
            for number in members:
                book["memberships"].append([arrangement_id, number])

    loaded = _load(tmp_path, _edited(body, fill), "fylt.xlsx")
    assert sorted(loaded.arrangements["arrangement_id"]) == ["iks-b", "renovasjon-a"]
    assert len(loaded.memberships) == 4 and len(loaded.task_areas) == 41
    assert loaded.region_layers.empty and len(loaded.tile_layout) == 41
