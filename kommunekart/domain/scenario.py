"""A regional structure to try (/scenarier): Nordland's municipalities painted into regions, and
what that would mean. Pure arithmetic on plain data, so every number is checked by hand in tests.

- Population per region: the sum of the members' known 2020 populations, and how many members
  have none (never filled in by guess).
- Per region, the registered arrangements entirely inside it and those crossing its border.
- For the whole scenario: the share of registered arrangements, and of memberships, that lie
  within one region (congruence), and the arrangements the borders would split.

Only Nordland's municipalities count: an arrangement's members elsewhere (Trøndelag, Troms) are
outside every region of a Nordland scenario, so they neither split nor join anything here. An
arrangement with fewer than two Nordland members cannot be split and is left out of the shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Assignment = Mapping[str, str]  # kommunenummer -> region key (unassigned: absent)


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    colour: str


@dataclass(frozen=True)
class RegionFigures:
    """One region's numbers."""

    key: str
    members: tuple[str, ...]
    population: int  # the sum of the known values
    unknown: tuple[str, ...]  # members without a known population
    inside: int  # arrangements with every Nordland member in the region
    crossing: int  # arrangements with members in the region and outside it


@dataclass(frozen=True)
class Split:
    """An arrangement the borders split: its Nordland members by region ("" = unassigned)."""

    arrangement_id: str
    by_region: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Congruence:
    arrangements: int  # counted (≥ 2 Nordland members)
    within: int  # of those, all members in one region
    memberships: int  # their Nordland memberships
    memberships_within: int

    @property
    def share(self) -> float | None:
        return self.within / self.arrangements if self.arrangements else None

    @property
    def membership_share(self) -> float | None:
        return self.memberships_within / self.memberships if self.memberships else None


def population(members: Iterable[str], known: Mapping[str, int | None]) -> tuple[int, tuple[str, ...]]:
    """(sum of the known populations, members whose population is unknown)."""
    members = list(members)
    unknown = tuple(k for k in members if known.get(k) is None)
    return sum(int(known[k]) for k in members if known.get(k) is not None), unknown  # type: ignore[arg-type]


def nordland_members(arrangements: Mapping[str, Sequence[str]],
                     nordland: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each arrangement's Nordland members, for the arrangements with at least two."""
    inside = set(nordland)
    out = {}
    for arrangement, members in arrangements.items():
        mine = tuple(dict.fromkeys(k for k in members if k in inside))
        if len(mine) >= 2:
            out[arrangement] = mine
    return out


def _regions_of(members: Sequence[str], assignment: Assignment) -> dict[str, tuple[str, ...]]:
    """The members grouped by region, in the members' order ("" = unassigned)."""
    out: dict[str, list[str]] = {}
    for k in members:
        out.setdefault(assignment.get(k, ""), []).append(k)
    return {key: tuple(v) for key, v in out.items()}


def region_figures(regions: Sequence[Region], assignment: Assignment,
                   arrangements: Mapping[str, Sequence[str]],
                   known: Mapping[str, int | None], order: Sequence[str]) -> list[RegionFigures]:
    """Every region's members (in `order`), population and arrangements inside and crossing.
    `arrangements`: Nordland members per arrangement (nordland_members)."""
    grouped = {a: _regions_of(m, assignment) for a, m in arrangements.items()}
    out = []
    for region in regions:
        members = tuple(k for k in order if assignment.get(k) == region.key)
        total, unknown = population(members, known)
        touching = [g for g in grouped.values() if region.key in g]
        inside = sum(1 for g in touching if len(g) == 1)
        out.append(RegionFigures(region.key, members, total, unknown, inside, len(touching) - inside))
    return out


def congruence(assignment: Assignment, arrangements: Mapping[str, Sequence[str]]) -> Congruence:
    """How much of today's cooperation the regions hold whole: arrangements (and their
    memberships) whose Nordland members all lie in one region. An unassigned member is in no
    region, so its arrangement is not within one."""
    within = memberships = memberships_within = 0
    for members in arrangements.values():
        keys = {assignment.get(k, "") for k in members}
        whole = len(keys) == 1 and "" not in keys
        within += whole
        memberships += len(members)
        memberships_within += len(members) if whole else 0
    return Congruence(len(arrangements), within, memberships, memberships_within)


def splits(assignment: Assignment, arrangements: Mapping[str, Sequence[str]]) -> list[Split]:
    """The arrangements the borders would split (members in two or more regions, or in a region
    and unassigned), largest first, then by id."""
    out = []
    for arrangement, members in arrangements.items():
        grouped = _regions_of(members, assignment)
        if len(grouped) > 1 and set(grouped) != {""}:
            out.append(Split(arrangement, tuple(sorted(grouped.items()))))
    return sorted(out, key=lambda s: (-sum(len(m) for _, m in s.by_region), s.arrangement_id))


def base_assignment(layer_regions: Sequence[tuple[str, Sequence[str]]],
                    nordland: Iterable[str]) -> dict[str, str]:
    """A layer's regions as a scenario: each Nordland municipality in the first region that names
    it (a municipality is in at most one region of a scenario)."""
    inside = set(nordland)
    out: dict[str, str] = {}
    for key, members in layer_regions:
        for k in members:
            if k in inside and k not in out:
                out[k] = key
    return out
