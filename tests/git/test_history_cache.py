"""History with a warm build cache (history.Known, history_cache.py): after every kind of commit a push or
a save can bring, a read that reuses the last read's blobs and log records gives the Provenance a cold read
gives, and asks git only for what is new."""

from __future__ import annotations

import os
import pickle
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from git_helpers import DANA, FIRST, HEAD_LINES, ID, PATH, SAM, SECOND, V1, V2, Repo, published, subcommands, wrap_git

from generator import gitrepo, history, pipeline, source
from generator.cache import Cache
from generator.history import Found, Known, Provenance, read_history, read_history_reusing
from generator.history_cache import KeptHistory
from generator.load import load_project
from generator.model import Audience

CAT_FILE_WRAPPER = """\
#!/bin/sh
if [ "$1" = "cat-file" ]; then
    tee -a "{names}" | "{git}" "$@"
else
    exec "{git}" "$@"
fi
"""

OTHER = "incidents/2026/2026-11-26-dashboard-slow.yml"
THIRD = "incidents/2026/2026-11-26-login-errors.yml"
AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
INTERNAL = Audience.INTERNAL


def update(hour: int, minute: int, status: str, message: str) -> str:
    return f"  - at: 2026-11-26T{hour:02}:{minute:02}:00Z\n    status: {status}\n    message: {message}\n"


def warm(root: Path, known: Known, incidents_dir: str = "incidents") -> tuple[Provenance, Found, Known]:
    """A read reusing `known` as the cache file gives it back (pickled and read again), and what it keeps."""
    again = pickle.loads(pickle.dumps(known))   # noqa: S301 - bytes this test just made
    provenance, found = read_history_reusing(root, incidents_dir, again)
    assert found is not None
    return provenance, found, known.after(found)


def cold(root: Path, incidents_dir: str = "incidents") -> tuple[Provenance, Known]:
    provenance, found = read_history_reusing(root, incidents_dir, Known())
    assert found is not None
    return provenance, Known().after(found)


