"""/kart's side of issue 10: a task area with nothing registered is marked in the dropdown, and
the map's legend never shows a «Deltar» colour that nothing on the map has (Patches stay small)."""

from __future__ import annotations

import gzip
import json

from kommunekart.bench.report import TARGET_BYTES
from kommunekart.domain import measures
from kommunekart.domain.wording import NOBODY_REGISTERED
from kommunekart.figures.map import MAIN, NO_PART, colour_props
from kommunekart.views.state import KartState
from kommunekart.web.pages.kart import ID, task_options
from tests.helpers import base_view, change, ops


def raw(patch) -> bytes:
    return json.dumps(patch.to_plotly_json()).encode()


def size(patch) -> int:
    """Bytes as served (gzip), as `kommunekart bench` and the README's ≤ 2 KB target count them."""
    return len(gzip.compress(raw(patch)))


def test_dropdown_marks_areas_with_nothing_registered(app_data) -> None:
    labels = {o["value"]: o["label"] for o in task_options(app_data)}
    assert labels["miljorettet-helsevern"] == "22. Miljørettet helsevern (ingen registrert)"
    assert labels["vannverk-vannforsyning"] == "41. Vannverk/vannforsyning (ingen registrert)"
    assert labels["revisjon"] == "13. Revisjon" and labels["legevaktsentral"] == "5. Legevaktsentral"
    marked = {v for v, label in labels.items() if label.endswith("(ingen registrert)")}
    held = measures.task_area_register(app_data.register, app_data.nordland)
    assert marked == set(held.index[held["arrangements"] == 0]) and len(marked) == 15


def test_legend_without_participants_has_no_deltar_colour() -> None:
    none = colour_props("participation", [0, 0, 0], "Oppgaveområde")
    assert {stop[1] for stop in none["colorscale"]} == {NO_PART}
    assert none["colorbar"]["ticktext"] == [NOBODY_REGISTERED]
    some = colour_props("participation", [0, 1, 0], "Oppgaveområde")
    assert some["colorbar"]["ticktext"] == ["Ingen registrert", "Deltar"]


def test_patch_changes_the_legend_only_when_it_must(app_data) -> None:
    legend = ("data", MAIN, "colorbar", "ticktext")
    view = base_view(app_data, task="revisjon")
    # from an area with participants to one with none: the one-colour legend travels
    patch, empty, _, _ = change(app_data, ID.task, view, task="miljorettet-helsevern")
    sent = ops(patch)
    assert sent[legend] == [NOBODY_REGISTERED] and set(sent[("data", MAIN, "z")]) == {0}
    assert {stop[1] for stop in sent[("data", MAIN, "colorscale")]} == {NO_PART}
    assert size(patch) <= TARGET_BYTES
    same_scale, _, _, _ = change(app_data, ID.task, view, task="legevaktsentral")
    assert len(raw(patch)) - len(raw(same_scale)) < 400  # the legend costs a few hundred bytes
    # to another empty area: nothing about the legend is sent again
    patch, empty2, _, _ = change(app_data, ID.task, empty, task="vannverk-vannforsyning")
    assert legend not in ops(patch)
    # and back to an area with participants: the two-colour legend returns
    patch, _, _, _ = change(app_data, ID.task, empty2, task="legevaktsentral")
    assert ops(patch)[legend] == ["Ingen registrert", "Deltar"]
    assert size(patch) <= TARGET_BYTES


def test_first_figure_of_an_empty_area(app_data) -> None:
    from kommunekart.web.pages.kart import figure

    main = figure(app_data, KartState(task="bibliotek"))["data"][MAIN]
    assert main["colorbar"]["ticktext"] == ["Ingen registrert", "Deltar"]  # Bibliotek has 8
    main = figure(app_data, KartState(task="jordmortjeneste"))["data"][MAIN]
    assert main["colorbar"]["ticktext"] == [NOBODY_REGISTERED]
