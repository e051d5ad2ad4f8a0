"""/kart, the map view, as pure content: its figure on each geometry (the map, the two panels
while presenting, the tile map), the municipality trace and texts of a view (first figure and
Patches alike), its tables (the map's numbers, the panel's arrangements, what they are), its
handout (the map in two panels beside what the panel says) and its `VIEW`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from kommunekart.domain import measures, wording
from kommunekart.domain.schema import CONFIDENCE_LABELS, LAYERS
from kommunekart.domain.wording import LAYER_LABELS, MEASURE_LABELS, SCOPE_LABELS
from kommunekart.figures import maplabels, mapnames
from kommunekart.figures.basemaps import base_figure
from kommunekart.figures.canvas import HEIGHT, WIDTH, Box, Canvas, Content, plain
from kommunekart.figures.map import fill_opacity, main_update, overlay_indices, region_props, with_view
from kommunekart.figures.overlays import overlay_payload
from kommunekart.figures.printed import for_print, map_aspect, panel_text
from kommunekart.views.kart_panel import panel_lines, panel_model
from kommunekart.views.state import KartState
from kommunekart.views.view import Query, Tables, View
from kommunekart.views.viewmodel import AppData


def task_label(data: AppData, task: str) -> str:
    hit = data.tasks[data.tasks["task_area_id"] == task]
    return f"{hit['number'].iloc[0]}. {hit['name'].iloc[0]}" if len(hit) else task


def kart_panel(data: AppData, state: KartState) -> tuple[str, list[str]]:
    """What the map's panel says of a view, as a handout prints it: a heading and its lines."""
    return panel_lines(panel_model(data, state), printed=True)


