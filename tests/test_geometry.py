"""Geometry for the map: complete, joined by string keys, light, gap-free, islands kept.

Runs on Kartverket's 2020 boundaries, the verified file the app itself uses (conftest.py:
KOMMUNEKART_GEODATA_DIR or geodata/cache/).
"""

from __future__ import annotations

import gzip
import json
from itertools import combinations
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from kommunekart.geo.geometry import (
    KEY,
    MissingGeometryError,
    dissolve_regions,
    feature_collection,
    join_measure,
    load_municipalities,
    missing_geometries,
    nordland_numbers,
    outline_lines,
    require_geometries,
    web_frame,
    web_geometry,
)
from kommunekart.paths import DATA_DIR

ISLANDS = {"1835": "Træna", "1856": "Røst", "1857": "Værøy"}
# Bordering Nordland by land, plus Harstad (named by arrangements, not adjacent).
NEIGHBOURS = ["5402", "5411", "5412", "5414", "5415", "5416", "5043", "5044", "5046", "5052",
              "5060"]


@pytest.fixture(scope="module")
def municipalities(kommuner_path: Path) -> gpd.GeoDataFrame:
    return load_municipalities(kommuner_path)


@pytest.fixture(scope="module")
def nordland(municipalities: gpd.GeoDataFrame) -> list[str]:
    return nordland_numbers(municipalities)


@pytest.fixture(scope="module")
def frame(municipalities: gpd.GeoDataFrame, nordland: list[str]) -> gpd.GeoDataFrame:
    return web_frame(municipalities, nordland, NEIGHBOURS)


