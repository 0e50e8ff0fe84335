"""read_history on real repositories: commits per file, provenance per update, the audit log, no git."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from git_helpers import (
    DANA,
    FIRST,
    HEAD_LINES,
    ID,
    MKDOCS,
    PATH,
    SAM,
    SECOND,
    V2,
    Person,
    Repo,
    published,
    subcommands,
)

from generator.history import ChangeEntry, CommitInfo, Provenance, UpdateProvenance, read_history


def commit(sha: str, who: Person, when: datetime, subject: str) -> CommitInfo:
    return CommitInfo(sha, who.name, who.email, when, when, subject)


def t(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=UTC)


def test_each_update_is_credited_to_the_commit_that_posted_it(repo: Repo) -> None:
    c1, c2 = published(repo)
    prov = read_history(repo.root)
    one = commit(c1, DANA, t(9, 20), "Open API incident")
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    assert prov == Provenance(
        files={ID: (two, one)},
        updates={(ID, 0): UpdateProvenance(one), (ID, 1): UpdateProvenance(two)},
        log=(ChangeEntry(two, ID, PATH, "modified"), ChangeEntry(one, ID, PATH, "added")),
        warning=None,
    )


def test_an_update_edited_in_a_later_commit_lists_the_edit(repo: Repo) -> None:
    c1, c2 = published(repo)
    repo.write(PATH, V2.replace("elevated error rates on the API", "elevated error rates on the public API"))
    c3 = repo.commit("Reword the first update", DANA, "2026-11-26T10:05:00Z")
    prov = read_history(repo.root)
    one = commit(c1, DANA, t(9, 20), "Open API incident")
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    three = commit(c3, DANA, t(10, 5), "Reword the first update")
    assert prov.files == {ID: (three, two, one)}
    assert prov.updates == {(ID, 0): UpdateProvenance(one, (three,)), (ID, 1): UpdateProvenance(two)}
    assert prov.log[0] == ChangeEntry(three, ID, PATH, "modified")


def test_an_edited_timestamp_keeps_the_update_it_belongs_to(repo: Repo) -> None:
    c1, c2 = published(repo)
    repo.write(PATH, V2.replace("09:40:00Z", "09:38:00Z"))
    c3 = repo.commit("Fix the time of the second update", SAM, "2026-11-26T10:10:00Z")
    prov = read_history(repo.root)
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    three = commit(c3, SAM, t(10, 10), "Fix the time of the second update")
    assert prov.updates[(ID, 1)] == UpdateProvenance(two, (three,))


def test_a_renamed_incident_keeps_its_history_under_its_new_id(repo: Repo) -> None:
    c1, c2 = published(repo)
    new_path = "incidents/2026/2026-11-26-api-error-rates.yml"
    repo.git("mv", PATH, new_path)
    c3 = repo.commit("Rename the API incident", SAM, "2026-11-26T11:00:00Z")
    prov = read_history(repo.root)
    new_id = "2026-11-26-api-error-rates"
    one = commit(c1, DANA, t(9, 20), "Open API incident")
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    three = commit(c3, SAM, t(11, 0), "Rename the API incident")
    assert prov.files == {new_id: (three, two, one)}
    assert prov.updates == {(new_id, 0): UpdateProvenance(one), (new_id, 1): UpdateProvenance(two)}
    assert prov.log == (ChangeEntry(three, new_id, new_path, "renamed", PATH),
                        ChangeEntry(two, new_id, PATH, "modified"),
                        ChangeEntry(one, new_id, PATH, "added"))


def test_a_deleted_update_shifts_the_provenance_of_the_rest(repo: Repo) -> None:
    c1, c2 = published(repo)
    repo.write(PATH, HEAD_LINES + SECOND)
    c3 = repo.commit("Drop the first update", SAM, "2026-11-26T11:30:00Z")
    prov = read_history(repo.root)
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    assert prov.updates == {(ID, 0): UpdateProvenance(two)}
    assert [c.sha for c in prov.files[ID]] == [c3, c2, c1]


def test_a_deleted_incident_stays_in_the_audit_log_only(repo: Repo) -> None:
    c1, c2 = published(repo)
    repo.git("rm", "-q", PATH)
    c3 = repo.commit("Remove the API incident", DANA, "2026-11-26T12:00:00Z")
    prov = read_history(repo.root)
    assert prov.files == {} and prov.updates == {}
    assert [(e.commit.sha, e.incident_id, e.change) for e in prov.log] == [
        (c3, ID, "deleted"), (c2, ID, "modified"), (c1, ID, "added")]


def test_uncommitted_edits_keep_provenance_by_timestamp(repo: Repo) -> None:
    c1, c2 = published(repo)
    later = FIRST.replace("09:15", "09:50").replace("investigating", "monitoring")
    repo.write(PATH, HEAD_LINES + SECOND + later)
    prov = read_history(repo.root)
    assert prov.updates == {(ID, 0): UpdateProvenance(commit(c2, SAM, t(9, 45), "API incident: identified"))}


def test_a_shallow_clone_gives_no_provenance_and_one_warning(repo: Repo, tmp_path: Path) -> None:
    published(repo)
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    assert read_history(clone) == Provenance(warning=(
        f"{clone} is a shallow git clone, so every file would seem to date from the newest commit; pages "
        "are built without the audit trail. Fetch the full history (git fetch --unshallow, or "
        "actions/checkout with fetch-depth: 0)"))


def test_a_folder_outside_git_gives_no_provenance_and_one_warning(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    assert read_history(tmp_path / "site") == Provenance(warning=(
        f"{tmp_path / 'site'} is not in a git repository; pages are built without the audit trail "
        "(who posted each update and when)"))


def test_a_repository_without_commits_gives_one_warning(repo: Repo) -> None:
    assert read_history(repo.root).warning == (
        f"the git repository at {repo.root} has no commits yet; pages are built without the audit trail")


def test_a_project_in_a_subfolder_reads_its_own_incidents(repo: Repo) -> None:
    repo.write("site/" + PATH, V2)
    repo.write(PATH, V2)  # another project's file at the top: not ours
    sha = repo.commit("Status site in a subfolder", DANA, "2026-11-26T09:50:00Z")
    prov = read_history(repo.root / "site")
    only = commit(sha, DANA, t(9, 50), "Status site in a subfolder")
    assert prov.files == {ID: (only,)}
    assert prov.log == (ChangeEntry(only, ID, "site/" + PATH, "added"),)


def test_a_corrected_time_equal_to_a_later_update_keeps_each_update_its_own_provenance(repo: Repo) -> None:
    """Provenance, audit and summary pair updates by one rule (generator/versions.py): an update whose time is
    corrected to the time of the next one is still itself, and the next one is still unchanged."""
    c1, c2 = published(repo)
    moved = FIRST.replace("09:15:00Z", "09:40:00Z") + (
        "    corrected: {at: 2026-11-26T10:00:00Z, reason: It was posted at 09:40 on the other channel.}\n")
    repo.write(PATH, HEAD_LINES + moved + SECOND)
    c3 = repo.commit("Correct the time of the first update", DANA, "2026-11-26T10:05:00Z")
    prov = read_history(repo.root)
    one = commit(c1, DANA, t(9, 20), "Open API incident")
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    three = commit(c3, DANA, t(10, 5), "Correct the time of the first update")
    assert prov.updates == {(ID, 0): UpdateProvenance(one, (three,)), (ID, 1): UpdateProvenance(two)}


def test_history_reads_corrections_in_both_forms(repo: Repo) -> None:
    """Old revisions hold `corrected:` as one mapping; later ones as a list. History is immutable: both read."""
    c1, c2 = published(repo)
    single = "    corrected: {at: 2026-11-26T10:00:00Z, reason: The first text named the wrong product.}\n"
    repo.write(PATH, HEAD_LINES + FIRST.replace("the API", "the dashboard") + single + SECOND)
    c3 = repo.commit("Correct the first update", SAM, "2026-11-26T10:01:00Z")
    listed = ("    corrected:\n      - {at: 2026-11-26T10:00:00Z, reason: The first text named the wrong product.}\n"
              "      - {at: 2026-11-26T10:30:00Z, reason: It was the web dashboard.}\n")
    repo.write(PATH, HEAD_LINES + FIRST.replace("the API", "the web dashboard") + listed + SECOND)
    c4 = repo.commit("Correct the first update again", DANA, "2026-11-26T10:31:00Z")
    repo.write(PATH, HEAD_LINES + FIRST.replace("the API", "the web dashboard") + listed.replace(
        "- {at: 2026-11-26T10:00:00Z, reason: The first text named the wrong product.}",
        "- at: 2026-11-26T10:00:00Z\n        reason: The first text named the wrong product.") + SECOND)
    repo.commit("Reformat the corrections", SAM, "2026-11-26T10:40:00Z")
    prov = read_history(repo.root)
    edits = tuple(c.sha for c in prov.updates[(ID, 0)].edits)
    assert (prov.updates[(ID, 0)].first.sha, edits) == (c1, (c3, c4))
    assert prov.updates[(ID, 1)] == UpdateProvenance(commit(c2, SAM, t(9, 45), "API incident: identified"))


def test_provenance_follows_the_files_when_the_incidents_folder_moves(repo: Repo) -> None:
    c1, c2 = published(repo)
    repo.write("mkdocs.yml", MKDOCS.replace("  - statuspress:\n", "  - statuspress:\n      incidents_dir: status\n"))
    repo.git("mv", "incidents", "status")
    c3 = repo.commit("Move the incidents to status/", SAM, "2026-11-26T11:00:00Z")
    prov = read_history(repo.root, "status")
    one = commit(c1, DANA, t(9, 20), "Open API incident")
    two = commit(c2, SAM, t(9, 45), "API incident: identified")
    three = commit(c3, SAM, t(11, 0), "Move the incidents to status/")
    assert prov.files == {ID: (three, two, one)}
    assert prov.updates == {(ID, 0): UpdateProvenance(one), (ID, 1): UpdateProvenance(two)}
    assert prov.log == (ChangeEntry(three, ID, "status/2026/2026-11-26-api-errors.yml", "renamed", PATH),
                        ChangeEntry(two, ID, PATH, "modified"), ChangeEntry(one, ID, PATH, "added"))


def test_history_starts_five_git_processes_whatever_the_number_of_files(repo: Repo, git_log: Path) -> None:
    """As history.py's docstring says: two rev-parse, one log, one ls-tree and one cat-file --batch."""
    published(repo)
    for n in range(20):
        repo.write(f"incidents/2026/2026-11-26-more-{n}.yml", HEAD_LINES + FIRST)
    repo.commit("More incidents", DANA, "2026-11-26T10:00:00Z")
    git_log.write_text("")
    assert len(read_history(repo.root).files) == 21
    assert subcommands(git_log.read_text().splitlines()) == ["rev-parse", "rev-parse", "log", "ls-tree", "cat-file"]


def test_the_working_tree_is_read_as_check_reads_it(repo: Repo, tmp_path: Path) -> None:
    """history.py maps update indices through source.py: a working-tree file that `check` refuses (here a
    symbolic link to a reworded copy outside the project) gets no update provenance, not its target's."""
    published(repo)
    outside = tmp_path / "elsewhere.yml"
    outside.write_text(V2.replace("We are investigating", "We now investigate"), encoding="utf-8")
    assert len(read_history(repo.root).updates) == 2
    (repo.root / PATH).unlink()
    (repo.root / PATH).symlink_to(outside)
    prov = read_history(repo.root)
    assert ID in prov.files and prov.updates == {}
