"""The story a link carries (kommunekart/views/story.py) and the editor's edits
(kommunekart/web/pages/fortelling.py): the deck's story, round trips, and links written by a
hostile hand."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from kommunekart.views import story
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
