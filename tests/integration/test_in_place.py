"""serve's quick rebuild (generator/in_place.py): after each save, the folder serve rebuilt in place holds
exactly the files a full build of the same project at the same time writes, byte for byte, manifest
included; a save that changes which pages there are, or mkdocs.yml, is built in full instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import clock
from generator.build import build_site
from generator.load import load_project
from generator.preview import Preview
from tests.integration.test_incremental import git
from tests.support.paths import copy_example

EPOCH = "1795867200"   # 2026-11-28T12:00:00Z: every build at the same time
QUIET = "incidents/2025/2025-05-20-slow-reports-eu.yml"              # resolved long ago
OPEN = "incidents/2026/2026-11-28-delayed-event-processing.yml"      # open: in the banner of every page
ANOTHER = "incidents/2025/2025-05-20-slow-exports-eu.yml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def assert_same_as_a_full_build(project: Path, served: Path, tmp_path: Path, name: str) -> None:
    now = clock.now()
    full = build_site(load_project(project / "mkdocs.yml", now), now, tmp_path / f"full-{name}")
    expected, got = files_of(full), files_of(served)
    assert sorted(got) == sorted(expected), name
    differing = [rel for rel in expected if got[rel] != expected[rel]]
    assert differing == [], name


def first_build(project: Path, served: Path) -> tuple[Preview, list[str]]:
    """serve's builder for `project` into `served`, after its first (full) build; what it said."""
    said: list[str] = []
    preview = Preview(project / "mkdocs.yml", served, said.append)
    preview()
    return preview, said


