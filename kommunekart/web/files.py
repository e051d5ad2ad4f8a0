"""The files a view becomes, as routes on the app's server, each given the address of the view
on screen (`?url=…`, set by the download links at click time):

- `/last-ned/visning.png` and `/last-ned/visning.pdf`: the view's handout (outputs/handout.py);
- `/last-ned/fortelling.pdf?fortelling=…`: a whole story, one page per step;
- `/last-ned/tabell.csv` and `/last-ned/tabeller.xlsx`: the view's tables (its `VIEW.tables`);
- `/last-ned/register.xlsx?register=…` (or `?url=…`, the view on screen): the register itself as
  the workbook the upload reads back, and `/last-ned/mal-fullt-register.xlsx` its template
  (outputs/register_book.py); `/last-ned/mal-enkel-liste.xlsx` the simple list's template.
- `/last-ned/problemer.csv?id=<upload id>`: every problem of a refused upload (not a view: the
  upload store keeps the last refused uploads' problems, uploads/problem_files.py).

Which views can become which file is the registry of views' to say; every file is named by one
scheme (outputs/export.py `dated_stem`): kommunekart-<view>-<what it shows>-<date>."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Any

from flask import Flask, Response, request

from kommunekart.outputs.export import csv_bytes, dated_stem, xlsx_bytes
from kommunekart.outputs.handout import BadViewError, Handout, Link, handout, parse_view, query_of, view_of
from kommunekart.outputs.register_book import register_workbook, template_workbook
from kommunekart.outputs.render import MIMETYPES, RenderUnavailableError, merge_pdfs, renderer
from kommunekart.outputs.simple_template import simple_template
from kommunekart.uploads.problem_files import kept_problems
from kommunekart.uploads.problem_report import problems_csv
from kommunekart.uploads.registers import Registries
from kommunekart.views import story
from kommunekart.views.state import STORY
from kommunekart.views.view import NoTablesError
from kommunekart.views.viewmodel import AppData

log = logging.getLogger(__name__)
FAILED = "Kunne ikke lage filen akkurat nå. Prøv igjen om litt."
PROBLEMS_CSV = "/last-ned/problemer.csv"
PROBLEMS_GONE = ("Feillisten finnes ikke lenger på serveren (bare de siste avviste opplastingene "
                 "beholdes). Last inn filen på nytt for å se feilene.")
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
    return register_named(registry, link.register)


def register_named(registry: Registries, rid: str | None) -> AppData:
    """The register of an id; None: the shipped one (BadViewError for one the server does not have)."""
    data = registry.get(rid)
    if data is None:
        raise BadViewError(f"Fant ikke registeret «{str(rid)[:40]}» fra lenken.")
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


def handout_file(registry: Registries, args: Mapping[str, str], fmt: str) -> tuple[bytes, str]:
    """The view on screen's handout, rendered (PNG or PDF)."""
    page = view_handout(registry, parse_view(args.get("url")))
    return renderer().render(page.figure, fmt), f"{page.stem}.{fmt}"


def story_file(registry: Registries, args: Mapping[str, str], fmt: str = "pdf") -> tuple[bytes, str]:
    """The story named (`fortelling=`, or the one the view on screen carries) as one PDF."""
    code = args.get(STORY)
    if not code and args.get("url"):  # the address of the view on screen
        code = parse_view(args.get("url")).query.get(STORY)
    stem, pages = story_handouts(registry, code)
    return merge_pdfs(renderer().render_all([p.figure for p in pages], fmt)), f"{stem}.{fmt}"


def tables_file(registry: Registries, args: Mapping[str, str], fmt: str) -> tuple[bytes, str]:
    """The view on screen's tables (CSV or XLSX)."""
    return table_file(registry, parse_view(args.get("url"), "tables"), fmt)


