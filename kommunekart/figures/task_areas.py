"""The survey's 41 task areas against the register (/oppgaver): pure functions, data in and a
plain figure dict out.

One row per task area: the survey's share of Nordland's municipalities in formal cooperation on
the task in 2014 and 2020 (a dumbbell: a ring for 2014, a dot for 2020, joined by a
line coloured by the direction of the change), the two numbers and the change written beside it,
and what the register holds (a bar: the municipalities taking part in a registered arrangement of
the area). Rows are numbered y positions, so the deck's two groups get a heading row each; every
order is made here, the browser only draws."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kommunekart.domain.wording import TASK_GROUP_LABELS, number_text, register_held, signed_text
from kommunekart.figures.style import COLOURS, chart_layout
from kommunekart.figures.text import plot_text

PICK = 5  # the largest rises and falls picked out (ties at the fifth included)
ROW_PX = 32  # one row of the chart: 20 px type with room to breathe
# The top margin holds, from the top: the legend (two rows where the plot is narrow, as at
# 1280 px), the column headings (two lines each) and the axes' tick labels.
TOP_PX, BOTTOM_PX = 172, 16
RIGHT_PX = 112  # room for «41 av 41» beside a full register bar
# The three columns as shares of the plot's width, laid out for its narrowest (about 610 px at
# 1280 px wide, beside the row labels): the dumbbell (0–100 %), the numbers («0 → 100  ▲ +100»,
# about 190 px in bold at 20 px) and the register's bars.
DUMBBELL, NUMBERS, REGISTER = (0, 0.37), (0.39, 0.71), (0.73, 1)
RISE, FALL = "økning", "nedgang"
MUTED = "#5b6b78"
LINK = "#0a58ca"  # a row label is a link: darker than plotly's own link blue (≥ 4.5:1 on white)
TEXT = {RISE: COLOURS[RISE], FALL: "#b34700"}  # written numbers: COLOURS' hues, ≥ 4.5:1 on white


@dataclass(frozen=True)
class TaskRow:
    """One task area: the survey's shares (None where the register leaves them empty) and what
    the register holds, with the link that opens it on the map."""

    task_area_id: str
    number: int
    name: str
    group: str
    share_2014: float | None
    share_2020: float | None
    participants: int  # municipalities in a registered arrangement of the area
    arrangements: int  # registered arrangements of the area
    link: str

    @property
    def change(self) -> float | None:
        if self.share_2014 is None or self.share_2020 is None:
            return None
        return self.share_2020 - self.share_2014

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name}"


def _share(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def task_rows(tasks: pd.DataFrame, held: pd.DataFrame, links: Mapping[str, str]) -> list[TaskRow]:
    """Rows from the register's task areas (in the deck's number order), what the register holds
    per area (measures.task_area_register) and each area's /kart link."""
    rows = []
    for _, r in tasks.sort_values("number").iterrows():
        tid = r["task_area_id"]
        rows.append(TaskRow(tid, int(r["number"]), r["name"], r["group"], _share(r["share_2014"]),
                            _share(r["share_2020"]), int(held.loc[tid, "participants"]),
                            int(held.loc[tid, "arrangements"]), links[tid]))
    return rows


def has_shares(rows: Sequence[TaskRow]) -> bool:
    """Whether there is anything to draw: at least one share in either year."""
    return any(r.share_2014 is not None or r.share_2020 is not None for r in rows)


def _sort_key(sort: str):
    if sort == "andel":  # highest 2020 share first; none last; ties in the deck's order
        return lambda r: (r.share_2020 is None, -(r.share_2020 or 0), r.number)
    if sort == "endring":  # the largest change first, whichever its direction; rises before
        return lambda r: (r.change is None, -abs(r.change or 0), -(r.change or 0), r.number)
    return lambda r: r.number


def arrange(rows: Sequence[TaskRow], sort: str = "nummer",
            group: str = "alle") -> list[tuple[str, list[TaskRow]]]:
    """The rows shown, grouped as the deck (vanlige, then sjeldne) and sorted within each group."""
    groups = [g for g in TASK_GROUP_LABELS if group in ("alle", g)]
    out = []
    for g in groups:
        members = sorted((r for r in rows if r.group == g), key=_sort_key(sort))
        if members:
            out.append((g, members))
    return out


