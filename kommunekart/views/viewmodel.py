"""One register made ready to draw: its measures per view, its overlays and its client copy, on
top of the basemap every register shares.

Callbacks look values up here; they never compute a data model themselves. Every cache here
belongs to one AppData and dies with it (an evicted upload frees its memory): none holds a
reference back to its AppData, so it is freed as soon as the registry lets go of it. What is
shared between registers (basemaps, outlines) lives while some register uses it (kommunekart.geo.basemap)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from threading import Lock
from typing import Any

from kommunekart.domain import measures, wording
from kommunekart.domain.county import (
    County,
    county_seats,
    in_county,
    name_in_register,
    register_county,
    survey_notice,
)
from kommunekart.domain.ordering import nb_key
from kommunekart.domain.register import Register
from kommunekart.domain.schema import LAYERS
from kommunekart.figures.map import scale_of
from kommunekart.figures.overlays import Overlay, build_overlay
from kommunekart.geo.basemap import Basemap, basemap, boundaries
from kommunekart.geo.counties import county_names
from kommunekart.geo.geodata import GeodataError
from kommunekart.geo.geometry import NORDLAND_PREFIX, require_geometries
from kommunekart.geo.panelmap import north_of, panel_basemap
from kommunekart.geo.tilemap import TileBasemap, panel_tiles, shipped_layout, tiles_for
from kommunekart.views.state import KartState

SCOPE_SUFFIX = {"alle": "", "til2020": "<br>(datert til og med 2020)",
                "kartlegging": "<br>(kartleggingen 2020)"}
VALUES_CACHE = 4096  # views per register: 3 measures × 42 task choices × 3 scopes × 42 selections


@dataclass(frozen=True)
class MapValues:
    """The numbers one view puts on the map, and how to read them."""

    z: list[int]
    title: str  # colour-bar title
    kind: str  # "count", "participation", "partners"
    hover: str  # hover line; %{z} is the value, %{text} the per-municipality text
    text: list[str] | None = None  # only where a number cannot say it (who takes part in what)

    @property
    def scale(self) -> str:
        """Which colour scale and legend the map uses for these numbers."""
        return scale_of(self.kind, self.z)

    @property
    def label(self) -> str:
        """The colour-bar title as one line of text (panel, table, downloads)."""
        return self.title.replace("-<br>", "").replace("<br>", " ")


def county_of_register(register: Register, boundary_path: str) -> County:
    """The register's county (kommunekart.domain.county.register_county), named by the
    verified county file, else by the register's own `county` column, else by its number."""
    number = register_county(register.municipalities, register.memberships)
    size = sum(k.startswith(number) for k in boundaries(boundary_path)["kommunenummer"])
    return County(number, county_name(register, boundary_path, number), size)


def county_name(register: Register, boundary_path: str, number: str) -> str:
    """A county's name in the verified county file, else in the register, else its number."""
    try:
        name = county_names(boundary_path).get(number)
    except GeodataError:
        name = None
    return name or name_in_register(register.municipalities, number) or f"fylke {number}"


