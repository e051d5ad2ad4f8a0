"""/kart's panel model (kommunekart/views/kart_panel.py), counted by hand from the shipped
register in data/: memberships.csv, arrangements.csv, task_areas.csv, region_layers.csv."""

from __future__ import annotations

import json

from kommunekart.views import kart_panel
from kommunekart.views.client import client_register
from kommunekart.views.kart_panel import panel_lines, panel_model
from kommunekart.views.panel_text import TEXTS, js_number, scope_text, source_links
from kommunekart.views.state import KartState


def test_kommune_panel_counts_its_arrangements(app_data) -> None:
    # Bindal (1811) is in 10 arrangements (memberships.csv); Sør-Helgeland krisesenter is the
    # only one not from the 2020 survey (offentlig-kilde, as of 2024).
    model = panel_model(app_data, KartState(kommune="1811"))
    assert model.kind == "kommune" and model.heading == "Bindal (1811)"
    assert model.before == ("10 registrerte ordninger, sortert etter antall deltakere. "
                            "Samarbeidskommunene er farget på kartet.",)
    assert len(model.items) == 10
    assert model.items[0] == "Revisjon Midt-Norge SA (53 deltakere)"  # the largest first
    survey = panel_model(app_data, KartState(kommune="1811", scope="kartlegging"))
    assert survey.before[0].startswith("9 registrerte ordninger fra kartleggingen 2020, sortert")
    dated = panel_model(app_data, KartState(kommune="1811", scope="til2020"))
    assert dated.before[0].startswith("9 registrerte ordninger datert til og med 2020, sortert")


def test_kommune_without_arrangements_says_what_it_means(app_data) -> None:
    model = panel_model(app_data, KartState(kommune="1811", task="legevaktsentral"))
    assert model.items == ()
    assert model.before == (
        "Ingen registrerte ordninger innen «Legevaktsentral».",
        "Det betyr ikke at Bindal ikke samarbeider: registeret dekker bare en del av ordningene. "
        "Last inn et fullstendig register for å se alt.")
    # with a task area the view sends its own count sentence; without, the register copy has it
    view = kart_panel.view(app_data, KartState(kommune="1811", task="legevaktsentral"))
    assert view["panel"] == {"kind": "kommune", "empty": True,
                             "lead": "Ingen registrerte ordninger innen «Legevaktsentral»."}
    assert kart_panel.view(app_data, KartState(kommune="1811"))["panel"] == {"kind": "kommune"}
    bindal = client_register(app_data)["kommuner"]["1811"]
    assert bindal["scopes"]["alle"]["lead"] == ("10 registrerte ordninger, sortert etter antall "
                                                "deltakere.")
    assert bindal["title"] == "Bindal (1811)" and not bindal["scopes"]["alle"]["empty"]


def test_task_panel_against_the_survey(app_data) -> None:
    # Legevaktsentral (number 5; survey 0 % in 2014, 100 % in 2020): one registered
    # arrangement, Helgeland Legevaktsentral, with 12 members, all in Nordland: 12/41 = 29 %.
    model = panel_model(app_data, KartState(task="legevaktsentral"))
    assert model.kind == "task" and model.heading == "5. Legevaktsentral"
    assert model.before[:2] == (
        "Kartleggingen: 0 % av kommunene i 2014, 100 % i 2020.",
        "I registeret: 12 av 41 kommuner (29 %) deltar i 1 registrert ordning.")
    assert model.before[2].startswith("Kartlaget «Legevaktsentraler (116117)»")  # layer note
    assert model.items == ("Helgeland Legevaktsentral (12 deltakere)",)
    assert kart_panel.view(app_data, KartState(task="legevaktsentral"))["panel"] == {"kind": "task"}
    lead = client_register(app_data)["task_leads"]["legevaktsentral"]["alle"]
    assert lead == {"lead": model.before[1], "empty": False}


