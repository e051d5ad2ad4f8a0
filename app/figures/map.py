"""The Nordland map: a geo-subplot choropleth (SVG, no tiles, no WebGL) with region overlays.

Trace order is fixed for the life of a page, so callbacks can patch a trace by index:
0 = neighbouring municipalities (grey context), 1 = Nordland's municipalities, then three traces
per overlay layer (solid outlines, dashed outlines, labels). Overlay coordinates start empty and
are patched in the first time a layer is switched on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

NEIGHBOURS, MAIN, FIRST_OVERLAY = 0, 1, 2
TRACES_PER_LAYER = 3

# Colour-blind-safe choices (ColorBrewer sequential scales; Dark2 qualitative for overlays).
COUNT_SCALE = [[0.0, "#ffffd9"], [0.125, "#edf8b1"], [0.25, "#c7e9b4"], [0.375, "#7fcdbb"],
               [0.5, "#41b6c4"], [0.625, "#1d91c0"], [0.75, "#225ea8"], [0.875, "#253494"],
               [1.0, "#081d58"]]
PARTNER_SCALE = [[0.0, "#fff5eb"], [0.2, "#fdd0a2"], [0.4, "#fdae6b"], [0.6, "#fd8d3c"],
                 [0.8, "#e6550d"], [1.0, "#a63603"]]
NO_PART, PART = "#f3efe0", "#2166ac"
PARTICIPATION_SCALE = [[0.0, NO_PART], [0.5, NO_PART], [0.5, PART], [1.0, PART]]
LAYER_STYLE = {
    "legevaktsentral": {"color": "#d95f02", "width": 3.0},
    "barnevernvakt": {"color": "#7570b3", "width": 3.0},
    "regionraad": {"color": "#1b9e77", "width": 3.0},
    "kommuneregion_forslag": {"color": "#e7298a", "width": 3.0},
    "delregion": {"color": "#444444", "width": 2.5},
}
BORDER = "#5f5f5f"
CREDIT = "Kommunegrenser: © Kartverket (CC BY 4.0)"


def overlay_indices(layers: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """Trace indices (solid, dashed, labels) of each overlay layer."""
    return {layer: tuple(FIRST_OVERLAY + TRACES_PER_LAYER * i + j for j in range(TRACES_PER_LAYER))
            for i, layer in enumerate(layers)}


def colour_props(kind: str, z: Sequence[int], title: str) -> dict[str, Any]:
    """The choropleth properties that change with the kind of measure shown."""
    top = max([*z, 1])
    if kind == "participation":
        return {"colorscale": PARTICIPATION_SCALE, "zmin": 0, "zmax": 1,
                "colorbar": {"title": {"text": title}, "tickvals": [0.25, 0.75],
                             "ticktext": ["Ingen registrert", "Deltar"]}}
    scale = PARTNER_SCALE if kind == "partners" else COUNT_SCALE
    return {"colorscale": scale, "zmin": 0, "zmax": top,
            "colorbar": {"title": {"text": title}, "tickvals": None, "ticktext": None}}


def border_props(locations: Sequence[str], selected: str | None) -> dict[str, Any]:
    """Outline widths: the selected municipality gets a heavy border (one colour for all keeps
    the patch small)."""
    return {"width": [3 if k == selected else 1 for k in locations], "color": BORDER}


def hover_props(hover: str, text: Sequence[str] | None) -> dict[str, Any]:
    """Hover template for one view; per-municipality text only where the view has it."""
    props: dict[str, Any] = {
        "hovertemplate": f"<b>%{{customdata}}</b> (%{{location}})<br>{hover}<extra></extra>"}
    if text is not None:
        props["text"] = list(text)
    return props


def overlay_traces(layer: str, label: str) -> list[dict[str, Any]]:
    """Empty line and label traces for one layer; coordinates are patched in on first use."""
    style = LAYER_STYLE.get(layer, {"color": "#333333", "width": 2.5})
    line = {"type": "scattergeo", "mode": "lines", "lon": [], "lat": [], "hoverinfo": "skip",
            "visible": False, "legendgroup": layer}
    return [
        {**line, "name": label, "line": {**style}, "meta": {"layer": layer, "part": "solid"}},
        {**line, "name": f"{label} – eldre kilde eller utledet (stiplet)",
         "line": {**style, "dash": "dash"}, "meta": {"layer": layer, "part": "dashed"}},
        {"type": "scattergeo", "mode": "markers+text", "lon": [], "lat": [], "text": [],
         "customdata": [], "hovertext": [], "hovertemplate": "%{hovertext}<extra></extra>",
         "textposition": "top center", "textfont": {"size": 11, "color": style["color"]},
         "marker": {"size": 9, "color": style["color"], "symbol": "diamond"},
         "showlegend": False, "visible": False, "legendgroup": layer,
         "meta": {"layer": layer, "part": "labels"}},
    ]


def map_figure(
    *,
    nordland_geojson: dict[str, Any],
    neighbours_geojson: dict[str, Any],
    locations: Sequence[str],
    names: Sequence[str],
    neighbour_locations: Sequence[str],
    neighbour_names: Sequence[str],
    z: Sequence[int],
    hover: str,
    kind: str,
    title: str,
    layers: Iterable[tuple[str, str]],
    text: Sequence[str] | None = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """The whole map as a plain dict (built once per process; cheaper to serve than go.Figure)."""
    traces: list[dict[str, Any]] = [
        {"type": "choropleth", "geojson": neighbours_geojson, "featureidkey": "id",
         "locations": list(neighbour_locations), "z": [0] * len(neighbour_locations),
         "customdata": list(neighbour_names), "showscale": False,
         "colorscale": [[0, "#dedede"], [1, "#dedede"]],
         "marker": {"line": {"width": 0.4, "color": "#ffffff"}},
         "hovertemplate": "%{customdata}<extra></extra>", "name": "Nabokommuner"},
        {"type": "choropleth", "geojson": nordland_geojson, "featureidkey": "id",
         "locations": list(locations), "z": list(z), "customdata": list(names),
         "marker": {"line": border_props(locations, selected)}, "name": "Nordland",
         **colour_props(kind, z, title), **hover_props(hover, text)},
    ]
    for layer, label in layers:
        traces.extend(overlay_traces(layer, label))
    # Nordland runs from bottom left to top right: the empty corner (Sweden) is bottom right.
    traces[MAIN]["colorbar"].update({"len": 0.42, "thickness": 14, "x": 0.99, "xanchor": "right",
                                     "y": 0.02, "yanchor": "bottom",
                                     "bgcolor": "rgba(255,255,255,0.85)"})
    return {
        "data": traces,
        "layout": {
            # Fit everything drawn (Nordland and its grey context, cut to a box around it) into
            # whatever the screen gives, wide or tall; axis ranges alone would fit the width only.
            "geo": {"visible": False, "projection": {"type": "mercator"}, "fitbounds": "locations",
                    "bgcolor": "rgba(0,0,0,0)", "showframe": False},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "#eaf1f6",
            "uirevision": "kart",
            "clickmode": "event",
            "dragmode": "pan",
            "hoverlabel": {"bgcolor": "white", "font": {"size": 13}},
            "legend": {"x": 0.99, "xanchor": "right", "y": 0.95, "yanchor": "top",
                       "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}},
            "showlegend": True,
            "annotations": [{"text": CREDIT, "showarrow": False, "xref": "paper", "yref": "paper",
                             "x": 0.005, "y": 0.005, "xanchor": "left", "yanchor": "bottom",
                             "font": {"size": 10, "color": "#555"}}],
        },
    }


def overlay_data(solid: tuple[list, list], dashed: tuple[list, list], labels: Any) -> list[dict]:
    """Coordinates and labels of one layer's three traces, in trace order."""
    return [
        {"lon": solid[0], "lat": solid[1]},
        {"lon": dashed[0], "lat": dashed[1]},
        {"lon": labels["label_lon"].tolist(), "lat": labels["label_lat"].tolist(),
         "text": labels["text"].tolist(), "customdata": labels["region_id"].tolist(),
         "hovertext": labels["hover"].tolist()},
    ]
