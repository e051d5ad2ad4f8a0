"""The map's keys and labels as pure functions: names chosen by importance (the chosen one, the
panel's «Høyest», the county seat from data/app/county_seats.csv), placed without overlaps, the
important ones beside their municipality with a leader line where they do not fit on it."""

from __future__ import annotations

import csv

import pytest

from kommunekart.domain import measures
from kommunekart.domain.county import SEATS, county_seats
from kommunekart.figures.labels import crosses, crosses_box, overlaps, text_box
from kommunekart.figures.maplabels import LEADERS, NAME_FONT, NAMES, PRESENT_FONT, frame_of
from kommunekart.views import kart_panel
from kommunekart.views.kart import figure
from kommunekart.views.state import KartState

GEOMETRIES = [("kart", NAME_FONT), ("delt", PRESENT_FONT)]


def test_the_county_seat_is_read_from_data_with_its_source(app_data) -> None:
    with SEATS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all(row["source"].strip() for row in rows)  # every seat says where it is from
    nordland = next(row for row in rows if row["county"] == "Nordland")
    assert county_seats()[nordland["fylkesnummer"]] == nordland["kommunenummer"]
    assert app_data.county_seat == nordland["kommunenummer"]
    assert app_data.names[app_data.county_seat] == nordland["name"] == "Bodø"


def test_highest_ranks_by_value_then_alphabetically() -> None:
    rank = {"a": 0, "b": 1, "c": 2, "d": 3}
    assert measures.highest(["d", "c", "b", "a"], [5, 7, 5, 1], rank, n=3) == ["c", "b", "d"]


def test_the_panels_hoyest_is_the_maps_ranking(app_data) -> None:
    """«Høyest: …» in the overview lists exactly the municipalities AppData.highest ranks first."""
    values = app_data.values()
    sentence = kart_panel.overview_panel(app_data, "ordninger", "alle").sent["top"]
    named = [app_data.names[k] for k in app_data.highest(values.z)]
    assert sentence == "Høyest: " + ", ".join(
        f"{n} ({v})" for n, v in kart_panel.top_of(app_data, values)) + "."
    assert [n for n, _ in kart_panel.top_of(app_data, values)] == named
    assert len(named) == measures.HIGHEST


def drawn_names(app_data, state: KartState, geometry: str, font: int):
    """Each name the figure shows: key, its box (px of the placement frame) and the leaders."""
    fig = figure(app_data, state, geometry)
    names, leaders = fig["data"][NAMES], fig["data"][LEADERS]
    frame = frame_of(app_data.geography(geometry)[0])
    shown = {k: text_box(*frame.px(lon, lat), text, font) for k, lon, lat, text in
             zip(app_data.nordland, names["lon"], names["lat"], names["text"], strict=True) if text}
    points = [frame.px(lon, lat) for lon, lat in zip(leaders["lon"], leaders["lat"], strict=True)
              if lon is not None]
    return shown, list(zip(points[::2], points[1::2], strict=True)), frame


@pytest.mark.parametrize(("geometry", "font"), GEOMETRIES)
def test_the_overview_names_the_county_seat_and_the_five_highest(app_data, geometry, font) -> None:
    shown, leaders, frame = drawn_names(app_data, KartState(), geometry, font)
    important = {app_data.county_seat, *app_data.highest(app_data.values().z)}
    assert important <= set(shown), sorted(app_data.names[k] for k in important - set(shown))
    assert len(shown) >= 20
    boxes = list(shown.values())
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[:i])
    # A leader starts on its municipality's label point, ends at its name, and crosses no
    # other name and no other leader.
    points = {k: frame.px(*app_data.geography(geometry)[0].label_points[k]) for k in shown}
    for i, (start, end) in enumerate(leaders):
        owner = next(k for k, p in points.items() if abs(p[0] - start[0]) + abs(p[1] - start[1]) < 1)
        assert owner in important
        near = shown[owner]
        assert min(abs(end[0] - near[0]), abs(end[0] - near[2]), abs(end[1] - near[1]),
                   abs(end[1] - near[3])) < 4  # on the edge of its own name
        assert not any(crosses_box(start, end, b) for k, b in shown.items() if k != owner)
        assert not any(crosses((start, end), other) for other in leaders[:i])


@pytest.mark.parametrize(("geometry", "font"), GEOMETRIES)
def test_the_chosen_municipality_is_named_first(app_data, geometry, font) -> None:
    state = KartState(kommune="1820")
    shown, _, _ = drawn_names(app_data, state, geometry, font)
    texts = dict(zip(app_data.nordland, figure(app_data, state, geometry)["data"][NAMES]["text"],
                     strict=True))
    assert "1820" in shown and texts["1820"] == "<b>Alstahaug</b>"
    partners = app_data.highest(app_data.state_values(state).z)
    assert sum(k in shown for k in partners) >= 4  # its closest partners named too


def test_a_measure_change_renames_by_its_own_highest(app_data) -> None:
    """«Vertskommune» ranks other municipalities: the names follow the measure shown."""
    state = KartState(measure="vert")
    shown, _, _ = drawn_names(app_data, state, "delt", PRESENT_FONT)
    assert set(app_data.highest(app_data.state_values(state).z)) <= set(shown)
