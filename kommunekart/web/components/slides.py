"""A view given as slides while presenting (/utvikling's sections, /oppgaver's two groups): one
slide at a time, and a stepper «‹ 3 / 7 ›» in the bottom bar beside the coverage. Its buttons,
and the keys presentation clickers send when no story runs (assets/slides.js), move one slide.
Which slide shows is the view's link parameter `del=`, so a link or a story step can name one;
outside presentation the page shows every part, as before (assets/slides.css)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from kommunekart.web.components.ids import Ids

PART, CURRENT = "slide-part", "slide-part current"  # a part of the page that belongs to slides


def part_class(shown: bool) -> str:
    return CURRENT if shown else PART


def stepper_props(titles: Sequence[str], index: int) -> tuple[str, bool, bool, str, str]:
    """(count, previous disabled, next disabled, previous title, next title) at slide `index`."""
    last = len(titles) - 1
    before = f"Forrige: {titles[index - 1]} (←, PageUp)" if index > 0 else "Første lysbilde"
    after = f"Neste: {titles[index + 1]} (→, PageDown)" if index < last else "Siste lysbilde"
    return f"{index + 1} / {len(titles)}", index <= 0, index >= last, before, after


def stepper(ids: Ids, titles: Sequence[str], index: int) -> html.Nav:
    """The stepper, shown only while presenting (and not at all for a page of no slides)."""
    count, first, last, before, after = stepper_props(titles or [""], index)
    return html.Nav(className="slide-stepper", hidden=not titles, **{"aria-label": "Lysbilder"},
                    children=[
        html.Button("‹", id=ids.slide_prev, type="button", className="slide-prev",
                    disabled=first, title=before, **{"aria-label": before}),
        html.Span(count, id=ids.slide_count, className="slide-count", role="status"),
        html.Button("›", id=ids.slide_next, type="button", className="slide-next",
                    disabled=last, title=after, **{"aria-label": after}),
    ])


def stepper_outputs(ids: Ids) -> list[tuple[str, str]]:
    """The (component id, property) pairs `stepper_props` fills, in its order."""
    return [(ids.slide_count, "children"), (ids.slide_prev, "disabled"),
            (ids.slide_next, "disabled"), (ids.slide_prev, "title"), (ids.slide_next, "title")]


def moved(ids: Ids, trigger: Any, keys: Sequence[str], current: str) -> str:
    """The slide after a click on the stepper's ‹ or › (the first if `current` is none of them)."""
    index = keys.index(current) if current in keys else 0
    step = -1 if trigger == ids.slide_prev else 1 if trigger == ids.slide_next else 0
    return keys[min(max(index + step, 0), len(keys) - 1)]
