"""The story a link carries (kommunekart/views/story.py) and the editor's edits
(kommunekart/web/pages/fortelling.py): the deck's story, round trips, and links written by a
hostile hand."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from kommunekart.views import kart_panel, story
from kommunekart.views.kart_panel import panel_lines, panel_model
from kommunekart.views.panel_text import TEXTS
from kommunekart.views.state import KartState
from kommunekart.web.components import story_bar
from kommunekart.web.pages.fortelling import ID, edited

DECK = [("/utvikling", ""), ("/kart", ""), ("/oppgaver", ""), ("/kart", "lag=legevaktsentral"),
        ("/kart", "lag=barnevernvakt"), ("/konstellasjoner", "kommune=1820"),
        ("/kart", "lag=kommuneregion_forslag")]


def code_of(items: object) -> str:
    raw = json.dumps(items).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def test_the_shipped_story_follows_the_deck() -> None:
    steps = story.shipped()
    assert [(s.path, s.query) for s in steps] == DECK
    assert "270" in steps[0].caption and "263" in steps[0].caption
    assert steps[5].caption == "Alstahaug i alle konstellasjoner"
    assert story.encode(steps) == story.SHIPPED and story.decode("standard") == (steps, None)


def test_a_story_survives_its_link() -> None:
    steps = (story.clean_step("/kart?kommune=1820&presentasjon=1&steg=3&fortelling=x", "Alstahaug"),
             story.clean_step("/oppgaver?sorter=endring", "  Størst   endring  "))
    code = story.encode(steps)
    assert story.decode(code) == (steps, None)
    assert steps[0].view == "/kart?kommune=1820"  # story and mode are not part of a view
    assert steps[1].caption == "Størst endring"
    url = story.step_url(steps, 1, code)
    assert url.startswith("/oppgaver?sorter=endring&") and "steg=2" in url and "presentasjon=1" in url
    assert story.step_of("2", steps) == 1 and story.step_of("3", steps) is None
    assert story.step_of("x", steps) is None and story.step_of("0", steps) is None


@pytest.mark.parametrize("code", ["!!!", "a" * (story.MAX_CODE + 1), code_of({"a": 1}),
                                  code_of([["http://evil.example/kart", "x"]]),
                                  code_of([["/admin", "x"], [1, 2], "/kart"]),
                                  base64.urlsafe_b64encode(b"not zlib").decode()])
def test_a_broken_or_foreign_story_is_refused_with_a_notice(code) -> None:
    steps, notice = story.decode(code)
    assert steps == () and notice == story.NOT_READ


def test_only_the_dashboards_own_views_and_plain_short_captions() -> None:
    code = code_of([["/kart", "<a href='https://evil.example'>klikk</a> %{z}"],
                    ["//evil.example/kart", "x"], ["/kart?" + "a=1&" * 400, "for lang"],
                    ["/oppgaver", "x" * 500]])
    steps, notice = story.decode(code)
    assert notice is None and [s.path for s in steps] == ["/kart", "/oppgaver"]
    assert steps[0].caption == "<a href='https://evil.example'>klikk</a> %{z}"  # text, not HTML
    assert len(steps[1].caption) == story.MAX_CAPTION
    many = code_of([["/kart", str(i)] for i in range(story.MAX_STEPS + 10)])
    assert len(story.decode(many)[0]) == story.MAX_STEPS


def test_edits_move_rename_and_remove() -> None:
    steps = story.shipped()[:3]
    assert edited(steps, {"type": ID.up, "index": 2}, []) == (steps[0], steps[2], steps[1])
    assert edited(steps, {"type": ID.down, "index": 2}, []) == steps  # the last stays last
    assert edited(steps, {"type": ID.remove, "index": 0}, []) == steps[1:]
    renamed = edited(steps, {"type": ID.caption, "index": 1}, ["", "Kartet", ""])
    assert renamed[1].caption == "Kartet" and renamed[1].view == steps[1].view
    assert edited(steps, {"type": ID.caption, "index": 1}, ["", steps[1].caption, ""]) is None
    assert edited(steps, {"type": ID.remove, "index": 9}, []) is None
    assert story.decode(story.encode(())) == ((), None)  # an emptied story is a story


def test_a_new_steps_caption_names_the_view_and_municipality() -> None:
    pages, names = {"/kart": "Kart"}, {"1820": "Alstahaug"}
    assert story.default_caption("/kart", "kommune=1820&lag=x", pages, names) == "Kart: Alstahaug"
    assert story.default_caption("/kart", "", pages, names) == "Kart"


def test_story010_steps_are_named_in_words(app_data) -> None:
    """/fortelling names a step by its view and what its link state shows, never its path."""
    names = [story.step_name(s, app_data) for s in story.shipped()]
    assert names == ["Utvikling", "Kart", "Oppgaver", "Kart · Legevaktsentraler (116117)",
                     "Kart · Barnevernvakter", "Konstellasjoner · Alstahaug",
                     "Kart · Foreslåtte kommuneregioner"]
    step = story.clean_step("/kart?kommune=1820&oppgave=legevakt&utvalg=kartlegging&visning=ruter"
                            "&lag=legevaktsentral&region=lvs-helgeland", "")
    assert story.step_name(step, app_data) == (
        "Kart · Alstahaug · Legevakt · Bare kartleggingen 2020 · Legevaktsentraler (116117) · "
        "Rutekart · Helgeland legevaktsentral")
    pair = story.clean_step("/konstellasjoner?kommune=alle&par=1820-1822&ordning=hald-ikt", "")
    assert story.step_name(pair, app_data) == \
        "Konstellasjoner · Alle kommuner · HALD IKT · Alstahaug og Leirfjord"
    assert story.step_name(story.clean_step("/oppgaver?sorter=endring&gruppe=sjelden", ""),
                           app_data) == ("Oppgaver · Sortert etter endring 2014–2020 (størst "
                                         "først) · Sjeldne samarbeidsområder")
    wrong = story.clean_step("/kart?kommune=9999&lag=legevaktsentral", "")
    assert story.step_name(wrong, app_data) == "Kart · Legevaktsentraler (116117)"  # checked
    assert story.step_name(story.shipped()[3]) == "Kart"  # no register to name values from


def test_story011_a_layer_step_opens_on_its_layer(app_data) -> None:
    """As a story step, the overview with region layers opens on the layers, and says what the
    map shows without the how-to; outside a story, or with a municipality chosen, as before."""
    layers = KartState(layers=("barnevernvakt",))
    heading, lines = panel_lines(panel_model(app_data, layers, story=True))
    assert heading == "Barnevernvakter" and lines[0].startswith("Kilden oppgir 12 regioner")
    assert TEXTS["overview"] in lines and not any(TEXTS["help"] in line for line in lines)
    assert panel_lines(panel_model(app_data, layers))[0] == TEXTS["overview"]
    assert panel_lines(panel_model(app_data, KartState(kommune="1820", layers=("barnevernvakt",)),
                                   story=True))[0] == "Alstahaug (1820)"
    sent = kart_panel.view(app_data, layers, story=True)
    assert sent["panel"] == {"kind": "overview", "story": True, "layers_first": True}
    assert kart_panel.view(app_data, KartState(), story=True)["panel"]["layers_first"] is False
    assert "story" not in kart_panel.view(app_data, layers)  # a default is left out


def texts(component: object) -> str:
    return str(component.to_plotly_json())


def test_story012_the_bar_marks_the_first_and_last_step() -> None:
    steps = story.shipped()
    code = story.encode(steps)
    last = story_bar.bar(steps, len(steps) - 1, code)
    prev, count, _, nxt = last[:4]
    assert "slutt" in texts(count) and nxt.to_plotly_json()["props"]["aria-disabled"] == "true"
    assert story_bar.AT_END in texts(nxt) and "href" not in nxt.to_plotly_json()["props"]
    assert prev.href == story.step_url(steps, len(steps) - 2, code)
    first = story_bar.bar(steps, 0, code)
    assert story_bar.AT_START in texts(first[0]) and "slutt" not in texts(first[1])
    assert first[3].href == story.step_url(steps, 1, code)


def test_story013_the_offer_is_the_links_story_else_the_decks() -> None:
    deck = story_bar.offer({})
    assert deck.children == story_bar.OFFER_DECK and deck.href == story.step_url(story.shipped(), 0)
    assert story_bar.offer({"fortelling": "standard"}).children == story_bar.OFFER_DECK
    own = (story.clean_step("/oppgaver", "Oppgavene"), story.clean_step("/kart", "Kartet"))
    code = story.encode(own)
    offered = story_bar.offer({"fortelling": code})
    assert offered.children == story_bar.OFFER_OWN.format(count=2)
    assert offered.href == story.step_url(own, 0)
