"""Municipalities as people write them, resolved to 2020 kommunenummer: against the boundary
file's 2020 names (kommunekart.geo.gazetteer), the official Sami and Kven parallel names
(data/app/name_aliases.csv) and the municipalities that ended on 1.1.2020
(data/app/former_municipalities.csv). Pure: the tables come in, numbers, notices and refusals go
out, and nothing is guessed. A name that exists twice in 2020 numbering (Herøy, Våler) is decided
by the county of the arrangement's other members, and said; a former municipality split between
two successors (Tysfjord) is refused with both named, never shared out."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kommunekart.geo.gazetteer import Municipality
from kommunekart.paths import DATA_DIR

ALIASES = DATA_DIR / "app" / "name_aliases.csv"
FORMER = DATA_DIR / "app" / "former_municipalities.csv"
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
PARTS = re.compile(r"\s+-\s+|\s*/\s*")  # «Hábmer - Hamarøy», «Aarborte/Hattfjelldal»
QUALIFIED = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<paren>[^()]+)\)|\s+i\s+(?P<county>.+))$")
SUFFIX = re.compile(r"\s+kommune$")
SCRIPTS = {"CYRILLIC": "kyrillisk", "GREEK": "gresk", "ARMENIAN": "armensk"}
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")  # zero-width and soft hyphen: unseen


def normalise(text: str) -> str:
    """The form names are compared in: case, spacing, dash kinds and a trailing «kommune» ignored."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text)).replace("\u00a0", " ")
    text = DASHES.sub("-", text).casefold().strip().strip(".")
    text = re.sub(r"\s*-\s*(?=\S)", "-", re.sub(r"\s+", " ", text)) if "-" in text else text
    return SUFFIX.sub("", re.sub(r"\s+", " ", text)).strip()


@dataclass(frozen=True)
class Successor:
    kommunenummer: str
    part: str  # «hele», or which part of the former municipality went to it


@dataclass(frozen=True)
class Gazetteer:
    """Everything a written name is resolved against, keyed by its normalised form."""

    municipalities: dict[str, Municipality]  # by kommunenummer
    names: dict[str, tuple[str, ...]]  # normalised 2020 name -> numbers (two for Herøy)
    aliases: dict[str, str]  # normalised Sami/Kven name -> number
    former: dict[str, tuple[Successor, ...]]  # normalised pre-2020 name -> its successor(s)
    counties: dict[str, str]  # normalised county name -> county name
    shown: dict[str, str] = field(default_factory=dict)  # normalised key -> the name as written
    near: dict[tuple[str, int], list[str]] = field(default_factory=dict, compare=False)

    def label(self, number: str) -> str:
        m = self.municipalities[number]
        return f"{m.name} ({number}, {m.county})" if m.county else f"{m.name} ({number})"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def gazetteer(municipalities: tuple[Municipality, ...], aliases: list[dict[str, str]],
              former: list[dict[str, str]]) -> Gazetteer:
    """The lookup tables from the boundary file's municipalities and the two name tables."""
    by_number = {m.kommunenummer: m for m in municipalities}
    names: dict[str, tuple[str, ...]] = {}
    shown: dict[str, str] = {}
    for m in municipalities:
        key = normalise(m.name)
        names[key] = (*names.get(key, ()), m.kommunenummer)
        shown[key] = m.name
    alias = {normalise(r["alias"]): r["kommunenummer"] for r in aliases
             if r["kommunenummer"] in by_number}
    shown.update({normalise(r["alias"]): r["alias"] for r in aliases})
    gone: dict[str, tuple[Successor, ...]] = {}
    for r in former:
        key = normalise(r["former_name"])
        gone[key] = (*gone.get(key, ()), Successor(r["successor_kommunenummer"], r["part"]))
        shown[key] = r["former_name"]
    counties = {normalise(m.county): m.county for m in municipalities if m.county}
    return Gazetteer(by_number, names, alias, gone, counties, shown)


@lru_cache(maxsize=4)
def shipped_gazetteer(municipalities: tuple[Municipality, ...]) -> Gazetteer:
    """The gazetteer with the shipped alias and former-municipality tables (data/app/)."""
    return gazetteer(municipalities, _rows(ALIASES), _rows(FORMER))


@dataclass(frozen=True)
class Found:
    """One written name, looked up: its candidate numbers and how they were found."""

    written: str
    numbers: tuple[str, ...]  # one: resolved; several: the same name twice (Herøy) or a split
    how: str  # "navn", "nummer", "parallellnavn", "tidligere", "delt", "ukjent"
    successors: tuple[Successor, ...] = ()


def lookup(written: str, gaz: Gazetteer) -> Found:
    """A name as written: a 2020 number, name, «Herøy i Nordland» / «Herøy (Nordland)», a
    parallel name, a combined form «Hábmer - Hamarøy», or a pre-2020 municipality."""
    text = written.strip()
    if re.fullmatch(r"\d{4}", text):
        return Found(written, (text,), "nummer") if text in gaz.municipalities else \
            Found(written, (), "ukjent")
    found = _plain(normalise(text), gaz, written)
    if found.how != "ukjent":
        return found
    qualified = QUALIFIED.match(normalise(text))
    if qualified:
        county = gaz.counties.get(normalise(qualified["paren"] or qualified["county"] or ""))
        inner = _plain(qualified["name"], gaz, written)
        hits = tuple(n for n in inner.numbers if gaz.municipalities[n].county == county)
        if county and len(hits) == 1:
            return Found(written, hits, inner.how)
    parts = [p for p in PARTS.split(DASHES.sub("-", text)) if p.strip()]
    if len(parts) > 1:
        each = [lookup(p, gaz) for p in parts]
        numbers = {f.numbers for f in each}
        if len(numbers) == 1 and all(len(f.numbers) == 1 and f.how != "tidligere" for f in each):
            return Found(written, each[0].numbers, "parallellnavn")
    return Found(written, (), "ukjent")


