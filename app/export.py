"""The current view as tables to take away: the map's numbers per municipality, the arrangements
the panel lists, and what they are (register, scope, coverage, sources). Pure: data in, bytes out."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from app import measures
from app.viewmodel import CONFIDENCE_LABELS, SCOPE_LABELS, AppData, ViewState, register_label

CSV_OPTIONS = {"sep": ";", "index": False}  # what Excel in Norwegian locale opens as columns
CREDITS = ("Kommunegrenser: © Kartverket (CC BY 4.0)",
           "Samarbeidsdata: NIVI Analyse/Fylkesmannen i Nordland (kartlegging 2020) og offentlige "
           "kilder oppgitt per ordning")


def municipality_table(data: AppData, state: ViewState) -> pd.DataFrame:
    values = data.values(state.measure, state.task, state.scope, state.kommune)
    frame = pd.DataFrame({"kommunenummer": data.nordland,
                          "kommune": [data.names[k] for k in data.nordland],
                          values.label: values.z})
    if values.text is not None:
        frame["ordninger"] = [t.removeprefix("Deltar: ") if z else "" for t, z
                              in zip(values.text, values.z, strict=True)]
    return frame


def arrangement_table(data: AppData, state: ViewState) -> pd.DataFrame:
    """The arrangements the panel lists for this view, largest first."""
    reg = data.register
    rows = (measures.arrangements_of(reg, state.kommune, state.scope, state.task) if state.kommune
            else measures.with_members(reg, measures.filter_arrangements(reg, state.scope,
                                                                         state.task)))
    return pd.DataFrame({
        "ordning": rows["name"],
        "oppgaveområde": rows["task_area_name"],
        "antall deltakere": rows["member_count"],
        "deltakerliste fullstendig": rows["members_complete"].map({True: "ja", False: "nei"}),
        "deltakere": [", ".join(n) for n in rows["member_names"]],
        "vertskommune": rows["host_name"],
        "organisering": rows["legal_form"],
        "grunnlag": rows["basis"],
        "kilden gjelder": rows["as_of"],
        "sikkerhet": rows["confidence"].map(CONFIDENCE_LABELS),
        "kilde": rows["source"],
        "merknad": rows["note"],
    })


def about_table(data: AppData, state: ViewState) -> pd.DataFrame:
    cov = data.coverage
    total = cov.survey_total if cov.survey_total is not None else "ukjent"
    rows = [
        ("Register", register_label(data.register.source, data.register_id)),
        ("Utvalg", SCOPE_LABELS[state.scope]),
        ("Kommune", data.names.get(state.kommune, "") if state.kommune else "alle"),
        ("Oppgaveområde", _task_name(data, state.task)),
        ("Dekning", f"{cov.with_members} av {total} ordninger registrert med deltakere; tallene er "
                    "registrerte ordninger, ikke kartleggingens eget antall per kommune"),
        ("Laget", date.today().isoformat()),
        *(("Kreditering", c) for c in CREDITS),
    ]
    return pd.DataFrame(rows, columns=["", "verdi"])


def _task_name(data: AppData, task: str | None) -> str:
    if not task:
        return "alle"
    hit = data.task_options[data.task_options["task_area_id"] == task]
    return f"{hit['number'].iloc[0]}. {hit['name'].iloc[0]}" if len(hit) else task


def view_tables(data: AppData, state: ViewState) -> dict[str, pd.DataFrame]:
    return {"kommuner": municipality_table(data, state),
            "ordninger": arrangement_table(data, state),
            "om": about_table(data, state)}


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(**CSV_OPTIONS).encode("utf-8-sig")  # BOM: Excel reads æøå right


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return out.getvalue()


def file_stem(state: ViewState) -> str:
    parts = ["kommunekart"]
    if state.kommune:
        parts.append(state.kommune)
    if state.task:
        parts.append(state.task)
    if state.scope != "alle":
        parts.append(state.scope)
    return "-".join(parts)
