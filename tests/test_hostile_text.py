"""Names, labels and notes from a register are drawn literally in every figure: a tag such as
<a href=…> never becomes markup and `%{z}` in a name is never filled in by a hovertemplate
(issue 13). The figures are checked as the dicts the pages send, built from a hostile copy of the
shipped register (tests/hostile.py)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import pytest

from kommunekart.domain.schema import LAYERS
from kommunekart.figures.map import MAIN, names_index
from kommunekart.figures.text import plain_text, plot_text, with_name
from kommunekart.outputs.handout import handout_figure
from kommunekart.uploads.registers import Registries
from kommunekart.views import kart_panel
from kommunekart.views.state import KartState, KonstState
from kommunekart.web.app import load_data
from kommunekart.web.pages import kart, konstellasjoner, oppgaver, utvikling
from tests import hostile
from tests.hostile import EVIL, FIGURE, LINK_ARRANGEMENT, LIST, PROPOSED, REGION, TASK

HOSTILE = [EVIL, LINK_ARRANGEMENT, REGION, TASK, FIGURE, PROPOSED, LIST]
NAMES = names_index(len(LAYERS))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, kommuner_path):
    folder = hostile.hostile_register(tmp_path_factory.mktemp("hostile") / "register")
    return load_data(folder, boundaries=kommuner_path)


@pytest.fixture(scope="module")
def registry(data, tmp_path_factory: pytest.TempPathFactory) -> Registries:
    return Registries(data, data.boundary_path, tmp_path_factory.mktemp("uploads"))


def strings(node: Any, key: str = "") -> Iterator[str]:
    """Every text in a figure (or a Patch's JSON), its geometry left out."""
    if key == "geojson":
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from strings(v)


def figures_in(component: Any) -> Iterator[dict[str, Any]]:
    """The figures of every dcc.Graph in a page's layout."""
    figure = getattr(component, "figure", None)
    if isinstance(figure, dict):
        yield figure
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from figures_in(child)


def assert_literal(figure: Any) -> None:
    """No hostile text reaches plotly as markup or template: neither as written nor with only its
    tags escaped (its %{…} live), nor escaped twice; line breaks of wrapped labels ignored."""
    for text in strings(figure):
        flat = text.replace("<br>", " ")
        for value in HOSTILE:
            assert value not in flat, text
            assert html.escape(value, quote=False) not in flat, text
        for tag in ('<a href="https://evil', "<a href=x", "<b>Fet", "<i>Legevakt", "<s>Kommune"):
            assert tag not in text, text
        assert "&amp;lt;" not in text and "&amp;#37;" not in text and "&amp;amp;" not in text, text


def test_plot_text_and_its_inverse() -> None:
    assert plot_text(EVIL) == '&lt;a href="https://evil.example"&gt;Ond&lt;/a&gt; &#37;{z}'
    assert plain_text(plot_text(EVIL)) == EVIL
    assert plain_text(f"<b>{plot_text(REGION)}</b>") == REGION
    # our own template keeps its %{z}; the name after it does not get one
    assert with_name(f"%{{z}} felles ordninger med {EVIL}", EVIL) == \
        f"%{{z}} felles ordninger med {plot_text(EVIL)}"
    assert with_name("%{z} registrerte ordninger", None) == "%{z} registrerte ordninger"
    assert with_name(f"{EVIL} først", EVIL) == plot_text(f"{EVIL} først")  # not at the end: all


def test_kart_partners_of_a_hostile_name(data) -> None:
    """Alstahaug renamed: the colour-bar title, the hover and the name on the map literal; the
    hover template has our %{z} and no other."""
    fig = kart.figure(data, KartState(kommune="1820"))
    assert_literal(fig)
    main = fig["data"][MAIN]
    assert main["colorbar"]["title"]["text"] == f"Felles ordninger<br>med {plot_text(EVIL)}"
    assert main["hovertemplate"].count("%{") == 3  # customdata, location, z: ours
    assert main["hovertemplate"].endswith(f"%{{z}} felles ordninger med {plot_text(EVIL)}"
                                          "<extra></extra>")
    assert f"<b>{plot_text(EVIL)}</b>" in fig["data"][NAMES]["text"]


def test_kart_every_view_draws_register_text_literally(data) -> None:
    views = [KartState(), KartState(kommune="1822"),
             KartState(task="felles-kulturskole-inkl-deltjenester"),
             KartState(task="legevaktsentral", layers=("legevaktsentral",)),
             KartState(layers=tuple(data.overlays), region="lvs-helgeland"),
             KartState(kommune="1820", visning="ruter")]
    for state in views:
        for presenting in (False, True):
            assert_literal(kart.figure(data, state, kart.geometry_of(data, state, presenting)))
    task = kart.figure(data, KartState(task="felles-kulturskole-inkl-deltjenester"))
    assert f"Deltar: {plot_text(LINK_ARRANGEMENT)}" in task["data"][MAIN]["text"]
    region = kart.figure(data, KartState(layers=("legevaktsentral",), region="lvs-helgeland"))
    title = region["data"][MAIN]["colorbar"]["title"]["text"]
    assert plain_text(title) == REGION and "&amp; 50" in title


def test_kart_patches_draw_register_text_literally(data) -> None:
    """What a click and a layer switch send (Patch) holds the same escaped text."""
    state = KartState()
    view = kart_panel.view(data, state)
    shown = kart.shown_of(view)
    click = {"points": [{"curveNumber": MAIN, "location": "1820"}]}
    patch = kart.view_change(data, kart.ID.map, state, click, shown, {})[0]
    sent = json.dumps(patch.to_plotly_json())
    assert plot_text(EVIL).replace('"', '\\"') in sent
    assert_literal(json.loads(sent))
    layers = kart.view_change(data, kart.ID.layers, state.with_(layers=("legevaktsentral",)),
                              None, shown, {})[0]
    assert_literal(layers.to_plotly_json())


def test_konstellasjoner_map_draws_names_literally(data, registry) -> None:
    from kommunekart.domain import constellations as cons

    table = cons.constellation(data.register, "1820", "alle")
    for state in (KonstState(kommune="1820"),
                  KonstState(kommune="1820", ordning="kulturskolen-for-alstahaug-og-leirfjord")):
        fig = konstellasjoner.map_figure_of(data, state, table)
        assert_literal(fig)
    main = fig["data"][MAIN]
    assert main["colorbar"]["ticktext"][-1] == plot_text(EVIL)
    assert f"med i {plot_text(LINK_ARRANGEMENT)}" in main["text"]
    for query in ({"kommune": "1820"}, {"kommune": "1822"}, {"kommune": "alle"}):
        for figure in figures_in(konstellasjoner.layout(registry, **query)):
            assert_literal(figure)


def test_utvikling_and_oppgaver_draw_labels_literally(data, registry) -> None:
    page = utvikling.layout(registry)
    figures = list(figures_in(page))
    assert len(figures) >= 4
    for figure in figures:
        assert_literal(figure)
    totals = figures[0]["data"][0]
    assert totals["name"] == plot_text(FIGURE)
    for figure in figures_in(utvikling.layout(registry, kart="kommuneregioner")):
        assert_literal(figure)
    # the map's key under it is HTML: the label as written (React escapes it)
    legend = utvikling.map_legend(data, utvikling.dev_of(data), "kommunepsykolog")
    assert any(LIST in str(key.children) for key in legend)
    chart = next(figures_in(oppgaver.layout(registry)))
    assert_literal(chart)
    number = data.tasks.set_index("task_area_id").loc["legevaktsentral", "number"]
    assert any(f">{plot_text(f'{number}. {TASK}')}</a>" in t
               for t in chart["layout"]["yaxis"]["ticktext"])


@pytest.mark.parametrize("url", ["/kart?kommune=1820", "/kart?lag=legevaktsentral&region=lvs-helgeland",
                                 "/konstellasjoner?kommune=1820&ordning=kulturskolen-for-alstahaug-og-leirfjord",
                                 "/utvikling", "/utvikling?kart=kommuneregioner", "/oppgaver"])
def test_handouts_escape_once(data, url) -> None:
    """The handouts reuse the pages' figures: their text escaped once, never twice."""
    path, _, query = url.partition("?")
    assert_literal(handout_figure(data, path, query))
