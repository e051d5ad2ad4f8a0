"""AppData: built once per process, refuses a register whose municipalities have no boundary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import app.viewmodel as viewmodel
from app.dashboard import create_app, load_data
from app.geometry import MissingGeometryError
from app.paths import DATA_DIR


def test_unknown_municipality_without_boundary_is_named(app_data, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder)
    with (folder / "municipalities.csv").open("a", encoding="utf-8") as f:
        f.write("1899,Ukjentby,Nordland,false,test\n")
    with pytest.raises(MissingGeometryError) as info:
        load_data(folder)
    assert info.value.numbers == ["1899"]
    assert "1899" in str(info.value) and "municipalities i registeret" in str(info.value)


def test_page_views_reuse_what_was_built_once(app_data, monkeypatch) -> None:
    calls = []
    real = viewmodel._client_register
    monkeypatch.setattr(viewmodel, "_client_register", lambda d: calls.append(1) or real(d))
    server = create_app(app_data).server.test_client()
    figure = app_data.base_figure
    for _ in range(3):
        assert server.get("/kart").status_code == 200
        body = {"output": ".._pages_content.children..._pages_store.data..",
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}], "inputs": [
                    {"id": "_pages_location", "property": "pathname", "value": "/kart"},
                    {"id": "_pages_location", "property": "search", "value": ""}],
                "changedPropIds": ["_pages_location.pathname"]}
        page = server.post("/_dash-update-component", json=body)
        assert page.status_code == 200 and b'"register"' in page.data
    assert len(calls) <= 1
    assert app_data.base_figure is figure
