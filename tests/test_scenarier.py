"""/scenarier's state and answers (kommunekart/web/pages/scenarier.py): the base, a paint click, a new region,
undo, and links written by a hostile hand."""

from __future__ import annotations

import gzip
import json

import plotly

from kommunekart.domain import scenario
from kommunekart.domain.linkcodec import pack
from kommunekart.figures.map import MAIN
from kommunekart.uploads.registers import Registries
from kommunekart.views import scenarier as scenarier_views
from kommunekart.web.pages import scenarier
from kommunekart.web.pages.scenarier import ID, base_scenario, change, code_of, decode, encode, view_of


def ops(patch) -> dict:
    return {tuple(op["location"]): op["params"]["value"] for op in patch.to_plotly_json()["operations"]}


def test_the_proposed_regions_as_a_base(app_data) -> None:
    regions, assignment = base_scenario(app_data, "kommuneregion_forslag")
    assert [r.name for r in regions] == ["Ytre Salten", "Rana-regionen", "Lofoten", "Ofoten",
                                         "Indre Salten", "Sør-Salten"]
    assert len(assignment) == 22 and assignment["1804"] == "kr-ytre-salten"
    view = view_of(app_data, "kommuneregion_forslag", regions, assignment)
    assert [r["population"] for r in view["rows"]] == ["58 957", "34 289", "23 328", "23 193",
                                                       "17 353", "9 451"]  # the deck's figures
    assert base_scenario(app_data, "tom") == ((), {})
    assert decode(encode(regions, assignment), app_data) == (regions, assignment)


def test_a_paint_click_moves_a_municipality_and_the_numbers_follow(app_data) -> None:
    regions, assignment = base_scenario(app_data, "kommuneregion_forslag")
    state = {"register": None, "base": "kommuneregion_forslag"}
    before = view_of(app_data, "kommuneregion_forslag", regions, assignment)
    click = {"points": [{"curveNumber": MAIN, "location": "1838"}]}  # Gildeskål, in Sør-Salten
    patch, steps, _, _, view, _, _ = change(app_data, ID.map, state, before, [], click,
                                            "kr-ytre-salten", None)
    moved = decode(code_of(view), app_data)[1]
    assert moved["1838"] == "kr-ytre-salten"
    history = [op["params"]["value"] for op in steps.to_plotly_json()["operations"]]
    assert history == [code_of(before)]
    known = scenarier_views.known_population(app_data)
    rows = {r["key"]: r for r in view["rows"]}
    assert rows["kr-ytre-salten"]["population"] == f"{58957 + known['1838']:,}".replace(",", " ")
    assert rows["kr-sor-salten"]["population"] == f"{9451 - known['1838']:,}".replace(",", " ")
    members = scenarier.arrangement_members(app_data)
    assert len(view["splits"]) == len(scenario.splits(moved, members))
    assert view["within"] == scenario.congruence(moved, members).within
    z = ops(patch)[("data", MAIN, "z")]
    assert z[app_data.nordland.index("1838")] == 1  # Ytre Salten's colour
    body = json.dumps({"figure": patch.to_plotly_json(), "history": steps.to_plotly_json(),
                       "view": view}, cls=plotly.utils.PlotlyJSONEncoder).encode()
    assert len(gzip.compress(body)) < 2000  # one paint click stays small (as served, gzip)
    # a second click in the same region takes it out; undo puts it back
    again = change(app_data, ID.map, state, view, history, click, "kr-ytre-salten", None)[4]
    assert "1838" not in decode(code_of(again), app_data)[1]
    undone = change(app_data, ID.undo, state, again, [*history, code_of(view)], None, None, None)[4]
    assert decode(code_of(undone), app_data)[1]["1838"] == "kr-ytre-salten"


def test_a_new_region_gets_an_unused_colour_and_is_chosen(app_data) -> None:
    regions, assignment = base_scenario(app_data, "tom")
    state = {"register": None, "base": "tom"}
    _, _, options, active, view, name_field, colour_field = change(
        app_data, ID.add, state, view_of(app_data, "tom", regions, assignment), [], None, None,
        "  Helgeland   <b>nord</b> ", "red;}")
    (region,), _ = decode(code_of(view), app_data)
    assert region.name == "Helgeland <b>nord</b>" and active == region.key and name_field == ""
    assert region.colour == scenarier_views.PALETTE[0] and len(options) == 1  # a bad colour: the palette's
    assert colour_field == scenarier_views.PALETTE[1]  # the next new region's, offered
    chosen = change(app_data, ID.add, state, view, [], None, None, "Salten", "#ABCDEF")[4]
    assert decode(code_of(chosen), app_data)[0][1].colour == "#abcdef"  # the user's own colour
    assert view["rows"][0]["population"] == "–"


