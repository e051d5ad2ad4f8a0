"""Sentences the dashboard says about its data, written once and used by the header, the panel,
`kommunekart check` and the downloads, so they can never disagree."""

from __future__ import annotations

from pathlib import Path

from kommunekart.domain.measures import Coverage, LayerStats
from kommunekart.domain.schema import WORKBOOK_SUFFIXES
from kommunekart.geo.geodata import credits


def coverage_badge(cov: Coverage) -> str:
    """The header's one line: the survey's own rows against the survey's total, like for like,
    and what comes from elsewhere beside it (never added to the survey's count)."""
    others = f" · {cov.other_with_members} fra andre kilder" if cov.other_with_members else ""
    others += f" · {cov.own_with_members} fra eget register" if cov.own_with_members else ""
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
    if cov.own_with_members:
        parts.append(f"{cov.own_with_members} ordninger med deltakerliste kommer fra brukerens eget "
                     "register, ikke fra kartleggingen.")
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
# The tile map's legend title while region layers are drawn: what its markers are (the region
# label trace's diamonds, kommunekart.figures.map.overlay_traces, drawn in the gaps).
REGION_MARK_TITLE = "◆ = én region (pek for navnet)"
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
    """How the header names the register: its file (a workbook, a simple list's CSV file) or
    folder, or "opplastede CSV-filer"."""
    name = Path(source).name
    if register_id and not name.lower().endswith((*WORKBOOK_SUFFIXES, ".csv")):
        return "opplastede CSV-filer"
    return name


# ---------------------------------------------------------------------- /oppgaver: the 41 task areas

TASK_GROUP_LABELS = {"vanlig": "Vanlige samarbeidsområder", "sjelden": "Sjeldne samarbeidsområder"}
TASK_GROUP_CHOICES = {"alle": "Begge", "vanlig": "Vanlige", "sjelden": "Sjeldne"}
TASK_SORT_LABELS = {
    "nummer": "Kartleggingens nummer",
    "andel": "Andel 2020 (høyest først)",
    "endring": "Endring 2014–2020 (størst først)",
}
# Nordland's municipalities in each year the survey gives shares for: 44 until the mergers of
# 1 January 2020 (Narvik, Ballangen and part of Tysfjord; Hamarøy and the rest of Tysfjord;
# Tjeldsund moved to Troms og Finnmark), 41 after. The deck's tables give per cent only.
SHARE_BASE = {2014: 44, 2020: 41}
# The deck's own sentence beside its task-area table (slide «Vanlige samarbeidsområder»; the
# slide «Sjeldne samarbeidsområder» continues the same table, numbers 23–41).
SHARE_DEFINITION = ("Tabellen viser andelen av kommunene i Nordland som deltar i formalisert "
                    "interkommunalt samarbeid om ulike oppgaver i prosent.")
NOTHING_REGISTERED = "ingen registrert"  # a task area with no registered arrangement
PARTICIPATION_TICKS = ("Ingen registrert", "Deltar")  # the map's legend for a task area
NOBODY_REGISTERED = "Ingen kommune<br>i en registrert<br>ordning"  # ... when nobody takes part


def number_text(value: float) -> str:
    """A share or a change as Norwegian writes it: decimal comma, no needless decimals."""
    return f"{value:g}".replace(".", ",")


def signed_text(value: float) -> str:
    """A change in percentage points with its sign (a true minus sign, ±0 for none)."""
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + number_text(abs(value))


def share_base_note() -> str:
    """Why 2014 and 2020 are not shares of the same number of municipalities."""
    a, b = SHARE_BASE[2014], SHARE_BASE[2020]
    return (f"Andelene for 2014 er av Nordlands {a} kommuner den gangen, andelene for 2020 av de "
            f"{b} kommunene etter kommunesammenslåingene 1. januar 2020. Én kommune er altså "
            f"{number_text(round(100 / a, 1))} prosentpoeng i 2014 og "
            f"{number_text(round(100 / b, 1))} i 2020, så en endring på et par prosentpoeng kan "
            "komme av at antallet kommuner endret seg.")


