"""Everything the dashboard draws, computed once per process from a register and the boundaries.

Callbacks look values up here; they never compute a data model themselves. The client receives
the geometry once (in the initial figure) and a compact copy of the register once (for the side
panel), so an interaction only moves the handful of numbers that change."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import shapely

from app import measures
from app.figures.map import (
    MAIN,
    border_props,
    colour_props,
    hover_props,
    map_figure,
    overlay_data,
    overlay_indices,
)
from app.geometry import (
    NORDLAND_PREFIX,
    dissolve_regions,
    feature_collection,
    load_municipalities,
    outline_lines,
    require_geometries,
    web_frame,
)
from app.register import Register
from app.schema import LAYERS, WORKBOOK_SUFFIXES

MEASURES = ("ordninger", "partnere", "vert")
SOLID_CONFIDENCE = "stated-2020"


@dataclass(frozen=True)
class MapValues:
    """The numbers one view puts on the map, and how to read them."""

    z: list[int]
    title: str  # colour-bar title
    kind: str  # "count", "participation", "partners"
    hover: str  # hover line; %{z} is the value, %{text} the per-municipality text
    text: list[str] | None = None  # only where a number cannot say it (who takes part in what)

    @property
    def label(self) -> str:
        """The colour-bar title as one line of text (panel, table, downloads)."""
        return self.title.replace("-<br>", "").replace("<br>", " ")


@dataclass(frozen=True)
class Overlay:
    layer: str
    solid: tuple[list[float | None], list[float | None]]
    dashed: tuple[list[float | None], list[float | None]]
    labels: pd.DataFrame  # region_id, region_name, label text, lon, lat, hover, confidence


class AppData:
    """The one manager through which data reaches figures and panels."""

    def __init__(self, register: Register, boundary_path: str,
                 register_id: str | None = None) -> None:
        self.register = register
        self.register_id = register_id  # None: the default register; else an upload's id
        self.boundary_path = boundary_path
        mun = register.municipalities
        self.nordland: list[str] = sorted(mun.loc[mun["in_nordland"], "kommunenummer"])
        self.names: dict[str, str] = dict(zip(mun["kommunenummer"], mun["name"], strict=True))
        full = load_municipalities(boundary_path)
        # Every municipality the register names must have a boundary: a missing one would be
        # a silent blank polygon (or a hole in a region outline). Fail here, naming it.
        require_geometries(full, mun["kommunenummer"], context="municipalities i registeret")
        frame = web_frame(full, self.nordland, self._context_neighbours(full))
        in_nordland = frame["kommunenummer"].isin(self.nordland)
        self.neighbours: list[str] = list(frame.loc[~in_nordland, "kommunenummer"])
        self.neighbour_names: dict[str, str] = dict(zip(frame["kommunenummer"], frame["navn"],
                                                        strict=True))
        self.geojson_nordland = feature_collection(frame[in_nordland])
        self.geojson_neighbours = feature_collection(clip_to_view(frame[~in_nordland],
                                                                  frame[in_nordland]))
        self.overlays = {layer: self._overlay(frame, layer) for layer in LAYERS
                         if (register.region_layers["layer"] == layer).any()}
        self.coverage = measures.coverage(register)
        self.task_options = register.task_areas.sort_values("number")

    # ------------------------------------------------------------------ set-up helpers

    def _context_neighbours(self, full: Any) -> list[str]:
        """Municipalities outside Nordland in the map's view, drawn grey for context; far-away
        members (Trøndelag partners of a cooperative) would only shrink Nordland on screen."""
        nordland = full[full["kommunenummer"].isin(self.nordland)]
        minx, miny, maxx, maxy = nordland.total_bounds
        view = full.cx[minx - 0.5:maxx + 0.5, miny - 0.3:maxy + 0.3]
        return sorted(k for k in view["kommunenummer"] if k not in self.nordland)

    def _context_label(self, kommunenummer: str) -> str:
        """Hover text of a grey municipality: outside Nordland, or left out of this register."""
        name = self.neighbour_names.get(kommunenummer, kommunenummer)
        if kommunenummer.startswith(NORDLAND_PREFIX):
            return f"{name} (ikke med i registeret)"
        return f"{name} (utenfor Nordland)"

    def _overlay(self, frame: Any, layer: str) -> Overlay:
        regions = measures.regions_of_layer(self.register, layer)
        rl = self.register.region_layers
        outlines = dissolve_regions(frame, rl[rl["layer"] == layer])
        merged = outlines.merge(regions.drop(columns=["region_name", "members"]), on="region_id")
        merged["geometry"] = [overlay_outline(g) for g in merged.geometry]
        solid = merged[merged["confidence"] == SOLID_CONFIDENCE]
        dashed = merged[merged["confidence"] != SOLID_CONFIDENCE]
        labels = merged[["region_id", "region_name", "label_lon", "label_lat", "confidence",
                         "as_of"]].copy()
        labels["text"] = [short_label(name, conf, as_of) for name, conf, as_of in
                          zip(labels["region_name"], labels["confidence"], labels["as_of"], strict=True)]
        labels["hover"] = [self._region_hover(r) for _, r in merged.iterrows()]
        return Overlay(layer, outline_lines(solid.geometry), outline_lines(dashed.geometry), labels)

    def _region_hover(self, region: pd.Series) -> str:
        host = ", ".join(region["host_names"]) or "ikke kjent"
        members = ", ".join(self.names[k] for k in region["members"])
        return (f"<b>{region['region_name']}</b><br>Vertskommune: {host}<br>"
                f"Deltakere: {members}<br>Kilde datert: {region['as_of']} · "
                f"{CONFIDENCE_LABELS[region['confidence']]}")

    # ------------------------------------------------------------------ values per view

    @lru_cache(maxsize=4096)  # noqa: B019 - one AppData per process, lives as long as the app
    def values(self, measure: str = "ordninger", task: str | None = None,
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

    # ------------------------------------------------------------------ figure and view

    @cached_property
    def base_figure(self) -> dict[str, Any]:
        """The map with its geometry, built once; every page view starts from a copy of it."""
        values = self.values()
        nb = self.neighbours
        return map_figure(
            nordland_geojson=self.geojson_nordland, neighbours_geojson=self.geojson_neighbours,
            locations=self.nordland, names=[self.names[k] for k in self.nordland],
            neighbour_locations=nb, neighbour_names=[self._context_label(k) for k in nb],
            z=values.z, hover=values.hover, text=values.text, kind=values.kind, title=values.title,
            layers=[(layer, LAYER_LABELS[layer]) for layer in self.overlays],
        )

    @cached_property
    def overlay_index(self) -> dict[str, tuple[int, int, int]]:
        return overlay_indices(list(self.overlays))

    @cached_property
    def label_layers(self) -> dict[int, str]:
        """Layer of each region-label trace, to tell a region click from a municipality click."""
        return {labels: layer for layer, (_, _, labels) in self.overlay_index.items()}

    @cached_property
    def overlay_payloads(self) -> dict[str, list[dict[str, Any]]]:
        """Each layer's coordinates and labels in trace order, sent the first time it is shown."""
        return {layer: overlay_data(ov.solid, ov.dashed, ov.labels)
                for layer, ov in self.overlays.items()}

    def figure(self, state: ViewState) -> dict[str, Any]:
        """The base figure with a view applied: copies only the traces that differ."""
        fig = self.base_figure
        values = self.values(state.measure, state.task, state.scope, state.kommune)
        data = list(fig["data"])
        main = dict(data[MAIN])
        main.update(z=values.z, **colour_props(values.kind, values.z, values.title),
                    **hover_props(values.hover, values.text))
        main["colorbar"] = {**fig["data"][MAIN]["colorbar"], **main["colorbar"]}
        main["marker"] = {"line": border_props(self.nordland, state.kommune)}
        data[MAIN] = main
        for layer in state.layers:
            for index, coords in zip(self.overlay_index[layer], self.overlay_payloads[layer],
                                     strict=True):
                data[index] = {**data[index], **coords, "visible": True}
        return {"data": data, "layout": fig["layout"]}

    def view(self, state: ViewState, region: dict[str, str] | None = None) -> dict[str, Any]:
        """The small view state the browser renders the panel and table from."""
        values = self.values(state.measure, state.task, state.scope, state.kommune)
        return {"register": self.register_id, "measure": state.measure, "task": state.task,
                "scope": state.scope, "kommune": state.kommune, "region": region,
                "values": values.z, "kind": values.kind, "label": values.label}

    # ------------------------------------------------------------------ client copy

    @cached_property
    def client_register(self) -> dict[str, Any]:
        """A compact copy of the register for the browser's side panel, sent once per page."""
        return _client_register(self)


