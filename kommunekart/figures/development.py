"""/utvikling's charts: pure functions from the survey's rows (kommunekart.domain.development) to plain plotly
figure dicts. Values are written on the bars and given on hover; type is 20 px or larger; the
colours are Okabe–Ito (kommunekart.figures.style). The page's one map reuses the shared Nordland map
(kommunekart.figures.map); these functions give only its municipality trace for a view. Every text
from the register (labels, qualifiers, units, sources, names) is escaped where it enters a
figure (kommunekart.figures.text); the pages' tables take the same texts unescaped."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from typing import Any

from kommunekart.domain.development import ChildWelfareYear, ProposedRegion, SurveyFigure
from kommunekart.domain.wording import REGION_STATUS_LABELS, slide_name, survey_value
from kommunekart.figures.map import border_props
from kommunekart.figures.style import COLOURS, FONT, chart_layout
from kommunekart.figures.text import plot_text

VALUE_FONT = {"size": 20, "color": FONT["color"]}  # numbers written on the bars
YEAR_FALLBACK = "#0072b2"  # a year the style has no colour for (a user's register)
# Okabe–Ito for the categories of the small map, in list order (none: the map's pale fill)
CATEGORY_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
NONE_COLOUR = "#f3efe0"


def value_text(f: SurveyFigure) -> str:
    return survey_value(f.value, f.qualifier, f.unit)


def _top(values: Sequence[float | None], room: float) -> float:
    return max([v for v in values if v is not None] or [1]) * room


def totals_figure(totals: Sequence[SurveyFigure]) -> dict[str, Any]:
    """Formal arrangements per year (270, 297, 263), each bar with its number."""
    years = [str(f.year) for f in totals]
    values = [f.number for f in totals]
    trace = {
        "type": "bar", "x": years, "y": values, "text": [plot_text(value_text(f)) for f in totals],
        "textposition": "outside", "textfont": VALUE_FONT, "cliponaxis": False,
        "marker": {"color": [COLOURS.get(y, YEAR_FALLBACK) for y in years],
                   "line": {"color": "#1d2b36", "width": 1}},
        "customdata": [plot_text(slide_name(f.source)) for f in totals],
        "hovertemplate": "<b>%{x}</b>: %{text} ordninger<br>Kilde: %{customdata}<extra></extra>",
        "name": plot_text(totals[0].label) if totals else "",
    }
    return {"data": [trace], "layout": chart_layout(
        height=360, bargap=0.35,
        xaxis={"type": "category", "fixedrange": True, "tickfont": {"size": 20},
               "automargin": True},  # room for the years under the bars
        yaxis={"title": {"text": "Antall ordninger"}, "range": [0, _top(values, 1.18)],
               "fixedrange": True, "gridcolor": "#e6e9ec", "automargin": True},
    )}


def child_welfare_figure(years: Sequence[ChildWelfareYear]) -> dict[str, Any]:
    """Child-welfare services per year, inter-municipal and single-municipality stacked, each part
    with its number and the stated total above the bar."""
    x = [str(y.year) for y in years]

    def part(attr: str, key: str, fallback: str, text_colour: str) -> dict[str, Any]:
        figs = [getattr(y, attr) for y in years]
        label = plot_text(next((f.label for f in figs if f is not None), fallback))
        return {
            "type": "bar", "name": label, "x": x, "y": [f.number if f else None for f in figs],
            "text": [plot_text(value_text(f)) if f else "" for f in figs], "textposition": "inside",
            "insidetextanchor": "middle", "textfont": {"size": 20, "color": text_colour},
            "marker": {"color": COLOURS[key], "line": {"color": "#1d2b36", "width": 1}},
            "customdata": [plot_text(slide_name(f.source)) if f else "" for f in figs],
            "hovertemplate": f"<b>%{{x}}</b>: %{{text}} {label.lower()}<br>Kilde: %{{customdata}}"
                             "<extra></extra>",
        }

    totals = [y.total for y in years]
    total = {
        "type": "scatter", "mode": "text", "name": "I alt", "x": x,
        "y": [f.number if f else None for f in totals],
        "text": [f"<b>{plot_text(value_text(f))} i alt</b>" if f else "" for f in totals],
        "textposition": "top center", "textfont": VALUE_FONT, "showlegend": False,
        "cliponaxis": False, "hovertemplate": "<b>%{x}</b>: %{y} barneverntjenester i alt"
                                              "<extra></extra>",
    }
    tops = [f.number if f else None for f in totals]
    stacked = [sum(v for v in (getattr(y.inter, "number", None), getattr(y.single, "number", None))
                   if v is not None) for y in years]
    return {"data": [part("inter", "interkommunal", "Interkommunale", "#ffffff"),
                     part("single", "enhetskommunal", "Enhetskommunale", "#1d2b36"), total],
            "layout": chart_layout(
                height=390, barmode="stack", bargap=0.35, showlegend=True,
                legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom",
                        "font": {"size": 20}, "traceorder": "normal"},
                margin={"l": 10, "r": 20, "t": 40, "b": 10},
                xaxis={"type": "category", "fixedrange": True, "tickfont": {"size": 20},
                       "automargin": True},
                yaxis={"title": {"text": "Antall tjenester"}, "fixedrange": True,
                       "range": [0, _top([*tops, *stacked], 1.2)], "gridcolor": "#e6e9ec",
                       "automargin": True},
            )}


def size_labels(sizes: Sequence[SurveyFigure]) -> tuple[list[str], str]:
    """Short bar labels and what they share: «Barneverntjenester under 5 årsverk» …
    -> («Under 5 årsverk» …, «Barneverntjenester»)."""
    labels = [f.label for f in sizes]
    words = [label.split(" ") for label in labels]
    common = 0
    while (words and all(len(w) > common + 1 for w in words)
           and len({tuple(w[:common + 1]) for w in words}) == 1):
        common += 1
    common -= 1  # keep the last shared word with the label: «Under 5 årsverk»
    if len(labels) < 2 or common < 1:
        return labels, ""
    shared = " ".join(words[0][:common])
    return [" ".join(w[common:])[:1].upper() + " ".join(w[common:])[1:] for w in words], shared


def sizes_figure(sizes: Sequence[SurveyFigure], total: SurveyFigure | None) -> dict[str, Any]:
    """The dimensioning figures (services under 5, 10, 20 årsverk) as horizontal bars, with the
    year's total number of services as a line for scale."""
    labels, shared = size_labels(sizes)
    values = [f.number for f in sizes]
    trace = {
        "type": "bar", "orientation": "h", "y": [plot_text(label) for label in labels], "x": values,
        "text": [plot_text(value_text(f)) for f in sizes], "textposition": "outside",
        "textfont": VALUE_FONT,
        "cliponaxis": False, "marker": {"color": COLOURS["2020"], "line": {"color": "#1d2b36",
                                                                           "width": 1}},
        "customdata": [f"{plot_text(f.label)} ({f.year})<br>Kilde: {plot_text(slide_name(f.source))}"
                       for f in sizes],
        "hovertemplate": "%{customdata}: <b>%{text}</b><extra></extra>", "name": plot_text(shared),
    }
    shapes, annotations = [], []
    if total is not None:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": total.number,
                       "x1": total.number, "y0": 0, "y1": 1,
                       "line": {"color": "#555555", "width": 2, "dash": "dash"}})
        annotations.append({"xref": "x", "yref": "paper", "x": total.number, "y": 1.0,
                            "yanchor": "bottom", "xanchor": "right", "showarrow": False,
                            "text": f"{plot_text(value_text(total))} tjenester i alt ({total.year})",
                            "font": {"size": 20, "color": "#444444"}})
    top = _top([*values, total.number if total else None], 1.15)
    return {"data": [trace], "layout": chart_layout(
        height=300, bargap=0.3, shapes=shapes, annotations=annotations,
        margin={"l": 10, "r": 20, "t": 36, "b": 10},
        xaxis={"title": {"text": plot_text(f"Antall {shared.lower() or 'tjenester'}")}, "range": [0, top],
               "fixedrange": True, "gridcolor": "#e6e9ec", "automargin": True},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True,
               "tickfont": {"size": 20}},
    )}


