"""The tile map («Rutekart») as a basemap: the same interface as kommunekart.geo.basemap.Basemap (Nordland's
locations in the same order, GeoJSON, label points, dissolved region outlines), so the map figure
and every Patch made for the geographic map work on it unchanged; only geometry differs.

Built from a register's tile layout (data/tile_layout.csv, drawn by kommunekart.geo.tiles), once per layout
while a register uses it. A register without a layout borrows the shipped one."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Any

import pandas as pd
import shapely

from kommunekart.geo.basemap import BASEMAPS, Basemap, Outlines, basemap_key
from kommunekart.geo.tiles import CELL, KEY, tile_centres, tile_geojson
from kommunekart.paths import DATA_DIR

SHIPPED_LAYOUT = DATA_DIR / "tile_layout.csv"
Cells = tuple[tuple[str, int, int], ...]

NO_LAYOUT = ("Registeret har ingen rutekart-tabell (tile_layout); rutekartet bruker den som følger "
             "med Kommunekart (data/tile_layout.csv).")
NO_TILES = ("Rutekartet kan ikke vises for dette registeret: {missing} har ingen rute i "
            "rutekart-tabellen (tile_layout). Viser kartet.")
NO_TILES_COUNTY = ("Rutekartet finnes ikke for {county}: rutekart-tabellen (tile_layout) har ingen "
                   "rute for kommunene her. Viser kartet.")


class TileBasemap:
    """Nordland's municipalities as equal squares; no grey neighbours (the tiles are not places).
    North stays up: row 0 is the top row."""

    uirevision = "ruter"  # a switch of mode resets zoom and pan (the geometry is another one)
    name_font = "Arial Narrow, Liberation Sans Narrow, Arial, sans-serif"  # more names fit a tile

    def __init__(self, basemap: Basemap, cells: Cells, panels: bool = False) -> None:
        self.panels = panels  # the layout in two panels (panel_tiles): the grid fills the graph
        self.nordland = list(basemap.nordland)
        self.boundary_names = basemap.boundary_names
        self.basemap = basemap
        self.neighbours: list[str] = []
        self.neighbour_labels: list[str] = []
        self.layout = pd.DataFrame([c for c in cells if c[0] in set(self.nordland)],
                                   columns=[KEY, "row", "col"])
        self._outlines = Outlines()

    @cached_property
    def label_points(self) -> dict[str, tuple[float, float]]:
        """Where a municipality's name goes: its tile's centre."""
        return tile_centres(self.layout)

    @cached_property
    def geo(self) -> dict[str, Any]:
        """The geo subplot's view of the tiles: mercator is conformal and the tiles lie within
        7° of the equator, so the squares stay square (north up); the view is the layout's box,
        half a cell around the outer tiles (fitbounds pads it by a fifth, and tiles matter more
        than margins here)."""
        lons = [lon for lon, _ in self.label_points.values()]
        lats = [lat for _, lat in self.label_points.values()]
        half = CELL / 2 + 0.15  # room for the outlines of the outer tiles
        return {"projection": {"type": "mercator"}, "fitbounds": False,
                "lonaxis": {"range": [min(lons) - half, max(lons) + half]},
                "lataxis": {"range": [min(lats) - half, max(lats) + half]},
                # Nordland's tiles leave the top left and the bottom right empty: the grid to the
                # right so the legend fits the top left, the colour bar the bottom right (in two
                # panels those corners are inside the grid's box).
                "domain": {"x": [0.0 if self.panels else 0.25, 1.0], "y": [0.0, 1.0]}}

    @cached_property
    def geojson_nordland(self) -> dict[str, Any]:
        """One square per municipality, in the basemap's order of locations."""
        features = {f["id"]: f for f in tile_geojson(self.layout)["features"]}
        return {"type": "FeatureCollection", "features": [features[k] for k in self.nordland]}

    @cached_property
    def geojson_neighbours(self) -> dict[str, Any]:
        return {"type": "FeatureCollection", "features": []}

    def cell(self, kommunenummer: str) -> Any:
        """A municipality's whole grid cell (its tile and half the gap around it), so that the
        cells of neighbouring tiles join."""
        lon, lat = self.label_points[kommunenummer]
        half = CELL / 2
        return shapely.box(lon - half, lat - half, lon + half, lat + half)

    def region_outline(self, members: frozenset[str]) -> tuple[Any, float, float]:
        """The union of the members' cells (drawn in the gaps between tiles) and a label point
        in a gap, never on a tile's name, once per set of members while the tile basemap lives."""
        def build() -> tuple[Any, float, float]:
            inside = [k for k in sorted(members) if k in self.label_points]
            union = shapely.union_all([self.cell(k) for k in inside]) if inside else None
            lon, lat = self.gap_point(inside, union) if inside else (0.0, 0.0)
            return union if union is not None else shapely.Polygon(), round(lon, 4), round(lat, 4)

        return self._outlines.get(members, build)

    def gap_point(self, members: list[str], union: Any) -> tuple[float, float]:
        """Where a region's marker goes: the corner or edge middle of a member's cell inside the
        region, nearest its middle (a one-tile region: the middle of its top edge)."""
        half = CELL / 2
        middle = union.centroid
        inner = union.buffer(-CELL / 100)
        candidates = []
        for k in members:
            lon, lat = self.label_points[k]
            candidates += [(lon + dx, lat + dy) for dx in (-half, 0, half) for dy in (-half, 0, half)
                           if (dx, dy) != (0, 0)]
        inside = [p for p in candidates if inner.contains(shapely.Point(p))]
        if not inside:
            inside = [(self.label_points[k][0], self.label_points[k][1] + half) for k in members]
        return min(inside, key=lambda p: (round(middle.distance(shapely.Point(p)), 6), p))


