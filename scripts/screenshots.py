"""Screenshots of views as an audience sees them: headless Debian Chromium at a projector's
1280×720 and at 1920×1080, normal and presentation mode. For looking, not for tests:

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8061 /kart "/kart?kommune=1820" …

writes PNGs to ./screenshots/ (ignored by git) and prints their paths. With `--phone` first, the
views as phones show them instead: 390×844 and 360×740, emulated as a mobile device (the page's
viewport meta applies), normal and opened from a presenting link; `--full` saves the whole
page's height, not only the first screen."""

from __future__ import annotations

import base64
import re
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from kommunekart.bench.browser import CHROME_ARGS, CHROMEDRIVER, CHROMIUM

SIZES = ((1280, 720), (1920, 1080))
PHONES = ((390, 844), (360, 740))
OUT = Path("screenshots")


def driver() -> webdriver.Chrome:
    options = Options()
    options.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        if not arg.startswith("--window-size"):
            options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def viewport(browser: webdriver.Chrome, width: int, height: int) -> None:
    """Make the page's own viewport width × height (the window's size includes its frame,
    about 140 px of height in headless Chromium)."""
    browser.set_window_size(width, height)
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight];")
    browser.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def phone(browser: webdriver.Chrome, width: int, height: int) -> None:
    """Emulate a phone's screen: a mobile viewport of width × height CSS px, touch on."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})


def whole_page(browser: webdriver.Chrome, name: Path) -> None:
    """The page's whole height as one picture (the viewport, and so the layout, unchanged)."""
    size = browser.execute_script("return [document.documentElement.scrollWidth, "
                                  "document.documentElement.scrollHeight];")
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}})
    name.write_bytes(base64.b64decode(shot["data"]))


def settle(browser: webdriver.Chrome) -> None:
    """Wait until the page has drawn its graphs and Dash is idle."""
    for _ in range(60):
        busy = browser.execute_script(
            "return !document.querySelector('.js-plotly-plot') || "
            "!!document.querySelector('[data-dash-is-loading=\"true\"]');")
        if not busy:
            break
        time.sleep(0.25)
    time.sleep(1.0)


def main(base: str, paths: list[str], phones: bool = False, full: bool = False) -> None:
    OUT.mkdir(exist_ok=True)
    browser = driver()
    try:
        for path in paths:
            slug = re.sub(r"[^\w]+", "-", path).strip("-") or "start"
            for width, height in PHONES if phones else SIZES:
                for presenting in (False, True):
                    if phones:
                        phone(browser, width, height)
                    else:
                        viewport(browser, width, height)
                    mode = ("&" if "?" in path else "?") + "presentasjon=1" if presenting else ""
                    browser.get(base + path + mode)  # as a link that starts presenting opens
                    settle(browser)
                    name = OUT / f"{slug}-{width}x{height}{'-presentasjon' if presenting else ''}.png"
                    if full:
                        whole_page(browser, name)
                    else:
                        browser.save_screenshot(str(name))
                    print(name)
    finally:
        browser.quit()


if __name__ == "__main__":
    args = sys.argv[1:]
    phones, full = "--phone" in args, "--full" in args
    args = [a for a in args if a not in ("--phone", "--full")]
    main(args[0], args[1:] or ["/kart"], phones, full)
