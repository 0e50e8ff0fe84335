"""The load cache (generator/readings.py): a load that takes the readings of unchanged files from the cache
gives the same Project as a load that reads every file, at any build time and after every kind of edit,
and it reads again only the files that changed (counted, not timed).

The files are every case in tests/cases/valid and tests/cases/invalid and the example incidents/, each
checked at build times before, between and after the times they record, so that the problems that
depend on the build time (future-time, clock-skew, update-overdue, window-open …) come and go while the
readings stay in the cache.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_helpers import AT, CASES, REPO_ROOT, TmpProject, statuspress

from generator import readings
from generator.cache import Cache
from generator.load import Project, load_project
from generator.source import SourceFile
from generator.validate import finish, read_strict, validate_file

GROUPS = {
    "valid": sorted((CASES / "valid").glob("*.yml")),
    "invalid": sorted((CASES / "invalid").glob("*.yml")),
    "examples": sorted((REPO_ROOT / "incidents").glob("*/*.yml")),
}
TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)")
NEW_UPDATE = "  - at: 2026-11-28T11:50:00Z\n    status: resolved\n    message: It is over.\n"


def place(root: Path, files: list[Path]) -> None:
    """A project: the repo's mkdocs.yml, and each file in its year's folder under its own name."""
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for file in files:
        target = root / "incidents" / file.name[:4] / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)


def build_times(files: list[Path]) -> list[datetime]:
    """Before every time the files record, five minutes before one in the middle (clock skew), at it,
    three hours after it, and a day and 400 days after the last."""
    times = []
    for file in files:
        for written in TIME.findall(file.read_text(encoding="utf-8")):
            try:
                when = datetime.fromisoformat(written).astimezone(UTC)
            except ValueError:
                continue
            if 2000 <= when.year <= 2100:
                times.append(when)
    times.sort()
    middle = times[len(times) // 2]
    return [times[0] - timedelta(days=1), middle - timedelta(minutes=5), middle, middle + timedelta(hours=3),
            times[-1] + timedelta(days=1), times[-1] + timedelta(days=400)]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loads read (validate.read_strict), by display path, in order."""
    seen: list[str] = []

    def counting(source: SourceFile, *args: object, **kwargs: object) -> object:
        seen.append(source.display)
        return read_strict(source, *args, **kwargs)   # type: ignore[arg-type]

    monkeypatch.setattr(readings, "read_strict", counting)
    return seen


