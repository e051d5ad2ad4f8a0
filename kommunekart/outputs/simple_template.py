"""«Mal: enkel liste»: an XLSX with the simple list's headers, one example row and a short «Les
meg», that loads as it is (kommunekart.domain.simple_list reads it). The example row is the
shipped register's first Alstahaug row, so the template states no fact of its own."""

from __future__ import annotations

import io

from kommunekart.domain.schema import LEGAL_FORMS
from kommunekart.domain.simple_list import TEMPLATE_HEADERS

LIST_SHEET = "Ordninger"
README_SHEET = "Les meg"
EXAMPLE = ("1", "Legevakt Alstahaug-Leirfjord", "Alstahaug, Leirfjord", "2", "Legevakt", "", "", "",
           "2020", "Kildepresentasjon: Alstahaug i alle konstellasjoner, rad 1", "")
# (header, required, what it holds), in the order of TEMPLATE_HEADERS
HELP = (
    ("Nr", False, "løpenummer, for deg selv (leses ikke)"),
    ("Navn samarbeidsordning", True, "ordningens navn; to rader med samme navn er en feil"),
    ("Deltakerkommuner", True, "kommunene ved navn, skilt med komma, semikolon eller linjeskift "
     "(2020-inndelingen; samiske og kvenske navn og «Herøy i Nordland» går også)"),
    ("Kom", False, "antall deltakerkommuner; kontrolleres mot navnene"),
    ("Oppgaveområde", False, "et av kartleggingens 41 oppgaveområder, ved navn"),
    ("Organisasjonsform", False, ", ".join(LEGAL_FORMS) + " (tom: ukjent)"),
    ("Vertskommune", False, "en av deltakerkommunene, ved navn"),
    ("Etablert", False, "året ordningen ble opprettet (fire sifre)"),
    ("År", False, "året raden beskriver (fire sifre; tom: udatert)"),
    ("Kilde", False, "hvor opplysningene kommer fra (tom: listen selv)"),
    ("Merknad", False, "fritt"),
)
INTRO = (
    "Enkel liste over interkommunale samarbeidsordninger til Kommunekart.",
    "Én rad per ordning på arket «Ordninger». Overskriftsraden må stå som her (store og små "
    "bokstaver spiller ingen rolle); en tittelrad over den er lov.",
    "Oppgaveområder, regioner, kartleggingens tall og rutekartet hentes fra det medfølgende "
    "registeret. Eksempelraden kan skrives over.",
)


def simple_template() -> bytes:
    """The template's bytes (XLSX): the list sheet, then «Les meg»."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    assert tuple(h for h, _, _ in HELP) == TEMPLATE_HEADERS
    book = Workbook()
    sheet = book.active
    sheet.title = LIST_SHEET
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append([int(v) if v.isdigit() else v for v in EXAMPLE])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJK", (5, 40, 50, 6, 22, 18, 16, 9, 7, 40, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    readme = book.create_sheet(README_SHEET)
    for line in INTRO:
        readme.append([line])
    readme.append([])
    readme.append(["Kolonne", "Må fylles ut", "Hva"])
    for header, required, what in HELP:
        readme.append([header, "ja" if required else "nei", what])
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
