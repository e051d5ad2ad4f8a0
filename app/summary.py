"""Plain-text summary of a register for `kommunekart check`."""

from __future__ import annotations

from app import measures
from app.register import Register
from app.schema import LAYERS


def format_summary(register: Register) -> str:
    mun = register.municipalities
    arr = register.arrangements
    by_basis = arr["basis"].value_counts().to_dict()
    cov = measures.coverage(register)
    lines = [
        f"Register: {register.source}",
        f"Kommuner: {len(mun)} ({int(mun['in_nordland'].sum())} i Nordland)",
        f"Oppgaveområder: {len(register.task_areas)}",
        "Ordninger: {} ({})".format(
            len(arr), ", ".join(f"{k}: {v}" for k, v in sorted(by_basis.items()))),
        f"Deltakelser: {len(register.memberships)}",
        "Regionlag:",
    ]
    for layer in LAYERS:
        stats = measures.layer_stats(register, layer)
        stated = f", kilden oppgir {stats.stated}" if stats.stated is not None else ""
        lines.append(f"  {layer}: {stats.regions} regioner, {stats.with_members} med "
                     f"deltakere i registeret{stated}")
    total = f"{cov.survey_total}" if cov.survey_total is not None else "ukjent antall"
    lines.append(
        f"Dekning: {cov.with_members} av {total} ordninger registrert med deltakere "
        f"(kartlegging-2020: {cov.with_members_survey}, offentlig-kilde: "
        f"{cov.with_members - cov.with_members_survey}); "
        f"{cov.without_members} ordninger uten kjent deltakerliste")
    return "\n".join(lines)