def register_file(registry: Registries, args: Mapping[str, str], fmt: str = "xlsx") -> tuple[bytes, str]:
    """The register on screen (`register=`, else the one the view on screen's address names;
    neither: the shipped one) as the workbook the upload reads back, made once per register."""
    rid = args.get("register")
    if rid is None and args.get("url"):  # the address on screen: /kart?register=…&…
        rid = query_of(str(args.get("url")).partition("?")[2].partition("#")[0]).get("register")
    data = register_named(registry, rid or None)
    body = data.memo("register.xlsx", lambda: register_workbook(data.register))
    return body, f"{dated_stem(['register', data.register_name], date.today())}.{fmt}"


def template_file(registry: Registries, args: Mapping[str, str], fmt: str = "xlsx") -> tuple[bytes, str]:
    """«Mal: fullt register»: the workbook with only the tables a user writes left empty."""
    data = registry.default
    return (data.memo("mal-fullt-register.xlsx", lambda: template_workbook(data.register)),
            f"{dated_stem(['mal', 'fullt-register'], date.today())}.{fmt}")


def simple_template_file(registry: Registries, args: Mapping[str, str],
                         fmt: str = "xlsx") -> tuple[bytes, str]:
    """«Mal: enkel liste»: the simple list's headers, an example row and its «Les meg»."""
    data = registry.default
    return (data.memo("mal-enkel-liste.xlsx", simple_template),
            f"{dated_stem(['mal', 'enkel-liste'], date.today())}.{fmt}")


def problems_file(registry: Registries, args: Mapping[str, str], fmt: str = "csv") -> tuple[bytes, str]:
    """Every problem of a refused upload (`id=`: its id, as the problem table's link gives it)."""
    kept = kept_problems(registry.folder, args.get("id") or "")
    if kept is None:
        raise BadViewError(PROBLEMS_GONE)
    names, problems = kept
    return problems_csv(problems), f"{dated_stem(['problemer', names], date.today())}.csv"


Maker = Callable[[Registries, Mapping[str, str], str], tuple[bytes, str]]
ROUTES: tuple[tuple[str, str, str, Maker], ...] = (  # route, endpoint, format, what makes it
    ("/last-ned/visning.png", "kommunekart_handout_png", "png", handout_file),
    ("/last-ned/visning.pdf", "kommunekart_handout_pdf", "pdf", handout_file),
    ("/last-ned/fortelling.pdf", "kommunekart_story_pdf", "pdf", story_file),
    ("/last-ned/tabell.csv", "kommunekart_table_csv", "csv", tables_file),
    ("/last-ned/tabeller.xlsx", "kommunekart_tables_xlsx", "xlsx", tables_file),
    ("/last-ned/register.xlsx", "kommunekart_register_xlsx", "xlsx", register_file),
    ("/last-ned/mal-fullt-register.xlsx", "kommunekart_template_xlsx", "xlsx", template_file),
    ("/last-ned/mal-enkel-liste.xlsx", "kommunekart_simple_template_xlsx", "xlsx",
     simple_template_file),
    (PROBLEMS_CSV, "kommunekart_problems_csv", "csv", problems_file),
)


def serve(registry: Registries, fmt: str, make: Maker) -> Response:
    """One download: the file, or a Norwegian message (400 for a link it cannot make a file of,
    503 where no browser can render, 500 with the details only in the log)."""
    try:
        body, name = make(registry, request.args, fmt)
        return _file(body, name, fmt)
    except BadViewError as err:
        return _text(str(err), 400)
    except RenderUnavailableError as err:  # no browser to render with here
        return _text(str(err), 503)
    except Exception:
        log.exception("export failed: %s", request.full_path)
        return _text(FAILED, 500)


def register_routes(app: Any, registry: Registries) -> None:
    """The download routes on the Dash app's Flask server (or a Flask app)."""
    server: Flask = getattr(app, "server", app)
    for route, endpoint, fmt, make in ROUTES:
        server.add_url_rule(route, endpoint, partial(serve, registry, fmt, make), methods=["GET"])
