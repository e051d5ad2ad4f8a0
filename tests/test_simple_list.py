"""The simple list: the deck's Alstahaug table typed in as it stands gives its 33 arrangements
with the shipped register's members; headers found as people write them; every careless or
hostile row a Norwegian problem naming the row and column; the template loads as it is; an
upload and `kommunekart check` take it without further ado."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from kommunekart.cli import main
from kommunekart.domain import measures
from kommunekart.domain.register import Register, RegisterError, check_register, load_register
from kommunekart.outputs.simple_template import simple_template
from kommunekart.paths import DATA_DIR
from kommunekart.uploads.registers import Registries
from tests.helpers import alstahaug_simple_list

ALSTAHAUG_SLIDE = "Kildepresentasjon: Alstahaug i alle konstellasjoner"


def write(tmp_path: Path, text: str, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, boundary: Path) -> list:
    with pytest.raises(RegisterError) as info:
        load_register(path, boundary=boundary)
    return info.value.problems


def members_by_name(reg: Register, ids) -> dict[str, frozenset[str]]:
    arr = reg.arrangements[reg.arrangements["arrangement_id"].isin(ids)]
    mem = reg.memberships.groupby("arrangement_id")["kommunenummer"].agg(frozenset)
    return {r["name"]: mem[r["arrangement_id"]] for _, r in arr.iterrows()}


def test_alstahaug_table_gives_its_33_with_the_shipped_members(tmp_path: Path,
                                                                kommuner_path: Path) -> None:
    path = tmp_path / "alstahaug.csv"
    path.write_bytes(alstahaug_simple_list())
    reg = check_register(path, kommuner_path)
    shipped = load_register(DATA_DIR)
    slide = shipped.arrangements[shipped.arrangements["source"].str.startswith(ALSTAHAUG_SLIDE)]
    expected = members_by_name(shipped, slide["arrangement_id"])
    got = members_by_name(reg, reg.arrangements["arrangement_id"])
    assert len(got) == len(expected) == 33
    assert got == expected
    assert len(measures.arrangements_of(reg, "1820")) == 33
    assert set(reg.arrangements["basis"]) == {"eget-register"}
    assert not measures.coverage(reg).survey_with_members  # never claimed as the survey's
    assert reg.parts.startswith("Ordningene: din liste (33, alstahaug.csv).")
    assert any(n.startswith("«Herøy» er tolket som Herøy (1818, Nordland)") for n in reg.notices)
    # the rest is the shipped register's
    assert reg.task_areas.equals(shipped.task_areas)
    assert reg.region_layers.equals(shipped.region_layers)


def test_ids_are_stable_slugs_of_the_names(tmp_path: Path, kommuner_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(alstahaug_simple_list())
    ids = set(load_register(path, boundary=kommuner_path).arrangements["arrangement_id"])
    assert {"hald-ikt", "veterinaervaktomrade-sandnessjoen", "helgeland-havn-iks"} <= ids


@pytest.mark.parametrize("header", [
    "Nr,Navn samarbeidsordning,Deltakerkommuner,Kom",
    "NR , navn   SAMARBEIDSORDNING ,deltakerkommuner:,KOM",
    "Navn samarbeidsordning,Deltakerkommuner",
])
def test_header_found_below_a_title_in_any_case(tmp_path: Path, kommuner_path: Path,
                                                header: str) -> None:
    row = ["1", "Legevakt Bodø", '"Bodø, Fauske"', "2"] if header.count(",") == 3 else \
        ["Legevakt Bodø", '"Bodø, Fauske"']
    text = f"Samarbeid i Salten 2020\n\n{header}\n{','.join(row)}\n"
    reg = load_register(write(tmp_path, text), boundary=kommuner_path)
    assert reg.arrangements["name"].tolist() == ["Legevakt Bodø"]
    assert set(reg.memberships["kommunenummer"]) == {"1804", "1841"}


def test_members_by_semicolon_line_break_and_og(tmp_path: Path, kommuner_path: Path) -> None:
    text = ('Navn samarbeidsordning;Deltakerkommuner\n'
            'A;Bodø, Fauske\nB;"Bodø\nFauske\nSaltdal"\nC;Bodø og Fauske\nD;Nore og Uvdal, Flå\n')
    reg = load_register(write(tmp_path, text), boundary=kommuner_path)
    members = reg.memberships.groupby("arrangement_id")["kommunenummer"].agg(set).to_dict()
    assert members == {"a": {"1804", "1841"}, "b": {"1804", "1841", "1840"},
                       "c": {"1804", "1841"}, "d": {"3039", "3052"}}  # Flå, Nore og Uvdal


def test_kom_checked_against_the_member_count(tmp_path: Path, kommuner_path: Path) -> None:
    text = "Nr,Navn samarbeidsordning,Deltakerkommuner,Kom\n1,A,\"Bodø, Fauske\",3\n"
    (p,) = problems_of(write(tmp_path, text), kommuner_path)
    assert (p.where, p.row, p.column, p.suggestion) == ("liste.csv", 2, "Kom", "2")
    assert p.message == "Kom er 3, men raden har 2 deltakerkommuner"


def test_careless_rows_each_a_problem_naming_row_and_column(tmp_path: Path,
                                                             kommuner_path: Path) -> None:
    text = ("Navn samarbeidsordning;Deltakerkommuner;År;Vertskommune;Oppgaveområde;Organisasjonsform\n"
            "A;Bodø, Fauske;2020;;;\n"
            "B;Bodø, Bodø, Fauske;i fjor;;;\n"
            "A;Rana, Hemnes;;;;\n"
            "C;Bodø, Leirfjrod;;;;\n"
            "D;Bodø, Fauske;;Rana;Legevakkt;interkommunalt selskap\n"
            ";Bodø, Fauske;;;;\n"
            "Sum;;;;;\n")
    got = {(p.row, p.column, p.kind) for p in problems_of(write(tmp_path, text), kommuner_path)}
    assert got == {
        (3, "Deltakerkommuner", "dobbel kommune"), (3, "År", "ikke et årstall"),
        (4, "Navn samarbeidsordning", "dobbel ordning"), (5, "Deltakerkommuner", "ukjent kommune"),
        (6, "Vertskommune", "verdi"), (6, "Oppgaveområde", "verdi"),
        (6, "Organisasjonsform", "verdi"), (7, "Navn samarbeidsordning", "mangler"),
    }


def test_unknown_header_refused_with_a_suggestion(tmp_path: Path, kommuner_path: Path) -> None:
    text = "Navn samarbeidsordning,Deltakerkommuner,Vertskomune\nA,\"Bodø, Fauske\",Bodø\n"
    (p,) = problems_of(write(tmp_path, text), kommuner_path)
    assert (p.row, p.column, p.message, p.suggestion) == (1, "Vertskomune", "ukjent kolonne",
                                                          "Vertskommune")


def test_total_rows_skipped_and_said(tmp_path: Path, kommuner_path: Path) -> None:
    text = "Nr,Navn samarbeidsordning,Deltakerkommuner,Kom\n1,A,\"Bodø, Fauske\",2\nSum,,,2\n"
    reg = load_register(write(tmp_path, text), boundary=kommuner_path)
    assert len(reg.arrangements) == 1
    assert reg.notices == ("summeraden «Sum» er hoppet over (rad 3)",)


def _book(rows: list[list[object]], merge: str | None = None) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    return book


def test_workbook_merged_cells_read_as_seen(tmp_path: Path, kommuner_path: Path) -> None:
    book = _book([["Tittel"], ["Navn samarbeidsordning", "Deltakerkommuner", "Kilde"],
                  ["A", "Bodø, Fauske", "Saltens side"], ["B", "Bodø, Saltdal", None]], "C3:C4")
    path = tmp_path / "liste.xlsx"
    book.save(path)
    reg = load_register(path, boundary=kommuner_path)
    assert reg.arrangements["source"].tolist() == ["Saltens side", "Saltens side"]
    assert reg.read_as == "enkel liste (XLSX-arbeidsbok)"


def test_workbook_formula_gives_its_value_never_the_formula(tmp_path: Path,
                                                            kommuner_path: Path) -> None:
    book = _book([["Navn samarbeidsordning", "Deltakerkommuner", "Kom"],
                  ["A", "Bodø, Fauske", "=LEN(B2)"]])
    buffer = io.BytesIO()
    book.save(buffer)
    # as Excel saves it: the formula with its last value
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(tmp_path / "liste.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<f>LEN\(B2\)</f><v\s*/?>(</v>)?", b"<f>LEN(B2)</f><v>3</v>", data)
            dst.writestr(item, data)
    (p,) = problems_of(tmp_path / "liste.xlsx", kommuner_path)
    assert p.message == "Kom er 3, men raden har 2 deltakerkommuner"


def test_20000_rows_is_the_limit(tmp_path: Path, kommuner_path: Path) -> None:
    text = "Navn samarbeidsordning,Deltakerkommuner\n" + "".join(
        f"Ordning {i},\"Bodø, Fauske\"\n" for i in range(20_001))
    (p,) = problems_of(write(tmp_path, text), kommuner_path)
    assert "over 20 000 rader" in p.message


def test_template_loads_as_it_is(tmp_path: Path, kommuner_path: Path) -> None:
    path = tmp_path / "mal.xlsx"
    path.write_bytes(simple_template())
    reg = check_register(path, kommuner_path)
    assert reg.arrangements["name"].tolist() == ["Legevakt Alstahaug-Leirfjord"]
    assert reg.arrangements["task_area_id"].tolist() == ["legevakt"]
    assert reg.arrangements["as_of"].tolist() == ["2020"]


def test_a_full_register_workbook_is_not_a_simple_list(tmp_path: Path) -> None:
    from tests.helpers import tables, workbook

    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook(tables()))
    assert load_register(path).read_as == "XLSX-arbeidsbok"


def test_upload_and_check_take_a_simple_list(tmp_path: Path, app_data, capsys) -> None:
    content = alstahaug_simple_list()
    registry = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    rid = registry.add_upload([("Alstahaug.csv", content)])
    data = registry.get(rid)
    assert len(data.register.arrangements) == 33
    assert "Ordningene: din liste (33" in data.coverage_detail
    assert "33 fra eget register" in data.coverage_badge
    path = tmp_path / "alstahaug.csv"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Format: leste enkel liste (CSV-fil)" in out and "Deler: Ordningene: din liste" in out


def test_bench_list_of_300_loads(tmp_path: Path, app_data) -> None:
    from kommunekart.bench.simple_list import simple_list_lines, simple_list_timing

    r = simple_list_timing(app_data)
    assert r["simple_list_rows"] == 300
    (line,) = simple_list_lines(r, lambda *cells: " | ".join(cells))
    assert line.startswith("simple list checked+open | 300 arrangements: ")
