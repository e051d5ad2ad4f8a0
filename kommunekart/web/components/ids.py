"""Component ids, prefixed per page so pages never collide (Dash ids are global to the app)."""

from __future__ import annotations


class Ids:
    """`Ids("kart").map == "kart-map"`: every id of a page derived from the page's own name."""

    def __init__(self, page: str) -> None:
        self.page = page

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return f"{self.page}-{name.replace('_', '-')}"
