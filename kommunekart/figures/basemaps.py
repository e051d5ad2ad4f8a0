"""The map's base figure on each basemap (the map as it lies, the two panels, the tile map),
geometry and fixed traces built once per basemap and copied by every page view; every Patch
works on any of them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kommunekart.domain.schema import LAYERS
from kommunekart.domain.wording import LAYER_LABELS
from kommunekart.figures.map import map_figure
from kommunekart.figures.text import plot_text
from kommunekart.geo.basemap import Basemap
from kommunekart.geo.geodata import credits
from kommunekart.geo.panelmap import PanelBasemap
from kommunekart.geo.tilemap import TileBasemap


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


def tile_figure(tiles: TileBasemap) -> dict[str, Any]:
    """The tile map («Rutekart»): the geographic map's traces on equal squares (north up, square
    on screen), every tile named (short) at its centre, region markers in the gaps."""
    fig = map_figure(
        nordland_geojson=tiles.geojson_nordland, neighbours_geojson=tiles.geojson_neighbours,
        locations=tiles.nordland, names=[tiles.boundary_names[k] for k in tiles.nordland],
        neighbour_locations=[], neighbour_names=[],
        layers=[(layer, LAYER_LABELS[layer]) for layer in LAYERS], credit=" · ".join(credits()),
        geo=tiles.geo, uirevision=tiles.uirevision,
    )
    data = fig["data"]
    for i, trace in enumerate(data):
        part = (trace.get("meta") or {}).get("part")
        if part == "labels":  # a region's marker sits in a gap; its name is in hover and panel
            data[i] = {**trace, "mode": "markers", "marker": {**trace["marker"], "size": 12}}
        elif part == "names":
            size = PANEL_TILE_NAME_SIZE if tiles.panels else TILE_NAME_SIZE
            data[i] = {**trace, "textfont": {**trace["textfont"], "size": size,
                                             "family": tiles.name_font},
                       "lon": [tiles.label_points[k][0] for k in tiles.nordland],
                       "lat": [tiles.label_points[k][1] for k in tiles.nordland],
                       "text": [plot_text(tiles.short_names[k]) for k in tiles.nordland]}
    legend = fig["layout"]["legend"]
    fig["layout"] = {**fig["layout"], "legend": {**legend, "x": 0.01, "xanchor": "left", "y": 0.99}}
    return fig
