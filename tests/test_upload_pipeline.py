"""The upload pipeline answers in plain data (a link and a message model, no Dash components),
and one upload builds its register's AppData once: the check's own copy is the one shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunekart.uploads import pipeline
from kommunekart.uploads.pipeline import UploadMessage
from kommunekart.uploads.registers import Registries
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.upload import alert, upload_box
from kommunekart.web.pages.kart import ID
from tests.helpers import survey_only_tables, tables, workbook
from tests.uploads import data_url


@pytest.fixture
def registry(app_data, tmp_path: Path) -> Registries:
    return Registries(app_data, app_data.boundary_path, tmp_path / "uploads")


@pytest.fixture
def built(monkeypatch) -> list[AppData]:
    """Every AppData constructed while the test runs."""
    made: list[AppData] = []
    original = AppData.__init__

    def counting(self: AppData, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(AppData, "__init__", counting)
    return made


def test_one_appdata_per_upload_added_and_shown(registry, built) -> None:
    outcome = pipeline.upload_result(registry, [("eget.xlsx", workbook(survey_only_tables()))])
    rid = outcome.link.split("register=", 1)[1]  # type: ignore[union-attr]
    data, notices = registry.resolve(rid)
    assert notices == [] and data.register_id == rid
    assert "Viser et opplastet register (eget.xlsx;" in str(upload_box(data, ID))
    assert registry.of({"register": rid}) is data
    assert built == [data]


def test_same_bytes_stored_before_build_once_in_another_worker(registry, app_data, built) -> None:
    book = workbook(survey_only_tables())
    rid = registry.add_upload([("kommunene.xlsx", book)])
    other = Registries(app_data, app_data.boundary_path, registry.folder)  # a second worker
    built.clear()
    assert other.add_upload([("kopi av kommunene.xlsx", book)]) == rid
    data = other.get(rid)
    assert built == [data]
    assert data.register_name == "kommunene.xlsx"  # the stored copy's name


def test_results_are_plain_data(registry) -> None:
    t = tables()
    t["task_areas"].loc[0, "share_2020"] = "140"
    refused = pipeline.upload_result(registry, [("register.xlsx", workbook(t))])
    assert refused.link is None and refused.message is not None
    assert refused.message.kind == "error" and refused.message.listed
    assert refused.message.text.startswith("register.xlsx ble ikke lastet inn: 1 feil.")
    assert refused.message.problems == (
        "register.xlsx [task_areas], rad 2, kolonne «share_2020»: 140 er utenfor 0–100",)
    ok = pipeline.upload_job(registry, [data_url(workbook(survey_only_tables()))], ["ok.xlsx"])
    assert ok is not None and ok.link is not None and ok.link.startswith("/kart?register=")
    assert ok.message == UploadMessage("ok", "ok.xlsx er kontrollert og lastet inn.")
    assert pipeline.upload_job(registry, None, None) is None


def test_the_web_layer_lists_what_the_model_says() -> None:
    many = UploadMessage("error", "x.xlsx ble ikke lastet inn: 32 feil.", ("a", "b"), 30, listed=True)
    shown = str(alert(many))
    assert "'a'" in shown and "… og 30 feil til." in shown and "upload-error" in shown
    assert "upload-ok" in str(alert(UploadMessage("ok", "ok")))
