"""The map in two panels («delt kart»), as atlases draw a long country: the south (Helgeland,
Salten) on the left, the north (Lofoten, Vesterålen, Ofoten) moved beside it at the top right,
north up in both. Nordland is about 490 km tall and 280 km wide, so one north-up map fills at most
a third of a 16 : 9 screen; the two panels together are about 1.6 : 1 and fill its width.

The same interface as kommunekart.geo.basemap.Basemap (it is one, with its frame moved), so overlays, names,
hit areas and every Patch work on it unchanged. The north panel is moved in Mercator coordinates,
the projection plotly draws: on screen it is the same shape, only elsewhere."""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import shapely
import shapely.affinity

from kommunekart.geo.basemap import BASEMAPS, Basemap, Outlines, basemap_key
from kommunekart.geo.geometry import KEY, feature_collection

NORTH_SUBREGIONS = frozenset({"Lofoten", "Vesterålen", "Ofoten"})
GAP = 0.012  # Mercator units (radians) between the panels: about 25 km of sea at this scale
MARGIN = (0.12, 0.05)  # degrees of lon, lat of context around each panel's municipalities
# Presentation mode's graph at 1280 × 720 (60 % of the width, the height under the header): the
# labels are placed for the two panels fitted into it.
GRAPH_PX = (750.0, 612.0)
# The empty bottom right (below the north panel) holds the legend and the colour bar: no label
# goes there. x0, y0, x1, y1 as fractions of the frame, y down.
KEYS_CORNER = (0.59, 0.42, 1.0, 1.0)


def _merc(lat: np.ndarray) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _unmerc(y: np.ndarray) -> np.ndarray:
    return np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)