OVERLAY_TOLERANCE = 0.01  # degrees; an overlay line needs less detail than the polygons under it
OVERLAY_MIN_PART = 0.0005  # deg² (~2 km² here): islets this small add points, not information


VIEW_MARGIN = (0.3, 0.12)  # degrees of lon, lat of grey context around Nordland


def clip_to_view(context: Any, nordland: Any) -> Any:
    """Grey context cut to a box just around Nordland: the map fits its bounds to everything it
    draws, so a neighbour reaching far south or north would only make Nordland smaller."""
    minx, miny, maxx, maxy = nordland.total_bounds
    dx, dy = VIEW_MARGIN
    clipped = shapely.clip_by_rect(context.geometry.values, minx - dx, miny - dy, maxx + dx,
                                   maxy + dy)
    out = context.copy()
    out["geometry"] = shapely.orient_polygons(clipped, exterior_cw=True)
    return out[~out.geometry.is_empty]


def short_label(name: str, confidence: str, as_of: str) -> str:
    """A map label: the region's name without qualifiers, and its source year unless stated for
    2020, so a region known only from 2018 reads "Sør-Helgeland (2018)"."""
    short = re.split(r" \(| – ", name)[0]
    short = re.sub(r"^(Akuttberedskap|Barnevernberedskap|Barnevernvakta? i|Barnevernvakt) ", "", short)
    if confidence == SOLID_CONFIDENCE:
        return short
    if confidence == "derived-from-population":
        return f"{short} (avledet)"
    years = re.findall(r"\d{4}", as_of)
    when = (years[0] if len(set(years)) == 1 else f"{years[0]}–{years[-1]}") if years else "udatert"
    return f"{short} ({when})"


