"""Plain-text summary of a register for `kommunekart check`."""

from __future__ import annotations

from kommunekart.domain import measures, wording
from kommunekart.domain.county import in_county, name_in_register, register_county
from kommunekart.domain.register import Register
from kommunekart.domain.schema import LAYERS


def format_summary(register: Register) -> str:
    mun = register.municipalities
    arr = register.arrangements
    by_basis = arr["basis"].value_counts().to_dict()
    cov = measures.coverage(register)
    county = register_county(mun, register.memberships)
    county_name = name_in_register(mun, county) or f"fylke {county}"
    lines = [
        f"Register: {wording.register_label(register.source, None)} ({register.source})",
        *([f"Format: leste {register.read_as}"] if register.read_as else []),
        *([f"Deler: {register.parts}"] if register.parts else []),
        *(f"Merk: {notice}" for notice in register.notices),
        f"Kommuner: {len(mun)} ({len(in_county(mun, county))} i {county_name})",
        f"Oppgaveområder: {len(register.task_areas)}",
        "Ordninger: {} ({})".format(
            len(arr), ", ".join(f"{k}: {v}" for k, v in sorted(by_basis.items()))),
        f"Deltakelser: {len(register.memberships)}",
        "Regionlag:",
    ]
    for layer in LAYERS:
        stats = measures.layer_stats(register, layer)
        lines.append(f"  {layer}: {stats.regions} regioner. {wording.layer_count(stats)}")
    lines.append(f"Dekning: {wording.coverage_badge(cov)}")
    lines.append(f"  {wording.coverage_detail(cov)}")
    return "\n".join(lines)
