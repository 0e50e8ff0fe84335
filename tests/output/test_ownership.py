"""Only a folder statuspress built may be replaced, and only when it holds nothing but what that build wrote
(issue 10, item 14). Every build records what it wrote in `.statuspress-manifest`; anything else in the folder,
or a built file changed since, makes the next build refuse and keep everything as it was."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator import manifest
from tests.integration.test_site_build import copy_project
from tests.support.site_build import BuildFailed, build_site

from .builds import LATER, run_build, siblings, snapshot

MANIFEST = ".statuspress-manifest"


def test_the_manifest_lists_every_file_the_build_wrote_with_its_sha256(tmp_path: Path) -> None:
    site = build_site(tmp_path / "site").root
    lines = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "statuspress-site-manifest 1"
    listed: dict[str, str] = {}
    for line in lines[1:]:
        digest, sep, path = line.partition("  ")  # sha256sum's layout: `tail -n +2 … | sha256sum -c` checks a site
        assert sep and len(digest) == 64, line
        listed[unquote(path)] = digest
    on_disk = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in site.rglob("*") if p.is_file() and p.name != MANIFEST}
    assert len(on_disk) > 100
    assert listed == on_disk


def test_a_folder_with_an_index_and_a_sitemap_but_no_manifest_is_refused_and_kept(tmp_path: Path) -> None:
    """What the previous version took for a built site; it may as well be someone's own folder."""
    config = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    for name, text in {"index.html": "<p>mine</p>\n", "sitemap.xml": "<urlset/>\n", "notes.txt": "keep me\n"}.items():
        (site / name).write_text(text, encoding="utf-8")
    before = snapshot(site)
    with pytest.raises(BuildFailed, match=r"(?s)no \.statuspress-manifest.*delete it once"):
        build_site(site, config_file=config)
    assert snapshot(site) == before
    assert siblings(site) == ["project", "site"]


