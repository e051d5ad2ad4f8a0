"""The Dash app factory. One AppData per process: the register and geometry are loaded,
validated and prepared here once, never per request."""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path
from types import ModuleType

import dash
from dash import Dash, html

from kommunekart.domain import limits
from kommunekart.domain.register import Register, load_register
from kommunekart.geo.geodata import boundary_path
from kommunekart.paths import ASSETS_DIR, DATA_DIR
from kommunekart.uploads.registers import Registries
from kommunekart.views.viewmodel import AppData
from kommunekart.web import bundles, caching, files, pages, security
from kommunekart.web.components import header

REGISTER_ENV = "KOMMUNEKART_REGISTER"
BOUNDARIES = "kommuner-2020.geojson"


def load_data(register: Register | str | Path | None = None,
              boundaries: str | Path | None = None) -> AppData:
    """The app's data: a register (default: $KOMMUNEKART_REGISTER or data/) and verified bounds."""
    if not isinstance(register, Register):
        register = load_register(register or os.environ.get(REGISTER_ENV) or DATA_DIR)
    return AppData(register, str(boundaries or boundary_path(BOUNDARIES)))


def page_modules() -> list[ModuleType]:
    """Every module in web/pages/: each registers its Dash page and its callbacks (no list of
    pages to keep; the nav and the rest follow the registry of views)."""
    return [importlib.import_module(f"{pages.__name__}.{found.name}")
            for found in pkgutil.iter_modules(pages.__path__)]


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
    app.index_string = app.index_string.replace("<html>", '<html lang="nb">', 1)  # screen readers
    for page in page_modules():
        page.register(app, registry)
    app.layout = html.Div(className="app", children=[
        header.header(),
        html.Main(dash.page_container, className="app-main"),
    ])
    header.register_callbacks(app, registry)
    files.register_routes(app, registry)  # handouts and tables: /last-ned/…
    limits.install_request_limit(app.server)  # 413 over 20 MB of files, in Norwegian
    security.secure(app)  # CSP, nosniff, frame-ancestors, Referrer-Policy on every response
    bundles.defer(app)  # no DataTable bundle; the grid's only where a grid is drawn
    caching.install(app)  # fingerprinted bundles and assets cached for a year, pages not
    return app
