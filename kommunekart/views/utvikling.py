"""/utvikling, the survey's development 2010–2020, as pure content: its link state (which topic the
one map shows), that map (kommunepsykolog lists or the proposed kommuneregioner), its handout
(the totals beside the map) and its `VIEW`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from kommunekart.domain.development import Development, development, list_participation
from kommunekart.domain.schema import LAYERS
from kommunekart.domain.wording import REGION_STATUS_SHORT, SURVEY_SLIDE_PREFIX, survey_value
from kommunekart.figures.basemaps import base_figure
from kommunekart.figures.canvas import HEIGHT, MUTED, WIDTH, Box, Canvas, Content
from kommunekart.figures.development import list_map_update, place_labels, regions_map_update, totals_figure
from kommunekart.figures.map import names_index, overlay_indices, with_view
from kommunekart.figures.overlays import overlay_payload
from kommunekart.figures.printed import category_legend, for_print
from kommunekart.figures.style import FONT
from kommunekart.figures.text import plot_text
from kommunekart.views.state import Param, ViewState
from kommunekart.views.view import View
from kommunekart.views.viewmodel import AppData

UTV_MAPS = ("kommunepsykolog", "kommuneregioner")  # what /utvikling's one map shows


UTV_MAP = Param("kart", lambda c: UTV_MAPS,
                "Ukjent kartvisning «{value}» i lenken (forventet kommunepsykolog eller "
                "kommuneregioner); viser kommunepsykolog.", words=lambda c, v: MAP_CHOICES[v])


# While presenting the page is a slide per section (web/components/slides.py); `del=` names the
# one shown. The slides of the lists and of the regions show the page's map on their topic.
SLIDES = ("ordninger", "endringer", "barnevern", "kommunepsykolog", "ettervern", "kommuneregioner",
          "grep", "funn")
SLIDE_MAPS = {"kommunepsykolog": "kommunepsykolog", "ettervern": "kommunepsykolog",
              "kommuneregioner": "kommuneregioner"}
UTV_SLIDE = Param("del", lambda c: SLIDES,
                  "Ukjent del «{value}» i lenken (forventet en av " + ", ".join(SLIDES) +
                  "); viser den første.",
                  words=lambda c, v: {s.key: s.title for s in slides_of(dev_of(c))}.get(v, v))


@dataclass(frozen=True)
class UtviklingState(ViewState):
    """/utvikling: which of the two topics the page's one map shows, and the slide presenting
    shows."""

    map: str = UTV_MAPS[0]
    section: str = SLIDES[0]

    PARAMS: ClassVar[Mapping[str, Param]] = {"map": UTV_MAP, "section": UTV_SLIDE}


@dataclass(frozen=True)
class Slide:
    """One slide of /utvikling while presenting: its key (`del=`), its title and the parts of the
    page it shows (the page's sections, "map" its one map)."""

    key: str
    title: str
    parts: tuple[str, ...]


OTHER_TOPICS = ("ordninger_per_kommune", "oppgaveomraader")  # trends about /kart and /oppgaver


def regions_title(dev: Development) -> str:
    """«Maks 10 kommuneregioner i Nordland (forslag)», as the survey's figure states the number."""
    f = dev.regions_figure
    if f is None:
        return "Foreslåtte kommuneregioner"
    return f"{survey_value(f.value, f.qualifier).capitalize()} kommuneregioner i Nordland (forslag)"


def slides_of(dev: Development) -> list[Slide]:
    """The slides of a register's /utvikling, in the page's order: every section that is always
    drawn (with its notice where the register lacks its figures); the first of the survey's lists
    on a slide of its own, the others with the survey's findings on them on the next; the
    survey's grep and its findings about the other views only where the register has them."""
    grep = dev.findings_of("kommuneregioner", "trend", "grep")
    lists = [s.name for s in dev.lists]
    slides = [Slide("ordninger", "Formelle samarbeidsordninger", ("totals",)),
              Slide("endringer", "Nedlagt og nytt etter 2014", ("changes",)),
              Slide("barnevern", "Barneverntjenester", ("child",)),
              Slide("kommunepsykolog", lists[0] if lists else "Kommunepsykolog og ettervern",
                    ("lists", "list_first", "map"))]
    if len(lists) > 1 or dev.findings_of("kommunepsykolog", "merknad", "trend", "grep"):
        slides.append(Slide("ettervern", " og ".join(lists[1:]) or "Kartleggingens funn",
                            ("lists", "list_rest", "list_findings", "map")))
    slides.append(Slide("kommuneregioner", regions_title(dev), ("regions", "map")))
    if grep:
        source = grep[0].source  # the deck's slide «Tre offensive grep i Nordland»
        slides.append(Slide("grep", source.removeprefix(SURVEY_SLIDE_PREFIX)
                            if source.startswith(SURVEY_SLIDE_PREFIX) else "Kartleggingens grep",
                            ("grep",)))
    if any(dev.findings_of(topic, "trend", "grep") for topic in OTHER_TOPICS):
        slides.append(Slide("funn", "Flere funn fra kartleggingen", ("other",)))
    return slides


def slide_at(dev: Development, state: UtviklingState) -> Slide:
    """The slide a state names, or the first where the register has no such slide."""
    slides = slides_of(dev)
    return next((s for s in slides if s.key == state.section), slides[0])


def utvikling_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/utvikling: the formal arrangements per year beside the page's map of the chosen topic."""

    state, _ = UtviklingState.from_query(data, query)
    dev = dev_of(data)
    fig = category_legend(for_print(map_figure(data, dev, state.map)))
    chart = totals_figure(dev.totals) if dev.totals else None
    topic = MAP_CHOICES[state.map]

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        split = x0 + 0.5 * (x1 - x0)
        head = y1 - 8 / HEIGHT
        canvas.text("<b>Formelle samarbeidsordninger</b>", x0, head, 24)
        canvas.text(f"<b>{plot_text(topic)}</b>", split + 0.01, head, 24)
        inner = y1 - 56 / HEIGHT
        if chart is not None:
            canvas.place(chart, (x0 + 110 / WIDTH, split - 0.03, y0 + 50 / HEIGHT, inner))
        else:
            canvas.text(plot_text("Registeret har ikke kartleggingens antall ordninger "
                                  "(survey_figures.csv, ordninger_totalt)."), x0, inner, 20,
                        colour=MUTED)
        canvas.place(fig, (split + 0.01, x1, y0, inner), legend=True)

    return Content("Utvikling 2010–2020", [f"Kartet: {topic}",
                                           "Tallene er kartleggingens (NIVI Analyse 2020)"],
                   draw, ["utvikling", state.map if state.map != UTV_MAPS[0] else ""])


NAMES = names_index(len(LAYERS))


REGION_LAYER = "kommuneregion_forslag"


REGION_TRACES = overlay_indices(LAYERS)[REGION_LAYER]


MAP_LABEL_FONT = {"size": 20, "color": "#111111", "family": "Arial, sans-serif",
                  "shadow": "1px 1px 2px #fff, -1px -1px 2px #fff, 1px -1px 2px #fff, "
                            "-1px 1px 2px #fff"}


# The proposed regions' outlines and labels, dark on the region's fill (the /kart layer's pink
# outline would vanish on it): (solid, dashed, labels) trace properties.
REGION_LINE = {"color": "#3b0a2a", "width": 1.8}


REGION_STYLE = ({"line": REGION_LINE}, {"line": {**REGION_LINE, "dash": "dash"}},
                {"textfont": {**MAP_LABEL_FONT, "color": "#3b0a2a"},
                 "marker": {"size": 8, "color": "#3b0a2a", "symbol": "diamond"}})


MAP_CHOICES = {"kommunepsykolog": "Kommunepsykolog og ettervern",
               "kommuneregioner": "Foreslåtte kommuneregioner"}


def dev_of(data: AppData) -> Development:
    return data.memo("development", partial(development, data.register))


def map_parts(data: AppData, dev: Development, view: str) -> tuple[dict, dict, tuple, list]:
    """(municipality trace, names trace, the region traces' style, table rows) of one view."""
    if view == "kommuneregioner":
        member_of = {k: r for r in dev.regions for k in r.members}
        z = [0 if k not in member_of else 1 if member_of[k].status == "avledet" else 2
             for k in data.nordland]
        text = [f"{member_of[k].name} ({REGION_STATUS_SHORT[member_of[k].status]})"
                if k in member_of else "Kommuneregion ikke kjent" for k in data.nordland]
        update = regions_map_update(z, data.nordland, text)
        names = {"lon": [], "lat": [], "text": [], "textposition": []}
        rows = [[data.names[k], t] for k, t in sorted(zip(data.nordland, text, strict=True),
                                                       key=lambda kt: kt[1])]
        return update, names, REGION_STYLE, rows
    z = list_participation(dev.lists, data.nordland)
    where: dict[str, list[str]] = {}
    points = data.basemap.label_points
    lon, lat, numbers = [], [], []
    number = 0
    for survey_list in dev.lists:
        for line in survey_list.arrangements:
            number += 1
            for k in line.members:
                where.setdefault(k, []).append(line.name)
            inside = [points[k] for k in line.members if k in points and k in data.nordland]
            if inside:
                lon.append(round(sum(p[0] for p in inside) / len(inside), 4))
                lat.append(round(sum(p[1] for p in inside) / len(inside), 4))
                numbers.append(f"<b>{number}</b>")
    text = ["; ".join(where[k]) if k in where else "Ingen av ordningene på lista"
            for k in data.nordland]
    update = list_map_update(z, data.nordland, [s.name for s in dev.lists], text)
    rows = [[data.names[k], "; ".join(where[k])] for k in data.alphabetical if k in where]
    names = {"lon": lon, "lat": lat, "text": numbers,
             "textposition": place_labels(lon, lat, numbers)}
    return update, names, ({}, {}, {}), rows


def region_payload(data: AppData) -> list[dict[str, Any]]:
    """The proposed regions' three traces (solid, dashed, labels), the labels placed apart."""
    solid, dashed, labels = overlay_payload(data.overlays[REGION_LAYER])
    where = place_labels(labels["lon"], labels["lat"], labels["text"], default="top center",
                         pad=7)  # above the label's diamond
    return [solid, dashed, {**labels, "textposition": where}]


def map_figure(data: AppData, dev: Development, view: str) -> dict[str, Any]:
    update, names, labels, _ = map_parts(data, dev, view)
    overlays: dict[int, dict[str, Any]] = {NAMES: {**names, "textfont": MAP_LABEL_FONT}}
    if view == "kommuneregioner" and REGION_LAYER in data.overlays:
        payload = region_payload(data)
        overlays.update({i: {**coords, **style}
                         for i, coords, style in zip(REGION_TRACES, payload, labels, strict=True)})
    figure = with_view(base_figure(data.basemap), update, overlays)
    figure["layout"] = {**figure["layout"], "showlegend": False, "annotations": [],
                        "font": FONT, "uirevision": "utvikling",
                        "hoverlabel": {"bgcolor": "white", "font": {"size": 15}}}
    return figure


PATH = "/utvikling"


VIEW = View(PATH, "Utvikling", "Utvikling – Kommunekart Nordland", order=2, state=UtviklingState,
            handout=utvikling_content)
