"""The sentences and short texts of /kart's side panel, written once here: the browser only
renders them (assets/kart.js), and the handouts print the same words (kart_panel.panel_lines)."""

from __future__ import annotations

import re
from typing import Any

from kommunekart.domain.schema import CONFIDENCE_LABELS
from kommunekart.domain.wording import survey_number

# Sentences that never change: sent once, in the register copy ("texts"), never per interaction.
TEXTS = {
    "overview": "Oversikt",
    "help": "Klikk en kommune (eller søk) for å se alle ordningene den deltar i; samarbeidskommunene "
            "lyser opp. Velg et oppgaveområde for å se hvem som deltar.",
    "lit": "Samarbeidskommunene er farget på kartet.",
    "partial": "Last inn et fullstendig register for å se alt.",
    "task_empty": "Ingen registrerte ordninger innen dette området.",
    "konst": "Vis alle konstellasjoner",
}
MANY_MEMBERS = 12  # more members than this are folded away («Vis alle N deltakere»)
SOURCE_SPLIT = re.compile(r"\s+;\s+")
URL = re.compile(r"https?://\S+")

Link = dict[str, str]  # {"href", "title", "text"}: a source's link, opened in a new tab


def plural(n: int, one: str, many: str) -> str:
    """«1 registrert ordning», «3 registrerte ordninger»."""
    return f"{n} {one if n == 1 else many}"


def ordninger(n: int) -> str:
    return plural(n, "registrert ordning", "registrerte ordninger")


def js_number(value: float) -> str:
    """A number as the panel has always printed it (as JavaScript does: 83, 4.5)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def scope_text(scope: str, task_name: str | None = None) -> str:
    """What the count is limited to, with a leading space: « fra kartleggingen 2020 innen «Arkiv»»."""
    parts = []
    if scope == "kartlegging":
        parts.append("fra kartleggingen 2020")
    if scope == "til2020":
        parts.append("datert til og med 2020")
    if task_name:
        parts.append(f"innen «{task_name}»")
    return " " + " ".join(parts) if parts else ""


def source_links(source: str | None) -> list[str | Link]:
    """A source as the panel shows it: each part a link «kilde 1», «kilde 2» where it has an
    address, else its text, with « · » between; «kilde ikke oppgitt» when there is none."""
    if not source:
        return ["kilde ikke oppgitt"]
    parts = SOURCE_SPLIT.split(source)
    out: list[str | Link] = []
    for i, part in enumerate(parts):
        if i:
            out.append(" · ")
        found = URL.search(part)
        if found:
            out.append({"href": found.group(0), "title": part,
                        "text": "kilde" + (f" {i + 1}" if len(parts) > 1 else "")})
        else:
            out.append(part)
    return out


def plain(pieces: list[str | Link]) -> str:
    """Pieces of text and links as one line of plain text."""
    return "".join(p if isinstance(p, str) else p["text"] for p in pieces)


def date_badge(confidence: str | None, as_of: str | None) -> dict[str, str] | None:
    """How old and how sure a source is («okt. 2018 · oppgitt for et annet år»); none for what
    is stated for 2020."""
    if not confidence or confidence == "stated-2020":
        return None
    label = CONFIDENCE_LABELS.get(confidence)
    return {"text": f"{as_of or 'udatert'} · {label or confidence}", "title": label or ""}


def arrangement_texts(row: Any, names: dict[str, str], task_names: dict[str, str]) -> dict[str, Any]:
    """One arrangement's texts in the panel's list: its count («12», «3+» when the list is not
    complete), its facts line, its members line, the fold's summary, its badge and source."""
    members = list(row["members"])
    listed = ", ".join(names.get(k, k) for k in members)
    complete = bool(row["members_complete"])
    task = row["task_area_id"]
    host = row["host_kommunenummer"]
    facts = " · ".join([
        task_names[task] if isinstance(task, str) and task in task_names else "uten oppgaveområde",
        "form ikke oppgitt" if row["legal_form"] == "ukjent" else row["legal_form"],
        "vertskommune: " + (names.get(host, host) if isinstance(host, str) and host else "ikke kjent")])
    who = listed if complete else (f"{listed} – " if listed else "") + "deltakerlisten er ikke kjent"
    return {"count": f"{len(members)}{'' if complete else '+'}", "facts": facts, "who": who,
            "fold": f"Vis alle {len(members)} deltakere" if len(members) > MANY_MEMBERS else None,
            "badge": date_badge(row["confidence"], row["as_of"]),
            "source": source_links(row["source"])}


def region_texts(members: list[str] | None, names: dict[str, str], hosts: list[str],
                 stated: int | None, population: float | None) -> dict[str, str]:
    """A region's texts in a layer's list and in its own panel: who takes part, what its
    source says beside that, and its host."""
    extra = []
    if stated:
        extra.append(f"{js_number(stated)} kommuner ifølge kilden")
    if population:
        extra.append(f"{survey_number(population)} innbyggere 2020")
    return {"who": ", ".join(names.get(k, k) for k in members) if members is not None
            else "medlemmer ikke kjent",
            "extra": f" ({', '.join(extra)})" if extra else "",
            "host": ", ".join(hosts) if hosts else "ikke kjent"}


def task_texts(number: int, name: str, share_2014: float | None,
               share_2020: float | None) -> dict[str, str]:
    """A task area's heading and the survey's line about it."""
    def share(v: float | None) -> str:
        return "ikke oppgitt" if v is None else f"{js_number(v)} %"
    return {"title": f"{number}. {name}",
            "survey": f"Kartleggingen: {share(share_2014)} av kommunene i 2014, "
                      f"{share(share_2020)} i 2020."}