def picked(rows: Sequence[TaskRow], n: int = PICK) -> dict[str, str]:
    """The n largest rises and the n largest falls among the rows (ties with the n-th included):
    task_area_id -> "økning" or "nedgang"."""
    out: dict[str, str] = {}
    for direction, sign in ((RISE, 1), (FALL, -1)):
        moves = sorted((sign * r.change for r in rows if r.change is not None and sign * r.change > 0),
                       reverse=True)
        if not moves:
            continue
        floor = moves[min(n, len(moves)) - 1]
        out.update({r.task_area_id: direction for r in rows
                    if r.change is not None and sign * r.change >= floor and sign * r.change > 0})
    return out


def group_heading(group: str, rows: Sequence[TaskRow]) -> str:
    numbers = [r.number for r in rows]
    return f"{TASK_GROUP_LABELS[group]} ({min(numbers)}–{max(numbers)})"


def _pct(value: float | None) -> str:
    return "ikke oppgitt" if value is None else f"{number_text(value)} %"


def hover_text(row: TaskRow, total: int, base: Mapping[int, int]) -> str:
    lines = [f"<b>{plot_text(row.label)}</b>",
             f"Kartleggingen 2014: {_pct(row.share_2014)} av {base[2014]} kommuner",
             f"Kartleggingen 2020: {_pct(row.share_2020)} av {base[2020]} kommuner"]
    if row.change is not None:
        lines.append(f"Endring: {signed_text(row.change)} prosentpoeng")
    lines.append(f"Registeret: {register_held(row.participants, total, row.arrangements)}")
    lines.append("Klikk for å åpne oppgaveområdet i kartet")
    return "<br>".join(lines)


def values_text(row: TaskRow, pick: str | None) -> str:
    """The numbers written beside a row: «93 → 83 (−10)»; a picked change in bold with ▲/▼."""
    text = f"{number_text(row.share_2014) if row.share_2014 is not None else '–'} → " \
           f"{number_text(row.share_2020) if row.share_2020 is not None else '–'}"
    if row.change is None:
        return text
    if pick:
        return f"<b>{text}  {'▲' if pick == RISE else '▼'} {signed_text(row.change)}</b>"
    return f"{text}  ({signed_text(row.change)})"


Shown = Sequence[tuple[int, TaskRow]]  # (y position, row) of each task-area row


def _rows(groups: Sequence[tuple[str, Sequence[TaskRow]]]) -> tuple[list[int], list[str], Shown]:
    """Y positions and their labels top to bottom, a heading row per group, then the rows."""
    positions: list[int] = []
    ticktext: list[str] = []
    shown: list[tuple[int, TaskRow]] = []
    for group, rows in groups:
        ticktext.append(f"<b>{plot_text(group_heading(group, rows))}</b>")
        positions.append(len(positions))
        for row in rows:
            positions.append(len(positions))
            ticktext.append(f'<a href="{row.link}" target="_self" style="color:{LINK}">'
                            f"{plot_text(row.label)}</a>")
            shown.append((positions[-1], row))  # links are urlencoded: no quotes, no <>
    return positions, ticktext, shown


def _change_line(shown: Shown, pick: Mapping[str, str], direction: str, bold: bool) -> dict[str, Any]:
    """The lines of one direction's changes, the picked ones (bold) or the others."""
    xs: list[float | None] = []
    ys: list[int | None] = []
    for p, row in shown:
        change = row.change
        if change is None or change == 0 or (change > 0) != (direction == RISE):
            continue
        if (row.task_area_id in pick) != bold:
            continue
        xs += [row.share_2014, row.share_2020, None]
        ys += [p, p, None]
    name = "Økning" if direction == RISE else "Nedgang"
    return {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "name": name,
            "legendgroup": direction, "showlegend": False, "hoverinfo": "skip",
            "legendrank": 3 if direction == RISE else 4,
            "line": {"color": COLOURS[direction], "width": 6 if bold else 2.5},
            "meta": {"part": f"{direction}{'-uthevet' if bold else ''}"}}


