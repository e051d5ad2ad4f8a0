"""Accessibility as axe-core (pinned in tests/axe/package.json) finds it in Chromium: no critical
or serious violation on any view, in normal and in presentation mode; lang="nb"; every control
reachable by keyboard."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID
from tests.browser import violations

pytestmark = pytest.mark.browser

VIEWS = ("/kart", "/kart?kommune=1820&lag=barnevernvakt,regionraad", "/kart?oppgave=legevaktsentral",
         "/konstellasjoner", "/konstellasjoner?kommune=alle&par=1820-1822", "/utvikling", "/oppgaver",
         "/fortelling", "/kart?visning=ruter&fortelling=standard&steg=2", "/scenarier",
         "/scenarier?visning=ruter")


def test_a11y001_no_serious_violation_on_any_view_in_either_mode(dash_duo, app_data) -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.set_window_size(1280, 720)
    found = {}
    for view in VIEWS:
        for mode in ("", "presentasjon=1"):
            url = view + (("&" if "?" in view else "?") + mode if mode else "")
            dash_duo.driver.get(dash_duo.server_url + url)
            dash_duo.wait_for_element(".js-plotly-plot, table.matrix, .story-steps", timeout=20)
            dash_duo.wait_for_element("#coverage-badge:not(:empty)", timeout=10)
            if problems := violations(dash_duo):
                found[url] = problems
    assert found == {}
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "nb"


def test_a11y002_controls_reachable_by_keyboard(dash_duo, app_data) -> None:
    """Tab reaches the presentation button, the municipality dropdown and «Kopier lenke»; Enter
    on the dropdown opens it."""
    dash_duo.start_server(create_app(app_data))
    dash_duo.wait_for_element(f"#{ID.map} .js-plotly-plot", timeout=20)
    reached = []
    for _ in range(40):
        ActionChains(dash_duo.driver).send_keys(Keys.TAB).perform()
        active = dash_duo.driver.switch_to.active_element
        reached.append(active.get_attribute("id") or active.get_attribute("class") or active.tag_name)
    assert "present" in reached and ID.kommune in reached and ID.copy_link in reached, reached
    dash_duo.driver.execute_script(f"document.getElementById('{ID.kommune}').focus();")
    ActionChains(dash_duo.driver).send_keys(Keys.ENTER).perform()
    dash_duo.wait_for_element(f"#{ID.kommune}[aria-expanded='true']", timeout=5)