@pytest.fixture
def cat_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every object name any `git cat-file --batch` started from now on is asked for, one a line."""
    names = tmp_path / "cat-file-names"
    names.write_text("")
    wrap_git(tmp_path / "cat-file-bin", monkeypatch, CAT_FILE_WRAPPER, names=names)
    return names


def base_history(repo: Repo) -> None:
    """Three incidents over eight commits by two authors: enough that a few new commits are read alone."""
    published(repo)
    other = HEAD_LINES.replace("api: partial_outage", "dashboard: degraded_performance")
    repo.write(OTHER, other + update(10, 0, "investigating", "The dashboard loads slowly."))
    repo.commit("Open dashboard incident", DANA, "2026-11-26T10:05:00Z")
    repo.write(OTHER, other + update(10, 0, "investigating", "The dashboard loads slowly.")
               + update(10, 30, "identified", "A slow query was found."))
    repo.commit("Dashboard: identified", SAM, "2026-11-26T10:35:00Z")
    repo.write(THIRD, HEAD_LINES + update(11, 0, "investigating", "Some logins fail."))
    repo.commit("Open login incident", SAM, "2026-11-26T11:05:00Z")
    repo.write(PATH, V2 + update(11, 10, "monitoring", "A fix is rolled out."))
    repo.commit("API incident: monitoring", DANA, "2026-11-26T11:15:00Z")
    repo.write(THIRD, HEAD_LINES + update(11, 0, "investigating", "Some logins fail.")
               + update(11, 20, "identified", "An expired certificate."))
    repo.commit("Login: identified", DANA, "2026-11-26T11:25:00Z")
    repo.write(OTHER, other + update(10, 0, "investigating", "The dashboard loads slowly.")
               + update(10, 30, "identified", "A slow query was found.")
               + update(11, 30, "resolved", "The dashboard is fast again."))
    repo.commit("Dashboard: resolved", SAM, "2026-11-26T11:35:00Z")


def append(repo: Repo) -> None:
    text = (repo.root / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text + update(12, 0, "resolved", "Error rates are back to normal."))
    repo.commit("API incident: resolved", SAM, "2026-11-26T12:05:00Z")


def correct(repo: Repo) -> None:
    text = (repo.root / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("A faulty configuration push was identified.",
                                  "A faulty configuration push to the API was identified.\n"
                                  "    corrected: {at: 2026-11-26T12:10:00Z, reason: It named no service.}"))
    repo.commit("Correct the second API update", DANA, "2026-11-26T12:10:00Z")


def rename(repo: Repo) -> None:
    repo.git("mv", OTHER, "incidents/2026/2026-11-26-dashboard-latency.yml")
    repo.commit("Rename the dashboard incident", SAM, "2026-11-26T12:20:00Z")


def delete(repo: Repo) -> None:
    repo.git("rm", "-q", THIRD)
    repo.commit("Remove the login incident", DANA, "2026-11-26T12:30:00Z")


def merge_older_work(repo: Repo) -> None:
    """A branch whose commits are dated before commits already read (so git's date order puts them among
    those), merged with a conflict resolved by hand: the merged file is a version no commit made."""
    repo.git("checkout", "-q", "-b", "side", "HEAD~3")
    text = (repo.root / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("A faulty configuration push was identified.", "A bad configuration push.")
               + update(11, 50, "monitoring", "Still watching the error rate."))
    repo.commit("API incident: watching (written on a branch)", SAM, "2026-11-26T11:50:00Z")
    repo.write("incidents/2026/2026-11-26-queue-backlog.yml", V1.replace("api: partial_outage", "api: operational"))
    repo.commit("Queue incident (written on a branch)", SAM, "2026-11-26T11:55:00Z")
    repo.git("checkout", "-q", "main")
    merged = subprocess.run(["git", "merge", "-q", "--no-ff", "side", "-m", "Merge side"], cwd=repo.root,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "GIT_AUTHOR_NAME": DANA.name, "GIT_AUTHOR_EMAIL": DANA.email,
                                 "GIT_COMMITTER_NAME": DANA.name, "GIT_COMMITTER_EMAIL": DANA.email,
                                 "GIT_AUTHOR_DATE": "2026-11-26T12:40:00Z",
                                 "GIT_COMMITTER_DATE": "2026-11-26T12:40:00Z"})
    assert merged.returncode != 0, "the test wants a conflict to resolve"
    ours = repo.git("show", f"main:{PATH}")
    repo.write(PATH, ours + "\n" + update(11, 50, "monitoring", "Still watching the error rate."))
    repo.commit("Merge side", DANA, "2026-11-26T12:40:00Z")


def edit_without_committing(repo: Repo) -> None:
    text = (repo.root / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("We are investigating elevated error rates on the API.",
                                  "We are investigating elevated error rates on the public API."))


def recreate(repo: Repo) -> None:
    repo.git("checkout", "-q", "--", PATH)
    repo.write(THIRD, HEAD_LINES + update(13, 0, "investigating", "Logins fail again."))
    repo.commit("Open a new login incident at the old path", SAM, "2026-11-26T13:05:00Z")


def break_and_mend(repo: Repo) -> None:
    """A version that does not read (it had problems then) holds no updates: kept as such, and reused."""
    text = (repo.root / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("updates:\n", "updates: [\n", 1))
    repo.commit("Break the API incident", SAM, "2026-11-26T13:10:00Z")
    repo.write(PATH, text)
    repo.commit("Mend the API incident", SAM, "2026-11-26T13:15:00Z")


def force_back(repo: Repo) -> None:
    """A force push: HEAD leaves commits already read, and a new commit is made on an older one."""
    repo.git("reset", "-q", "--hard", "HEAD~2")
    repo.write(OTHER.replace("dashboard-slow", "dashboard-latency"),
               (repo.root / OTHER.replace("dashboard-slow", "dashboard-latency")).read_text(encoding="utf-8")
               .replace("The dashboard is fast again.", "The dashboard is fast again for everyone."))
    repo.commit("Reword the dashboard resolution", DANA, "2026-11-26T13:30:00Z")


STEPS: list[tuple[str, Callable[[Repo], None]]] = [
    ("append an update", append), ("correct a published update", correct), ("rename an incident", rename),
    ("delete an incident", delete), ("merge older work", merge_older_work),
    ("edit a file without committing", edit_without_committing),
    ("re-create a deleted incident", recreate), ("commit a version that does not read, then mend it",
                                                 break_and_mend),
    ("nothing new", lambda repo: None), ("force HEAD back and commit", force_back)]


def test_a_warm_read_gives_a_cold_reads_provenance_after_every_kind_of_commit(repo: Repo, git_log: Path) -> None:
    base_history(repo)
    provenance, known = cold(repo.root)
    assert provenance == read_history(repo.root) and provenance.available
    for what, step in STEPS:
        step(repo)
        before = known
        git_log.write_text("")
        provenance, found, known = warm(repo.root, before)
        ran = git_log.read_text().splitlines()
        assert provenance == read_history(repo.root), what
        history = repo.git("rev-list", "--no-merges", "--date-order", "HEAD").split()
        assert list(found.commits) == history, what
        # Never the whole log again: the order from rev-list, the log of the new commits alone.
        assert "rev-list" in subcommands(ran), what
        assert not any(line.startswith("log") and "HEAD" in line.split() for line in ran), (what, ran)
        assert set(found.records) == set(history) - set(before.records), what
        assert set(known.records) == set(history), what   # commits no longer in the history are dropped
    assert provenance.files and provenance.updates


def test_a_warm_read_that_trusts_every_files_lstat_gives_a_cold_reads_provenance(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same steps, with every working-tree file kept as seen however recently it was written: a file
    lstat finds unchanged is not read, and the Provenance is still a cold read's."""
    monkeypatch.setattr(source, "RACY_NS", 0)
    base_history(repo)
    provenance, known = cold(repo.root)
    assert len(known.worktree) == 3
    for what, step in STEPS:
        time.sleep(0.05)   # past the file system clock's tick: a write now moves a file's change time
        step(repo)
        provenance, _, known = warm(repo.root, known)
        assert provenance == read_history(repo.root), what
        assert set(known.worktree) == {path for path in repo.git("ls-files", "incidents").split()}, what