def _original(municipalities: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return municipalities.set_index(KEY).geometry


def _holes(geom: shapely.Geometry) -> int:
    return sum(len(p.interiors) for p in shapely.get_parts(geom))


def _ring_signed_area(ring: list[list[float]]) -> float:
    """Shoelace area of a GeoJSON ring as drawn (x = lon, y = lat): < 0 means clockwise."""
    xy = np.asarray(ring)
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _csv_numbers(name: str) -> set[str]:
    path = DATA_DIR / name
    return set(pd.read_csv(path, dtype=str)[KEY].dropna().str.strip())


# --- loading and completeness --------------------------------------------------------------


def test_loaded_with_string_keys_one_valid_geometry_each(
    municipalities: gpd.GeoDataFrame, nordland: list[str]
) -> None:
    assert municipalities.crs.to_epsg() == 4326
    assert len(municipalities) == 356
    keys = municipalities[KEY].tolist()
    assert all(isinstance(k, str) and len(k) == 4 and k.isdigit() for k in keys)
    assert municipalities[KEY].is_unique
    assert "0301" in keys  # Oslo: the leading zero survived the integer in the file
    assert municipalities.is_valid.all() and not municipalities.is_empty.any()
    assert len(nordland) == 41 and all(k.startswith("18") for k in nordland)
    assert set(ISLANDS) <= set(nordland)


def test_all_nordland_municipalities_matched(
    municipalities: gpd.GeoDataFrame, nordland: list[str]
) -> None:
    assert missing_geometries(municipalities, nordland) == []
    require_geometries(municipalities, nordland)
    assert missing_geometries(municipalities, [1804, "301", 1835.0]) == []


def test_unknown_numbers_are_reported_by_name(municipalities: gpd.GeoDataFrame) -> None:
    assert missing_geometries(municipalities, ["1804", "1899", "1804", "1850"]) == ["1899", "1850"]
    with pytest.raises(MissingGeometryError) as caught:
        require_geometries(municipalities, ["1820", "1899"], context="register")
    assert caught.value.numbers == ["1899"]
    assert "1899" in str(caught.value) and "1820" not in str(caught.value)
    with pytest.raises(ValueError, match="18a4"):
        missing_geometries(municipalities, ["18a4"])


def test_shipped_register_has_a_geometry_for_every_number(
    municipalities: gpd.GeoDataFrame, nordland: list[str]
) -> None:
    listed = _csv_numbers("municipalities.csv")
    assert {k for k in listed if k.startswith("18")} == set(nordland)
    named = listed | _csv_numbers("memberships.csv") | _csv_numbers("region_layers.csv")
    assert missing_geometries(municipalities, sorted(named)) == []


# --- joining measures ----------------------------------------------------------------------


def test_join_measure_keeps_missing_as_nan(municipalities: gpd.GeoDataFrame) -> None:
    values = pd.Series({"1804": 12.0, 1820: 3.0, "1835": 0.0}, name="ordninger")
    joined = join_measure(municipalities, values)
    assert isinstance(joined, gpd.GeoDataFrame) and len(joined) == len(municipalities)
    by_key = joined.set_index(KEY)["ordninger"]
    assert by_key["1804"] == 12.0 and by_key["1820"] == 3.0 and by_key["1835"] == 0.0
    assert by_key.drop(["1804", "1820", "1835"]).isna().all()  # never filled with 0


def test_join_measure_refuses_unknown_and_repeated_numbers(
    municipalities: gpd.GeoDataFrame,
) -> None:
    with pytest.raises(MissingGeometryError, match="1899"):
        join_measure(municipalities, pd.Series({"1804": 1, "1899": 2}), name="n")
    with pytest.raises(ValueError, match="1804"):
        join_measure(municipalities, pd.Series([1, 2], index=["1804", 1804]), name="n")


# --- web geometry --------------------------------------------------------------------------


def test_every_nordland_municipality_present_and_valid(
    frame: gpd.GeoDataFrame, nordland: list[str]
) -> None:
    assert frame[KEY].tolist() == nordland + NEIGHBOURS
    assert frame.loc[frame["nordland"], KEY].tolist() == nordland
    assert frame.is_valid.all()
    assert not frame.is_empty.any()
    coords = shapely.get_coordinates(frame.geometry.to_numpy())
    assert np.allclose(coords, np.round(coords, 4), rtol=0, atol=1e-9)  # drawn == dissolved


def test_simplified_as_a_coverage_without_gaps_or_overlaps(
    municipalities: gpd.GeoDataFrame, frame: gpd.GeoDataFrame
) -> None:
    geoms = frame.geometry.values
    assert shapely.coverage_is_valid(geoms)

    left, right = frame.sindex.query(geoms, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left, right, strict=True) if i < j]
    assert len(pairs) >= len(frame) - 1  # the neighbours that touch were all measured
    overlap = sum(shapely.intersection(geoms[i], geoms[j]).area for i, j in pairs)
    assert overlap < 1e-10

    original = _original(municipalities).loc[frame[KEY]].to_numpy()
    assert _holes(shapely.union_all(geoms)) <= _holes(shapely.union_all(original))
    assert _holes(shapely.union_all(geoms[frame["nordland"].to_numpy()])) == 0

    borders = 0
    for (i, a), (j, b) in combinations(enumerate(original), 2):
        shared = shapely.intersection(a, b).length if a.intersects(b) else 0.0
        if shared > 0.01:  # neighbours along a real border stay neighbours along a border
            assert shapely.intersection(geoms[i], geoms[j]).length > 0.5 * shared, (i, j)
            borders += 1
    assert borders >= len(frame) - 1  # the borders were measured, not skipped


def test_simplified_area_stays_close(
    municipalities: gpd.GeoDataFrame, frame: gpd.GeoDataFrame
) -> None:
    original = _original(municipalities).loc[frame[KEY]].to_numpy()
    ratio = pd.Series(shapely.area(frame.geometry.to_numpy()) / shapely.area(original),
                      index=frame[KEY])
    assert len(ratio) == len(frame) >= 41  # every drawn municipality measured
    assert ratio.between(0.8, 1.2).all(), ratio[~ratio.between(0.8, 1.2)]


def test_islands_stay_visible(municipalities: gpd.GeoDataFrame, frame: gpd.GeoDataFrame) -> None:
    original = _original(municipalities)
    simplified = frame.set_index(KEY).geometry
    for key, name in ISLANDS.items():
        ratio = simplified[key].area / original[key].area
        assert ratio >= 0.8, f"{name} keeps only {ratio:.0%} of its area"
        assert shapely.get_num_geometries(simplified[key]) == shapely.get_num_geometries(
            original[key]
        ), f"{name} lost an island"


def test_nordland_geojson_within_size_target(
    municipalities: gpd.GeoDataFrame, nordland: list[str]
) -> None:
    geojson = web_geometry(municipalities, nordland)
    text = json.dumps(geojson)
    assert len(gzip.compress(text.encode())) <= 60_000
    original_raw = sum(len(shapely.to_geojson(g)) for g in _original(municipalities)[nordland])
    assert len(text) < original_raw / 2