class AppData:
    """The one manager through which a register's data reaches figures and panels."""

    def __init__(self, register: Register, boundary_path: str,
                 register_id: str | None = None) -> None:
        self.register = register
        self.register_id = register_id  # None: the default register; else an upload's id
        self.boundary_path = boundary_path
        mun = register.municipalities
        self.county: County = county_of_register(register, boundary_path)
        # The register's municipalities in its county, drawn in colour (the name is from when
        # every register was Nordland's: kept, as every view reads it).
        self.nordland: list[str] = in_county(mun, self.county.number)
        self.names: dict[str, str] = dict(zip(mun["kommunenummer"], mun["name"], strict=True))
        self.alphabetical: list[str] = sorted(self.nordland, key=lambda k: nb_key(self.names[k]))
        self.alphabetical_rank: dict[str, int] = {k: i for i, k in enumerate(self.alphabetical)}
        seat = county_seats().get(self.county.number)
        self.county_seat: str | None = seat if seat in self.nordland else None
        # Every municipality the register names must have a boundary: a missing one would be
        # a silent blank polygon (or a hole in a region outline). Fail here, naming it.
        require_geometries(boundaries(boundary_path), mun["kommunenummer"],
                           context="municipalities i registeret")
        self.basemap: Basemap = basemap(boundary_path, tuple(self.nordland), self.county.name)
        self.overlays: dict[str, Overlay] = {
            layer: build_overlay(register, self.basemap, layer, self.names)
            for layer in LAYERS if (register.region_layers["layer"] == layer).any()}
        self.coverage = measures.coverage(register)
        self.tasks = register.task_areas.sort_values("number")
        self.task_ids = frozenset(self.tasks["task_area_id"])
        self.layer_ids = tuple(self.overlays)
        self.arrangement_ids = frozenset(register.arrangements["arrangement_id"])
        self._values_cache: OrderedDict[tuple, MapValues] = OrderedDict()  # no cycle: see values
        self._values_lock = Lock()
        self._memo: dict[str, Any] = {}

    def values(self, measure: str = "ordninger", task: str | None = None,
               scope: str = "alle", kommune: str | None = None) -> MapValues:
        """The map's numbers for one view (`_values`), the last VALUES_CACHE views remembered.
        A plain dictionary on the instance: an lru_cache wrapping the bound method would hold
        the AppData in a cycle, freed only by the garbage collector's full pass."""
        key = (measure, task, scope, kommune)
        with self._values_lock:
            found = self._values_cache.get(key)
            if found is not None:
                self._values_cache.move_to_end(key)
                return found
        made = self._values(measure, task, scope, kommune)
        with self._values_lock:
            self._values_cache[key] = made
            while len(self._values_cache) > VALUES_CACHE:
                self._values_cache.popitem(last=False)
        return made

    def release(self) -> None:
        """Forget everything remembered for this register (the registry calls it when it lets
        go): what a page memoised may close over the AppData itself (a cycle the garbage
        collector would free only at its next full pass); emptied, the AppData is freed at once.
        A request still using it just builds again what it asks for."""
        with self._values_lock:
            self._values_cache.clear()
        self._memo.clear()

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """Something a page derives from this register once (an option list, a client copy),
        kept here so it lives and dies with the register."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def _values(self, measure: str = "ordninger", task: str | None = None,
                scope: str = "alle", kommune: str | None = None) -> MapValues:
        """The map's numbers for one view: partners of a selected municipality, else who takes
        part in a task area, else the chosen measure."""
        reg, munis = self.register, self.nordland
        suffix = SCOPE_SUFFIX[scope]
        if kommune:
            z = measures.partner_counts(reg, kommune, munis, scope, task).tolist()
            name = self.names[kommune]
            return MapValues(z, f"Felles ordninger<br>med {name}", "partners",
                             f"%{{z}} felles ordninger med {name}")
        if task:
            part = measures.task_area_participation(reg, munis, task, scope)
            text = [f"Deltar: {'; '.join(part[k])}" if part[k] else "Ingen registrert ordning"
                    for k in munis]
            return MapValues([int(bool(part[k])) for k in munis], "Oppgaveområde", "participation",
                             "%{text}", text)
        if measure == "partnere":
            z = measures.distinct_partner_counts(reg, munis, scope).tolist()
            return MapValues(z, f"Ulike samarbeids-<br>kommuner{suffix}", "count",
                             "%{z} ulike samarbeidskommuner")
        if measure == "vert":
            z = measures.host_counts(reg, munis, scope).tolist()
            return MapValues(z, f"Vertskommune for<br>antall ordninger{suffix}", "count",
                             "vertskommune for %{z} registrerte ordninger")
        z = measures.arrangement_counts(reg, munis, scope).tolist()
        title = "Ordninger i<br>kartleggingen 2020" if scope == "kartlegging" else (
            f"Registrerte<br>ordninger{suffix}")
        return MapValues(z, title, "count", "%{z} registrerte ordninger")

    def highest(self, z: Sequence[int]) -> list[str]:
        """The municipalities with the highest of these values (kommunekart.domain.measures.highest):
        the panel's «Høyest» and the map's first names."""
        return measures.highest(self.nordland, z, self.alphabetical_rank)

    def state_values(self, state: KartState) -> MapValues:
        return self.values(state.measure, state.task, state.scope, state.kommune)

    @property
    def register_name(self) -> str:
        """How header, panel, handouts and downloads name the register (its file or folder)."""
        return wording.register_label(self.register.source, self.register_id)

    @property
    def coverage_badge(self) -> str:
        """The header's one line on how much of the survey the register holds."""
        return wording.coverage_badge(self.coverage)

    @property
    def coverage_detail(self) -> str:
        """The longer reading of the coverage line (tooltip, panel, downloads), with which parts
        are whose when the register is not all its own (a simple list)."""
        return " ".join(filter(None, (wording.coverage_detail(self.coverage), self.register.parts)))

    @cached_property
    def tiles(self) -> tuple[TileBasemap | None, str | None]:
        """The tile map («Rutekart») of this register and what to tell about it: its own layout,
        the shipped one (with a notice), or none (a notice why)."""
        return tiles_for(self.basemap, self.register.tile_layout)

    @cached_property
    def tile_overlays(self) -> dict[str, Overlay]:
        """The overlays drawn on the tile map: each region the union of its members' cells."""
        return self.geography("ruter")[1]

    @cached_property
    def north(self) -> frozenset[str]:
        """The municipalities of the north panel when a map is drawn in two: as the register's
        tile layout groups them (its subregions), else as the shipped layout does."""
        return north_of(self.register.tile_layout) or north_of(shipped_layout())

    @cached_property
    def survey_elsewhere(self) -> str | None:
        """A notice for the survey's pages when the register is another county's but carries
        the survey's figures or task-area shares (Nordland's, from the deck); else None."""
        reg = self.register
        shares = reg.task_areas[["share_2014", "share_2020"]].notna().to_numpy().any()
        if self.county.number == NORDLAND_PREFIX or (reg.survey_figures.empty and not shares):
            return None
        survey = county_name(reg, self.boundary_path, NORDLAND_PREFIX)
        return survey_notice(survey, self.county.name)

    @cached_property
    def split(self) -> bool:
        """Whether the map can be drawn in two panels: only where a tile layout's subregions
        put some of the drawn municipalities in the north panel and some not (Nordland's);
        another county is presented on the single map."""
        north = self.north & set(self.nordland)
        return bool(north) and len(north) < len(self.nordland)

    def basemap_of(self, geometry: str) -> Basemap | TileBasemap | None:
        """The basemap of a geometry: "kart" the map as it lies, "delt" the map in two panels
        (presentation mode), "ruter" the tile map, "ruter-delt" the tile map in two panels."""
        if geometry.endswith("delt") and not self.split:  # no two panels for this county
            geometry = geometry.removesuffix("-delt").replace("delt", "kart")
        if geometry == "delt":  # held here: the shared cache keeps it only while someone does
            return self.memo("basemap_delt", lambda: panel_basemap(self.basemap, self.north))
        tiles = self.tiles[0]
        if geometry == "ruter":
            return tiles
        if geometry == "ruter-delt":
            return None if tiles is None else self.memo(
                "basemap_ruter-delt", lambda: panel_tiles(tiles, self.north))
        return self.basemap

    def geography(self, geometry: str) -> tuple[Any, dict[str, Overlay]]:
        """A geometry's basemap and this register's overlays drawn on it (built once each)."""
        base = self.basemap_of(geometry)
        if geometry == "kart":
            return base, self.overlays
        if base is None:
            return None, {}
        return base, self.memo(f"overlays_{geometry}", lambda: {
            layer: build_overlay(self.register, base, layer, self.names)  # type: ignore[arg-type]
            for layer in self.overlays})