def reads_of_working_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The working-tree files history reads from now on (by name)."""
    read: list[str] = []
    real = history.read_file

    def spy(path: Path, display: str) -> tuple:
        read.append(path.name)
        return real(path, display)

    monkeypatch.setattr(history, "read_file", spy)
    return read


def test_a_warm_read_does_not_read_working_files_lstat_finds_unchanged(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "RACY_NS", 0)
    base_history(repo)
    _, known = cold(repo.root)
    read = reads_of_working_files(monkeypatch)
    provenance, _, known = warm(repo.root, known)
    assert read == [] and provenance == read_history(repo.root)

    time.sleep(0.05)
    edit_without_committing(repo)
    read.clear()
    provenance, _, known = warm(repo.root, known)
    assert read == [Path(PATH).name]
    assert provenance == read_history(repo.root)
    read.clear()
    provenance, _, known = warm(repo.root, known)
    assert read == [Path(PATH).name]   # its text differs from HEAD: read for the pairing, every time
    assert provenance == read_history(repo.root)


def test_an_edit_that_keeps_size_and_modification_time_is_still_read(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """lstat's change time moves with every write and cannot be set back: an edit that keeps the file's size
    and puts its modification time back is still seen."""
    monkeypatch.setattr(source, "RACY_NS", 0)
    base_history(repo)
    _, known = cold(repo.root)
    target = repo.root / PATH
    before = target.stat()
    time.sleep(0.05)
    text = target.read_text(encoding="utf-8")
    edited = text.replace("elevated error rates", "elevated ERROR RATES", 1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    target.write_text(edited, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    read = reads_of_working_files(monkeypatch)
    provenance, _, _ = warm(repo.root, known)
    assert read == [target.name]
    assert provenance == read_history(repo.root)


def test_a_file_written_just_before_a_read_is_read_again_at_the_next(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writes within one tick of the file system's clock may leave lstat's answer unchanged: a file
    written less than RACY_NS before a read is not kept as seen."""
    monkeypatch.setattr(source, "RACY_NS", 3_600 * 10**9)   # every file here was written within the hour
    base_history(repo)
    _, known = cold(repo.root)
    assert known.worktree == {}
    read = reads_of_working_files(monkeypatch)
    warm(repo.root, known)
    assert sorted(read) == sorted(Path(path).name for path in (PATH, OTHER, THIRD))


