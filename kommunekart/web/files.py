"""The files a view becomes, as routes on the app's server, each given the address of the view
on screen (`?url=…`, set by the download links at click time):

- `/last-ned/visning.png` and `/last-ned/visning.pdf`: the view's handout (outputs/handout.py);
- `/last-ned/fortelling.pdf?fortelling=…`: a whole story, one page per step;
- `/last-ned/tabell.csv` and `/last-ned/tabeller.xlsx`: the view's tables (its `VIEW.tables`).

Which views can become which file is the registry of views' to say; every file is named by one
scheme (outputs/export.py `dated_stem`): kommunekart-<view>-<what it shows>-<date>."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Flask, Response, request

from kommunekart.outputs.export import csv_bytes, dated_stem, xlsx_bytes
from kommunekart.outputs.handout import BadViewError, Handout, Link, handout, parse_view, query_of, view_of
from kommunekart.outputs.render import MIMETYPES, RenderUnavailableError, merge_pdfs, renderer
from kommunekart.uploads.registers import Registries
from kommunekart.views import story
from kommunekart.views.view import NoTablesError
from kommunekart.views.viewmodel import AppData

log = logging.getLogger(__name__)
FAILED = "Kunne ikke lage filen akkurat nå. Prøv igjen om litt."
TABLE_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store"})


def _file(body: bytes, name: str, fmt: str) -> Response:
    return Response(body, mimetype={**MIMETYPES, **TABLE_TYPES}[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def register_of(registry: Registries, link: Link) -> AppData:
    """The register a link names (BadViewError for one the server does not have)."""
    data = registry.get(link.register)
    if data is None:
        raise BadViewError(f"Fant ikke registeret «{str(link.register)[:40]}» fra lenken.")
    return data


def view_handout(registry: Registries, link: Link, caption: str | None = None,
                 step: tuple[int, int] | None = None) -> Handout:
    """A view's handout from its register."""
    return handout(register_of(registry, link), link.path, link.query,
                   caption if caption is not None else link.caption, step=step)


def table_file(registry: Registries, link: Link, fmt: str) -> tuple[bytes, str]:
    """(bytes, file name) of a view's tables: the CSV its main table, the XLSX every sheet."""
    data = register_of(registry, link)
    try:
        tables = link.view.tables(data, link.query)  # type: ignore[misc]
    except NoTablesError as err:
        raise BadViewError(str(err)) from None
    body = csv_bytes(tables.sheets[tables.csv]) if fmt == "csv" else xlsx_bytes(tables.sheets)
    return body, f"{dated_stem(tables.name, date.today())}.{fmt}"


def story_handouts(registry: Registries, code: str | None) -> tuple[str, list[Handout]]:
    """(file stem, one handout per step) of the story a link parameter holds: the deck's story
    when none is named."""
    code = code or story.SHIPPED
    steps, notice = story.decode(code)
    if not steps:
        raise BadViewError(notice or story.NOT_READ)
    pages = [view_handout(registry, Link(view_of(s.path), query_of(s.query)), caption=s.caption,
                          step=(i + 1, len(steps)))
             for i, s in enumerate(steps)]
    which = "standard" if code == story.SHIPPED else f"egen-{len(steps)}-steg"
    return dated_stem(["fortelling", which], date.today()), pages


def register_routes(app: Any, registry: Registries) -> None:
    """The download routes on the Dash app's Flask server (or a Flask app)."""
    server: Flask = getattr(app, "server", app)

    def answer(make: Any) -> Response:
        try:
            return make()
        except BadViewError as err:
            return _text(str(err), 400)
        except RenderUnavailableError as err:  # no browser to render with here
            return _text(str(err), 503)
        except Exception:
            log.exception("export failed: %s", request.full_path)
            return _text(FAILED, 500)

    def view_file(fmt: str) -> Response:
        def make() -> Response:
            page = view_handout(registry, parse_view(request.args.get("url")))
            return _file(renderer().render(page.figure, fmt), f"{page.stem}.{fmt}", fmt)
        return answer(make)

    @server.get("/last-ned/visning.png", endpoint="kommunekart_handout_png")
    def view_png() -> Response:
        return view_file("png")

    @server.get("/last-ned/visning.pdf", endpoint="kommunekart_handout_pdf")
    def view_pdf() -> Response:
        return view_file("pdf")

    @server.get("/last-ned/fortelling.pdf", endpoint="kommunekart_story_pdf")
    def story_pdf() -> Response:
        def make() -> Response:
            code = request.args.get(story.STORY)
            if not code and request.args.get("url"):  # the address of the view on screen
                code = parse_view(request.args.get("url")).query.get(story.STORY)
            stem, pages = story_handouts(registry, code)
            body = merge_pdfs(renderer().render_all([p.figure for p in pages], "pdf"))
            return _file(body, f"{stem}.pdf", "pdf")
        return answer(make)

    def tables_file(fmt: str) -> Response:
        def make() -> Response:
            body, name = table_file(registry, parse_view(request.args.get("url"), "tables"), fmt)
            return _file(body, name, fmt)
        return answer(make)

    @server.get("/last-ned/tabell.csv", endpoint="kommunekart_table_csv")
    def table_csv() -> Response:
        return tables_file("csv")

    @server.get("/last-ned/tabeller.xlsx", endpoint="kommunekart_tables_xlsx")
    def tables_xlsx() -> Response:
        return tables_file("xlsx")
