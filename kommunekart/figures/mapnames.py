"""The names on /kart's geographic map (and /scenarier's): which show, in what order of
importance, and where each stands: on its municipality, or beside it with a leader line when it
is one of the important ones (kommunekart.figures.labels.place_names); what a name standing
beside its point would hide is read from a grid of who owns which land (`LandGrid`). The names
trace and the leader trace are kommunekart.figures.maplabels.NAMES and LEADERS."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import shapely

from kommunekart.figures.labels import place_names
from kommunekart.figures.maplabels import (
    LEADER_DOT,
    LEADER_MARKER,
    LEADERS,
    NAME_FONT,
    NAMES,
    PRESENT_FONT,
    drawn_px2,
    frame_of,
    placed_regions,
    region_of,
)
from kommunekart.figures.text import plot_text
from kommunekart.geo.basemap import Basemap

GRID_PX = 3.0  # the land grid's cell, px of the placement frame


@lru_cache(maxsize=4)
def land_grid(basemap: Basemap) -> np.ndarray:
    """Which Nordland municipality's land each GRID_PX cell of the placement frame is (its index
    in `basemap.nordland`; -1 for sea and the grey context): what a name standing beside its
    point would hide."""
    frame = frame_of(basemap)
    xs = np.arange(GRID_PX / 2, frame.size[0], GRID_PX)
    ys = np.arange(GRID_PX / 2, frame.size[1], GRID_PX)
    lon, lat = frame.lonlat_grid(xs, ys)
    grid = np.full(lon.shape, -1, dtype=np.int16)
    rows = basemap.frame.set_index("kommunenummer").geometry
    for i, k in enumerate(basemap.nordland):
        x0, y0, x1, y1 = rows[k].bounds  # only the cells in its bounds are tested
        cols = np.flatnonzero((lon[0] >= x0) & (lon[0] <= x1))
        lines = np.flatnonzero((lat[:, 0] >= y0) & (lat[:, 0] <= y1))
        if len(cols) and len(lines):
            box = np.ix_(lines, cols)
            inside = shapely.contains_xy(rows[k], lon[box], lat[box])
            grid[box] = np.where(inside, i, grid[box])
    return grid


@dataclass(frozen=True)
class LandGrid:
    """Whose land a name beside its point would hide (kommunekart.figures.labels.Land): cells
    counted in a box by summed-area tables, of all Nordland land and of each municipality's."""

    grid: np.ndarray
    index: dict[str, int]
    sums: dict[int, np.ndarray] = field(default_factory=dict)  # -1: all land; else one's own

    def _sum(self, i: int) -> np.ndarray:
        if i not in self.sums:
            cells = self.grid >= 0 if i < 0 else self.grid == i
            table = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1), dtype=np.int32)
            table[1:, 1:] = cells.cumsum(axis=0).cumsum(axis=1)
            self.sums[i] = table
        return self.sums[i]

    def _count(self, i: int, boxes: np.ndarray) -> np.ndarray:
        rows, cols = self.grid.shape
        r0, r1 = (np.clip((boxes[:, k] / GRID_PX).astype(int) + add, 0, rows)
                  for k, add in ((1, 0), (3, 1)))
        c0, c1 = (np.clip((boxes[:, k] / GRID_PX).astype(int) + add, 0, cols)
                  for k, add in ((0, 0), (2, 1)))
        table = self._sum(i)
        return table[r1, c1] - table[r0, c1] - table[r1, c0] + table[r0, c0]

    def hides(self, key: str, boxes: np.ndarray) -> np.ndarray:
        return (self._count(-1, boxes) - self._count(self.index[key], boxes)) * GRID_PX ** 2

    def owns(self, key: str, point: tuple[float, float]) -> bool:
        row, col = int(point[1] / GRID_PX), int(point[0] / GRID_PX)
        inside = 0 <= row < self.grid.shape[0] and 0 <= col < self.grid.shape[1]
        return bool(inside and self.grid[row, col] == self.index[key])


@lru_cache(maxsize=4)
def land_of(basemap: Basemap) -> LandGrid:
    return LandGrid(land_grid(basemap), {k: i for i, k in enumerate(basemap.nordland)})


NAMES_CACHE = 2048  # views whose names are kept per register (a placement costs a few ms)


@dataclass(frozen=True)
class NameLayout:
    """The names of one view: each Nordland municipality's text ("" where no name shows) and
    where it stands (its label point, or beside it), and the leader lines of the names that
    stand beside their point (lon/lat, None between two lines, as plotly draws them)."""

    text: list[str]
    lon: list[float]
    lat: list[float]
    leader_lon: list[float | None]
    leader_lat: list[float | None]


