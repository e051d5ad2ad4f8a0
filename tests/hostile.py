"""A hostile register for the tests: the shipped register (data/) with names, labels and notes that
a careless or hostile user might type: HTML that plotly would draw as a link, `%{…}` that a
hovertemplate would fill in, and cells a spreadsheet would run as formulas."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from kommunekart.paths import DATA_DIR

EVIL = '<a href="https://evil.example">Ond</a> %{z}'  # Alstahaug's name
LINK_ARRANGEMENT = '<a href="https://evil.example">Lenke</a> %{text}'
REGION = "<b>Fet</b> %{customdata} & 50 %"  # Helgeland legevaktsentral
TASK = "<i>Legevakt</i> %{y}"  # the task area «Legevaktsentral»
FIGURE = "<a href=x>Antall</a> %{x}"  # the label of the formal arrangements per year
PROPOSED = "<a href=x>Ytre</a> %{x}"  # the proposed kommuneregion Ytre Salten
LIST = "<s>Kommunepsykolog</s> %{text}"  # the survey list's name
FORMULAS = {  # municipality -> a name a spreadsheet would run
    "1822": '=HYPERLINK("http://x","y")',  # Leirfjord
    "1818": "+1",  # Herøy
    "1827": "-2+3",  # Dønna
    "1824": "@SUM(A1)",  # Vefsn
}
FORMULA_ARRANGEMENT = '=HYPERLINK("http://x","y")'


def _edit(folder: Path, table: str, column: str, where: dict[str, str], value: str) -> None:
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    hit = pd.Series(True, index=frame.index)
    for key, wanted in where.items():
        hit &= frame[key] == wanted
    assert hit.any(), (table, where)
    frame.loc[hit, column] = value
    frame.to_csv(path, index=False)


def hostile_register(folder: Path) -> Path:
    """A copy of data/ in `folder` with the texts above in it; every other row as shipped."""
    shutil.copytree(DATA_DIR, folder)
    _edit(folder, "municipalities", "name", {"kommunenummer": "1820"}, EVIL)
    for kommune, name in FORMULAS.items():
        _edit(folder, "municipalities", "name", {"kommunenummer": kommune}, name)
    _edit(folder, "arrangements", "name", {"arrangement_id": "legevakt-alstahaug-leirfjord"},
          FORMULA_ARRANGEMENT)
    _edit(folder, "arrangements", "name",
          {"arrangement_id": "kulturskolen-for-alstahaug-og-leirfjord"}, LINK_ARRANGEMENT)
    _edit(folder, "region_layers", "region_name", {"region_id": "lvs-helgeland"}, REGION)
    _edit(folder, "task_areas", "name", {"task_area_id": "legevaktsentral"}, TASK)
    _edit(folder, "survey_figures", "label", {"figure_id": "ordninger_totalt"}, FIGURE)
    _edit(folder, "regions", "name", {"region_id": "kr-ytre-salten"}, PROPOSED)
    _edit(folder, "survey_lists", "list_name", {"list_id": "kommunepsykolog"}, LIST)
    return folder
