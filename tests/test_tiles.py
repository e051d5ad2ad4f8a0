"""The tile map («Rutekart»): data/tile_layout.csv keeps Nordland's shape and sub-regions, and
kommunekart.geo.tiles turns it into GeoJSON squares plotly can draw.

Geography rule for tile neighbours: two municipalities whose tiles touch (edge or corner, the
8-neighbourhood) must share a border in the verified 2020 boundary file, or have representative
points (a point inside each, in UTM 33N) at most NEAR_KM apart. Sea crossings such as Vestfjorden
(Lofoten–Salten) and Træna's open sea have no shared border, hence the distance."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from kommunekart.domain.register import Register, RegisterError, load_register
from kommunekart.geo.geometry import load_municipalities
from kommunekart.geo.tiles import tile_centres, tile_geojson
from kommunekart.paths import DATA_DIR

NEAR_KM = 80.0
UTM33 = "EPSG:25833"
SUBREGIONS = ("Helgeland", "Salten", "Lofoten", "Vesterålen", "Ofoten")
# the sub-regions as the regional councils (region_layers.csv, layer regionraad) put them
COUNCILS = {"rr-hipr": "Helgeland", "rr-indre-helgeland": "Helgeland", "rr-salten": "Salten",
            "rr-lofoten": "Lofoten", "rr-vesteralen": "Vesterålen", "rr-halogaland": "Ofoten"}
ISLANDS = ("1856", "1857", "1835", "1834", "1836", "1815", "1818", "1827")  # Røst … Dønna

Cell = tuple[int, int]


@pytest.fixture(scope="module")
def reg() -> Register:
    return load_register(DATA_DIR)


@pytest.fixture(scope="module")
def layout(reg: Register) -> pd.DataFrame:
    return reg.tile_layout


@pytest.fixture(scope="module")
def names(reg: Register) -> dict[str, str]:
    return dict(zip(reg.municipalities["kommunenummer"], reg.municipalities["name"], strict=True))


@pytest.fixture(scope="module")
def nordland(reg: Register, kommuner_path: Path) -> gpd.GeoDataFrame:
    """Nordland's 2020 municipalities from the verified boundary file, in UTM 33N (metres)."""
    gdf = load_municipalities(kommuner_path)
    numbers = reg.municipalities.loc[reg.municipalities["in_nordland"], "kommunenummer"]
    return gdf[gdf["kommunenummer"].isin(set(numbers))].set_index("kommunenummer").to_crs(UTM33)


