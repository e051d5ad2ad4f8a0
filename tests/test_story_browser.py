"""The story in headless Chromium: the deck's story stepped with the keys a presentation clicker
sends, each step restoring its view; free clicks between steps; a story built, reordered and
renamed that survives its link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from kommunekart.views import story
from tests.browser import click_municipality, start, wait_for_map

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
    dash_duo.wait_for_text_to_equal(".story-count", f"{n} / {len(steps)}", timeout=10)
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
