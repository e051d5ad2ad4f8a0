"""/utvikling: the survey's development 2010–2020 as the register holds it. Formal arrangements
per year with what was discontinued and what is new; child-welfare services and their size;
kommunepsykolog and ettervern with a small map; the proposed kommuneregioner. Every number is a
row of the register; the deck's trends and measures stand beside the chart they concern, marked
as the survey's findings. The page's one map (the shared geometry, sent once) switches between
the two topics with a Patch; the choice is in the link (`kart=`). While presenting, the page is a
slide per section (`del=`, kommunekart/web/components/slides.py), each chart sized to the screen;
the parts are drawn by kommunekart/web/components/utvikling_parts.py."""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from kommunekart.domain.wording import UTV_EMPTY_REGISTER
from kommunekart.figures.map import MAIN
from kommunekart.uploads.registers import Registries
from kommunekart.views.utvikling import (
    NAMES,
    PATH,
    REGION_LAYER,
    REGION_TRACES,
    SLIDE_MAPS,
    VIEW,
    UtviklingState,
    dev_of,
    map_figure,
    map_parts,
    region_payload,
    slide_at,
    slides_of,
)
from kommunekart.web.components.slides import moved, part_class, stepper, stepper_outputs, stepper_props
from kommunekart.web.components.utvikling_parts import (
    ID,
    changes_section,
    child_welfare_section,
    grep_section,
    lists_section,
    map_block,
    map_legend,
    map_table,
    other_findings,
    part_id,
    regions_section,
    totals_section,
)
from kommunekart.web.link import open_view
from kommunekart.web.pages.kart import PRESENTING, notices_of

__all__ = ["ID", "REGION_TRACES", "layout", "map_figure", "map_parts", "register"]

PARTS = ("totals", "changes", "child", "lists", "list_first", "list_rest", "list_findings",
         "regions", "grep", "map", "other")


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, notices = opened.data, opened.notices
    more = [data.survey_elsewhere] if data.survey_elsewhere else []  # another county's register
    state = opened.state
    dev = dev_of(data)
    slides, slide = slides_of(dev), slide_at(dev, state)
    if opened.presenting and slide.key in SLIDE_MAPS:  # a map's slide shows the map on its topic
        state = state.with_(map=SLIDE_MAPS[slide.key])
    titles = {s.key: s.title for s in slides}

    def part(name: str, children: list[Any]) -> html.Div:
        return html.Div(children, id=part_id(name), className=part_class(name in slide.parts))

    top = [dbc.Alert(UTV_EMPTY_REGISTER, color="warning", id=ID.empty)] if not dev.figure_count else []
    return html.Div(className="utv-page", children=[
        dcc.Store(id=ID.view, data=state.stored(PATH, data.register_id)),
        dcc.Store(id=ID.url_sync),
        dcc.Store(id=PRESENTING, data=opened.presenting),  # kept by assets/common.js
        *notices_of(notices + more),
        html.H2("Utvikling 2010–2020", id=ID.title),
        html.P("Kartleggingens hovedtall (NIVI Analyse for Fylkesmannen i Nordland, 2020) slik "
               "registeret har dem, hvert tall med lysbildet det står på. Trender og grep er "
               "kartleggingens vurderinger og er merket «Kartleggingen 2020»; de er ikke tall "
               "registeret har telt.",
               className="lead utv-lead"),
        *top,
        part("totals", totals_section(dev)),
        part("changes", changes_section(dev, titles["endringer"])),
        part("child", child_welfare_section(dev)),
        dbc.Row(className="g-4 mt-1 utv-main-row", children=[
            dbc.Col(lg=7, className="utv-text-col", children=[
                *lists_section(data, dev, part), part("regions", regions_section(dev)),
                part("grep", grep_section(dev, titles["grep"]) if "grep" in titles else [])]),
            dbc.Col(part("map", [html.Div(map_block(data, dev, state), className="utv-sticky")]),
                    lg=5, className="utv-map-col"),
        ]),
        part("other", other_findings(data, dev)),
        stepper(ID, [s.title for s in slides], slides.index(slide)),
    ])


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title,
                       layout=partial(layout, registry))

    @app.callback(
        Output(ID.map, "figure"), Output(ID.map_table_body, "children"),
        Output(ID.map_legend, "children"), Output(ID.view, "data"),
        Input(ID.map_view, "value"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def switch_map(choice: str, view: dict) -> tuple:
        """The other topic on the same map: only the traces that change travel."""
        data = registry.of(view)
        state, _ = UtviklingState.from_query(data, {"kart": choice, "del": view.get("del")})
        if state.url(PATH, data.register_id) == view.get("url"):
            return no_update, no_update, no_update, no_update
        dev = dev_of(data)
        update, names, labels, _ = map_parts(data, dev, state.map)
        patch = Patch()
        for key in ("z", "zmin", "zmax", "colorscale", "colorbar", "text", "hovertemplate"):
            patch["data"][MAIN][key] = update[key]
        for key, value in names.items():
            patch["data"][NAMES][key] = value
        regions_on = state.map == "kommuneregioner" and REGION_LAYER in data.overlays
        if regions_on:
            payload = region_payload(data)
            for index, coords, style in zip(REGION_TRACES, payload, labels, strict=True):
                for key, value in {**coords, **style}.items():
                    patch["data"][index][key] = value
        for index in REGION_TRACES:
            patch["data"][index]["visible"] = regions_on
        return (patch, map_table(data, dev, state.map), map_legend(data, dev, state.map),
                state.stored(PATH, data.register_id))

    @app.callback(
        Output(ID.view, "data", allow_duplicate=True),
        *[Output(part_id(name), "className") for name in PARTS],
        *[Output(i, prop) for i, prop in stepper_outputs(ID)],
        Output(ID.map_view, "value"),
        Input(ID.slide_prev, "n_clicks"), Input(ID.slide_next, "n_clicks"),
        Input(PRESENTING, "data"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def step(_prev: int | None, _next: int | None, _presenting: bool | None, view: dict) -> tuple:
        """Another slide (‹ or ›; on entering presentation, the slide the link names): its
        parts shown, its place in the link, and a map's slide the map on its topic."""
        data = registry.of(view)
        state, _ = UtviklingState.from_query(data, {"kart": view.get("kart"),
                                                    "del": view.get("del")})
        dev = dev_of(data)
        slides = slides_of(dev)
        key = moved(ID, ctx.triggered_id, [s.key for s in slides], slide_at(dev, state).key)
        index = [s.key for s in slides].index(key)
        state = state.with_(section=key)
        return (state.stored(PATH, data.register_id),
                *[part_class(name in slides[index].parts) for name in PARTS],
                *stepper_props([s.title for s in slides], index),
                SLIDE_MAPS[key] if SLIDE_MAPS.get(key, state.map) != state.map else no_update)

    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
