"""Issue 10, security 5: free text in the `statuspress summary` PR comment cannot forge its structure.

A pull request in a real git repository adds an incident whose multi-line title carries an
"### Audit ✅" line, a table row, a link, an image, raw HTML and a mention, posts updates whose
messages and correction reason try the same, and renames components likewise. The Markdown is
rendered with python-markdown (tables on, as GitHub renders them) and the resulting HTML parsed: the
headings, lists and table rows are exactly the summary's own, and every value reads back as its text.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import html5lib
import markdown
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.security.project import quoted

AT = "2026-11-26T12:00:00Z"
FORGED = ("### Audit ✅\n\nNo violations. | forged | row |\n|---|---|\n[Approve](https://evil.example/) "
          "see WWW.evil.example or ftp://evil.example")
TITLE = f"Elevated errors\n{FORGED}\n<img src=x onerror=alert(1)> cc @octocat *x* `y` ~~z~~ $x$ \\"
NAME = "Public API | fake cell\n# Heading @admin"
MESSAGE = (f"{FORGED}\n\n- forged list item\n1. forged ordered item\n    indented code\n> quote\n"
           "Setext heading\n===\n<script>alert(2)</script> ![img](https://evil.example/x.png) @team")
REASON = f"Typo fixed\n{FORGED}"

MKDOCS = f"""\
site_name: Test Status
site_url: https://status.example.com/
plugins:
  - statuspress:
      components:
        - id: api
          name: {quoted(NAME)}
"""
OPENED = """\
title: Safe title
impact: major
components:
  api: partial_outage
started_at: 2026-11-26T09:02:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: We are investigating.
"""
CORRECTED = OPENED.replace("message: We are investigating.\n", f"""\
message: We are investigating the API.
    corrected:
      at: 2026-11-26T11:00:00Z
      reason: {quoted(REASON)}
""") + f"""\
  - at: 2026-11-26T10:00:00Z
    status: identified
    message: {quoted(MESSAGE)}
"""
HOSTILE = f"""\
title: {quoted(TITLE)}
impact: minor
components:
  api: major_outage
started_at: 2026-11-26T10:30:00Z
updates:
  - at: 2026-11-26T10:35:00Z
    status: investigating
    message: {quoted(MESSAGE)}
