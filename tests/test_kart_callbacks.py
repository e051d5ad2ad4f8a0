"""Map callbacks as pure functions, fed synthetic clickData: what each interaction sends."""

from __future__ import annotations

import gzip
import json

from dash import Patch, no_update

from kommunekart.bench.report import TARGET_BYTES
from kommunekart.figures.basemaps import base_figure
from kommunekart.figures.map import MAIN, MUTED
from kommunekart.figures.maplabels import LEADERS, NAMES, REGION_TEXT
from kommunekart.views.state import KartState
from kommunekart.web.pages.kart import ID, OVERLAY_INDEX, figure
from tests.helpers import base_view, change, ops

TEXT = (MAIN, NAMES, LEADERS, REGION_TEXT)  # the municipality trace, names and region labels


def served_bytes(patch: Patch) -> int:
    """A Patch's size as served: gzip'ed JSON, as the README's Ytelse table counts bytes (the
    names and region labels added to a click made the raw JSON pass 2 KB; gzip is about 650 B)."""
    return len(gzip.compress(json.dumps(patch.to_plotly_json()).encode()))


def click(location: str, curve: int = MAIN) -> dict:
    return {"points": [{"curveNumber": curve, "location": location, "pointNumber": 0}]}


def test_click_municipality_lights_partners(app_data) -> None:
    view = base_view(app_data, scope="kartlegging")
    patch, new_view, kommune, _ = change(app_data, ID.map, view, click("1820"), scope="kartlegging")
    assert kommune == "1820" and new_view["kommune"] == "1820"
    z = dict(zip(app_data.nordland, ops(patch)[("data", MAIN, "z")], strict=True))
    assert z["1822"] == 32  # the deck: Leirfjord is in every Alstahaug row but 4 (Driv Karriere AS)
    assert z["1820"] == max(z.values()) == 33  # the chosen one above every partner: HIGHLIGHT
    assert z["1811"] > 0 and z["1856"] > 0  # Bindal (HIAS, IKAN …) and Røst (IKAN, innkjøp)
    widths = ops(patch)[("data", MAIN, "marker", "line")]["width"]
    assert widths[app_data.nordland.index("1820")] > max(
        w for k, w in zip(app_data.nordland, widths, strict=True) if k != "1820")
    size = served_bytes(patch)
    assert size <= TARGET_BYTES, size  # the README's target for one interaction (gzip, as served)


def test_second_click_clears_selection(app_data) -> None:
    view = base_view(app_data, kommune="1820")
    _, new_view, kommune, _ = change(app_data, ID.map, view, click("1820"), kommune="1820")
    assert kommune is None and new_view["kommune"] is None and new_view["kind"] == "count"


def test_clear_button(app_data) -> None:
    view = base_view(app_data, kommune="1833")
    _, new_view, kommune, _ = change(app_data, ID.clear, view, kommune="1833")
    assert kommune is None and new_view["kommune"] is None


def test_click_outside_nordland_is_ignored(app_data) -> None:
    view = base_view(app_data)
    result = change(app_data, ID.map, view, click("5414", curve=0))
    assert result == (no_update, no_update, no_update, no_update)


def test_click_region_label_opens_region(app_data) -> None:
    labels = OVERLAY_INDEX["legevaktsentral"][2]
    view = base_view(app_data)
    point = {"points": [{"curveNumber": labels, "customdata": "lvs-helgeland"}]}
    _, new_view, kommune, _ = change(app_data, ID.map, view, point, layers=("legevaktsentral",))
    assert kommune is None  # the region is chosen, no municipality; its members are lit
    assert new_view["region"] == {"layer": "legevaktsentral", "id": "lvs-helgeland"}
    assert "region=lvs-helgeland" in new_view["url"]


