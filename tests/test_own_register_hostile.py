"""Own registers attacked as a hostile or careless user would: formula-looking text, markup,
control characters, huge cells, repeated headers, look-alike letters, invisible spaces, ambiguous
names, a workbook of neither shape, a problem CSV id that is a path. Each time the user gets the
value back as text, or a Norwegian problem naming the file or sheet, the row and the column; no
server path and nothing already loaded lost."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kommunekart.cli import main
from kommunekart.domain.register import Register, RegisterError, check_register
from kommunekart.outputs.register_book import register_workbook
from kommunekart.uploads.problem_report import problems_csv
from kommunekart.uploads.registers import Registries
from kommunekart.web.app import create_app
from tests.helpers import components, edit, page, register_copy

HEADER = "Navn samarbeidsordning;Deltakerkommuner;Kom\n"
HOSTILE_NAMES = ('=HYPERLINK("http://x","klikk")', "+cmd|' /C calc'!A0", "@SUM(A1)",
                 "<img src=x onerror=alert(1)>", "%{z} <b>fet</b>")


def write(tmp_path: Path, text: str, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sheet_file(tmp_path: Path, rows: list[list], merge: str | None = None,
               name: str = "liste.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Liste"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / name
    book.save(path)
    return path


def problems_of(path: Path, boundary: Path) -> list:
    with pytest.raises(RegisterError) as info:
        check_register(path, boundary)
    return info.value.problems


def located(problems: list) -> list[tuple]:
    return [(p.where, p.row, p.column) for p in problems]


def test_formula_looking_names_are_text_in_and_out(tmp_path: Path, kommuner_path: Path) -> None:
    members = ("Alstahaug, Leirfjord", "Alstahaug, Vefsn", "Vefsn, Leirfjord", "Bodø, Saltdal",
               "Bodø, Fauske")
    rows = "".join(f"{n};{m};2\n" for n, m in zip(HOSTILE_NAMES, members, strict=True))
    reg = check_register(write(tmp_path, HEADER + rows), kommuner_path)
    assert list(reg.arrangements["name"]) == list(HOSTILE_NAMES)
    sheet = load_workbook(io.BytesIO(register_workbook(reg)))["arrangements"]
    cells = [sheet.cell(row=r, column=2) for r in range(2, 2 + len(HOSTILE_NAMES))]
    assert [c.value for c in cells] == list(HOSTILE_NAMES)
    assert all(c.data_type == "s" for c in cells)  # never a formula in the register workbook
    assert all(c.quotePrefix for c in cells[:3])


def test_formula_looking_text_in_a_problem_is_text_in_its_csv(tmp_path: Path,
                                                              kommuner_path: Path) -> None:
    path = write(tmp_path, "Navn samarbeidsordning;Deltakerkommuner;=cmd\nA;Alstahaug, Leirfjord;x\n")
    problems = problems_of(path, kommuner_path)
    assert ("liste.csv", 1, "=cmd") in located(problems)
    rows = list(csv.reader(io.StringIO(problems_csv(problems).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["liste.csv", "1", "'=cmd"]


def _strings(node, path=()):
    """(key path, text) of every string in a layout sent as JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def test_markup_in_names_reaches_the_page_only_as_grid_text(app_data, tmp_path: Path) -> None:
    name = "<img src=x onerror=alert(1)> %{z}"
    folder = tmp_path / "uploads"
    rid = Registries(app_data, app_data.boundary_path, folder).add_upload(
        [("liste.csv", (HEADER + f"{name};Alstahaug, Leirfjord;2\n").encode())])
    client = create_app(app_data, upload_folder=folder).server.test_client()
    reply = page(client, "/konstellasjoner", f"?register={rid}&kommune=1820")
    assert reply.status_code == 200
    found = {path[-1] for path, text in _strings(reply.get_json()) if "onerror" in text}
    # the grid's cell, the page's store and the phone's card (a Span's text, its id as a value):
    # never markup
    assert found == {"navn", "name", "id", "children", "data-kk-value"}
    spans = [c for c in components(reply.get_json())
             if "onerror" in str(c["props"].get("children")) and isinstance(c["props"]["children"], str)]
    assert spans and all(c["type"] == "Span" for c in spans)
    grids = [c for c in components(reply.get_json()) if c["type"] == "AgGrid"]
    navn = [d for g in grids for d in g["props"]["columnDefs"] if d.get("field") == "navn"]
    assert navn and not any("cellRenderer" in d for d in navn)  # the grid writes it as text
    assert not any(c["type"] in ("Script", "Iframe", "Img") for c in components(reply.get_json()))


