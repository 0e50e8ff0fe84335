"""Issue 10, item 8: every file `check` accepts can be edited by every authoring command.

`update`, `resolve` and `review` read the file with the same reader as `check` (libyaml's composer,
never constructing values), so a layout `check` accepts never ends in a traceback: the edit is made,
or refused with `path:line:col: error:` lines and the file left byte for byte as it was. (`new` reads
no existing file.)
"""

from __future__ import annotations

import re

import pytest
from cli_helpers import AT, TmpProject, statuspress

ID = "2026-11-26-api-errors"
FILE = f"incidents/2026/{ID}.yml"
OPEN = """\
title: API errors
impact: major
components:
  api: partial_outage
started_at: 2026-11-26T09:02:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: We are investigating.
"""
RESOLVED = OPEN + """\
  - at: 2026-11-26T10:30:00Z
    status: resolved
    message: Error rates are back to normal.
"""
# Layouts check accepts; each is applied to OPEN (for update, resolve) and RESOLVED (for review).
LAYOUTS = {
    "tab after a colon": lambda t: t.replace("title: ", "title:\t").replace("message: We", "message:\tWe"),
    "tabs after every colon": lambda t: re.sub(r"(\w): ", "\\1:\t", t),
    "title like an impossible date": lambda t: t.replace("title: API errors", "title: 2026-02-30"),
    "title like year 0": lambda t: t.replace("title: API errors", "title: 0000-01-01"),
    "message tagged !!str": lambda t: t.replace("message: We are investigating.", "message: !!str 2026-13-45"),
    "title tagged !!timestamp": lambda t: t.replace("title: API errors", "title: !!timestamp 2026-02-30"),
    "title tagged !!int": lambda t: t.replace("title: API errors", "title: !!int many"),
    "title tagged !!bool": lambda t: t.replace("title: API errors", "title: !!bool maybe"),
    "title tagged !!float": lambda t: t.replace("title: API errors", "title: !!float lots"),
    "CRLF": lambda t: t.replace("\n", "\r\n"),
    "BOM": lambda t: "\ufeff" + t,
    "document markers": lambda t: "---\n" + t + "...\n",
    "no final newline": lambda t: t.rstrip("\n"),
    "quoted keys": lambda t: t.replace("title:", '"title":').replace("started_at:", "'started_at':"),
    "four-space indent": lambda t: re.sub(r"(?m)^(?= )", "  ", t),
    "flow updates": lambda t: t.split("updates:")[0] + "updates: [" + ", ".join(
        "{" + ", ".join(line.strip().lstrip("- ") for line in item.strip().splitlines()) + "}"
        for item in t.split("updates:")[1].split("\n  - ")[0:] if item.strip()) + "]\n",
    "whole file in flow style": lambda t: '{title: API errors, impact: major, started_at: "2026-11-26T09:02:00Z", '
    + "updates: [{at: 2026-11-26T09:15:00Z, status: investigating, message: We are investigating.}"
    + (", {at: 2026-11-26T10:30:00Z, status: resolved, message: Back to normal.}" if "resolved" in t else "")
    + "]}\n",
    "tab inside a quoted message": lambda t: t.replace("message: We are investigating.",
                                                      'message: "We are\tinvestigating."'),
    "comment in every place": lambda t: "# head\n" + t.replace("\n", "  # note\n"),
    "review in a comment": lambda t: "# review: later\n" + t,
    "started_at on its own line": lambda t: t.replace("started_at: 2026", "started_at:\n  2026"),
    "explicit keys": lambda t: t.replace("title: API errors", "? title\n: API errors"),
    "anchor without alias": lambda t: t.replace("impact: major", "impact: &i major"),
    "NBSP in text": lambda t: t.replace("API errors", "API\u00a0errors"),
}


def _project(tmp_project: TmpProject, text: str) -> TmpProject:
    tmp_project.write(FILE, text.encode("utf-8"))
    return tmp_project


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
@pytest.mark.parametrize("command", ["update", "resolve", "review"])
def test_every_authoring_command_on_every_accepted_layout(tmp_project: TmpProject, layout: str,
                                                          command: str) -> None:
    text = LAYOUTS[layout](RESOLVED if command == "review" else OPEN)
    _project(tmp_project, text)
    path = tmp_project.root / FILE
    before = path.read_bytes()
    assert tmp_project.check().code == 0, tmp_project.check().stdout
    args = {"update": ("--status", "monitoring", "--message", "Watching."), "resolve": (), "review": ()}[command]
    run = statuspress(tmp_project.root, command, ID, "--at", AT, *args)   # a traceback fails the test
    if run.code == 0:
        assert path.read_bytes() != before
        assert tmp_project.check().code == 0, tmp_project.check().stdout
    else:
        assert run.code == 1, run
        assert run.stdout and all(re.match(rf"{FILE}:\d+:\d+: error: ", line) for line in run.stdout.splitlines())
        assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["update", "resolve", "review"])
def test_a_tab_after_a_colon_is_edited_not_refused(tmp_project: TmpProject, command: str) -> None:
    text = LAYOUTS["tabs after every colon"](RESOLVED if command == "review" else OPEN)
    _project(tmp_project, text)
    args = ("--status", "monitoring", "--message", "Watching.") if command == "update" else ()
    run = statuspress(tmp_project.root, command, ID, "--at", AT, *args)
    assert run.code == 0, run
    after = iter((tmp_project.root / FILE).read_text(encoding="utf-8").splitlines())
    assert all(line in after for line in text.splitlines())   # every old line kept, in order
    assert tmp_project.check().code == 0


def test_review_of_a_file_with_a_tab_after_a_colon_keeps_it(tmp_project: TmpProject) -> None:
    """The report: `review` threw a traceback on a file `check` accepted."""
    text = RESOLVED.replace("title: API errors", "title:\tAPI errors")
    _project(tmp_project, text)
    run = statuspress(tmp_project.root, "review", ID, "--at", AT)
    assert (run.code, run.stdout) == (0, f"{FILE}\n")
    assert (tmp_project.root / FILE).read_text(encoding="utf-8").startswith("title:\tAPI errors\n")
