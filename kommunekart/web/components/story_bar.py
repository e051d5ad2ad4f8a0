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

BAR, STEP, STATE, ADD, ADD_REQUEST, ADDED, END, NOTICE, OFFER = (
    "story-bar", "story-step", "story-state", "story-add", "story-add-request", "story-added",
    "story-end", "story-notice", "story-offer")
LINKS = {"first": "story-first", "prev": "story-prev", "next": "story-next", "last": "story-last"}
# What the keys say where a story cannot go on (assets/story.js shows it for a few seconds).
AT_END = "Slutt på fortellingen — Esc avslutter presentasjonen"
AT_START = "Dette er fortellingens første steg — → går videre"
OFFER_DECK = "Trykk → igjen for å starte kartleggingens fortelling"
OFFER_OWN = "Trykk → igjen for å starte fortellingen ({count} steg)"


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
        html.Div(id=NOTICE, className="story-notice", role="status"),
        html.Div(id=OFFER, hidden=True, children=offer({})),  # → on a view without a story
    ]


def offer(query: dict[str, str]) -> Any:
    """The story → offers on a presenting view without one, as a link to its first step (its
    text is what the offer says): the story the link carries, else the deck's."""
    steps, _ = story.decode(query.get(story.STORY))
    own = bool(steps) and steps != story.shipped()
    text = OFFER_OWN.format(count=len(steps)) if own else OFFER_DECK
    steps = steps or story.shipped()
    return dcc.Link(text, href=story.step_url(steps, 0), className="story-offer-link") if steps else None


def query_of(search: str | None) -> dict[str, str]:
    """A link's parameters, the last value of each (a repeated parameter is one value)."""
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def bar(steps: tuple[story.Step, ...], index: int, code: str) -> list[Any]:
    """The bar's content for step `index` (0-based): caption, counter, the four links. At the
    last step the counter says so and «›» goes nowhere (→ says the story has ended); «‹» at
    the first likewise."""
    last = len(steps) - 1

    def link(key: str, target: int, text: str, title: str) -> Any:
        return dcc.Link(text, id=LINKS[key], href=story.step_url(steps, target, code),
                        className=f"story-{key}", title=title)

    def stop(key: str, text: str, notice: str) -> Any:  # an end: no link, its notice instead
        return html.Span(text, id=LINKS[key], className=f"story-{key}", role="link", title=notice,
                         **{"aria-disabled": "true", "data-notice": notice})

    count = f"{index + 1} / {len(steps)}"
    return [
        link("prev", index - 1, "‹", "Forrige steg (←, PageUp)") if index > 0 else
        stop("prev", "‹", AT_START),
        html.Span([count, html.Span(" · slutt", className="story-end-mark")] if index == last
                  else count, className="story-count"),
        html.Span(steps[index].caption, className="story-caption"),
        link("next", index + 1, "›", "Neste steg (→, PageDown, mellomrom)") if index < last else
        stop("next", "›", AT_END),
        link("first", 0, "", "Første steg (Home)"),
        link("last", last, "", "Siste steg (End)"),
    ]


def register_callbacks(app: Dash, registry: Registries, url: str) -> None:
    @app.callback(
        Output(STEP, "children"), Output(BAR, "hidden"), Output(STATE, "data"),
        Output(OFFER, "children"),
        Input(url, "search"), Input(END, "n_clicks"), State(STATE, "data"),
    )
    def follow(search: str | None, _end: int | None, current: dict | None) -> tuple:
        """The bar of the step a link names; a link without one leaves the bar as it was. The
        story → offers where no bar shows: the link's, else the deck's."""
        if dash.ctx.triggered_id == END:
            return [], True, None, no_update
        query = query_of(search)
        offered = offer(query) if story.STORY in query else no_update
        if story.STORY not in query or story.STEP not in query:
            return no_update, no_update, no_update, offered
        steps, _ = story.decode(query[story.STORY])
        index = story.step_of(query[story.STEP], steps)
        if index is None:
            return ([], True, None, offered) if current else (no_update, no_update, no_update, offered)
        code = story.encode(steps)
        return bar(steps, index, code), False, {"code": code, "step": index + 1}, offered

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
