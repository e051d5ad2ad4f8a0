"""Uploaded registers: validated whole, kept under their content hash, found again by any worker;
a broken upload changes nothing and names file, row and problem."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from dash import no_update

import kommunekart.uploads.registers
from kommunekart.domain.register import RegisterError
from kommunekart.uploads.registers import Registries
from kommunekart.web.components.upload import upload_result
from tests.helpers import csv_files, survey_only_tables, survey_with_members, tables, workbook


@pytest.fixture
def registry(app_data, tmp_path: Path) -> Registries:
    return Registries(app_data, app_data.boundary_path, tmp_path / "uploads")


def test_upload_workbook_kept_and_found_by_another_worker(registry, app_data) -> None:
    book = workbook(survey_only_tables())
    rid = registry.add_upload([("mitt register.xlsx", book)])
    data = registry.get(rid)
    assert data is not app_data and data.register_id == rid
    assert data.coverage.with_members == data.coverage.survey_with_members == survey_with_members()
    assert data.register_name == "mitt register.xlsx"
    other = Registries(app_data, app_data.boundary_path, registry.folder)  # a second worker
    again = other.get(rid)
    assert again is not None and len(again.register.arrangements) == len(data.register.arrangements)
    assert registry.add_upload([("mitt register.xlsx", book)]) == rid  # same bytes, same id


def test_csv_upload(registry) -> None:
    rid = registry.add_upload(csv_files(survey_only_tables()))
    assert registry.get(rid).register_name == "opplastede CSV-filer"


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


def _version(n: int) -> list[tuple[str, bytes]]:
    """A valid upload of its own (its own id): the survey-only register with a note changed."""
    t = survey_only_tables()
    t["arrangements"].loc[t["arrangements"].index[0], "note"] = f"versjon {n}"
    return csv_files(t)


def test_old_uploads_are_evicted_from_memory_but_stay_on_disk(registry, monkeypatch) -> None:
    """At most MAX_IN_MEMORY uploads are kept built; the least recently used goes first, its
    memory is freed, and its link still works (rebuilt from the copy on disk)."""
    monkeypatch.setattr(kommunekart.uploads.registers, "MAX_IN_MEMORY", 2)
    first, second = registry.add_upload(_version(0)), registry.add_upload(_version(1))
    evicted = weakref.ref(registry.get(second))
    kept = registry.get(first)  # used last: now the most recently used, so second goes first
    third = registry.add_upload(_version(2))
    assert len({first, second, third}) == 3

    gc.collect()
    assert evicted() is None  # nothing holds the evicted AppData any more
    assert registry.get(first) is kept and registry.get(third) is registry.get(third)
    again = registry.get(second)  # rebuilt from disk, the same register
    assert again is not None and again.register_id == second
    assert again.register.arrangements["note"].iloc[0] == "versjon 1"
    assert sorted(p.name for p in registry.folder.iterdir() if not p.name.startswith(".")) == sorted(
        [first, second, third])


def test_shipped_register_is_never_evicted(registry, app_data, monkeypatch) -> None:
    monkeypatch.setattr(kommunekart.uploads.registers, "MAX_IN_MEMORY", 1)
    for n in range(2):
        registry.add_upload(_version(n))
    assert registry.get(None) is app_data
