"""Names made into ids and file-name parts, one way everywhere: lower-case ASCII letters, digits and
hyphens, Norwegian and Sami letters spelt out («HALD IKT» → «hald-ikt», «Vågan/Øksnes» →
«vagan-oksnes», «Gáivuotna» → «gaivuotna»)."""

from __future__ import annotations

import re
import unicodedata

LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ŋ": "n",
                         "đ": "d", "ŧ": "t", "š": "s", "č": "c", "ž": "z"})


def slug(text: str) -> str:
    """`text` as an id or a part of a file name (other accents dropped, anything else a hyphen)."""
    plain = unicodedata.normalize("NFKD", str(text).casefold().translate(LETTERS))
    return re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode()).strip("-")