def test_task_area_marks_participants(app_data) -> None:
    view = base_view(app_data)
    patch, new_view, _, _ = change(app_data, ID.task, view, task="legevaktsentral")
    z = dict(zip(app_data.nordland, ops(patch)[("data", MAIN, "z")], strict=True))
    helgeland = {"1818", "1820", "1822", "1827", "1828", "1824", "1825", "1826", "1813", "1816",
                 "1815", "1812"}
    assert {k for k, v in z.items() if v == 1} == helgeland
    assert new_view["kind"] == "participation"
    hover = dict(zip(app_data.nordland, ops(patch)[("data", MAIN, "text")], strict=True))
    assert hover["1820"] == "Deltar: Helgeland Legevaktsentral"
    assert hover["1811"] == "Ingen registrert ordning"


def test_layer_coordinates_travel_once(app_data) -> None:
    solid, dashed, labels = OVERLAY_INDEX["barnevernvakt"]
    layer_keys = {("data", i, "visible") for i in (solid, dashed, labels)}
    view = base_view(app_data)
    first, view_on, _, overlay = change(app_data, ID.layers, view, overlay={"loaded": []},
                                        layers=("barnevernvakt",))
    first_ops = ops(first)
    assert len(first_ops[("data", dashed, "lon")]) > 100
    assert first_ops[("data", labels, "visible")] is True
    assert overlay == {"loaded": ["barnevernvakt"]}
    off, view_off, _, overlay_off = change(app_data, ID.layers, view_on, overlay=overlay)
    assert overlay_off is no_update  # nothing new loaded
    assert {k: v for k, v in ops(off).items() if k[1] not in TEXT} == dict.fromkeys(layer_keys, False)
    on_again, _, _, overlay_again = change(app_data, ID.layers, view_off, overlay=overlay,
                                           layers=("barnevernvakt",))
    assert overlay_again is no_update
    assert {k for k in ops(on_again) if k[1] not in TEXT} == layer_keys  # no coordinates again
    assert served_bytes(on_again) <= TARGET_BYTES


def test_query_drops_unknown_values(app_data) -> None:
    state, notices = KartState.from_query(app_data, {
        "kommune": "9999", "oppgave": "legevaktsentral", "lag": "barnevernvakt,finnes-ikke",
        "utvalg": "kartlegging"})
    assert state == KartState("ordninger", "legevaktsentral", "kartlegging", None, ("barnevernvakt",))
    assert any("9999" in n for n in notices) and any("finnes-ikke" in n for n in notices)


def test_every_nordland_municipality_has_a_feature(app_data) -> None:
    ids = [f["id"] for f in app_data.basemap.geojson_nordland["features"]]
    assert sorted(ids) == sorted(app_data.nordland) and len(ids) == 41
    assert set(base_figure(app_data.basemap)["data"][MAIN]["locations"]) == set(ids)


def test_grey_context_municipalities_say_why_they_are_grey(app_data) -> None:
    neighbours = base_figure(app_data.basemap)["data"][0]
    hover = dict(zip(neighbours["locations"], neighbours["customdata"], strict=True))
    assert hover["5414"] == "Gratangen (utenfor Nordland)"
    assert not any(k.startswith("18") for k in hover)  # all 41 are in the shipped register


def test_region_layers_mute_the_map_colouring(app_data) -> None:
    """With a region layer drawn the municipalities' fill steps back (the outlines read first);
    with the last layer off it is full colour again. Only the switch sends the opacity."""
    view = base_view(app_data)
    patch, on_view, _, loaded = change(app_data, ID.layers, view, layers=("barnevernvakt",))
    assert ops(patch)[("data", MAIN, "marker", "opacity")] == MUTED < 1
    patch, both, _, _ = change(app_data, ID.layers, on_view, overlay=loaded,
                               layers=("barnevernvakt", "regionraad"))
    assert ("data", MAIN, "marker", "opacity") not in ops(patch)
    patch, _, _, _ = change(app_data, ID.layers, both, overlay=loaded, layers=())
    assert ops(patch)[("data", MAIN, "marker", "opacity")] == 1.0
    assert figure(app_data, KartState(layers=("regionraad",)))["data"][MAIN]["marker"][
        "opacity"] == MUTED