def short_names(names: dict[str, str], fits: Callable[[str], bool]) -> dict[str, str]:
    """{key: the name its tile shows}: the whole name where it `fits` the tile, else its first
    letters and a full stop, four or as few more as make it unlike every other name (the full
    name is in the hover and the panel)."""
    out: dict[str, str] = {}
    for key, name in names.items():
        if fits(name):
            out[key] = name
            continue
        for length in range(4, len(name) + 1):
            short = name[:length]
            if not any(o != name and o.startswith(short) for o in names.values()):
                break
        out[key] = short if short == name else f"{short}."
    return out


def tile_basemap(basemap: Basemap, cells: Cells, panels: bool = False) -> TileBasemap:
    """The shared tile basemap of a layout (every register with the same layout and Nordland
    gets the same object, while any register holds it)."""
    return BASEMAPS.get(("ruter", *basemap_key(basemap), cells, panels),
                        lambda: TileBasemap(basemap, cells, panels))


def panel_cells(cells: Cells, north: frozenset[str]) -> Cells:
    """The layout in two panels, as the map in presentation mode: the north's tiles (Lofoten,
    Vesterålen, Ofoten) moved beside the south's, tops level, as far left as they go with one
    empty column between the panels in every row (a tile beside a tile reads as a neighbour)."""
    south = [(r, c) for k, r, c in cells if k not in north]
    moving = [(k, r, c) for k, r, c in cells if k in north]
    if not south or not moving:
        return cells
    drow = min(r for r, _ in south) - min(r for _, r, _ in moving)
    taken = {(r, c + dc) for r, c in south for dc in (-1, 0, 1)}
    dcol = min(c for _, c in south) - min(c for _, _, c in moving)
    while any((r + drow, c + dcol) in taken for _, r, c in moving):
        dcol += 1
    return tuple(sorted([(k, r, c) for k, r, c in cells if k not in north]
                        + [(k, r + drow, c + dcol) for k, r, c in moving]))


def panel_tiles(tiles: TileBasemap, north: frozenset[str]) -> TileBasemap:
    """The tile map in two panels (presentation mode): tiles about a third larger, so every
    name reads at 20 px."""
    cells = tuple(zip(tiles.layout[KEY], tiles.layout["row"], tiles.layout["col"], strict=True))
    return tile_basemap(tiles.basemap, panel_cells(cells, north), panels=True)


@lru_cache(maxsize=1)
def shipped_layout() -> pd.DataFrame:
    return pd.read_csv(SHIPPED_LAYOUT, dtype={KEY: str})


def cells_of(layout: pd.DataFrame) -> Cells:
    """A layout table as a hashable tuple of (kommunenummer, row, col), sorted."""
    return tuple(sorted((str(k), int(r), int(c))
                        for k, r, c in zip(layout[KEY], layout["row"], layout["col"], strict=True)))


def tiles_for(basemap: Basemap, register_layout: pd.DataFrame) -> tuple[TileBasemap | None,
                                                                        str | None]:
    """(tile basemap, notice or None): the register's own layout, else the shipped one (with a
    notice saying so); None and a notice when a Nordland municipality has no tile."""
    own = register_layout is not None and not register_layout.empty
    layout = register_layout if own else shipped_layout()
    cells = cells_of(layout)
    missing = sorted(set(basemap.nordland) - {k for k, _, _ in cells})
    if missing and len(missing) == len(basemap.nordland):  # another county's register
        return None, NO_TILES_COUNTY.format(county=basemap.county_name)
    if missing:
        names = ", ".join(f"{basemap.boundary_names.get(k, k)} ({k})" for k in missing)
        return None, NO_TILES.format(missing=names)
    return tile_basemap(basemap, cells), None if own else NO_LAYOUT
