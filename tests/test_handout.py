"""Handouts (issue 12, «Handouts and export»): a view as a 1920 × 1080 figure with its title,
caption, legend, credits, register, coverage and date (kommunekart/outputs/handout.py), rendered
by kaleido with Debian's Chromium and served as PNG and PDF (kommunekart/outputs/render.py), a
whole story as one PDF, and the links that carry the view on screen
(kommunekart/web/components/downloads.py). The rendering tests share one warm browser (module-
scoped fixture), so the module costs about one browser start and a dozen renders."""

from __future__ import annotations

import io
import re
import struct
from datetime import date
from urllib.parse import quote

import pypdf
import pytest

from kommunekart.domain.slug import slug
from kommunekart.domain.wording import credit_lines
from kommunekart.figures.text import plot_text
from kommunekart.outputs.export import dated_stem
from kommunekart.outputs.handout import (
    HEIGHT,
    WIDTH,
    BadViewError,
    handout,
    handout_figure,
    handout_stem,
    parse_view,
)
from kommunekart.outputs.render import browser_path, renderer
from kommunekart.views import story

DAY = date(2026, 11, 27)
HOSTILE = "<a href=x>y</a> %{z}"
VIEWS = ("/kart?kommune=1820", "/konstellasjoner?kommune=1820", "/utvikling", "/oppgaver")


@pytest.fixture(scope="module")
def client(app_data):
    """The dashboard's Flask test client; the renderer started once for the module and stopped
    after it (other modules start their own when they export)."""
    from kommunekart.web.app import create_app

    assert browser_path(), "Chromium is needed: apt-get install chromium (make test does it)"
    renderer().start()
    yield create_app(app_data).server.test_client()
    renderer().close()


def texts(fig: dict) -> str:
    """Every text a handout draws in its frame (annotations), one string."""
    return "\n".join(a["text"] for a in fig["layout"]["annotations"])