@pytest.fixture(scope="module")
def points(nordland: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """{kommunenummer: (easting, northing)} in km of each municipality's representative point."""
    return {k: (p.x / 1000, p.y / 1000) for k, p in nordland.representative_point().items()}


def cells_of(layout: pd.DataFrame) -> dict[str, Cell]:
    return {k: (int(r), int(c))
            for k, r, c in zip(layout["kommunenummer"], layout["row"], layout["col"], strict=True)}


def groups(cells: Iterable[Cell], steps: Iterable[Cell]) -> int:
    """How many connected groups the cells form, moving by `steps`."""
    todo, count, steps = set(cells), 0, list(steps)
    while todo:
        count += 1
        stack = [todo.pop()]
        while stack:
            r, c = stack.pop()
            for dr, dc in steps:
                if (r + dr, c + dc) in todo:
                    todo.remove((r + dr, c + dc))
                    stack.append((r + dr, c + dc))
    return count


EDGE = ((1, 0), (-1, 0), (0, 1), (0, -1))
KING = tuple((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc)


def tile_pairs(layout: pd.DataFrame) -> list[tuple[str, str]]:
    """Every pair of municipalities whose tiles touch at an edge or a corner."""
    at = {cell: k for k, cell in cells_of(layout).items()}
    pairs = {(min(k, at[(r + dr, c + dc)]), max(k, at[(r + dr, c + dc)]))
             for (r, c), k in at.items() for dr, dc in KING if (r + dr, c + dc) in at}
    return sorted(pairs)


# ---------------------------------------------------------------- the layout as data


def test_every_nordland_municipality_has_one_tile(reg: Register, layout: pd.DataFrame) -> None:
    in_nordland = reg.municipalities.loc[reg.municipalities["in_nordland"], "kommunenummer"]
    assert len(layout) == 41
    assert sorted(layout["kommunenummer"]) == sorted(in_nordland)


def test_no_two_municipalities_on_one_cell(layout: pd.DataFrame, names: dict[str, str]) -> None:
    shared = layout[layout.duplicated(["row", "col"], keep=False)]
    assert shared.empty, [(names[k], r, c) for k, r, c in
                          shared[["kommunenummer", "row", "col"]].itertuples(index=False)]
    assert (layout["row"] >= 0).all() and (layout["col"] >= 0).all()


def test_subregions_are_the_regional_councils(reg: Register, layout: pd.DataFrame) -> None:
    rl = reg.region_layers
    councils = rl[rl["region_id"].isin(set(COUNCILS))]
    expected = {k: COUNCILS[r] for k, r in zip(councils["kommunenummer"], councils["region_id"],
                                               strict=True) if k in set(layout["kommunenummer"])}
    assert dict(zip(layout["kommunenummer"], layout["subregion"], strict=True)) == expected
    assert set(layout["subregion"]) == set(SUBREGIONS)


def test_subregions_are_contiguous(layout: pd.DataFrame, names: dict[str, str]) -> None:
    """Each sub-region's tiles form one group joined edge to edge (4-connected, the stricter of
    the two rules)."""
    cells = cells_of(layout)
    for subregion, members in layout.groupby("subregion")["kommunenummer"]:
        count = groups((cells[k] for k in members), EDGE)
        assert count == 1, f"{subregion} falls in {count} parts: {[names[k] for k in members]}"


def test_tile_neighbours_are_geographic_neighbours(
    layout: pd.DataFrame, nordland: gpd.GeoDataFrame, points: dict[str, tuple[float, float]],
    names: dict[str, str],
) -> None:
    failing = []
    for a, b in tile_pairs(layout):
        if nordland.geometry[a].intersects(nordland.geometry[b]):
            continue
        (xa, ya), (xb, yb) = points[a], points[b]
        km = ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5
        if km > NEAR_KM:
            failing.append(f"{names[a]}–{names[b]} {km:.0f} km")
    assert not failing, f"tile neighbours neither bordering nor within {NEAR_KM:g} km: {failing}"


def test_layout_keeps_nordlands_shape(
    layout: pd.DataFrame, points: dict[str, tuple[float, float]], names: dict[str, str]
) -> None:
    """North up and never mirrored: along every row the tiles run west to east in the order of
    the municipalities' representative points, and down every column north to south."""
    cells = cells_of(layout)
    wrong = []
    for a, b in itertools.permutations(cells, 2):
        (ra, ca), (rb, cb) = cells[a], cells[b]
        if ra == rb and ca < cb and points[a][0] > points[b][0]:
            wrong.append(f"{names[a]} left of {names[b]} but east of it")
        if ca == cb and ra < rb and points[a][1] < points[b][1]:
            wrong.append(f"{names[a]} above {names[b]} but south of it")
    assert not wrong, wrong
    # the long diagonal: Bindal at the bottom left, Andøy at the top, Narvik at the right
    by_name = {names[k]: cell for k, cell in cells.items()}
    rows = [r for r, _ in cells.values()]
    cols = [c for _, c in cells.values()]
    assert by_name["Bindal"][0] == max(rows) and by_name["Andøy"][0] == min(rows)
    assert by_name["Narvik"][1] == max(cols)
    lofoten = [c for k, c in cells.items() if layout.set_index("kommunenummer").loc[k, "subregion"]
               == "Lofoten"]
    assert max(c for _, c in lofoten) < min(by_name[n][1] for n in ("Narvik", "Evenes", "Fauske"))


def test_islands_lie_on_the_sea_side(layout: pd.DataFrame, names: dict[str, str]) -> None:
    """No tile west of an island municipality in its row is a mainland one: west is the sea."""
    cells = cells_of(layout)
    for island in ISLANDS:
        row, col = cells[island]
        west = [k for k, (r, c) in cells.items() if r == row and c < col]
        assert set(west) <= set(ISLANDS), f"{names[island]} has {[names[k] for k in west]} west"


# ---------------------------------------------------------------- GeoJSON


def clockwise(ring: list[list[float]]) -> bool:
    """Shoelace area with lon as x and lat as y: negative is clockwise with north up."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) < 0


def test_geojson_has_one_closed_clockwise_square_per_municipality(layout: pd.DataFrame) -> None:
    geo = tile_geojson(layout)
    assert geo["type"] == "FeatureCollection"
    ids = [f["id"] for f in geo["features"]]
    assert len(ids) == 41 and sorted(ids) == sorted(layout["kommunenummer"])
    squares = []
    for feature in geo["features"]:
        assert feature["properties"]["kommunenummer"] == feature["id"]
        (ring,) = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Polygon" and len(ring) == 5
        assert ring[0] == ring[-1], f"{feature['id']}: ring not closed"
        assert clockwise(ring), f"{feature['id']}: ring is not clockwise"
        polygon = shapely.Polygon(ring)
        assert polygon.is_valid and not polygon.exterior.is_ccw
        assert abs(polygon.area - polygon.minimum_rotated_rectangle.area) < 1e-9
        squares.append(polygon)
    areas = {round(p.area, 6) for p in squares}
    assert len(areas) == 1  # equal squares
    assert not any(a.intersects(b) for a, b in itertools.combinations(squares, 2))  # gaps


def test_centres_put_row_zero_on_top(layout: pd.DataFrame) -> None:
    centres = tile_centres(layout)
    cells = cells_of(layout)
    squares = {f["id"]: shapely.Polygon(f["geometry"]["coordinates"][0])
               for f in tile_geojson(layout)["features"]}
    for k, (lon, lat) in centres.items():
        assert squares[k].contains(shapely.Point(lon, lat))
    for a, b in itertools.combinations(cells, 2):
        (ra, ca), (rb, cb) = cells[a], cells[b]
        if ra < rb:
            assert centres[a][1] > centres[b][1]
        if ca < cb:
            assert centres[a][0] < centres[b][0]
    # the layout's middle sits at (0, 0): small coordinates that any projection keeps square
    assert max(abs(v) for lonlat in centres.values() for v in lonlat) < 10


def test_tiles_refuse_two_on_one_cell() -> None:
    frame = pd.DataFrame({"kommunenummer": ["1804", "1806"], "row": [0, 0], "col": [1, 1]})
    with pytest.raises(ValueError, match="share one tile"):
        tile_geojson(frame)
    with pytest.raises(ValueError, match="non-negative"):
        tile_centres(frame.assign(row=[0, -1]))


# ---------------------------------------------------------------- the register's checks


@pytest.fixture
def copy_of_data(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_register_without_a_tile_layout_loads(copy_of_data: Path) -> None:
    (copy_of_data / "tile_layout.csv").unlink()
    reg = load_register(copy_of_data)
    assert reg.tile_layout.empty
    assert list(reg.tile_layout.columns) == ["kommunenummer", "row", "col", "subregion", "source"]


def test_broken_tile_layout_is_refused_with_every_problem_named(copy_of_data: Path) -> None:
    path = copy_of_data / "tile_layout.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = {line.split(",")[0]: i for i, line in enumerate(lines)}
    bodo = lines[numbered["1804"]].split(",", 3)
    narvik = lines[numbered["1806"]].split(",", 3)
    lines[numbered["1806"]] = ",".join(["1806", bodo[1], bodo[2], narvik[3]])  # Bodø's cell
    lines[numbered["1811"]] = lines[numbered["1811"]].replace("1811,13,", "1811,-1,", 1)
    lines[numbered["1812"]] = lines[numbered["1812"]].replace("1812,", "5006,", 1)  # Steinkjer
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(copy_of_data)
    problems = [str(p) for p in info.value.problems]
    assert all(p.startswith("tile_layout.csv") for p in problems), problems
    text = "\n".join(problems)
    assert f"rad {numbered['1806'] + 1}, kolonne «row»: ruten (row {bodo[1]}, col {bodo[2]}) " \
           "er allerede brukt av 1804 (Bodø)" in text
    assert f"rad {numbered['1811'] + 1}, kolonne «row»: -1 er under 0" in text
    assert "5006 (Steinkjer) er ikke en Nordland-kommune" in text
    assert "mangler rute for 1 Nordland-kommune(r): 1812 (Sømna)" in text
    assert len(problems) == 4, problems