def overlay_outline(geom: Any) -> Any:
    """A region outline light enough for a line overlay: islets dropped (but never the whole
    region), then simplified. Measured on all five layers: 26 k points -> 10 k."""
    parts = list(shapely.get_parts(geom))
    kept = [p for p in parts if p.area >= OVERLAY_MIN_PART] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(kept).simplify(OVERLAY_TOLERANCE)


CONFIDENCE_LABELS = {
    "stated-2020": "oppgitt for 2020",
    "stated-other-year": "oppgitt for et annet år",
    "inferred-from-several": "utledet av flere kilder",
    "derived-from-population": "avledet av folketall (ikke oppgitt i kilden)",
}
LAYER_LABELS = {
    "legevaktsentral": "Legevaktsentraler (116117)",
    "barnevernvakt": "Barnevernvakter",
    "regionraad": "Regionråd",
    "kommuneregion_forslag": "Foreslåtte kommuneregioner",
    "delregion": "Delregioner",
}
SCOPE_LABELS = {
    "alle": "Alle registrerte ordninger",
    "til2020": "Uten opplysninger datert etter 2020",
    "kartlegging": "Bare kartleggingen 2020",
}
SCOPE_SUFFIX = {"alle": "", "til2020": "<br>(datert til og med 2020)",
                "kartlegging": "<br>(kartleggingen 2020)"}
MEASURE_LABELS = {
    "ordninger": "Antall ordninger",
    "partnere": "Antall ulike samarbeidskommuner",
    "vert": "Antall ordninger som vertskommune",
}


