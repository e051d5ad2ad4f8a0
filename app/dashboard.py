"""The Dash app factory. One AppData per process: the register and geometry are loaded,
validated and prepared here once, never per request."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import dash
from dash import Dash, html

from app.components.header import header
from app.geodata import boundary_path, credits
from app.pages import kart
from app.paths import ASSETS_DIR, DATA_DIR
from app.register import Register, load_register
from app.registry import Registries
from app.viewmodel import AppData

REGISTER_ENV = "KOMMUNEKART_REGISTER"
BOUNDARIES = "kommuner-2020.geojson"


def load_data(register: Register | str | Path | None = None,
              boundaries: str | Path | None = None) -> AppData:
    """The app's data: a register (default: $KOMMUNEKART_REGISTER or data/) and verified bounds."""
    if not isinstance(register, Register):
        register = load_register(register or os.environ.get(REGISTER_ENV) or DATA_DIR)
    return AppData(register, str(boundaries or boundary_path(BOUNDARIES)))


def create_app(data: AppData | None = None, upload_folder: Path | None = None) -> Dash:
    data = data or load_data()
    registry = Registries(data, data.boundary_path, upload_folder)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS_DIR),
        suppress_callback_exceptions=True,
        compress=True,
        title="Kommunekart Nordland",
        update_title=None,
    )
    kart_layout = partial(kart.layout, registry)
    dash.register_page("kart", path="/kart", name="Kart", title="Kart – Kommunekart Nordland",
                       layout=kart_layout)
    # "/" shows the map too (Flask already owns "/", so a redirect rule cannot be added there).
    dash.register_page("start", path="/", name="Start", title="Kommunekart Nordland",
                       layout=kart_layout)
    app.layout = html.Div(className="app", children=[
        header(credits()),
        html.Main(dash.page_container, className="app-main"),
    ])
    kart.register_callbacks(app, registry)
    return app