def test_geojson_ready_for_plotly_geo(frame: gpd.GeoDataFrame, nordland: list[str]) -> None:
    geojson = feature_collection(frame)
    json.dumps(geojson)  # plain lists, str and float only
    features = geojson["features"]
    assert [f["id"] for f in features] == frame[KEY].tolist()
    assert all(type(f["id"]) is str for f in features)
    assert all(f["properties"] == {KEY: f["id"]} for f in features)
    for feature in features:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            exterior, *holes = polygon
            # d3-geo (plotly's geo subplot) fills the *outside* of counter-clockwise shells
            assert _ring_signed_area(exterior) < 0, feature["id"]
            assert all(_ring_signed_area(hole) > 0 for hole in holes), feature["id"]
            coords = np.concatenate([np.asarray(r) for r in polygon])
            assert np.array_equal(coords, np.round(coords, 4))


# --- regions -------------------------------------------------------------------------------


def _check_outlines(frame: gpd.GeoDataFrame, region_layers: pd.DataFrame) -> gpd.GeoDataFrame:
    regions = dissolve_regions(frame, region_layers)
    geoms = frame.set_index(KEY).geometry
    expected = region_layers.groupby(["layer", "region_id"])[KEY].apply(lambda s: set(s))
    assert len(regions) == len(expected)
    for row in regions.itertuples():
        members = expected[(row.layer, row.region_id)]
        assert set(row.members) == members
        union = shapely.union_all(geoms.loc[sorted(members)].to_numpy())
        assert shapely.symmetric_difference(row.geometry, union).area < 1e-9, row.region_id
        assert row.geometry.contains(shapely.Point(row.label_lon, row.label_lat)), row.region_id
    return regions


def test_dissolved_region_covers_exactly_its_members(frame: gpd.GeoDataFrame) -> None:
    layers = pd.DataFrame(
        {
            "layer": ["a", "a", "a", "a", "a", "b"],
            "region_id": ["salten", "salten", "salten", "yttersia", "yttersia", "bodo"],
            KEY: ["1804", "1838", 1839, "1856", "1857", "1804"],
        }
    )
    layers[KEY] = layers[KEY].astype(str)
    regions = _check_outlines(frame, layers)
    assert regions[["layer", "region_id"]].values.tolist() == [
        ["a", "salten"], ["a", "yttersia"], ["b", "bodo"]
    ]
    assert regions.loc[1, "members"] == ("1856", "1857")
    assert shapely.get_num_geometries(regions.loc[1, "geometry"]) >= 2  # two island groups
    salten = regions.loc[0, "geometry"]
    assert _holes(salten) == 0  # shared borders dissolve without slivers
    assert regions["label_lon"].round(4).equals(regions["label_lon"])


def test_region_with_unknown_member_is_reported(frame: gpd.GeoDataFrame) -> None:
    layers = pd.DataFrame({"layer": ["a"], "region_id": ["x"], KEY: ["1899"]})
    with pytest.raises(MissingGeometryError, match="1899"):
        dissolve_regions(frame, layers)


def test_shipped_region_layers_dissolve(
    municipalities: gpd.GeoDataFrame, nordland: list[str]
) -> None:
    layers = pd.read_csv(DATA_DIR / "region_layers.csv", dtype=str)
    outside = sorted({k for k in layers[KEY] if not k.startswith("18")})
    regions = _check_outlines(web_frame(municipalities, nordland, outside), layers)
    assert "region_name" in regions.columns


def test_outline_lines_for_a_scattergeo_trace(frame: gpd.GeoDataFrame) -> None:
    layers = pd.DataFrame(
        {"layer": "a", "region_id": ["r", "r", "s"], KEY: ["1804", "1838", "1856"]}
    )
    outlines = dissolve_regions(frame, layers).geometry
    lons, lats = outline_lines(outlines)
    assert len(lons) == len(lats)
    rings = sum(
        shapely.get_num_interior_rings(p) + 1
        for geom in outlines for p in shapely.get_parts(geom)
    )
    assert lons.count(None) == lats.count(None) == rings
    assert lons[-1] is None
    first = shapely.get_parts(outlines.iloc[0])[0].exterior
    n = len(first.coords)
    assert lons[:n] == np.round(np.asarray(first.coords)[:, 0], 4).tolist()
    assert lons[n] is None
    values = np.array([v for v in lons + lats if v is not None])
    assert np.array_equal(values, np.round(values, 4))
