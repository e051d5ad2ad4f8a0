"""Which county a register is about. Kommunekart was made for Nordland's register, but a register
of any county's municipalities (2020 numbering, the county being the first two digits of the
kommunenummer) is drawn as that county: its municipalities coloured, the rest grey."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kommunekart.paths import DATA_DIR

COUNTY_DIGITS = 2  # 2020 numbering: 18xx Nordland, 54xx Troms og Finnmark, 50xx Trøndelag …
SEATS = DATA_DIR / "app" / "county_seats.csv"  # each county's seat, with its source


def county_of(kommunenummer: str) -> str:
    """The county number of a 2020 kommunenummer (its first two digits)."""
    return kommunenummer[:COUNTY_DIGITS]


@lru_cache(maxsize=2)
def county_seats(path: Path = SEATS) -> dict[str, str]:
    """{county number: the kommunenummer of its county seat} (data/app/county_seats.csv, each
    row with its source): the map names the seat among the first. A county without a row has
    no seat given priority."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["fylkesnummer"].zfill(COUNTY_DIGITS): row["kommunenummer"]
                for row in csv.DictReader(f)}


def majority_county(numbers: Iterable[str]) -> str | None:
    """The county holding most of the municipalities (each counted once); a tie goes to the
    lowest county number, so the answer never depends on row order. None for no numbers."""
    counts = Counter(county_of(k) for k in set(numbers))
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def register_county(municipalities: pd.DataFrame, memberships: pd.DataFrame) -> str:
    """The register's county: the one holding most of its members' in-county municipalities
    (`in_nordland` = true, the column's name being from when every register was Nordland's);
    if no member is flagged, the one holding most members (a list of another county's
    arrangements with Nordland's municipalities table); with no members at all, the flagged
    municipalities' and then all municipalities' county."""
    flagged = set(municipalities.loc[municipalities["in_nordland"], "kommunenummer"].dropna())
    members = set(memberships["kommunenummer"].dropna())
    for numbers in (members & flagged, members, flagged, set(municipalities["kommunenummer"])):
        found = majority_county(numbers)
        if found is not None:
            return found
    raise ValueError("registeret har ingen kommuner")


def in_county(municipalities: pd.DataFrame, county: str) -> list[str]:
    """What the map colours, sorted: the register's in-county municipalities (`in_nordland`)
    that lie in the county; if it flags none there, all its municipalities there."""
    mun = municipalities.dropna(subset=["kommunenummer"])
    there = mun[[county_of(k) == county for k in mun["kommunenummer"]]]
    flagged = there.loc[there["in_nordland"], "kommunenummer"]
    return sorted(flagged if len(flagged) else there["kommunenummer"])


def genitive(name: str) -> str:
    """Norwegian genitive of a county name: «Nordlands», «Troms og Finnmarks», «Agders»."""
    return name + "'" if name.endswith(("s", "x", "z")) else name + "s"


@dataclass(frozen=True)
class County:
    """The register's county: its number, its name and how many municipalities it had in 2020."""

    number: str
    name: str
    size: int

    @property
    def subtitle(self) -> str:
        """The header's line under the product name."""
        return f"Interkommunalt samarbeid i {genitive(self.name)} {self.size} kommuner"


def name_in_register(municipalities: pd.DataFrame, county: str) -> str | None:
    """The county's name as the register's `county` column writes it for the county's
    municipalities (the most common spelling), for when the county file cannot be read."""
    mun = municipalities.dropna(subset=["kommunenummer", "county"])
    names = [n for k, n in zip(mun["kommunenummer"], mun["county"], strict=True)
             if county_of(k) == county and str(n).strip()]
    return Counter(names).most_common(1)[0][0] if names else None


def survey_notice(survey_county: str, county: str) -> str:
    """What /utvikling and /oppgaver say when a register of another county carries the survey's
    figures: they are Nordland's survey (the deck's), not this county's."""
    return (f"Tallene fra kartleggingen 2020 på denne siden gjelder {survey_county}, ikke "
            f"{county}: kartleggingen er gjort bare for {genitive(survey_county)} kommuner. "
            f"Kartet og ordningene er registerets egne for {county}.")