def png_size(body: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (the first, right after the signature)."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR"
    return struct.unpack(">II", body[16:24])


def pdf_pages(body: bytes) -> list[str]:
    """The text of each page, whitespace made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(body))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def attachment(response) -> str:
    found = re.fullmatch(r'attachment; filename="([^"]+)"', response.headers["Content-Disposition"])
    assert found, response.headers["Content-Disposition"]
    return found.group(1)


# ---------------------------------------------------------------------- pure: text, names, links


def test_plot_text_keeps_tags_and_templates_literal() -> None:
    assert plot_text(HOSTILE) == "&lt;a href=x&gt;y&lt;/a&gt; &#37;{z}"
    assert plot_text("Bø & Øksnes: 50 %") == "Bø &amp; Øksnes: 50 &#37;"
    assert plot_text("&lt;") == "&amp;lt;"  # an entity typed by a user stays as typed
    assert "<" not in plot_text("<b><br>") and "%{" not in plot_text("%{customdata}")


def test_file_names_say_view_selection_and_date(app_data) -> None:
    assert slug("Vågan/Øksnes – Hábæ") == "vagan-oksnes-habae"
    assert dated_stem(["kart", "Alstahaug"], DAY) == "kommunekart-kart-alstahaug-2026-11-27"
    assert handout_stem(app_data, "/kart", "kommune=1820", DAY) == \
        "kommunekart-kart-alstahaug-2026-11-27"
    assert handout_stem(app_data, "/", "", DAY) == "kommunekart-kart-2026-11-27"
    assert handout_stem(app_data, "/kart", "lag=legevaktsentral&utvalg=kartlegging", DAY) == \
        "kommunekart-kart-legevaktsentral-kartlegging-2026-11-27"
    assert handout_stem(app_data, "/oppgaver", "sorter=endring&gruppe=sjelden", DAY) == \
        "kommunekart-oppgaver-endring-sjelden-2026-11-27"
    assert handout_stem(app_data, "/konstellasjoner", "kommune=1820", DAY) == \
        "kommunekart-konstellasjoner-alstahaug-2026-11-27"
    assert handout_stem(app_data, "/utvikling", "kart=kommuneregioner", DAY) == \
        "kommunekart-utvikling-kommuneregioner-2026-11-27"
    for view in VIEWS:  # ASCII only, whatever the names hold
        path, _, query = view.partition("?")
        assert re.fullmatch(r"[a-z0-9-]+", handout_stem(app_data, path, query, DAY)), view


def test_parse_view_takes_the_dashboards_views_only() -> None:
    assert parse_view("/kart?kommune=1820").query == {"kommune": "1820"}
    assert parse_view("/?kommune=1820").path == "/kart"  # the start page is the map
    for bad in ("", "/admin", "garbage", "http://example.org/kart", "//example.org/kart",
                "/kart/../etc/passwd", "javascript:alert(1)", "/fortelling", "/kart" + "x" * 20000):
        with pytest.raises(BadViewError):
            parse_view(bad)


def test_a_story_step_link_brings_its_caption() -> None:
    steps = story.shipped()
    view = parse_view(story.step_url(steps, 3, story.SHIPPED))  # step 4: 116117
    assert view.path == "/kart" and view.caption == steps[3].caption


@pytest.mark.parametrize("view", VIEWS)
def test_handout_frame(app_data, view: str) -> None:
    """Title, caption, the legend or colour bar, credits, register, coverage and date."""
    path, _, query = view.partition("?")
    fig = handout_figure(app_data, path, query, caption=HOSTILE, today=DAY)
    layout = fig["layout"]
    assert (layout["width"], layout["height"]) == (WIDTH, HEIGHT)
    text = texts(fig)
    for credit in credit_lines():
        assert plot_text(credit) in text
    assert f"Register: {plot_text(app_data.register_name)}" in text
    assert plot_text(app_data.coverage_badge) in text
    assert "Laget 27.11.2026" in text
    assert plot_text(HOSTILE) in text and HOSTILE not in text  # drawn literally
    legend = layout.get("showlegend") and layout.get("legend")
    bars = [t for t in fig["data"] if t.get("showscale") is not False and (
        "colorbar" in t or "colorbar" in (t.get("marker") or {}))
        and t.get("type") in ("choropleth", "scatter")]
    assert legend or bars, f"{view}: no legend or colour bar"


def test_handout_titles(app_data) -> None:
    def title(view: str) -> str:
        path, _, query = view.partition("?")
        return texts(handout_figure(app_data, path, query, today=DAY)).split("\n")[1]

    assert "Felles ordninger med Alstahaug" in title("/kart?kommune=1820")
    assert "Alstahaug i alle konstellasjoner" in title("/konstellasjoner?kommune=1820")
    assert "Utvikling 2010–2020" in title("/utvikling")
    assert "Oppgaveområdene" in title("/oppgaver")


def test_download_links_carry_their_route() -> None:
    from kommunekart.web.components.downloads import download_links

    label, *links = download_links().children
    assert label.children == "Last ned:"
    assert [a.children for a in links] == ["Bilde (PNG)", "PDF", "Fortellingen (PDF)"]
    routes = [getattr(a, "data-kk-download") for a in links]
    assert routes == ["/last-ned/visning.png", "/last-ned/visning.pdf", "/last-ned/fortelling.pdf"]
    assert all(a.href.startswith(f"{r}?url=") for a, r in zip(links, routes, strict=True))
    assert len(download_links(story=False).children) == 3  # the label and two links


# ---------------------------------------------------------------------- rendered, through the routes


def test_png_of_the_view_is_1920_by_1080(client) -> None:
    response = client.get(f"/last-ned/visning.png?url={quote('/kart?kommune=1820', safe='')}")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "image/png"
    assert attachment(response) == f"kommunekart-kart-alstahaug-{date.today().isoformat()}.png"
    assert png_size(response.data) == (1920, 1080)


@pytest.mark.parametrize("view", VIEWS[1:])
def test_every_view_renders(client, view: str) -> None:
    response = client.get("/last-ned/visning.png", query_string={"url": view})
    assert response.status_code == 200, response.data[:300]
    assert png_size(response.data) == (1920, 1080)


def test_pdf_of_the_view_is_one_page_with_the_credits(client, app_data) -> None:
    response = client.get("/last-ned/visning.pdf", query_string={"url": "/oppgaver"})
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    assert attachment(response).endswith(".pdf")
    pages = pdf_pages(response.data)
    assert len(pages) == 1
    for credit in credit_lines():
        assert " ".join(credit.split()) in pages[0]
    assert app_data.coverage_badge in pages[0]
    assert f"Laget {date.today().day}.{date.today().month:02d}.{date.today().year}" in pages[0]


def test_pdf_of_the_map_keeps_its_colour_bar_and_panel(client) -> None:
    """The colour bar's end label («valgt», centred on the bar's end) and the panel's list."""
    response = client.get("/last-ned/visning.pdf", query_string={"url": "/kart?kommune=1820"})
    page = pdf_pages(response.data)[0]
    assert "Felles ordninger med Alstahaug" in page and "valgt" in page
    assert re.search(r"Alstahaug \(1820\).*?\d+ registrerte ordninger", page)  # the panel's words


