"""Sentences the dashboard says about its data, written once and used by the header, the panel,
`kommunekart check` and the downloads, so they can never disagree."""

from __future__ import annotations

from pathlib import Path

from app.geodata import credits
from app.measures import Coverage, LayerStats
from app.schema import WORKBOOK_SUFFIXES


def coverage_badge(cov: Coverage) -> str:
    """The header's one line: the survey's own rows against the survey's total, like for like,
    and what comes from elsewhere beside it (never added to the survey's count)."""
    others = f" · {cov.other_with_members} fra andre kilder" if cov.other_with_members else ""
    if cov.survey_total is None:
        return f"{cov.with_members} ordninger med kjent deltakerliste (uten kartleggingens totaltall)"
    if cov.complete:
        return (f"Fullstendig register: alle {cov.survey_total} ordninger fra kartleggingen 2020 "
                f"med kjent deltakerliste{others}")
    return (f"{cov.survey_with_members} av {cov.survey_total} ordninger fra kartleggingen 2020 med "
            f"kjent deltakerliste{others}")


def coverage_detail(cov: Coverage) -> str:
    """The longer reading of the badge (its tooltip, the panel and the downloads)."""
    parts = []
    if cov.survey_total is not None:
        parts.append(f"Kartleggingen 2020 fant {cov.survey_total} formelle ordninger; registeret "
                     f"har {cov.survey_with_members} av dem med kjent deltakerliste.")
    else:
        parts.append("Registeret oppgir ikke kartleggingens totale antall ordninger.")
    if cov.other_with_members:
        parts.append(f"{cov.other_with_members} ordninger med kjent deltakerliste kommer fra andre "
                     "offentlige kilder, noen datert før eller etter 2020.")
    if cov.without_members:
        parts.append(f"{cov.without_members} ordninger er registrert uten kjent deltakerliste.")
    if not cov.complete:
        parts.append("Tallene i kartet er registrerte ordninger, ikke kartleggingens eget antall "
                     "per kommune.")
    return " ".join(parts)


def layer_count(stats: LayerStats) -> str:
    """How a region layer's registered regions compare with the number its source states, e.g.
    «Kilden oppgir 12 regioner (9 interkommunale). Registeret har 12 med deltakere: 9
    interkommunale og 3 enkeltkommuner med egen tjeneste.»"""
    out = []
    if stats.stated is not None:
        inter = f" ({stats.stated_inter} interkommunale)" if stats.stated_inter is not None else ""
        out.append(f"Kilden oppgir {stats.stated} regioner{inter}.")
    kinds = [f"{stats.inter} interkommunale"] if stats.inter else []
    if stats.single:
        kinds.append(f"{stats.single} {'enkeltkommune' if stats.single == 1 else 'enkeltkommuner'}"
                     " med egen tjeneste")
    text = f"Registeret har {stats.with_members} med deltakere"
    text += f": {' og '.join(kinds)}" if kinds else ""
    if stats.older:
        text += f"; {stats.older} av dem er fra en eldre kilde eller utledet (stiplet)"
    out.append(text + ".")
    if stats.regions > stats.with_members:
        out.append(f"{stats.regions - stats.with_members} til er nevnt uten kjente medlemmer.")
    return " ".join(out)


def task_layer_note(layer_label: str, stats: LayerStats) -> str:
    """Why a task area's registered arrangements and its service-region layer can differ
    (Legevaktsentral: one registered arrangement, yet the 116117 layer has several regions)."""
    stated = f"kilden oppgir {stats.stated}; " if stats.stated is not None else ""
    return (f"Kartlaget «{layer_label}» viser tjenesteregionene ({stated}{stats.with_members} "
            "registrert med deltakere), fra registerets egen tabell over regioner. Listen her "
            "viser bare ordningene som er registrert i oppgaveområdet, så tallene kan være ulike. "
            "Slå på kartlaget under «Regioner i kartet» for å se regionene.")


LAYER_LABELS = {
    "legevaktsentral": "Legevaktsentraler (116117)",
    "barnevernvakt": "Barnevernvakter",
    "regionraad": "Regionråd",
    "kommuneregion_forslag": "Foreslåtte kommuneregioner",
    "delregion": "Delregioner",
}
SCOPE_LABELS = {
    "alle": "Alle registrerte ordninger",
    "til2020": "Uten opplysninger datert etter 2020",
    "kartlegging": "Bare kartleggingen 2020",
}
MEASURE_LABELS = {
    "ordninger": "Antall ordninger",
    "partnere": "Antall ulike samarbeidskommuner",
    "vert": "Antall ordninger som vertskommune",
}
DATA_CREDIT = ("Samarbeidsdata: NIVI Analyse/Fylkesmannen i Nordland (kartlegging 2020) og offentlige "
               "kilder oppgitt per ordning")


def credit_lines() -> list[str]:
    """Every credit a view or a download carries: the boundary file's (from its manifest) and
    the cooperation data's."""
    return [*credits(), DATA_CREDIT]


def register_label(source: str, register_id: str | None) -> str:
    """How the header names the register: its file or folder, or "opplastede CSV-filer"."""
    name = Path(source).name
    if register_id and not name.lower().endswith(WORKBOOK_SUFFIXES):
        return "opplastede CSV-filer"
    return name
