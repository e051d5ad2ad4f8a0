"""The map's base figure on each basemap (the map as it lies, the two panels, the tile map),
geometry and fixed traces built once per basemap and copied by every page view; every Patch
works on any of them."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from kommunekart.domain.schema import LAYERS
from kommunekart.domain.wording import LAYER_LABELS, REGION_MARK_TITLE
from kommunekart.figures.labels import FRAME_PX
from kommunekart.figures.map import map_figure
from kommunekart.figures.text import plot_text
from kommunekart.figures.textwidth import text_width
from kommunekart.geo.basemap import Basemap
from kommunekart.geo.geodata import credits
from kommunekart.geo.panelmap import GRAPH_PX, PanelBasemap
from kommunekart.geo.tilemap import TileBasemap, short_names
from kommunekart.geo.tiles import CELL, GAP


@lru_cache(maxsize=4)
def base_figure(basemap: Basemap | TileBasemap) -> dict[str, Any]:
    """The map with its geometry, built once per basemap (so once per process, whatever the
    register); every page view starts from a copy of it. The tile map has the same traces in
    the same order, so every Patch works on either."""
    if isinstance(basemap, TileBasemap):
        return tile_figure(basemap)
    panels = isinstance(basemap, PanelBasemap)
    return map_figure(
        nordland_geojson=basemap.geojson_nordland, neighbours_geojson=basemap.geojson_neighbours,
        locations=basemap.nordland,
        names=[basemap.boundary_names[k] for k in basemap.nordland],
        neighbour_locations=basemap.neighbours, neighbour_names=basemap.neighbour_labels,
        layers=[(layer, LAYER_LABELS[layer]) for layer in LAYERS], credit=" · ".join(credits()),
        geo=basemap.geo if panels else None, uirevision=basemap.uirevision if panels else "kart",
    )


TILE_NAME_SIZE = 14  # px: the smallest type on the tile map, readable at 1280 × 720


PANEL_TILE_NAME_SIZE = 20  # px: in two panels (presentation mode) a tile is a third larger


def tile_px(tiles: TileBasemap) -> float:
    """A tile's width in px as drawn at 1280 × 720: the graph there (kommunekart.figures.labels.
    FRAME_PX beside the controls, kommunekart.geo.panelmap.GRAPH_PX in two panels), the geo
    domain's share of it and the view's lon/lat box, fitted as plotly fits a Mercator view."""
    geo = tiles.geo
    (x0, x1), (y0, y1) = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    width, height = GRAPH_PX if tiles.panels else FRAME_PX
    share = geo["domain"]["x"][1] - geo["domain"]["x"][0]
    merc = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for lat in (y0, y1)]
    scale = min(width * share / math.radians(x1 - x0), height / (merc[1] - merc[0]))
    return scale * math.radians(CELL) * (1 - GAP)


def tile_names(tiles: TileBasemap, size: float) -> dict[str, str]:
    """Each tile's name: whole where it fits the tile at `size` px (its width from the narrow
    font's advances, kommunekart.figures.textwidth), else shortened (geo.tilemap.short_names)."""
    room = tile_px(tiles)
    return short_names({k: tiles.boundary_names.get(k, k) for k in tiles.nordland},
                       lambda name: text_width(plot_text(name), size, narrow=True) <= room)


def tile_figure(tiles: TileBasemap) -> dict[str, Any]:
    """The tile map («Rutekart»): the geographic map's traces on equal squares (north up, square
    on screen), every tile named at its centre (shortened only where the name does not fit),
    region markers in the gaps, which the legend's title names (it shows with the layers'
    lines, so only while a layer is drawn)."""
    fig = map_figure(
        nordland_geojson=tiles.geojson_nordland, neighbours_geojson=tiles.geojson_neighbours,
        locations=tiles.nordland, names=[tiles.boundary_names[k] for k in tiles.nordland],
        neighbour_locations=[], neighbour_names=[],
        layers=[(layer, LAYER_LABELS[layer]) for layer in LAYERS], credit=" · ".join(credits()),
        geo=tiles.geo, uirevision=tiles.uirevision,
    )
    size = PANEL_TILE_NAME_SIZE if tiles.panels else TILE_NAME_SIZE
    names = tile_names(tiles, size)
    data = fig["data"]
    for i, trace in enumerate(data):
        part = (trace.get("meta") or {}).get("part")
        if part == "labels":  # a region's marker sits in a gap; its name is in hover and panel
            data[i] = {**trace, "mode": "markers", "marker": {**trace["marker"], "size": 12}}
        elif part == "names":
            data[i] = {**trace, "textfont": {**trace["textfont"], "size": size,
                                             "family": tiles.name_font},
                       "lon": [tiles.label_points[k][0] for k in tiles.nordland],
                       "lat": [tiles.label_points[k][1] for k in tiles.nordland],
                       "text": [plot_text(names[k]) for k in tiles.nordland]}
    legend = fig["layout"]["legend"]
    fig["layout"] = {**fig["layout"], "legend": {
        **legend, "x": 0.01, "xanchor": "left", "y": 0.99, "title": {"text": REGION_MARK_TITLE}}}
    return fig