def test_files_put_into_a_built_site_are_kept_and_named(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", config_file=config).root
    (site / "CNAME").write_text("status.example.com\n", encoding="utf-8")
    (site / "drafts").mkdir()
    (site / "drafts" / "plan.md").write_text("not public yet\n", encoding="utf-8")
    (site / "uploads").mkdir()
    (site / "config-link").symlink_to(config)
    before = snapshot(site)
    with pytest.raises(BuildFailed) as failed:
        build_site(site, config_file=config, at=LATER)
    message = str(failed.value)
    assert "refusing to replace" in message
    for name in ("CNAME", "drafts/plan.md", "uploads", "config-link"):
        assert name in message
    assert "left untouched" in message
    assert snapshot(site) == before
    assert siblings(site) == ["project", "site"]


def test_a_built_page_changed_by_hand_is_kept_and_named(tmp_path: Path) -> None:
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", config_file=config).root
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- hand edit -->\n", encoding="utf-8")
    before = snapshot(site)
    with pytest.raises(BuildFailed, match=r"changed since.*index\.html"):
        build_site(site, config_file=config, at=LATER)
    assert snapshot(site) == before


def test_with_the_build_cache_a_hand_edit_that_keeps_size_and_time_is_still_caught(tmp_path: Path) -> None:
    """`--incremental` keeps what the file system said of each file it wrote (size, times, inode), and does
    not read again a file still exactly so; an edit that restores the size and modification time still
    changes the change time, which no user can set back."""
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "site", config_file=config, extra_args=("--incremental",)).root
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    times = page.stat()
    page.write_text(text.replace("<title>", "<title>X", 1)[:-1], encoding="utf-8")   # the same size
    os.utime(page, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert page.stat().st_size == times.st_size and page.stat().st_mtime_ns == times.st_mtime_ns
    before = snapshot(site)
    with pytest.raises(BuildFailed, match=r"changed since.*index\.html"):
        build_site(site, config_file=config, at=LATER, extra_args=("--incremental",))
    assert snapshot(site) == before


def test_with_the_build_cache_an_untouched_site_is_not_read_again(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    config = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    monkeypatch.chdir(config.parent)
    assert _in_process_build(config, site) == 0
    read = _files_read_for_the_manifest(monkeypatch)
    assert _in_process_build(config, site) == 0
    new_site = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()} - {MANIFEST}
    # Only the new site's files, for its manifest, none of the old site's before or after the switch; and of
    # those only what mkdocs, the theme and its search wrote: the pages and files statuspress wrote from
    # bytes it held are listed with the digests of those bytes (manifest.Known).
    theirs = {rel for rel in new_site
              if rel.startswith("assets/") or rel in ("404.html", "search/search_index.json", "sitemap.xml",
                                                      "sitemap.xml.gz")}
    assert len(new_site) > 100 and len(theirs) < len(new_site) / 2
    work = {Path(path).relative_to(site.parent).parts[0] for path in read}
    assert len(work) == 1 and work.pop().startswith(f".{site.name}-tmp-")   # the folder the new site was built in
    assert sorted(Path(path).relative_to(site.parent).as_posix().partition("/")[2] for path in read) == sorted(theirs)


def _files_read_for_the_manifest(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths manifest.py reads to digest, from now on."""
    read: list[str] = []
    real = manifest._sha256

    def spy(path: str) -> str:
        read.append(path)
        return real(path)

    monkeypatch.setattr(manifest, "_sha256", spy)
    return read


def _in_process_build(config: Path, site: Path) -> int:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["build", "--config-file", str(config), "--at", LATER, "--site-dir", str(site),
                                       "--incremental"])
    return result.exit_code


def test_a_rebuild_replaces_exactly_what_the_last_build_wrote(tmp_path: Path) -> None:
    """Pages of an incident deleted from the project go; the result is what a fresh build writes."""
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "out" / "site", config_file=config).root
    deleted = max(config.parent.glob("incidents/*/*.yml"))     # any incident: the newest by name
    gone = deleted.stem
    assert (site / "incidents" / gone / "index.html").is_file()
    deleted.unlink()
    build_site(site, config_file=config, at=LATER)
    assert not (site / "incidents" / gone).exists()
    fresh = build_site(tmp_path / "fresh", config_file=config, at=LATER).root
    assert snapshot(site) == snapshot(fresh)
    assert siblings(site) == ["site"]


def test_folders_beside_the_site_are_deleted_only_when_provably_a_builds_leftover(tmp_path: Path) -> None:
    """The previous version deleted `.site-old` unchecked. A leftover of a killed build of that version, or a
    folder that only looks like ours, is kept and named."""
    config = copy_project(tmp_path / "project")
    site = build_site(tmp_path / "out" / "site", config_file=config).root
    mine = {".site-old": "old notes\n", ".site-new-k2j3h4_a": "a killed build of the previous version\n",
            ".site-tmp-0123abcd": "named like a temporary folder, but not one\n"}
    for name, text in mine.items():
        (site.parent / name).mkdir()
        (site.parent / name / "keep.txt").write_text(text, encoding="utf-8")
    done = run_build(site, config=config, at=LATER)
    assert done.returncode == 0, done.stderr
    for name, text in mine.items():
        assert (site.parent / name / "keep.txt").read_text(encoding="utf-8") == text
    for name in mine:
        assert name in done.stderr, f"{name} was kept without a word"
    assert siblings(site) == sorted(["site", *mine])


def test_a_digest_known_from_the_bytes_written_is_listed_only_while_the_file_is_exactly_as_written(
        tmp_path: Path) -> None:
    """manifest.Known: a build that wrote a file from bytes it held tells finish their digest; finish takes it
    without reading the file only while the file system reports that file exactly as just after the write."""
    folder = tmp_path / "site"
    folder.mkdir()
    manifest.start(folder)
    kept = manifest.write(os.fspath(folder / "incidents" / "kept.html"), b"<p>kept</p>")
    assert kept[0] == hashlib.sha256(b"<p>kept</p>").hexdigest()
    changed = manifest.write(os.fspath(folder / "changed.html"), b"<p>as built</p>")
    (folder / "changed.html").write_bytes(b"<p>changed by something else</p>")
    (folder / "theirs.txt").write_bytes(b"written by another tool")
    told = manifest.told(os.fspath(folder / "theirs.txt"), b"written by another tool")
    known = {"incidents/kept.html": ("0" * 64, kept[1]), "changed.html": changed, "theirs.txt": told}
    seen = manifest.finish(folder, known)
    found = manifest.read(folder)
    assert found is not None and found.finished
    assert found.files == {"incidents/kept.html": "0" * 64,   # as told: not read back
                           "changed.html": hashlib.sha256(b"<p>changed by something else</p>").hexdigest(),
                           "theirs.txt": told[0]}
    assert set(seen) == {"incidents/kept.html", "changed.html", "theirs.txt"}


def test_with_another_plugin_every_file_is_read_for_the_manifest(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Another plugin's post_build could rewrite a page right after statuspress wrote it, too soon for the
    file system's times to show it: then no digest is taken from the bytes written, every file is read."""
    config = copy_project(tmp_path / "project")
    text = config.read_text(encoding="utf-8")
    assert "\n  - search\n" in text
    config.write_text(text.replace("\n  - search\n", "\n  - search\n  - material/tags\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    monkeypatch.chdir(config.parent)
    read = _files_read_for_the_manifest(monkeypatch)
    assert _in_process_build(config, site) == 0
    new_site = [path for path in site.rglob("*") if path.is_file() and path.name != MANIFEST]
    assert len(new_site) > 100 and len(read) == len(new_site)
