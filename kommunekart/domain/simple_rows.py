"""A simple list's rows read as arrangements: each row's members resolved by name
(kommunekart.domain.names), its optional cells checked, an id made from its name, and every
mistake a Problem naming the sheet, the row and the column. Empty rows are skipped; a total row
(«Sum», «Totalt», «I alt» with no names in it) is skipped and said."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kommunekart.domain.cell_checks import FORMULA, FORMULA_HINT, REPEATED_HEADER, cell_problem, same_header
from kommunekart.domain.names import Gazetteer, lookup, resolve_members, suggestions
from kommunekart.domain.problems import Problem
from kommunekart.domain.schema import LEGAL_FORMS
from kommunekart.domain.simple_list import Sheet, header_key
from kommunekart.domain.slug import slug

Cell = Callable[[str], str]  # a row's cell by field name
Report = Callable[..., None]  # a row's problem: (field, message, suggestion=None, kind=…)
SEPARATORS = re.compile(r"[;,\n\r]+")
TOTAL = re.compile(r"^(sum|totalt?|i alt|samlet)\b", re.IGNORECASE)
YEAR = re.compile(r"^\d{4}$")
@dataclass(frozen=True)
class Lists:
    """What a row's coded cells are checked against: the shipped register's task areas."""

    gaz: Gazetteer
    task_areas: dict[str, str]  # casefolded id or name -> task_area_id
    task_names: tuple[str, ...]  # the names, for suggestions


@dataclass
class Entry:
    """One arrangement of the list, its cells checked."""

    row: int
    arrangement_id: str
    name: str
    members: list[str]
    task_area_id: str = ""
    legal_form: str = "ukjent"
    host: str = ""
    founded: str = ""
    year: str = ""
    source: str = ""
    note: str = ""


@dataclass
class Read:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: dict[str, list[int]] = field(default_factory=dict)  # notice -> rows it concerns

    def notice(self, text: str, row: int) -> None:
        self.notices.setdefault(text, []).append(row)


def split_members(text: str, gaz: Gazetteer) -> list[str]:
    """Names separated by comma, semicolon or line break; «A og B» is two names when both are
    municipalities and the whole is not one («Nore og Uvdal» stays one)."""
    out = []
    for part in (p.strip() for p in SEPARATORS.split(text)):
        pieces = [p.strip() for p in re.split(r"\s+og\s+", part)] if " og " in part else [part]
        whole_known = lookup(part, gaz).how != "ukjent"
        if len(pieces) > 1 and not whole_known and all(lookup(p, gaz).how != "ukjent" for p in pieces):
            out.extend(pieces)
        elif part:
            out.append(part)
    return out


def read_rows(sheet: Sheet, lists: Lists) -> Read:
    """Every row below the header as an Entry, or its problems; two rows with one id refused
    (a row with problems still claims its name, so its twin is named too)."""
    out = Read()
    first_row: dict[str, int] = {}
    header = sheet.rows[sheet.header_row][1]
    for number, cells in sheet.rows[sheet.header_row + 1:]:
        if same_header(cells, header):
            out.notice(f"{REPEATED_HEADER} og er hoppet over", number)
            continue
        before = len(out.problems)
        if _unreadable(sheet, number, cells, out):
            continue
        entry = _row(sheet, number, cells, lists, out)
        if entry is None:
            continue
        if entry.arrangement_id in first_row:
            out.problems.append(Problem(sheet.where, number, _label(sheet, "name"),
                                        f"«{entry.name}» står også i rad "
                                        f"{first_row[entry.arrangement_id]} (samme ordning to ganger)",
                                        kind="dobbel ordning"))
            continue
        first_row[entry.arrangement_id] = number
        if len(out.problems) == before:
            out.entries.append(entry)
    return out


def _unreadable(sheet: Sheet, number: int, cells: list[str], out: Read) -> bool:
    """Whether a cell of the row cannot be read as it stands (kommunekart.domain.cell_checks):
    refused where it stands, never read into a name, cut short or read as empty."""
    before = len(out.problems)
    needed = {sheet.columns["name"], sheet.columns["members"]}  # an optional one reads as empty
    width = max([len(cells), *(i + 1 for n, i in sheet.formulas if n == number)])
    for index in range(width):
        found = ((FORMULA, FORMULA_HINT) if (number, index) in sheet.formulas and index in needed
                 else cell_problem(cells[index]) if index < len(cells) else None)
        if found:
            out.problems.append(Problem(sheet.where, number, sheet.column_label(index), found[0],
                                        found[1], "format"))
    return len(out.problems) > before


def _label(sheet: Sheet, name: str) -> str:
    return sheet.column_label(sheet.columns[name])


def _cell(sheet: Sheet, cells: list[str], name: str) -> str:
    index = sheet.columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _row(sheet: Sheet, number: int, cells: list[str], lists: Lists, out: Read) -> Entry | None:
    def cell(name: str) -> str:
        return _cell(sheet, cells, name)

    def problem(name: str, message: str, suggestion: str | None = None, kind: str = "verdi") -> None:
        out.problems.append(Problem(sheet.where, number, _label(sheet, name), message, suggestion,
                                    kind))

    name, members = cell("name"), cell("members")
    if (TOTAL.match(name) or TOTAL.match(cell("nr"))) and not re.search(r"[^\W\d_]", members):
        out.notice(f"summeraden «{name or cell('nr')}» er hoppet over", number)
        return None
    if not name:
        problem("name", "navnet på ordningen mangler", kind="mangler")
        return None
    if not members:
        problem("members", f"«{name}» har ingen deltakerkommuner", kind="mangler")
        return None
    if re.fullmatch(r"[\d\s.,]+", name):
        problem("name", f"navnet på ordningen er bare et tall («{name}»); skriv ordningens navn",
                kind="verdi")
        return None
    entry = Entry(number, slug(name) or f"ordning-rad-{number}", name, [])
    _members(number, members, cell("kom"), lists, entry, out, problem)
    _coded(cell, lists, entry, problem)
    _years(cell, entry, problem)
    entry.source, entry.note = cell("source"), cell("note")
    return entry


def _members(number: int, text: str, kom: str, lists: Lists, entry: Entry, out: Read,
             problem: Report) -> None:
    """The row's members resolved, at least two, and as many as its Kom says."""
    resolved = resolve_members(split_members(text, lists.gaz), lists.gaz)
    for refusal in resolved.refusals:
        problem("members", refusal.message, refusal.suggestion, refusal.kind)
    for notice in resolved.notices:
        out.notice(notice, number)
    entry.members = resolved.numbers
    if resolved.refusals:
        return
    if len(entry.members) < 2:
        problem("members", f"«{entry.name}» har {len(entry.members)} deltakerkommune; en ordning "
                "må ha minst to", kind="mangler")
    if kom and not kom.isdigit():
        problem("kom", f"Kom «{kom}» er ikke et tall (antall deltakerkommuner)",
                str(len(entry.members)), "kom stemmer ikke")
    elif kom and kom != str(len(entry.members)):
        problem("kom", f"Kom er {kom}, men raden har {len(entry.members)} deltakerkommuner",
                str(len(entry.members)), "kom stemmer ikke")


