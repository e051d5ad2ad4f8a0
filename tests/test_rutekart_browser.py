"""The tile map («Rutekart») in headless Chromium at a projector's 1280 × 720: 41 equal squares,
every municipality selectable by a real click at its drawn position, every map mode, the mode in
the link. Clicks here are real WebDriver clicks at a tile's screen centre, not plotly events."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from kommunekart.figures.map import MAIN
from kommunekart.web.app import create_app
from kommunekart.web.pages.kart import ID, OVERLAY_INDEX

pytestmark = pytest.mark.browser

GD = f"document.querySelector('#{ID.map} .js-plotly-plot')"
ISLANDS = {"1835": "Træna", "1856": "Røst", "1857": "Værøy"}


def start(dash_duo, app_data, path: str = "/kart?visning=ruter") -> None:
    dash_duo.start_server(create_app(app_data))
    dash_duo.driver.set_window_size(1280, 720)
    inner = dash_duo.driver.execute_script("return [window.innerWidth, window.innerHeight];")
    dash_duo.driver.set_window_size(2 * 1280 - inner[0], 2 * 720 - inner[1])
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{ID.map} .js-plotly-plot .choroplethlocation", timeout=20)
    dash_duo.wait_for_element(f"#{ID.panel} h2", timeout=10)


def js(dash_duo, expr: str, *args):
    return dash_duo.driver.execute_script(f"return {expr};", *args)


def tile_boxes(dash_duo) -> dict[str, list[float]]:
    """{kommunenummer: [x, y, width, height]} of each drawn Nordland path on screen."""
    return js(dash_duo, f"""Object.fromEntries(Array.from({GD}.querySelectorAll('.choroplethlocation'))
        .filter(p => p.__data__ && /^18/.test(p.__data__.loc))
        .map(p => {{ const r = p.getBoundingClientRect();
                     return [p.__data__.loc, [r.x, r.y, r.width, r.height]]; }}))""")


def real_click(dash_duo, kommunenummer: str) -> None:
    """A WebDriver click at the centre of the municipality's drawn box."""
    x, y, w, h = tile_boxes(dash_duo)[kommunenummer]
    graph = dash_duo.find_element(f"#{ID.map} .js-plotly-plot")
    gx, gy, gw, gh = js(dash_duo, "(r => [r.x, r.y, r.width, r.height])("
                        "arguments[0].getBoundingClientRect())", graph)
    dx, dy = x + w / 2 - (gx + gw / 2), y + h / 2 - (gy + gh / 2)
    # from the element's centre (move_to_element_with_offset's origin differs between Selenium
    # versions); a pause lets plotly's hover find the tile, which its click handler reads
    ActionChains(dash_duo.driver).move_to_element(graph).move_by_offset(int(dx), int(dy)) \
        .pause(0.3).click().perform()


def z_of(dash_duo) -> dict[str, int]:
    locations, z = js(dash_duo, f"[{GD}.data[{MAIN}].locations, {GD}.data[{MAIN}].z]")
    return dict(zip(locations, z, strict=True))