def task_register_line(name: str, share_2020: float | None, participants: int, total: int,
                       arrangements: int) -> str:
    """One task area, the survey against the register: «Revisjon: kartleggingen 83 %,
    registrert 22 av 41»."""
    survey = "ikke oppgitt" if share_2020 is None else f"{number_text(share_2020)} %"
    held = f"registrert {participants} av {total}" if arrangements else NOTHING_REGISTERED
    return f"{name}: kartleggingen {survey}, {held}"


def register_held(participants: int, total: int, arrangements: int) -> str:
    """What the register holds for a task area, in full (hover and table)."""
    if not arrangements:
        return "Ingen registrert ordning"
    ordninger = "1 registrert ordning" if arrangements == 1 else f"{arrangements} registrerte ordninger"
    if not participants:
        return f"{ordninger}, uten kjente deltakere i Nordland"
    return (f"{participants} av {total} kommuner ({round(100 * participants / total)} %) "
            f"i {ordninger}")


# ---------------------------------------------------------------- /utvikling: the survey's figures

SURVEY_SLIDE_PREFIX = "Kildepresentasjon: "  # how the register cites a slide of the deck
COUNTED_FROM_LIST = "telt fra lista"  # a figure that is our count of the lines a slide lists
UNIT_SUFFIX = {"prosent": " %"}
REGION_STATUS_LABELS = {
    "avledet": "Medlemmer avledet av folketall",
    "registrert": "Medlemmer registrert",
    "ukjent": "Medlemmer ikke kjent",
}
REGION_STATUS_SHORT = {"avledet": "avledet", "registrert": "registrert",
                       "ukjent": "medlemmer ikke kjent"}
FINDING_KIND_LABELS = {"trend": "Trend", "grep": "Grep"}
SURVEY_FINDING_NOTE = "Kartleggingens vurdering, ikke registerets tall"


def survey_number(value: float) -> str:
    """A survey figure's number as Norwegian writes it: 58 957, 34,5 (no-break space between thousands)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")


def survey_value(value: float, qualifier: str = "", unit: str = "") -> str:
    """A survey figure as the deck says it: «nærmere 20», «maks 10», «34 %»."""
    text = survey_number(value) + UNIT_SUFFIX.get(unit, "")
    return f"{qualifier} {text}" if qualifier else text


def slide_name(source: str) -> str:
    """The slide a row cites («Ganske mye er nedlagt»), or the source as it stands."""
    if source.startswith(SURVEY_SLIDE_PREFIX):
        return f"lysbilde «{source[len(SURVEY_SLIDE_PREFIX):]}»"
    return source


def finding_heading(kind: str, number: int | None) -> str:
    """«Trend 1», «Grep 2»; other kinds have no heading of their own."""
    label = FINDING_KIND_LABELS.get(kind)
    if label is None:
        return ""
    return f"{label} {number}" if number is not None else label


def list_count_sentence(inside: int, total: int, outside: list[str]) -> str:
    """How many of Nordland's municipalities the listed arrangements have, by the register."""
    text = (f"Registeret: {inside} av Nordlands {total} kommuner er med i minst én av "
            "ordningene på lista")
    if outside:
        text += f" (i tillegg {', '.join(outside)}, utenfor Nordland i 2020)"
    return text + "."


UTV_EMPTY_REGISTER = ("Registeret har ingen tall fra kartleggingen (tabellen survey_figures mangler "
                      "eller er tom), så siden kan ikke vise utviklingen 2010–2020. Legg tallene inn "
                      "i survey_figures.csv (se data/README.md) for å se dem her.")


def utv_missing(what: str, figure_ids: str) -> str:
    """A section's empty state: what is missing and where it would come from."""
    return f"Registeret har ingen tall for {what} (survey_figures.csv: {figure_ids})."
