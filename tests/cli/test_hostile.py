"""Hostile input: `statuspress check` reports `path:line:col: error:` lines and never crashes or leaks.

Every file here is made by the test in tmp_path. Each test compares the exact exit code and stdout
lines, and checks that no traceback reached the user (in-process runs also fail on any exception).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from cli_helpers import Run, TmpProject

GOOD = """\
title: Elevated error rates on the public API
impact: major
started_at: 2026-11-26T09:02:00Z
updates:
  - at: 2026-11-26T09:15:00Z
    status: resolved
    message: Error rates are back to normal.
"""
F = "incidents/2026/2026-11-26-hostile.yml"
ALIASES = "error: YAML aliases (*name) are not allowed in incident files; write the value out [yaml-unsafe]"
UNSAFE_NAME = ("is not a safe incident id: name it YYYY-MM-DD-slug.yml with lowercase letters, digits and "
               "hyphens (at most 100) [incident-id]")


def outcome(run: Run) -> tuple[int, list[str]]:
    """Exit code and stdout lines, after checking that no traceback reached the user."""
    assert "Traceback" not in run.stdout + run.stderr
    return run.code, run.stdout.splitlines()


def check_one(project: TmpProject, content: str | bytes, path: str = F) -> tuple[int, list[str]]:
    project.write(path, content)
    return outcome(project.check())


# -- YAML features that must never run or expand -------------------------------------------------------------


def test_billion_laughs_is_refused_at_the_first_alias_without_expanding(tmp_project: TmpProject) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij", strict=False))
    started = time.monotonic()
    assert check_one(tmp_project, bomb) == (1, [f"{F}:2:8: {ALIASES}"])
    assert time.monotonic() - started < 5


def test_an_alias_anywhere_is_refused(tmp_project: TmpProject) -> None:
    text = GOOD + "tags: &t [db]\nreview:\n  authors: *t\n"
    assert check_one(tmp_project, text) == (1, [f"{F}:10:12: {ALIASES}"])


@pytest.mark.parametrize(("template", "position", "tag"), [
    ('title: !!python/object/apply:os.system ["touch {marker}"]\n', "1:8", "!!python/object/apply:os.system"),
    ("!!python/object/apply:os.system\nargs: [touch {marker}]\n", "1:1", "!!python/object/apply:os.system"),
    ('title: !!python/name:os.system "touch {marker}"\n', "1:8", "!!python/name:os.system"),
    ("title: !shell touch {marker}\n", "1:8", "!shell"),
], ids=["value", "document", "name", "local-tag"])
def test_python_tags_are_refused_and_never_run(tmp_project: TmpProject, tmp_path: Path, template: str,
                                               position: str, tag: str) -> None:
    marker = tmp_path / "pwned"
    text = template.format(marker=marker) + GOOD.split("\n", 1)[1]
    lines = [f"{F}:{position}: error: YAML tag {tag} is not allowed; incident files hold plain text, lists "
             "and maps [yaml-unsafe]"]
    if position == "1:1":  # a refused document has no readable fields at all, so started_at is missing too
        lines.append(f"{F}:1:1: error: missing required field 'started_at' [required-field]")
    assert check_one(tmp_project, text) == (1, lines)
    assert not marker.exists()


# -- what is read, and what is not ---------------------------------------------------------------------------


def test_symlink_to_etc_passwd_is_refused_and_not_read(tmp_project: TmpProject) -> None:
    link = tmp_project.root / F
    link.parent.mkdir(parents=True)
    link.symlink_to("/etc/passwd")
    run = tmp_project.check()
    assert outcome(run) == (1, [f"{F}:1:1: error: is a symbolic link; incident files must be regular files "
                                f"[file-link]"])
    assert "root:" not in run.stdout + run.stderr
    assert run.stderr == "checked 0 files: 1 error, 0 warnings\n"


def test_symlink_to_a_good_file_inside_the_project_is_refused_too(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/2026/2026-11-26-real.yml", GOOD)
    (tmp_project.root / F).symlink_to("2026-11-26-real.yml")
    assert outcome(tmp_project.check()) == (1, [
        f"{F}:1:1: error: is a symbolic link; incident files must be regular files [file-link]"])


def test_symlinked_year_folder_is_refused_and_not_walked(tmp_project: TmpProject) -> None:
    tmp_project.write("elsewhere/2027-01-01-secret.yml", "title: [not, read]\n")
    (tmp_project.root / "incidents").mkdir()
    (tmp_project.root / "incidents" / "2027").symlink_to("../elsewhere")
    assert outcome(tmp_project.check()) == (1, [
        "incidents/2027:1:1: error: is a symbolic link; incident folders must be real folders [file-link]"])


def test_symlinked_incidents_folder_is_refused(tmp_project: TmpProject) -> None:
    tmp_project.write("elsewhere/2026/2026-11-26-secret.yml", "title: [not, read]\n")
    (tmp_project.root / "incidents").symlink_to("elsewhere")
    assert outcome(tmp_project.check()) == (1, [
        "incidents:1:1: error: incidents_dir 'incidents' must be a folder inside the project, not a link "
        "or a path outside it [file-link]"])


@pytest.mark.parametrize("setting", ["../outside", "/etc", "incidents/../../outside", ".", "./"])
def test_incidents_dir_outside_the_project_is_refused(tmp_project: TmpProject, setting: str) -> None:
    """Reported where it is written (mkdocs.yml line 43 holds `incidents_dir:`), and nothing is read."""
    tmp_project.write("../outside/2026/2026-11-26-secret.yml", "title: [not, read]\n")
    tmp_project.config("incidents_dir: incidents", f"incidents_dir: {setting}")
    run = tmp_project.check()
    assert outcome(run) == (1, [
        f"mkdocs.yml:43:22: error: incidents_dir {setting!r} must name a folder inside the project, "
        "like incidents [config]"])
    assert run.stderr == "checked 0 files: 1 error, 0 warnings\n"


def test_twenty_megabyte_file_is_refused_quickly_without_reading_it(tmp_project: TmpProject) -> None:
    path = tmp_project.root / F
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:  # sparse: 20 MiB on paper, nothing on disk
        handle.truncate(20 * 1024 * 1024)
    started = time.monotonic()
    assert outcome(tmp_project.check()) == (1, [
        f"{F}:1:1: error: file is 20.0 MiB; incident files are limited to 1 MiB [file-read]"])
    assert time.monotonic() - started < 5


def test_a_file_just_over_the_cap_is_refused(tmp_project: TmpProject) -> None:
    assert check_one(tmp_project, GOOD + "#" * (1024 * 1024)) == (1, [
        f"{F}:1:1: error: file is 1.0 MiB; incident files are limited to 1 MiB [file-read]"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_instead_of_blocking(tmp_project: TmpProject) -> None:
    path = tmp_project.root / F
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    run = tmp_project.check(real_process=True)  # in a subprocess with a timeout, in case it blocks again
    assert outcome(run) == (1, [f"{F}:1:1: error: is not a regular file; incident files must be plain files "
                                f"[file-read]"])


# -- encodings and bytes -------------------------------------------------------------------------------------


def test_latin1_bytes_are_reported_at_their_line_and_column(tmp_project: TmpProject) -> None:
    tmp_project.write(F, b"title: API errors\nimpact: major\nsummary: caf\xe9 closed\n")
    run = tmp_project.check()
    assert outcome(run) == (1, [f"{F}:3:13: error: file is not UTF-8 (byte 0xe9); save it as UTF-8 [file-read]"])
    assert run.stderr == "checked 0 files: 1 error, 0 warnings\n"


@pytest.mark.parametrize(("content", "position", "char"), [
    ("title: café — x\x00y\n".encode(), "1:16", "U+0000"),
    ("title: x\nimpact: ü\x1b\n".encode(), "2:10", "U+001B"),
], ids=["nul-after-multibyte", "escape"])
def test_nul_and_control_bytes_are_reported_where_they_are(tmp_project: TmpProject, content: bytes,
                                                           position: str, char: str) -> None:
    assert check_one(tmp_project, content) == (1, [
        f"{F}:{position}: error: YAML syntax error: control characters are not allowed ({char}) [yaml-syntax]"])


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_refused_so_positions_stay_true(tmp_project: TmpProject,
                                                                    char: str) -> None:
    assert check_one(tmp_project, f"title: a{char}b\nimpact: majr\n") == (1, [
        f"{F}:1:9: error: character U+{ord(char):04X} is read as a line break by YAML; replace it with a "
        "space or a real line break [yaml-syntax]"])


def test_a_byte_order_mark_is_fine(tmp_project: TmpProject) -> None:
    tmp_project.write(F, b"\xef\xbb\xbf" + GOOD.encode())
    assert tmp_project.check() == Run(0, "", "checked 1 file: no problems\n")


def test_positions_after_a_byte_order_mark_are_unshifted(tmp_project: TmpProject) -> None:
    assert check_one(tmp_project, b"\xef\xbb\xbf" + GOOD.replace("major", "majr").encode()) == (1, [
        f"{F}:2:9: error: impact 'majr' is not one of none, minor, major, critical (did you mean 'major'?) "
        f"[field-value]"])


def test_windows_line_endings_are_fine(tmp_project: TmpProject) -> None:
    assert check_one(tmp_project, GOOD.replace("\n", "\r\n").replace("major", "majr")) == (1, [
        f"{F}:2:9: error: impact 'majr' is not one of none, minor, major, critical (did you mean 'major'?) "
        f"[field-value]"])


# -- shapes that are not an incident -------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "found"), [
    ("- title: A list of incidents\n", "a list"),
    ("just a sentence\n", "a single value"),
], ids=["list", "scalar"])
def test_top_level_must_be_a_map(tmp_project: TmpProject, content: str, found: str) -> None:
    assert check_one(tmp_project, content) == (1, [
        f"{F}:1:1: error: an incident file is a map of fields (title:, impact:, updates: …), "
        f"found {found} [incident-shape]"])


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n"],
                         ids=["empty", "blank", "comment", "marker"])
def test_empty_file(tmp_project: TmpProject, content: str) -> None:
    assert check_one(tmp_project, content) == (1, [
        f"{F}:1:1: error: file is empty; an incident needs at least a title [incident-shape]"])


def test_five_thousand_open_brackets(tmp_project: TmpProject) -> None:
    # libyaml stops at 1000 levels: the 1000th bracket is at column 7 + 1000.
    assert check_one(tmp_project, "title: " + "[" * 5000 + "\n") == (1, [
        f"{F}:1:1007: error: YAML syntax error: exceeded maximum nesting depth (while increasing flow "
        "level at line 1) [yaml-syntax]"])


def test_five_thousand_nested_block_lists(tmp_project: TmpProject) -> None:
    # the document map and tags' list are two levels; the 999th dash (column 2 * 999 + 1) is the 1001st
    assert check_one(tmp_project, "title: x\ntags:\n  " + "- " * 5000 + "x\n") == (1, [
        f"{F}:3:1999: error: YAML syntax error: exceeded maximum nesting depth (while increasing block "
        "level at line 3) [yaml-syntax]"])


def test_two_hundred_level_block_map(tmp_project: TmpProject) -> None:
    deep = "".join("  " * (level + 1) + f"k{level}:\n" for level in range(200)) + "  " * 201 + "v\n"
    assert check_one(tmp_project, GOOD + "roles:\n" + deep) == (1, [
        f"{F}:9:3: error: unknown field 'k0' in roles [unknown-field]"])


def test_several_documents(tmp_project: TmpProject) -> None:
    assert check_one(tmp_project, GOOD + "---\ntitle: Another incident\n") == (1, [
        f"{F}:8:1: error: a second YAML document starts here; the file must hold one: remove this '---' line, "
        "or move what follows to a file of its own [yaml-syntax]"])


def test_one_document_with_start_and_end_markers_is_fine(tmp_project: TmpProject) -> None:
    assert check_one(tmp_project, "---\n" + GOOD + "...\n") == (0, [])


# -- where files live ----------------------------------------------------------------------------------------


def test_yaml_extension_is_refused(tmp_project: TmpProject) -> None:
    path = "incidents/2026/2026-11-26-hostile.yaml"
    assert check_one(tmp_project, GOOD, path) == (1, [
        f"{path}:1:1: error: incident files use the .yml extension; rename it to 2026-11-26-hostile.yml [file-read]"])


def test_file_outside_a_year_folder(tmp_project: TmpProject) -> None:
    path = "incidents/2026-11-26-hostile.yml"
    assert check_one(tmp_project, GOOD, path) == (1, [
        f"{path}:1:1: error: incident files live in incidents/<YYYY>/; move it into its year's folder [file-read]"])


def test_unexpected_folders(tmp_project: TmpProject) -> None:
    tmp_project.write("incidents/misc/2026-11-26-a.yml", GOOD)
    tmp_project.write("incidents/2026/old/2026-11-26-b.yml", GOOD)
    tmp_project.write("incidents/.drafts/2026-11-26-c.yml", "title: [hidden folders are skipped]\n")
    tmp_project.write("incidents/2026/notes.txt", "other files are skipped\n")
    assert outcome(tmp_project.check()) == (1, [
        "incidents/2026/old:1:1: error: unexpected folder; incident files live directly in incidents/<YYYY>/ "
        "[file-read]",
        "incidents/misc:1:1: error: unexpected folder; incident files live in incidents/<YYYY>/ [file-read]",
    ])


@pytest.mark.parametrize("name", ["2026-11-26-café", "2026-11-26-two words", "2026-11-26-UPPER",
                                  "2026-11-26-", "2026-11-26-" + "a" * 90])
def test_unsafe_file_names_are_refused(tmp_project: TmpProject, name: str) -> None:
    path = f"incidents/2026/{name}.yml"
    assert check_one(tmp_project, GOOD, path) == (1, [f"{path}:1:1: error: file name {name!r} {UNSAFE_NAME}"])


def test_huge_numbers_do_not_crash(tmp_project: TmpProject) -> None:
    text = GOOD + "update_every: " + "9" * 5000 + "m\ndetected_at: 9999-12-31T23:30:00-01:00\n"
    assert check_one(tmp_project, text) == (1, [
        f"{F}:8:15: error: update_every '{'9' * 5000}m' is too long; at most 365d [field-value]",
        f"{F}:9:14: error: detected_at '9999-12-31T23:30:00-01:00' is out of range; use a year from 1970 "
        "to 2999 [field-value]",
    ])


def test_all_of_it_at_once_in_a_real_process(tmp_project: TmpProject, tmp_path: Path) -> None:
    """One project full of hostile files, checked by a real `python -m generator.cli` process."""
    marker = tmp_path / "pwned"
    year = "incidents/2026/2026-11-26-"
    tmp_project.write(year + "a-bomb.yml", "a: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n")
    tmp_project.write(year + "b-tag.yml", f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    tmp_project.write(year + "c-latin1.yml", b"title: caf\xe9\n")
    tmp_project.write(year + "d-list.yml", "- a\n")
    tmp_project.write(year + "e-empty.yml", "")
    tmp_project.write(year + "f-deep.yml", "title: " + "[" * 5000)
    tmp_project.write(year + "g-nul.yml", b"title: \x00\n")
    tmp_project.write(year + "h-bom.yml", b"\xef\xbb\xbf" + GOOD.encode())
    tmp_project.write(year + "i-ext.yaml", GOOD)
    tmp_project.write("incidents/2026-11-26-loose.yml", GOOD)
    (tmp_project.root / (year + "j-passwd.yml")).symlink_to("/etc/passwd")
    run = tmp_project.check(real_process=True)
    assert not marker.exists()
    assert "root:" not in run.stdout
    assert outcome(run) == (1, [
        "incidents/2026-11-26-loose.yml:1:1: error: incident files live in incidents/<YYYY>/; move it "
        "into its year's folder [file-read]",
        f"{year}a-bomb.yml:2:8: {ALIASES}",
        f"{year}b-tag.yml:1:1: error: missing required field 'started_at' [required-field]",
        f"{year}b-tag.yml:1:8: error: YAML tag !!python/object/apply:os.system is not allowed; incident "
        "files hold plain text, lists and maps [yaml-unsafe]",
        f"{year}c-latin1.yml:1:11: error: file is not UTF-8 (byte 0xe9); save it as UTF-8 [file-read]",
        f"{year}d-list.yml:1:1: error: an incident file is a map of fields (title:, impact:, updates: …), "
        "found a list [incident-shape]",
        f"{year}e-empty.yml:1:1: error: file is empty; an incident needs at least a title [incident-shape]",
        f"{year}f-deep.yml:1:1007: error: YAML syntax error: exceeded maximum nesting depth (while "
        "increasing flow level at line 1) [yaml-syntax]",
        f"{year}g-nul.yml:1:8: error: YAML syntax error: control characters are not allowed (U+0000) [yaml-syntax]",
        f"{year}i-ext.yaml:1:1: error: incident files use the .yml extension; rename it to "
        "2026-11-26-i-ext.yml [file-read]",
        f"{year}j-passwd.yml:1:1: error: is a symbolic link; incident files must be regular files [file-link]",
    ])
    assert run.stderr == "checked 7 files: 11 errors, 0 warnings\n"
