"""/kart's names, region labels and hit areas as pure functions (kommunekart/figures/maplabels.py,
kommunekart/figures/labels.py): which names a view shows, where region labels go, contrast, region=."""

from __future__ import annotations

from kommunekart.domain.schema import LAYERS
from kommunekart.figures.labels import overlaps, text_box
from kommunekart.figures.map import HIGHLIGHT, MAIN
from kommunekart.figures.maplabels import (
    HITS,
    LABEL_COLOURS,
    NAME_FONT,
    NAMES,
    REGION_TEXT,
    frame_of,
    placed_regions,
    region_text,
)
from kommunekart.views import kart_panel
from kommunekart.views.state import KartState
from kommunekart.web.pages.kart import ID, figure, shown_of, view_change
from tests.helpers import contrast


def test_click_names_the_chosen_bold_and_its_partners(app_data) -> None:
    view = kart_panel.view(app_data, KartState())
    click = {"points": [{"curveNumber": MAIN, "location": "1820"}]}
    patch, _, _, kommune, _ = view_change(app_data, ID.map, KartState(), click,
                                          shown_of(view), {})
    assert kommune == "1820"
    sent = {tuple(op["location"]): op["params"]["value"]
            for op in patch.to_plotly_json()["operations"]}
    names = dict(zip(app_data.nordland, sent[("data", NAMES, "text")], strict=True))
    assert names["1820"] == "<b>Alstahaug</b>"
    z = dict(zip(app_data.nordland, sent[("data", MAIN, "z")], strict=True))
    partners = [k for k, t in names.items() if t and k != "1820"]
    assert len(partners) >= 8 and all(z[k] > 0 for k in partners)
    # the chosen one is filled in the highlight colour, above every partner's shade
    assert z["1820"] == max(z.values())
    scale = sent[("data", MAIN, "colorscale")]
    assert scale[-1] == [1.0, HIGHLIGHT]
    assert all(colour != HIGHLIGHT for stop, colour in scale if stop * z["1820"] <= 32.5)


def test_first_figure_and_patch_agree_on_the_chosen_colour(app_data) -> None:
    fig = figure(app_data, KartState(kommune="1820"))
    main = fig["data"][MAIN]
    assert main["colorscale"][-1][1] == HIGHLIGHT
    assert main["z"][app_data.nordland.index("1820")] == main["zmax"]
    assert fig["data"][NAMES]["text"][app_data.nordland.index("1820")] == "<b>Alstahaug</b>"


def test_without_a_choice_names_fit_without_overlapping(app_data) -> None:
    fig = figure(app_data, KartState())
    names = fig["data"][NAMES]
    frame = frame_of(app_data.basemap)
    boxes = [text_box(*frame.px(lon, lat), text, NAME_FONT) for lon, lat, text
             in zip(names["lon"], names["lat"], names["text"], strict=True) if text]
    assert len(boxes) >= 15
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[:i])


def test_region_labels_of_every_layer_do_not_overlap(app_data) -> None:
    spots = [s for s in placed_regions(app_data, LAYERS) if s]
    boxes = [box for _, box in spots]
    assert len(boxes) >= 15
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[:i])
    labels = region_text(app_data, ("barnevernvakt",))
    assert "Sør-Helgeland<br>(2018)" in labels["text"] and len(labels["text"]) == len(labels["lon"])


def test_region_label_text_contrast_on_its_halo() -> None:
    for layer, colour in LABEL_COLOURS.items():
        assert contrast(colour, "#ffffff") >= 4.5, layer


def test_small_municipalities_have_a_hit_area(app_data) -> None:
    fig = figure(app_data, KartState())
    hits = fig["data"][HITS]
    assert {"1835", "1856", "1857"} <= set(hits["customdata"])  # Træna, Røst, Værøy
    assert hits["marker"]["size"] >= 18 and hits["marker"]["opacity"] == 0
    assert fig["data"][REGION_TEXT]["meta"] == {"part": "region-labels"}
    view = kart_panel.view(app_data, KartState())
    point = {"points": [{"curveNumber": HITS, "customdata": "1835", "pointNumber": 0}]}
    _, new_view, _, kommune, _ = view_change(app_data, ID.map, KartState(), point,
                                             shown_of(view), {})
    assert kommune == "1835" and new_view["kommune"] == "1835"


def test_a_click_in_a_region_chooses_it_and_a_second_the_municipality(app_data) -> None:
    state = KartState(layers=("legevaktsentral",))
    view = kart_panel.view(app_data, state)
    click = {"points": [{"curveNumber": MAIN, "location": "1820"}]}
    patch, region_view, shown, kommune, _ = view_change(app_data, ID.map, state, click,
                                                        shown_of(view), {})
    assert region_view["region"] == {"layer": "legevaktsentral", "id": "lvs-helgeland"}
    assert "region=lvs-helgeland" in region_view["url"] and kommune is None
    sent = {tuple(op["location"]): op["params"]["value"]
            for op in patch.to_plotly_json()["operations"]}
    z = dict(zip(app_data.nordland, sent[("data", MAIN, "z")], strict=True))
    assert z["1820"] == 1 and z["1804"] == 0  # Helgeland's members lit, Bodø not
    _, second, _, kommune, _ = view_change(app_data, ID.map, state, click, shown, {})
    assert kommune == "1820" and second["region"] is None


def test_region_in_the_link(app_data) -> None:
    state, notices = KartState.from_query(app_data, {"lag": "legevaktsentral",
                                                     "region": "lvs-helgeland"})
    assert state.region == "lvs-helgeland" and not notices
    assert "region=lvs-helgeland" in state.url("/kart")
    assert kart_panel.view(app_data, state)["region"] == {"layer": "legevaktsentral", "id": "lvs-helgeland"}
    off, notices = KartState.from_query(app_data, {"region": "lvs-helgeland"})
    assert off.region is None and notices  # its layer is not shown
    wrong, notices = KartState.from_query(app_data, {"lag": "legevaktsentral", "region": "x"})
    assert wrong.region is None and any("«x»" in n for n in notices)
