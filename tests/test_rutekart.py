"""The tile map («Rutekart») as a basemap: the same locations in the same order as the
geographic map, region outlines as the union of the members' cells, names at the tile centres;
and /kart's visning parameter and mode switch."""

from __future__ import annotations

import pandas as pd
import shapely
from dash import Patch

from kommunekart.figures.basemaps import base_figure
from kommunekart.figures.map import MAIN
from kommunekart.geo.tilemap import NO_LAYOUT, NO_TILES, short_names, tiles_for
from kommunekart.geo.tiles import tile_centres
from kommunekart.views import kart_panel
from kommunekart.views.state import KartState
from kommunekart.web.pages.kart import ID, figure, shown_of, view_change


def test_tile_basemap_has_the_geographic_locations_in_order(app_data) -> None:
    tiles, notice = app_data.tiles
    assert notice is None  # the shipped register has its own layout
    assert tiles.nordland == app_data.basemap.nordland
    ids = [f["id"] for f in tiles.geojson_nordland["features"]]
    assert ids == app_data.nordland
    assert tiles.neighbours == [] and tiles.geojson_neighbours["features"] == []


def test_label_points_are_tile_centres(app_data) -> None:
    tiles = app_data.tiles[0]
    assert tiles.label_points == tile_centres(app_data.register.tile_layout)
    for feature in tiles.geojson_nordland["features"]:
        square = shapely.geometry.shape(feature["geometry"])
        centre = square.centroid
        assert tiles.label_points[feature["id"]] == (round(centre.x, 4), round(centre.y, 4))


def test_region_outline_is_the_union_of_member_cells(app_data) -> None:
    tiles = app_data.tiles[0]
    members = frozenset({"1812", "1813", "1815", "1816"})  # Sømna, Brønnøy, Vega, Vevelstad
    union, lon, lat = tiles.region_outline(members)
    cells = shapely.union_all([tiles.cell(k) for k in members])
    assert union.equals(cells)
    assert abs(union.area - len(members)) < 1e-9  # four whole cells of one square degree
    for k in members:  # every member's tile lies inside, no other tile does
        assert union.contains(shapely.Point(tiles.label_points[k]))
    others = set(app_data.nordland) - members
    assert not any(union.contains(shapely.Point(tiles.label_points[k])) for k in others)
    # the marker sits in a gap inside the region, never on a tile's name
    assert union.contains(shapely.Point(lon, lat))
    assert (lon, lat) not in tiles.label_points.values()
    assert tiles.region_outline(members)[0] is union  # once per set of members


def test_one_tile_region_marker_on_its_top_edge(app_data) -> None:
    tiles = app_data.tiles[0]
    _, lon, lat = tiles.region_outline(frozenset({"1804"}))
    x, y = tiles.label_points["1804"]
    assert (lon, lat) == (x, y + 0.5)


def test_tile_overlays_are_drawn_on_the_tiles(app_data) -> None:
    overlay = app_data.tile_overlays["barnevernvakt"]
    xs = [x for x in overlay.solid[0] + overlay.dashed[0] if x is not None]
    lons = [p[0] for p in app_data.tiles[0].label_points.values()]
    assert xs and min(xs) >= min(lons) - 0.5 and max(xs) <= max(lons) + 0.5
    assert overlay.label_ids == app_data.overlays["barnevernvakt"].label_ids


def test_short_names_are_unique_and_short() -> None:
    names = {"1": "Vefsn", "2": "Vevelstad", "3": "Vestvågøy", "4": "Bø", "5": "Hattfjelldal",
             "6": "Hatten"}
    short = short_names(names, lambda name: len(name) <= 5)  # a tile five letters wide
    assert short["1"] == "Vefsn" and short["4"] == "Bø"
    assert short["2"] == "Veve." and short["3"] == "Vest."
    assert short["5"] == "Hattf." and short["6"] == "Hatte."
    assert len(set(short.values())) == len(short)


def test_register_without_layout_borrows_the_shipped_one(app_data) -> None:
    empty = app_data.register.tile_layout.iloc[0:0]
    tiles, notice = tiles_for(app_data.basemap, empty)
    assert tiles is app_data.tiles[0] and notice == NO_LAYOUT
    partial = app_data.register.tile_layout[app_data.register.tile_layout["kommunenummer"] != "1856"]
    tiles, notice = tiles_for(app_data.basemap, partial)
    assert tiles is None and notice == NO_TILES.format(missing="Røst (1856)")


def test_tile_figure_has_the_same_traces_as_the_map(app_data) -> None:
    geo = base_figure(app_data.basemap)
    tiles = base_figure(app_data.tiles[0])
    assert len(geo["data"]) == len(tiles["data"])
    for a, b in zip(geo["data"], tiles["data"], strict=True):
        assert a["type"] == b["type"] and a.get("meta") == b.get("meta")
    assert tiles["data"][MAIN]["locations"] == geo["data"][MAIN]["locations"]
    assert tiles["data"][0]["locations"] == []  # no grey neighbours on the tile map
    names = next(t for t in tiles["data"] if (t.get("meta") or {}).get("part") == "names")
    assert len(names["text"]) == 41 and names["textfont"]["size"] >= 14
    assert tiles["layout"]["geo"]["projection"]["type"] == "mercator"
    assert tiles["layout"]["uirevision"] != geo["layout"]["uirevision"]


def test_visning_in_the_link(app_data) -> None:
    state, notices = KartState.from_query(app_data, {"visning": "ruter"})
    assert state.visning == "ruter" and notices == []
    assert state.url("/kart") == "/kart?visning=ruter"
    assert KartState().url("/kart") == "/kart"
    state, notices = KartState.from_query(app_data, {"visning": "globus"})
    assert state.visning == "kart" and len(notices) == 1 and "globus" in notices[0]


def test_first_figure_follows_visning(app_data) -> None:
    fig = figure(app_data, KartState(visning="ruter", layers=("barnevernvakt",)))
    assert fig["layout"]["uirevision"] == "ruter"
    assert fig["data"][MAIN]["geojson"] is app_data.tiles[0].geojson_nordland


def test_switching_mode_sends_a_whole_figure_then_patches(app_data) -> None:
    view = kart_panel.view(app_data, KartState(kommune="1820"))
    fig, new_view, shown, kommune, loaded = view_change(
        app_data, ID.visning, KartState(kommune="1820", visning="ruter", layers=("delregion",)),
        None, shown_of(view), {})
    assert not isinstance(fig, Patch) and fig["layout"]["uirevision"] == "ruter"
    assert new_view["visning"] == "ruter" and "visning=ruter" in new_view["url"]
    assert shown["geometry"] == "ruter" and kommune == "1820"
    assert loaded == {"loaded": ["delregion"]}
    # within the tile map, a layer switched on travels as the tile outlines, in a Patch
    patch, _, _, _, _ = view_change(
        app_data, ID.layers,
        KartState(kommune="1820", visning="ruter", layers=("delregion", "barnevernvakt")),
        None, shown, loaded)
    assert isinstance(patch, Patch)
    sent = {tuple(op["location"]): op["params"]["value"]
            for op in patch.to_plotly_json()["operations"]}
    solid = app_data.tile_overlays["barnevernvakt"].solid[0]
    assert any(value == solid for value in sent.values())


def test_shipped_layout_matches_register(app_data) -> None:
    shipped = pd.read_csv("data/tile_layout.csv", dtype={"kommunenummer": str})
    assert sorted(shipped["kommunenummer"]) == app_data.nordland
