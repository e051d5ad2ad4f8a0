"""Each view's URL schema: a link parses to a state with a notice per bad value, and a state
writes the same link back."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from kommunekart.views.state import ALL, KartState, KonstState


class Catalogue:
    nordland = ("1804", "1820", "1822")
    task_ids = frozenset({"legevakt", "barnevernvakt"})
    layer_ids = ("barnevernvakt", "regionraad")
    arrangement_ids = frozenset({"hald-ikt"})


def round_trip(cls, state):
    query = dict(parse_qsl(urlsplit(state.url("/x")).query))
    again, notices = cls.from_query(Catalogue, query)
    assert notices == []
    return again


def test_kart_state_round_trip_and_defaults_left_out() -> None:
    state = KartState(measure="vert", task="legevakt", scope="kartlegging", kommune="1820",
                      layers=("regionraad", "barnevernvakt"))
    assert round_trip(KartState, state) == state
    assert KartState().url("/kart") == "/kart"
    assert KartState(kommune="1820").url("/kart", "abc") == "/kart?register=abc&kommune=1820"


def test_bad_values_are_named_and_dropped() -> None:
    state, notices = KartState.from_query(Catalogue, {
        "kommune": "9999", "oppgave": "<b>x</b>", "maal": "alt", "utvalg": "noe",
        "lag": "regionraad,fjell"})
    assert state == KartState(layers=("regionraad",))
    assert len(notices) == 5
    assert any("9999" in n for n in notices) and any("fjell" in n for n in notices)


def test_repeated_parameters_take_the_last_and_join_lists() -> None:
    state, notices = KartState.from_query(Catalogue, {"kommune": ["1804", "1820"],
                                                      "lag": ["regionraad", "barnevernvakt"]})
    assert state.kommune == "1820" and state.layers == ("regionraad", "barnevernvakt")
    assert notices == []


def test_konst_state() -> None:
    state = KonstState(kommune="1822", scope="til2020", ordning="hald-ikt")
    assert round_trip(KonstState, state) == state
    assert KonstState().kommune == "1820"
    everyone, _ = KonstState.from_query(Catalogue, {"kommune": ALL, "par": "1804-1820"})
    assert everyone.everyone and everyone.pair == "1804-1820"
    _, notices = KonstState.from_query(Catalogue, {"par": "1804-1804", "ordning": "nope"})
    assert len(notices) == 2