def _none(value: Any) -> Any:
    """JSON-ready: missing stays None (never 0), numpy scalars become Python numbers."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def register_label(source: str, register_id: str | None) -> str:
    """How the header names the register: its file or folder, or "opplastede CSV-filer"."""
    name = Path(source).name
    if register_id and not name.lower().endswith(WORKBOOK_SUFFIXES):
        return "opplastede CSV-filer"
    return name


def _client_register(data: AppData) -> dict[str, Any]:
    reg = data.register
    arr = measures.with_members(reg, reg.arrangements)
    in_scope = {scope: set(measures.filter_arrangements(reg, scope)["arrangement_id"])
                for scope in measures.SCOPES}  # the scope rule stays in Python, in one place
    arrangements = {
        r["arrangement_id"]: {
            "name": r["name"], "task": _none(r["task_area_id"]), "legal": r["legal_form"],
            "host": _none(r["host_kommunenummer"]), "basis": r["basis"], "as_of": r["as_of"],
            "confidence": r["confidence"], "complete": bool(r["members_complete"]),
            "source": r["source"], "note": _none(r["note"]), "members": list(r["members"]),
            "scopes": [scope for scope in measures.SCOPES if r["arrangement_id"] in in_scope[scope]],
        }
        for _, r in arr.iterrows()
    }
    tasks = {
        r["task_area_id"]: {"name": r["name"], "number": int(r["number"]), "group": r["group"],
                            "share_2014": _none(r["share_2014"]), "share_2020": _none(r["share_2020"])}
        for _, r in data.task_options.iterrows()
    }
    regions: dict[str, Any] = {}
    for layer in LAYERS:
        stats = measures.layer_stats(reg, layer)
        drawn = measures.regions_of_layer(reg, layer)
        listed = reg.regions[reg.regions["layer"] == layer]
        with_members = set(drawn["region_id"]) if len(drawn) else set()
        regions[layer] = {
            "label": LAYER_LABELS[layer], "stated": stats.stated,
            "regions": [
                {"id": r["region_id"], "name": r["region_name"], "members": r["members"],
                 "hosts": r["host_names"], "as_of": r["as_of"], "confidence": r["confidence"],
                 "source": r["source"], "note": r["note"]}
                for _, r in drawn.iterrows()
            ] + [
                {"id": r["region_id"], "name": r["name"], "members": None, "hosts": [],
                 "as_of": "", "confidence": None, "source": r["source"], "note": _none(r["note"]),
                 "stated_members": _none(r["stated_member_count"]),
                 "population": _none(r["population_2020"])}
                for _, r in listed.iterrows() if r["region_id"] not in with_members
            ],
        }
        for entry in regions[layer]["regions"]:
            stated = listed[listed["region_id"] == entry["id"]]
            if len(stated):
                entry["stated_members"] = _none(stated["stated_member_count"].iloc[0])
                entry["population"] = _none(stated["population_2020"].iloc[0])
    cov = data.coverage
    return {
        "names": data.names, "nordland": data.nordland, "arrangements": arrangements,
        "tasks": tasks, "regions": regions, "confidence": CONFIDENCE_LABELS,
        "source_name": register_label(reg.source, data.register_id),
        "coverage": {"total": cov.survey_total, "with_members": cov.with_members,
                     "survey": cov.with_members_survey, "without_members": cov.without_members},
    }


# ---------------------------------------------------------------------- view state


@dataclass(frozen=True)
class ViewState:
    """What a page shows; read from a link's query string, written back to it."""

    measure: str = "ordninger"
    task: str | None = None
    scope: str = "alle"
    kommune: str | None = None
    layers: tuple[str, ...] = ()


def parse_query(data: AppData, query: dict[str, str]) -> tuple[ViewState, list[str]]:
    """A ViewState from link parameters, and a notice for each value the link got wrong
    (an unknown value is dropped, never guessed at)."""
    notices: list[str] = []
    measure = query.get("maal") or "ordninger"
    if measure not in MEASURES:
        notices.append(f"Ukjent mål «{measure}» i lenken; viser antall ordninger.")
        measure = "ordninger"
    task = query.get("oppgave") or None
    if task and task not in set(data.task_options["task_area_id"]):
        notices.append(f"Ukjent oppgaveområde «{task}» i lenken.")
        task = None
    kommune = query.get("kommune") or None
    if kommune and kommune not in data.nordland:
        notices.append(f"Ukjent kommunenummer «{kommune}» i lenken (forventet en av Nordlands "
                       "41 kommuner, f.eks. 1820).")
        kommune = None
    layers = tuple(x for x in (query.get("lag") or "").split(",") if x)
    unknown = [x for x in layers if x not in data.overlays]
    if unknown:
        notices.append(f"Ukjent kartlag i lenken: {', '.join(unknown)}.")
    layers = tuple(x for x in layers if x in data.overlays)
    scope = query.get("utvalg") or "alle"
    if scope not in measures.SCOPES:
        notices.append(f"Ukjent utvalg «{scope}» i lenken; viser alle registrerte ordninger.")
        scope = "alle"
    return ViewState(measure, task, scope, kommune, layers), notices
