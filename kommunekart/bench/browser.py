"""First map in headless Chromium: navigation start to the municipalities drawn."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path
from typing import Any

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--window-size=1400,1000")  # the browser tests' too (tests/conftest.py)
FIRST_MAP_JS = """
(function () {
  var done = false;
  function check() {
    if (done) { return; }
    var layers = document.querySelectorAll('#%(graph)s .choroplethlayer > g');
    if (layers.length > %(main)d &&
        layers[%(main)d].querySelectorAll('.choroplethlocation').length === %(count)d) {
      done = true;
      observer.disconnect();
      window.__kkMapInDom = performance.now();
      requestAnimationFrame(function () { window.__kkFirstMap = performance.now(); });
    }
  }
  var observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
"""
BUNDLES_JS = r"""return performance.getEntriesByType('resource')
  .filter(function (e) {
    return e.name.indexOf('/_dash-component-suites/') >= 0 || /plotly[^\/]*\.js(\?|$)/.test(e.name);
  })
  .reduce(function (n, e) { return n + (e.transferSize || 0); }, 0);"""


def chromium_paths() -> tuple[str, str] | None:
    """(chromium, chromedriver) from PATH or Debian's place; None if either is missing."""
    browser = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    driver = shutil.which("chromedriver") or (CHROMEDRIVER if Path(CHROMEDRIVER).exists() else None)
    return (browser, driver) if browser and driver else None


def headless_chromium() -> Any:
    """A Selenium driver for Debian's headless Chromium (the browser tests' arguments), or None
    when Chromium or chromedriver is not installed."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options as ChromeOptions
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        return None
    opts = ChromeOptions()
    opts.binary_location = paths[0]
    for arg in CHROME_ARGS:
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(paths[1]), options=opts)


def first_map(url: str, runs: int, count: int, budget: float = 60.0) -> dict[str, Any]:
    """ms from navigation start (performance.now() origin) to the frame after the `count`
    Nordland paths appear in the DOM, measured inside the page. Cold: HTTP cache cleared and
    disabled (one browser, so no browser start-up in the numbers); warm: cache on, after one
    priming load. Fewer runs than asked when `budget` seconds run out."""
    from kommunekart.figures.map import MAIN
    from kommunekart.web.pages.kart import ID

    driver = headless_chromium()
    if driver is None:
        return {"first_map_ms": None, "first_map_note": "Chromium/chromedriver not installed"}
    deadline = time.perf_counter() + budget
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": FIRST_MAP_JS % {"main": MAIN, "count": count, "graph": ID.map}})
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        cold = _loads(driver, url, runs, deadline)
        bundles = driver.execute_script(BUNDLES_JS)
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        warm = _loads(driver, url, runs + 1, deadline)[1:]  # the first one fills the cache
    finally:
        driver.quit()
    return {"first_map_ms": round(statistics.median(cold), 1),
            "first_map_warm_ms": round(statistics.median(warm), 1) if warm else None,
            "first_map_runs_ms": [round(x, 1) for x in cold],
            "js_bundles_transfer_bytes": int(bundles),
            "first_map_note": f"headless Chromium, navigation start to the frame after the {count} "
                              "paths are in the DOM; cold = HTTP cache cleared and disabled"}


def _loads(driver: Any, url: str, runs: int, deadline: float) -> list[float]:
    """Up to `runs` page loads, at least one, fewer once `deadline` has passed."""
    out = [_one_load(driver, url)]
    while len(out) < runs and time.perf_counter() < deadline:
        out.append(_one_load(driver, url))
    return out


def _one_load(driver: Any, url: str, timeout: float = 30.0) -> float:
    """One navigation; the page itself records when the map was drawn (FIRST_MAP_JS)."""
    driver.get("about:blank")
    driver.get(url)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = driver.execute_script("return window.__kkFirstMap || null;")
        if value is not None:
            return float(value)
        time.sleep(0.02)
    raise TimeoutError(f"the map did not appear within {timeout:.0f} s")
