"""Plain helpers the test files share (no browser): registers to upload or load, Dash's page
router and layouts as JSON, the map callbacks fed by hand, a register small enough to count by
hand, and WCAG contrast. Shared fixtures are in conftest.py; browser helpers in browser.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from dash import Patch, no_update

from kommunekart.outputs.export import xlsx_bytes
from kommunekart.paths import DATA_DIR
from kommunekart.views import kart_panel
from kommunekart.views.state import KartState
from kommunekart.web.pages.kart import shown_of, view_change

# ---------------------------------------------------------------------- registers


def tables() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted(DATA_DIR.glob("*.csv"))}


def survey_only_tables() -> dict[str, pd.DataFrame]:
    """The shipped register cut down to the deck's own arrangements: a different, valid one."""
    t = tables()
    keep = t["arrangements"]["basis"] == "kartlegging-2020"
    t["arrangements"] = t["arrangements"][keep]
    ids = set(t["arrangements"]["arrangement_id"])
    t["memberships"] = t["memberships"][t["memberships"]["arrangement_id"].isin(ids)]
    return t


def survey_with_members() -> int:
    """The survey's own arrangements with a known member list in the shipped register (what a
    survey-only register's coverage counts)."""
    arr = survey_only_tables()["arrangements"]
    return int((arr["members_complete"] == "true").sum())


def misspelt_member_tables() -> dict[str, pd.DataFrame]:
    """The shipped register with one membership misspelt as a user would: kommunenummer «1821»
    (no such municipality) where the name beside it, Alstahaug, is 1820: one problem, the
    unknown number in memberships' row 2 (suggested: «1820 (Alstahaug)»)."""
    t = tables()
    mem = t["memberships"]
    first = mem.index[(mem["arrangement_id"] == "legevakt-alstahaug-leirfjord")
                      & (mem["kommunenummer"] == "1820")][0]
    mem["name"] = ""
    mem.loc[first, ["kommunenummer", "name"]] = ["1821", "Alstahaug"]
    return t


workbook = xlsx_bytes  # one sheet per table, as a user's register workbook


def csv_files(t: dict[str, pd.DataFrame]) -> list[tuple[str, bytes]]:
    return [(f"{name}.csv", frame.to_csv(index=False).encode()) for name, frame in t.items()]


def register_copy(tmp_path: Path) -> Path:
    """A copy of data/ (its README left out) in tmp_path/register."""
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def edit(folder: Path, table: str, change) -> None:
    """Rewrite `table`.csv of the register in `folder` as change(frame) returns it."""
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)


def own_register(tmp_path: Path, change) -> Path:
    """A copy of data/ whose task_areas.csv `change` edits in place."""
    folder = tmp_path / "register"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("README.md"))
    path = folder / "task_areas.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(table)
    table.to_csv(path, index=False)
    return folder


# A register small enough to count by hand (the `tiny` fixture in conftest.py loads it).
MUNIS = ["1804", "1806", "1811", "1812"]

FILES = {
    "municipalities.csv": """kommunenummer,name,county,in_nordland
1804,Bodø,Nordland,true
1806,Narvik,Nordland,true
1811,Bindal,Nordland,true
1812,Sømna,Nordland,true
""",
    "task_areas.csv": """task_area_id,number,name,share_2014,share_2020,group,source
legevakt,15,Legevakt,66,63,vanlig,test
arkiv,12,Arkiv,70,,vanlig,test
bibliotek,27,Bibliotek,48,24,sjelden,test
""",
    "arrangements.csv": """arrangement_id,name,task_area_id,legal_form,host_kommunenummer,founded,\
basis,as_of,confidence,members_complete,source,note
a,Alfa,legevakt,vertskommune,1804,,kartlegging-2020,2020,stated-2020,true,test,
b,Beta,arkiv,IKS,,,kartlegging-2020,2020,stated-2020,true,test,
c,Gamma,legevakt,vertskommune,1806,,offentlig-kilde,2018,stated-other-year,true,test,
d,Delta,,ukjent,,,offentlig-kilde,2019,stated-other-year,false,test,medlemmer ikke kjent
e,Epsilon,arkiv,ukjent,,,offentlig-kilde,2023 (side),stated-other-year,true,test,
f,Zeta,,ukjent,,,offentlig-kilde,udatert,stated-other-year,true,test,
""",
    "memberships.csv": """arrangement_id,kommunenummer
a,1804
a,1806
b,1804
b,1806
b,1811
c,1806
c,1811
e,1811
e,1812
f,1804
f,1812
""",
}

# ---------------------------------------------------------------------- pages as JSON


def page(client: Any, pathname: str, search: str = "") -> Any:
    """What Dash's page router sends for a path: the layout of the page it routes to."""
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}], "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": pathname},
                {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"]}
    return client.post("/_dash-update-component", json=body)


def components(node: Any) -> Iterator[dict[str, Any]]:
    """Every component in a layout sent as JSON."""
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from components(value)
    elif isinstance(node, list):
        for value in node:
            yield from components(value)


# ---------------------------------------------------------------------- map callbacks by hand


def ops(patch: Patch) -> dict[tuple, object]:
    """Patch operations as {location: value} for the 'Assign' operations."""
    out = {}
    for op in patch.to_plotly_json()["operations"]:
        assert op["operation"] == "Assign"
        out[tuple(op["location"])] = op["params"]["value"]
    return out


def base_view(app_data, **kw):
    return kart_panel.view(app_data, KartState(**kw))


def change(app_data, trigger: str, view: dict, click_data: dict | None = None,
           overlay: dict | None = None, **state):
    """One interaction: the controls as `state`, the view the page showed before. Returns
    (patch, new view, kommune value, overlay state); the `shown` store must follow the view."""
    patch, new_view, shown, kommune, loaded = view_change(
        app_data, trigger, KartState(**state), click_data, shown_of(view), overlay or {})
    if new_view is not no_update:
        assert shown is no_update or shown == shown_of(new_view)
    return patch, new_view, kommune, loaded


# ---------------------------------------------------------------------- contrast


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# ---------------------------------------------------------------------- another county

TROMS_FINNMARK = Path(__file__).parent / "fixtures" / "troms_finnmark"  # a register of county 54
TROMS_FINNMARK_LIST = Path(__file__).parent / "fixtures" / "troms_finnmark_liste.csv"  # a simple list


# ---------------------------------------------------------------------- simple lists


def alstahaug_simple_list(title: bool = True) -> bytes:
    """The deck's table «Alstahaug i alle konstellasjoner» typed in as it stands on the slide
    (tests/fixtures/deck/alstahaug.csv), as a one-sheet CSV simple list: a title row, then the
    deck's headers Nr, Navn samarbeidsordning, Deltakerkommuner, Kom."""
    import csv
    import io

    with (Path(__file__).parent / "fixtures" / "deck" / "alstahaug.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if title:
        writer.writerow(["Alstahaug i alle konstellasjoner"])
    writer.writerow(["Nr", "Navn samarbeidsordning", "Deltakerkommuner", "Kom"])
    for r in rows:
        writer.writerow([r["nr"], r["name"], r["members"], r["kom"]])
    return out.getvalue().encode("utf-8")