@pytest.fixture(params=[False, True], ids=["folder", "in memory"])
def in_memory(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def cwd(tmp_path: Path) -> Iterator[Path]:
    """The project folder, made the working directory (as `statuspress build` runs in CI)."""
    root = tmp_path / "project"
    root.mkdir()
    before = os.getcwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(before)


def assert_same(warm: Project, cold: Project) -> None:
    assert warm.problems == cold.problems
    assert warm.incidents == cold.incidents
    assert warm.marks == cold.marks
    assert (warm.files_checked, sorted(warm.marks)) == (cold.files_checked, sorted(cold.marks))


def load_and_save(config: Path, now: datetime, *, cache: Cache, cwd: Path | None = None) -> Project:
    """A load with the cache, then the cache saved, as `build --incremental` saves it after a build."""
    project = load_project(config, now, cwd, cache=cache)
    cache.save()
    return project


def stored(root: Path, in_memory: bool, cache: Cache) -> dict[bytes, object]:
    value = cache.read(readings.NAME)
    assert isinstance(value, dict)
    if not in_memory:
        assert (root / ".statuspress-cache" / f"{readings.NAME}.pickle").is_file()
    return value


@pytest.mark.parametrize("group", GROUPS)
def test_a_warm_load_equals_a_cold_one_at_every_build_time(group: str, cwd: Path, in_memory: bool,
                                                           reads: list[str]) -> None:
    files = GROUPS[group]
    place(cwd, files)
    config = cwd / "mkdocs.yml"
    cache = Cache(config, pytest.fail, in_memory=in_memory)
    nows = build_times(files)
    seen = []
    for number, now in enumerate(nows):
        reads.clear()
        warm = load_and_save(config, now, cache=cache)
        # Every file read once, by the first load; from then on, every reading comes from the cache.
        assert (warm.files_read, len(reads)) == ((len(files), len(files)) if number == 0 else (0, 0))
        cold = load_project(config, now)
        assert cold.files_read == len(files)
        assert_same(warm, cold)
        seen.append(cold.problems)
    assert len(stored(cwd, in_memory, cache)) == len(files)
    # The build time mattered: the problems differ from one to the next.
    codes = [{p.code for p in problems} for problems in seen]
    assert "future-time" in codes[0] and "future-time" not in codes[-1]
    assert len(set(seen)) >= 3


def test_invalid_files_from_the_cache_report_exactly_what_check_reports(cwd: Path, reads: list[str]) -> None:
    """`build --incremental` of every invalid case writes nothing, the cache included; with the readings in
    the cache (a load that saved them) it takes every reading from there and prints the same lines as
    `check` (tests/cases/invalid/*.expected), and writes no site."""
    place(cwd, GROUPS["invalid"])
    expected = "".join(case.with_suffix(".expected").read_text(encoding="utf-8")
                       for case in sorted(GROUPS["invalid"], key=lambda case: f"{case.name[:4]}/{case.name}"))
    run = statuspress(cwd, "build", "--incremental", "--at", AT)
    assert (run.code, run.stdout) == (1, expected)
    assert not (cwd / ".statuspress-cache").exists()
    load_and_save(cwd / "mkdocs.yml", datetime.fromisoformat(AT), cache=Cache(cwd / "mkdocs.yml", pytest.fail))
    reads.clear()
    run = statuspress(cwd, "build", "--incremental", "--at", AT)
    assert (run.code, run.stdout) == (1, expected)
    assert reads == []
    assert statuspress(cwd, "check", "--at", AT).stdout == expected
    assert not (cwd / "site").exists()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_after_each_edit_only_the_files_it_changed_are_read_again(cwd: Path, in_memory: bool,
                                                                  reads: list[str]) -> None:
    files = GROUPS["examples"] + GROUPS["invalid"][:10]
    place(cwd, files)
    config = cwd / "mkdocs.yml"
    cache = Cache(config, pytest.fail, in_memory=in_memory)
    nows = build_times(files)
    load_and_save(config, nows[0], cache=cache)
    incidents = cwd / "incidents"
    open_one = incidents / "2026/2026-11-28-delayed-event-processing.yml"
    resolved = incidents / "2025/2025-05-20-slow-reports-eu.yml"
    broken = incidents / GROUPS["invalid"][0].name[:4] / GROUPS["invalid"][0].name
    everything = sorted(p.relative_to(cwd).as_posix() for p in incidents.glob("*/*.yml"))

    def moved() -> None:
        resolved.rename(incidents / "2024" / resolved.name)

    steps = [
        ("append an update", lambda: edit(open_one, "updates:\n", "updates:\n" + NEW_UPDATE.replace(
            "2026-11-28T11:50:00Z", "2026-11-28T08:00:00Z").replace("resolved", "investigating")), [open_one]),
        ("break a valid file", lambda: edit(resolved, "impact: ", "impact: huge\nimpakt: "), [resolved]),
        ("fix it again", lambda: edit(resolved, "impact: huge\nimpakt: ", "impact: "), [resolved]),
        ("fix a broken file", lambda: broken.write_text("title: Fixed\nstarted_at: 2026-10-01T09:00:00Z\n",
                                                         encoding="utf-8"), [broken]),
        ("add a file", lambda: (incidents / "2026/2026-11-27-new.yml").write_text(
            "title: New\nimpact: minor\nstarted_at: 2026-11-27T09:00:00Z\nupdates:\n" + NEW_UPDATE,
            encoding="utf-8"), [incidents / "2026/2026-11-27-new.yml"]),
        ("delete a file", lambda: (incidents / "2026/2026-11-27-new.yml").unlink(), []),
        ("move a file to another folder", moved, [incidents / "2024" / resolved.name]),
        ("rename the site", lambda: edit(config, "site_name: Quillstack Status", "site_name: Other"), []),
        ("nothing", lambda: None, []),
    ]
    for what, change, changed in steps:
        change()
        for now in (nows[0], nows[2], nows[-1]):
            reads.clear()
            warm = load_and_save(config, now, cache=cache)
            expected = [p.relative_to(cwd).as_posix() for p in changed] if now == nows[0] else []
            assert reads == expected, what
            assert warm.files_read == len(expected), what
            assert_same(warm, load_project(config, now))
        # What the cache holds is what the last load used: files deleted or changed since are left out.
        assert len(stored(cwd, in_memory, cache)) == len(list(incidents.glob("*/*.yml"))), what
    assert everything  # the project was not empty

    # Settings a reading depends on: every file is read again, and then none.
    settings = [
        ("a component renamed", lambda: edit(config, "        - id: support\n", "        - id: helpdesk\n")),
        ("a rule's level", lambda: edit(config, "      incidents_dir: incidents\n",
                                        "      incidents_dir: incidents\n      rules:\n        clock-skew: error\n"
                                        "        update-overdue: off\n")),
    ]
    total = len(list(incidents.glob("*/*.yml")))
    for what, change in settings:
        change()
        for number, now in enumerate(nows):
            reads.clear()
            warm = load_and_save(config, now, cache=cache)
            assert len(reads) == (total if number == 0 else 0), what
            cold = load_project(config, now)
            assert_same(warm, cold)
    codes = {p.code: p.severity for now in nows for p in load_project(config, now).problems}
    assert codes["unknown-component"] == "error" and codes["clock-skew"] == "error"
    assert "update-overdue" not in codes


def test_another_working_directory_names_the_files_anew(cwd: Path, reads: list[str]) -> None:
    """Messages name a file by its path from the working directory: a load from elsewhere reads every
    file again rather than reuse readings whose problems name them otherwise."""
    place(cwd, GROUPS["invalid"][:5])
    config = cwd / "mkdocs.yml"
    cache = Cache(config, pytest.fail)
    load_and_save(config, datetime.fromisoformat(AT), cache=cache)
    inside = cwd / "incidents"
    reads.clear()
    warm = load_and_save(config, datetime.fromisoformat(AT), cwd=inside, cache=cache)
    assert len(reads) == 5
    cold = load_project(config, datetime.fromisoformat(AT), cwd=inside)
    assert_same(warm, cold)
    assert {p.path for p in cold.problems} == {f"{case.name[:4]}/{case.name}" for case in GROUPS["invalid"][:5]}


ORDERED = """\
title: API errors
impact: huge
started_at: 2026-11-28T13:00:00Z
updates:
  - at: 2026-11-28T12:05:00Z
    status: investigating
    message: Looking.
    colour: red
"""


def test_problems_come_in_the_order_found_with_the_build_time_s_among_them() -> None:
    """A file's problems, before load.py sorts them, come in the order the checks found them: those of its
    times after the build time among the reader's, where each time was read, then the rules'. A reading
    kept in the cache (pickled) and finished later gives the same, at any build time."""
    source = SourceFile(Path("/p/incidents/2026/2026-11-27-x.yml"), "f.yml", ORDERED)
    found = [
        "2:9 error field-value", "3:13 error future-time", "5:9 warning clock-skew", "8:5 error unknown-field",
        "3:13 error id-date", "5:9 error update-order",
    ]
    noon, later = datetime.fromisoformat("2026-11-28T12:00:00Z"), datetime.fromisoformat("2026-11-28T14:00:00Z")
    kept = pickle.loads(pickle.dumps(read_strict(source, ("api",))))   # noqa: S301 - made here
    untimed = [line for line in found if not line.endswith(("future-time", "clock-skew"))]
    for now, expected in ((noon, found), (later, untimed)):
        for result in (validate_file(source, ("api",), now), finish(kept, now)):
            assert [f"{p.line}:{p.col} {p.severity} {p.code}" for p in result.problems.items] == expected
        assert validate_file(source, ("api",), now).problems.items == finish(kept, now).problems.items


class _Trap:
    """Unpickling this makes a folder: the proof that a cache was read."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.proof),))


def test_plain_check_build_and_mkdocs_build_neither_read_nor_write_a_cache(site_project: TmpProject,
                                                                           reads: list[str]) -> None:
    """Only `build --incremental` and `serve` use the cache: with a cache folder that would be read (safe, and
    holding a reading for the file), plain `check`, `build` and `mkdocs build` read every file and leave the
    folder as it was."""
    root = site_project.root
    site_project.write("incidents/2026/2026-11-17-query-engine-outage.yml",
                       (CASES / "valid/2026-11-17-query-engine-outage.yml").read_bytes())
    folder = root / ".statuspress-cache"
    folder.mkdir(mode=0o700)
    proof = root.parent / "proof"
    trap = b"statuspress-cache-1" + pickle.dumps(_Trap(proof))
    (folder / f"{readings.NAME}.pickle").write_bytes(trap)
    for args in (("check",), ("build",), ("check", "--strict"), ("build", "--strict")):
        reads.clear()
        run = statuspress(root, *args, "--at", AT)
        assert run.code == 0, run.stderr
        assert reads == ["incidents/2026/2026-11-17-query-engine-outage.yml"], args
        assert "read anew" not in run.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795867200",
           "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not proof.exists()
    assert [p.name for p in folder.iterdir()] == [f"{readings.NAME}.pickle"]
    assert (folder / f"{readings.NAME}.pickle").read_bytes() == trap
    # The same folder is read by --incremental: the trap is a real one.
    statuspress(root, "build", "--incremental", "--at", AT)
    assert proof.exists()
