"""A refused upload's problems where the user is: the table model (every problem located, with a
suggestion and a kind), the count per kind, the page's table, and the CSV of every problem,
kept under the upload's id and served by /last-ned/problemer.csv (hostile text stays text)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from flask import Flask

from kommunekart.domain import problem_kinds as kinds
from kommunekart.domain.problems import Problem, RegisterError
from kommunekart.uploads import pipeline, problem_files
from kommunekart.uploads.intake import register_id
from kommunekart.uploads.problem_report import HEADINGS, MAX_SHOWN, problem_table, problems_csv
from kommunekart.uploads.registers import Registries
from kommunekart.web.components.upload import alert, upload_box
from kommunekart.web.files import PROBLEMS_CSV, register_routes
from kommunekart.web.pages.kart import ID
from tests.helpers import misspelt_member_tables, workbook

HOSTILE = '=HYPERLINK("http://x.example";"klikk")'
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def registry(app_data, tmp_path: Path) -> Registries:
    return Registries(app_data, app_data.boundary_path, tmp_path / "uploads")


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def texts(node) -> list:
    """Every child of a component tree, depth first (strings as they are, components as dicts)."""
    found = []
    stack = [node.to_plotly_json() if hasattr(node, "to_plotly_json") else node]
    while stack:
        item = stack.pop(0)
        if hasattr(item, "to_plotly_json"):
            item = item.to_plotly_json()
        if isinstance(item, dict):
            found.append(item)
            children = item.get("props", {}).get("children")
            stack.extend(children if isinstance(children, list) else [children])
        elif item is not None:
            found.append(item)
    return found


def test_counts_per_kind_are_hand_counted_and_labelled_once() -> None:
    problems = [Problem("a.csv", 2, "kommunenummer", "x", kind=kinds.UNKNOWN_MUNICIPALITY),
                Problem("a.csv", 3, "kommunenummer", "y", kind=kinds.UNKNOWN_MUNICIPALITY),
                Problem("a.csv", None, None, "z", kind=kinds.MISSING),
                Problem("b.csv", 4, "year", "w"),  # the default kind
                Problem("b.csv", 5, "year", "v", kind="nytt slag")]  # a kind without a label
    table = problem_table(problems)
    assert table.counts == (("Ukjent kommune", 2), ("Mangler", 1), ("Annet", 1), ("Nytt slag", 1))
    assert table.count_text == "Per slag: Ukjent kommune 2 · Mangler 1 · Annet 1 · Nytt slag 1"
    assert [r.kind for r in table.rows] == ["Ukjent kommune", "Ukjent kommune", "Annet", "Nytt slag"]
    assert table.whole == ("a.csv: z",)  # a whole file's problem: a sentence, not a table row
    assert table.more == 0


def test_the_table_lists_the_first_ones_and_the_csv_has_all() -> None:
    problems = [Problem("x.xlsx [memberships]", i + 2, "kommunenummer", f"feil {i}",
                        suggestion="1820 (Alstahaug)" if i == 0 else None,
                        kind=kinds.UNKNOWN_MUNICIPALITY) for i in range(MAX_SHOWN + 50)]
    problems.append(Problem("x.xlsx", None, None, "arket mangler", kind=kinds.MISSING))
    table = problem_table(problems)
    assert table.whole == ("x.xlsx: arket mangler",)  # said first, though found last
    assert len(table.rows) == MAX_SHOWN - 1 and table.total == MAX_SHOWN + 51
    assert table.more == 51 and table.more_text == "… og 51 til (alle står i CSV-filen)."
    assert table.rows[0].cells() == ("x.xlsx [memberships]", "2", "kommunenummer", "feil 0",
                                     "1820 (Alstahaug)", "Ukjent kommune")
    assert table.rows[1].suggestion == ""
    body = rows(problems_csv(problems))
    assert body[0] == list(HEADINGS)
    assert len(body) == 1 + MAX_SHOWN + 51
    assert body[-1] == ["x.xlsx", "", "", "arket mangler", "", "Mangler"]  # no row: an empty cell


def test_hostile_text_in_a_problem_stays_text() -> None:
    problems = [Problem(HOSTILE, 2, "+kolonne", f"«{HOSTILE}» er ikke et tall; {SCRIPT}\nny linje",
                        suggestion="@SUM(A1)", kind=kinds.FORMAT)]
    _head, row = rows(problems_csv(problems))
    assert row == ["'" + HOSTILE, "2", "'+kolonne", f"«{HOSTILE}» er ikke et tall; {SCRIPT}\nny linje",
                   "'@SUM(A1)", "Feil format"]
    shown = texts(alert(pipeline.problems_outcome(
        "x.xlsx", RegisterError("x.xlsx", problems), "0123456789abcdef").message))
    cells = [t for t in shown if isinstance(t, dict) and t.get("type") == "Td"]
    assert [c["props"]["children"] for c in cells][:4] == [
        HOSTILE, "2", "+kolonne", f"«{HOSTILE}» er ikke et tall; {SCRIPT}\nny linje"]  # plain text
    assert not any(isinstance(t, dict) and t.get("type") in ("Script", "Iframe") for t in shown)


def test_a_refused_upload_shows_its_table_and_serves_its_csv(registry) -> None:
    files = [("mitt register.xlsx", workbook(misspelt_member_tables()))]
    outcome = pipeline.upload_result(registry, files)
    message = outcome.message
    assert outcome.link is None and message is not None and message.table is not None
    table = message.table
    assert table.csv_id == register_id(files)
    assert table.count_text == "Per slag: Ukjent kommune 1"
    assert table.rows[0].cells() == (
        "mitt register.xlsx [memberships]", "2", "kommunenummer",
        "ukjent kommunenummer «1821» (finnes ikke i municipalities)", "1820 (Alstahaug)",
        "Ukjent kommune")
    shown = texts(alert(message))
    links = [t["props"] for t in shown if isinstance(t, dict) and t.get("type") == "A"]
    assert [link["href"] for link in links] == [f"{PROBLEMS_CSV}?id={table.csv_id}"]
    assert [t["props"]["children"] for t in shown if isinstance(t, dict) and t.get("type") == "Th"
            ] == list(HEADINGS)

    app = Flask(__name__)
    register_routes(app, registry)
    client = app.test_client()
    got = client.get(f"{PROBLEMS_CSV}?id={table.csv_id}")
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert 'filename="kommunekart-problemer-mitt-register-xlsx-' in got.headers["Content-Disposition"]
    assert rows(got.data)[1] == list(table.rows[0].cells())
    for bad in ("0123456789abcdef", "../../etc/passwd", ""):  # never kept, or not an id at all
        refused = client.get(f"{PROBLEMS_CSV}?id={bad}")
        assert refused.status_code == 400
        assert refused.get_data(as_text=True).startswith("Feillisten finnes ikke lenger")


def test_only_the_last_refused_uploads_are_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(problem_files, "MAX_KEPT", 3)
    problem = [Problem("a.csv", 2, "x", "feil")]
    ids = [f"{i:016x}" for i in range(5)]
    for n, pid in enumerate(ids):
        assert problem_files.keep_problems(tmp_path, pid, "a.csv", problem)
        path = tmp_path / problem_files.FOLDER / f"{pid}{problem_files.SUFFIX}"
        os.utime(path, (1000 + n, 1000 + n))  # written in this order
    assert [problem_files.kept_problems(tmp_path, pid) is not None for pid in ids] == [
        False, False, True, True, True]
    assert problem_files.kept_problems(tmp_path, ids[-1]) == ("a.csv", problem)
    assert not problem_files.keep_problems(tmp_path, "../x", "a.csv", problem)


def test_the_help_says_both_shapes_with_their_templates(app_data) -> None:
    shown = texts(upload_box(app_data, ID))
    said = " ".join(t for t in shown if isinstance(t, str))
    assert "data/" not in said and "README" not in said  # no repository path
    assert "En enkel liste: én rad per ordning med navn og deltakerkommuner" in said
    assert "Et fullt register: arbeidsboken du laster ned her" in said
    assert "til sammen høyst 20\u00a0MB" in said  # kept on one line
    links = {t["props"]["children"]: t["props"]["href"] for t in shown
             if isinstance(t, dict) and t.get("type") == "A" and "href" in t["props"]}
    assert links["Mal: enkel liste"].startswith("/last-ned/mal-enkel-liste.xlsx")
    assert links["Mal: fullt register"].startswith("/last-ned/mal-fullt-register.xlsx")
