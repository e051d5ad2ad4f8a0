"""The story in the header: while presenting, a discreet bar with the step's caption, «3 / 7» and
links to the previous, next, first and last step (assets/common.js follows them on →, ←,
PageDown, PageUp, Space, Home and End, as presentation clickers send); outside presentation,
«Legg til i fortellingen» adds the view on screen to the story the link carries.

The bar follows the last link that named a story step (`fortelling=…&steg=…`): when the chair
clicks and filters between steps, or follows a link away, → still goes on from the step."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import dash
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from kommunekart.uploads.registers import Registries
from kommunekart.views import story
from kommunekart.views.registry import VIEWS

BAR, STEP, STATE, ADD, ADD_REQUEST, ADDED, END = (
    "story-bar", "story-step", "story-state", "story-add", "story-add-request", "story-added",
    "story-end")
LINKS = {"first": "story-first", "prev": "story-prev", "next": "story-next", "last": "story-last"}


def layout() -> list[Any]:
    return [
        dcc.Store(id=STATE),
        dcc.Store(id=ADD_REQUEST),
        html.Nav(id=BAR, className="story-bar", hidden=True, **{"aria-label": "Fortelling"},
                 children=[html.Div(id=STEP, className="story-step-bar"),
                           html.Button("✕", id=END, type="button", className="story-end",
                                       title="Avslutt fortellingen (visningen blir stående)")]),
        html.Button("Legg til i fortellingen", id=ADD, type="button",
                    className="btn btn-outline-secondary btn-sm story-add",
                    title="Legg visningen slik den er nå til fortellingen (vises under Fortelling)"),
        html.Div(id=ADDED, className="story-added", role="status"),
    ]


def query_of(search: str | None) -> dict[str, str]:
    """A link's parameters, the last value of each (a repeated parameter is one value)."""
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def bar(steps: tuple[story.Step, ...], index: int, code: str) -> list[Any]:
    """The bar's content for step `index` (0-based): caption, counter, the four links."""
    last = len(steps) - 1

    def link(key: str, target: int, text: str, title: str) -> Any:
        return dcc.Link(text, id=LINKS[key], href=story.step_url(steps, target, code),
                        className=f"story-{key}", title=title)

    return [
        link("prev", max(index - 1, 0), "‹", "Forrige steg (←, PageUp)"),
        html.Span(f"{index + 1} / {len(steps)}", className="story-count"),
        html.Span(steps[index].caption, className="story-caption"),
        link("next", min(index + 1, last), "›", "Neste steg (→, PageDown, mellomrom)"),
        link("first", 0, "", "Første steg (Home)"),
        link("last", last, "", "Siste steg (End)"),
    ]


def register_callbacks(app: Dash, registry: Registries, url: str) -> None:
    @app.callback(
        Output(STEP, "children"), Output(BAR, "hidden"), Output(STATE, "data"),
        Input(url, "search"), Input(END, "n_clicks"), State(STATE, "data"),
    )
    def follow(search: str | None, _end: int | None, current: dict | None) -> tuple:
        """The bar of the step a link names; a link without one leaves the bar as it was."""
        if dash.ctx.triggered_id == END:
            return [], True, None
        query = query_of(search)
        if story.STORY not in query or story.STEP not in query:
            return no_update, no_update, no_update
        steps, _ = story.decode(query[story.STORY])
        index = story.step_of(query[story.STEP], steps)
        if index is None:
            return ([], True, None) if current else (no_update, no_update, no_update)
        code = story.encode(steps)
        return bar(steps, index, code), False, {"code": code, "step": index + 1}

    # What is on screen is the address bar as the view last wrote it (the views rewrite it with
    # history.replaceState, which the Location component does not see).
    app.clientside_callback(ClientsideFunction("story", "here"), Output(ADD_REQUEST, "data"),
                            Input(ADD, "n_clicks"), prevent_initial_call=True)

    @app.callback(
        Output(url, "href"), Output(ADDED, "children"),
        Input(ADD_REQUEST, "data"), prevent_initial_call=True,
    )
    def add(here: str | None) -> tuple:
        """The view on screen added as the last step of the story its link carries (a new story
        if none); the link then carries the longer story."""
        parts = urlsplit(str(here or ""))
        query = query_of(parts.query)
        data, _ = registry.resolve(query.get("register"))
        steps, _ = story.decode(query.get(story.STORY))
        step = story.clean_step(here or "", story.default_caption(
            parts.path, parts.query, VIEWS.names(), data.names))
        if step is None:
            return no_update, "Denne siden kan ikke legges til i en fortelling."
        if len(steps) >= story.MAX_STEPS:
            return no_update, f"Fortellingen har allerede {story.MAX_STEPS} steg."
        longer = story.with_step(steps, step)
        code = story.encode(longer)
        return (f"{step.view}{'&' if step.query else '?'}{story.story_params(code)}",
                f"Lagt til som steg {len(longer)} av {len(longer)} i fortellingen (se Fortelling).")
