"""/fortelling: the story editor. Its steps are the other views; it is no step itself, and has
no handout or tables of its own (the story PDF is the whole story's)."""

from __future__ import annotations

from kommunekart.views.view import View

PATH = "/fortelling"
VIEW = View(PATH, "Fortelling", "Fortelling – Kommunekart Nordland", order=5, story=False)