@pytest.mark.parametrize("cell, column, expected", [
    ("A\x00b\x07", "Navn samarbeidsordning", "cellen har usynlige kontrolltegn (U+0000, U+0007)"),
    ("A", "Deltakerkommuner", "cellen har usynlige kontrolltegn (U+001B)"),
])
def test_control_characters_are_refused_where_they_stand(tmp_path: Path, kommuner_path: Path,
                                                         cell: str, column: str,
                                                         expected: str) -> None:
    members = "Alstahaug\x1b, Leirfjord" if column == "Deltakerkommuner" else "Alstahaug, Leirfjord"
    problems = problems_of(write(tmp_path, HEADER + f"{cell};{members};2\n"), kommuner_path)
    assert [(p.where, p.row, p.column, p.message) for p in problems] == [
        ("liste.csv", 2, column, expected)]


def test_a_cell_longer_than_excel_holds_is_refused(tmp_path: Path, kommuner_path: Path) -> None:
    problems = problems_of(write(tmp_path, HEADER + "A" * 100_000 + ";Alstahaug, Leirfjord;2\n"),
                           kommuner_path)
    assert [(p.row, p.column, p.message) for p in problems] == [
        (2, "Navn samarbeidsordning",
         "cellen har 100 000 tegn; en celle rommer høyst 32 767 (Excels grense)")]


def test_twenty_thousand_rows_and_more_are_refused_in_one_sentence(tmp_path: Path,
                                                                   kommuner_path: Path) -> None:
    rows = "".join(f"Ordning {i};Alstahaug, Leirfjord;2\n" for i in range(20_001))
    problems = problems_of(write(tmp_path, HEADER + rows), kommuner_path)
    assert [str(p) for p in problems] == [
        "liste.csv: tabellen har over 20 000 rader (grensen per tabell); den ble ikke lest videre"]


def test_a_header_row_repeated_mid_sheet_is_skipped_and_said(tmp_path: Path,
                                                             kommuner_path: Path) -> None:
    path = sheet_file(tmp_path, [["Navn samarbeidsordning", "Deltakerkommuner"],
                                 ["A", "Alstahaug, Leirfjord"],
                                 ["Navn samarbeidsordning ", "deltakerkommuner"],
                                 ["B", "Alstahaug, Vefsn"]])
    reg = check_register(path, kommuner_path)
    assert list(reg.arrangements["name"]) == ["A", "B"]
    assert "overskriftsraden står på nytt og er hoppet over (rad 3)" in reg.notices


def test_a_header_row_repeated_in_a_full_register_is_one_problem(app_data, tmp_path: Path,
                                                                 kommuner_path: Path) -> None:
    book = load_workbook(io.BytesIO(register_workbook(app_data.register)))
    sheet = book["arrangements"]
    sheet.append([c.value for c in sheet[1]])
    book.save(tmp_path / "eget.xlsx")
    problems = problems_of(tmp_path / "eget.xlsx", kommuner_path)
    assert [str(p) for p in problems] == [
        f"eget.xlsx [arrangements], rad {sheet.max_row}: overskriftsraden står på nytt; slett raden"]


@pytest.mark.parametrize("rows", [[["Samarbeid i Alstahaug"]], [["Samarbeid i Alstahaug"], [],
                                                                 ["Navn", "Kommune"]]])
def test_a_sheet_of_neither_shape_is_said_once(tmp_path: Path, kommuner_path: Path,
                                               rows: list) -> None:
    problems = problems_of(sheet_file(tmp_path, rows), kommuner_path)
    assert len(problems) == 1 and problems[0].where == "liste.xlsx"
    assert problems[0].message.startswith("arbeidsboka er verken et fullt register")
    assert "«Navn samarbeidsordning» og «Deltakerkommuner»" in problems[0].message


def test_a_merged_title_over_the_header_reads(tmp_path: Path, kommuner_path: Path) -> None:
    path = sheet_file(tmp_path, [["Ordninger i Alstahaug", None, None],
                                 ["Navn samarbeidsordning", "Deltakerkommuner", "Kom"],
                                 ["A", "Alstahaug, Leirfjord", 2]], merge="A1:C1")
    assert list(check_register(path, kommuner_path).arrangements["name"]) == ["A"]


