"""AppData: built once per process, refuses a register whose municipalities have no boundary;
KOMMUNEKART_REGISTER chooses the register served (a broken one is refused at start-up); `/` and
`/kart` serve the map."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kommunekart import cli
from kommunekart.domain.register import RegisterError
from kommunekart.figures import basemaps
from kommunekart.figures.map import MAIN
from kommunekart.geo.geometry import MissingGeometryError
from kommunekart.paths import CHECKOUT_ROOT, DATA_DIR
from kommunekart.views import client
from kommunekart.web.app import REGISTER_ENV, create_app, load_data
from tests.helpers import components, page, survey_only_tables, survey_with_members, tables, workbook


def write_csv_register(folder: Path, t: dict) -> Path:
    folder.mkdir()
    for name, frame in t.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def test_unknown_municipality_without_boundary_is_named(app_data, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder)
    with (folder / "municipalities.csv").open("a", encoding="utf-8") as f:
        f.write("1899,Ukjentby,Nordland,false,test,,,\n")
    with pytest.raises(MissingGeometryError) as info:
        load_data(folder)
    assert info.value.numbers == ["1899"]
    assert "1899" in str(info.value) and "municipalities i registeret" in str(info.value)


def test_page_views_reuse_what_was_built_once(app_data, monkeypatch) -> None:

    calls = []
    real = client.build
    monkeypatch.setattr(client, "build", lambda d: calls.append(1) or real(d))
    app_data.release()  # count from unbuilt
    figure = basemaps.base_figure(app_data.basemap)
    server = create_app(app_data).server.test_client()
    for _ in range(3):
        assert server.get("/kart").status_code == 200
        reply = page(server, "/kart")
        assert reply.status_code == 200 and b'"register"' in reply.data
    assert len(calls) == 1  # built for the first page view, reused by the next two
    assert basemaps.base_figure(app_data.basemap) is figure


def _map_graphs(layout: Any) -> list[dict[str, Any]]:
    return [c for c in components(layout) if c["type"] == "Graph"
            and len(c["props"].get("figure", {}).get("data", [])) > MAIN]


@pytest.mark.parametrize("path", ["/", "/kart"])
def test_root_and_kart_serve_the_map(app_data, path: str) -> None:
    """`/` is the map, as `/kart` is: the same page, the 41 municipalities, links honoured."""
    client = create_app(app_data).server.test_client()
    assert client.get(path).status_code == 200
    reply = page(client, path, "?kommune=1820")
    assert reply.status_code == 200
    layout = reply.get_json()["response"]["_pages_content"]["children"]
    graphs = _map_graphs(layout)
    assert len(graphs) == 1
    assert sorted(graphs[0]["props"]["figure"]["data"][MAIN]["locations"]) == app_data.nordland
    assert any(c["props"].get("value") == "1820" for c in components(layout))  # kommune chosen


def test_kommunekart_register_chooses_the_register(monkeypatch, tmp_path: Path,
                                                   kommuner_path: Path) -> None:
    """KOMMUNEKART_REGISTER (a folder or a workbook) is what load_data, and so the server, use."""
    folder = write_csv_register(tmp_path / "eget", survey_only_tables())
    monkeypatch.setenv(REGISTER_ENV, str(folder))
    data = load_data(boundaries=kommuner_path)
    assert data.register.source == str(folder)
    assert set(data.register.arrangements["basis"]) == {"kartlegging-2020"}
    assert data.coverage.survey_with_members == survey_with_members()
    assert data.coverage.other_with_members == 0
    assert load_data(DATA_DIR, boundaries=kommuner_path).register.source == str(DATA_DIR)  # explicit wins

    client = create_app(data).server.test_client()
    layout = page(client, "/kart").get_json()["response"]["_pages_content"]["children"]
    copies = [c["props"]["data"] for c in components(layout)
              if isinstance(c["props"].get("data"), dict) and "arrangements" in c["props"]["data"]]
    assert len(copies) == 1 and data.register_name == "eget"  # the header names it so
    assert len(copies[0]["arrangements"]) == len(data.register.arrangements)

    book = tmp_path / "eget.xlsx"
    book.write_bytes(workbook(survey_only_tables()))
    monkeypatch.setenv(REGISTER_ENV, str(book))
    assert load_data(boundaries=kommuner_path).register.source == str(book)


def test_broken_kommunekart_register_is_refused(monkeypatch, tmp_path: Path, kommuner_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A broken register named by KOMMUNEKART_REGISTER is refused whole, every problem named: by
    load_data, by `kommunekart serve` (exit 1, no server) and by gunicorn's kommunekart.web.wsgi import."""
    broken = tables()
    broken["memberships"].loc[3, "kommunenummer"] = "1899"
    broken["task_areas"].loc[0, "share_2020"] = "140"
    folder = write_csv_register(tmp_path / "feil", broken)
    problems = ["memberships.csv, rad 5, kolonne «kommunenummer»: ukjent kommunenummer «1899»",
                "task_areas.csv, rad 2, kolonne «share_2020»: 140 er utenfor 0–100"]
    monkeypatch.setenv(REGISTER_ENV, str(folder))

    with pytest.raises(RegisterError) as info:
        load_data(boundaries=kommuner_path)
    assert len(info.value.problems) == 2
    assert all(any(p in str(q) for q in info.value.problems) for p in problems)

    monkeypatch.setattr("kommunekart.web.app.create_app",
                        lambda *a, **k: pytest.fail("kommunekart serve built an app on a broken register"))
    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "ble ikke lastet" in err and all(p in err for p in problems)

    env = {**os.environ, REGISTER_ENV: str(folder)}
    run = subprocess.run([sys.executable, "-c", "import kommunekart.web.wsgi"], cwd=CHECKOUT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "RegisterError" in run.stderr
    assert all(p in run.stderr for p in problems)


def test_registers_share_geometry_and_base_figure(app_data) -> None:
    """Opening another register (an upload) builds no geometry: the basemap, its region
    outlines and the map's base figure are the shipped register's own objects."""
    from kommunekart.figures.basemaps import base_figure
    from kommunekart.views.viewmodel import AppData

    outline = app_data.basemap.region_outline(frozenset({"1820", "1822"}))
    other = AppData(app_data.register, app_data.boundary_path, register_id="0123456789abcdef")
    assert other.basemap is app_data.basemap
    assert base_figure(other.basemap) is base_figure(app_data.basemap)
    assert other.basemap.region_outline(frozenset({"1822", "1820"})) is outline
    assert other.overlays["barnevernvakt"].solid == app_data.overlays["barnevernvakt"].solid
