"""The leak check on the example with a real git history by two authors: both audiences built by the real
command, every output file parsed (HTML, search index, feeds, JSON API, iCalendar, SVG badges, sitemap).

The internal values are listed here independently of generator.leakcheck (read from the YAML with PyYAML
and from the commits this test makes), so the check cannot pass by looking for too little; and a copy of
the public site with one value slipped into each kind of file, each written so that a plain text search
would miss it, must fail the check at that file.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from generator.history import read_history
from generator.leakcheck import check, secrets
from generator.load import load_project
from tests.git.git_helpers import DANA, SAM, Person, Repo
from tests.support.paths import REPO_ROOT
from tests.support.site_build import EXAMPLE_AT, build_site

from .test_site_build import copy_project

AT = datetime.fromisoformat(EXAMPLE_AT).astimezone(UTC)
DRILL = "2026-10-14-query-database-failover-game-day"
DRAFT = "2026-11-24-delayed-sms-us-numbers"
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass(frozen=True)
class Project:
    root: Path
    public: Path
    internal: Path
    subjects: tuple[str, ...]
    shas: tuple[str, ...]


def commit(repo: Repo, message: str, who: Person, when: str) -> str:
    return repo.commit(message, who, when)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example, committed by Dana (2024 and 2025) and Sam (2026), then the draft edited by Dana."""
    old_env = {k: os.environ.get(k) for k in GIT_ENV}
    os.environ.update(GIT_ENV)
    root = copy_project(tmp_path_factory.mktemp("two-authors") / "status").parent
    incidents = root / "incidents"
    hold = root.parent / "held"
    shutil.move(incidents / "2026", hold)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    subjects = ("Quillstack status site and incidents of 2024-2025", "Incidents of 2026 so far",
                "SMS review: add the carrier ticket to the draft")
    shas = [commit(repo, subjects[0], DANA, "2026-11-20T09:00:00Z")]
    shutil.move(hold, incidents / "2026")
    draft = incidents / "2026" / f"{DRAFT}.yml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace(" (ticket CX-88412)", ""), encoding="utf-8")
    shas.append(commit(repo, subjects[1], SAM, "2026-11-25T10:00:00Z"))
    draft.write_text(text, encoding="utf-8")
    shas.append(commit(repo, subjects[2], DANA, "2026-11-26T11:00:00Z"))
    config = root / "mkdocs.yml"
    public = build_site(root / "site", config_file=config).root
    internal = build_site(root / "site-internal", config_file=config, extra_args=("--audience", "internal")).root
    yield Project(root, public, internal, subjects, tuple(shas))
    for key, value in old_env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def leakcheck(project: Project, public: Path, internal: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "generator.leakcheck", str(public), str(internal),
                           "--at", EXAMPLE_AT], cwd=project.root, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def independent_values(project: Project) -> set[str]:
    """Internal values read straight from the files and the commits, without generator code."""
    values: set[str] = set()
    for path in sorted((project.root / "incidents").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        roles = data.get("roles") or {}
        for value in roles.values():
            values.update(value if isinstance(value, list) else [value])
        review = data.get("review") or {}
        values.update(e["text"] for e in review.get("timeline") or [] if not e.get("public"))
        values.update(a["owner"] for a in review.get("action_items") or [])
        values.update(a["link"] for a in review.get("action_items") or [] if "link" in a)
        values.update(review.get("authors") or [])
        if data.get("drill"):
            values.add(data["title"])
        if review and "published_at" not in review:
            values.add(" ".join(review["summary"].split()))
    values |= {DANA.name, DANA.email, SAM.name, SAM.email, *project.subjects, *(s[:7] for s in project.shas)}
    values |= {f"https://github.com/quillstack/status/commit/{s}" for s in project.shas}
    values |= {"Priority P2", "Priority P1"}   # e.g. the query engine outage is critical with high urgency
    return values


def test_the_public_build_leaks_nothing_and_the_internal_one_holds_everything(project: Project) -> None:
    done = leakcheck(project, project.public, project.internal)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr
    assert done.stderr.startswith("checked ") and "0 leaked, 0 missing" in done.stderr


def test_the_check_looks_for_every_internal_value(project: Project) -> None:
    loaded = load_project(project.root / "mkdocs.yml", AT)
    history = read_history(project.root, "incidents")
    assert history.warning is None
    found = {s.value for s in secrets(loaded.config, loaded.incidents, history, AT)}
    assert independent_values(project) - found == set()
    assert {f"incidents/{DRILL}/", f"reviews/{DRAFT}/", DRILL} <= found


def slip(path: Path, old: str, new: str) -> None:
    """Put `new` into a file right after `old` (which must be there)."""
    raw = path.read_bytes()
    data = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    assert old in data, (path, old)
    out = data.replace(old, old + new, 1).encode("utf-8")
    path.write_bytes(gzip.compress(out) if path.suffix == ".gz" else out)


# One internal value per kind of file, written the way that format may write it (an entity, an escape, a folded
# line), so that only a parser finds it: (file, where to put it, what to put, the value, a raw search misses it).
SLIPS = [
    ("incidents/2026-11-17-query-engine-outage/index.html", "</h1>", "<p>Maren&#32;Holt</p>", "Maren Holt"),
    ("feed.atom", "<content type=\"html\">", "&lt;p&gt;Sam&amp;nbsp;Ortiz&lt;/p&gt;", SAM.name),
    ("api/v2/incidents.json", '"name": "', "Query\\u0020database primary lost in eu-west ",
     "Query database primary lost in eu-west"),
    ("maintenance.ics", "BEGIN:VEVENT\r\n", "COMMENT:Rollback of the sign\r\n ing key starts.\r\n",
     "Rollback of the signing key starts."),
    ("badge.svg", "</title>", "<desc>dana&#64;example.com</desc>", DANA.email),
    ("sitemap.xml.gz", "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
     f"<url><loc>https://quillstack.github.io/status/incidents/{DRILL}/</loc></url>", DRILL),
    ("search/search_index.json", '"docs":[', '{"location":"x/","title":"x","text":"<p>Rui&nbsp;Tanaka</p>"},',
     "Rui Tanaka"),
    ("history.rss", "<description>&lt;p&gt;", "Luis&amp;#32;Carvalho's runbook. ", "Luis Carvalho"),
]


def test_a_value_slipped_into_any_kind_of_file_is_found_there(project: Project, tmp_path: Path) -> None:
    public = shutil.copytree(project.public, tmp_path / "public")
    for rel, anchor, text, value in SLIPS:
        slip(public / rel, anchor, text)
        assert value.encode() not in (public / rel).read_bytes(), rel      # only a parser finds it
    loaded = load_project(project.root / "mkdocs.yml", AT)
    found = secrets(loaded.config, loaded.incidents, read_history(project.root, "incidents"), AT)
    findings = [str(f) for f in check(public, project.internal, found)]
    for rel, _, _, value in SLIPS:
        hits = [f for f in findings if f.startswith(f"{public}/{rel}: error: leak: ") and repr(value) in f]
        assert hits, (rel, value, findings)
    assert len(findings) == len(SLIPS), findings
    # The CLI says the same and fails.
    done = leakcheck(project, public, project.internal)
    assert done.returncode == 1 and done.stdout.splitlines() == findings
    assert f"{len(SLIPS)} leaked, 0 missing" in done.stderr


def test_a_value_missing_from_the_internal_build_is_found(project: Project, tmp_path: Path) -> None:
    internal = shutil.copytree(project.internal, tmp_path / "internal")
    shutil.rmtree(internal / "reviews" / DRAFT)
    done = leakcheck(project, project.public, internal)
    assert done.returncode == 1
    assert f"{internal}: error: missing: draft review of {DRAFT}: its page: 'reviews/{DRAFT}/' is not in the " \
           "internal build" in done.stdout.splitlines()
    assert "0 leaked, 1 missing from the internal build" in done.stderr
    # Remove the author's every mention and the check says that too.
    for page in internal.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(SAM.email, "someone"), encoding="utf-8")
    done = leakcheck(project, project.public, internal)
    assert f"{internal}: error: missing: commit {project.shas[1][:7]}: author e-mail: '{SAM.email}' is not in " \
           "the internal build" in done.stdout.splitlines()