def test_rute001_tile_map_draws_41_equal_named_squares(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    boxes = tile_boxes(dash_duo)
    assert sorted(boxes) == app_data.nordland
    widths = [b[2] for b in boxes.values()]
    heights = [b[3] for b in boxes.values()]
    assert max(widths) - min(widths) < 1 and max(heights) - min(heights) < 1
    assert all(abs(w - h) < 1 for w, h in zip(widths, heights, strict=True))  # squares
    assert min(widths) >= 30  # big enough to click and to hold a name
    assert js(dash_duo, f"{GD}.layout.uirevision") == "ruter"
    assert js(dash_duo, f"{GD}.data[0].locations.length") == 0  # no grey neighbours
    # every tile is named, in type of at least 14 px, inside its tile
    names = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.scattergeo text'))
        .filter(t => t.textContent).map(t => {{ const r = t.getBoundingClientRect();
            return [t.textContent, parseFloat(getComputedStyle(t).fontSize), r.x, r.x + r.width]; }})""")
    assert len(names) == 41
    assert min(size for _, size, _, _ in names) >= 14
    tile = min(widths) + 4  # a tile and the gap to its neighbour
    assert max(right - left for _, _, left, right in names) <= tile, names
    assert js(dash_duo, f"document.querySelector('#{ID.visning} input[value=ruter]').checked")
    assert dash_duo.get_logs() == []


def test_rute002_island_municipalities_selectable_by_a_real_click(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    for kommunenummer, name in ISLANDS.items():
        real_click(dash_duo, kommunenummer)
        dash_duo.wait_for_text_to_equal("#panel-title", f"{name} ({kommunenummer})", timeout=10)
        until(lambda k=kommunenummer: f"kommune={k}" in dash_duo.driver.current_url, timeout=5)
        assert "visning=ruter" in dash_duo.driver.current_url
        # partners after a click: the chosen one on top of the partner scale
        assert "Felles ordninger" in js(dash_duo, f"{GD}.data[{MAIN}].colorbar.title.text")
    assert dash_duo.get_logs() == []


def test_rute003_every_map_mode_works_on_the_tile_map(dash_duo, app_data) -> None:
    start(dash_duo, app_data)
    before = z_of(dash_duo)
    host = dash_duo.find_element(f"#{ID.measure} input[value='vert']")
    dash_duo.driver.execute_script("arguments[0].click();", host)
    until(lambda: z_of(dash_duo) != before, timeout=10)
    assert "maal=vert" in dash_duo.driver.current_url
    assert js(dash_duo, f"{GD}.layout.uirevision") == "ruter"  # still the tile map (a Patch)
    # task area: who takes part
    dash_duo.select_dcc_dropdown(f"#{ID.task}", value="5. Legevaktsentral")
    dash_duo.wait_for_contains_text("#panel-title", "Legevaktsentral", timeout=10)
    z = z_of(dash_duo)
    assert set(z.values()) <= {0, 1} and sum(z.values()) >= 10
    # partners after a real click on a tile, on top of the task area
    real_click(dash_duo, "1820")
    dash_duo.wait_for_text_to_equal("#panel-title", "Alstahaug (1820)", timeout=10)
    assert "Alstahaug" in js(dash_duo, f"{GD}.data[{MAIN}].colorbar.title.text")
    # an overlay layer drawn as tile outlines (lines in the gaps of the grid, not Nordland's coast)
    solid, dashed, labels = OVERLAY_INDEX["barnevernvakt"]
    checkbox = dash_duo.find_element(f"#{ID.layers} input[value='barnevernvakt']")
    dash_duo.driver.execute_script("arguments[0].click();", checkbox)
    until(lambda: js(dash_duo, f"{GD}.data[{dashed}].visible") is True, timeout=10)
    lons = js(dash_duo, f"{GD}.data[{solid}].lon.concat({GD}.data[{dashed}].lon)"
                        ".filter(x => x !== null)")
    assert lons and max(abs(x) for x in lons) <= 4  # tile space, not degrees east (12–17)
    assert all(abs(x * 2 - round(x * 2)) < 1e-6 for x in lons)  # on the cells' edges
    drawn = js(dash_duo, f"""Array.from({GD}.querySelectorAll('.scattergeo .js-line'))
        .filter(p => (p.getAttribute('d') || '').length > 20).length""")
    assert drawn >= 2
    assert js(dash_duo, f"{GD}.data[{labels}].customdata.length") == len(
        app_data.tile_overlays["barnevernvakt"].label_ids)
    assert "lag=barnevernvakt" in dash_duo.driver.current_url
    assert "visning=ruter" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_rute004_link_restores_the_mode_and_the_switch_writes_it(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?visning=ruter&kommune=1856&lag=delregion")
    dash_duo.wait_for_text_to_equal("#panel-title", "Røst (1856)", timeout=10)
    assert js(dash_duo, f"{GD}.layout.uirevision") == "ruter"
    solid = OVERLAY_INDEX["delregion"][0]
    assert js(dash_duo, f"{GD}.data[{solid}].visible") is True
    # back to the geographic map: a whole figure, the link loses visning, the rest stays
    kart = dash_duo.find_element(f"#{ID.visning} input[value='kart']")
    dash_duo.driver.execute_script("arguments[0].click();", kart)
    until(lambda: js(dash_duo, f"{GD}.layout.uirevision") == "kart", timeout=10)
    until(lambda: "visning" not in dash_duo.driver.current_url, timeout=5)
    assert "kommune=1856" in dash_duo.driver.current_url
    assert js(dash_duo, f"{GD}.data[0].locations.length") > 0  # grey neighbours again
    assert js(dash_duo, f"{GD}.data[{solid}].visible") is True
    # and to the tile map again: the link says so
    ruter = dash_duo.find_element(f"#{ID.visning} input[value='ruter']")
    dash_duo.driver.execute_script("arguments[0].click();", ruter)
    until(lambda: "visning=ruter" in dash_duo.driver.current_url, timeout=10)
    assert js(dash_duo, f"{GD}.layout.uirevision") == "ruter"
    assert dash_duo.get_logs() == []


def test_rute005_bad_visning_is_named(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart?visning=globus")
    assert "Ukjent kartvisning «globus»" in dash_duo.find_element(".link-notice").text
    assert js(dash_duo, f"{GD}.layout.uirevision") == "kart"


def test_rute006_islands_selectable_on_the_geographic_map(dash_duo, app_data) -> None:
    start(dash_duo, app_data, "/kart")
    for kommunenummer, name in ISLANDS.items():
        real_click(dash_duo, kommunenummer)
        dash_duo.wait_for_text_to_equal("#panel-title", f"{name} ({kommunenummer})", timeout=10)
