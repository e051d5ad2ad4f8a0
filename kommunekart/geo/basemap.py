"""The map's geometry, built once per process from the verified boundary file and shared by every
register (the shipped one and each upload): opening an uploaded register never rebuilds it.

Lifetimes: a basemap (and the tile and two-panel basemaps derived from it) is shared through a
weak cache, so it lives exactly as long as some register (AppData) uses it; an evicted upload with
a geometry of its own frees it. Region outlines are remembered per basemap, at most OUTLINES sets
(uploads with ever new regions cannot grow it without bound)."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cached_property, lru_cache
from threading import Lock
from typing import Any, TypeVar

import geopandas as gpd
import shapely

from kommunekart.geo.geometry import (
    NORDLAND_PREFIX,
    feature_collection,
    load_municipalities,
    web_frame,
)

T = TypeVar("T")
OUTLINES = 512  # region outlines remembered per basemap (the shipped register has 29)
VIEW_MARGIN = (0.3, 0.12)  # degrees of lon, lat of grey context around Nordland
CONTEXT_BOX = (0.5, 0.3)  # degrees of lon, lat around Nordland in which neighbours are drawn


class SharedCache:
    """Objects shared by key while anything else holds them (a weak-valued dictionary): the
    cache itself never keeps one alive."""

    def __init__(self) -> None:
        self._items: weakref.WeakValueDictionary[Hashable, Any] = weakref.WeakValueDictionary()
        self._lock = Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            found = self._items.get(key)
        if found is not None:
            return found
        made = build()  # outside the lock: building a basemap takes a while
        with self._lock:
            return self._items.setdefault(key, made)

    def __len__(self) -> int:
        return len(self._items)


class Outlines:
    """Dissolved outlines by set of members, the least recently used forgotten past `size`."""

    def __init__(self, size: int = OUTLINES) -> None:
        self.size = size
        self._items: OrderedDict[frozenset[str], tuple[Any, float, float]] = OrderedDict()
        self._lock = Lock()

    def get(self, members: frozenset[str],
            build: Callable[[], tuple[Any, float, float]]) -> tuple[Any, float, float]:
        with self._lock:
            if members in self._items:
                self._items.move_to_end(members)
                return self._items[members]
        made = build()
        with self._lock:
            made = self._items.setdefault(members, made)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return made

    def __len__(self) -> int:
        return len(self._items)


@lru_cache(maxsize=2)
def boundaries(boundary_path: str) -> gpd.GeoDataFrame:
    """Every municipality's boundary in the verified file (repaired, 4-character numbers)."""
    return load_municipalities(boundary_path)


class Basemap:
    """A county's municipalities (Nordland's, or the register's county's) and their grey
    context, simplified for the browser."""

    def __init__(self, boundary_path: str, nordland: tuple[str, ...],
                 county_name: str) -> None:
        self.boundary_path = boundary_path
        self.nordland = list(nordland)  # the drawn municipalities, of one county
        self.county_name = county_name
        self.county_prefix = nordland[0][:2] if nordland else NORDLAND_PREFIX
        full = boundaries(boundary_path)
        self.frame = web_frame(full, self.nordland, context_neighbours(full, self.nordland))
        in_nordland = self.frame["kommunenummer"].isin(self.nordland)
        self.neighbours: list[str] = list(self.frame.loc[~in_nordland, "kommunenummer"])
        self.boundary_names: dict[str, str] = dict(zip(self.frame["kommunenummer"],
                                                       self.frame["navn"], strict=True))
        self._outlines = Outlines()

    @cached_property
    def geojson_nordland(self) -> dict[str, Any]:
        return feature_collection(self.frame[self.frame["kommunenummer"].isin(self.nordland)])

    @cached_property
    def geojson_neighbours(self) -> dict[str, Any]:
        in_nordland = self.frame["kommunenummer"].isin(self.nordland)
        return feature_collection(clip_to_view(self.frame[~in_nordland], self.frame[in_nordland]))

    def region_outline(self, members: frozenset[str]) -> tuple[Any, float, float]:
        """The dissolved outline of a set of municipalities and a label point inside it, computed
        once per set while the basemap lives (every register with the same regions, the shipped
        one and each upload, shares them; at most OUTLINES sets are kept)."""
        def build() -> tuple[Any, float, float]:
            geoms = self.frame.loc[self.frame["kommunenummer"].isin(members), "geometry"]
            union = shapely.union_all(geoms.values)
            point = union.representative_point()
            return union, round(point.x, 4), round(point.y, 4)

        return self._outlines.get(members, build)

    @cached_property
    def label_points(self) -> dict[str, tuple[float, float]]:
        """Where a municipality's name goes: a point inside its largest part (an island
        municipality's name sits on its main island, not in the sea between them)."""
        out = {}
        for k, geom in zip(self.frame["kommunenummer"], self.frame.geometry, strict=True):
            largest = max(shapely.get_parts(geom), key=lambda p: p.area)
            point = largest.representative_point()
            out[k] = (round(point.x, 4), round(point.y, 4))
        return out

    @cached_property
    def neighbour_labels(self) -> list[str]:
        """Hover text of each grey municipality: outside the county, or left out of the register."""
        out = []
        for k in self.neighbours:
            name = self.boundary_names.get(k, k)
            why = ("ikke med i registeret" if k.startswith(self.county_prefix)
                   else f"utenfor {self.county_name}")
            out.append(f"{name} ({why})")
        return out


BASEMAPS = SharedCache()  # basemaps, tile and two-panel basemaps, while a register uses them


def basemap(boundary_path: str, nordland: tuple[str, ...],
            county_name: str) -> Basemap:
    """The shared basemap of a boundary file and a set of one county's municipalities (every
    register with Nordland's 41 gets the same object, while any register holds it)."""
    return BASEMAPS.get(("kart", boundary_path, nordland, county_name),
                        lambda: Basemap(boundary_path, nordland, county_name))


def basemap_key(base: Basemap) -> tuple[str, tuple[str, ...]]:
    """What a basemap is made of, for keys of what is derived from it (never the object itself,
    which a key would keep alive)."""
    return base.boundary_path, tuple(base.nordland)


def context_neighbours(full: gpd.GeoDataFrame, nordland: list[str]) -> list[str]:
    """Municipalities outside Nordland in the map's view, drawn grey for context; far-away
    members (Trøndelag partners of a cooperative) would only shrink Nordland on screen."""
    inside = full[full["kommunenummer"].isin(nordland)]
    minx, miny, maxx, maxy = inside.total_bounds
    dx, dy = CONTEXT_BOX
    view = full.cx[minx - dx:maxx + dx, miny - dy:maxy + dy]
    return sorted(k for k in view["kommunenummer"] if k not in set(nordland))


def clip_to_view(context: gpd.GeoDataFrame, nordland: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Grey context cut to a box just around Nordland: the map fits its bounds to everything it
    draws, so a neighbour reaching far south or north would only make Nordland smaller."""
    minx, miny, maxx, maxy = nordland.total_bounds
    dx, dy = VIEW_MARGIN
    clipped = shapely.clip_by_rect(context.geometry.values, minx - dx, miny - dy, maxx + dx,
                                   maxy + dy)
    out = context.copy()
    out["geometry"] = shapely.orient_polygons(clipped, exterior_cw=True)
    return out[~out.geometry.is_empty]
