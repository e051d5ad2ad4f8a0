"""The handout links in headless Chromium: they carry the view on screen (the address the page
rewrote as the user clicked), and what they fetch is that view's image."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.browser import click_municipality, start

pytestmark = pytest.mark.browser


def test_handout001_the_links_carry_the_view_on_screen(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    click_municipality(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    dash_duo.find_element(".downloads-menu summary").click()
    link = dash_duo.find_element(".downloads a[data-kk-download='/last-ned/visning.png']")
    assert link.is_displayed()
    # «Save link as …» (contextmenu) points the link at the address as it is now
    dash_duo.driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('contextmenu', {bubbles: true}));", link)
    href = link.get_attribute("href")
    view = parse_qs(urlsplit(href).query)["url"][0]
    assert view.startswith("/kart?") and "kommune=1820" in view
    reply = requests.get(href, timeout=60)
    assert reply.status_code == 200 and reply.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "kommunekart-kart-alstahaug" in reply.headers["Content-Disposition"]
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("path", ["/kart?kommune=1820&lag=barnevernvakt", "/oppgaver"])
def test_handout002_print_gives_the_map_its_legend_and_the_credits(dash_duo, app_data, path) -> None:
    """The browser's print (print media emulated): no controls, buttons or navigation; the
    figure with its legend, the coverage and the credit lines on the page."""
    start(dash_duo, app_data)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=20)
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shown = dash_duo.driver.execute_script("""
        function on(s) { return Array.from(document.querySelectorAll(s)).some(
            e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0); }
        return {controls: on('.controls, .task-controls, #views, #present, .btn, .downloads-menu'),
                figure: on('.js-plotly-plot .main-svg'),
                keys: on('.js-plotly-plot .colorbar, .js-plotly-plot .legend'),
                coverage: on('.coverage-badge'),
                credits: document.querySelector('.credits').innerText};""")
    assert shown["controls"] is False and shown["figure"] and shown["keys"] and shown["coverage"]
    assert "Kartverket" in shown["credits"] and "NIVI" in shown["credits"]
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert dash_duo.get_logs() == []
