"""Orderings the dashboard shows, defined once in Python and sent ready-made to the browser, so
the panel, the tables and the downloads can never list things in different orders."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Norwegian alphabet: æ, ø, å come after z (in that order); other accented letters sort with
# their base letter (é as e, ü as u), as a Norwegian dictionary does.
_AFTER_Z = {"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"}  # the three characters after "z"


def nb_key(text: str) -> tuple[str, str]:
    """A sort key giving Norwegian alphabetical order (bokmål), case-insensitive; exact ties
    are broken by the text itself so the order never depends on input order."""
    out = []
    for ch in (text or "").casefold():
        if ch in _AFTER_Z:
            out.append(_AFTER_Z[ch])
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    return "".join(out), text or ""


def nb_sorted(names: Iterable[str]) -> list[str]:
    return sorted(names, key=nb_key)
