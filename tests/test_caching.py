"""What a page loads and what a second visit may keep, through Flask's test client: every script
and stylesheet /kart lists is fingerprinted and answered `immutable` for a year, the page and
Dash's answers are asked for again (`no-cache`), an asset under a stale address is not kept;
/kart's index lists neither dash_table's bundle nor the grid's, and the grid's is served, named
for assets/lazy.js to fetch when a page draws a grid."""

from __future__ import annotations

import re

import pytest

from kommunekart.web.app import create_app
from kommunekart.web.bundles import META
from kommunekart.web.caching import ASK_AGAIN, IMMUTABLE
from tests.helpers import page

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends: answers compressed


@pytest.fixture(scope="module")
def client(app_data):
    return create_app(app_data).server.test_client()


def fetch(client, url: str):
    """The answer to a browser's GET, read whole and closed (a streamed file left open warns)."""
    reply = client.get(url, headers=BROWSER)
    reply.get_data()
    reply.close()
    return reply


def index(client) -> str:
    reply = client.get("/kart")  # not compressed, to be read here
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def listed(html: str) -> list[str]:
    """Every script and stylesheet the page's index asks for."""
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html)


def test_cache001_what_kart_lists_is_kept_a_year(client) -> None:
    files = listed(index(client))
    assert len(files) > 10 and any("/assets/" in f for f in files) and any(
        "/_dash-component-suites/" in f for f in files)
    for url in files:
        reply = fetch(client, url)
        assert reply.status_code == 200, url
        assert reply.headers["Cache-Control"] == IMMUTABLE, (url, reply.headers["Cache-Control"])


def test_cache002_pages_and_answers_are_asked_for_again(client) -> None:
    for url in ("/kart", "/", "/konstellasjoner?kommune=1820", "/_dash-layout",
                "/_dash-dependencies"):
        reply = fetch(client, url)
        assert reply.status_code == 200, url
        assert reply.headers["Cache-Control"] == ASK_AGAIN, url
    answer = page(client, "/kart", "?kommune=1820")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == ASK_AGAIN


def test_cache003_an_asset_under_another_address_is_not_kept(client) -> None:
    current = next(f for f in listed(index(client)) if "/assets/kart.js?m=" in f)
    for url in (current.split("?")[0], current.split("?")[0] + "?m=1", current + "1"):
        reply = fetch(client, url)
        assert reply.status_code == 200, url
        assert "immutable" not in reply.headers["Cache-Control"], url
    assert "immutable" not in fetch(client, "/assets/no-such-file.js?m=1").headers.get(
        "Cache-Control", "")


def test_cache004_kart_lists_neither_the_grid_nor_dash_table(client) -> None:
    html = index(client)
    files = listed(html)
    assert not [f for f in files if "dash_ag_grid" in f or "dash_table" in f], files
    named = re.findall(rf'<meta name="{META}" content="([^"]+)"', html)
    assert len(named) == 1
    namespace, components, url = named[0].split(" ")
    assert (namespace, components) == ("dash_ag_grid", "AgGrid")
    assert re.search(r"/dash_ag_grid\.v[\w]+m\d+\.min\.js$", url), url  # fingerprinted
    reply = fetch(client, url)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == IMMUTABLE
    assert b"window.dash_ag_grid=" in client.get(url).get_data()