SAVES: list[tuple[str, Callable[[Path], None], str]] = [
    ("a message of a resolved incident", lambda root: edit(
        root, QUIET, "Data collection is not\n      affected.", "Data collection is not\n      affected at all."),
     "in place"),
    ("the title of the open incident, shown in every page's banner", lambda root: edit(
        root, OPEN, "title: Delayed event processing in the US region",
        "title: Delayed event processing in the US & EU <regions>"), "in place"),
    ("a tag used elsewhere too", lambda root: edit(root, QUIET, "tags: [", "tags: [kafka, "), "in place"),
    ("the open incident's impact", lambda root: edit(root, OPEN, "impact: minor", "impact: major"), "in place"),
    ("a new incident: a new page", lambda root: (root / ANOTHER).write_text(
        (root / QUIET).read_text(encoding="utf-8").replace("title: ", "title: Also ", 1), encoding="utf-8"),
     "in full"),
    ("the new incident again, a message only", lambda root: edit(
        root, ANOTHER, "affected at all.", "affected at all, nor is anything else."), "in place"),
    ("mkdocs.yml", lambda root: edit(root, "mkdocs.yml", "review_due: 10d", "review_due: 12d"), "in full"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "project")   # outside git: the audit log pages are tested with git below


def test_every_save_rebuilt_in_place_gives_the_full_builds_files(project: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    served = tmp_path / "served"
    preview, said = first_build(project, served)
    assert said[-1].endswith("built in full") and preview.in_place is not None
    for what, save, how in SAVES:
        before = files_of(served)
        save(project)
        preview()
        assert said[-1].endswith(f"built {how}" if how == "in full" else "written in place"), (what, said[-1])
        assert_same_as_a_full_build(project, served, tmp_path, what.split(":")[0].replace(" ", "-"))
        if how == "in place":   # unchanged closed incidents keep their views (derive/kept.py): the same objects
            assert preview.views.made <= 4, (what, preview.views.made)   # the saved one, and those still open or ahead
            changed = {rel for rel, data in files_of(served).items() if before.get(rel) != data}
            assert changed, what
            if "open incident" not in what:   # the banner of every page shows the open incident
                assert len(changed) < len(before) / 4, (what, sorted(changed))


def test_a_save_that_changes_nothing_writes_nothing(project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    served = tmp_path / "served"
    preview, said = first_build(project, served)
    before = {rel: (served / rel).stat().st_mtime_ns for rel in files_of(served)}
    edit(project, QUIET, "tags: [", "tags: [ ")   # the same data
    preview()
    assert said[-1].endswith("; 0 files written in place"), said[-1]
    assert {rel: (served / rel).stat().st_mtime_ns for rel in files_of(served)} == before


def test_a_new_day_is_built_in_full(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page carries the build day (sitemap.xml): another day is another sitemap."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    preview, said = first_build(project, tmp_path / "served")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    preview()
    assert said[-1].endswith("built in full")
    assert_same_as_a_full_build(project, tmp_path / "served", tmp_path, "next-day")


def test_a_hand_written_page_keeps_serve_building_in_full(project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs converts and frames hand-written pages (their banner shows the open incidents too)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (project / "pages").mkdir(exist_ok=True)
    (project / "pages" / "about.md").write_text("# About\n\nWho runs this status page.\n", encoding="utf-8")
    preview, said = first_build(project, tmp_path / "served")
    assert preview.in_place is None
    edit(project, OPEN, "title: Delayed event processing in the US region", "title: Delayed events")
    preview()
    assert said[-1].endswith("built in full")
    assert_same_as_a_full_build(project, tmp_path / "served", tmp_path, "hand-written")


def test_a_file_added_to_the_docs_folder_is_built_in_full(project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs copies what docs_dir holds (and renders its pages): a save there is not rebuilt in place."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    served = tmp_path / "served"
    preview, said = first_build(project, served)
    assert preview.in_place is not None
    (project / "pages").mkdir(exist_ok=True)
    (project / "pages" / "CNAME").write_text("status.example.com\n", encoding="utf-8")
    preview()
    assert said[-1].endswith("built in full")
    assert (served / "CNAME").read_text(encoding="utf-8") == "status.example.com\n"
    assert_same_as_a_full_build(project, served, tmp_path, "cname")


def test_in_a_git_repository_commits_and_uncommitted_saves_give_the_full_builds_files(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With git, pages show who posted and edited each update (the provenance the memo reads) and the audit
    log lists every commit: saved and committed edits are rebuilt in place and equal a full build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (project / ".gitignore").write_text("/site*/\n/full-*/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The example status site")
    served = tmp_path / "served"
    preview, said = first_build(project, served)
    steps = [("saved", lambda: edit(project, QUIET, "Data collection is not\n      affected.", "Nothing is lost.")),
             ("committed", lambda: git(project, "commit", "-q", "-am", "Reword the EU reports incident")),
             ("edited again", lambda: edit(project, QUIET, "Nothing is lost.", "No data is lost."))]
    for what, step in steps:
        step()
        preview()
        assert said[-1].endswith("written in place"), (what, said[-1])
        assert_same_as_a_full_build(project, served, tmp_path, what.replace(" ", "-"))



def test_frames_rendered_in_full_are_reused_until_what_they_show_changes(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages in the nav and each kind's shell are framed in full; after a save, a frame is rendered again
    only when its page or what the frame reads of the Site (the banner of open incidents) changed."""
    from generator import theme_pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    served = tmp_path / "served"
    preview, said = first_build(project, served)
    framed: list[str] = []
    real = theme_pages.render

    def spy(*args: object) -> str:
        framed.append(args[4].file.src_uri)   # type: ignore[attr-defined]
        return real(*args)   # type: ignore[arg-type]

    monkeypatch.setattr(theme_pages, "render", spy)
    edit(project, QUIET, "Data collection is not\n      affected.", "Data collection is not\n      affected at all.")
    preview()
    assert said[-1].endswith("written in place") and framed == []   # the full build's frames, kept in its memo
    edit(project, QUIET, "affected at all.", "affected in any way.")
    preview()
    assert said[-1].endswith("written in place") and framed == []
    assert_same_as_a_full_build(project, served, tmp_path, "quiet")
    edit(project, OPEN, "title: Delayed event processing in the US region", "title: Delayed events in the US")
    preview()
    assert "index.md" in framed and "subscribe.md" in framed   # every banner shows the new title
    assert_same_as_a_full_build(project, served, tmp_path, "banner")
