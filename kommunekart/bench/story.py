"""A story step in headless Chromium: from the key press (→, as a presentation clicker sends it)
to the first frame after the next step's view is settled: its counter shown, Dash idle and every
graph of the view drawn."""

from __future__ import annotations

import statistics
import time
from typing import Any

from kommunekart.bench.browser import headless_chromium

SETTLED_JS = """
(function () {
  window.__kkSteps = [];
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'ArrowRight') { return; }
    var start = performance.now();
    var from = (document.querySelector('.story-count') || {}).textContent;
    function settled() {
      var count = document.querySelector('.story-count');
      if (!count || count.textContent === from) { return false; }
      if (document.querySelector('[data-dash-is-loading="true"]')) { return false; }
      var main = document.querySelector('.app-main');
      if (!main || !main.querySelector('h2')) { return false; }
      return Array.from(main.querySelectorAll('.js-plotly-plot'))
        .every(function (g) { return g.querySelector('.main-svg'); });
    }
    (function poll() {
      if (settled()) {
        requestAnimationFrame(function () {
          window.__kkSteps.push([count_text(), performance.now() - start]);
        });
      } else { requestAnimationFrame(poll); }
    })();
    function count_text() { return document.querySelector('.story-count').textContent; }
  }, true);
})();
"""


def story_steps(first_step_url: str, steps: int, rounds: int = 2,
                budget: float = 60.0) -> dict[str, Any]:
    """ms per step of the story at `first_step_url` (presentation mode), `rounds` times through
    its `steps` steps (the first round fills the browser's cache; both count)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver = headless_chromium()
    if driver is None:
        return {"story_step_ms": None, "story_step_note": "Chromium/chromedriver not installed"}
    deadline = time.perf_counter() + budget
    by_step: dict[str, list[float]] = {}
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SETTLED_JS})
        for _ in range(rounds):
            driver.get(first_step_url)
            _wait(driver, "return !!document.querySelector('.story-count') && "
                          "!document.querySelector('[data-dash-is-loading=\"true\"]');")
            for n in range(steps - 1):
                if time.perf_counter() > deadline:
                    break
                ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
                _wait(driver, f"return window.__kkSteps.length > {n};")
            for label, ms in driver.execute_script("return window.__kkSteps;"):
                by_step.setdefault(label, []).append(float(ms))
    finally:
        driver.quit()
    times = [t for ts in by_step.values() for t in ts]
    if not times:
        return {"story_step_ms": None, "story_step_note": "no step measured"}
    return {"story_step_ms": round(statistics.median(times), 1),
            "story_step_p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1),
            "story_step_max_ms": round(max(times), 1), "story_step_count": len(times),
            "story_step_by_step_ms": {k: round(statistics.median(v), 1) for k, v in by_step.items()},
            "story_step_note": "headless Chromium, → pressed to the frame after the next step's "
                               "view is settled (counter shown, Dash idle, graphs drawn); the "
                               "deck's 7-step story, twice through"}


def _wait(driver: Any, script: str, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if driver.execute_script(script):
            return
        time.sleep(0.02)
    raise TimeoutError("the story step did not settle in time")
