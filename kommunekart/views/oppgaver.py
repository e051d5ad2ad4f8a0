"""/oppgaver, the 41 task areas 2014 against 2020, as pure content: its link state (sorting,
group, scope), the rows the chart and table show, its handout (the deck's two groups side by
side) and its `VIEW`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from kommunekart.domain import measures
from kommunekart.domain.wording import (
    SCOPE_LABELS,
    SHARE_BASE,
    TASK_GROUP_CHOICES,
    TASK_GROUP_LABELS,
    TASK_SORT_LABELS,
)
from kommunekart.figures.canvas import HEIGHT, MUTED, WIDTH, Box, Canvas, Content, plain, short
from kommunekart.figures.printed import chart_rows
from kommunekart.figures.task_areas import (
    TaskRow,
    arrange,
    dumbbell_figure,
    group_heading,
    has_shares,
    task_rows,
)
from kommunekart.figures.text import plot_text
from kommunekart.views.state import SCOPE, KartState, Param, ViewState
from kommunekart.views.view import View
from kommunekart.views.viewmodel import AppData

SORT = Param("sorter", lambda c: tuple(TASK_SORT_LABELS),
             "Ukjent sortering «{value}» i lenken; sorterer etter kartleggingens nummer.",
             words=lambda c, v: f"Sortert etter {TASK_SORT_LABELS[v].lower()}")


GROUP = Param("gruppe", lambda c: tuple(TASK_GROUP_CHOICES),
              "Ukjent gruppe «{value}» i lenken (forventet vanlig eller sjelden); viser begge.",
              words=lambda c, v: TASK_GROUP_LABELS[v])


# While presenting, each group shown is a slide (web/components/slides.py); `del=` names it.
SLIDE = Param("del", lambda c: tuple(TASK_GROUP_LABELS),
              "Ukjent del «{value}» i lenken (forventet vanlig eller sjelden); viser den første.",
              words=lambda c, v: TASK_GROUP_LABELS[v])


@dataclass(frozen=True)
class OppgaverState(ViewState):
    """/oppgaver: the task areas, the survey's shares against the register."""

    sort: str = "nummer"  # nummer (the deck's order), andel (2020 share), endring (largest first)
    group: str = "alle"  # alle, vanlig (1–22), sjelden (23–41)
    scope: str = "alle"  # which registered arrangements count, as on /kart
    section: str | None = None  # the group presenting shows (the first shown by default)

    PARAMS: ClassVar[Mapping[str, Param]] = {"sort": SORT, "group": GROUP, "scope": SCOPE,
                                             "section": SLIDE}


def slide_of(groups: list[tuple[str, list[TaskRow]]], state: OppgaverState) -> str:
    """The group a state's slide shows: the one it names if shown, else the first shown."""
    keys = [g for g, _ in groups]
    return state.section if state.section in keys else keys[0]


LABEL_CHARS, LABEL_PX = 44, 17  # the task areas' row labels: two columns of them fit 1920 px


def oppgaver_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/oppgaver: the dumbbell chart, the deck's two groups side by side (all 41 areas fit at
    30 px a row), the five largest rises and falls picked out over every area shown, as the page
    does."""

    state, _ = OppgaverState.from_query(data, query)
    rows = rows_of(data, state.scope)
    groups = arrange(rows, state.sort, state.group) if rows and has_shares(rows) else []
    details = [f"Sortert etter {TASK_SORT_LABELS[state.sort].lower()}",
               f"Registeret: {SCOPE_LABELS[state.scope].lower()}",
               "Andelene er kartleggingens (2014 av 44 kommuner, 2020 av 41)"]
    if state.group != "alle":
        details.insert(1, f"Vis: {TASK_GROUP_CHOICES[state.group].lower()}")
    name = ["oppgaver", state.sort if state.sort != "nummer" else "",
            state.group if state.group != "alle" else "", state.scope if state.scope != "alle" else ""]
    size = 18

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        if not groups:
            canvas.text(plot_text("Registeret har ingen andeler fra kartleggingen "
                                  "(task_areas.csv: share_2014 og share_2020), så det er ingen "
                                  "figur å tegne."), x0, y1, 20, colour=MUTED)
            return
        fig = dumbbell_figure(groups, len(data.nordland), SHARE_BASE)
        spans, start = [], 0
        for group, members in groups:
            spans.append((group, members, list(range(start, start + len(members) + 1))))
            start += len(members) + 1
        most = max(len(p) for _, _, p in spans)
        legend_px, head_px = 40, 112  # the legend; the column headings and the axes' ticks
        top = y1 - (legend_px + head_px) / HEIGHT
        pitch = (top - y0) / most
        width = (x1 - x0) / len(spans)
        for n, (group, members, positions) in enumerate(spans):
            labels = [f"<b>{plot_text(group_heading(group, members))}</b>",
                      *(plot_text(short(r.label, LABEL_CHARS)) for r in members)]
            label_px = 16 + 0.47 * LABEL_PX * max(len(plain(t)) for t in labels)
            part = chart_rows(fig, set(positions))
            axis = {**part["layout"]["yaxis"], "tickvals": positions, "ticktext": labels,
                    "tickfont": {"size": LABEL_PX},
                    "range": [positions[-1] + 0.5, positions[0] - 0.5]}
            notes = [{**a, "font": {**a.get("font", {}), "size": LABEL_PX}}
                     for a in part["layout"].get("annotations", [])]
            part = {**part, "layout": {**part["layout"], "yaxis": axis, "annotations": notes}}
            left = x0 + n * width + label_px / WIDTH
            right = x0 + (n + 1) * width - 100 / WIDTH  # «41 av 41» beside a full bar
            canvas.place(part, (left, right, top - pitch * len(positions), top), legend=n == 0)
        canvas.layout["legend"] = {**canvas.layout.get("legend", {}), "orientation": "h",
                                   "xref": "paper", "yref": "paper", "x": x0, "xanchor": "left",
                                   "y": y1, "yanchor": "top", "font": {"size": 20}}

    return Content("Oppgaveområdene: kartleggingen 2014 og 2020 og registeret", details, draw,
                   name, font_size=size)


def kart_link(data: AppData, task_area_id: str, scope: str = "alle") -> str:
    """/kart filtered to the task area, with the region layer that serves it switched on."""
    layers = tuple(layer for layer, task in measures.LAYER_TASKS.items()
                   if task == task_area_id and layer in data.layer_ids)
    return KartState(task=task_area_id, scope=scope, layers=layers).url("/kart", data.register_id)


def rows_of(data: AppData, scope: str) -> list[TaskRow]:
    """Every task area of the register with what the register holds in the scope (once per
    register and scope)."""
    def build() -> list[TaskRow]:
        held = measures.task_area_register(data.register, data.nordland, scope)
        links = {t: kart_link(data, t, scope) for t in data.tasks["task_area_id"]}
        return task_rows(data.tasks, held, links)
    return data.memo(f"oppgaver-rows-{scope}", build)


PATH = "/oppgaver"


VIEW = View(PATH, "Oppgaver", "Oppgaver – Kommunekart Nordland", order=3, state=OppgaverState,
            handout=oppgaver_content)
