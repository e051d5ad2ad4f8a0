"""The header every view shares: title, the views (from the registry of views), the register's
coverage and credits. One callback fills it on every page from the link's `?register=`, so an
uploaded register stays named, and stays chosen, whichever view the user opens."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, dcc, html

from kommunekart.domain.wording import credit_lines
from kommunekart.uploads.registers import Registries
from kommunekart.views import story
from kommunekart.views.registry import VIEWS
from kommunekart.web.components import story_bar
from kommunekart.web.components.downloads import download_links

URL = "url"  # the app shell's location, read by the header and every page's links
PRESENT, PRESENT_EXIT = "present", "present-exit"


def nav_links(register_id: str | None, story_code: str | None = None) -> list[dbc.NavLink]:
    """The views, keeping the register and a story being built (`fortelling=`) chosen."""
    params = {k: v for k, v in (("register", register_id), (story.STORY, story_code)) if v}
    query = f"?{urlencode(params)}" if params else ""
    return [dbc.NavLink(v.name, href=v.path + query, active="partial", className="view-link")
            for v in VIEWS.nav()]


def header() -> html.Header:
    return html.Header(className="app-header", children=[
        dcc.Location(id=URL, refresh="callback-nav"),
        html.Div(className="brand", children=[
            html.H1("Kommunekart Nordland"),
            html.Span(id="county-subtitle", className="subtitle"),  # the register's county
        ]),
        dbc.Nav(nav_links(None), id="views", pills=True, className="views"),
        # Presentation mode is the page's, not a view's: assets/common.js runs it (button, Esc,
        # ?presentasjon=1, full screen on the first key or click).
        html.Button("Presentasjon", id=PRESENT, type="button", className="btn btn-outline-primary",
                    title="Fullskjerm for projektor: bare kart og panel, stor tekst. Esc avslutter.",
                    **{"aria-pressed": "false"}),
        html.Button("Avslutt presentasjon (Esc)", id=PRESENT_EXIT, type="button",
                    className="btn btn-secondary present-exit"),
        *story_bar.layout(),
        html.Details(className="downloads-menu", children=[  # a menu: the header stays two rows
            html.Summary("Last ned …", className="btn btn-outline-secondary btn-sm"),
            download_links(class_name="dropdown-item")]),
        html.Div(className="coverage", children=[
            html.Span(id="coverage-badge", className="coverage-badge"),
        ]),
        html.Div(className="credits", children=[
            html.Span(" · ".join(credit_lines())),
            html.Span(" · Register: "),
            html.Span(id="register-source", className="register-source"),
        ]),
    ])


def register_callbacks(app: Dash, registry: Registries) -> None:
    @app.callback(
        Output("coverage-badge", "children"), Output("coverage-badge", "title"),
        Output("register-source", "children"), Output("views", "children"),
        Output("county-subtitle", "children"), Input(URL, "search"),
    )
    def fill(search: str | None) -> tuple:
        query = story_bar.query_of(search)
        data, _ = registry.resolve(query.get("register"))
        steps, _ = story.decode(query.get(story.STORY))
        return (data.coverage_badge, data.coverage_detail, data.register_name,
                nav_links(data.register_id, story.encode(steps) if steps else None),
                data.county.subtitle)

    story_bar.register_callbacks(app, registry, URL)
