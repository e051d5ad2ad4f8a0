"""Handouts: the view on screen as one presentation-sized figure (1920 × 1080), to save as PNG or
PDF and hand round after a council meeting. Pure: a register and a view's link in, a plain plotly
figure dict out (kommunekart/outputs/render.py renders it, kommunekart/web/files.py serves it).

A handout is the view's own figure (the map in the presentation layout, the charts as the pages
draw them) placed in a frame that says what it is: a title (and the story step's caption) at the
top; the legend or colour bar inside, as on screen; and along the bottom the credits, the
register's name, its coverage line and the date. Every text that comes from a link, a story or a
register is escaped (`plot_text`), so it is drawn literally, never read as markup or template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kommunekart.domain.wording import credit_lines
from kommunekart.figures.canvas import HEIGHT, LINE, MUTED, TEXT, WIDTH, Canvas, short, wrapped
from kommunekart.outputs.export import dated_stem
from kommunekart.views import story
from kommunekart.views.registry import VIEWS, listed
from kommunekart.views.state import STEP, STORY
from kommunekart.views.view import View
from kommunekart.views.viewmodel import AppData

SIDE = 0.02  # the frame's left and right margin, as a share of the width (38 px)
TITLE_PX, CAPTION_PX, DETAIL_PX, FOOTER_PX = 36, 28, 20, 18  # type sizes of the frame
GAP_PX = 16  # between the frame's text and the figure
ALIASES = {"/": "/kart"}  # the start page shows the map
MAX_URL = story.MAX_CODE + 2000  # a view's link may carry a whole story (fortelling=…)
MISSING = "Mangler adressen til visningen (url=/kart?…)."
# What a view can become, and how a link that cannot become it is refused (the views that can
# are named from the registry of views).
KINDS = {"handout": ("Kan ikke lage bilde av «{value}». Bilde og PDF finnes for visningene "
                     "{views}."),
         "tables": ("Kan ikke lage tabeller av «{value}». Tabeller (CSV og XLSX) finnes for "
                    "visningene {views}.")}


class BadViewError(ValueError):
    """A link that is not one of the dashboard's views; the message is for the user (Norwegian)."""


# ---------------------------------------------------------------------- the link of a view


@dataclass(frozen=True)
class Link:
    """A view's link read for a file: its view, its parameters (last value of each), and the
    caption of the story step it is, if the link names one."""

    view: View
    query: dict[str, str]
    caption: str | None = None

    @property
    def path(self) -> str:
        return self.view.path

    @property
    def register(self) -> str | None:
        return self.query.get("register") or None


def query_of(query: str | Mapping[str, Any] | None) -> dict[str, str]:
    if isinstance(query, Mapping):
        return {str(k): str(v[-1] if isinstance(v, list | tuple) and v else v) for k, v in query.items()}
    return {k: v[-1] for k, v in parse_qs(str(query or "").lstrip("?")).items()}


def unknown(value: str, kind: str = "handout") -> BadViewError:
    """The refusal of a link that cannot become `kind`, naming the views that can."""
    paths = [v.path for v in VIEWS if getattr(v, kind)]
    return BadViewError(KINDS[kind].format(value=short(value, 60), views=listed(paths)))


def view_of(path: str, kind: str = "handout") -> View:
    """The view a path shows, if it can become `kind` ("handout" or "tables"), else BadViewError."""
    view = VIEWS.get(ALIASES.get(path, path))
    if view is None or getattr(view, kind) is None:
        raise unknown(path, kind)
    return view


def parse_view(url: str | None, kind: str = "handout") -> Link:
    """A view's address as the browser has it (`location.pathname + location.search`), or
    BadViewError with a message saying what is wrong."""
    url = str(url or "").strip()
    if not url:
        raise BadViewError(MISSING)
    if len(url) > MAX_URL:
        raise unknown(url, kind)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise unknown(url, kind) from None
    if parts.scheme or parts.netloc:
        raise unknown(url, kind)
    view = view_of(parts.path, kind)
    query = query_of(parts.query)
    caption = None
    steps, _ = story.decode(query.get(STORY))
    index = story.step_of(query.get(STEP), steps) if steps else None
    if index is not None and ALIASES.get(steps[index].path, steps[index].path) == view.path:
        caption = steps[index].caption or None
    return Link(view, query, caption)


# ---------------------------------------------------------------------- the frame


def day_text(day: date) -> str:
    return f"{day.day}.{day.month:02d}.{day.year}"


@dataclass(frozen=True)
class Handout:
    figure: dict[str, Any]
    stem: str  # the file name without its extension


def handout(data: AppData, path: str, query: str | Mapping[str, Any] | None = None,
            caption: str | None = None, today: date | None = None,
            step: tuple[int, int] | None = None) -> Handout:
    """The handout of a view: its figure and its file name. `step` (n, of) numbers a story's
    page."""
    today = today or date.today()
    content = view_of(path).handout(data, query_of(query))  # type: ignore[misc]
    canvas = Canvas(content.font_size)
    inner = WIDTH * (1 - 2 * SIDE)
    y = 1 - 22 / HEIGHT
    canvas.text("Kommunekart Nordland" + (f" · steg {step[0]} av {step[1]}" if step else ""),
                1 - SIDE, y, DETAIL_PX, colour=MUTED, xanchor="right", align="right")
    heading = wrapped(content.title, TITLE_PX, inner - 420)
    lines = [(f"<b>{line}</b>", TITLE_PX, TEXT) for line in heading]
    if caption:
        lines += [(line, CAPTION_PX, TEXT) for line in wrapped(caption, CAPTION_PX, inner)]
    details = " · ".join(d for d in content.details if d)
    lines += [(line, DETAIL_PX, MUTED) for line in wrapped(details, DETAIL_PX, inner)]
    for text, size, colour in lines:
        canvas.text(text, SIDE, y, size, colour=colour)
        y -= size * LINE / HEIGHT
    top = y - GAP_PX / HEIGHT
    foot = [" · ".join(credit_lines()),
            f"Register: {data.register_name} · {data.coverage_badge} · Laget {day_text(today)}"]
    foot_lines = [line for text in foot for line in wrapped(text, FOOTER_PX, inner)]
    bottom = (len(foot_lines) * FOOTER_PX * LINE + 20) / HEIGHT
    canvas.shapes.append({"type": "line", "xref": "paper", "yref": "paper", "x0": SIDE,
                          "x1": 1 - SIDE, "y0": bottom, "y1": bottom,
                          "line": {"color": "#9aa5ae", "width": 1}})
    canvas.text("<br>".join(foot_lines), SIDE, bottom - 8 / HEIGHT, FOOTER_PX, colour=TEXT)
    content.draw(canvas, (SIDE, 1 - SIDE, bottom + GAP_PX / HEIGHT, top))
    return Handout(canvas.figure(), dated_stem(content.name, today))


def handout_figure(data: AppData, path: str, query: str | Mapping[str, Any] | None = None,
                   caption: str | None = None, today: date | None = None) -> dict[str, Any]:
    """A plotly figure dict of the view, 1920 × 1080: title (and caption) at the top, the view's
    figure with its legend or colour bar, and a footer of credits, register, coverage and date."""
    return handout(data, path, query, caption, today).figure


def handout_stem(data: AppData, path: str, query: str | Mapping[str, Any] | None = None,
                 today: date | None = None) -> str:
    """The file name of a view's handout without extension, e.g.
    kommunekart-kart-alstahaug-2026-11-27."""
    return handout(data, path, query, today=today).stem
