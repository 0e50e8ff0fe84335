"""Item 6: interactive `update` offers each component's current status as the default, and messages can
span several lines, written in $EDITOR or read from standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.support.terminal import Terminal

from .helpers import run, write

PATH = "incidents/2026/2026-11-28-api-errors.yml"
OPEN = """\
title: API errors
impact: major
components: {api: partial_outage, dashboard: degraded_performance}
started_at: 2026-11-28T09:00:00Z
updates:
  - at: 2026-11-28T09:10:00Z
    status: investigating
    message: Looking.
  - at: 2026-11-28T09:25:00Z
    status: identified
    message: A bad deploy.
    components: {api: major_outage}
"""
STATUSES = "(operational, degraded_performance, partial_outage, major_outage, under_maintenance)"


def test_interactive_update_defaults_each_component_to_its_current_status(project: Path) -> None:
    path = write(project, PATH, OPEN)
    term = Terminal(["update", "2026-11-28-api-errors", "--at", "2026-11-28T09:40:00Z"], project)
    term.expect("Status (investigating, identified, monitoring, resolved): ")
    term.send("monitoring")
    term.expect("Message (what subscribers read; empty: write it in your editor): ")
    term.send("Rolled back; watching.")
    term.expect("Now: api major_outage, dashboard degraded_performance\n")
    term.expect("Change component statuses? (api, dashboard, auth; comma-separated, empty for none): ")
    term.send("api, dashboard, auth")
    term.expect(f"Status of api {STATUSES} [major_outage]: ")
    term.send("")                   # keep: not written again
    term.expect(f"Status of dashboard {STATUSES} [degraded_performance]: ")
    term.send("operational")
    term.expect(f"Status of auth {STATUSES} [partial_outage]: ")   # not in the incident yet
    term.send("")
    term.expect(PATH + "\n")
    assert term.finish() == 0
    assert path.read_text() == OPEN + """\
  - at: 2026-11-28T09:40:00Z
    status: monitoring
    message: Rolled back; watching.
    components: {dashboard: operational, auth: partial_outage}
"""


def test_enter_everywhere_changes_no_component(project: Path) -> None:
    path = write(project, PATH, OPEN)
    term = Terminal(["update", "--status", "monitoring", "--message", "Watching.",
                     "--at", "2026-11-28T09:40:00Z"], project)
    term.expect("Change component statuses?")
    term.send("api")
    term.expect(f"Status of api {STATUSES} [major_outage]: ")
    term.send("")
    assert term.finish() == 0
    assert path.read_text() == OPEN + ("  - at: 2026-11-28T09:40:00Z\n    status: monitoring\n"
                                       "    message: Watching.\n")


FAKE_EDITOR = """\
import sys
from pathlib import Path
given, text, target = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[-1])   # click.edit adds the file
given.write_text(target.read_text())                                       # what the editor was given
target.write_text(text.replace("\\\\n", "\\n") + target.read_text())
"""


def editor(tmp_path: Path, text: str) -> tuple[str, Path]:
    script = tmp_path / "editor.py"
    script.write_text(FAKE_EDITOR)
    given = tmp_path / "given.md"
    return f"{sys.executable} {script} {given} '{text}'", given   # click.edit runs `$EDITOR "<file>"`


def test_an_empty_answer_opens_the_editor_for_a_multi_line_message(project: Path, tmp_path: Path) -> None:
    path = write(project, PATH, OPEN)
    command, given = editor(tmp_path, "Rolled back.\\n\\n- errors are falling\\n- next update by 10:10 UTC")
    term = Terminal(["update", "--status", "monitoring", "--component", "api=degraded_performance",
                     "--at", "2026-11-28T09:40:00Z"], project, env={"EDITOR": command})
    term.expect("Message (what subscribers read; empty: write it in ")
    term.send("")
    term.expect(PATH + "\n")
    assert term.finish() == 0
    assert path.read_text() == OPEN + """\
  - at: 2026-11-28T09:40:00Z
    status: monitoring
    message: |
      Rolled back.

      - errors are falling
      - next update by 10:10 UTC
    components: {api: degraded_performance}
"""
    template = given.read_text()
    assert template.startswith("\n\n# ------------------------ >8 ------------------------\n"
                               "# Write what subscribers read above this line, in Markdown.")
    assert "# Update to 2026-11-28-api-errors: monitoring\n" in template


def test_an_empty_editor_asks_again(project: Path, tmp_path: Path) -> None:
    path = write(project, PATH, OPEN)
    command, _ = editor(tmp_path, "")
    term = Terminal(["update", "--status", "monitoring", "--component", "api=degraded_performance",
                     "--at", "2026-11-28T09:40:00Z"], project, env={"EDITOR": command})
    term.expect("empty: write it in ")
    term.send("")
    term.expect("Error: the message is empty; type it, or write it in the editor and save\n")
    term.expect("empty: write it in ")
    term.send("Typed after all.")
    term.expect(PATH + "\n")
    assert term.finish() == 0
    assert path.read_text().endswith("    message: Typed after all.\n    components: {api: degraded_performance}\n")


MULTI = "Rolled back.\n\nWe are watching error rates.\n"
ADDED = """\
  - at: 2026-11-28T09:40:00Z
    status: monitoring
    message: |
      Rolled back.

      We are watching error rates.
"""


def test_without_message_and_terminal_update_reads_standard_input(project: Path) -> None:
    path = write(project, PATH, OPEN)
    result = run("update", "--status", "monitoring", "--at", "2026-11-28T09:40:00Z", input=MULTI)
    assert (result.code, result.stdout) == (0, PATH + "\n")
    assert path.read_text() == OPEN + ADDED


def test_message_dash_reads_standard_input(project: Path) -> None:
    path = write(project, PATH, OPEN)
    result = run("update", "2026-11-28-api-errors", "--status", "monitoring", "--message", "-",
                 "--at", "2026-11-28T09:40:00Z", input=MULTI)
    assert (result.code, result.stdout) == (0, PATH + "\n")
    assert path.read_text() == OPEN + ADDED


def test_new_reads_its_first_message_from_standard_input(project: Path) -> None:
    result = run("new", "--title", "API errors", "--impact", "minor", "--message", "-",
                 "--at", "2026-11-28T09:00:00Z", input="Line one.\nLine two.\n")
    assert (result.code, result.stdout) == (0, PATH + "\n")
    assert (project / PATH).read_text().endswith("    message: |\n      Line one.\n      Line two.\n")


def test_empty_standard_input_is_a_missing_message(project: Path) -> None:
    path = write(project, PATH, OPEN)
    result = run("update", "--status", "monitoring", "--at", "2026-11-28T09:40:00Z", input="\n \n")
    assert (result.code, result.stdout, result.stderr) == (2, "", (
        "update 2026-11-28-api-errors: API errors (identified)\n"
        "Usage: statuspress update [OPTIONS] [ID]\nTry 'statuspress update --help' for help.\n\n"
        "Error: Missing option '--message'. Give it, or pipe the message on standard input.\n"))
    assert path.read_text() == OPEN


def test_resolve_with_empty_standard_input_posts_the_standard_sentence(project: Path) -> None:
    path = write(project, PATH, OPEN)
    assert run("resolve", "--at", "2026-11-28T09:50:00Z", input="").code == 0
    assert path.read_text().endswith("    status: resolved\n    message: This incident has been resolved.\n")
