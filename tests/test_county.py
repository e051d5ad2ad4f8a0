"""A register of another county is drawn as that county: its municipalities coloured, the rest
grey and named as outside it, the header naming it, and what exists only for Nordland (tile map,
two panels while presenting, the survey's figures) saying so and falling back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kommunekart.domain.county import County, genitive, majority_county, register_county
from kommunekart.domain.register import load_register
from kommunekart.domain.summary import format_summary
from kommunekart.figures import maplabels, mapnames
from kommunekart.figures.labels import overlaps, text_box
from kommunekart.figures.map import MAIN, NEIGHBOURS
from kommunekart.geo.basemap import boundaries
from kommunekart.paths import DATA_DIR
from kommunekart.views import kart
from kommunekart.views.state import KartState
from kommunekart.views.viewmodel import AppData
from tests.helpers import TROMS_FINNMARK, TROMS_FINNMARK_LIST


@pytest.fixture(scope="module")
def troms(kommuner_path: Path) -> AppData:
    return AppData(load_register(TROMS_FINNMARK), str(kommuner_path))


def test_the_register_is_drawn_as_troms_og_finnmark(troms: AppData, kommuner_path: Path) -> None:
    all_54 = sorted(k for k in boundaries(str(kommuner_path))["kommunenummer"] if k[:2] == "54")
    assert len(all_54) == 39
    assert troms.county == County("54", "Troms og Finnmark", 39)
    assert troms.nordland == all_54  # Narvik and Evenes, members of one arrangement, are grey
    fig = kart.figure(troms, KartState())
    main, grey = fig["data"][MAIN], fig["data"][NEIGHBOURS]
    assert main["locations"] == all_54
    z = dict(zip(main["locations"], main["z"], strict=True))
    assert z["5401"] == 1 and z["5412"] == 1 and z["5402"] == 1  # Tromsø, Tjeldsund, Harstad
    assert sum(z.values()) == 38  # the fixture's 40 memberships less Narvik's and Evenes'
    assert z["5437"] == 0  # Karasjok: in the register, in no arrangement
    assert {"1806", "1853"} <= set(grey["locations"])
    assert "Narvik (utenfor Troms og Finnmark)" in grey["customdata"]
    assert not any("ikke med i registeret" in t for t in grey["customdata"])


def test_header_names_the_county(troms: AppData, app_data: AppData) -> None:
    assert troms.county.subtitle == "Interkommunalt samarbeid i Troms og Finnmarks 39 kommuner"
    assert app_data.county == County("18", "Nordland", 41)
    assert app_data.county.subtitle == "Interkommunalt samarbeid i Nordlands 41 kommuner"


def test_presenting_falls_back_to_the_single_map(troms: AppData, app_data: AppData) -> None:
    assert not troms.split and app_data.split
    # presenting: no two panels for another county, the single map in presentation's 20 px
    assert kart.geometry_of(troms, KartState(), presenting=True) == "delt"
    assert kart.geometry_of(app_data, KartState(), presenting=True) == "delt"
    assert troms.basemap_of("delt") is troms.basemap
    shown = kart.figure(troms, KartState(), kart.geometry_of(troms, KartState(), True))
    assert shown["data"][MAIN]["locations"] == troms.nordland
    assert shown["data"][maplabels.NAMES]["textfont"]["size"] == 20
    assert kart.figure(troms, KartState())["data"][maplabels.NAMES]["textfont"]["size"] < 20


def test_no_tile_map_and_why(troms: AppData) -> None:
    tiles, notice = troms.tiles
    assert tiles is None
    assert notice == ("Rutekartet finnes ikke for Troms og Finnmark: rutekart-tabellen "
                      "(tile_layout) har ingen rute for kommunene her. Viser kartet.")
    assert kart.state_of(troms, {"visning": "ruter"}).visning == "kart"
    assert kart.geometry_of(troms, KartState(visning="ruter"), presenting=False) == "kart"


def test_names_and_region_labels_fit_any_county(troms: AppData) -> None:
    names = mapnames.names_text(troms, [], None)
    shown = {k: t for k, t in zip(troms.nordland, names, strict=True) if t}
    area = maplabels.drawn_px2(troms.basemap)
    assert max(area, key=area.get) == "5430" and "5430" in shown  # Kautokeino, the largest
    assert len(shown) >= 10 and "5403" in shown  # Alta …
    frame = maplabels.frame_of(troms.basemap)
    points = troms.basemap.label_points
    boxes = [text_box(*frame.px(*points[k]), t, maplabels.NAME_FONT) for k, t in shown.items()]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(b[0] >= 0 and b[2] <= frame.size[0] and b[1] >= 0 and b[3] <= frame.size[1]
               for b in boxes)  # inside the map: none spills off its edge
    regions = maplabels.region_text(troms, ["regionraad"])
    assert sorted(t.replace("<br>", " ") for t in regions["text"] if t) == sorted(
        maplabels.plot_text(n) for n in ("Midt-Troms regionråd", "Vest-Finnmark Rådet",
                                         "Øst-Finnmark regionråd", "Nord-Troms regionråd"))


def test_survey_figures_are_said_to_be_nordlands(troms: AppData, app_data: AppData,
                                                 kommuner_path: Path, tmp_path: Path) -> None:
    assert troms.survey_elsewhere is None and app_data.survey_elsewhere is None
    folder = tmp_path / "troms"
    shutil.copytree(TROMS_FINNMARK, folder)
    shutil.copy(DATA_DIR / "survey_figures.csv", folder)
    borrowed = AppData(load_register(folder), str(kommuner_path))
    assert borrowed.survey_elsewhere == (
        "Tallene fra kartleggingen 2020 på denne siden gjelder Nordland, ikke Troms og Finnmark: "
        "kartleggingen er gjort bare for Nordlands kommuner. Kartet og ordningene er registerets "
        "egne for Troms og Finnmark.")


def test_name_from_the_register_without_the_county_file(kommuner_path: Path,
                                                        tmp_path: Path) -> None:
    """No county file beside the boundaries: the register's own `county` column names it."""
    shutil.copy(kommuner_path, tmp_path / kommuner_path.name)
    data = AppData(load_register(TROMS_FINNMARK), str(tmp_path / kommuner_path.name))
    assert data.county == County("54", "Troms og Finnmark", 39)


