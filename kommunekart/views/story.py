"""A story: a sequence of views (a page and its link state) with a caption each, stepped through
in presentation mode. The shipped story follows the deck (data/app/story.csv); a user's own
story
travels whole in the link (`fortelling=`, compressed JSON), so it can be shared and works offline.

Everything a story link holds is hostile until checked here: only the dashboard's own views, a
bounded number of steps, captions as plain text of bounded length."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from kommunekart.domain.linkcodec import pack, unpack
from kommunekart.paths import DATA_DIR
from kommunekart.views.registry import VIEWS
from kommunekart.views.state import PRESENT as MODE
from kommunekart.views.state import STEP, STORY, shown

STORY_FILE = DATA_DIR / "app" / "story.csv"  # the app's, not a register table
SHIPPED = "standard"  # fortelling=standard: the deck's story
MAX_STEPS = 40
MAX_CAPTION = 160  # characters: a caption is one line on a projector
MAX_CODE = 8000  # characters of a story link parameter (about 40 steps)
MAX_QUERY = 600  # characters of one step's link state
NOT_READ = "Fortellingen i lenken kunne ikke leses; viser visningen uten fortelling."


@dataclass(frozen=True)
class Step:
    """One view of a story: its path, its link state (without story or mode) and a caption."""

    path: str
    query: str
    caption: str

    @property
    def view(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")


def clean_step(url: str, caption: str) -> Step | None:
    """A step from a view's address and a caption, or None if the address is not one of the
    dashboard's views; story and mode parameters are dropped, the caption made one short line."""
    parts = urlsplit(str(url or ""))
    if parts.scheme or parts.netloc or parts.path not in VIEWS.story_paths() or len(parts.query) > MAX_QUERY:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in (STORY, STEP, MODE)])
    text = " ".join(str(caption or "").split())[:MAX_CAPTION]
    return Step(parts.path, query, text)


@lru_cache(maxsize=1)
def shipped() -> tuple[Step, ...]:
    """The deck's story: totals, the map, task areas, 116117, barnevernvakt, Alstahaug, the
    proposed regions (data/app/story.csv)."""
    table = pd.read_csv(STORY_FILE, dtype=str, keep_default_na=False).sort_values(
        "step", key=lambda s: s.astype(int))
    steps = [clean_step(f"{r.path}?{r.query}", r.caption) for r in table.itertuples()]
    return tuple(s for s in steps if s)


def encode(steps: tuple[Step, ...] | list[Step]) -> str:
    """A story as a link parameter: the shipped one by name, any other compressed."""
    steps = tuple(steps)
    if steps == shipped():
        return SHIPPED
    return pack([[s.view, s.caption] for s in steps])


def decode(code: str | None) -> tuple[tuple[Step, ...], str | None]:
    """(steps, notice): the story a link parameter holds; none and a notice if it cannot be read.
    Steps that are not the dashboard's views are dropped."""
    if not code:
        return (), None
    code = str(code)
    if code == SHIPPED:
        return shipped(), None
    items = unpack(code, MAX_CODE)
    if not isinstance(items, list):
        return (), NOT_READ
    if not items:  # a story emptied in the editor
        return (), None
    steps = [clean_step(*item) for item in items[:MAX_STEPS]
             if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)]
    kept = tuple(s for s in steps if s)
    return kept, (NOT_READ if not kept else None)


def step_url(steps: tuple[Step, ...], index: int, code: str | None = None) -> str:
    """The link of step `index` (0-based) of a story, presenting."""
    step = steps[index]
    extra = urlencode({STORY: code or encode(steps), STEP: index + 1, MODE: 1})
    return f"{step.view}{'&' if step.query else '?'}{extra}"


def step_of(value: str | None, steps: tuple[Step, ...]) -> int | None:
    """The 0-based step a `steg=` value names, or None (not a number, or out of range)."""
    try:
        index = int(str(value)) - 1
    except ValueError:
        return None
    return index if 0 <= index < len(steps) else None


def with_step(steps: tuple[Step, ...], step: Step) -> tuple[Step, ...]:
    return (*steps, step)[:MAX_STEPS]


def moved(steps: tuple[Step, ...], index: int, by: int) -> tuple[Step, ...]:
    """The story with step `index` moved `by` places (clamped at the ends)."""
    items = list(steps)
    target = max(0, min(len(items) - 1, index + by))
    items.insert(target, items.pop(index))
    return tuple(items)


def without(steps: tuple[Step, ...], index: int) -> tuple[Step, ...]:
    return tuple(s for i, s in enumerate(steps) if i != index)


def renamed(steps: tuple[Step, ...], index: int, caption: str) -> tuple[Step, ...]:
    step = steps[index]
    new = clean_step(step.view, caption) or step
    return tuple(new if i == index else s for i, s in enumerate(steps))


def default_caption(path: str, query: str, page_names: dict[str, str],
                    names: dict[str, str]) -> str:
    """A first caption for a view added to a story: the view's name, and the municipality chosen
    in it (the user renames it in the story editor)."""
    params = dict(parse_qsl(query))
    label = page_names.get(path, path.strip("/"))
    kommune = names.get(params.get("kommune", ""))
    return f"{label}: {kommune}" if kommune else label


def step_name(step: Step, catalogue: Any = None) -> str:
    """A step named in words, as /fortelling lists it: the view's name (the registry's) and
    what its link state shows («Kart · Legevaktsentraler (116117)», «Konstellasjoner ·
    Alstahaug»), each value named by its parameter (views/state.py). Without a register to name
    values from, the view's name alone."""
    view = VIEWS.get(step.path)
    if view is None:
        return step.path
    if view.state is None or catalogue is None:
        return view.name
    state, _ = view.state.from_query(catalogue, dict(parse_qsl(step.query)))
    return " · ".join([view.name, *state.words(catalogue)])


def step_of_link(query: Mapping[str, str], path: str) -> Step | None:
    """The story step a link names (`fortelling=…&steg=…`), if it is a step of the view at
    `path`: that view then opens on what the step shows."""
    steps, _ = decode(query.get(STORY))
    index = step_of(query.get(STEP), steps) if steps else None
    return steps[index] if index is not None and steps[index].path == path else None


def story_params(code: str, index: int | None = None) -> str:
    """The story part of a link (`fortelling=…`, and `steg=…` when stepping)."""
    return urlencode({STORY: code, **({STEP: index + 1} if index is not None else {})})


BAD_STEP = "Fortellingen i lenken har ikke steg «{value}» (den har {count} steg)."
STEP_ALONE = "Lenken har steg={value}, men ingen fortelling; steget er ikke brukt."


def link_notices(query: Mapping[str, str]) -> list[str]:
    """What is wrong with the story a link carries (`fortelling=`, `steg=`), for every view."""
    notices = []
    code, step = query.get(STORY, ""), query.get(STEP, "")
    steps: tuple[Step, ...] = ()
    if code:
        steps, notice = decode(code)
        if notice:
            notices.append(notice)
    if step and not code:
        notices.append(STEP_ALONE.format(value=f"«{shown(step)}»"))
    elif step and steps and step_of(step, steps) is None:
        notices.append(BAD_STEP.format(value=shown(step), count=len(steps)))
    return notices
