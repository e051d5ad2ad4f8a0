"""The tile map («Rutekart»): every municipality as an equal square on a grid (data/tile_layout.csv).

Pure functions from a layout table (columns kommunenummer, row, col; row 0 at the top) to GeoJSON
for plotly's geo subplot. The squares live in a small fake lon/lat space: one degree per cell,
the layout's middle at (0, 0) so any projection draws them as squares, row 0 at the largest
latitude (north up). Exterior rings are clockwise, as kommunekart/geo/geometry.py winds the real boundaries
(d3-geo convention; a counter-clockwise ring would fill the rest of the globe).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

KEY = "kommunenummer"
CELL = 1.0  # fake degrees per grid cell
GAP = 0.08  # space left between neighbouring tiles, as a share of a cell
DECIMALS = 4


def _cells(layout: pd.DataFrame) -> list[tuple[str, int, int]]:
    """(kommunenummer, row, col) per tile; a repeated number or cell, or a negative or
    non-integer row/col, raises instead of drawing one tile over another."""
    cells = []
    for key, row, col in zip(layout[KEY], layout["row"], layout["col"], strict=True):
        problem = ValueError(f"{key}: row/col must be non-negative integers, got ({row}, {col})")
        try:
            r, c = float(row), float(col)
        except (TypeError, ValueError):
            raise problem from None
        if not (r.is_integer() and c.is_integer()) or min(r, c) < 0:
            raise problem
        cells.append((str(key), int(r), int(c)))
    numbers = [k for k, _, _ in cells]
    if len(set(numbers)) != len(numbers):
        raise ValueError("a kommunenummer has more than one tile")
    if len({(r, c) for _, r, c in cells}) != len(cells):
        raise ValueError("two municipalities share one tile")
    return cells


def _origin(cells: list[tuple[str, int, int]]) -> tuple[float, float]:
    """The (row, col) of the layout's middle, which goes to lon 0, lat 0."""
    rows = [r for _, r, _ in cells]
    cols = [c for _, _, c in cells]
    return (min(rows) + max(rows)) / 2, (min(cols) + max(cols)) / 2


def tile_centres(layout: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """{kommunenummer: (lon, lat)} of each tile's centre, for labels and click markers."""
    cells = _cells(layout)
    row0, col0 = _origin(cells)
    return {
        key: (round((col - col0) * CELL, DECIMALS), round((row0 - row) * CELL, DECIMALS))
        for key, row, col in cells
    }


def tile_geojson(layout: pd.DataFrame, gap: float = GAP) -> dict[str, Any]:
    """A FeatureCollection of one square Polygon per municipality, feature id = kommunenummer
    (for `go.Choropleth(geojson=..., featureidkey="id")`), exterior ring closed and clockwise."""
    half = (1 - gap) * CELL / 2
    features = []
    for key, (lon, lat) in tile_centres(layout).items():
        west, east = round(lon - half, DECIMALS), round(lon + half, DECIMALS)
        south, north = round(lat - half, DECIMALS), round(lat + half, DECIMALS)
        # clockwise seen with north up: top-left, top-right, bottom-right, bottom-left, top-left
        ring = [[west, north], [east, north], [east, south], [west, south], [west, north]]
        features.append({
            "type": "Feature",
            "id": key,
            "properties": {KEY: key},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })
    return {"type": "FeatureCollection", "features": features}
