"""The story in headless Chromium: the deck's story stepped with the keys a presentation clicker
sends, each step restoring its view; free clicks between steps; a story built, reordered and
renamed that survives its link."""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from kommunekart.domain.wording import LAYER_LABELS
from kommunekart.views import story
from kommunekart.views.kart_panel import panel_lines, panel_model
from kommunekart.views.panel_text import TEXTS
from kommunekart.views.state import KartState
from kommunekart.web.components import story_bar
from kommunekart.web.pages.kart import ID
from tests.browser import (
    click_municipality,
    js,
    start,
    violations,
    wait_for_map,
    wait_until,
    wait_until_steady,
)

PANEL = ID.panel

pytestmark = pytest.mark.browser


def where(dash_duo) -> tuple[str, dict[str, str]]:
    parts = urlsplit(dash_duo.driver.current_url)
    return parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}


def captions(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.story-step-caption')).map(e => e.value);")


def press(dash_duo, key: str) -> None:
    ActionChains(dash_duo.driver).send_keys(key).perform()


def at_step(dash_duo, n: int) -> None:
    """Step n (1-based) of the deck's story is on screen: its view, its caption, the counter."""
    steps = story.shipped()
    step = steps[n - 1]
    until(lambda: where(dash_duo)[1].get("steg") == str(n), timeout=10)
    path, query = where(dash_duo)
    assert path == step.path
    assert {k: v for k, v in query.items() if k not in ("fortelling", "steg", "presentasjon")} \
        == {k: v[-1] for k, v in parse_qs(step.query).items()}
    end = " · slutt" if n == len(steps) else ""  # the last step says it is the end
    dash_duo.wait_for_text_to_equal(".story-count", f"{n} / {len(steps)}{end}", timeout=10)
    dash_duo.wait_for_text_to_equal(".story-caption", step.caption, timeout=10)
    dash_duo.wait_for_element("body.presenting .app-main h2", timeout=15)


def test_story001_the_deck_stepped_with_clicker_keys(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    dash_duo.driver.get(dash_duo.server_url + story.step_url(story.shipped(), 0))
    dash_duo.wait_for_element("body.presenting", timeout=10)
    at_step(dash_duo, 1)
    for key, n in ((Keys.ARROW_RIGHT, 2), (Keys.PAGE_DOWN, 3), (Keys.ARROW_LEFT, 2),
                   (Keys.PAGE_UP, 1), (Keys.SPACE, 2), (Keys.END, 7), (Keys.HOME, 1)):
        press(dash_duo, key)
        at_step(dash_duo, n)
    press(dash_duo, Keys.ARROW_LEFT)  # before the first step: stays
    at_step(dash_duo, 1)
    assert dash_duo.get_logs() == []


def test_story002_free_clicks_between_steps_then_on_from_the_step(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    dash_duo.driver.get(dash_duo.server_url + story.step_url(story.shipped(), 1))
    at_step(dash_duo, 2)
    wait_for_map(dash_duo)
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    until(lambda: where(dash_duo)[1].get("kommune") == "1820", timeout=10)
    assert where(dash_duo)[1]["steg"] == "2"  # the address keeps the story while clicking
    press(dash_duo, Keys.ARROW_RIGHT)
    at_step(dash_duo, 3)  # on from the step, not from the clicked state
    assert "kommune" not in where(dash_duo)[1]
    dash_duo.find_element(".story-end").click()  # the chair ends the story: the view stays
    until(lambda: not dash_duo.find_element("#story-bar").is_displayed(), timeout=5)
    assert where(dash_duo)[0] == "/oppgaver"
    assert dash_duo.get_logs() == []


def test_story003_a_built_story_survives_its_link(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?kommune=1820")
    dash_duo.find_element("#story-add").click()
    until(lambda: "fortelling" in where(dash_duo)[1], timeout=10)
    dash_duo.wait_for_text_to_equal(".story-added", "Lagt til som steg 1 av 1 i fortellingen "
                                    "(se Fortelling).", timeout=10)
    dash_duo.find_element("#views a[href^='/oppgaver']").click()  # the nav keeps the story
    dash_duo.wait_for_element(".task-page", timeout=15)
    dash_duo.find_element("#story-add").click()
    dash_duo.wait_for_contains_text(".story-added", "steg 2 av 2", timeout=10)
    dash_duo.find_element("#views a[href^='/fortelling']").click()
    dash_duo.wait_for_element(".story-step-caption", timeout=10)
    assert captions(dash_duo) == ["Kart: Alstahaug", "Oppgaver"]
    dash_duo.find_element("button[aria-label='Flytt steg 2 opp']").click()  # reorder
    until(lambda: captions(dash_duo) == ["Oppgaver", "Kart: Alstahaug"], timeout=10)
    field = dash_duo.find_elements(".story-step-caption")[1]
    field.send_keys(Keys.CONTROL, "a")  # rename: select the caption, type over it
    field.send_keys("Alstahaugs samarbeid <b>alle</b>" + Keys.ENTER)
    renamed = ["Oppgaver", "Alstahaugs samarbeid <b>alle</b>"]
    until(lambda: [s.caption for s in story.decode(where(dash_duo)[1].get("fortelling"))[0]]
          == renamed, timeout=10)
    link = dash_duo.find_element("#fortelling-link").get_attribute("value")
    # A fresh browser has nothing but the link: the story lives in it whole.
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.execute_script("localStorage.clear(); sessionStorage.clear();")
    dash_duo.driver.get(link)
    dash_duo.wait_for_element(".story-step-caption", timeout=10)
    assert captions(dash_duo) == renamed
    dash_duo.find_element("#fortelling-start").click()
    dash_duo.wait_for_element("body.presenting", timeout=10)
    dash_duo.wait_for_text_to_equal(".story-caption", "Oppgaver", timeout=15)
    press(dash_duo, Keys.PAGE_DOWN)
    dash_duo.wait_for_text_to_equal(".story-caption", "Alstahaugs samarbeid <b>alle</b>", timeout=15)
    assert where(dash_duo)[0] == "/kart" and where(dash_duo)[1]["kommune"] == "1820"
    wait_for_map(dash_duo)
    assert dash_duo.get_logs() == []


def viewport(dash_duo, width: int = 1280, height: int = 720) -> None:
    """The page's own viewport width × height (the window's size includes its frame)."""
    driver = dash_duo.driver
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


# Where the panel's heading and the paragraph after it are, against the panel's visible box.
EXPLANATION = f"""(function () {{
    var panel = document.getElementById('{PANEL}'), title = document.getElementById('panel-title');
    if (!panel || !title || !title.nextElementSibling) {{ return null; }}
    var box = panel.getBoundingClientRect(), first = title.nextElementSibling.getBoundingClientRect();
    return {{title: title.textContent, first: title.nextElementSibling.textContent,
             top: title.getBoundingClientRect().top - box.top, bottom: box.bottom - first.bottom,
             scrolled: panel.scrollTop, text: panel.textContent}};
}})()"""


def explanation(dash_duo, heading: str) -> dict:
    return wait_until_steady(
        dash_duo, EXPLANATION + f" && document.getElementById('panel-title').textContent === "
        f"{heading!r} && {EXPLANATION}", timeout=20, message=f"the panel opens on «{heading}»")


def test_story004_each_map_step_opens_on_its_explanation(dash_duo, app_data) -> None:
    """Presenting at 1280×720, a map step's panel opens on what the step shows (a layer step
    on its layer, what the source says of it first), in view without scrolling, no how-to."""
    steps = story.shipped()
    start(dash_duo, app_data, "/kart?lag=legevaktsentral&presentasjon=1")
    viewport(dash_duo)
    plain = explanation(dash_duo, TEXTS["overview"])  # no story: the overview first, as always
    assert TEXTS["help"] in plain["text"]
    kart = [i for i, step in enumerate(steps) if step.path == "/kart"]
    assert len(kart) == 4
    for i in kart:
        state, _ = KartState.from_query(app_data, dict(parse_qsl(steps[i].query)))
        heading, lines = panel_lines(panel_model(app_data, state, story=True))
        dash_duo.driver.get(dash_duo.server_url + story.step_url(steps, i))
        at_step(dash_duo, i + 1)
        shown = explanation(dash_duo, heading)
        assert shown["first"] == lines[0], f"step {i + 1}"
        if state.layers:  # the layer's own explanation: its name and what the source says
            assert heading == LAYER_LABELS[state.layers[0]] and lines[0].startswith("Kilden oppgir")
        assert shown["top"] >= 0 and shown["bottom"] >= 0 and shown["scrolled"] == 0, (i + 1, shown)
        assert TEXTS["help"] not in shown["text"], f"step {i + 1} still says how to click"
    assert dash_duo.get_logs() == []


NOTICE = """(function () { var n = document.getElementById('story-notice');
    var r = n.getBoundingClientRect();
    return n.textContent && r.height > 0 ? [n.textContent, parseFloat(getComputedStyle(n).fontSize)]
        : null; })()"""


def notice(dash_duo) -> list:
    return wait_until(lambda: js(dash_duo, NOTICE), timeout=10, message="a notice shows")


def notice_gone(dash_duo) -> None:
    wait_until(lambda: not js(dash_duo, NOTICE), timeout=10, message="the notice leaves the map")


def test_story005_the_ends_of_the_story_say_so(dash_duo, app_data) -> None:
    """At the last step the counter says «slutt», «›» goes nowhere, and → says the story has
    ended and how to leave; at the first, «‹» and ← likewise; the notices leave again."""
    steps = story.shipped()
    start(dash_duo, app_data)
    dash_duo.driver.get(dash_duo.server_url + story.step_url(steps, len(steps) - 1))
    at_step(dash_duo, len(steps))
    assert dash_duo.find_element("#story-next").get_attribute("aria-disabled") == "true"
    assert dash_duo.find_element("#story-prev").get_attribute("aria-disabled") is None
    press(dash_duo, Keys.ARROW_RIGHT)
    assert notice(dash_duo) == [story_bar.AT_END, 20]
    assert where(dash_duo)[1]["steg"] == str(len(steps))  # still the last step
    assert violations(dash_duo) == []  # the disabled «›» and the notice as axe-core reads them
    notice_gone(dash_duo)
    dash_duo.find_element("#story-next").click()  # «›» clicked: the same notice
    assert notice(dash_duo)[0] == story_bar.AT_END
    press(dash_duo, Keys.HOME)
    at_step(dash_duo, 1)
    assert dash_duo.find_element("#story-prev").get_attribute("aria-disabled") == "true"
    press(dash_duo, Keys.ARROW_LEFT)
    assert notice(dash_duo)[0] == story_bar.AT_START
    press(dash_duo, Keys.ARROW_RIGHT)  # and on it goes
    at_step(dash_duo, 2)
    assert dash_duo.get_logs() == []


def test_story006_right_arrow_without_a_story_offers_the_decks(dash_duo, app_data) -> None:
    """Presenting a view without a story, → offers the deck's story (20 px, for a few seconds);
    → again while it shows starts it at step 1. Unanswered, the offer leaves and → offers again."""
    start(dash_duo, app_data, "/kart?kommune=1820&presentasjon=1")
    dash_duo.wait_for_element("body.presenting", timeout=10)
    press(dash_duo, Keys.ARROW_RIGHT)
    text, size = notice(dash_duo)
    assert text == story_bar.OFFER_DECK and size >= 20
    assert where(dash_duo) == ("/kart", {"kommune": "1820", "presentasjon": "1"})  # only offered
    notice_gone(dash_duo)
    press(dash_duo, Keys.PAGE_DOWN)  # the offer had gone: this press offers again
    assert notice(dash_duo)[0] == story_bar.OFFER_DECK
    press(dash_duo, Keys.SPACE)
    at_step(dash_duo, 1)
    assert not js(dash_duo, NOTICE)
    assert dash_duo.get_logs() == []


# The /fortelling slide as it is drawn: its captions, where it ends against the coverage bar, how
# far the page scrolls, its smallest text, and the room its numbers have (in em of its text).
SLIDE = """(function () {
    var items = Array.from(document.querySelectorAll('.story-slide li'));
    var texts = Array.from(document.querySelectorAll('.story-page *')).filter(e =>
        e.offsetParent && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()));
    var bar = document.querySelector('.app-header .coverage').getBoundingClientRect().top;
    return {items: items.map(e => e.querySelector('.story-slide-caption').textContent),
            bottom: items[items.length - 1].getBoundingClientRect().bottom, bar: bar,
            start: document.getElementById('fortelling-start').getBoundingClientRect().bottom,
            scroll: document.documentElement.scrollHeight - window.innerHeight,
            room: parseFloat(getComputedStyle(items[0].parentNode).paddingLeft) /
                  parseFloat(getComputedStyle(items[0]).fontSize),
            smallest: Math.min.apply(null, texts.map(e => parseFloat(getComputedStyle(e).fontSize)))};
})()"""


def test_story007_fortelling_starts_above_the_fold_and_names_steps(dash_duo, app_data) -> None:
    """/fortelling at 1280×720: «Start fortellingen» and the story PDF inside the first 720 px,
    each step named in words (no path); presenting, title and steps as one slide at ≥ 20 px
    without scrolling."""
    steps = story.shipped()
    start(dash_duo, app_data)
    viewport(dash_duo)
    dash_duo.driver.get(dash_duo.server_url + "/fortelling")
    dash_duo.wait_for_element(".story-step-view", timeout=10)
    bottoms = js(dash_duo, "['#fortelling-start', \".story-page a[href^='/last-ned/fortelling.pdf']\"]"
                 ".map(s => document.querySelector(s).getBoundingClientRect().bottom)")
    assert min(bottoms) > 0 and max(bottoms) <= 720, bottoms
    names = js(dash_duo, "Array.from(document.querySelectorAll('.story-steps .story-step-view'))"
               ".map(e => e.textContent)")
    assert names == [story.step_name(s, app_data) for s in steps]
    assert "Kart · Legevaktsentraler (116117)" in names and "Konstellasjoner · Alstahaug" in names
    assert not [n for n in names if "/" in n or "?" in n]
    for width, height in ((1280, 720), (1920, 1080)):
        viewport(dash_duo, width, height)
        dash_duo.driver.get(dash_duo.server_url + "/fortelling?presentasjon=1")
        dash_duo.wait_for_element("body.presenting .story-slide", timeout=10)
        slide = wait_until_steady(dash_duo, SLIDE, timeout=10, message="the story slide is drawn")
        assert slide["items"] == [s.caption for s in steps]
        assert slide["bottom"] <= slide["bar"] and slide["start"] <= slide["bar"], (width, slide)
        assert slide["scroll"] <= 0 and slide["smallest"] >= 20, (width, slide)
        assert slide["room"] >= 1.5, (width, slide)  # «7.» at the text's size fits on screen
    assert dash_duo.get_logs() == []