def test_a_warm_read_asks_git_only_for_the_new_blobs(repo: Repo, cat_file_names: Path) -> None:
    base_history(repo)
    _, known = cold(repo.root)
    everything = set(cat_file_names.read_text().split())
    assert len(everything) >= 8

    cat_file_names.write_text("")
    provenance, found, known = warm(repo.root, known)
    assert cat_file_names.read_text() == ""            # nothing new: git cat-file is not even started
    assert found.updates == {} and found.records == {}
    assert provenance == read_history(repo.root)

    append(repo)
    cat_file_names.write_text("")
    provenance, found, known = warm(repo.root, known)
    new_blob = repo.git("rev-parse", f"HEAD:{PATH}")
    assert cat_file_names.read_text().split() == [new_blob]
    assert list(found.updates) == [new_blob] and len(found.updates[new_blob]) == 4
    assert list(found.records) == [repo.git("rev-parse", "HEAD")]
    assert provenance == read_history(repo.root)

    delete(repo)   # a deletion brings no new blob
    cat_file_names.write_text("")
    provenance, found, known = warm(repo.root, known)
    assert cat_file_names.read_text() == "" and found.updates == {}
    assert provenance == read_history(repo.root)
    gone = repo.git("rev-parse", f"HEAD~1:{THIRD}")
    assert gone not in known.updates                   # the deleted file's blobs are no longer kept
    assert new_blob in known.updates