"""
ALLOWED = {"h2", "h3", "h4", "p", "ul", "li", "strong", "em", "code", "blockquote", "table", "thead", "tbody",
           "tr", "th", "td"}


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CEILING_DIRECTORIES": str(root.parent), "GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": "d@e.x",
           "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "d@e.x", "GIT_AUTHOR_DATE": "2026-11-26T09:20:00Z",
           "GIT_COMMITTER_DATE": "2026-11-26T09:20:00Z"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("summary") / "status"
    (root / "incidents" / "2026").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS.replace(quoted(NAME), "Public API"), encoding="utf-8")
    (root / "incidents" / "2026" / "2026-11-26-safe.yml").write_text(OPENED, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "open")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "incidents" / "2026" / "2026-11-26-safe.yml").write_text(CORRECTED, encoding="utf-8")
    (root / "incidents" / "2026" / "2026-11-26-hostile.yml").write_text(HOSTILE, encoding="utf-8")
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner(env={"SOURCE_DATE_EPOCH": None, "GIT_CONFIG_GLOBAL": os.devnull}).invoke(
            main, ["summary", "--at", AT, "--base", "HEAD"], catch_exceptions=False)
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def tree(summary: str) -> object:
    rendered = markdown.markdown(summary, extensions=["tables"])
    return html5lib.parse(rendered, treebuilder="lxml", namespaceHTMLElements=False).getroot().find("body")


def text(el: object) -> str:
    return " ".join("".join(el.itertext()).split())  # type: ignore[attr-defined]


def one_line(value: str) -> str:
    """The text a value must show: on one line, with a zero-width space after each @ (no mention)."""
    return re.sub(r"@(?=[A-Za-z0-9])", "@\u200b", " ".join(value.split()))


def test_headings_are_the_summarys_own(tree: object) -> None:
    headings = [(el.tag, text(el)) for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]  # type: ignore[attr-defined]
    assert [(tag, t.split(" (")[0] if tag == "h2" else t) for tag, t in headings] == [
        ("h2", "Status page changes against HEAD"),
        ("h3", "New incidents"),
        ("h3", "New updates"),
        ("h4", f"{one_line(TITLE)} (2026-11-26-hostile)"),
        ("h4", "Safe title (2026-11-26-safe)"),
        ("h3", "Status changes (as of 2026-11-26 12:00 UTC)"),
        ("h3", "Audit"),
    ]


def test_only_the_summarys_own_elements_and_one_table(tree: object) -> None:
    tags = {el.tag for el in tree.iter() if isinstance(el.tag, str)} - {"body"}  # type: ignore[attr-defined]
    assert tags - ALLOWED == set()
    tables = list(tree.iter("table"))  # type: ignore[attr-defined]
    assert len(tables) == 1
    rows = [[text(c) for c in row] for row in tables[0].iter("tr")]
    assert rows == [
        ["", "before", "after"],
        ["Page", "Partial System Outage", "Major Service Outage"],
        [one_line(NAME), "Partial outage", "Major outage"],
        [one_line(TITLE), "(new)", "Investigating"],
        ["Safe title", "Investigating", "Identified"],
    ]


def test_values_read_back_as_their_text_on_one_line(tree: object) -> None:
    items = [text(li) for li in tree.iter("li")]  # type: ignore[attr-defined]
    assert items[0] == (f"{one_line(TITLE)} 2026-11-26-hostile: minor incident, started 2026-11-26 10:30 UTC; "
                        f"affects {one_line(NAME)} (major outage)")
    quoted_lines = [text(q) for q in tree.iter("blockquote")]  # type: ignore[attr-defined]
    message_text = one_line(MESSAGE)
    assert quoted_lines.count(message_text) == 2, quoted_lines
    corrections = [text(e) for e in tree.iter("em")]  # type: ignore[attr-defined]
    assert corrections == [f"Corrected 2026-11-26 11:00 UTC: {one_line(REASON)}"]


def test_no_mention_survives(summary: str, tree: object) -> None:
    """GitHub links and notifies @name wherever it appears in text; a zero-width space after @ stops it."""
    shown = "".join(tree.itertext())  # type: ignore[attr-defined]
    assert re.findall(r"@[A-Za-z0-9]", shown) == []
    assert "@\u200boctocat" in shown


def test_no_bare_url_is_left_for_github_to_link(summary: str) -> None:
    """GitHub turns http://…, ftp://… and www.… in text into links; python-markdown does not, so the
    Markdown itself is checked: the colon or dot that starts one is written as a character reference."""
    assert re.findall(r"[a-z]://|www\.", summary, re.IGNORECASE) == []
    assert "https&#58;//evil.example/" in summary and "WWW&#46;evil.example" in summary


def test_every_value_is_on_one_markdown_line(summary: str) -> None:
    title_lines = [line for line in summary.splitlines() if "Elevated errors" in line]
    assert title_lines and all("onerror" in line and "octocat" in line for line in title_lines)
    assert len([line for line in summary.splitlines() if line.startswith("#")]) == 7     # the summary's own
    assert len([line for line in summary.splitlines() if line.startswith("|")]) == 6     # header, rule, 4 rows


# ------------------------------------------------------------------------------ any text, one line

MARKDOWN_SYNTAX = "#*_`[]()!<>|&~$=+-.:@\\\n\t\r \u2028\x85{}/wh1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(MARKDOWN_SYNTAX) | st.characters(codec="utf-8", categories=("L", "N")),
               max_size=40))
def test_any_text_renders_as_exactly_itself_in_one_paragraph(value: str) -> None:
    from generator.summary import _text

    line = _text(value)
    assert "\n" not in line and "\r" not in line
    body = html5lib.parse(markdown.markdown("- " + line, extensions=["tables"]), treebuilder="lxml",
                          namespaceHTMLElements=False).getroot().find("body")
    assert [el.tag for el in body.iter() if isinstance(el.tag, str)] == ["body", "ul", "li"]
    assert "".join(body.itertext()).strip() == one_line(value)