def _plain(key: str, gaz: Gazetteer, written: str) -> Found:
    if key in gaz.names:
        return Found(written, gaz.names[key], "navn")
    if key in gaz.aliases:
        return Found(written, (gaz.aliases[key],), "parallellnavn")
    if key in gaz.former:
        successors = gaz.former[key]
        how = "tidligere" if len(successors) == 1 else "delt"
        return Found(written, tuple(s.kommunenummer for s in successors), how, successors)
    return Found(written, (), "ukjent")


def suggestions(written: str, gaz: Gazetteer, n: int = 3) -> list[str]:
    """The nearest names we know (2020 names, parallel names, former names), as written there."""
    key = (normalise(written), n)
    if key not in gaz.near:  # a 20 000-row list repeats its misspellings: each looked up once
        keys = [*gaz.names, *gaz.aliases, *gaz.former]
        close = difflib.get_close_matches(key[0], keys, n=n, cutoff=0.6)
        gaz.near[key] = [gaz.shown.get(k, k) for k in close]
    return list(gaz.near[key])


def foreign_letters(written: str) -> str:
    """« («А» er kyrillisk)» for letters of another alphabet in a name (a look-alike pasted in)."""
    odd = sorted({c for c in written if c.isalpha() and not unicodedata.name(c, "").startswith(
        "LATIN")})
    if not odd:
        return ""
    scripts = {SCRIPTS.get(unicodedata.name(c, "?").split()[0], "et annet") for c in odd}
    return (f"; {', '.join(f'«{c}»' for c in odd)} er en bokstav fra et annet alfabet "
            f"({', '.join(sorted(scripts))}) enn det norske")


@dataclass(frozen=True)
class Refusal:
    written: str
    message: str
    suggestion: str | None
    kind: str


@dataclass
class Members:
    """A row's members resolved: numbers in the order written, what was read into a name (the
    summary says it), and the names that could not be resolved."""

    numbers: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


def resolve_members(written: list[str], gaz: Gazetteer) -> Members:
    """A row's member names resolved together: a name that exists twice is decided by the county
    most of the other members lie in; twice the same municipality is refused."""
    found = [lookup(w, gaz) for w in written]
    settled = [f.numbers[0] for f in found if len(f.numbers) == 1]
    counties = Counter(gaz.municipalities[n].county for n in settled)
    out = Members()
    seen: dict[str, str] = {}
    for f in found:
        number = _one(f, gaz, counties, out)
        if number is None:
            continue
        if number in seen:
            if f.how == "tidligere" or lookup(seen[number], gaz).how == "tidligere":
                out.notices.append(f"«{f.written}» og «{seen[number]}» er samme kommune fra 2020 "
                                   f"({gaz.label(number)}); ført én gang")
            else:
                out.refusals.append(Refusal(f.written, f"{gaz.label(number)} står to ganger i "
                                            "raden", None, "dobbel kommune"))
            continue
        seen[number] = f.written
        out.numbers.append(number)
    return out


def _one(f: Found, gaz: Gazetteer, counties: Counter[str], out: Members) -> str | None:
    """One looked-up name as a number, or None with its refusal (or notice) added to `out`."""
    if f.how == "ukjent":
        near = suggestions(f.written, gaz)
        out.refusals.append(Refusal(f.written, f"ukjent kommune «{f.written}» (ikke en kommune i "
                                    f"2020-inndelingen{foreign_letters(f.written)})",
                                    " eller ".join(near) or None, "ukjent kommune"))
        return None
    if f.how == "delt":
        names = " og ".join(f"{gaz.municipalities[s.kommunenummer].name} ({s.part})"
                            for s in f.successors)
        out.refusals.append(Refusal(f.written, f"«{f.written}» ble delt 1.1.2020 mellom {names}; "
                                    "skriv den 2020-kommunen som er med",
                                    " eller ".join(gaz.municipalities[s.kommunenummer].name
                                                   for s in f.successors), "tidligere kommune"))
        return None
    if len(f.numbers) > 1:
        return _by_county(f, gaz, counties, out)
    number = f.numbers[0]
    if f.how == "tidligere":
        out.notices.append(f"«{f.written}» (kommune til 2019) er ført som {gaz.label(number)}, "
                           "kommunen den ble en del av 1.1.2020")
    return number


def _by_county(f: Found, gaz: Gazetteer, counties: Counter[str], out: Members) -> str | None:
    """A name that exists twice: the candidate in the county most other members lie in."""
    votes = sorted(((counties[gaz.municipalities[n].county], n) for n in f.numbers), reverse=True)
    options = " eller ".join(f"{gaz.municipalities[n].name} i {gaz.municipalities[n].county}"
                             for n in f.numbers)
    if votes[0][0] == 0 or votes[0][0] == votes[1][0]:
        out.refusals.append(Refusal(f.written, f"«{f.written}» finnes i flere fylker, og de andre "
                                    "deltakerne avgjør ikke hvilken", options, "tvetydig kommune"))
        return None
    number = votes[0][1]
    out.notices.append(f"«{f.written}» er tolket som {gaz.label(number)} ut fra fylket til de "
                       "andre deltakerne")
    return number