def test_a_warm_read_works_out_again_only_the_files_a_commit_or_an_edit_touched(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file's history is kept by its commits and HEAD blob: an unchanged file is not followed through its
    commits again; an uncommitted edit keeps its file's history and pairs the working tree with it."""
    base_history(repo)
    _, known = cold(repo.root)
    worked_out: list[str] = []
    real = history._file_history

    def spy(head: str, items: list, updates_of: Callable) -> history.FileHistory:
        worked_out.append(head)
        return real(head, items, updates_of)

    monkeypatch.setattr(history, "_file_history", spy)
    provenance, _, known = warm(repo.root, known)
    assert worked_out == []
    assert provenance == read_history(repo.root)   # a cold read works out every file (the spy hears it)

    append(repo)
    worked_out.clear()
    provenance, _, known = warm(repo.root, known)
    assert worked_out == [repo.git("rev-parse", f"HEAD:{PATH}")]
    assert provenance == read_history(repo.root)

    edit_without_committing(repo)
    worked_out.clear()
    provenance, _, known = warm(repo.root, known)
    assert worked_out == []
    assert provenance == read_history(repo.root)
    assert len(known.files) == 3 and all(isinstance(kept, history.FileHistory) for kept in known.files.values())


def test_what_is_kept_is_what_the_history_uses(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "RACY_NS", 0)   # every file seen is kept, however recently written
    base_history(repo)
    _, known = cold(repo.root)
    append(repo)
    _, found, known = warm(repo.root, known)
    _, fresh = cold(repo.root)
    assert known == fresh   # pruned and extended to exactly what a cold read keeps


def test_a_cache_of_other_code_or_another_project_folder_is_not_reused(repo: Repo) -> None:
    base_history(repo)
    _, known = cold(repo.root)
    blobs = len(known.updates)
    for stale in (Known(b"other code", known.scope, known.records, known.updates),
                  Known(known.fingerprint, "elsewhere", known.records, known.updates)):
        provenance, found = read_history_reusing(repo.root, "incidents", stale)
        assert found is not None
        assert len(found.updates) == blobs and set(found.records) == set(known.records)
        assert provenance == read_history(repo.root)


def test_a_project_in_a_subfolder_keeps_its_own_scope(repo: Repo) -> None:
    repo.write("site/" + PATH, V1)
    repo.write(PATH, V2)  # another project's file at the top: not ours
    repo.commit("Status site in a subfolder", DANA, "2026-11-26T09:50:00Z")
    provenance, known = cold(repo.root / "site")
    assert known.scope == "site"
    repo.write("site/" + PATH, V2)
    repo.write(PATH, V2 + update(12, 0, "resolved", "Not ours."))
    repo.commit("Subfolder: identified; top: resolved", SAM, "2026-11-26T10:00:00Z")
    repo.write(PATH, V2 + update(12, 10, "resolved", "Still not ours."))
    repo.commit("Only the top project", SAM, "2026-11-26T10:10:00Z")
    provenance, found, known = warm(repo.root / "site", known)
    assert provenance == read_history(repo.root / "site")
    assert len(found.commits) == 2 and len(found.records) == 1   # the top project's own commit is not ours


def test_without_a_cache_nothing_is_kept(repo: Repo) -> None:
    published(repo)
    provenance, found = read_history_reusing(repo.root, "incidents", None)
    assert found is None and provenance == read_history(repo.root) and provenance.available


def test_outside_git_nothing_is_found(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    provenance, found = read_history_reusing(tmp_path / "site", "incidents", Known())
    assert found is None and provenance.warning is not None


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_blob_id_is_the_sha_git_gives_the_bytes(tmp_path: Path, object_format: str) -> None:
    """history.py compares a working-tree file with its committed blob by sha, without reading the blob."""
    root = tmp_path / object_format
    root.mkdir()
    subprocess.run(["git", "init", "-q", f"--object-format={object_format}"], cwd=root, check=True)
    for data in (b"", V2.encode(), "caf\u00e9\r\n".encode()):
        sha = subprocess.run(["git", "hash-object", "--stdin"], cwd=root, input=data, capture_output=True,
                             check=True).stdout.decode().strip()
        assert gitrepo.blob_id(data, sha) == sha
        assert gitrepo.blob_id(data + b"\n", sha) != sha


@pytest.mark.parametrize("in_a_second_process", [False, True], ids=["in process", "in a second process"])
def test_the_pipeline_keeps_history_in_serves_memory_cache(repo: Repo, monkeypatch: pytest.MonkeyPatch,
                                                           cat_file_names: Path, in_a_second_process: bool) -> None:
    """What `serve` does: one in-memory Cache across builds. From HISTORY_IN_PARALLEL_FROM incidents on, a
    read with nothing known runs in a spawned process, which gives back what it found; once the cache is warm
    the read runs in process (pipeline._read_history): little is left to read, less than starting a process."""
    monkeypatch.setattr(pipeline, "HISTORY_IN_PARALLEL_FROM", 0 if in_a_second_process else 10_000)
    base_history(repo)
    config_file = repo.root / "mkdocs.yml"
    warnings: list[str] = []
    cache = Cache(config_file, warnings.append, in_memory=True)

    first = KeptHistory(cache)
    assert first.known == Known()
    pipeline.run(load_project(config_file, AT), AT, INTERNAL, kept=first)
    first.save()
    assert isinstance(cache.read("history"), Known) and len(cache.read("history").updates) >= 8

    append(repo)
    cat_file_names.write_text("")
    second = KeptHistory(cache)
    output = pipeline.run(load_project(config_file, AT), AT, INTERNAL, kept=second)
    assert cat_file_names.read_text().split() == [repo.git("rev-parse", f"HEAD:{PATH}")]
    assert second.found is not None and list(second.found.records) == [repo.git("rev-parse", "HEAD")]
    plain = pipeline.run(load_project(config_file, AT), AT, INTERNAL)   # the audience that sees provenance
    assert output.provenance == plain.provenance and output.provenance is not None
    assert [page.src_uri for page in output.pages] == [page.src_uri for page in plain.pages]
    second.save()
    assert cache.read("history") == cold(repo.root)[1]
    assert warnings == []
    assert not (repo.root / ".statuspress-cache").exists()   # in memory only


def test_first_and_second_updates_keep_their_authors_when_read_warm(repo: Repo) -> None:
    """The plain case, spelled out: the second update of an incident appended after a warm cache was made."""
    repo.write(PATH, V1)
    c1 = repo.commit("Open API incident", DANA, "2026-11-26T09:20:00Z")
    _, known = cold(repo.root)
    repo.write(PATH, HEAD_LINES + FIRST + SECOND)
    c2 = repo.commit("API incident: identified", SAM, "2026-11-26T09:45:00Z")
    provenance, _, _ = warm(repo.root, known)
    assert provenance.updates[(ID, 0)].first.sha == c1
    assert provenance.updates[(ID, 1)].first.sha == c2
    assert provenance.updates[(ID, 1)].first.author_name == SAM.name


def test_the_same_commits_are_walked_once(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve reads history at every save: while no commit came, the commits are not walked again."""
    base_history(repo)
    walked: list[int] = []
    real = history._walk_commits

    def spy(commits: list, prefix: str) -> history.Walk:
        walked.append(len(commits))
        return real(commits, prefix)

    monkeypatch.setattr(history, "_walk_commits", spy)
    _, known = cold(repo.root)
    edit_without_committing(repo)
    provenance, _, known = warm(repo.root, known)
    assert walked == [8] and provenance == read_history(repo.root)
    append(repo)
    provenance, _, known = warm(repo.root, known)
    assert walked == [8, 9] and provenance == read_history(repo.root)   # a cold read of the same commits too


@pytest.mark.parametrize("forking", [True, False], ids=["in a forked process", "where no fork is safe"])
def test_the_pipeline_reads_and_keeps_a_cache_folders_history_in_a_forked_process(
        repo: Repo, monkeypatch: pytest.MonkeyPatch, forking: bool) -> None:
    """What `build --incremental` does for a large site: a forked process reads the cache folder's history,
    reads git reusing it and gives back what the next read can reuse, pickled; this process reads neither.
    Where a fork is not safe, the read runs as for serve. Either way the provenance and what is kept are a
    cold read's."""
    from generator import forked

    monkeypatch.setattr(pipeline, "HISTORY_IN_PARALLEL_FROM", 0)
    monkeypatch.setattr(forked, "can_fork", lambda: forking)
    repo.write(".gitignore", ".statuspress-cache/\n")   # as the example's: git tracks no cache
    base_history(repo)
    config_file = repo.root / "mkdocs.yml"
    warnings: list[str] = []
    parent_reads: list[str] = []
    for commit in (None, append, correct):
        if commit is not None:
            commit(repo)
        cache = Cache(config_file, warnings.append)   # a new process's: nothing in memory
        real_read = cache.read
        monkeypatch.setattr(cache, "read", lambda name, real_read=real_read: parent_reads.append(name) or
                            real_read(name))
        kept = KeptHistory(cache)
        output = pipeline.run(load_project(config_file, AT), AT, INTERNAL, kept=kept)
        assert output.provenance == pipeline.run(load_project(config_file, AT), AT, INTERNAL).provenance
        kept.save()
        cache.save()
        assert Cache(config_file, warnings.append).read("history") == cold(repo.root)[1]
    assert ("history" in parent_reads) is not forking   # a forked read reads the cache file in the child
    assert warnings == []


@pytest.mark.parametrize("died", ["before the provenance", "after the provenance"])
def test_a_forked_read_whose_process_died_is_read_here_or_keeps_nothing(repo: Repo, died: str) -> None:
    """A child killed before it gave the provenance is replaced by the same read in this process; one killed
    after it leaves the cache as it was (the next build reads the history without it)."""
    from generator import forked

    repo.write(".gitignore", ".statuspress-cache/\n")
    base_history(repo)
    config_file = repo.root / "mkdocs.yml"
    provenance = read_history(repo.root)

    class Died:
        calls = 0

        def next(self) -> object:
            self.calls += 1
            if died == "before the provenance" or self.calls > 1:
                raise forked.ChildFailed("killed")
            return provenance

        def end(self) -> None:
            pass

    cache = Cache(config_file, pytest.fail)
    kept = KeptHistory(cache)
    reading = pipeline._ForkedReading(Died(), kept, repo.root, "incidents")  # type: ignore[arg-type]
    assert reading.result() == (provenance, None)
    kept.save()
    cache.save()
    stored = Cache(config_file, pytest.fail).read("history")
    assert stored == (cold(repo.root)[1] if died == "before the provenance" else None)
