"""A new view is its module and its page: added to the registry of views alone, a toy view is in
the nav, accepted as a story step, rendered as a handout and downloadable as CSV and XLSX, and
the messages that name the views name it too. Nothing else lists views."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from urllib.parse import quote

import dash
import pandas as pd
import pytest

from kommunekart.figures.canvas import Box, Canvas, Content
from kommunekart.outputs.handout import BadViewError, handout, parse_view
from kommunekart.views import story
from kommunekart.views.registry import VIEWS
from kommunekart.views.state import KOMMUNE, Param, ViewState
from kommunekart.views.view import Tables, View
from kommunekart.views.viewmodel import AppData
from kommunekart.web.app import create_app
from kommunekart.web.components.header import nav_links

PATH = "/leke"


@dataclass(frozen=True)
class ToyState(ViewState):
    kommune: str | None = None

    PARAMS: ClassVar[Mapping[str, Param]] = {"kommune": KOMMUNE}


def toy_handout(data: AppData, query: Mapping[str, str]) -> Content:
    state, _ = ToyState.from_query(data, query)
    name = data.names.get(state.kommune or "", "alle")

    def draw(canvas: Canvas, box: Box) -> None:
        canvas.place({"data": [{"type": "bar", "x": [name], "y": [len(name)]}], "layout": {}}, box)

    return Content(f"Leketøy: {name}", ["Bare for testen"], draw, ["leke", name])


def toy_tables(data: AppData, query: Mapping[str, str]) -> Tables:
    state, _ = ToyState.from_query(data, query)
    frame = pd.DataFrame({"kommune": [data.names.get(state.kommune or "", "alle")]})
    return Tables(["leke", str(frame["kommune"][0])], {"leke": frame, "om": frame}, csv="leke")


TOY = View(PATH, "Leketøy", "Leketøy – Kommunekart Nordland", order=9, state=ToyState,
           handout=toy_handout, tables=toy_tables)


@pytest.fixture
def toy() -> Iterator[View]:
    VIEWS.add(TOY)
    yield TOY
    VIEWS.remove(PATH)


def test_reg001_a_toy_view_is_in_the_nav(toy) -> None:
    links = nav_links("abcdef0123456789")
    assert [link.children for link in links][-1] == "Leketøy"  # its order: last
    assert links[-1].href == f"{PATH}?register=abcdef0123456789"
    VIEWS.remove(PATH)
    assert "Leketøy" not in [link.children for link in nav_links(None)]


def test_reg002_a_toy_view_is_a_story_step(toy) -> None:
    step = story.clean_step(f"{PATH}?kommune=1820&presentasjon=1", "Leken")
    assert step is not None and step.view == f"{PATH}?kommune=1820"
    code = story.encode([step])
    assert story.decode(code) == ((step,), None)  # kept through the link
    VIEWS.remove(PATH)
    assert story.clean_step(f"{PATH}?kommune=1820", "Leken") is None  # not a view any more


def test_reg003_a_toy_view_is_a_handout(toy, app_data) -> None:
    made = handout(app_data, PATH, "kommune=1820", today=date(2026, 11, 27))
    assert made.stem == "kommunekart-leke-alstahaug-2026-11-27"
    texts = [a["text"] for a in made.figure["layout"]["annotations"]]
    assert any("Leketøy: Alstahaug" in t for t in texts)
    assert [t["x"] for t in made.figure["data"] if t["type"] == "bar"] == [["Alstahaug"]]
    assert parse_view(f"{PATH}?kommune=1820").view is toy


def test_reg004_a_toy_view_downloads_its_tables(toy, app_data) -> None:
    client = create_app(app_data).server.test_client()
    url = quote(f"{PATH}?kommune=1820", safe="")
    csv = client.get(f"/last-ned/tabell.csv?url={url}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert f"kommunekart-leke-alstahaug-{date.today().isoformat()}.csv" in csv.headers[
        "Content-Disposition"]
    assert pd.read_csv(io.BytesIO(csv.data), sep=";", encoding="utf-8-sig")["kommune"].tolist() == [
        "Alstahaug"]
    xlsx = client.get(f"/last-ned/tabeller.xlsx?url={url}")
    assert xlsx.status_code == 200
    assert list(pd.read_excel(io.BytesIO(xlsx.data), sheet_name=None)) == ["leke", "om"]


def test_reg005_messages_name_the_views_the_registry_has(toy) -> None:
    with pytest.raises(BadViewError) as refused:
        parse_view("/fortelling")  # no handout of its own
    assert "/leke" in str(refused.value) and "/scenarier" in str(refused.value)
    with pytest.raises(BadViewError) as refused:
        parse_view("/utvikling", "tables")  # no tables
    listed = str(refused.value).split("finnes for visningene ")[1]
    assert listed == "/kart, /konstellasjoner, /scenarier og /leke."


def test_reg006_the_registry_is_the_one_list_of_views(app_data) -> None:
    """Nav, story steps, handouts and tables all read it: the dashboard's six views, in order."""
    assert [v.path for v in VIEWS.nav()] == ["/kart", "/konstellasjoner", "/utvikling",
                                             "/oppgaver", "/scenarier", "/fortelling"]
    assert VIEWS.story_paths() == ("/kart", "/konstellasjoner", "/utvikling", "/oppgaver",
                                   "/scenarier")
    assert [v.path for v in VIEWS if v.tables] == ["/kart", "/konstellasjoner", "/scenarier"]
    create_app(app_data)  # registers the Dash pages
    pages: dict[str, Any] = {p["path"]: p for p in dash.page_registry.values()}
    for view in VIEWS:  # each Dash page takes its names from its view
        assert (pages[view.path]["name"], pages[view.path]["title"]) == (view.name, view.title)