def _change_lines(shown: Shown, pick: Mapping[str, str]) -> list[dict[str, Any]]:
    """The four line traces, one legend entry per direction on a trace that has lines."""
    traces = [_change_line(shown, pick, RISE, False), _change_line(shown, pick, FALL, False),
              _change_line(shown, pick, RISE, True), _change_line(shown, pick, FALL, True)]
    for direction in (RISE, FALL):
        drawn = [t for t in traces if t["legendgroup"] == direction and t["x"]]
        if drawn:
            drawn[0]["showlegend"] = True
    return traces


def _year_dots(shown: Shown, base: Mapping[int, int], point: dict[str, Any]) -> list[dict[str, Any]]:
    """A white-filled ring for 2014 hides the line's end; the 2020 dot on top of it, so an
    unchanged share shows as a ringed dot."""
    y = [p for p, _ in shown]
    return [
        {"type": "scatter", "mode": "markers", "name": f"2014 (av {base[2014]} kommuner)",
         "x": [row.share_2014 for _, row in shown], "y": y, "cliponaxis": False,
         "marker": {"symbol": "circle", "size": 16, "color": "#ffffff",
                    "line": {"width": 3, "color": COLOURS["2014"]}},
         "legendrank": 1, "meta": {"part": "2014"}, **point},
        {"type": "scatter", "mode": "markers", "name": f"2020 (av {base[2020]} kommuner)",
         "x": [row.share_2020 for _, row in shown], "y": y, "cliponaxis": False,
         "marker": {"symbol": "circle", "size": 11, "color": COLOURS["2020"]},
         "legendrank": 2, "meta": {"part": "2020"}, **point},
    ]


def _numbers_and_register(shown: Shown, pick: Mapping[str, str], total: int,
                          point: dict[str, Any]) -> list[dict[str, Any]]:
    """The written numbers (middle column) and the register's bars (right column)."""
    y = [p for p, _ in shown]
    return [
        {"type": "scatter", "mode": "text", "xaxis": "x2", "yaxis": "y", "showlegend": False,
         "name": "Tall", "x": [0] * len(shown), "y": y, "textposition": "middle right",
         "text": [values_text(row, pick.get(row.task_area_id)) for _, row in shown],
         "textfont": {"color": [TEXT[pick[row.task_area_id]] if row.task_area_id in pick
                                else "#1d2b36" for _, row in shown]},
         "cliponaxis": False, "meta": {"part": "tall"}, **point},
        {"type": "bar", "orientation": "h", "xaxis": "x3", "yaxis": "y",
         "name": f"Registrert (av {total} kommuner)", "showlegend": False,
         "x": [100 * row.participants / total if total else 0 for _, row in shown], "y": y,
         "width": 0.62, "marker": {"color": COLOURS["registrert"]},
         "text": [f"{row.participants} av {total}" if row.arrangements else "ingen registrert"
                  for _, row in shown],
         "textposition": "outside", "cliponaxis": False, "constraintext": "none",  # full size
         "textfont": {"color": ["#1d2b36" if row.arrangements else MUTED for _, row in shown]},
         "meta": {"part": "registrert"}, **point},
    ]


