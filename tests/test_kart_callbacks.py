"""Map callbacks as pure functions, fed synthetic clickData: what each interaction sends."""

from __future__ import annotations

import json

from dash import Patch, no_update

from app.figures.map import MAIN
from app.pages.kart import layer_change, view_change
from app.viewmodel import ViewState, parse_query


def ops(patch: Patch) -> dict[tuple, object]:
    """Patch operations as {location: value} for the 'Assign' operations."""
    out = {}
    for op in patch.to_plotly_json()["operations"]:
        assert op["operation"] == "Assign"
        out[tuple(op["location"])] = op["params"]["value"]
    return out


def click(location: str, curve: int = MAIN) -> dict:
    return {"points": [{"curveNumber": curve, "location": location, "pointNumber": 0}]}


def base_view(app_data, **kw):
    return app_data.view(ViewState(**kw))


def test_click_municipality_lights_partners(app_data) -> None:
    view = base_view(app_data)
    patch, new_view, kommune = view_change(app_data, "map", measure="ordninger", task=None,
                                           scope="kartlegging", kommune=None, click=click("1820"), view=view)
    assert kommune == "1820" and new_view["kommune"] == "1820"
    z = dict(zip(app_data.nordland, ops(patch)[("data", MAIN, "z")], strict=True))
    assert z["1822"] == 32  # the deck: Leirfjord is in every Alstahaug row but 4 (Driv Karriere AS)
    assert z["1820"] == 0  # the selected municipality is outlined, not counted
    assert z["1811"] > 0 and z["1856"] > 0  # Bindal (HIAS, IKAN …) and Røst (IKAN, innkjøp)
    widths = ops(patch)[("data", MAIN, "marker", "line")]["width"]
    assert widths[app_data.nordland.index("1820")] > max(
        w for k, w in zip(app_data.nordland, widths, strict=True) if k != "1820")
    size = len(json.dumps(patch.to_plotly_json()))
    assert size < 1400, size


def test_second_click_clears_selection(app_data) -> None:
    view = base_view(app_data, kommune="1820")
    _, new_view, kommune = view_change(app_data, "map", measure="ordninger", task=None,
                                       scope="alle", kommune="1820", click=click("1820"), view=view)
    assert kommune is None and new_view["kommune"] is None and new_view["kind"] == "count"


def test_clear_button(app_data) -> None:
    view = base_view(app_data, kommune="1833")
    _, new_view, kommune = view_change(app_data, "clear", measure="ordninger", task=None,
                                       scope="alle", kommune="1833", click=None, view=view)
    assert kommune is None and new_view["kommune"] is None


def test_click_outside_nordland_is_ignored(app_data) -> None:
    view = base_view(app_data)
    result = view_change(app_data, "map", measure="ordninger", task=None, scope="alle",
                         kommune=None, click=click("5414", curve=0), view=view)
    assert result == (no_update, no_update, no_update)


def test_click_region_label_opens_region(app_data) -> None:
    labels = app_data.overlay_index["legevaktsentral"][2]
    view = base_view(app_data)
    point = {"points": [{"curveNumber": labels, "customdata": "lvs-helgeland"}]}
    patch, new_view, kommune = view_change(app_data, "map", measure="ordninger", task=None,
                                           scope="alle", kommune=None, click=point, view=view)
    assert patch is no_update and kommune is no_update
    assert new_view["region"] == {"layer": "legevaktsentral", "id": "lvs-helgeland"}


def test_task_area_marks_participants(app_data) -> None:
    view = base_view(app_data)
    patch, new_view, _ = view_change(app_data, "task", measure="ordninger", task="legevaktsentral",
                                     scope="alle", kommune=None, click=None, view=view)
    z = dict(zip(app_data.nordland, ops(patch)[("data", MAIN, "z")], strict=True))
    helgeland = {"1818", "1820", "1822", "1827", "1828", "1824", "1825", "1826", "1813", "1816",
                 "1815", "1812"}
    assert {k for k, v in z.items() if v == 1} == helgeland
    assert new_view["kind"] == "participation"
    hover = dict(zip(app_data.nordland, ops(patch)[("data", MAIN, "text")], strict=True))
    assert hover["1820"] == "Deltar: Helgeland Legevaktsentral"
    assert hover["1811"] == "Ingen registrert ordning"


def test_layer_coordinates_travel_once(app_data) -> None:
    first, state = layer_change(app_data, ["barnevernvakt"], {"loaded": [], "visible": []})
    solid, dashed, labels = app_data.overlay_index["barnevernvakt"]
    first_ops = ops(first)
    assert len(first_ops[("data", dashed, "lon")]) > 100
    assert first_ops[("data", labels, "visible")] is True
    _off, state = layer_change(app_data, [], state)
    on_again, state = layer_change(app_data, ["barnevernvakt"], state)
    assert set(ops(on_again)) == {("data", i, "visible") for i in (solid, dashed, labels)}
    assert len(json.dumps(on_again.to_plotly_json())) < 600
    assert state == {"loaded": ["barnevernvakt"], "visible": ["barnevernvakt"]}


def test_parse_query_drops_unknown_values(app_data) -> None:
    state, notices = parse_query(app_data, {"kommune": "9999", "oppgave": "legevaktsentral",
                                            "lag": "barnevernvakt,finnes-ikke", "utvalg": "kartlegging"})
    assert state == ViewState("ordninger", "legevaktsentral", "kartlegging", None, ("barnevernvakt",))
    assert any("9999" in n for n in notices) and any("finnes-ikke" in n for n in notices)


def test_every_nordland_municipality_has_a_feature(app_data) -> None:
    ids = [f["id"] for f in app_data.geojson_nordland["features"]]
    assert sorted(ids) == sorted(app_data.nordland) and len(ids) == 41
    assert set(app_data.base_figure["data"][MAIN]["locations"]) == set(ids)


def test_grey_context_municipalities_say_why_they_are_grey(app_data) -> None:
    neighbours = app_data.base_figure["data"][0]
    hover = dict(zip(neighbours["locations"], neighbours["customdata"], strict=True))
    assert hover["5414"] == "Gratangen (utenfor Nordland)"
    assert not any(k.startswith("18") for k in hover)  # all 41 are in the shipped register
