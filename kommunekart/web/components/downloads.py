"""Every download is a link to a route of kommunekart/web/files.py: «Bilde (PNG)», «PDF» and
«Fortellingen (PDF)» in the header, a view's tables (CSV, XLSX) beside its controls. The pages
rewrite the address bar as the user works (history.replaceState), so a link cannot know the view
when it is drawn: each carries its route in `data-kk-download`, and assets/downloads.js adds the
address on screen at click time. Without script a link still works, for the map."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

PNG, PDF, STORY = "/last-ned/visning.png", "/last-ned/visning.pdf", "/last-ned/fortelling.pdf"
CSV, XLSX = "/last-ned/tabell.csv", "/last-ned/tabeller.xlsx"  # the view's tables (web/files.py)
REGISTER_XLSX = "/last-ned/register.xlsx"  # the register on screen as a workbook (web/files.py)
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
        *(download_link(route, text, title, class_name=class_name)
          for route, text, title in LINKS if story or route != STORY),
    ])


def download_link(route: str, text: str, title: str, link_id: str | None = None,
                  class_name: str = "btn btn-outline-secondary btn-sm",
                  disabled: bool = False) -> html.A:
    """One download: an ordinary link to a file the server makes of the view on screen (its
    address added at click time by assets/downloads.js)."""
    extra = {"id": link_id} if link_id else {}
    if disabled:  # a link cannot be disabled: without href it is not followed, and says so
        return html.A(text, className=f"{class_name} disabled", title=title, role="link",
                      **{"aria-disabled": "true"}, **extra)
    return html.A(text, href=f"{route}?url={quote(FALLBACK, safe='')}", className=class_name,
                  title=title, rel="nofollow", **{"data-kk-download": route}, **extra)


def table_links(csv_id: str, xlsx_id: str, csv_text: str, xlsx_text: str, csv_title: str,
                xlsx_title: str, disabled: bool = False) -> list[html.A]:
    """The view's tables as CSV (its main table) and XLSX (every sheet), as a page's buttons."""
    return [download_link(CSV, csv_text, csv_title, csv_id, disabled=disabled),
            download_link(XLSX, xlsx_text, xlsx_title, xlsx_id, disabled=disabled)]
