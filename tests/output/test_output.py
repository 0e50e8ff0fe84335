"""generator/output.py in-process: the parts real builds rarely reach (the two-rename fallback, a failing
switch, leftovers that only look like ours, files added while a build runs, someone else's lock file)."""

from __future__ import annotations

import errno
import functools
import http.server
import os
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from generator import forked, manifest, output

from .builds import siblings, snapshot


def build(site: Path, pages: dict[str, str], notes: list[str] | None = None) -> None:
    """A stand-in for mkdocs: write `pages` into the folder atomic_site_dir gives."""
    with output.atomic_site_dir(site, (notes if notes is not None else []).append) as work:
        for rel, text in pages.items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).write_text(text, encoding="utf-8")


def test_a_build_replaces_the_site_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(site, {"index.html": "one", "a/index.html": "a"})
    build(site, {"index.html": "two", "b/index.html": "b"})
    assert {k: v for k, v in snapshot(site).items() if k != manifest.NAME} == {
        "b": "folder", "b/index.html": snapshot(site)["b/index.html"], "index.html": snapshot(site)["index.html"]}
    assert (site / "index.html").read_text(encoding="utf-8") == "two"
    assert siblings(site) == ["site"]


def test_without_an_exchanging_rename_two_renames_do_the_switch(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    build(site, {"index.html": "two"})
    assert (site / "index.html").read_text(encoding="utf-8") == "two"
    assert siblings(site) == ["site"]


def test_a_failed_second_rename_puts_the_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    before = snapshot(site)
    real = os.rename

    def rename(src: Path, dst: Path) -> None:
        if Path(dst) == site and Path(src).name.startswith(".site-tmp-") and (Path(src) / "index.html").is_file() \
                and (Path(src) / "index.html").read_text(encoding="utf-8") == "two":
            raise OSError(errno.EIO, "disk trouble")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="disk trouble") as failed:
        build(site, {"index.html": "two"})
    assert not isinstance(failed.value, output.SwitchFailed)
    assert snapshot(site) == before
    assert siblings(site) == ["site"]


def test_when_the_previous_site_cannot_be_put_back_the_error_says_where_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    real = os.rename
    moved: list[Path] = []

    def rename(src: Path, dst: Path) -> None:
        if Path(dst) == site:
            raise OSError(errno.EIO, "disk trouble")
        real(src, dst)
        if Path(src) == site:
            moved.append(Path(dst))

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(output.SwitchFailed, match=r"the previous site is in .*\.site-tmp-[0-9a-f]{8}") as failed:
        build(site, {"index.html": "two"})
    assert str(moved[0]) in str(failed.value)
    assert (moved[0] / "index.html").read_text(encoding="utf-8") == "one"