def test_check_counts_the_county() -> None:
    assert "Kommuner: 41 (39 i Troms og Finnmark)" in format_summary(load_register(TROMS_FINNMARK))


def _mun(rows: list[tuple[str, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kommunenummer", "in_nordland"])


def test_register_county_by_members_and_flags() -> None:
    mun = _mun([("1804", True), ("1806", True), ("5401", False), ("5402", False), ("5403", False)])
    nordland_members = pd.DataFrame({"kommunenummer": ["1804", "1806", "5401", "5402", "5403"]})
    assert register_county(mun, nordland_members) == "18"  # flagged members count first
    troms_list = pd.DataFrame({"kommunenummer": ["5401", "5402", "1804"]})
    assert register_county(mun, troms_list) == "18"  # 1804 is the only flagged member
    unflagged = pd.DataFrame({"kommunenummer": ["5401", "5402", "5403"]})
    assert register_county(mun, unflagged) == "54"  # no member flagged: most members
    assert register_county(mun, pd.DataFrame({"kommunenummer": []})) == "18"  # the flags
    assert majority_county(["5401", "1804"]) == "18"  # a tie: the lower number, never row order
    assert majority_county([]) is None
    assert genitive("Troms og Finnmark") == "Troms og Finnmarks" and genitive("Agder") == "Agders"


def test_a_simple_list_of_another_county_draws_all_of_it(kommuner_path: Path) -> None:
    """A simple list naming some of Troms og Finnmark's municipalities (one with «kommune»
    after its name) is drawn as that county: all 39, those in no arrangement at 0."""
    data = AppData(load_register(TROMS_FINNMARK_LIST, boundary=kommuner_path), str(kommuner_path))
    assert data.county.name == "Troms og Finnmark" and len(data.nordland) == 39
    assert all(k.startswith("54") for k in data.nordland)
    counts = dict(zip(data.nordland, data.values().z, strict=True))
    assert counts["5426"] == 1  # Kåfjord kommune, written so in the list
    assert counts["5402"] == 0  # Harstad: in no arrangement of the list, drawn all the same
    assert sum(counts.values()) == 19  # the list's 19 memberships, each municipality once


def test_small_counts_have_whole_number_ticks() -> None:
    """A young register (a county's first list) counts 0, 1, 2: its colour bar says 0, 1, 2, never
    0.2 or 0.4, and a Patch resends the ticks when the highest count changes."""
    from kommunekart.figures.map import colour_props, scale_of

    bar = colour_props("count", [0, 1, 1, 0], "Registrerte ordninger")["colorbar"]
    assert bar["tickvals"] == [0, 1] and bar["ticktext"] == ["0", "1"]
    assert colour_props("partners", [0, 3], "Felles")["colorbar"]["tickvals"] == [0, 1, 2, 3]
    assert colour_props("count", [0, 34], "Registrerte ordninger")["colorbar"]["tickvals"] is None
    assert scale_of("count", [0, 1]) != scale_of("count", [0, 2]) != scale_of("count", [0, 34])