def test_story_pdf_has_a_page_per_step_with_its_caption(client) -> None:
    response = client.get("/last-ned/fortelling.pdf?fortelling=standard")
    assert response.status_code == 200, response.data[:300]
    assert attachment(response).startswith("kommunekart-fortelling-standard-")
    pages = pdf_pages(response.data)
    steps = story.shipped()
    assert len(steps) == 7 and len(pages) == 7
    for n, (page, step) in enumerate(zip(pages, steps, strict=True), start=1):
        assert " ".join(step.caption.split()) in page, n
        assert f"steg {n} av 7" in page


def test_story_pdf_from_the_address_on_screen(client) -> None:
    """The header's link sends the address; a story in it is the one printed."""
    code = story.encode([story.Step("/oppgaver", "", "Mitt eget steg")])
    url = f"/oppgaver?fortelling={code}&steg=1&presentasjon=1"
    response = client.get("/last-ned/fortelling.pdf", query_string={"url": url})
    assert response.status_code == 200, response.data[:300]
    assert "Mitt eget steg" in pdf_pages(response.data)[0]


def test_a_hostile_caption_stays_literal_in_the_pdf(client) -> None:
    code = story.encode([story.Step("/kart", "kommune=1820", HOSTILE)])
    response = client.get("/last-ned/fortelling.pdf", query_string={story.STORY: code})
    assert response.status_code == 200, response.data[:300]
    assert HOSTILE in pdf_pages(response.data)[0]


@pytest.mark.parametrize("url", ["", "/admin", "garbage%{x}<b>", "http://example.org/kart",
                                 "/kart?register=0123456789abcdef"])
def test_a_bad_url_is_refused_in_norwegian(client, url: str) -> None:
    for route in ("/last-ned/visning.png", "/last-ned/visning.pdf"):
        response = client.get(route, query_string={"url": url} if url else {})
        assert response.status_code == 400
        assert response.mimetype == "text/plain"
        body = response.get_data(as_text=True)
        assert re.search(r"Kan ikke lage bilde|Mangler adressen|Fant ikke registeret", body), body
        assert "Traceback" not in body and "/work" not in body and "File " not in body
        assert len(body) < 300


def test_a_story_that_cannot_be_read_is_refused(client) -> None:
    response = client.get("/last-ned/fortelling.pdf?fortelling=ikke-en-fortelling")
    assert response.status_code == 400
    assert response.get_data(as_text=True).strip() == story.NOT_READ


def test_warm_export_is_fast(client) -> None:
    """Kept warm, an export costs a render, not a browser start (target ≤ 1 s; allow CI 3 s)."""
    import time

    client.get("/last-ned/visning.png", query_string={"url": "/kart"})
    started = time.perf_counter()
    response = client.get("/last-ned/visning.png", query_string={"url": "/kart"})
    assert response.status_code == 200
    assert time.perf_counter() - started < 3.0


def test_the_routes_are_registered_by_create_app(app_data) -> None:
    from kommunekart.web.app import create_app

    rules = {r.rule for r in create_app(app_data).server.url_map.iter_rules()}
    assert {"/last-ned/visning.png", "/last-ned/visning.pdf", "/last-ned/fortelling.pdf"} <= rules


def test_handout_of_unknown_path_is_refused(app_data) -> None:
    with pytest.raises(BadViewError):
        handout(app_data, "/fortelling")