def region_label(region: ProposedRegion) -> str:
    """«Ytre Salten (5 K)» as the deck writes it."""
    return f"{region.name} ({region.stated_members} K)" if region.stated_members else region.name


def regions_figure(regions: Sequence[ProposedRegion]) -> dict[str, Any]:
    """Population 2020 of each proposed kommuneregion, most populous on top; the colour says
    whether its members are known (derived from population sums, registered, or not known)."""
    shown = [r for r in regions if r.population is not None]
    order = [plot_text(region_label(r)) for r in shown]
    traces = []
    for status in ("avledet", "registrert", "ukjent"):
        rows = [r for r in shown if r.status == status]
        if not rows:
            continue
        traces.append({
            "type": "bar", "orientation": "h", "name": REGION_STATUS_LABELS[status],
            "y": [plot_text(region_label(r)) for r in rows], "x": [r.population for r in rows],
            "texttemplate": "%{x:,}", "textposition": "outside", "textfont": VALUE_FONT,
            "cliponaxis": False,
            "marker": {"color": COLOURS[status], "line": {"color": "#1d2b36", "width": 1}},
            "customdata": [[plot_text(r.name), plot_text(", ".join(r.member_names) or "ikke kjent"),
                            plot_text(slide_name(r.source))] for r in rows],
            "hovertemplate": "<b>%{customdata[0]}</b>: %{x:,} innbyggere (2020)<br>"
                             f"{REGION_STATUS_LABELS[status]}: %{{customdata[1]}}<br>"
                             "Kilde: %{customdata[2]}<extra></extra>",
        })
    return {"data": traces, "layout": chart_layout(
        height=70 + 38 * max(len(shown), 1), bargap=0.25, showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 20}},
        margin={"l": 10, "r": 20, "t": 40, "b": 10},
        # Room for the largest number beside its bar, and few enough ticks to stand upright
        # where the chart is narrow (presenting, the status beside it).
        xaxis={"title": {"text": "Innbyggere 2020"}, "fixedrange": True, "gridcolor": "#e6e9ec",
               "tickformat": ",d", "nticks": 3,
               "range": [0, _top([r.population for r in shown], 1.3)], "automargin": True},
        yaxis={"categoryorder": "array", "categoryarray": order, "autorange": "reversed",
               "fixedrange": True, "automargin": True, "tickfont": {"size": 20}},
    )}


