"""The register loader refuses broken registers whole and names file, row, column and problem."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from kommunekart.cli import main
from kommunekart.domain.register import RegisterError, load_register
from kommunekart.paths import DATA_DIR


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[str, Callable[[str], str]], Path]:
    """Copy data/ to a temp folder and rewrite one file's text."""
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.md"))

    def edit(filename: str, change: Callable[[str], str]) -> Path:
        path = folder / filename
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return folder

    return edit


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(RegisterError) as info:
        load_register(folder)
    return [str(p) for p in info.value.problems]


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert text.count(old) >= 1, f"fixture text {old!r} not found"
        return text.replace(old, new, 1)
    return change


def line_of(filename: str, needle: str) -> int:
    lines = (DATA_DIR / filename).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_shipped_register_loads_with_typed_tables() -> None:
    reg = load_register(DATA_DIR)
    assert reg.municipalities["kommunenummer"].str.fullmatch(r"\d{4}").all()
    assert int(reg.municipalities["in_nordland"].sum()) == 41
    assert reg.task_areas["share_2020"].dtype == "Float64"
    assert reg.arrangements["members_complete"].dtype == bool
    assert set(reg.memberships["kommunenummer"]) <= set(reg.municipalities["kommunenummer"])


def test_malformed_csv_names_file_and_row(broken) -> None:
    row = line_of("memberships.csv", "helgeland-havn-iks,1824")
    folder = broken("memberships.csv", replace_once("helgeland-havn-iks,1824",
                                                    "helgeland-havn-iks,1824,extra"))
    assert f"memberships.csv, rad {row}: 3 felt, forventet 2" in problems_of(folder)


def test_unterminated_quote_is_reported(broken) -> None:
    folder = broken("task_areas.csv", lambda t: t + 'x,42,"Uavsluttet,1,2,vanlig,kilde\n')
    assert any(p.startswith("task_areas.csv, rad") and "ugyldig CSV" in p
               for p in problems_of(folder))


def test_missing_and_unknown_columns(broken) -> None:
    folder = broken("arrangements.csv", replace_once("legal_form,", "rettsform,"))
    found = problems_of(folder)
    assert "arrangements.csv, rad 1, kolonne «legal_form»: kolonnen mangler" in found
    assert "arrangements.csv, rad 1, kolonne «rettsform»: ukjent kolonne" in found


def test_unknown_kommunenummer(broken) -> None:
    row = line_of("memberships.csv", "helgeland-havn-iks,1824")
    folder = broken("memberships.csv", replace_once("helgeland-havn-iks,1824",
                                                    "helgeland-havn-iks,1899"))
    assert (f"memberships.csv, rad {row}, kolonne «kommunenummer»: ukjent kommunenummer «1899» "
            "(finnes ikke i municipalities)") in problems_of(folder)


def test_kommunenummer_not_four_digits(broken) -> None:
    row = line_of("region_layers.csv", "lvs-helgeland,Helgeland legevaktsentral,1818")
    folder = broken("region_layers.csv", replace_once(
        "lvs-helgeland,Helgeland legevaktsentral,1818", "lvs-helgeland,Helgeland legevaktsentral,818"))
    assert (f"region_layers.csv, rad {row}, kolonne «kommunenummer»: kommunenummer «818» "
            "er ikke fire sifre") in problems_of(folder)


def test_duplicate_ids(broken) -> None:
    folder = broken("task_areas.csv", replace_once("iua,2,", "regionrad,2,"))
    expected = "task_areas.csv, rad 3, kolonne «task_area_id»: dobbel nøkkel (task_area_id=regionrad)"
    assert expected in problems_of(folder)


def test_membership_of_unknown_arrangement(broken) -> None:
    folder = broken("memberships.csv", lambda t: t + "finnes-ikke,1804\n")
    row = len((DATA_DIR / "memberships.csv").read_text(encoding="utf-8").splitlines()) + 1
    assert (f"memberships.csv, rad {row}, kolonne «arrangement_id»: deltakelse i ukjent ordning "
            "«finnes-ikke»") in problems_of(folder)


def test_host_not_a_member(broken) -> None:
    row = line_of("arrangements.csv", "helgeland-krisesenter,")
    folder = broken("arrangements.csv", replace_once(",vertskommune,1824,", ",vertskommune,1804,"))
    assert (f"arrangements.csv, rad {row}, kolonne «host_kommunenummer»: vertskommunen 1804 (Bodø) "
            "er ikke deltaker i «helgeland-krisesenter»") in problems_of(folder)


def test_arrangement_with_fewer_than_two_members(broken) -> None:
    row = line_of("arrangements.csv", "driv-karriere-as,")
    folder = broken("memberships.csv", replace_once("driv-karriere-as,1833\n", ""))
    found = problems_of(folder)
    assert any(p.startswith(f"arrangements.csv, rad {row}, kolonne «arrangement_id»: ordningen "
                            "«driv-karriere-as» har 1 deltaker(e)") for p in found)


