"""Municipality geometry for the map: load, check completeness, join, simplify, dissolve.

Everything keys on `kommunenummer` as a 4-character string: an int key or a lost leading zero
makes plotly draw a blank polygon without any error. Browser geometry is simplified as a
*coverage* (shared borders simplified once, so neighbours never gap or overlap), snapped to
4 decimals (~10 m) and wound clockwise for plotly's geo subplot (d3-geo convention).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

KEY = "kommunenummer"
CRS = "EPSG:4326"
NORDLAND_PREFIX = "18"
# Measured on Nordland 2020: 0.0075° after snapping to 4 decimals gives ~47 KB gzip with
# Træna, Røst and Værøy intact; 0.01° cuts Værøy and shrinks Træna/Røst by a quarter or more.
SIMPLIFY_TOLERANCE = 0.0075
DECIMALS = 4


class MissingGeometryError(ValueError):
    """Municipalities named by the register have no boundary: they would render blank."""

    def __init__(self, numbers: list[str], context: str = "") -> None:
        self.numbers = numbers
        where = f" ({context})" if context else ""
        super().__init__(
            f"Ingen kommunegrense for {len(numbers)} kommunenummer{where}: {', '.join(numbers)}. "
            "Sjekk nummeret i registeret (2020-nummerering, fire sifre) mot kommuner-2020.geojson."
        )


def normalise_kommunenummer(values: pd.Series) -> pd.Series:
    """4-character string keys from ints, floats ('1820.0') or strings; reject anything else
    so a malformed key fails loudly instead of silently matching nothing."""
    text = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(4)
    bad = values[~text.str.fullmatch(r"\d{4}").fillna(False).astype(bool)]
    if len(bad):
        raise ValueError(f"Ugyldige kommunenummer: {', '.join(map(str, bad.unique()))}")
    return text


def _unique_numbers(kommunenummer: Iterable[str]) -> list[str]:
    """Normalised numbers in first-seen order, duplicates removed."""
    series = normalise_kommunenummer(pd.Series(list(kommunenummer), dtype=object))
    return list(dict.fromkeys(series))


def load_municipalities(path: str | Path) -> gpd.GeoDataFrame:
    """One valid (Multi)Polygon per kommunenummer in EPSG:4326, sorted by number.

    The published file has self-intersecting rings and overlapping island parts (Bodø, Lurøy,
    Brønnøy, Vågan among them) that break unions and coverage operations; they are repaired
    here with `make_valid(method="structure")`, which keeps shared borders where they are."""
    gdf = gpd.read_file(path, engine="pyogrio")
    gdf = gdf.set_crs(CRS) if gdf.crs is None else gdf.to_crs(CRS)
    gdf[KEY] = normalise_kommunenummer(gdf[KEY])
    repaired = shapely.make_valid(gdf.geometry.values, method="structure", keep_collapsed=False)
    gdf = gdf.set_geometry(gpd.GeoSeries(repaired, index=gdf.index, crs=CRS))
    if gdf[KEY].duplicated().any():
        gdf = gdf.dissolve(by=KEY, as_index=False, aggfunc={"navn": "first"})
    return gdf[[KEY, "navn", "geometry"]].sort_values(KEY).reset_index(drop=True)


def nordland_numbers(gdf: gpd.GeoDataFrame) -> list[str]:
    """The Nordland municipalities of 2020 (18xx), sorted."""
    return sorted(k for k in gdf[KEY] if k.startswith(NORDLAND_PREFIX))


def missing_geometries(gdf: gpd.GeoDataFrame, kommunenummer: Iterable[str]) -> list[str]:
    """Numbers (in the order given) without a non-empty geometry in `gdf`."""
    present = set(gdf.loc[~(gdf.geometry.isna() | gdf.geometry.is_empty), KEY])
    return [k for k in _unique_numbers(kommunenummer) if k not in present]


def require_geometries(
    gdf: gpd.GeoDataFrame, kommunenummer: Iterable[str], context: str = ""
) -> None:
    """Raise MissingGeometryError naming every number that has no geometry."""
    missing = missing_geometries(gdf, kommunenummer)
    if missing:
        raise MissingGeometryError(missing, context)


def join_measure(
    gdf: gpd.GeoDataFrame, values: pd.Series, name: str | None = None
) -> gpd.GeoDataFrame:
    """Attach a register measure (Series indexed by kommunenummer) to the geometry.

    A left join: municipalities without a value keep NaN, never a filled 0, so "no data" stays
    distinguishable from "none". A value whose number has no geometry, or a repeated number,
    raises instead of vanishing or duplicating a polygon."""
    column = name or values.name or "value"
    index = normalise_kommunenummer(pd.Series(values.index, dtype=object))
    if index.duplicated().any():
        raise ValueError(f"Flere verdier for kommunenummer: {', '.join(index[index.duplicated()])}")
    require_geometries(gdf, index, context=f"verdier i {column!r}")
    frame = pd.DataFrame({KEY: index.to_numpy(), column: values.to_numpy()})
    return gdf.merge(frame, on=KEY, how="left")


def web_frame(
    gdf: gpd.GeoDataFrame,
    nordland: Iterable[str],
    neighbours: Iterable[str] = (),
    *,
    tolerance: float = SIMPLIFY_TOLERANCE,
    decimals: int = DECIMALS,
) -> gpd.GeoDataFrame:
    """Nordland plus named neighbours, light enough for the browser, as a GeoDataFrame.

    All selected municipalities are snapped to a 10**-decimals grid and simplified together as
    one coverage, so a border between two of them is simplified once and stays shared.
    Coverage simplification never drops a ring, so small islands stay islands. Exterior
    rings end up clockwise (d3-geo/plotly geo convention). Column `nordland` marks 18xx."""
    nordland = _unique_numbers(nordland)
    keys = nordland + [k for k in _unique_numbers(neighbours) if k not in set(nordland)]
    require_geometries(gdf, keys, context="kartgeometri")
    subset = gdf.set_index(KEY).loc[keys]
    geoms = shapely.set_precision(subset.geometry.values, 10.0**-decimals)
    if not shapely.coverage_is_valid(geoms):
        warnings.warn(
            "Kommunegrensene danner ikke en gyldig dekning; forenklingen kan gi glipper.",
            stacklevel=2,
        )
    geoms = shapely.coverage_simplify(geoms, tolerance)
    geoms = shapely.orient_polygons(geoms, exterior_cw=True)
    return gpd.GeoDataFrame(
        {KEY: keys, "navn": subset["navn"].to_numpy(), "nordland": [k in nordland for k in keys]},
        geometry=geoms,
        crs=CRS,
    )


def _rings(geom: BaseGeometry, decimals: int) -> list[list[list[list[float]]]]:
    """MultiPolygon coordinates (lists, not tuples) with rounded floats."""
    polygons = []
    for polygon in shapely.get_parts(geom):
        rings = [polygon.exterior, *polygon.interiors]
        polygons.append(
            [np.round(shapely.get_coordinates(ring), decimals).tolist() for ring in rings]
        )
    return polygons


def feature_collection(frame: gpd.GeoDataFrame, decimals: int = DECIMALS) -> dict[str, Any]:
    """GeoJSON for `go.Choropleth(geojson=..., featureidkey="id")`: top-level string ids,
    MultiPolygon geometry for every feature, winding as in `frame`."""
    features = [
        {
            "type": "Feature",
            "id": key,
            "properties": {KEY: key},
            "geometry": {"type": "MultiPolygon", "coordinates": _rings(geom, decimals)},
        }
        for key, geom in zip(frame[KEY], frame.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def web_geometry(
    gdf: gpd.GeoDataFrame,
    nordland: Iterable[str],
    neighbours: Iterable[str] = (),
    *,
    tolerance: float = SIMPLIFY_TOLERANCE,
    decimals: int = DECIMALS,
) -> dict[str, Any]:
    """`web_frame` as a GeoJSON FeatureCollection dict ready for plotly."""
    frame = web_frame(gdf, nordland, neighbours, tolerance=tolerance, decimals=decimals)
    return feature_collection(frame, decimals)


def dissolve_regions(gdf: gpd.GeoDataFrame, region_layers: pd.DataFrame) -> gpd.GeoDataFrame:
    """One outline per (layer, region_id), dissolved from its member municipalities.

    Pass the `web_frame` to get outlines that sit exactly on the drawn municipality borders.
    Output columns: layer, region_id, (region_name if given), members (sorted tuple),
    geometry, label_lon, label_lat (a representative point: always inside the region, unlike
    a centroid of a coastal region)."""
    columns = ["layer", "region_id", KEY]
    extra = ["region_name"] if "region_name" in region_layers.columns else []
    layers = region_layers[columns + extra].copy()
    layers[KEY] = normalise_kommunenummer(layers[KEY])
    layers = layers.drop_duplicates(["layer", "region_id", KEY])
    require_geometries(gdf, layers[KEY], context="region_layers")
    merged = gdf[[KEY, "geometry"]].merge(layers, on=KEY)
    aggfunc: dict[str, Any] = {KEY: lambda s: tuple(sorted(s)), **dict.fromkeys(extra, "first")}
    regions = merged.dissolve(by=["layer", "region_id"], as_index=False, aggfunc=aggfunc)
    regions = regions.rename(columns={KEY: "members"})
    points = regions.representative_point()
    regions["label_lon"] = points.x.round(DECIMALS)
    regions["label_lat"] = points.y.round(DECIMALS)
    ordered = ["layer", "region_id", *extra, "members", "geometry", "label_lon", "label_lat"]
    return regions[ordered].sort_values(["layer", "region_id"]).reset_index(drop=True)


def outline_lines(
    outlines: Iterable[BaseGeometry], decimals: int = DECIMALS
) -> tuple[list[float | None], list[float | None]]:
    """lon and lat lists for one `go.Scattergeo(mode="lines")` trace drawing every ring of
    every outline, rings separated by None (plotly's break in a line)."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for geom in outlines:
        if geom is None or geom.is_empty:
            continue
        for ring in shapely.get_parts(shapely.boundary(geom)):
            coords = np.round(shapely.get_coordinates(ring), decimals)
            lons.extend(coords[:, 0].tolist())
            lats.extend(coords[:, 1].tolist())
            lons.append(None)
            lats.append(None)
    return lons, lats
