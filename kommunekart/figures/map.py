"""The Nordland map: a geo-subplot choropleth (SVG, no tiles, no WebGL) with region overlays.

Trace order is fixed for the life of a page, so callbacks can patch a trace by index:
0 = neighbouring municipalities (grey context), 1 = Nordland's municipalities, then three traces
per overlay layer (solid outlines, dashed outlines, labels). Overlay coordinates start empty and
are patched in the first time a layer is switched on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from kommunekart.domain.wording import NOBODY_REGISTERED, PARTICIPATION_TICKS
from kommunekart.figures.text import plot_text, with_name

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
HIGHLIGHT = "#542788"  # dark purple: the chosen municipality, never read as "no data"


class MapValues(Protocol):
    """The numbers one view puts on the map and how to read them (kommunekart.views.viewmodel.MapValues)."""

    z: list[int]
    kind: str
    title: str
    hover: str
    text: list[str] | None


MUTED = 0.55  # the municipalities' fill opacity while region outlines are drawn over them


def fill_opacity(layers: Sequence[str]) -> float:
    """With region layers shown the map's own colouring steps back (muted), so the regions'
    thick outlines and labels are what the eye reads; without, full colour."""
    return MUTED if layers else 1.0


def main_update(values: MapValues, locations: Sequence[str], selected: str | None,
                selected_name: str | None = None) -> dict[str, Any]:
    """Everything about the municipality trace that changes from view to view: the first figure
    and every Patch are made from this one function. The values' title and hover are our own
    markup and template; the chosen municipality's name in them (`selected_name`, as the
    register writes it) and the per-municipality texts are escaped (kommunekart.figures.text)."""
    name = selected_name if values.kind == "partners" else None
    update = {"z": list(values.z),
              **colour_props(values.kind, values.z, with_name(values.title, name)),
              **hover_props(with_name(values.hover, name), values.text),
              "marker": {"line": border_props(locations, selected)}}
    if values.kind == "partners" and selected in locations:
        update.update(chosen_props(values.z, locations, selected, update["colorbar"]))
    return update


def chosen_props(z: Sequence[int], locations: Sequence[str], selected: str,
                 bar: dict[str, Any]) -> dict[str, Any]:
    """The chosen municipality in the strong highlight colour (as on /konstellasjoner), above
    the partner scale: its z is one more than the most any partner shares, and the scale
    switches to HIGHLIGHT half-way there, so no partner is ever drawn in it."""
    chosen = [k == selected for k in locations]
    top_count = max([v for v, c in zip(z, chosen, strict=True) if not c] or [1]) or 1
    top = top_count + 1
    edge = (top_count + 0.5) / top
    scale = [[round(stop * top_count / top, 3), colour] for stop, colour in PARTNER_SCALE]
    scale += [[round(edge, 3), PARTNER_SCALE[-1][1]], [round(edge, 3), HIGHLIGHT], [1.0, HIGHLIGHT]]
    ticks = sorted({0, top_count // 2})  # the top count's tick would sit on «valgt»
    # Filled in HIGHLIGHT, the chosen one needs no outline colour of its own: a heavier line
    # in the common colour says it (and keeps a Patch small).
    return {"z": [top if c else v for v, c in zip(z, chosen, strict=True)], "zmax": top,
            "colorscale": scale,
            "marker": {"line": {"width": [2 if c else 1 for c in chosen], "color": BORDER}},
            # «valgt» on the middle of the highlight band, clear of the bar's end and title
            "colorbar": {**bar, "tickvals": [*ticks, round(top - 0.25, 3)],
                         "ticktext": [*map(str, ticks), "valgt"]}}


def region_props(members: Sequence[str], locations: Sequence[str], name: str) -> dict[str, Any]:
    """A region chosen on the map: its members lit, everyone else in the «not taking part»
    colour; hover says which. `name` is the region's map label, already plotly text
    (kommunekart.figures.maplabels.region_of: escaped, wrapped with <br>)."""
    inside = set(members)
    return {"z": [int(k in inside) for k in locations], "zmin": 0, "zmax": 1,
            "colorscale": PARTICIPATION_SCALE,
            "colorbar": {"title": {"text": name}, "tickvals": [0.25, 0.75],
                         "ticktext": ["Ikke med", "Med"]},
            "text": [f"med i {name}" if k in inside else f"ikke med i {name}" for k in locations],
            "hovertemplate": "<b>%{customdata}</b> (%{location})<br>%{text}<extra></extra>"}


def main_changes(update: dict[str, Any], *, kind_changed: bool,
                 selection_changed: bool) -> list[tuple[tuple[str, ...], Any]]:
    """The parts of `main_update` a Patch must send, as (path, value): the scale and tick
    labels only when the scale changes (`scale_of`), the outlines only when the selection does."""
    bar = update["colorbar"]
    out: list[tuple[tuple[str, ...], Any]] = [
        (("z",), update["z"]), (("zmax",), update["zmax"]),
        (("hovertemplate",), update["hovertemplate"]),
        (("colorbar", "title", "text"), bar["title"]["text"]),
    ]
    if "text" in update:
        out.append((("text",), update["text"]))
    if kind_changed:
        out += [(("colorscale",), update["colorscale"]), (("zmin",), update["zmin"]),
                (("colorbar", "tickvals"), bar["tickvals"]), (("colorbar", "ticktext"), bar["ticktext"])]
    if selection_changed:
        out.append((("marker", "line"), update["marker"]["line"]))
    return out


def overlay_indices(layers: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """Trace indices (solid, dashed, labels) of each overlay layer."""
    return {layer: tuple(FIRST_OVERLAY + TRACES_PER_LAYER * i + j for j in range(TRACES_PER_LAYER))
            for i, layer in enumerate(layers)}


SMALL_TOP = 5  # up to this many, a count's colour bar names every whole number


def scale_of(kind: str, z: Sequence[int]) -> str:
    """What the colour scale and its legend depend on: the kind of measure, and for a task area
    whether anyone takes part at all (a Patch resends the scale only when this changes)."""
    if kind == "participation":
        return "participation-none" if not any(z) else kind
    top = max([*z, 1])
    return f"{kind}-{top}" if top <= SMALL_TOP else kind  # small counts: ticks 0, 1, …, top


def colour_props(kind: str, z: Sequence[int], title: str) -> dict[str, Any]:
    """The choropleth properties that change with the kind of measure shown. A task area nobody
    takes part in (in the register) has one colour, and its legend says so: no «Deltar» colour
    that nothing on the map has."""
    top = max([*z, 1])
    if scale_of(kind, z) == "participation-none":
        return {"colorscale": [[0.0, NO_PART], [1.0, NO_PART]], "zmin": 0, "zmax": 1,
                "colorbar": {"title": {"text": title}, "tickvals": [0.5],
                             "ticktext": [NOBODY_REGISTERED]}}
    if kind == "participation":
        return {"colorscale": PARTICIPATION_SCALE, "zmin": 0, "zmax": 1,
                "colorbar": {"title": {"text": title}, "tickvals": [0.25, 0.75],
                             "ticktext": list(PARTICIPATION_TICKS)}}
    scale = PARTNER_SCALE if kind == "partners" else COUNT_SCALE
    ticks = list(range(top + 1)) if top <= SMALL_TOP else None  # whole numbers, never 0.2
    return {"colorscale": scale, "zmin": 0, "zmax": top,
            "colorbar": {"title": {"text": title}, "tickvals": ticks,
                         "ticktext": None if ticks is None else [str(v) for v in ticks]}}


def border_props(locations: Sequence[str], selected: str | None) -> dict[str, Any]:
    """Outlines: the selected municipality's in the highlight colour and a little heavier (a
    heavy grey one drowned island municipalities such as Alstahaug in grey)."""
    if selected is None:
        return {"width": 1, "color": BORDER}
    return {"width": [2 if k == selected else 1 for k in locations],
            "color": [HIGHLIGHT if k == selected else BORDER for k in locations]}


def hover_props(hover: str, text: Sequence[str] | None) -> dict[str, Any]:
    """Hover template for one view (`hover` is a template of our own, any register text in it
    already escaped); per-municipality text, escaped, only where the view has it."""
    props: dict[str, Any] = {
        "hovertemplate": f"<b>%{{customdata}}</b> (%{{location}})<br>{hover}<extra></extra>"}
    if text is not None:
        props["text"] = [plot_text(t) for t in text]
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


def names_trace() -> dict[str, Any]:
    """Municipality names on the map (which, depends on the view); empty until a view sets
    lon, lat and text. White halo: readable on any fill."""
    return {"type": "scattergeo", "mode": "text", "lon": [], "lat": [], "text": [],
            "textfont": {"size": 13, "color": "#111111", "family": "Arial, sans-serif",
                         "shadow": "1px 1px 2px #fff, -1px -1px 2px #fff, 1px -1px 2px #fff, "
                                   "-1px 1px 2px #fff"},
            "hoverinfo": "skip", "showlegend": False, "name": "Navn", "meta": {"part": "names"}}


def names_index(layer_count: int) -> int:
    """Index of the names trace: after the overlay slots of every layer."""
    return FIRST_OVERLAY + TRACES_PER_LAYER * layer_count


def map_figure(
    *,
    nordland_geojson: dict[str, Any],
    neighbours_geojson: dict[str, Any],
    locations: Sequence[str],
    names: Sequence[str],
    neighbour_locations: Sequence[str],
    neighbour_names: Sequence[str],
    layers: Iterable[tuple[str, str]],
    credit: str,
    geo: dict[str, Any] | None = None,
    uirevision: str = "kart",
) -> dict[str, Any]:
    """The whole map as a plain dict (built once per process; cheaper to serve than go.Figure):
    geometry, names and empty overlay slots, but no view. `with_view` puts a view on a copy.
    Names are plain text (escaped here); `layers` and `credit` are our own labels."""
    traces: list[dict[str, Any]] = [
        {"type": "choropleth", "geojson": neighbours_geojson, "featureidkey": "id",
         "locations": list(neighbour_locations), "z": [0] * len(neighbour_locations),
         "customdata": [plot_text(n) for n in neighbour_names], "showscale": False,
         "colorscale": [[0, "#dedede"], [1, "#dedede"]],
         "marker": {"line": {"width": 0.4, "color": "#ffffff"}},
         "hovertemplate": "%{customdata}<extra></extra>", "name": "Nabokommuner"},
        # Nordland runs from bottom left to top right: the empty corner (Sweden) is bottom right.
        {"type": "choropleth", "geojson": nordland_geojson, "featureidkey": "id",
         "locations": list(locations), "customdata": [plot_text(n) for n in names],
         "name": "Nordland",
         "colorbar": {"len": 0.42, "thickness": 14, "x": 0.99, "xanchor": "right", "y": 0.02,
                      "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"}},
    ]
    for layer, label in layers:
        traces.extend(overlay_traces(layer, label))
    traces.append(names_trace())
    return {
        "data": traces,
        "layout": {
            # Fit everything drawn (Nordland and its grey context, cut to a box around it) into
            # whatever the screen gives, wide or tall; axis ranges alone would fit the width only.
            "geo": {"visible": False, "projection": {"type": "mercator"}, "fitbounds": "locations",
                    "bgcolor": "rgba(0,0,0,0)", "showframe": False, **(geo or {})},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "#eaf1f6",
            "uirevision": uirevision,
            "clickmode": "event",
            "dragmode": "pan",
            "hoverlabel": {"bgcolor": "white", "font": {"size": 13}},
            "legend": {"x": 0.99, "xanchor": "right", "y": 0.95, "yanchor": "top",
                       "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}},
            "showlegend": True,
            "annotations": [{"text": credit, "showarrow": False, "xref": "paper", "yref": "paper",
                             "x": 0.005, "y": 0.005, "xanchor": "left", "yanchor": "bottom",
                             "font": {"size": 10, "color": "#555"}}],
        },
    }


def with_view(base: dict[str, Any], update: dict[str, Any],
              overlays: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """A copy of the base figure with a view's municipality trace and the given overlay traces
    (index -> coordinates) switched on; only the traces that change are copied."""
    data = list(base["data"])
    main = data[MAIN]
    bar, new = main["colorbar"], update["colorbar"]
    data[MAIN] = {**main, **update, "colorbar": {
        **bar, **new, "title": {**bar.get("title", {}), **new.get("title", {})}}}
    for index, coords in overlays.items():
        data[index] = {**data[index], **coords, "visible": True}
    return {"data": data, "layout": base["layout"]}


def highlight_update(counts: Sequence[int], locations: Sequence[str], chosen: str,
                     chosen_name: str, members: Sequence[str] | None = None,
                     arrangement: str | None = None) -> dict[str, Any]:
    """The municipality trace of a constellation: the chosen municipality in a strong colour of
    its own; partners shaded by how many arrangements they share with it, or, with one
    arrangement selected, its members lit. Names are plain text (escaped here)."""
    is_chosen = [k == chosen for k in locations]
    chosen_name = plot_text(chosen_name)
    arrangement = None if arrangement is None else plot_text(arrangement)
    if members is not None:
        inside = set(members)
        z = [2 if c else int(k in inside) for k, c in zip(locations, is_chosen, strict=True)]
        text = [f"valgt kommune ({arrangement})" if c else
                (f"med i {arrangement}" if k in inside else f"ikke med i {arrangement}")
                for k, c in zip(locations, is_chosen, strict=True)]
        scale = [[0, NO_PART], [1 / 3, NO_PART], [1 / 3, PART], [2 / 3, PART], [2 / 3, HIGHLIGHT],
                 [1, HIGHLIGHT]]
        bar = {"title": {"text": "Ordning"}, "tickvals": [1 / 3, 1, 5 / 3],
               "ticktext": ["Ikke med", "Med", chosen_name]}
        top = 2
    else:
        top_count = max([c for c, sel in zip(counts, is_chosen, strict=True) if not sel] or [1]) or 1
        top = top_count + 1
        z = [top if c else int(n) for n, c in zip(counts, is_chosen, strict=True)]
        text = ["valgt kommune" if c else f"{n} felles ordninger med {chosen_name}"
                for n, c in zip(counts, is_chosen, strict=True)]
        edge = top_count / top
        scale = [[stop * edge, colour] for stop, colour in PARTNER_SCALE]
        scale += [[edge, HIGHLIGHT], [1, HIGHLIGHT]]
        ticks = sorted({0, top_count // 2, top_count})
        bar = {"title": {"text": f"Felles ordninger<br>med {chosen_name}"},
               "tickvals": ticks, "ticktext": [str(t) for t in ticks]}
    return {"z": z, "zmin": 0, "zmax": top, "colorscale": scale, "colorbar": bar, "text": text,
            "hovertemplate": "<b>%{customdata}</b> (%{location})<br>%{text}<extra></extra>",
            "marker": {"line": border_props(locations, chosen)}}


def names_payload(points: dict[str, tuple[float, float]], names: dict[str, str],
                  shown: Sequence[str], chosen: str | None = None) -> dict[str, Any]:
    """lon, lat and text of the names trace for the given municipalities (the chosen one bold;
    names escaped)."""
    return {"lon": [points[k][0] for k in shown], "lat": [points[k][1] for k in shown],
            "text": [f"<b>{plot_text(names[k])}</b>" if k == chosen else plot_text(names[k])
                     for k in shown]}