def test_a_formula_with_no_value_where_a_name_is_needed_says_so(tmp_path: Path,
                                                                kommuner_path: Path) -> None:
    path = sheet_file(tmp_path, [["Navn samarbeidsordning", "Deltakerkommuner", "Merknad"],
                                 ["=A1", "Alstahaug, Leirfjord", "=B1"]])
    problems = problems_of(path, kommuner_path)
    assert [(p.row, p.column, p.suggestion) for p in problems] == [
        (2, "Navn samarbeidsordning", "åpne filen i Excel og lagre den, eller skriv inn verdien")]
    assert problems[0].message.startswith("cellen har en formel uten lagret verdi")


def test_every_municipality_at_once_and_twice(tmp_path: Path, kommuner_path: Path,
                                              app_data) -> None:
    from kommunekart.geo.gazetteer import municipalities

    names = sorted({m.name for m in municipalities(str(kommuner_path))})
    every = check_register(write(tmp_path, HEADER + f"Alle;{', '.join(names)};\n"), kommuner_path)
    assert len(names) == 354 and len(every.memberships) == 354  # one Herøy, one Våler
    assert any(n.startswith("«Herøy» er tolket som Herøy (1818, Nordland)") for n in every.notices)
    problems = problems_of(write(tmp_path, HEADER + f"Alle;{', '.join((names * 2)[:500])};\n"),
                           kommuner_path)
    assert len(problems) == 500 - 354
    assert {p.kind for p in problems} == {"dobbel kommune"}
    glued = problems_of(write(tmp_path, HEADER + f"Alle;{''.join(names)}, Bodø;\n"), kommuner_path)
    assert [(p.row, p.column, p.kind) for p in glued] == [(2, "Deltakerkommuner", "ukjent kommune")]


@pytest.mark.parametrize("written, message_part, suggestion", [
    ("\u0410lstahaug", "«\u0410» er en bokstav fra et annet alfabet (kyrillisk)", "Alstahaug"),
    ("Herøy", "finnes i flere fylker", "Herøy i Nordland eller Herøy i Møre og Romsdal"),
])
def test_look_alikes_and_ambiguous_names_are_refused_with_the_right_name(
        tmp_path: Path, kommuner_path: Path, written: str, message_part: str,
        suggestion: str) -> None:
    other = "Bodø, Ålesund" if written == "Herøy" else "Leirfjord"
    problems = problems_of(write(tmp_path, HEADER + f"A;{written}, {other};\n"), kommuner_path)
    assert [(p.row, p.column) for p in problems] == [(2, "Deltakerkommuner")]
    assert message_part in problems[0].message
    assert sorted(problems[0].suggestion.split(" eller ")) == sorted(suggestion.split(" eller "))


def test_invisible_spaces_in_names_are_ignored(tmp_path: Path, kommuner_path: Path) -> None:
    reg = check_register(write(tmp_path, HEADER + "A;Alsta\u200bhaug,\u00a0Leirfjord\u2060;2\n"),
                         kommuner_path)
    assert sorted(reg.memberships["kommunenummer"]) == ["1820", "1822"]


def test_the_same_arrangement_in_other_case_and_spacing_is_named(tmp_path: Path,
                                                                  kommuner_path: Path) -> None:
    text = HEADER + "IKT Helgeland;Alstahaug, Leirfjord;2\nikt  helgeland;Alstahaug, Vefsn;2\n"
    problems = problems_of(write(tmp_path, text), kommuner_path)
    assert [(p.row, p.column, p.kind) for p in problems] == [
        (3, "Navn samarbeidsordning", "dobbel ordning")]
    assert "står også i rad 2" in problems[0].message


@pytest.mark.parametrize("row, column, message", [
    ("1820;Alstahaug, Leirfjord;2", "Navn samarbeidsordning",
     "navnet på ordningen er bare et tall («1820»); skriv ordningens navn"),
    ("A;Alstahaug, Leirfjord;to", "Kom", "Kom «to» er ikke et tall (antall deltakerkommuner)"),
])
def test_numbers_and_names_in_the_wrong_place(tmp_path: Path, kommuner_path: Path, row: str,
                                              column: str, message: str) -> None:
    problems = problems_of(write(tmp_path, HEADER + row + "\n"), kommuner_path)
    assert [(p.row, p.column, p.message) for p in problems] == [(2, column, message)]


