"""edit.splice_update and write_atomic on the layouts the CLI tests do not cover."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.authoring.files import EditRefused, write_atomic
from generator.authoring.splice import splice_update
from generator.authoring.text import NewUpdate, scalar_lines, slugify
from generator.authoring.update import append_update
from generator.config import load_config

UPDATE = NewUpdate(datetime(2026, 11, 28, 10, 0, tzinfo=UTC), "identified", "Found it.")
ADDED = "  - at: 2026-11-28T10:00:00Z\n    status: identified\n    message: Found it.\n"
HEAD = "title: API errors\nimpact: minor\nstarted_at: 2026-11-28T09:00:00Z\n"


def test_missing_updates_key_is_added_at_the_end() -> None:
    assert splice_update(HEAD + "tags: [api]", UPDATE) == HEAD + "tags: [api]\nupdates:\n" + ADDED


def test_empty_updates_key_gets_its_first_item() -> None:
    text = HEAD + "updates:   # none yet\ntags: [api]\n"
    assert splice_update(text, UPDATE) == HEAD + "updates:   # none yet\n" + ADDED + "tags: [api]\n"


def test_nested_indent_of_block_scalars_follows_the_file() -> None:
    text = HEAD + "updates:\n  - at: 2026-11-28T09:10:00Z\n    status: investigating\n    message: |\n" \
                  "        Deep.\n"
    update = NewUpdate(UPDATE.at, "identified", "Two\nlines")
    assert splice_update(text, update) == text + (
        "  - at: 2026-11-28T10:00:00Z\n    status: identified\n    message: |\n        Two\n        lines\n")


def test_keep_chomping_that_would_change_a_message_is_refused(site: Path) -> None:
    text = HEAD + "updates:\n  - at: 2026-11-28T09:10:00Z\n    status: investigating\n    message: |+\n" \
                  "      Kept.\n\n"
    path = site / "incidents/2026/2026-11-28-api-errors.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    config, _ = load_config(site / "mkdocs.yml")
    with pytest.raises(EditRefused) as refused:
        append_update(config, path, UPDATE, UPDATE.at)
    assert "without changing the rest of the file" in refused.value.problems[0].message
    assert path.read_text() == text


def test_byte_order_mark_is_kept(site: Path) -> None:
    text = HEAD + "updates:\n  - at: 2026-11-28T09:10:00Z\n    status: investigating\n    message: Hi.\n"
    path = site / "incidents/2026/2026-11-28-api-errors.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    config, _ = load_config(site / "mkdocs.yml")
    append_update(config, path, UPDATE, UPDATE.at)
    assert path.read_bytes() == b"\xef\xbb\xbf" + (text + ADDED).encode()


def test_write_atomic_refuses_when_the_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("changed by someone else\n")
    with pytest.raises(EditRefused):
        write_atomic(path, "mine\n", expect=b"what I read\n")
    assert path.read_text() == "changed by someone else\n"
    with pytest.raises(EditRefused):
        write_atomic(path, "mine\n", expect=None)  # creating never overwrites
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yml"]


@pytest.mark.parametrize(("value", "expected"), [
    ("plain words", ["message: plain words"]),
    ("yes", ['message: "yes"']),             # YAML 1.1 would read a bare yes as true
    ("on", ['message: "on"']),
    ("Fixed: now", ["message: 'Fixed: now'"]),
    ("a\n\nb", ["message: |", "  a", "", "  b"]),
    ("  indented\nx", ["message: |2", "    indented", "  x"]),
])
def test_scalars_read_back_as_the_same_text(value: str, expected: list[str]) -> None:
    assert scalar_lines("message", value) == expected


@pytest.mark.parametrize(("title", "slug"), [
    ("Elevated API errors", "elevated-api-errors"),
    ("Sign-in failures (SSO) — EU", "sign-in-failures-sso-eu"),
    ("Ünïcode déjà vu", "unicode-deja-vu"),
    ("!!!", "incident"),
    ("word " * 30, ("word-" * 6).rstrip("-")),          # ids stay within 40 characters
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
