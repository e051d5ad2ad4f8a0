"""Uploads on disk: addressed by their bytes alone, kept within a count and a size with the least
recently used removed first, removable by the user («Fjern dette registeret»); a stored register
that vanished or no longer passes gives a notice and the shipped register, never an error page,
and no message shows a server path. Memory: evicted registers are freed, and what they shared is
kept only while some register uses it."""

from __future__ import annotations

import gc
import os
import re
import shutil
import time
import weakref
from pathlib import Path

import pytest

import kommunekart.uploads.registers
import kommunekart.uploads.store
from kommunekart.bench.dash_requests import components, find_callback, update_body
from kommunekart.uploads.intake import register_id
from kommunekart.uploads.registers import Registries
from kommunekart.uploads.store import enforce_caps, stored
from kommunekart.web.app import create_app
from kommunekart.web.components.upload import upload_box
from kommunekart.web.pages.kart import ID
from tests.helpers import csv_files, survey_only_tables, tables, workbook
from tests.uploads import run_upload


@pytest.fixture
def registry(app_data, tmp_path: Path) -> Registries:
    return Registries(app_data, app_data.boundary_path, tmp_path / "uploads")


def kept(registry: Registries) -> list[str]:
    return sorted(p.name for p in stored(registry.folder))


def _version(n: int) -> list[tuple[str, bytes]]:
    t = survey_only_tables()
    t["arrangements"].loc[t["arrangements"].index[0], "note"] = f"versjon {n}"
    return csv_files(t)


def test_same_workbook_bytes_under_another_name_are_one_register(registry) -> None:
    book = workbook(survey_only_tables())
    first = registry.add_upload([("kommunene.xlsx", book)])
    again = registry.add_upload([("kopi av kommunene.xlsx", book)])
    assert first == again == register_id([("noe annet.xlsx", book)])
    assert kept(registry) == [first]
    assert [p.name for p in (registry.folder / first).iterdir()] == ["kommunene.xlsx"]


def test_csv_files_are_addressed_by_table_and_bytes(registry) -> None:
    files = csv_files(survey_only_tables())
    rid = registry.add_upload(files)
    assert registry.add_upload(list(reversed(files))) == rid  # order does not matter
    assert registry.add_upload([(n.upper(), c) for n, c in files]) == rid  # nor the name's case
    # the same bytes as another table are another register (and here not a valid one)
    swapped = dict(files)
    swapped["regions.csv"], swapped["survey_lists.csv"] = (swapped["survey_lists.csv"],
                                                           swapped["regions.csv"])
    assert register_id(list(swapped.items())) != rid
    assert kept(registry) == [rid]


def test_least_recently_used_are_removed_past_the_caps(registry, monkeypatch) -> None:
    monkeypatch.setattr(kommunekart.uploads.store, "MAX_STORED", 2)
    monkeypatch.setattr(kommunekart.uploads.registers, "TOUCH_EVERY", 0.0)
    first = registry.add_upload(_version(0))
    second = registry.add_upload(_version(1))
    past = time.time() - 100
    os.utime(registry.folder / first, (past, past))
    os.utime(registry.folder / second, (past - 10, past - 10))
    assert registry.get(first) is not None  # opened: now the most recently used
    third = registry.add_upload(_version(2))
    assert kept(registry) == sorted([first, third])  # second was the least recently used
    notice = registry.resolve(second)[1]
    assert notice == [f"Fant ikke registeret «{second}» fra lenken (det kan være fjernet); viser "
                      "standardregisteret."]