def kart_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/kart in the presentation layout (two panels; the tile map in two with visning=ruter),
    and beside it what the panel says."""

    state = state_of(data, query)
    geometry = geometry_of(data, state, presenting=True)
    fig = for_print(figure(data, state, geometry))
    values = data.state_values(state)
    region = maplabels.region_of(data, state.region) if state.region else None
    if state.kommune:
        title = values.label
    elif state.task:
        title = f"Oppgaveområde {task_label(data, state.task)}: hvem deltar"
    else:
        title = f"{values.label} per kommune"
    details = [SCOPE_LABELS[state.scope]]
    if state.kommune and state.task:
        details.append(f"Oppgaveområde {task_label(data, state.task)}")
    if not state.kommune and not state.task and state.measure != "ordninger":
        details.append(MEASURE_LABELS[state.measure])
    if state.layers:
        details.append("Kartlag: " + ", ".join(LAYER_LABELS.get(la, la) for la in state.layers))
    if region:
        details.append(f"Region: {plain(region[2])}")
    if state.visning == "ruter":
        details.append("Rutekart: hver kommune en like stor rute")
    name = name_parts(data, state)
    heading, lines = kart_panel(data, state)

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        tall = (y1 - y0) * HEIGHT
        wide = min((x1 - x0) * WIDTH, tall * map_aspect(fig))
        right = x0 + wide / WIDTH
        canvas.place(fig, (x0, right, y0, y1), legend=True)
        if x1 - right > 320 / WIDTH:
            panel_text(canvas, (right + 24 / WIDTH, x1, y0, y1), heading, lines)

    return Content(title, details, draw, name)


OVERLAY_INDEX = overlay_indices(LAYERS)  # every layer has its slots, drawn or not


LABEL_LAYERS = {labels: layer for layer, (_, _, labels) in OVERLAY_INDEX.items()}


def geometry_of(data: AppData, state: KartState, presenting: bool) -> str:
    """Which geometry a view is drawn on (AppData.basemap_of): the tile map with visning=ruter
    (when the register has one), else the map; in presentation mode either in two panels
    (twice the map on a wide screen), else as it lies (beside the controls one tall map is
    the larger)."""
    if state.visning == "ruter" and data.tiles[0] is not None:
        return "ruter-delt" if presenting and data.split else "ruter"
    # Another county than Nordland has no two panels: "delt" is then the single map drawn in
    # presentation mode's type and keys (AppData.basemap_of), read from the back of the room.
    return "delt" if presenting else "kart"


def figure(data: AppData, state: KartState, geometry: str | None = None) -> dict[str, Any]:
    """The first figure of a page: the shared base with this view put on it (by default on the
    geometry of the normal view)."""
    geometry = geometry or geometry_of(data, state, presenting=False)
    update = kart_update(data, state)
    layers = data.geography(geometry)[1]
    overlays = {index: coords for layer in state.layers
                for index, coords in zip(OVERLAY_INDEX[layer], overlay_payload(layers[layer]),
                                         strict=True)}
    return with_view(kart_base(data, geometry), update,
                     {**overlays, **text_payload(data, state, geometry)})


def kart_base(data: AppData, geometry: str) -> dict[str, Any]:
    """/kart's own copy of the shared base: region labels drawn above every outline, names at
    every label point, hit areas for small municipalities (kommunekart/figures/maplabels.py)."""
    return data.memo(f"kart_base_{geometry}", lambda: maplabels.restyle_base(
        data, base_figure(data.geography(geometry)[0]), geometry, list(LABEL_LAYERS)))


def kart_update(data: AppData, state: KartState) -> dict[str, Any]:
    """The municipality trace of a view (first figure and Patches): `main_update`, and with a
    region chosen its members lit."""
    update = main_update(data.state_values(state), data.nordland, state.kommune,
                         data.names.get(state.kommune) if state.kommune else None)
    update["marker"]["opacity"] = fill_opacity(state.layers)
    region = maplabels.region_of(data, state.region) if state.region else None
    if region:
        update.update(region_props(region[1], data.nordland, region[2]))
    return update


def text_payload(data: AppData, state: KartState, geometry: str,
                 regions: bool = True) -> dict[int, dict[str, Any]]:
    """The names (with their leader lines) and region label text of a view on the geographic
    map (the tile map names every tile itself). The names follow the measure too: its highest
    counts are named first (not who takes part in a task area, nor a region's members)."""
    if geometry.startswith("ruter"):
        return {}
    values = data.state_values(state)
    counts = None if values.kind == "participation" or state.region else values.z
    out = mapnames.name_traces(data, state.layers, state.kommune, counts, state.region,
                               geometry)
    if regions:
        labels = maplabels.region_text(data, state.layers, geometry)
        font = {**kart_base(data, geometry)["data"][maplabels.REGION_TEXT]["textfont"],
                "color": labels.pop("colour")}
        out[maplabels.REGION_TEXT] = {**labels, "textfont": font}
    return out


PATH = "/kart"


def municipality_table(data: AppData, state: KartState) -> pd.DataFrame:
    """The map's numbers per municipality, in Norwegian alphabetical order as the page's table."""
    values = data.state_values(state)
    frame = pd.DataFrame({"kommunenummer": data.nordland,
                          "kommune": [data.names[k] for k in data.nordland],
                          values.label: values.z})
    if values.text is not None:
        frame["ordninger"] = [t.removeprefix("Deltar: ") if z else "" for t, z
                              in zip(values.text, values.z, strict=True)]
    order = [data.nordland.index(k) for k in data.alphabetical]
    return frame.iloc[order].reset_index(drop=True)


def arrangement_table(data: AppData, state: KartState) -> pd.DataFrame:
    """The arrangements the panel lists for this view, largest first."""
    reg = data.register
    rows = (measures.arrangements_of(reg, state.kommune, state.scope, state.task) if state.kommune
            else measures.with_members(reg, measures.filter_arrangements(reg, state.scope,
                                                                         state.task)))
    return pd.DataFrame({
        "ordning": rows["name"],
        "oppgaveområde": rows["task_area_name"],
        "antall deltakere": rows["member_count"],
        "deltakerliste fullstendig": rows["members_complete"].map({True: "ja", False: "nei"}),
        "deltakere": [", ".join(n) for n in rows["member_names"]],
        "vertskommune": rows["host_name"],
        "organisering": rows["legal_form"],
        "grunnlag": rows["basis"],
        "kilden gjelder": rows["as_of"],
        "sikkerhet": rows["confidence"].map(CONFIDENCE_LABELS),
        "kilde": rows["source"],
        "merknad": rows["note"],
    })


def about_table(data: AppData, state: KartState) -> pd.DataFrame:
    rows = [
        ("Register", data.register_name),
        ("Utvalg", wording.SCOPE_LABELS[state.scope]),
        ("Kommune", data.names.get(state.kommune, "") if state.kommune else "alle"),
        ("Oppgaveområde", _task_name(data, state.task)),
        ("Dekning", data.coverage_badge),
        ("Om dekningen", data.coverage_detail),
        ("Laget", date.today().isoformat()),
        *(("Kreditering", c) for c in wording.credit_lines()),
    ]
    return pd.DataFrame(rows, columns=["", "verdi"])


def _task_name(data: AppData, task: str | None) -> str:
    if not task:
        return "alle"
    hit = data.tasks[data.tasks["task_area_id"] == task]
    return f"{hit['number'].iloc[0]}. {hit['name'].iloc[0]}" if len(hit) else task


def view_tables(data: AppData, state: KartState) -> dict[str, pd.DataFrame]:
    return {"kommuner": municipality_table(data, state),
            "ordninger": arrangement_table(data, state),
            "om": about_table(data, state)}


def state_of(data: AppData, query: Query) -> KartState:
    """The view a link asks for, on the map where the register has no tile map."""
    state, _ = KartState.from_query(data, query)
    return state.with_(visning="kart") if state.visning == "ruter" and data.tiles[0] is None else state


def name_parts(data: AppData, state: KartState) -> list[str]:
    """The words of this view's file names (handouts and tables alike)."""
    return ["kart", data.names[state.kommune] if state.kommune else "", state.task or "",
            *state.layers, state.region or "",
            state.measure if state.measure != "ordninger" else "",
            state.scope if state.scope != "alle" else "",
            "rutekart" if state.visning == "ruter" else ""]


def tables(data: AppData, query: Query) -> Tables:
    """The map's numbers per municipality (the CSV), the arrangements the panel lists and what
    they are."""
    state = state_of(data, query)
    return Tables(name_parts(data, state), view_tables(data, state), csv="kommuner")


VIEW = View(PATH, "Kart", "Kart – Kommunekart Nordland", order=0, state=KartState,
            handout=kart_content, tables=tables)
