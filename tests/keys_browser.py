"""Browser helpers for the map's keys and labels (tests/test_keys_browser.py): the viewport made
an exact size, the colour bar as drawn and as set, the names drawn on the map, and a
municipality's drawn box. JavaScript snippets only read what plotly drew."""

from __future__ import annotations

from kommunekart.figures.map import MAIN
from kommunekart.figures.maplabels import LEADERS as LEADER_INDEX
from tests.browser import GD, js, wait_until_steady

# The colour bar as the audience sees it and as the figure sets it: its drawn box, every text
# in it (with its font size), the figure's size, the trace's colorbar and the layout as given.
COLOUR_BAR = f"""(function () {{
    var gd = {GD}, bar = gd.querySelector('.colorbar');
    var r = bar.querySelector('.cbbg').getBoundingClientRect();
    var full = gd._fullData[{MAIN}].colorbar;
    return {{box: [r.left, r.top, r.right, r.bottom].map(Math.round),
             texts: Array.from(bar.querySelectorAll('text')).map(t => [t.textContent,
                 parseFloat(getComputedStyle(t).fontSize)]),
             size: [gd._fullLayout.width, gd._fullLayout.height],
             full: [full.len, full.thickness, full.x, full.y, full.orientation,
                    full.title.font.size, full.tickfont.size],
             colorbar: JSON.stringify(gd.data[{MAIN}].colorbar),
             // dcc.Graph sets autosize itself on a whole figure (not on a Patch): not ours
             layout: JSON.stringify(Object.assign({{}}, gd.layout, {{autosize: null}}))}};
}})()"""
# The colour bar's tick labels as drawn: [text, left, top, right, bottom, font px, shown], and
# its box last (plotly hides an end label that reaches past a horizontal bar's box).
BAR_TICKS = f"""(function () {{
    var bar = {GD}.querySelector('.colorbar'), bg = bar.querySelector('.cbbg').getBoundingClientRect();
    var ticks = Array.from(bar.querySelectorAll('.cbaxis text')).map(t => {{
        var r = t.getBoundingClientRect();
        return [t.textContent, r.left, r.top, r.right, r.bottom, parseFloat(getComputedStyle(t).fontSize),
                t.getAttribute('visibility') !== 'hidden' && getComputedStyle(t).visibility !== 'hidden'];
    }});
    return [ticks, [bg.left, bg.top, bg.right, bg.bottom]];
}})()"""
# The box of one municipality's drawn path, [left, top, right, bottom].
PATH_BOX = f"""(function (k) {{
    var p = Array.from({GD}.querySelectorAll('.choroplethlocation'))
        .filter(p => p.__data__.loc === k)[0].getBoundingClientRect();
    return [p.left, p.top, p.right, p.bottom];
}})"""
# Every name drawn by the names trace: [text, left, top, right, bottom].
NAMES = f"""Array.from({GD}.querySelectorAll('.scattergeo text'))
    .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none')
    .map(t => {{ var r = t.getBoundingClientRect();
                 return [t.textContent, r.left, r.top, r.right, r.bottom]; }})"""


# How many leader lines the map draws (the names trace's lines to names beside their point).
LEADERS = f"""{GD}.data[{LEADER_INDEX}].lon.filter(v => v === null).length"""


def steady(dash_duo, expr: str, timeout: float = 15):
    return wait_until_steady(dash_duo, expr, timeout, "the map never settled")


def presenting(dash_duo) -> bool:
    return js(dash_duo, "document.body.classList.contains('presenting')")


def geometry(dash_duo) -> str:
    """Which map is drawn: the two panels set explicit lon/lat ranges."""
    return js(dash_duo, f"({GD}.layout.geo.lonaxis || {{}}).range ? 'delt' : 'kart'")


def centre(box: list[float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def inside(point: tuple[float, float], box: list[float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


# Each tile's drawn name and what it would be whole: [kommunenummer, shown text, its width,
# the full name's width in the same font (the browser's own measure), the tile's width].
TILE_NAMES = f"""(function (full) {{
    var gd = {GD}, names = gd.data[gd.data.findIndex(t => (t.meta || {{}}).part === 'names')];
    var tiles = Object.fromEntries(Array.from(gd.querySelectorAll('.choroplethlocation'))
        .map(p => [p.__data__.loc, p.getBoundingClientRect()]));
    var texts = Array.from(gd.querySelectorAll('.scattergeo text'));
    var canvas = document.createElement('canvas').getContext('2d');
    var drawn = gd.data[{MAIN}].locations.map((k, i) =>
        [k, texts.filter(t => t.textContent === names.text[i])[0]]);
    if (drawn.some(d => !d[1] || !tiles[d[0]])) {{ return null; }}  // not drawn yet
    return drawn.map(([k, t]) => {{
        var style = getComputedStyle(t);
        canvas.font = style.fontSize + ' ' + style.fontFamily;
        return [k, t.textContent, t.getBoundingClientRect().width, canvas.measureText(full[k]).width,
                tiles[k].width];
    }});
}})"""
# The legend's title and entries as drawn, and the shape of the region markers on the map.
LEGEND = f"""(function () {{
    var gd = {GD}, title = gd.querySelector('.legend .legendtitletext');
    var marks = gd._fullData.filter(t => (t.meta || {{}}).part === 'labels' && t.visible === true)
        .map(t => [t.marker.symbol, t.marker.opacity === undefined ? 1 : t.marker.opacity, t.lon.length]);
    return [title ? title.textContent : null,
            Array.from(gd.querySelectorAll('.legend .legendtext')).map(t => t.textContent), marks];
}})()"""