def test_total_size_cap(registry) -> None:
    ids = [registry.add_upload(_version(n)) for n in range(3)]
    size = sum(p.stat().st_size for p in (registry.folder / ids[0]).iterdir())
    removed = enforce_caps(registry.folder, keep=ids[0], max_bytes=2 * size + size // 2)
    assert len(removed) == 1 and removed[0] != ids[0]
    assert len(kept(registry)) == 2


def test_remove_returns_to_the_shipped_register(registry, app_data) -> None:
    rid = registry.add_upload(_version(0))
    other = Registries(app_data, app_data.boundary_path, registry.folder)  # a second worker
    assert other.get(rid) is not None
    assert registry.remove(rid) is True
    assert kept(registry) == []
    assert other.get(rid) is None  # the other worker's copy is not served either
    data, notice = other.resolve(rid)
    assert data is app_data and "Fant ikke registeret" in notice[0]
    assert registry.remove(None) is False and registry.remove("../../etc") is False


def test_remove_button_only_for_an_uploaded_register(registry, app_data) -> None:
    assert ID.remove not in str(upload_box(app_data, ID))
    shown = upload_box(registry.get(registry.add_upload([("eget.xlsx", workbook(survey_only_tables()))])), ID)
    assert "Fjern dette registeret" in str(shown)
    assert "Viser et opplastet register (eget.xlsx; leste XLSX-arbeidsbok)." in str(shown)


def _page(client, deps, path: str, search: str) -> dict:
    router = find_callback(deps, "_pages_content.children", "_pages_location.pathname")
    reply = client.post("/_dash-update-component", content_type="application/json",
                        data=update_body(router, {}, {"_pages_location.pathname": path,
                                                      "_pages_location.search": search}))
    assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
    return reply.get_json()


def test_vanished_or_failing_register_gives_a_notice_never_a_500(app_data, tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    dash_app = create_app(app_data, upload_folder=folder)
    client = dash_app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    seed = Registries(app_data, app_data.boundary_path, folder)
    gone, broken = seed.add_upload(_version(0)), seed.add_upload(_version(1))

    # files removed behind the app's back (the folder stays, or goes)
    for name in ("arrangements.csv", "memberships.csv"):
        (folder / broken / name).unlink()
    shutil.rmtree(folder / gone)
    for path in ("/kart", "/konstellasjoner", "/utvikling", "/oppgaver"):
        for rid in (gone, broken):
            page = str(_page(client, deps, path, f"?register={rid}"))
            assert "viser standardregisteret" in page, (path, rid)
            assert str(tmp_path) not in page
    page = str(_page(client, deps, "/kart", f"?register={broken}"))
    assert re.search(f"Registeret «{broken}» fra lenken består ikke lenger kontrollen "
                     r"\(arrangements.csv: filen mangler og \d+ feil til\); viser standardregisteret.",
                     page)


def test_a_stored_register_that_fails_a_newer_check(registry, app_data) -> None:
    """Stored when the checks were looser: today's check refuses it, with a notice."""
    rid = registry.add_upload(_version(0))
    registry._forget(rid)  # a fresh worker
    path = registry.folder / rid / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
    data, notice = registry.resolve(rid)
    assert data is app_data
    assert "består ikke lenger kontrollen (municipalities.csv: registeret har ingen kommuner" in notice[0]
    assert str(registry.folder) not in notice[0]


def test_messages_never_show_server_paths(registry, tmp_path: Path) -> None:
    from kommunekart.web.components.upload import upload_result

    cases = [
        [("register.xlsx", b"PK\x03\x04 ikke en zip")],
        [("register.xlsx", b"ikke en arbeidsbok")],
        [("arrangements.csv", b"\xff\xfe" + "a".encode("utf-16-le"))],
        csv_files(tables())[:3],
    ]
    for files in cases:
        _, alert = upload_result(registry, files)
        assert str(tmp_path) not in str(alert) and "/tmp" not in str(alert), alert


def test_upload_through_the_background_callback_then_open_it(app_data, tmp_path: Path) -> None:
    """The whole way, jobs in processes of their own: progress while checking, then the link;
    the page at that link shows the upload; page views answer while a check runs."""
    dash_app = create_app(app_data, upload_folder=tmp_path / "uploads")
    client = dash_app.server.test_client()
    run = run_upload(client, [("eget.xlsx", workbook(survey_only_tables()))])
    assert run.href is not None and run.href.startswith("/kart?register=")
    assert "eget.xlsx er kontrollert og lastet inn." in run.message
    assert any(p.startswith("Kontrollerer eget.xlsx: ") for p in run.progress), run.progress
    deps = client.get("/_dash-dependencies").get_json()
    page = _page(client, deps, "/kart", "?" + run.href.split("?", 1)[1])
    assert "Fjern dette registeret" in str(page)
    assert "fra lenken" not in str(page)  # no notice: the upload itself is shown


def test_evicted_registers_are_freed_and_memory_is_bounded(app_data, tmp_path: Path,
                                                          monkeypatch) -> None:
    """12 uploads opened in turn, each through every page and the map's views (its own geometry
    too: one municipality fewer in Nordland each time): at most MAX_IN_MEMORY stay built, an
    evicted one is freed as soon as it is let go of (no reference cycle waits for the
    collector), and the basemaps alive are the live registers' own."""
    from kommunekart.geo.basemap import BASEMAPS, Basemap
    from kommunekart.geo.panelmap import PanelBasemap
    from kommunekart.geo.tilemap import TileBasemap

    monkeypatch.setattr(kommunekart.uploads.registers, "MAX_IN_MEMORY", 3)
    dash_app = create_app(app_data, upload_folder=tmp_path / "uploads")
    registry = next(o for o in gc.get_referrers(app_data) if isinstance(o, Registries))
    client = dash_app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    update = find_callback(deps, f"{ID.map}.figure", f"{ID.task}.value")
    nordland = list(app_data.nordland)
    refs = []
    gc.collect()
    gc.disable()
    try:
        for n in range(12):
            t = tables()
            mun, gone = t["municipalities"], nordland[n % len(nordland)]
            mun.loc[mun["kommunenummer"] == gone, "in_nordland"] = "false"
            t["tile_layout"] = t["tile_layout"][t["tile_layout"]["kommunenummer"] != gone]
            rid = registry.add_upload(csv_files(t))
            for path, query in (("/kart", "&lag=legevaktsentral"), ("/kart", "&presentasjon=1"),
                                ("/kart", "&visning=ruter"), ("/konstellasjoner", ""),
                                ("/utvikling", ""), ("/oppgaver", "")):
                props = components(_page(client, deps, path, f"?register={rid}{query}"))
                if path == "/kart" and not query.startswith("&p"):
                    reply = client.post("/_dash-update-component", content_type="application/json",
                                        data=update_body(update, props, {f"{ID.kommune}.value": "1820"}))
                    assert reply.status_code == 200
            refs.append(weakref.ref(registry.get(rid)))
            alive = [r for r in refs if r() is not None]
            assert len(alive) <= kommunekart.uploads.registers.MAX_IN_MEMORY, n  # freed without the collector
    finally:
        gc.enable()
    gc.collect()
    assert sum(r() is not None for r in refs) == kommunekart.uploads.registers.MAX_IN_MEMORY
    kinds = [type(o) for o in gc.get_objects() if isinstance(o, Basemap | TileBasemap)]
    # Each live register's own (a map, its two panels, a tile map and its two panels), and what
    # the pages' bounded figure caches (kart.base_figure, maplabels: 4 each) still hold.
    live = 1 + kommunekart.uploads.registers.MAX_IN_MEMORY
    held_by_pages = 3 * 4
    assert kinds.count(Basemap) + kinds.count(PanelBasemap) <= 2 * live + held_by_pages, kinds
    assert kinds.count(TileBasemap) <= 2 * live + held_by_pages, kinds
    assert len(BASEMAPS) <= 4 * live + held_by_pages
