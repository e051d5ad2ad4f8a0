"""The one list of the dashboard's views. The nav, the story's check of its steps, the handout
and table routes (and their messages) and the downloads all read it, so a new view is its module
(declaring `VIEW`), its page, and one line here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kommunekart.views import fortelling, kart, konstellasjoner, oppgaver, scenarier, utvikling
from kommunekart.views.view import View


class Registry:
    """Views by path, in nav order. Tests add a view of their own (`add`) and take it away."""

    def __init__(self, views: Iterable[View]) -> None:
        self._views: dict[str, View] = {}
        for view in views:
            self.add(view)

    def add(self, view: View) -> None:
        self._views[view.path] = view

    def remove(self, path: str) -> None:
        self._views.pop(path, None)

    def __iter__(self) -> Iterator[View]:
        return iter(sorted(self._views.values(), key=lambda v: v.order))

    def get(self, path: str) -> View | None:
        return self._views.get(path)

    def nav(self) -> list[View]:
        return [v for v in self if v.nav]

    def story_paths(self) -> tuple[str, ...]:
        return tuple(v.path for v in self if v.story)

    def names(self) -> dict[str, str]:
        return {v.path: v.name for v in self}


def listed(paths: list[str]) -> str:
    """Paths as a Norwegian list: «/kart, /oppgaver og /scenarier»."""
    return " og ".join([", ".join(paths[:-1]), paths[-1]]) if len(paths) > 1 else "".join(paths)


VIEWS = Registry(m.VIEW for m in (kart, konstellasjoner, utvikling, oppgaver, scenarier, fortelling))