def mercator_shift(geom: Any, dx: float, dy: float) -> Any:
    """`geom` moved by (dx, dy) in Mercator units (radians of longitude; lat through Mercator's
    y), so that plotly's Mercator map draws it the same shape, only elsewhere."""
    def move(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        out[:, 0] = np.round(coords[:, 0] + math.degrees(dx), 4)
        out[:, 1] = np.round(_unmerc(_merc(coords[:, 1]) + dy), 4)
        return out
    return shapely.transform(geom, move)


def to_mercator(geom: Any) -> Any:
    """`geom` in Mercator units: x radians of longitude, y Mercator's y of latitude."""
    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack([np.radians(coords[:, 0]), _merc(coords[:, 1])])
    return shapely.transform(geom, project)


def nearest_shift(north: Any, south: Any, step: float = 0.002) -> tuple[float, float]:
    """(dx, dy) in Mercator units that puts the north panel's top level with the south's and as
    far left as it goes while every shape stays GAP from the south panel's (the two panels
    nest: Lofoten's tail reaches down beside Salten's coast), so the pair is as narrow as it
    can be and fills more of a wide screen."""
    dy = south.bounds[3] - north.bounds[3]
    dx = south.bounds[0] - north.bounds[0]
    clear = 0
    while clear < 5:  # clear for five steps in a row: past the last pinch, not in a gap
        moved = shapely.affinity.translate(north, dx + clear * step, dy)
        clear = clear + 1 if moved.distance(south) >= GAP else 0
        if clear == 0:
            dx += step
    return round(dx, 6), round(dy, 6)


def _box(bounds: np.ndarray) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = bounds
    dx, dy = MARGIN
    return minx - dx, miny - dy, maxx + dx, maxy + dy


def _merc_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return math.radians(x0), float(_merc(np.array(y0))), math.radians(x1), float(_merc(np.array(y1)))


class PanelBasemap(Basemap):
    """A basemap whose northern municipalities, and the grey context around them, are moved to
    the right of the southern ones, tops aligned (the empty bottom right, Sweden on a real map,
    holds the colour bar)."""

    uirevision = "delt"  # a switch of geometry resets zoom and pan

    def __init__(self, base: Basemap, north: frozenset[str]) -> None:
        self.boundary_path = base.boundary_path
        self.nordland = list(base.nordland)
        self.neighbours = list(base.neighbours)  # those left in a panel's box, below
        self.boundary_names = base.boundary_names
        self.county_name, self.county_prefix = base.county_name, base.county_prefix
        self._outlines = Outlines()
        self.north = frozenset(k for k in north if k in set(self.nordland))
        frame = base.frame
        in_north = frame[KEY].isin(self.north)
        in_nordland = frame[KEY].isin(self.nordland)
        south_box = _box(frame.loc[in_nordland & ~in_north].total_bounds)
        north_box = _box(frame.loc[in_north].total_bounds)
        self.shift = nearest_shift(to_mercator(shapely.union_all(frame.loc[in_north].geometry.values)),
                                   to_mercator(shapely.union_all(
                                       frame.loc[in_nordland & ~in_north].geometry.values)))
        nx1 = _merc_box(north_box)[2]
        geoms = []
        for k, geom, nordland in zip(frame[KEY], frame.geometry, in_nordland, strict=True):
            if nordland:
                geoms.append(mercator_shift(geom, *self.shift) if k in self.north else geom)
                continue
            south = shapely.clip_by_rect(geom, *south_box)
            north_part = mercator_shift(shapely.clip_by_rect(geom, *north_box), *self.shift)
            geoms.append(shapely.orient_polygons(shapely.union_all([south, north_part]),
                                                 exterior_cw=True))
        moved = frame.set_geometry(geoms, crs=frame.crs)
        self.frame = moved[~moved.geometry.is_empty].reset_index(drop=True)
        self.neighbours = [k for k in self.neighbours if k in set(self.frame[KEY])]
        self.extent = (float(south_box[0]), float(south_box[1]),
                       math.degrees(nx1 + self.shift[0]), float(south_box[3]))

    @cached_property
    def frame_px(self) -> tuple[float, float]:
        """The size of the two panels fitted into presentation mode's graph at 1280 × 720."""
        x0, y0, x1, y1 = _merc_box(self.extent)
        scale = min(GRAPH_PX[0] / (x1 - x0), GRAPH_PX[1] / (y1 - y0))
        return scale * (x1 - x0), scale * (y1 - y0)

    @cached_property
    def reserved(self) -> tuple[tuple[float, float, float, float], ...]:
        """Where no label goes: the keys' corner, in px of the frame."""
        w, h = self.frame_px
        return ((KEYS_CORNER[0] * w, KEYS_CORNER[1] * h, KEYS_CORNER[2] * w, KEYS_CORNER[3] * h),)

    @cached_property
    def geojson_neighbours(self) -> dict[str, Any]:
        """The grey context of both panels (already cut to each panel's box)."""
        return feature_collection(self.frame[~self.frame[KEY].isin(self.nordland)])

    @cached_property
    def geo(self) -> dict[str, Any]:
        """The view is the two panels' box exactly: fitbounds would pad it by a fifth."""
        x0, y0, x1, y1 = self.extent
        return {"projection": {"type": "mercator"}, "fitbounds": False,
                "lonaxis": {"range": [x0, x1]}, "lataxis": {"range": [y0, y1]},
                "domain": {"x": [0.0, 1.0], "y": [0.0, 1.0]}}


def north_of(layout: pd.DataFrame) -> frozenset[str]:
    """The municipalities of the north panel: those of Lofoten, Vesterålen and Ofoten in a tile
    layout's `subregion` column (data/tile_layout.csv)."""
    if layout is None or "subregion" not in layout:
        return frozenset()
    return frozenset(str(k) for k, sub in zip(layout[KEY], layout["subregion"], strict=True)
                     if sub in NORTH_SUBREGIONS)


def panel_basemap(base: Basemap, north: frozenset[str]) -> PanelBasemap:
    """The shared two-panel basemap of a basemap and a north panel (while a register holds it)."""
    return BASEMAPS.get(("delt", *basemap_key(base), north), lambda: PanelBasemap(base, north))