def test_a_failing_build_removes_its_folder_and_keeps_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    before = snapshot(site)
    with pytest.raises(RuntimeError), output.atomic_site_dir(site) as work:
        (work / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("mkdocs failed")
    assert snapshot(site) == before
    assert siblings(site) == ["site"]


@pytest.fixture(params=[True, False], ids=["previous site deleted in a forked process", "deleted in process"])
def forking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Forced either way: the suite may leave an idle thread behind, beside which this child (it deletes
    files and writes to a pipe) is safe to fork."""
    if request.param and sys.platform != "linux":
        pytest.skip("statuspress forks only on Linux")
    monkeypatch.setattr(forked, "can_fork", lambda: request.param)
    return bool(request.param)


def test_the_previous_site_is_deleted_while_the_build_keeps_its_cache(tmp_path: Path, forking: bool) -> None:
    site = tmp_path / "site"
    build(site, {"index.html": "one", "a/index.html": "a"})
    heard: list[list[str]] = []
    with output.atomic_site_dir(site, None, None, lambda seen: heard.append(sorted(seen))) as work:
        (work / "index.html").write_text("two", encoding="utf-8")
    assert heard == [["index.html"]]
    assert siblings(site) == ["site"]   # the previous site is gone, and the lock with the build
    assert (site / "index.html").read_text(encoding="utf-8") == "two" and not (site / "a").exists()


def test_a_deletion_whose_process_died_is_done_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Died:
        def __init__(self, work: object) -> None:
            pass

        def next(self) -> None:
            raise forked.ChildFailed("killed")

    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(forked, "InChild", Died)
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    build(site, {"index.html": "two"})
    assert siblings(site) == ["site"]


def test_a_file_added_to_the_site_while_a_build_runs_is_kept(tmp_path: Path, forking: bool) -> None:
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    notes: list[str] = []
    with output.atomic_site_dir(site, notes.append) as work:
        (work / "index.html").write_text("two", encoding="utf-8")
        (site / "CNAME").write_text("status.example.com\n", encoding="utf-8")
    assert (site / "index.html").read_text(encoding="utf-8") == "two"
    [kept] = [p for p in tmp_path.iterdir() if p.name != "site"]
    assert (kept / "CNAME").read_text(encoding="utf-8") == "status.example.com\n"
    assert len(notes) == 1 and str(kept) in notes[0] and "CNAME" in notes[0]
    build(site, {"index.html": "three"}, notes)   # still kept, still named, by every later build
    assert (kept / "CNAME").is_file() and "CNAME" in notes[-1]


def leftover(folder: Path, header: str | None, files: dict[str, str]) -> Path:
    folder.mkdir()
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    if header == manifest.HEADER:
        manifest.finish(folder)
    elif header is not None:
        (folder / manifest.NAME).write_text(header + "\n", encoding="utf-8")
    return folder


def test_only_provable_leftovers_of_killed_builds_are_deleted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    unfinished = leftover(tmp_path / ".site-tmp-0000000a", manifest.UNFINISHED, {"incidents/x/index.html": "x"})
    finished = leftover(tmp_path / ".site-tmp-0000000b", manifest.HEADER, {"index.html": "old"})
    empty = leftover(tmp_path / ".site-tmp-0000000c", None, {})
    added = leftover(tmp_path / ".site-tmp-0000000d", manifest.HEADER, {"index.html": "old"})
    (added / "notes.txt").write_text("mine", encoding="utf-8")
    unmarked = leftover(tmp_path / ".site-tmp-0000000e", None, {"index.html": "?"})
    newer = leftover(tmp_path / ".site-tmp-0000000f", "statuspress-site-manifest 2", {"index.html": "?"})
    target = leftover(tmp_path / "elsewhere", None, {"keep.txt": "keep"})
    (tmp_path / ".site-tmp-00000010").symlink_to(target)
    earlier = [leftover(tmp_path / name, None, {"index.html": "?"}) for name in (".site-old", ".site-new-ab_12xyz")]
    other_site = leftover(tmp_path / ".public-tmp-0000000a", manifest.UNFINISHED, {"index.html": "?"})
    notes: list[str] = []
    build(site, {"index.html": "new"}, notes)
    for gone in (unfinished, finished, empty):
        assert not gone.exists()
    for kept in (added, unmarked, newer, tmp_path / ".site-tmp-00000010", *earlier):
        assert kept.is_symlink() or kept.is_dir()
        assert sum(str(kept) in note for note in notes) == 1, f"{kept.name} kept without a word: {notes}"
    assert "notes.txt" in " ".join(notes)
    assert (target / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert other_site.exists() and not any(str(other_site) in note for note in notes)


def test_a_manifest_of_a_newer_format_is_refused_with_its_reason(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(site, {"index.html": "one"})
    (site / manifest.NAME).write_text("statuspress-site-manifest 2\n", encoding="utf-8")
    with pytest.raises(output.UnsafeSiteDir, match="newer version"):
        build(site, {"index.html": "two"})
    assert (site / "index.html").read_text(encoding="utf-8") == "one"


def test_a_lock_file_that_is_not_a_builds_is_neither_emptied_nor_deleted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    lock = tmp_path / ".site-lock"
    lock.write_text("someone's notes\n", encoding="utf-8")
    build(site, {"index.html": "one"})
    assert lock.read_text(encoding="utf-8") == "someone's notes\n"


def test_a_lock_file_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    target = tmp_path / "target.txt"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / ".site-lock").symlink_to(target)
    with pytest.raises(OSError):
        build(site, {"index.html": "one"})
    assert not site.exists()
    assert target.read_text(encoding="utf-8") == "keep"


def test_a_web_server_serving_the_site_folder_serves_each_new_build(tmp_path: Path) -> None:
    """`python -m http.server -d site` (and any server that opens files by path) follows the switch."""
    site = tmp_path / "site"
    build(site, {"index.html": "one"})

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        try:
            for text in ("one", "two", "three"):
                if text != "one":
                    build(site, {"index.html": text})
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
                    assert response.read().decode() == text
        finally:
            server.shutdown()


def test_a_file_written_into_a_built_site_is_listed_and_the_next_build_replaces_the_site(tmp_path: Path) -> None:
    from generator import manifest
    from generator.output import UnsafeSiteDir, write_into_site

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>built</p>\n", encoding="utf-8")
    manifest.finish(site)
    written = write_into_site(site, "notify/ledger.json", b'{"channels": {}}\n')
    assert written.read_bytes() == b'{"channels": {}}\n'
    listed = manifest.read(site)
    assert listed is not None and set(listed.files) == {"index.html", "notify/ledger.json"}
    assert manifest.strangers(site, listed) == ([], [])
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UnsafeSiteDir, match="not a site statuspress built"):
        write_into_site(plain, "notify/ledger.json", b"{}")
    assert not (plain / "notify").exists()