MAP_PX_PER_DEGREE = 32  # the page's map at its smallest (62vh of 720 px): about 34 px a degree


def place_labels(lon: Sequence[float], lat: Sequence[float], text: Sequence[str],
                 default: str = "middle center", size: float = 20, pad: float = 4,
                 px_per_degree: float = MAP_PX_PER_DEGREE) -> list[str]:
    """Text positions for labels on the page's map, so that none covers another at its smallest
    (more room on a larger screen only moves them apart): every label where `default` puts it,
    unless that would cover a label already placed; then to the left or right of its point, then
    above or below (where every place covers some, the one that covers least). East first, so a
    label that moves goes west, where the sea gives room. Boxes are estimated from the text's
    length (Arial: at most 0.56 em a character) and kept `gap` apart, so that «6» and «3» side
    by side never read as «63»."""
    gap = 0.4 * size

    def point(i: int) -> tuple[float, float]:  # Mercator, in px
        y = math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat[i]) / 2)))
        return lon[i] * px_per_degree, -y * px_per_degree

    def box(i: int, position: str) -> tuple[float, float, float, float]:
        plain = html.unescape(re.sub(r"<[^>]+>", "", text[i]))  # what plotly shows
        w, h = 0.56 * size * len(plain), 1.2 * size
        x, y = point(i)
        vertical, horizontal = position.split(" ")
        left = {"left": x - pad - w, "center": x - w / 2, "right": x + pad}[horizontal]
        top = {"top": y - pad - h, "middle": y - h / 2, "bottom": y + pad}[vertical]
        return left, top, left + w, top + h

    def covered(a: tuple[float, ...], b: tuple[float, ...]) -> float:  # px², nearer than gap
        w = min(a[2], b[2]) - max(a[0], b[0]) + gap
        h = min(a[3], b[3]) - max(a[1], b[1]) + gap
        return w * h if w > 0 and h > 0 else 0

    vertical = default.split(" ")[0]
    other = "bottom" if vertical == "top" else "top"
    candidates = [default, f"{vertical} left", f"{vertical} right", f"{other} center",
                  "middle left", "middle right"]
    positions = [default] * len(lon)
    placed: list[tuple[float, float, float, float]] = []
    for i in sorted(range(len(lon)), key=lambda i: -lon[i]):
        boxes = [(c, box(i, c)) for c in dict.fromkeys(candidates)]  # the first free, or the
        positions[i], chosen = min(boxes, key=lambda cb: sum(covered(cb[1], p) for p in placed))
        placed.append(chosen)  # least covered (min keeps the first of equals)
    return positions


def category_update(z: Sequence[int], locations: Sequence[str], labels: Sequence[str],
                    colours: Sequence[str], text: Sequence[str], title: str) -> dict[str, Any]:
    """The shared map's municipality trace for a view of categories (0 = none): one colour per
    category, a colour bar naming them, the municipality's category on hover. `labels`, `text`
    and `title` are plain text (escaped here)."""
    n = len(labels)
    scale: list[list[Any]] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return {
        "z": list(z), "zmin": -0.5, "zmax": n - 0.5, "colorscale": scale, "showscale": False,
        "colorbar": {"title": {"text": plot_text(title), "font": {"size": 20}},
                     "tickvals": list(range(n)), "ticktext": [plot_text(x) for x in labels],
                     "tickfont": {"size": 20}},
        "text": [plot_text(t) for t in text],
        "hovertemplate": "<b>%{customdata}</b> (%{location})<br>%{text}<extra></extra>",
        "marker": {"line": border_props(locations, None)},
    }


def list_map_update(z: Sequence[int], locations: Sequence[str], list_names: Sequence[str],
                    text: Sequence[str]) -> dict[str, Any]:
    """Municipalities on the survey's lists (kommunepsykolog, ettervern): the colour of the first
    list each takes part in; the others pale."""
    labels = ["Ingen av ordningene", list_names[0] if list_names else "",
              *(f"Bare {name.lower()}" for name in list_names[1:])]
    colours = [NONE_COLOUR, *CATEGORY_COLOURS[:len(list_names)]]
    return category_update(z, locations, labels[:len(list_names) + 1], colours, text, "Deltar i")


def regions_map_update(z: Sequence[int], locations: Sequence[str],
                       text: Sequence[str]) -> dict[str, Any]:
    """Municipalities by what is known of their proposed kommuneregion: 0 not known, 1 member of a
    region derived from population sums, 2 member of a registered region."""
    labels = ["Region ikke kjent", "Avledet region", "Registrert region"]
    colours = [NONE_COLOUR, COLOURS["avledet"], COLOURS["registrert"]]
    used = max([*z, 1]) + 1
    return category_update(z, locations, labels[:used], colours[:used], text, "Kommuneregion")
