"""Measures on a register small enough to count by hand."""

from __future__ import annotations

from pathlib import Path

from kommunekart.domain import measures
from kommunekart.domain.register import Register
from tests.helpers import MUNIS


def test_counts_and_scopes(tiny: Register) -> None:
    assert measures.arrangement_counts(tiny, MUNIS).tolist() == [3, 3, 3, 2]
    # leaving out facts dated after 2020 drops Epsilon (2023) but keeps undated Zeta
    assert measures.arrangement_counts(tiny, MUNIS, scope="til2020").tolist() == [3, 3, 2, 1]
    assert measures.arrangement_counts(tiny, MUNIS, scope="kartlegging").tolist() == [2, 2, 1, 0]


def test_first_year() -> None:
    assert measures.first_year("2019–2023 (valgperioden)") == 2019
    assert measures.first_year("2020-06-04") == 2020
    assert measures.first_year("udatert") is None and measures.first_year("før 2016") == 2016


def test_distinct_partners_and_hosts(tiny: Register) -> None:
    assert measures.distinct_partner_counts(tiny, MUNIS, scope="til2020").tolist() == [3, 2, 2, 1]
    assert measures.host_counts(tiny, MUNIS).tolist() == [1, 1, 0, 0]


def test_partner_counts(tiny: Register) -> None:
    assert measures.partner_counts(tiny, "1806", MUNIS).tolist() == [2, 0, 2, 0]
    assert measures.partner_counts(tiny, "1806", MUNIS, task_area_id="legevakt").tolist() == [1, 0, 1, 0]


def test_task_area_participation_names_arrangements(tiny: Register) -> None:
    part = measures.task_area_participation(tiny, MUNIS, "legevakt")
    assert part == {"1804": ["Alfa"], "1806": ["Alfa", "Gamma"], "1811": ["Gamma"], "1812": []}
    assert measures.task_area_participation(tiny, MUNIS, "arkiv", scope="til2020")["1812"] == []


def test_task_area_register_counted_by_hand(tiny: Register) -> None:
    """Per task area, registered arrangements and the municipalities taking part in them.
    Legevakt: Alfa (Bodø, Narvik; survey) and Gamma (Narvik, Bindal; 2018) = 2 arrangements,
    3 municipalities. Arkiv: Beta (Bodø, Narvik, Bindal; survey) and Epsilon (Bindal, Sømna; 2023)
    = 2, all 4. Bibliotek: nothing registered = 0, 0. Delta and Zeta have no task area."""
    held = measures.task_area_register(tiny, MUNIS)
    assert held.index.tolist() == ["legevakt", "arkiv", "bibliotek"]  # the register's order
    assert held.to_dict("index") == {"legevakt": {"arrangements": 2, "participants": 3},
                                     "arkiv": {"arrangements": 2, "participants": 4},
                                     "bibliotek": {"arrangements": 0, "participants": 0}}
    # the scopes: Epsilon (2023) is left out of til2020, Gamma and Epsilon out of kartlegging
    til2020 = measures.task_area_register(tiny, MUNIS, scope="til2020")
    assert til2020["participants"].tolist() == [3, 3, 0]
    assert til2020["arrangements"].tolist() == [2, 1, 0]
    survey = measures.task_area_register(tiny, MUNIS, scope="kartlegging")
    assert survey["participants"].tolist() == [2, 3, 0]
    assert survey["arrangements"].tolist() == [1, 1, 0]
    # only the municipalities asked about count (Sømna is Arkiv's fourth, through Epsilon only)
    assert measures.task_area_register(tiny, MUNIS[:3])["participants"].tolist() == [3, 3, 0]


def test_arrangements_of_sorted_by_size(tiny: Register) -> None:
    rows = measures.arrangements_of(tiny, "1806")
    assert rows["name"].tolist() == ["Beta", "Alfa", "Gamma"]
    assert rows["member_names"].iloc[0] == ["Bodø", "Narvik", "Bindal"]
    assert rows["host_name"].isna().tolist() == [True, False, False]  # Beta's host is unknown
    assert rows["host_name"].tolist()[1:] == ["Bodø", "Narvik"]


def test_coverage_and_missing_share(tiny: Register) -> None:
    cov = measures.coverage(tiny)
    assert (cov.survey_total, cov.survey_with_members, cov.other_with_members,
            cov.without_members) == (None, 2, 3, 1)
    assert cov.with_members == 5 and not cov.complete
    shares = tiny.task_areas.set_index("task_area_id")["share_2020"]
    assert shares.isna()["arkiv"]  # a gap stays a gap, never 0


def test_partnere_measure_counted_by_hand(tiny: Register) -> None:
    """Different municipalities each one shares at least one registered arrangement with.
    Bodø: Narvik (Alfa, Beta), Bindal (Beta), Sømna (Zeta) = 3; Narvik: Bodø, Bindal = 2;
    Bindal: Bodø, Narvik, Sømna (Epsilon) = 3; Sømna: Bindal (Epsilon), Bodø (Zeta) = 2.
    Delta has no known members and counts for no one."""
    assert measures.distinct_partner_counts(tiny, MUNIS).tolist() == [3, 2, 3, 2]
    assert measures.distinct_partner_counts(tiny, MUNIS, scope="kartlegging").tolist() == [2, 2, 2, 0]
    # Bodø and Narvik share two arrangements (Alfa, Beta): one partner above, two shared here
    assert measures.partner_counts(tiny, "1804", MUNIS).tolist() == [0, 2, 1, 1]


def test_vert_measure_counted_by_hand(tiny: Register) -> None:
    """Arrangements each municipality hosts: Bodø hosts Alfa (survey), Narvik hosts Gamma (2018);
    Beta's host is unknown and is counted for no one."""
    assert measures.host_counts(tiny, MUNIS).tolist() == [1, 1, 0, 0]
    assert measures.host_counts(tiny, MUNIS, scope="til2020").tolist() == [1, 1, 0, 0]
    assert measures.host_counts(tiny, MUNIS, scope="kartlegging").tolist() == [1, 0, 0, 0]


def test_partnere_and_vert_through_appdata(tiny: Register, kommuner_path: Path) -> None:
    """What the map draws for «Fargelegg etter»: the same hand-counted numbers, with titles and
    hover text that say what they count; a chosen task area or municipality takes precedence."""
    from kommunekart.views.viewmodel import AppData

    data = AppData(tiny, str(kommuner_path))
    assert data.nordland == MUNIS
    partnere = data.values("partnere", None, "alle", None)
    assert (partnere.z, partnere.kind) == ([3, 2, 3, 2], "count")
    assert "samarbeidskommuner" in partnere.hover and "kommuner" in partnere.label
    assert data.values("partnere", None, "kartlegging", None).z == [2, 2, 2, 0]
    assert data.values("partnere", None, "til2020", None).z == [3, 2, 2, 1]
    vert = data.values("vert", None, "alle", None)
    assert (vert.z, vert.kind) == ([1, 1, 0, 0], "count")
    assert "vertskommune" in vert.hover.lower() and "Vertskommune" in vert.label
    assert data.values("vert", None, "kartlegging", None).z == [1, 0, 0, 0]
    assert data.values("ordninger", None, "alle", None).z == [3, 3, 3, 2]
    # a task area shows who takes part, whatever the measure; a municipality shows its partners
    assert data.values("vert", "legevakt", "alle", None).kind == "participation"
    assert data.values("vert", "legevakt", "alle", None).z == [1, 1, 1, 0]
    assert data.values("partnere", None, "alle", "1806").z == [2, 0, 2, 0]
