"""Every malformed link gives a notice and a working page, on every view (issue 13): repeated
parameters (Dash hands the page a list), unknown parameters and values, over-long values, odd
characters. Asked through Dash's own page router, as the browser asks, so the lists and strings
are exactly what a page gets; never an HTTP 500 or an empty page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from kommunekart.views.state import KartState, read_link
from kommunekart.web.app import create_app
from kommunekart.web.pages import fortelling, kart, konstellasjoner, oppgaver, scenarier, utvikling
from tests.helpers import components, page

LONG = "x" * 10_000
VIEWS = {  # path -> a component id every working page of the view has
    "/kart": kart.ID.map, "/": kart.ID.map, "/konstellasjoner": konstellasjoner.ID.title,
    "/utvikling": utvikling.ID.title, "/oppgaver": oppgaver.ID.title,
    "/fortelling": fortelling.ID.code, "/scenarier": scenarier.ID.map,
}
# (query, words every notice of it must hold, on which views): repeated, unknown, long, odd.
CASES = [
    ("register=a&register=b", ["«register» står 2 ganger", "Fant ikke registeret «b»"], VIEWS),
    ("fortelling=standard&fortelling=x", ["«fortelling» står 2 ganger",
                                          "Fortellingen i lenken kunne ikke leses"], VIEWS),
    ("presentasjon=1&presentasjon=1", ["«presentasjon» står 2 ganger"], VIEWS),
    ("fortelling=standard&steg=1&steg=99", ["«steg» står 2 ganger", "har ikke steg «99»"], VIEWS),
    ("steg=2", ["steg=«2», men ingen fortelling"], VIEWS),
    ("presentasjon=ja", ["Ukjent verdi for presentasjon «ja»"], VIEWS),
    ("foo=1&registry=2&query=3", ["Ukjent parameter i lenken: «foo», «registry», «query»"], VIEWS),
    (f"register={LONG}", ["Fant ikke registeret «xxxxxxxx"], VIEWS),
    (f"fortelling={LONG}", ["Fortellingen i lenken kunne ikke leses"], VIEWS),
    (f"{LONG}=1", ["Ukjent parameter i lenken: «xxxx"], VIEWS),
    ("lag=a&lag=b", ["Ukjent kartlag i lenken: a, b"], ["/kart", "/"]),
    ("oppgave=x&oppgave=y", ["«oppgave» står 2 ganger", "Ukjent oppgaveområde «y»"], ["/kart"]),
    ("kommune=1820&kommune=1804", ["«kommune» står 2 ganger i lenken; bruker den siste («1804»)"],
     ["/kart", "/konstellasjoner"]),
    (f"kommune={LONG}", ["Ukjent kommunenummer «" + "x" * 40 + "…»"], ["/kart", "/konstellasjoner"]),
    (f"lag={','.join(['a'] * 3 + [str(i) for i in range(2000)])}",
     ["Ukjent kartlag i lenken: a, 0, 1, 2, 3 og 1996 til"], ["/kart"]),
    (f"maal={quote(chr(0) + '<script>alert(1)</script>')}", ["Ukjent mål «\ufffd<script>"], ["/kart"]),
    ("visning=ruter&visning=kart&region=a&region=b&lag=legevaktsentral",
     ["«visning» står 2 ganger", "«region» står 2 ganger", "Ukjent region «b»"], ["/kart"]),
    ("ordning=a&ordning=b", ["«ordning» står 2 ganger", "Ukjent ordning «b»"], ["/konstellasjoner"]),
    ("kommune=alle&par=1820-1822&par=x", ["«par» står 2 ganger", "Ukjent kommunepar «x»"],
     ["/konstellasjoner"]),
    ("kart=a&kart=b", ["«kart» står 2 ganger", "Ukjent kartvisning «b»"], ["/utvikling"]),
    (f"kart={LONG}", ["Ukjent kartvisning «" + "x" * 40 + "…»"], ["/utvikling"]),
    ("sorter=a&sorter=andel&gruppe=%ff", ["«sorter» står 2 ganger", "Ukjent gruppe «\ufffd»"],
     ["/oppgaver"]),
    ("kommune=1820", ["Ukjent parameter i lenken: «kommune»"], ["/oppgaver", "/utvikling",
                                                               "/fortelling"]),
]
PAIRS = [(path, query, words) for query, words, views in CASES for path in views]


def notices_of(layout: Any) -> list[str]:
    return [str(c["props"].get("children")) for c in components(layout)
            if "link-notice" in str(c["props"].get("className", ""))]


def ids_of(layout: Any) -> set[str]:
    return {str(c["props"].get("id")) for c in components(layout)}


@pytest.fixture(scope="module")
def client(app_data):
    return create_app(app_data).server.test_client()


@pytest.mark.parametrize(("path", "query", "words"), PAIRS,
                         ids=[f"{p}?{q[:40]}" for p, q, _ in PAIRS])
def test_a_malformed_link_gives_a_notice_and_the_page(client, path, query, words) -> None:
    reply = page(client, path, f"?{query}")
    assert reply.status_code == 200
    layout = reply.get_json()["response"]["_pages_content"]["children"]
    assert VIEWS[path] in ids_of(layout)  # the page itself, drawn
    notices = notices_of(layout)
    for word in words:
        assert any(word in n for n in notices), (word, notices)
    assert all(len(n) < 600 for n in notices)  # a long value is quoted short


@pytest.mark.parametrize("path", list(VIEWS))
def test_a_good_link_gives_no_notice(client, path) -> None:
    query = {"/kart": "kommune=1820&lag=legevaktsentral,barnevernvakt&presentasjon=1",
             "/": "lag=legevaktsentral&lag=barnevernvakt",  # a list parameter may be repeated
             "/konstellasjoner": "kommune=1820&utvalg=kartlegging&ordning=hald-ikt",
             "/utvikling": "kart=kommuneregioner", "/oppgaver": "sorter=endring&gruppe=sjelden",
             "/fortelling": "fortelling=standard&steg=2&presentasjon=1",
             "/scenarier": "grunnlag=regionraad&presentasjon=1"}[path]
    reply = page(client, path, f"?{query}")
    assert reply.status_code == 200
    assert notices_of(reply.get_json()["response"]["_pages_content"]["children"]) == []


@pytest.mark.parametrize("path", list(VIEWS))
def test_the_first_page_view_of_a_malformed_link_is_served(client, path) -> None:
    """The HTML the browser asks for first (its own request, before Dash routes the page)."""
    reply = client.get(f"{path}?register=a&register=b&lag=a&lag=b&{LONG[:3000]}=1")
    assert reply.status_code == 200 and b"_dash-config" in reply.data


def test_read_link_one_value_each() -> None:
    query, notices = read_link({"kommune": ["1820", "1804"], "lag": ["a", "b"], "x": "1",
                                "register": "", "steg": "1", "fortelling": "standard"},
                               ["kommune", "lag"], ["lag"])
    assert query == {"kommune": "1804", "lag": ["a", "b"], "register": "", "steg": "1",
                     "fortelling": "standard"}
    assert notices == ["«kommune» står 2 ganger i lenken; bruker den siste («1804»).",
                       "Ukjent parameter i lenken: «x». Den er ikke brukt."]
    state, more = KartState.from_query(type("C", (), {"nordland": ["1804"], "task_ids": set(),
                                                      "layer_ids": ("a",),
                                                      "arrangement_ids": set()})(), query)
    assert state.kommune == "1804" and state.layers == ("a",) and more == ["Ukjent kartlag i lenken: b."]
