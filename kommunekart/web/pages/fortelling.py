"""/fortelling: the story a link carries, to edit and to start. Each step is a view with a
caption; steps are renamed, moved and removed here, and every change is a new link (the whole
story lives in `fortelling=`, so a link shared is the story, in any browser, offline too).
Without a story in the link the page shows the deck's (data/app/story.csv)."""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_bootstrap_components as dbc
import flask
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from kommunekart.uploads.registers import Registries
from kommunekart.views import story
from kommunekart.views.fortelling import PATH, VIEW
from kommunekart.views.state import read_link
from kommunekart.web.components.ids import Ids

ID = Ids("fortelling")


def page_link(code: str) -> str:
    return f"{PATH}?{story.story_params(code)}"


def step_row(steps: tuple[story.Step, ...], i: int, code: str, name: str) -> html.Li:
    """One step: its caption (editable), the view it opens named in words, and move/remove
    buttons."""
    count = len(steps)
    def button(kind: str, text: str, label: str, disabled: bool = False) -> html.Button:
        return html.Button(text, id={"type": getattr(ID, kind), "index": i}, type="button",
                           className="btn btn-sm btn-outline-secondary", disabled=disabled,
                           title=label, **{"aria-label": label})
    return html.Li(className="story-step", children=[
        html.Label(className="d-block", children=[  # the label names the input
            html.Span(f"Tekst for steg {i + 1}", className="visually-hidden"),
            dbc.Input(id={"type": ID.caption, "index": i}, value=steps[i].caption, debounce=True,
                      maxLength=story.MAX_CAPTION, className="story-step-caption")]),
        html.Div(className="story-step-actions", children=[
            dcc.Link(name, href=story.step_url(steps, i, code), className="story-step-view",
                     title=f"Start fortellingen fra steg {i + 1}"),
            button("up", "↑", f"Flytt steg {i + 1} opp", i == 0),
            button("down", "↓", f"Flytt steg {i + 1} ned", i == count - 1),
            button("remove", "✕", f"Fjern steg {i + 1}"),
        ]),
    ])


def slide(steps: tuple[story.Step, ...], code: str, names: list[str]) -> html.Ol:
    """The story as one slide, shown while presenting (assets/story.css): each step's caption,
    which starts the story there, and the view it opens."""
    return html.Ol(className="story-slide", children=[
        html.Li(children=[
            dcc.Link(step.caption or names[i], href=story.step_url(steps, i, code),
                     className="story-slide-caption"),
            html.Span(names[i], className="story-slide-view")])
        for i, step in enumerate(steps)])


def layout(registry: Registries | None = None, /, **query: Any) -> html.Div:
    query, notices = read_link(query)  # one value each; notices for the rest, a story it cannot
    notices += story.link_notices(query)  # read, and a register the server does not have
    code = query.get(story.STORY)
    data = None
    if registry is not None:
        data, more = registry.resolve(query.get("register"))
        notices += more
    steps = story.decode(code)[0] if code else story.shipped()
    code = story.encode(steps)
    names = [story.step_name(step, data) for step in steps]
    link = flask.request.host_url.rstrip("/") + page_link(code) if flask.has_request_context() \
        else page_link(code)
    return html.Div(className="story-page", children=[
        dcc.Location(id=ID.nav, refresh="callback-nav"),
        dcc.Store(id=ID.code, data=code),
        *(dbc.Alert(n, color="warning", dismissable=True, className="link-notice")
          for n in dict.fromkeys(notices)),
        html.Div(className="story-head", children=[
            html.H2("Fortelling"),
            html.Span(f"{len(steps)} steg", className="story-length") if steps else None,
        ]),
        html.P("Visninger i rekkefølge, hver med sin tekst, til å gå gjennom i presentasjonsmodus "
               "med piltastene eller en presentasjonsklikker (→ neste, ← forrige, Esc avslutter). "
               "Legg til visninger med «Legg til i fortellingen» øverst på hver side.",
               className="lead"),
        html.Div(className="actions story-start", children=[  # above the fold at 1280×720
            html.A("Start fortellingen", href=story.step_url(steps, 0, code), id=ID.start,
                   className="btn btn-primary"),
            html.A("Last ned fortellingen (PDF)", href=f"/last-ned/fortelling.pdf?"
                   f"{story.story_params(code)}", className="btn btn-outline-secondary"),
        ]) if steps else None,
        slide(steps, code, names) if steps else None,
        html.Ol(className="story-steps", children=[
            step_row(steps, i, code, names[i]) for i in range(len(steps))]) if steps else
        html.P("Fortellingen er tom.", className="text-muted"),
        html.Div(className="actions mt-3 story-more", children=[
            dcc.Link("Bruk standardfortellingen", href=page_link(story.SHIPPED),
                     className="btn btn-outline-secondary"),
            dcc.Link("Tøm fortellingen", href=page_link(story.encode(())),
                     className="btn btn-outline-secondary"),
        ]),
        html.Div(className="mt-3 story-link", children=[
            html.Label("Lenke til fortellingen", htmlFor=ID.link, className="form-label"),
            html.Div(className="d-flex gap-2", children=[
                dbc.Input(id=ID.link, value=link, readonly=True),
                html.Span(className="copy-link btn btn-outline-secondary", children=[
                    dcc.Clipboard(target_id=ID.link, title="Kopier lenke til fortellingen",
                                  className="d-inline"), " Kopier lenke"]),
            ]),
        ]),
    ])


def edited(steps: tuple[story.Step, ...], trigger: dict | None,
           captions: list[str | None]) -> tuple[story.Step, ...] | None:
    """The story after one edit (a button or a caption), or None when nothing changed."""
    if not isinstance(trigger, dict) or not 0 <= trigger.get("index", -1) < len(steps):
        return None
    i, kind = trigger["index"], trigger["type"]
    if kind == ID.up:
        return story.moved(steps, i, -1)
    if kind == ID.down:
        return story.moved(steps, i, 1)
    if kind == ID.remove:
        return story.without(steps, i)
    if kind == ID.caption and i < len(captions) and captions[i] is not None:
        new = story.renamed(steps, i, captions[i] or "")
        return new if new != steps else None
    return None


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title,
                       layout=partial(layout, registry))

    @app.callback(
        Output(ID.nav, "href"),
        Input({"type": ID.up, "index": ALL}, "n_clicks"),
        Input({"type": ID.down, "index": ALL}, "n_clicks"),
        Input({"type": ID.remove, "index": ALL}, "n_clicks"),
        Input({"type": ID.caption, "index": ALL}, "value"),
        State(ID.code, "data"), prevent_initial_call=True,
    )
    def edit(_up: list, _down: list, _remove: list, captions: list, code: str) -> Any:
        """Every edit is a new link to this page (the page is drawn from it)."""
        if not any(t["value"] for t in ctx.triggered if t["prop_id"].endswith("n_clicks")) and \
                not any(t["prop_id"].endswith(".value") for t in ctx.triggered):
            return no_update
        steps, _ = story.decode(code)
        new = edited(steps, ctx.triggered_id, captions)
        return no_update if new is None else page_link(story.encode(new))