def test_share_outside_0_100(broken) -> None:
    folder = broken("task_areas.csv", replace_once("regionrad,1,Regionråd,100,100",
                                                   "regionrad,1,Regionråd,100,140"))
    assert ("task_areas.csv, rad 2, kolonne «share_2020»: 140 er utenfor 0–100"
            in problems_of(folder))


def test_layer_and_legal_form_vocabularies(broken) -> None:
    folder = broken("region_layers.csv", replace_once("legevaktsentral,lvs-helgeland",
                                                      "legevakt,lvs-helgeland"))
    broken("arrangements.csv", replace_once(",IKS,", ",interkommunalt selskap,"))
    found = problems_of(folder)
    assert any("kolonne «layer»: «legevakt» er ikke en tillatt verdi" in p for p in found)
    assert any(p.startswith("arrangements.csv, rad")
               and "kolonne «legal_form»: «interkommunalt selskap» er ikke en tillatt verdi" in p
               for p in found)


def test_name_that_does_not_match_its_number(broken) -> None:
    def add_names(text: str) -> str:
        lines = text.splitlines()
        out = ["arrangement_id,kommunenummer,name"]
        out += [f"{line},Bodø" if line.endswith(",1804") else f"{line}," for line in lines[1:]]
        out[1] = out[1].rstrip(",") + ",Leirfjord"  # first row: 1820 Alstahaug named wrongly
        return "\n".join(out) + "\n"
    folder = broken("memberships.csv", add_names)
    first = (DATA_DIR / "memberships.csv").read_text(encoding="utf-8").splitlines()[1]
    number = first.split(",")[1]
    assert number == "1820"
    assert ("memberships.csv, rad 2, kolonne «name»: navnet «Leirfjord» stemmer ikke med "
            "kommunenummer 1820 (Alstahaug)") in problems_of(folder)


def test_all_problems_reported_at_once(broken) -> None:
    broken("task_areas.csv", replace_once("regionrad,1,Regionråd,100,100",
                                          "regionrad,1,Regionråd,100,140"))
    folder = broken("memberships.csv", lambda t: t + "finnes-ikke,1804\n")
    found = problems_of(folder)
    assert any("task_areas.csv" in p for p in found)
    assert any("memberships.csv" in p for p in found)


def test_missing_required_file(broken, tmp_path: Path) -> None:
    folder = broken("memberships.csv", lambda t: t)
    (folder / "arrangements.csv").unlink()
    assert "arrangements.csv: filen mangler" in problems_of(folder)


def test_workbook_register_loads_and_reports_sheet(tmp_path: Path) -> None:
    book = tmp_path / "register.xlsx"
    with pd.ExcelWriter(book) as writer:
        for csv_file in sorted(DATA_DIR.glob("*.csv")):
            frame = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
            frame.to_excel(writer, sheet_name=csv_file.stem, index=False)
    reg = load_register(book)
    assert len(reg.arrangements) == len(load_register(DATA_DIR).arrangements)

    bad = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(bad) as writer:
        for csv_file in sorted(DATA_DIR.glob("*.csv")):
            frame = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
            if csv_file.stem == "memberships":
                frame.loc[4, "kommunenummer"] = "99"
            frame.to_excel(writer, sheet_name=csv_file.stem, index=False)
    assert ("bad.xlsx [memberships], rad 6, kolonne «kommunenummer»: kommunenummer «99» er ikke "
            "fire sifre") in problems_of(bad)


def test_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "register.xlsx"
    fake.write_text("dette er ikke en arbeidsbok")
    assert any(p.startswith("register.xlsx: kan ikke leses som XLSX-arbeidsbok")
               for p in problems_of(fake))


def test_cli_check_prints_coverage(capsys) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    reg = load_register(DATA_DIR)
    survey = reg.arrangements[reg.arrangements["basis"] == "kartlegging-2020"]
    with_members = int(survey["members_complete"].sum())  # like for like: the survey's own rows
    assert f"Dekning: {with_members} av 263 ordninger fra kartleggingen 2020" in out
    assert "Kommuner: " in out and "(41 i Nordland)" in out
    named = set(reg.region_layers.loc[reg.region_layers["layer"] == "legevaktsentral", "region_id"])
    named |= set(reg.regions.loc[reg.regions["layer"] == "legevaktsentral", "region_id"])
    assert f"legevaktsentral: {len(named)} regioner" in out and "oppgir 7" in out.lower()


def test_cli_check_fails_with_every_problem(broken, capsys) -> None:
    folder = broken("task_areas.csv", replace_once("regionrad,1,Regionråd,100,100",
                                                   "regionrad,1,Regionråd,100,140"))
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "har 1 feil og ble ikke lastet" in err
    assert "task_areas.csv, rad 2, kolonne «share_2020»: 140 er utenfor 0–100" in err
