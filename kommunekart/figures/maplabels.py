"""Text and hit areas on /kart's geographic map: municipality names where they fit, region labels
above every outline with a halo and placed so that no two overlap, and invisible click targets
for municipalities too small to hit (Træna, Røst, Værøy …). Placement is computed in Python
(kommunekart.figures.labels) once per register; a view only chooses which names and labels show.

Trace order after the names trace (kommunekart.figures.map.names_index): HITS, REGION_TEXT, then
LEADERS (the lines to names that stand beside their municipality). All three are appended to
/kart's figure only, on the tile map too (empty there), so indices never move."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import shapely

from kommunekart.domain import measures
from kommunekart.domain.schema import LAYERS
from kommunekart.figures.labels import FRAME_PX, Box, Frame, place_regions, wrap
from kommunekart.figures.map import MAIN, names_index
from kommunekart.figures.text import plot_text
from kommunekart.geo.basemap import Basemap

NAMES = names_index(len(LAYERS))
HITS, REGION_TEXT, LEADERS = NAMES + 1, NAMES + 2, NAMES + 3
NAME_FONT, REGION_FONT = 14, 14  # px in the normal view
PRESENT_FONT = 20  # px: every text of the map in two panels, which is presentation mode's
HIT_PX2 = 600.0  # a municipality drawn smaller than this (about 25 × 25 px) gets a hit area
HIT_SIZE = 22  # px: the invisible marker a click on a small municipality lands on
# The map in two panels keeps legend and colour bar in the empty bottom right, under the north
# panel (kommunekart.geo.panelmap.KEYS_CORNER): the legend over a horizontal colour bar.
PANEL_LEGEND = {"orientation": "v", "x": 0.995, "xanchor": "right", "y": 0.57, "yanchor": "top",
                "entrywidthmode": "pixels", "entrywidth": 0}
END_LABEL_PAD = 30  # px of a horizontal colour bar's box past the bar's ends
# The bar ends short of the right edge: «valgt», centred on its end, stays on screen; and its box
# has room for a label centred on the bar's end (plotly.js hides an end label of a horizontal
# bar with three or more that reaches past the box, as it did «valgt» with Alstahaug chosen).
PANEL_COLORBAR = {"orientation": "h", "x": 0.96, "xanchor": "right", "y": 0.01,
                  "yanchor": "bottom", "len": 0.38, "thickness": 16, "title": {"side": "top"},
                  "ticklabeloverflow": "allow", "xpad": END_LABEL_PAD}
# The tile map in two panels has its empty room along the bottom, right of Helgeland's tiles: the
# legend there, the colour bar upright in the corner.
TILE_PANEL_LEGEND = {"orientation": "v", "x": 0.8, "xanchor": "right", "y": 0.01,
                     "yanchor": "bottom", "entrywidthmode": "pixels", "entrywidth": 0}
TILE_PANEL_COLORBAR = {"orientation": "v", "x": 0.995, "xanchor": "right", "y": 0.01,
                       "yanchor": "bottom", "len": 0.45, "thickness": 16, "title": {"side": "top"}}
LEADER_COLOUR = "#222222"  # a name's line to the municipality it stands beside,
LEADER_DOT = 6  # px: and the white-ringed dot it starts from, readable on the darkest fill
LEADER_MARKER = {"color": LEADER_COLOUR, "line": {"width": 1.5, "color": "#ffffff"}}
HALO = ("1px 1px 2px #fff, -1px -1px 2px #fff, 1px -1px 2px #fff, -1px 1px 2px #fff, "
        "0 0 3px #fff")
# Region label text: each layer's hue darkened until it reads at >= 4.5:1 on the white halo.
LABEL_COLOURS = {
    "legevaktsentral": "#8a3c00",
    "barnevernvakt": "#4a4585",
    "regionraad": "#0d5c45",
    "kommuneregion_forslag": "#9c1660",
    "delregion": "#333333",
}


def _coords(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    return [tuple(p) for poly in geometry["coordinates"] for ring in poly for p in ring]


@lru_cache(maxsize=4)
def frame_of(basemap: Basemap) -> Frame:
    """The map's fit: the view's box where the basemap sets one (the map in two panels), else
    the bounds of everything the choropleths draw (plotly fits to them)."""
    size = getattr(basemap, "frame_px", FRAME_PX)
    if hasattr(basemap, "extent"):
        return Frame(basemap.extent, size)
    points = [p for fc in (basemap.geojson_nordland, basemap.geojson_neighbours)
              for f in fc["features"] for p in _coords(f["geometry"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return Frame((min(lons), min(lats), max(lons), max(lats)), size)


@lru_cache(maxsize=4)
def drawn_px2(basemap: Basemap) -> dict[str, float]:
    """Each Nordland municipality's drawn area in px² at the placement's scale (Mercator:
    a degree of latitude is 1/cos(lat) times longer than one of longitude)."""
    frame = frame_of(basemap)
    per_degree = abs(frame.px(1.0, 0.0)[0] - frame.px(0.0, 0.0)[0])
    frame_rows = basemap.frame.set_index("kommunenummer").geometry
    out = {}
    for k in basemap.nordland:
        geom = frame_rows[k]
        lat = shapely.centroid(geom).y
        out[k] = geom.area * per_degree ** 2 / math.cos(math.radians(lat))
    return out


@dataclass(frozen=True)
class RegionLabels:
    """Every drawn region of every layer: its label (plotly text: escaped, wrapped) and label
    point."""

    ids: list[str]
    layers: list[str]
    texts: list[str]
    lon: list[float]
    lat: list[float]
    colours: list[str]
    members: dict[str, list[str]]


def region_labels(data: Any, geometry: str = "kart") -> RegionLabels:
    """The region labels on one geometry ("kart" or "delt", AppData.geography)."""
    return data.memo(f"kart_region_labels_{geometry}", lambda: _region_labels(data, geometry))


def _region_labels(data: Any, geometry: str) -> RegionLabels:
    ids, layers, texts, lon, lat, members = [], [], [], [], [], {}
    overlays = data.geography(geometry)[1]
    for layer in LAYERS:
        overlay = overlays.get(layer)
        if overlay is None:
            continue
        regions = measures.regions_of_layer(data.register, layer)
        members.update(zip(regions["region_id"], regions["members"], strict=True))
        ids += overlay.label_ids
        layers += [layer] * len(overlay.label_ids)
        texts += [wrap(t) for t in overlay.label_text]
        lon += overlay.label_lon
        lat += overlay.label_lat
    return RegionLabels(ids, layers, texts, lon, lat,
                        [LABEL_COLOURS.get(layer, "#222222") for layer in layers],
                        {k: list(v) for k, v in members.items()})


def placed_regions(data: Any, layers: Sequence[str],
                   geometry: str = "kart") -> list[tuple[tuple[float, float], Box] | None]:
    """The labels of the shown layers placed together (None: shown layer's label with no free
    spot, or a layer not shown), once per combination of layers and geometry."""
    key = tuple(layer for layer in LAYERS if layer in set(layers))
    return data.memo(f"kart_regions_{geometry}_{','.join(key)}",
                     lambda: _placed(data, key, geometry))


def _placed(data: Any, layers: tuple[str, ...],
            geometry: str) -> list[tuple[tuple[float, float], Box] | None]:
    labels = region_labels(data, geometry)
    shown = [i for i, layer in enumerate(labels.layers) if layer in layers]
    # Larger regions (more members) first: they have the room, and their labels matter most.
    shown.sort(key=lambda i: -len(labels.members.get(labels.ids[i], ())))
    base = data.geography(geometry)[0]
    spots = place_regions(frame_of(base),
                          [(labels.texts[i], labels.lon[i], labels.lat[i]) for i in shown],
                          taken=getattr(base, "reserved", ()))
    out: list[tuple[tuple[float, float], Box] | None] = [None] * len(labels.ids)
    for i, spot in zip(shown, spots, strict=True):
        out[i] = spot
    return out


def region_of(data: Any, region_id: str | None) -> tuple[str, list[str], str] | None:
    """(layer, members, label) of a drawn region."""
    labels = region_labels(data)
    if region_id not in labels.members or region_id not in labels.ids:
        return None
    i = labels.ids.index(region_id)
    return labels.layers[i], labels.members[region_id], labels.texts[i]


def region_at(data: Any, kommune: str, layers: Sequence[str]) -> str | None:
    """The region of the first shown layer that `kommune` is a member of."""
    labels = region_labels(data)
    for layer in layers:
        for rid, lay in zip(labels.ids, labels.layers, strict=True):
            if lay == layer and kommune in labels.members.get(rid, ()):
                return rid
    return None


def region_text(data: Any, layers: Sequence[str], geometry: str = "kart") -> dict[str, list]:
    """The region label trace's lon, lat, text and colour: the labels of the shown layers that
    fit, and only those (a Patch carries nothing for layers not shown)."""
    labels = region_labels(data, geometry)
    spots = placed_regions(data, layers, geometry)
    shown = [i for i, spot in enumerate(spots) if spot]
    return {"lon": [spots[i][0][0] for i in shown], "lat": [spots[i][0][1] for i in shown],  # type: ignore[index]
            "text": [labels.texts[i] for i in shown], "colour": [labels.colours[i] for i in shown]}


def extra_traces(data: Any, geometry: str) -> list[dict[str, Any]]:
    """The hit-area trace, the region label trace and the names' leader lines (all three empty
    on the tile map)."""
    hit = {"type": "scattergeo", "mode": "markers", "lon": [], "lat": [], "customdata": [],
           "hovertext": [], "hovertemplate": "<b>%{hovertext}</b><extra></extra>",
           "marker": {"size": HIT_SIZE, "color": "rgba(0,0,0,0)", "opacity": 0},
           "showlegend": False, "name": "Små kommuner", "meta": {"part": "hits"}}
    size = PRESENT_FONT if geometry == "delt" else REGION_FONT
    text = {"type": "scattergeo", "mode": "text", "lon": [], "lat": [], "text": [],
            "textposition": "middle center", "hoverinfo": "skip", "showlegend": False,
            "textfont": {"size": size, "color": [], "family": "Arial, sans-serif",
                         "weight": "bold", "shadow": HALO},
            "name": "Regioner", "meta": {"part": "region-labels"}}
    leaders = {"type": "scattergeo", "mode": "lines+markers", "lon": [], "lat": [],
               "hoverinfo": "skip", "line": {"width": 1.5, "color": LEADER_COLOUR},
               "marker": {**LEADER_MARKER, "size": []},
               "showlegend": False, "name": "Navnestreker", "meta": {"part": "leaders"}}
    if geometry.startswith("ruter"):
        return [hit, text, leaders]
    base = data.geography(geometry)[0]
    area = drawn_px2(base)
    small = [k for k in data.nordland if area[k] < HIT_PX2]
    points = base.label_points
    hit.update(lon=[points[k][0] for k in small], lat=[points[k][1] for k in small],
               customdata=small, hovertext=[plot_text(data.names[k]) for k in small])
    return [hit, text, leaders]


def restyle_base(data: Any, fig: dict[str, Any], geometry: str,
                 label_indices: Sequence[int]) -> dict[str, Any]:
    """/kart's copy of the shared base figure: on the geographic map the per-layer label traces
    become invisible click targets (their text is drawn by REGION_TEXT, above every outline),
    the names trace gets every municipality's label point, and the two extra traces follow."""
    traces = list(fig["data"])
    # Each geometry's colour bar is a new one: plotly.js draws a colour bar whose orientation
    # changes over the old one's tick labels and title (plotly.js #6973), so leaving presentation
    # would keep the two panels' horizontal bar under the upright one. Its own uid gives it its
    # own element, and the figure left is drawn exactly as before entering.
    traces[MAIN] = {**traces[MAIN], "uid": f"kommuner-{geometry}"}
    geographic = not geometry.startswith("ruter")
    if geographic:
        for i in label_indices:
            traces[i] = {**traces[i], "mode": "markers",
                         "marker": {**traces[i]["marker"], "size": 28, "opacity": 0}}
        points = data.geography(geometry)[0].label_points
        names = traces[NAMES]
        traces[NAMES] = {**names, "lon": [points[k][0] for k in data.nordland],
                         "lat": [points[k][1] for k in data.nordland],
                         "text": [""] * len(data.nordland), "textposition": "middle center",
                         "textfont": {**names["textfont"], "shadow": HALO,
                                      "size": PRESENT_FONT if geometry == "delt" else NAME_FONT}}
    # Solid lines only in the legend (the panel says what a dashed outline means; a layer drawn
    # only dashed is named by its dashed line, kart.overlay_payload).
    for i in label_indices:
        traces[i - 1] = {**traces[i - 1], "showlegend": False}
    # Under the geographic map, two entries a row at half the width each.
    legend = {**fig["layout"]["legend"], "orientation": "h", "x": 0.0, "xanchor": "left",
              "y": 0.0, "yanchor": "top", "entrywidthmode": "fraction", "entrywidth": 0.5,
              "font": {"size": 14}}
    layout = {**fig["layout"], "legend": legend} if geographic else fig["layout"]
    if geometry.endswith("delt"):  # read from the back of the room; the footer has the credits
        # The keys in the empty room under the north panel.
        keys, bar = (PANEL_LEGEND, PANEL_COLORBAR) if geographic else (TILE_PANEL_LEGEND,
                                                                       TILE_PANEL_COLORBAR)
        layout = {**layout, "font": {"size": PRESENT_FONT}, "annotations": [],
                  "legend": {**layout["legend"], **keys, "font": {"size": PRESENT_FONT}},
                  "hoverlabel": {**layout["hoverlabel"], "font": {"size": PRESENT_FONT}}}
        main = traces[MAIN]
        traces[MAIN] = {**main, "colorbar": {**main["colorbar"], **bar}}
    return {"data": traces + extra_traces(data, geometry), "layout": layout}
