"""What a view is, as the registry of views (kommunekart/views/registry.py) lists it: its path and
names, its link state, and what it can become (a handout, tables). A view module declares one
`VIEW`; nothing else lists views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from kommunekart.figures.canvas import Content
from kommunekart.views.state import ViewState

if TYPE_CHECKING:  # a view's functions take the register made ready to draw
    from kommunekart.views.viewmodel import AppData


@dataclass(frozen=True)
class Tables:
    """A view as tables: the words of its file name (outputs.names), its sheets in order (XLSX),
    and the sheet the CSV holds."""

    name: list[str]
    sheets: dict[str, pd.DataFrame]
    csv: str


class NoTablesError(ValueError):
    """A view's link that has no tables to give; the message is for the user (Norwegian)."""


Query = Mapping[str, str]  # a link's parameters, one value each


@dataclass(frozen=True)
class View:
    """One view of the dashboard. `handout` and `tables` take the register and the view's link
    parameters; a view without them has no handout or no tables."""

    path: str
    name: str  # in the nav and in a story step's first caption
    title: str  # the browser tab's
    order: int  # place in the nav
    state: type[ViewState] | None = None  # its link parameters
    handout: Callable[[AppData, Query], Content] | None = None
    tables: Callable[[AppData, Query], Tables] | None = None
    story: bool = True  # may be a step of a story
    nav: bool = True