def _layout(positions: list[int], ticktext: list[str], total: int) -> dict[str, Any]:
    """Three columns side by side on shared rows, each headed above its tick labels."""
    plot_px = ROW_PX * len(positions)
    height = plot_px + TOP_PX + BOTTOM_PX
    axis = {"fixedrange": True, "side": "top", "gridcolor": "#e6e9ec", "zeroline": False,
            "ticksuffix": " %", "automargin": True}
    header = {"xref": "paper", "yref": "paper", "y": 1, "yanchor": "bottom", "yshift": 34,
              "showarrow": False, "font": {"size": 20, "color": "#1d2b36"}, "xanchor": "left",
              "align": "left"}
    minor = {"dtick": 25, "showgrid": True, "gridcolor": "#e6e9ec"}  # labels every 50: they fit
    # -7: a ring at 0 % stays clear of the row labels
    return chart_layout(
        height=height, showlegend=True, hovermode="closest", bargap=0.4,
        margin={"l": 10, "r": RIGHT_PX, "t": TOP_PX, "b": BOTTOM_PX},
        xaxis={**axis, "domain": list(DUMBBELL), "range": [-7, 104], "dtick": 50, "minor": minor},
        xaxis2={"domain": list(NUMBERS), "range": [0, 1], "visible": False, "fixedrange": True},
        xaxis3={**axis, "domain": list(REGISTER), "range": [0, 100], "dtick": 50},
        yaxis={"tickmode": "array", "tickvals": positions, "ticktext": ticktext,
               "range": [len(positions) - 0.5, -0.5], "fixedrange": True, "automargin": True,
               "showgrid": False, "zeroline": False, "ticks": ""},
        legend={"orientation": "h", "xref": "container", "x": 0, "xanchor": "left",
                "yref": "container", "y": 1, "yanchor": "top", "font": {"size": 20}},
        annotations=[
            {**header, "x": DUMBBELL[0], "text": "<b>Kartleggingen:</b><br>andel av kommunene"},
            {**header, "x": NUMBERS[0], "text": "<b>2014 → 2020</b>"},
            {**header, "x": REGISTER[0], "text": f"<b>Registeret</b><br>(av {total} kommuner)"},
        ],
    )


def _traces(shown: Shown, pick: Mapping[str, str], total: int,
            base: Mapping[int, int]) -> list[dict[str, Any]]:
    point = {"customdata": [row.link for _, row in shown],
             "hovertext": [hover_text(row, total, base) for _, row in shown],
             "hovertemplate": "%{hovertext}<extra></extra>"}
    return [*_change_lines(shown, pick), *_year_dots(shown, base, point),
            *_numbers_and_register(shown, pick, total, point)]


def dumbbell_figure(groups: Sequence[tuple[str, Sequence[TaskRow]]], total: int,
                    base: Mapping[int, int]) -> dict[str, Any]:
    """The chart: y positions top to bottom, a heading row per group, then the group's rows."""
    positions, ticktext, shown = _rows(groups)
    pick = picked([row for _, row in shown])
    return {"data": _traces(shown, pick, total, base), "layout": _layout(positions, ticktext, total)}


# A slide (presentation mode): one group, its heading the chart's title beside the legend on one
# line, the columns headed on one line, no height of its own (the page sizes it to the screen and
# the rows share it: 22 rows of 20 px type fit 1280 × 720).
SLIDE_TOP_PX = 104


def slide_figure(groups: Sequence[tuple[str, Sequence[TaskRow]]], group: str, total: int,
                 base: Mapping[int, int]) -> dict[str, Any]:
    """The chart of one of the groups shown (`group`), the largest rises and falls picked over
    every group shown, as the whole chart picks them."""
    pick = picked([row for _, rows in groups for row in rows])
    heading, rows = next((g, r) for g, r in groups if g == group)
    shown = list(enumerate(rows))
    ticktext = [f'<a href="{row.link}" target="_self" style="color:{LINK}">{plot_text(row.label)}</a>'
                for row in rows]
    layout = _layout(list(range(len(rows))), ticktext, total)
    header = {**layout["annotations"][0], "yshift": 30}
    del layout["height"]
    layout.update(
        margin={**layout["margin"], "t": SLIDE_TOP_PX, "b": 8},
        title={"text": f"<b>{plot_text(group_heading(heading, rows))}</b>", "x": 0, "xref": "container",
               "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
               "pad": {"l": 4, "t": 4}, "font": {"size": 22}},
        legend={**layout["legend"], "x": 1, "xanchor": "right", "itemwidth": 30},
        annotations=[
            {**header, "x": DUMBBELL[0], "text": "<b>Kartleggingen</b>"},
            {**header, "x": NUMBERS[0], "text": "<b>2014 → 2020</b>"},
            {**header, "x": REGISTER[0], "text": f"<b>Registeret</b> (av {total})"},
        ])
    traces = _traces(shown, pick, total, base)
    for trace in traces:  # the key beside the title: «2014 (av 44)»
        trace["name"] = trace["name"].replace(" kommuner)", ")")
    return {"data": traces, "layout": layout}
