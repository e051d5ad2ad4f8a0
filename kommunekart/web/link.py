"""Every page's first step, written once: the link read one value per parameter (with a notice
for each thing wrong with it as a whole, its story too), the register it names resolved, and the
view's state parsed from it. Whatever a link holds, the page shows, with its notices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kommunekart.uploads.registers import Registries
from kommunekart.views import story
from kommunekart.views.state import PRESENT, read_link
from kommunekart.views.view import View
from kommunekart.views.viewmodel import AppData


@dataclass(frozen=True)
class Opened:
    """A page's link, read: its register, its view's state, what else it holds, and notices."""

    data: AppData
    state: Any
    query: dict[str, Any]
    notices: list[str]

    @property
    def presenting(self) -> bool:
        return self.query.get(PRESENT) == "1"


def open_view(registry: Registries, view: View, query: Mapping[str, Any]) -> Opened:
    """The link of a page of `view` (Dash passes the query string's parameters as keywords)."""
    params = list(view.state.PARAMS.values()) if view.state else []
    read, notices = read_link(query, [p.key for p in params], [p.key for p in params if p.many])
    notices += story.link_notices(read)
    data, more = registry.resolve(read.pop("register", None))
    state, wrong = view.state.from_query(data, read) if view.state else (None, [])
    return Opened(data, state, read, [*notices, *more, *wrong])
