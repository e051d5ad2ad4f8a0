"""Cache headers that let a second visit skip what it already has. Every script and stylesheet a
page lists is fingerprinted: Dash names its component bundles by version and file time
(`dash_core_components.v4_4_1m1796229795.js`) and gives assets/ files their file time
(`kart.js?m=1796230096.47`); a changed file gets a new address. Those answers are kept for a year
without asking again (`immutable`). Everything else is asked for again (`no-cache`, or what its
route says): the pages, Dash's layout and callback answers, dcc's lazily loaded chunks (Dash names
them without a fingerprint; their ETag answers 304), and an asset under an address that is not
its current one.

Without this an asset was sent `no-cache` and, compressed on the way out (Flask-Compress, which
renames the ETag per encoding and streams files without answering If-None-Match), sent whole
again on every visit: 630 KB of /kart's 1.2 MB."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import Response, request
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
ASK_AGAIN = "no-cache"


def fingerprinted(app: Dash, path: str, query: dict[str, str]) -> bool:
    """Whether a request's address names one version of a file for good: a Dash bundle with its
    fingerprint, or an assets/ file with `m=` its current file time."""
    prefix = app.config.routes_pathname_prefix
    suites = f"{prefix}_dash-component-suites/"
    if path.startswith(suites):
        return check_fingerprint(path[len(suites):])[1]
    assets = f"{prefix}{app.config.assets_url_path.strip('/')}/"
    if path.startswith(assets) and "m" in query:
        file = safe_join(app.config.assets_folder, path[len(assets):])
        return bool(file and Path(file).is_file() and query["m"] == str(Path(file).stat().st_mtime))
    return False


def install(app: Dash) -> None:
    """Set Cache-Control on every answer of the app's server (before it is compressed)."""

    def cache(response: Response) -> Response:
        if response.status_code == 200 and fingerprinted(app, request.path, request.args.to_dict()):
            response.headers["Cache-Control"] = IMMUTABLE
        elif "Cache-Control" not in response.headers:  # Dash's pages, answers, dcc's chunks
            response.headers["Cache-Control"] = ASK_AGAIN
        return response

    app.server.after_request(cache)
