"""Text that plotly draws: every name, note or label from a register, a link or a story goes
through `plot_text` on its way into a figure (trace text, hover text and customdata shown on
hover, tick labels, legend names, colour-bar titles, annotations), once, where the figure is made.

Plotly reads a small HTML subset in every text it draws (<b>, <br>, <a href=…> …) and decodes
entities; in a hovertemplate it also fills in `%{…}`. So a register's `<a href="https://…">x</a>`
would become a link and a name holding `%{z}` would be filled in by the hover. Escaped, each is
drawn as written: plotly shows `&lt;` as «<», `&amp;` as «&» and `&#37;` as «%», and a template
never sees a `%{` it did not write itself."""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]+>")


def plot_text(value: object) -> str:
    """Text that plotly draws literally: <, > and & as entities (plotly reads tags such as <b>
    and <a href>, and decodes entities), and % as the entity &#37;, so no `%{…}` in it is ever
    taken for a template. Quotes stay as they are (plotly knows no &quot;)."""
    return html.escape(str(value), quote=False).replace("%", "&#37;")


def with_name(template: str, name: str | None) -> str:
    """A text of our own (its <br> and %{z} meant) that ends with a register's name as written,
    e.g. «%{z} felles ordninger med <name>»: the name escaped, our part kept. A text that does not
    end with the name is escaped whole (safe, though its own markup then shows as written)."""
    if name and template.endswith(name):
        return template[:len(template) - len(name)] + plot_text(name)
    return template if not name else plot_text(template)


def plain_text(value: str) -> str:
    """What a plotly text shows, as plain text: its tags dropped (a <br> as a space) and its
    entities decoded (the inverse of `plot_text` for text that has no tags of its own)."""
    return " ".join(html.unescape(TAG.sub(" ", str(value))).split())