def test_region_panel(app_data) -> None:
    state = KartState(layers=("legevaktsentral",), region="lvs-helgeland")
    model = panel_model(app_data, state)
    assert model.kind == "region" and model.heading == "Helgeland legevaktsentral"
    assert model.before == ("Legevaktsentraler (116117)",)
    # region_layers.csv: its 12 members in the order listed (1818, 1820, 1822, 1827, …)
    assert model.items[0] == ("Deltakere: Herøy, Alstahaug, Leirfjord, Dønna, Nesna, Vefsn, "
                              "Grane, Hattfjelldal, Brønnøy, Vevelstad, Vega, Sømna")
    assert model.items[1:3] == ("Vertskommune: ikke kjent", "Kilden gjelder: juni 2020")
    assert [b.label for b in model.layers] == ["Legevaktsentraler (116117)"]
    assert kart_panel.view(app_data, state)["panel"] == {"kind": "region"}


def test_overview_names_the_highest(app_data) -> None:
    # memberships.csv: Alstahaug 34, Leirfjord 33, Dønna 30, Herøy 28, Brønnøy 16
    model = panel_model(app_data, KartState())
    assert model.kind == "overview" and model.heading == "Oversikt"
    assert model.before == (
        f"Kartet viser registrerte ordninger per kommune. {TEXTS['help']}",
        "Høyest: Alstahaug (34), Leirfjord (33), Dønna (30), Herøy (28), Brønnøy (16).")
    assert model.after == (app_data.coverage_detail,)
    sent = client_register(app_data)["overviews"]["ordninger"]["alle"]
    assert sent == {"lead": "Kartet viser registrerte ordninger per kommune.",
                    "top": model.before[1]}


def test_panel_lines_read_as_the_panel(app_data) -> None:
    heading, lines = panel_lines(panel_model(app_data, KartState(task="legevaktsentral",
                                                                 layers=("legevaktsentral",))))
    assert heading == "5. Legevaktsentral"
    assert lines[1] == "I registeret: 12 av 41 kommuner (29 %) deltar i 1 registrert ordning."
    assert lines[3] == "Helgeland Legevaktsentral (12 deltakere)"
    assert lines[4] == app_data.coverage_detail
    assert lines[5] == "Legevaktsentraler (116117)" and lines[6].startswith("Kilden oppgir")
    assert all(isinstance(line, str) and line for line in lines)


def test_view_payload_is_json_and_small(app_data) -> None:
    """What an interaction sends: no default it need not send, no sentence the register copy has."""
    view = kart_panel.view(app_data, KartState(kommune="1820"))
    assert "register" not in view and "visning" not in view and "top" not in view
    assert {"participants", "participant_share", "konst_url"}.isdisjoint(view)
    json.dumps(view)
    assert "top" not in kart_panel.view(app_data, KartState())  # the register copy has it


def test_panel_text_helpers() -> None:
    assert scope_text("alle") == ""
    assert scope_text("kartlegging", "Arkiv") == " fra kartleggingen 2020 innen «Arkiv»"
    assert js_number(83.0) == "83" and js_number(4.5) == "4.5"
    assert source_links("") == ["kilde ikke oppgitt"]
    assert source_links("Rapport ; https://a.no/x") == [
        "Rapport", " · ", {"href": "https://a.no/x", "title": "https://a.no/x", "text": "kilde 2"}]


def test_a_handout_prints_the_panel_without_how_to(app_data) -> None:
    """On paper the overview says what the map shows and who is highest, not where to click;
    the coverage note is the footer's. The screen keeps both."""
    model = kart_panel.panel_model(app_data, KartState())
    heading, printed = kart_panel.panel_lines(model, printed=True)
    assert heading == "Oversikt"
    assert printed == ["Kartet viser registrerte ordninger per kommune.",
                       "Høyest: Alstahaug (34), Leirfjord (33), Dønna (30), Herøy (28), Brønnøy (16)."]
    _, shown = kart_panel.panel_lines(model)
    assert any("Klikk en kommune" in line for line in shown) and app_data.coverage_detail in shown
    with_layer = kart_panel.panel_model(app_data, KartState(layers=("legevaktsentral",)))
    assert kart_panel.panel_lines(with_layer, printed=True)[1][:2] == printed  # layers after it