def names_layout(data: Any, layers: Sequence[str], kommune: str | None,
                 values: Sequence[int] | None = None, region: str | None = None,
                 geometry: str = "kart") -> NameLayout:
    """`_names_layout`, remembered per register for the last NAMES_CACHE views."""
    cached = data.memo("kart_names_layout", lambda: lru_cache(maxsize=NAMES_CACHE)(
        lambda *key: _names_layout(data, *key)))
    return cached(tuple(layers), kommune, None if values is None else tuple(values), region,
                  geometry)


def names_text(data: Any, layers: Sequence[str], kommune: str | None,
               values: Sequence[int] | None = None, region: str | None = None,
               geometry: str = "kart") -> list[str]:
    """The names trace's text of a view (`names_layout`)."""
    return names_layout(data, layers, kommune, values, region, geometry).text


def name_traces(data: Any, layers: Sequence[str], kommune: str | None,
                  values: Sequence[int] | None = None, region: str | None = None,
                  geometry: str = "kart") -> dict[int, dict[str, list]]:
    """The names trace and the leader trace of a view, as a figure or a Patch takes them."""
    names = names_layout(data, layers, kommune, values, region, geometry)
    # A dot where the leader starts: on the municipality, none at the text or between lines.
    dots = [LEADER_DOT, 0, 0] * (len(names.leader_lon) // 3)
    return {NAMES: {"text": names.text, "lon": names.lon, "lat": names.lat},
            LEADERS: {"lon": names.leader_lon, "lat": names.leader_lat,
                      "marker": {**LEADER_MARKER, "size": dots}}}


def name_order(data: Any, area: dict[str, float], kommune: str | None,
               values: Sequence[int] | None, region: str | None) -> tuple[list[str], list[str]]:
    """(the municipalities whose names may show, in priority order; the important ones first
    among them). Which may show: the chosen municipality and its partners, most shared first;
    or a region's members; or, with neither, every one, larger municipalities first. The
    important ones: the chosen municipality, the highest values of the measure shown (the
    ranking of the panel's «Høyest», AppData.highest; `values` None where the map shows no
    count) and the county seat (data/app/county_seats.csv)."""
    by_area = sorted(data.nordland, key=lambda k: -area[k])
    if kommune:
        shared = dict(zip(data.nordland, values or [], strict=False))
        allowed = [kommune, *sorted((k for k in by_area if k != kommune and shared.get(k, 0) > 0),
                                    key=lambda k: -shared[k])]
    elif region and region_of(data, region):
        inside = set(region_of(data, region)[1])  # type: ignore[index]
        allowed = [k for k in by_area if k in inside]
    else:
        allowed = by_area
    top = data.highest(values) if values is not None and any(values) else []
    first = [k for k in dict.fromkeys([kommune, *top, data.county_seat]) if k in set(allowed)]
    return first + [k for k in allowed if k not in first], first


def _names_layout(data: Any, layers: Sequence[str], kommune: str | None,
                  values: Sequence[int] | None = None, region: str | None = None,
                  geometry: str = "kart") -> NameLayout:
    """The names of a view (`name_order`), each shown only where it overlaps no other name and
    no region label of the shown layers; the important ones may stand beside their point, with
    a leader line (kommunekart.figures.labels.place_names), and the chosen one always shows."""
    base = data.geography(geometry)[0]
    frame = frame_of(base)
    points = base.label_points
    taken = [*getattr(base, "reserved", ()),
             *(spot[1] for spot in placed_regions(data, layers, geometry) if spot)]
    order, first = name_order(data, drawn_px2(base), kommune, values, region)
    text = {k: f"<b>{plot_text(data.names[k])}</b>" if k == kommune else plot_text(data.names[k])
            for k in order}
    # Placed at the size drawn on the map's scale at 1280 × 720 (labels.FRAME_PX): the one map's
    # scale is set by its height (Nordland is tall), so any wider or taller screen has more room.
    font = PRESENT_FONT if geometry == "delt" else NAME_FONT
    spots = {s.key: s for s in place_names(frame, [(k, text[k], *points[k]) for k in order], taken,
                                           font=font, always=[kommune] if kommune else [],
                                           callouts=first, land=land_of(base))}
    at = {k: frame.lonlat(*spots[k].at) if k in spots else points[k] for k in data.nordland}
    ends = [[frame.lonlat(*p) for p in s.leader] for s in spots.values() if s.leader]
    return NameLayout([text[k] if k in spots else "" for k in data.nordland],
                      [at[k][0] for k in data.nordland], [at[k][1] for k in data.nordland],
                      [v for a, b in ends for v in (a[0], b[0], None)],
                      [v for a, b in ends for v in (a[1], b[1], None)])
