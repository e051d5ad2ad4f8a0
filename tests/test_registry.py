"""Uploaded registers: validated whole, kept under their content hash, found again by any worker;
a broken upload changes nothing and names file, row and problem."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from dash import no_update

from app.export import xlsx_bytes
from app.pages.kart import upload_result
from app.paths import DATA_DIR
from app.register import RegisterError
from app.registry import Registries


def tables() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted(DATA_DIR.glob("*.csv"))}


def survey_only_tables() -> dict[str, pd.DataFrame]:
    """The shipped register cut down to the deck's own arrangements: a different, valid one."""
    t = tables()
    keep = t["arrangements"]["basis"] == "kartlegging-2020"
    t["arrangements"] = t["arrangements"][keep]
    ids = set(t["arrangements"]["arrangement_id"])
    t["memberships"] = t["memberships"][t["memberships"]["arrangement_id"].isin(ids)]
    return t


workbook = xlsx_bytes  # one sheet per table, as a user's register workbook


def csv_files(t: dict[str, pd.DataFrame]) -> list[tuple[str, bytes]]:
    return [(f"{name}.csv", frame.to_csv(index=False).encode()) for name, frame in t.items()]


@pytest.fixture
def registry(app_data, tmp_path: Path) -> Registries:
    return Registries(app_data, app_data.boundary_path, tmp_path / "uploads")


def test_upload_workbook_kept_and_found_by_another_worker(registry, app_data) -> None:
    book = workbook(survey_only_tables())
    rid = registry.add_upload([("mitt register.xlsx", book)])
    data = registry.get(rid)
    assert data is not app_data and data.register_id == rid
    assert data.coverage.with_members == data.coverage.with_members_survey == 42
    assert data.client_register["source_name"] == "mitt register.xlsx"
    other = Registries(app_data, app_data.boundary_path, registry.folder)  # a second worker
    again = other.get(rid)
    assert again is not None and len(again.register.arrangements) == len(data.register.arrangements)
    assert registry.add_upload([("mitt register.xlsx", book)]) == rid  # same bytes, same id


def test_csv_upload(registry) -> None:
    rid = registry.add_upload(csv_files(survey_only_tables()))
    assert registry.get(rid).client_register["source_name"] == "opplastede CSV-filer"


def test_broken_upload_changes_nothing(registry, app_data) -> None:
    t = tables()
    t["memberships"].loc[3, "kommunenummer"] = "1899"
    with pytest.raises(RegisterError) as info:
        registry.add_upload(csv_files(t))
    assert ("memberships.csv, rad 5, kolonne «kommunenummer»: ukjent kommunenummer «1899» "
            "(finnes ikke i municipalities)") in [str(p) for p in info.value.problems]
    assert not registry.folder.exists() or not any(
        p for p in registry.folder.iterdir() if not p.name.startswith("."))
    assert registry.get(None) is app_data


def test_unknown_files_are_named(registry) -> None:
    with pytest.raises(RegisterError) as info:
        registry.add_upload([("medlemmer.csv", b"a,b\n1,2\n")])
    assert str(info.value.problems[0]).startswith("medlemmer.csv: ukjent fil")


def test_links_to_unknown_registers(registry) -> None:
    assert registry.get("0123456789abcdef") is None
    assert registry.get("../../etc/passwd") is None


def test_upload_result_messages(registry) -> None:
    t = tables()
    t["task_areas"].loc[0, "share_2020"] = "140"
    href, alert = upload_result(registry, [("register.xlsx", workbook(t))])
    assert href is no_update
    text = str(alert)
    assert "register.xlsx ble ikke lastet inn: 1 feil" in text
    assert "register.xlsx [task_areas], rad 2, kolonne «share_2020»: 140 er utenfor 0–100" in text
    href, alert = upload_result(registry, [("ok.xlsx", workbook(survey_only_tables()))])
    assert href.startswith("/kart?register=") and "kontrollert og lastet inn" in str(alert)
