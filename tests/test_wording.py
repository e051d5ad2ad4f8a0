"""The coverage and region-count sentences: like for like, and plain about a complete register."""

from __future__ import annotations

from kommunekart.domain import wording
from kommunekart.domain.measures import Coverage, LayerStats


def test_coverage_compares_the_survey_with_its_own_rows() -> None:
    cov = Coverage(survey_total=263, survey_with_members=42, other_with_members=33, without_members=9)
    assert wording.coverage_badge(cov) == ("42 av 263 ordninger fra kartleggingen 2020 med kjent "
                                           "deltakerliste · 33 fra andre kilder")
    detail = wording.coverage_detail(cov)
    assert "registeret har 42 av dem" in detail and "33 ordninger" in detail
    assert "9 ordninger er registrert uten kjent deltakerliste" in detail
    assert "ikke kartleggingens eget antall" in detail


def test_a_complete_register_says_so_plainly() -> None:
    cov = Coverage(survey_total=263, survey_with_members=263, other_with_members=0, without_members=0)
    assert cov.complete
    assert wording.coverage_badge(cov) == ("Fullstendig register: alle 263 ordninger fra "
                                           "kartleggingen 2020 med kjent deltakerliste")
    assert "ikke kartleggingens eget antall" not in wording.coverage_detail(cov)


def test_register_without_survey_total() -> None:
    cov = Coverage(survey_total=None, survey_with_members=0, other_with_members=5, without_members=1)
    assert not cov.complete and cov.with_members == 5
    assert wording.coverage_badge(cov).startswith("5 ordninger med kjent deltakerliste")


def test_layer_count_reconciles_with_the_source() -> None:
    stats = LayerStats(regions=14, with_members=14, inter=11, single=3, older=2, stated=12,
                       stated_inter=9)
    assert wording.layer_count(stats) == (
        "Kilden oppgir 12 regioner (9 interkommunale). Registeret har 14 med deltakere: "
        "11 interkommunale og 3 enkeltkommuner med egen tjeneste; 2 av dem er fra en eldre kilde "
        "eller utledet (stiplet).")