def _coded(cell: Cell, lists: Lists, entry: Entry, problem: Report) -> None:
    """Task area (name or id), legal form and host, each checked against what is allowed."""
    task = cell("task_area")
    if task:
        entry.task_area_id = lists.task_areas.get(header_key(task), "")
        if not entry.task_area_id:
            names = {n.casefold(): n for n in lists.task_names}
            near = difflib.get_close_matches(task.casefold(), list(names), n=2, cutoff=0.5)
            problem("task_area", f"ukjent oppgaveområde «{task}»",
                    " eller ".join(names[n] for n in near) or None)
    form = cell("legal_form")
    if form:
        forms = {f.casefold(): f for f in LEGAL_FORMS}
        entry.legal_form = forms.get(header_key(form), "")
        if not entry.legal_form:
            near = difflib.get_close_matches(form.casefold(), list(forms), n=1, cutoff=0.5)
            problem("legal_form", f"«{form}» er ikke en organisasjonsform vi kjenner "
                    f"({', '.join(LEGAL_FORMS)})", forms[near[0]] if near else None)
    host = cell("host")
    if host:
        found = lookup(host, lists.gaz)
        among = [n for n in found.numbers if n in entry.members]
        if found.how in ("ukjent", "delt"):
            problem("host", f"vertskommunen «{host}» er ikke en kommune i 2020-inndelingen",
                    " eller ".join(suggestions(host, lists.gaz)) or None, "ukjent kommune")
        elif len(among) != 1:
            problem("host", f"vertskommunen «{host}» er ikke blant deltakerne")
        else:
            entry.host = among[0]


def _years(cell: Cell, entry: Entry, problem: Report) -> None:
    for name, attr in (("year", "year"), ("founded", "founded")):
        text = cell(name)
        if not text:
            continue
        if YEAR.match(text) and 1800 <= int(text) <= 2100:
            setattr(entry, attr, text)
        else:
            problem(name, f"«{text}» er ikke et årstall (skriv fire sifre, f.eks. 2020)",
                    kind="ikke et årstall")
