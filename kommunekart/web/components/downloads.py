"""«Last ned bilde (PNG)», «Last ned PDF» and «Last ned fortellingen (PDF)»: links to the handout
routes (kommunekart/outputs/render.py). The pages rewrite the address bar as the user works
(history.replaceState), so a link cannot know the view when it is drawn: each carries its route
in `data-kk-download`, and assets/downloads.js adds the address on screen at click time. Without
script a link still works, for the map."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

PNG, PDF, STORY = "/last-ned/visning.png", "/last-ned/visning.pdf", "/last-ned/fortelling.pdf"
FALLBACK = "/kart"  # the view a link gives before the script has set it (script off)
LINKS = (  # route, text, title
    (PNG, "Bilde (PNG)", "Last ned visningen slik den er nå som bilde, 1920 × 1080, med "
                                  "tittel, forklaring, kilder og dato"),
    (PDF, "PDF", "Last ned visningen slik den er nå som PDF-side, med tittel, forklaring, kilder "
                          "og dato"),
    (STORY, "Fortellingen (PDF)", "Last ned hele fortellingen som én PDF, én side per steg med "
                                           "bildeteksten (uten fortelling i lenken: "
                                           "standardfortellingen)"),
)


def download_links(story: bool = True, class_name: str = "btn btn-outline-secondary btn-sm"
                   ) -> html.Div:
    """The handout links, each an ordinary link to a file the server makes (Content-Disposition:
    attachment, so the page stays as it is)."""
    return html.Div(className="downloads", role="group", **{"aria-label": "Last ned"}, children=[
        html.Span("Last ned:", className="downloads-label"),
        *(html.A(text, href=f"{route}?url={quote(FALLBACK, safe='')}", className=class_name,
                 title=title, rel="nofollow", **{"data-kk-download": route})
          for route, text, title in LINKS if story or route != STORY),
    ])
