"""What a user takes away: the map's numbers and the panel's list, as CSV and XLSX."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from kommunekart.outputs.export import csv_bytes, dated_stem, xlsx_bytes
from kommunekart.views import kart as kart_view
from kommunekart.views.kart import municipality_table, view_tables
from kommunekart.views.state import KartState


def test_alstahaug_survey_view_as_tables(app_data) -> None:
    state = KartState(kommune="1820", scope="kartlegging")
    tables = view_tables(app_data, state)
    arr = tables["ordninger"]
    assert len(arr) == 33 and arr["ordning"].iloc[0] == "Revisjon Midt-Norge SA"
    assert "Helgeland havn IKS" in set(arr["ordning"])
    havn = arr[arr["ordning"] == "Helgeland havn IKS"].iloc[0]
    assert havn["deltakere"] == "Alstahaug, Leirfjord, Dønna, Vefsn" and havn["antall deltakere"] == 4
    kommuner = tables["kommuner"].set_index("kommunenummer")
    assert kommuner.loc["1822"].iloc[-1] == 32 and len(kommuner) == 41
    about = dict(tables["om"].to_numpy())
    assert about["Utvalg"] == "Bare kartleggingen 2020" and about["Kommune"] == "Alstahaug"
    assert "av 263 ordninger" in about["Dekning"]
    # one naming scheme for every file: view, what it shows, date (as the handouts)
    name = kart_view.tables(app_data, {"kommune": "1820", "utvalg": "kartlegging"}).name
    assert dated_stem(name, date(2026, 11, 27)) == "kommunekart-kart-alstahaug-kartlegging-2026-11-27"


def test_task_area_view_names_who_takes_part(app_data) -> None:
    frame = municipality_table(app_data, KartState(task="legevaktsentral")).set_index("kommune")
    assert frame.loc["Alstahaug", "ordninger"] == "Helgeland Legevaktsentral"
    assert frame.loc["Bindal", "ordninger"] == ""


def test_csv_and_xlsx_read_back(app_data) -> None:
    state = KartState(task="barnevernvakt")
    data = csv_bytes(municipality_table(app_data, state))
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads æøå
    back = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, encoding="utf-8-sig")
    assert list(back.columns[:2]) == ["kommunenummer", "kommune"] and "Værøy" in set(back["kommune"])
    book = pd.read_excel(io.BytesIO(xlsx_bytes(view_tables(app_data, state))), sheet_name=None)
    assert set(book) == {"kommuner", "ordninger", "om"}
    assert len(book["ordninger"]) == 4  # the barnevernvakt arrangements in the register


def test_every_view_with_tables_downloads_them_by_one_route(app_data) -> None:
    """CSV and XLSX of the view on screen come from one route each, named by one scheme; a view
    or link without tables gets a Norwegian message, never a file or a 500."""
    from urllib.parse import quote

    from kommunekart.web.app import create_app

    client = create_app(app_data).server.test_client()
    today = date.today().isoformat()

    def get(route: str, view: str):
        return client.get(f"{route}?url={quote(view, safe='')}")

    konst = get("/last-ned/tabell.csv", "/konstellasjoner?kommune=1820&utvalg=kartlegging")
    assert konst.status_code == 200
    assert f'filename="kommunekart-konstellasjoner-alstahaug-kartlegging-{today}.csv"' in (
        konst.headers["Content-Disposition"])
    rows = pd.read_csv(io.BytesIO(konst.data), sep=";", encoding="utf-8-sig")
    assert len(rows) == 33 and rows["nr"].tolist() == list(range(1, 34))
    scen = get("/last-ned/tabeller.xlsx", "/scenarier?grunnlag=regionraad")
    assert scen.status_code == 200 and f"kommunekart-scenario-regionraad-{today}.xlsx" in (
        scen.headers["Content-Disposition"])
    book = pd.read_excel(io.BytesIO(scen.data), sheet_name=None)
    assert list(book) == ["kommuner", "regioner", "om"] and len(book["kommuner"]) == 41
    for view, words in (("/konstellasjoner?kommune=alle", "én kommune om gangen"),
                        ("/utvikling", "Tabeller (CSV og XLSX) finnes for visningene"),
                        ("https://example.org/kart", "Kan ikke lage tabeller")):
        refused = get("/last-ned/tabell.csv", view)
        assert refused.status_code == 400 and words in refused.get_data(as_text=True)
        assert "Traceback" not in refused.get_data(as_text=True)