def test_hostile_scenario_links_are_refused_or_cleaned(app_data) -> None:
    assert decode("!!!", app_data) is None and decode(None, app_data) is None
    assert decode(pack([["a", "x", "red;background:url(x)", []]]), app_data) is None
    assert decode(pack([["a", "x", "#000000", []]] * 2), app_data) is None  # a key twice
    assert decode(pack([[str(i), "x", "#000000", []] for i in range(40)]), app_data) is None
    regions, assignment = decode(pack([["a", "<script>" + "x" * 99, "#0072b2",
                                        ["1804", "9999", "1804", 7]]]), app_data)
    assert regions[0].name.startswith("<script>") and len(regions[0].name) == scenarier.MAX_NAME
    assert assignment == {"1804": "a"}  # only Nordland's, each once


def test_layout_restores_the_link_and_says_what_it_could_not_read(app_data, tmp_path) -> None:
    registry = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    regions, assignment = base_scenario(app_data, "kommuneregion_forslag")
    assignment = {**assignment, "1838": "kr-ytre-salten"}
    layout = scenarier.layout(registry, s=encode(regions, assignment))
    view = next(c for c in layout.children if getattr(c, "id", None) == ID.view).data
    assert decode(code_of(view), app_data)[1]["1838"] == "kr-ytre-salten"
    broken = scenarier.layout(registry, s="x", grunnlag=["barnevernvakt", "ukjent"])
    notices = [c.children for c in broken.children if getattr(c, "className", "") == "link-notice"]
    assert scenarier_views.NOT_READ in notices and any("Ukjent grunnlag" in n for n in notices)


def test_a_scenario_is_a_story_step_and_a_handout(app_data) -> None:
    from kommunekart.outputs.handout import handout
    from kommunekart.views import story

    step = story.clean_step("/scenarier?grunnlag=regionraad&s=abc", "Regionrådene som regioner")
    assert step is not None and step.view == "/scenarier?grunnlag=regionraad&s=abc"
    out = handout(app_data, "/scenarier", "grunnlag=regionraad")
    assert out.stem.startswith("kommunekart-scenario-regionraad")
    texts = " ".join(a["text"] for a in out.figure["layout"]["annotations"])
    assert "Innenfor én region" in texts and "Regionrådene" in texts
    # the handout reads the link as the page does (ScenarioState): the tile map with visning=ruter
    tiles = handout(app_data, "/scenarier", "grunnlag=regionraad&visning=ruter").figure
    assert {t.get("geo") for t in tiles["data"]} == {t.get("geo") for t in out.figure["data"]}
    assert tiles["data"] != out.figure["data"]
    assert any(t.get("geojson") == app_data.tiles[0].geojson_nordland for t in tiles["data"])
    assert not any(t.get("geojson") == app_data.tiles[0].geojson_nordland for t in out.figure["data"])


def test_the_tile_map_paints_too_and_the_link_keeps_it(app_data, tmp_path) -> None:
    registry = Registries(app_data, app_data.boundary_path, tmp_path / "uploads")
    regions, assignment = base_scenario(app_data, "regionraad")
    fig = scenarier.figure(app_data, regions, assignment, "ruter")
    assert fig["layout"]["uirevision"] == "ruter"  # the tile map's geometry
    assert fig["data"][MAIN]["z"] == scenarier.map_props(app_data, regions, assignment)["z"]
    view = view_of(app_data, "regionraad", regions, assignment, "ruter")
    assert "visning=ruter" in view["url"]
    layout = scenarier.layout(registry, grunnlag="regionraad", visning="ruter",
                              s=code_of(view))
    graph = next(c for c in layout.children[-1].children[1].children if getattr(c, "id", None) == ID.map)
    assert graph.figure["layout"]["uirevision"] == "ruter"
