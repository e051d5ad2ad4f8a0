"""/oppgaver without a browser: the chart's data against the register and the register against
the deck, the orders, the picked-out changes, the links to /kart, the URL state, a user's own
register and one without shares."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest

from kommunekart.domain import measures
from kommunekart.domain.wording import SHARE_BASE, task_register_line
from kommunekart.figures.task_areas import arrange, dumbbell_figure, picked
from kommunekart.uploads.registers import Registries
from kommunekart.views.oppgaver import OppgaverState, kart_link
from kommunekart.web.app import load_data
from kommunekart.web.pages import oppgaver
from kommunekart.web.pages.oppgaver import ID, opened, rows_of
from tests.helpers import own_register

DECK = Path(__file__).parent / "fixtures" / "deck" / "task_areas.csv"
LINK = re.compile(r'<a href="([^"]+)" target="_self" style="color:#[0-9a-f]{6}">(\d+)\. (.+)</a>')


def deck() -> list[dict[str, str]]:
    with DECK.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def figure_of(data, state: OppgaverState | None = None) -> dict[str, Any]:
    state = state or OppgaverState()
    return dumbbell_figure(arrange(rows_of(data, state.scope), state.sort, state.group),
                           len(data.nordland), SHARE_BASE)


def part(fig: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in fig["data"] if t["meta"]["part"] == name)


def chart_rows(fig: dict[str, Any]) -> list[dict[str, Any]]:
    """What the chart shows per row, read back from the figure: number, name, link, both shares,
    the register's bar and its text, in the chart's order (top to bottom)."""
    y = fig["layout"]["yaxis"]
    labels = dict(zip(y["tickvals"], y["ticktext"], strict=True))
    a, b, bar = part(fig, "2014"), part(fig, "2020"), part(fig, "registrert")
    out = []
    for i, pos in enumerate(a["y"]):
        href, number, name = LINK.fullmatch(labels[pos]).groups()
        assert a["customdata"][i] == href == bar["customdata"][i]
        out.append({"number": int(number), "name": name, "link": href, "share_2014": a["x"][i],
                    "share_2020": b["x"][i], "bar": bar["x"][i], "bar_text": bar["text"][i]})
    return out


def test_opp_chart_equals_register_and_register_equals_deck(app_data) -> None:
    fig = figure_of(app_data)
    rows = chart_rows(fig)
    reg = app_data.register.task_areas.set_index("number")
    held = measures.task_area_register(app_data.register, app_data.nordland)
    assert [r["number"] for r in rows] == list(range(1, 42))
    for r in rows:
        t = reg.loc[r["number"]]
        assert (r["name"], r["share_2014"], r["share_2020"]) == (
            t["name"], float(t["share_2014"]), float(t["share_2020"]))
        h = held.loc[t["task_area_id"]]
        assert r["bar"] == pytest.approx(100 * h["participants"] / 41)
        assert r["bar_text"] == (f"{h['participants']} av 41" if h["arrangements"]
                                 else "ingen registrert")
    for d in deck():  # and the register is the deck's
        t = reg.loc[int(d["number"])]
        assert (t["name"], t["share_2014"], t["share_2020"], t["group"]) == (
            d["name"], float(d["share_2014"]), float(d["share_2020"]), d["group"])
    # the deck's two groups, each under its heading
    headings = [t for t in fig["layout"]["yaxis"]["ticktext"] if t.startswith("<b>")]
    assert headings == ["<b>Vanlige samarbeidsområder (1–22)</b>",
                        "<b>Sjeldne samarbeidsområder (23–41)</b>"]
    # the brief's example, from the measure and the wording
    revisjon = next(r for r in rows if r["name"] == "Revisjon")
    assert task_register_line("Revisjon", revisjon["share_2020"], 22, 41, 2) == \
        "Revisjon: kartleggingen 83 %, registrert 22 av 41"
    assert revisjon["bar_text"] == "22 av 41"


def test_opp_text_and_values_written_on_the_chart(app_data) -> None:
    fig = figure_of(app_data)
    text = dict(zip(part(fig, "tall")["y"], part(fig, "tall")["text"], strict=True))
    rows = {r["name"]: y for r, y in zip(chart_rows(fig), part(fig, "2014")["y"], strict=True)}
    assert text[rows["Legevaktsentral"]] == "<b>0 → 100  ▲ +100</b>"
    assert text[rows["Revisjon"]] == "<b>93 → 83  ▼ −10</b>"
    assert text[rows["Renovasjon"]] == "95 → 95  (±0)"
    # projector-sized: every font the figure sets is at least 16 px
    sizes = [fig["layout"]["font"]["size"], fig["layout"]["legend"]["font"]["size"],
             *(a["font"]["size"] for a in fig["layout"]["annotations"])]
    sizes += [t["textfont"]["size"] for t in fig["data"] if "size" in t.get("textfont", {})]
    assert min(sizes) >= 16
    assert fig["layout"]["height"] >= 30 * 43  # 41 rows and two headings, 30 px each


def test_opp_largest_changes_picked_out(app_data) -> None:
    rows = rows_of(app_data, "alle")
    pick = picked(rows)
    rises = {t for t, d in pick.items() if d == "økning"}
    falls = {t for t, d in pick.items() if d == "nedgang"}
    # +100, +93, +43, +28, +22 and −24, −20, −11, −10, −10 (the deck's tables)
    assert rises == {"legevaktsentral", "barnevernvakt", "kommunepsykolog-psykisk-helse",
                     "felles-samarbeidsavtale-nav", "planer-planlegging"}
    assert falls == {"bibliotek", "interkommunal-kreftkoordinator", "innkjop", "revisjon",
                     "ikt-samarbeid"}
    fig = figure_of(app_data)
    assert len(part(fig, "økning-uthevet")["x"]) == 5 * 3  # two points and a gap per line


def test_opp_orders(app_data) -> None:
    rows = rows_of(app_data, "alle")
    by_change = [r for _, group in arrange(rows, "endring") for r in group]
    vanlige = [r for r in by_change if r.group == "vanlig"]
    assert vanlige[0].task_area_id == "legevaktsentral"  # +100: the largest change first
    assert [abs(r.change) for r in vanlige] == sorted((abs(r.change) for r in vanlige), reverse=True)
    sjeldne = [r for _, g in arrange(rows, "endring", "sjelden") for r in g]
    assert [r.group for r in sjeldne] == ["sjelden"] * 19
    assert sjeldne[0].name == "Bibliotek"  # −24
    by_share = [r for _, g in arrange(rows, "andel") for r in g]
    assert [r.share_2020 for r in by_share[:22]] == sorted((r.share_2020 for r in by_share[:22]),
                                                           reverse=True)
    assert [r.number for _, g in arrange(rows) for r in g] == list(range(1, 42))


def test_opp_links_to_kart_with_the_areas_layer(app_data) -> None:
    assert kart_link(app_data, "legevaktsentral") == "/kart?oppgave=legevaktsentral&lag=legevaktsentral"
    assert kart_link(app_data, "barnevernvakt", "kartlegging") == \
        "/kart?oppgave=barnevernvakt&utvalg=kartlegging&lag=barnevernvakt"
    assert kart_link(app_data, "revisjon") == "/kart?oppgave=revisjon"
    click = {"points": [{"curveNumber": 4, "customdata": "/kart?oppgave=revisjon"}]}
    assert opened(click) == "/kart?oppgave=revisjon"
    assert opened({"points": [{"customdata": "https://example.org"}]}) is oppgaver.no_update
    assert opened(None) is oppgaver.no_update


def test_opp_state_round_trip_and_bad_values(app_data) -> None:
    state = OppgaverState(sort="endring", group="sjelden", scope="kartlegging")
    url = state.url("/oppgaver")
    assert url == "/oppgaver?sorter=endring&gruppe=sjelden&utvalg=kartlegging"
    again, notices = OppgaverState.from_query(app_data, dict(parse_qsl(urlsplit(url).query)))
    assert again == state and notices == []
    assert OppgaverState().url("/oppgaver") == "/oppgaver"
    bad, notices = OppgaverState.from_query(app_data, {"sorter": "tilfeldig", "gruppe": "alt"})
    assert bad == OppgaverState() and len(notices) == 2


def walk(component: Any):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def ids_in(tree: Any) -> set[str]:
    return {c.id for c in walk(tree) if isinstance(getattr(c, "id", None), str)}


def test_opp_a_users_register_shows_its_own_shares(tmp_path: Path, kommuner_path: Path) -> None:
    def change(t: pd.DataFrame) -> None:
        t.loc[t["task_area_id"] == "revisjon", ["name", "share_2014", "share_2020"]] = \
            ["Revisjon og kontroll", "50", "75.5"]
        t.loc[t["task_area_id"] == "arkiv", "share_2014"] = ""
    data = load_data(own_register(tmp_path, change), boundaries=kommuner_path)
    rows = {r["number"]: r for r in chart_rows(figure_of(data))}
    assert (rows[13]["name"], rows[13]["share_2014"], rows[13]["share_2020"]) == (
        "Revisjon og kontroll", 50.0, 75.5)
    assert rows[12]["share_2014"] is None and rows[12]["share_2020"] == 90.0  # a gap stays a gap
    text = dict(zip(part(figure_of(data), "2014")["y"], part(figure_of(data), "tall")["text"],
                    strict=True))
    assert "75,5" in "".join(text.values()) and "– → 90" in text.values()


def test_opp_a_register_without_shares_says_so(tmp_path: Path, kommuner_path: Path,
                                               app_data) -> None:
    shipped = oppgaver.layout(Registries(app_data, app_data.boundary_path, tmp_path / "uploads"))
    assert ID.chart in ids_in(shipped) and ID.empty not in ids_in(shipped)

    def change(t: pd.DataFrame) -> None:
        t["share_2014"] = ""
        t["share_2020"] = ""
    data = load_data(own_register(tmp_path, change), boundaries=kommuner_path)
    page = oppgaver.layout(Registries(data, data.boundary_path, tmp_path / "uploads"))
    found = ids_in(page)
    assert ID.empty in found and ID.chart not in found and ID.table in found
    alert = next(c for c in walk(page) if getattr(c, "id", None) == ID.empty)
    assert "ingen andeler fra kartleggingen" in str(alert.children)