def test_member_numbers_for_names_are_read(tmp_path: Path, kommuner_path: Path) -> None:
    reg = check_register(write(tmp_path, HEADER + "A;1820, 1822;2\n"), kommuner_path)
    assert sorted(reg.memberships["kommunenummer"]) == ["1820", "1822"]


def _full(app_data, tmp_path: Path, change) -> Path:
    book = load_workbook(io.BytesIO(register_workbook(app_data.register)))
    change(book)
    path = tmp_path / "eget.xlsx"
    book.save(path)
    return path


def test_a_name_where_a_number_belongs_in_a_full_register(app_data, tmp_path: Path,
                                                         kommuner_path: Path) -> None:
    def change(book) -> None:
        book["memberships"]["B2"] = "Alstahaug"

    problems = problems_of(_full(app_data, tmp_path, change), kommuner_path)
    assert (problems[0].where, problems[0].row, problems[0].column) == (
        "eget.xlsx [memberships]", 2, "kommunenummer")
    assert any(p.suggestion == "1820" for p in problems)


@pytest.mark.parametrize("written, accepted", [("Alsta\u200bhaug", True),
                                               ("\u0410lstahaug", False)])
def test_name_columns_ignore_invisible_characters_and_name_look_alikes(
        app_data, tmp_path: Path, kommuner_path: Path, written: str, accepted: bool) -> None:
    def change(book) -> None:
        book["memberships"]["C2"] = written  # beside 1820 (Alstahaug)

    path = _full(app_data, tmp_path, change)
    if accepted:
        assert isinstance(check_register(path, kommuner_path), Register)
        return
    problems = problems_of(path, kommuner_path)
    assert [(p.row, p.column, p.suggestion) for p in problems] == [
        (2, "kommunenummer (navn)", "Alstahaug")]
    assert "«\u0410» er en bokstav fra et annet alfabet (kyrillisk)" in problems[0].message


def test_les_meg_edited_into_a_table_changes_nothing(app_data, tmp_path: Path,
                                                     kommuner_path: Path) -> None:
    def change(book) -> None:
        sheet = book["Les meg"]
        sheet.delete_rows(1, sheet.max_row)
        sheet.append(["arrangement_id", "name"])
        sheet.append(["=HYPERLINK(\"x\")", "y"])

    reg = check_register(_full(app_data, tmp_path, change), kommuner_path)
    assert reg.arrangements.equals(app_data.register.arrangements)


def test_control_characters_in_a_full_register_csv_are_refused(tmp_path: Path,
                                                               kommuner_path: Path) -> None:
    folder = register_copy(tmp_path)

    def change(frame):
        frame.loc[0, "note"] = "fra\x00møtet"
        return frame

    edit(folder, "arrangements", change)
    problems = problems_of(folder, kommuner_path)
    assert [(p.where, p.row, p.column, p.message) for p in problems] == [
        ("arrangements.csv", 2, "note", "cellen har usynlige kontrolltegn (U+0000)")]


@pytest.mark.parametrize("pid", ["../../etc/passwd", "", "a" * 10_000, "0123456789abcdef/../x"])
def test_a_problem_csv_id_that_is_not_one_is_refused_in_norwegian(app_data, tmp_path: Path,
                                                                  pid: str) -> None:
    client = create_app(app_data, upload_folder=tmp_path / "uploads").server.test_client()
    reply = client.get("/last-ned/problemer.csv", query_string={"id": pid})
    assert reply.status_code == 400
    text = reply.get_data(as_text=True)
    assert text.startswith("Feillisten finnes ikke lenger på serveren")
    assert str(tmp_path) not in text and "Traceback" not in text


def test_a_refused_hostile_upload_keeps_what_was_loaded(app_data, tmp_path: Path) -> None:
    registry = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    good = registry.add_upload([("liste.csv", (HEADER + "A;Alstahaug, Leirfjord;2\n").encode())])
    with pytest.raises(RegisterError) as info:
        registry.add_upload([("liste.csv", (HEADER + "B\x00;Alstahaug, Vefsn;2\n").encode())])
    assert str(tmp_path) not in " ".join(str(p) for p in info.value.problems)
    assert list(registry.get(good).register.arrangements["name"]) == ["A"]


def test_export_register_to_a_path_that_cannot_be_written(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x")
    assert main(["export-register", str(blocker / "registeret.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Kunne ikke skrive {blocker / 'registeret.xlsx'}:")
    assert "Traceback" not in err
