"""The audit trail on the built site: who posted each update, each incident's changes, the audit log."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from git_helpers import AT, DANA, HEAD_LINES, ID, MKDOCS, PATH, SAM, V2, Person, Repo, published, run

from generator.schema import INTERNAL_PATHS

REPO_URL = "https://github.com/example/status"
NEW_PATH = "incidents/2026/2026-11-26-api-error-rates.yml"
NEW_ID = "2026-11-26-api-error-rates"


def build(root: Path, audience: str = "internal") -> tuple[str, Path]:
    """The audit trail is internal by default: these tests read the incident team's build unless asked."""
    result = run(root, "build", "--at", AT, "--site-dir", str(root / "out"), "--audience", audience)
    assert result.code == 0, result.stderr
    return result.stderr, root / "out"


def by(person: Person) -> str:
    return f'<a class="sp-author" href="mailto:{person.email}">{person.name}</a>'



def found(html: str, pattern: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(pattern, html, re.S)]


def link(sha: str) -> str:
    return f'<a class="sp-commit" href="{REPO_URL}/commit/{sha}"><code>{sha[:7]}</code></a>'


def when(iso: str, shown: str) -> str:
    """A time on a page: UTC in the attribute, the site's clock for the script (data-sp-clock)."""
    return f'<time datetime="{iso}" data-sp-clock="24h">{shown}</time>'


def row(sha: str, author: Person, iso: str, shown: str, subject: str) -> str:
    return (f'<tr><td>{link(sha)}</td><td>{by(author)}</td><td>{when(iso, shown)}</td>'
            f"<td>{subject}</td></tr>")


def site_repo(repo: Repo) -> Repo:
    repo.write("mkdocs.yml", MKDOCS + f"repo_url: {REPO_URL}\n")
    repo.write("docs/.gitkeep", "")
    return repo


def test_incident_page_shows_who_posted_and_edited_each_update(repo: Repo) -> None:
    c1, c2 = published(site_repo(repo))
    repo.write(PATH, V2.replace("on the API.", "on the public API."))
    c3 = repo.commit("Reword the first update", DANA, "2026-11-26T10:05:00Z")
    _, out = build(repo.root)
    html = (out / "incidents" / ID / "index.html").read_text()
    assert found(html, r'<p class="sp-update__provenance">(.*?)</p>') == [
        f"Posted in {link(c2)} by {by(SAM)}",
        f"Posted in {link(c1)} by {by(DANA)}; edited in {link(c3)} by {by(DANA)}",
    ]
    assert found(html, r'<table class="sp-changes">.*?<tbody>(.*?)</tbody>') == [" ".join([
        row(c3, DANA, "2026-11-26T10:05:00Z", "26 Nov 2026, 10:05 UTC", "Reword the first update"),
        row(c2, SAM, "2026-11-26T09:45:00Z", "26 Nov 2026, 09:45 UTC", "API incident: identified"),
        row(c1, DANA, "2026-11-26T09:20:00Z", "26 Nov 2026, 09:20 UTC", "Open API incident"),
    ])]


def test_audit_log_lists_every_change_newest_first_across_renames(repo: Repo) -> None:
    c1, c2 = published(site_repo(repo))
    repo.git("mv", PATH, NEW_PATH)
    c3 = repo.commit("Rename the API incident", SAM, "2026-11-26T11:00:00Z")
    _, out = build(repo.root)
    rows = found((out / "audit" / "index.html").read_text(), r"<tr>\s*(<td>.*?)</tr>")
    incident = f'<a href="../incidents/{NEW_ID}/">{NEW_ID}</a>'
    assert rows == [
        f'<td>{when("2026-11-26T11:00:00Z", "26 Nov 2026, 11:00 UTC")}</td> <td>{link(c3)}</td> '
        f"<td>{by(SAM)}</td> <td>{incident}</td> <td>renamed from <code>{PATH}</code></td> "
        "<td>Rename the API incident</td>",
        f'<td>{when("2026-11-26T09:45:00Z", "26 Nov 2026, 09:45 UTC")}</td> <td>{link(c2)}</td> '
        f"<td>{by(SAM)}</td> <td>{incident}</td> <td>modified</td> <td>API incident: identified</td>",
        f'<td>{when("2026-11-26T09:20:00Z", "26 Nov 2026, 09:20 UTC")}</td> <td>{link(c1)}</td> '
        f"<td>{by(DANA)}</td> <td>{incident}</td> <td>added</td> <td>Open API incident</td>",
    ]
    page = (out / "incidents" / NEW_ID / "index.html").read_text()
    assert found(page, r'<p class="sp-update__provenance">(.*?)</p>') == [
        f"Posted in {link(c2)} by {by(SAM)}", f"Posted in {link(c1)} by {by(DANA)}"]


def test_outside_git_the_site_builds_without_the_trail_and_says_why(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = Repo(tmp_path / "site")
    site_repo(site).write(PATH, V2)
    _, out = build(site.root)
    warning = (f"{site.root} is not in a git repository; pages are built without the audit trail "
               "(who posted each update and when)")
    assert [r.getMessage() for r in caplog.records if "git" in r.getMessage()] == [f"generator: {warning}"]
    html = (out / "incidents" / ID / "index.html").read_text()
    assert "sp-update__provenance" not in html
    assert found(html, r'<h2 id="changes">Change history</h2>\s*(<p.*?</p>)') == [
        '<p class="sp-empty">The change history is not available in this build.</p>']
    assert found((out / "audit" / "index.html").read_text(), r'<p class="sp-empty">(.*?)</p>') == [warning]


CORRECTED_TWICE = HEAD_LINES.replace("impact: major", "impact: critical") + """\
  - at: 2026-11-26T09:15:00Z
    status: investigating
    message: We are investigating elevated error rates on the <b>web</b> dashboard.
    corrected:
      - at: 2026-11-26T10:00:00Z
        reason: The first text named the wrong product.
      - at: 2026-11-26T10:30:00Z
        reason: It was the web dashboard, not the <i>mobile</i> one.
corrections:
  - at: 2026-11-26T10:40:00Z
    field: impact
    reason: Every customer was affected, not <em>some</em>.
"""


def test_every_correction_is_shown_on_the_page_and_in_the_feed(repo: Repo) -> None:
    published(site_repo(repo))
    repo.write(PATH, CORRECTED_TWICE)
    repo.commit("Correct the first update twice and the impact", DANA, "2026-11-26T10:41:00Z")
    _, out = build(repo.root)
    html = (out / "incidents" / ID / "index.html").read_text()
    assert found(html, r'<p class="sp-update__correction">(.*?)</p>') == [
        f'<strong>Corrected</strong> {when("2026-11-26T10:00:00Z", "26 Nov 2026, 10:00 UTC")}: '
        "The first text named the wrong product.",
        f'<strong>Corrected</strong> {when("2026-11-26T10:30:00Z", "26 Nov 2026, 10:30 UTC")}: '
        "It was the web dashboard, not the &lt;i&gt;mobile&lt;/i&gt; one.",
    ]
    assert found(html, r'<li class="sp-correction">(.*?)</li>') == [
        f'<strong>Impact</strong> corrected {when("2026-11-26T10:40:00Z", "26 Nov 2026, 10:40 UTC")}: '
        "Every customer was affected, not &lt;em&gt;some&lt;/em&gt;."]
    feed = feedparser.parse((out / "incidents" / ID / "feed.atom").read_bytes())
    first = next(e for e in feed.entries if "Investigating" in e.title)
    assert re.findall(r"<em>(Corrected [^<]*)</em>", first.summary) == [
        "Corrected 26 Nov 2026, 10:00 UTC: The first text named the wrong product.",
        "Corrected 26 Nov 2026, 10:30 UTC: It was the web dashboard, not the &lt;i&gt;mobile&lt;/i&gt; one."]
    assert first.updated == "2026-11-26T10:30:00+00:00"


# -- what the public build shows of git: nothing by default, only the parts a site opts into -------------------


def public_repo(repo: Repo, *public: str) -> Repo:
    settings = f"      audience:\n        public: [{', '.join(public)}]\n" if public else ""
    repo.write("mkdocs.yml", MKDOCS.replace("  - statuspress:\n", "  - statuspress:\n" + settings)
               + f"repo_url: {REPO_URL}\n")
    repo.write("docs/.gitkeep", "")
    return repo


def every_page(out: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(out.rglob("*.html")))


def test_public_build_shows_nothing_from_git_by_default(repo: Repo) -> None:
    c1, c2 = published(public_repo(repo))
    _, out = build(repo.root, "public")
    html = (out / "incidents" / ID / "index.html").read_text()
    assert "sp-update__provenance" not in html and 'id="changes"' not in html
    assert not (out / "audit").exists()
    pages = every_page(out)
    for secret in (DANA.name, DANA.email, SAM.name, SAM.email, "Open API incident", "API incident: identified",
                   c1[:7], c2[:7], f"{REPO_URL}/commit/"):
        assert secret not in pages, secret
    _, internal = build(repo.root, "internal")
    assert all(s in every_page(internal) for s in (DANA.name, SAM.email, "Open API incident", c1[:7]))


def test_public_build_shows_commit_ids_when_the_site_opts_in(repo: Repo) -> None:
    c1, c2 = published(public_repo(repo, "provenance.commits"))
    _, out = build(repo.root, "public")
    html = (out / "incidents" / ID / "index.html").read_text()
    assert found(html, r'<p class="sp-update__provenance">(.*?)</p>') == [
        f'Posted in <code class="sp-commit">{c2[:7]}</code>', f'Posted in <code class="sp-commit">{c1[:7]}</code>']
    assert found(html, r'<table class="sp-changes">\s*<thead>(.*?)</thead>') == [
        '<tr><th scope="col">Commit</th><th scope="col">Date</th></tr>']
    log = (out / "audit" / "index.html").read_text()
    assert c1[:7] in log and c2[:7] in log
    for secret in (DANA.name, SAM.email, "Open API incident", f"{REPO_URL}/commit/"):
        assert secret not in every_page(out), secret


def test_public_build_shows_links_and_authors_when_the_site_opts_in(repo: Repo) -> None:
    c1, c2 = published(public_repo(repo, "provenance.commits", "provenance.links", "provenance.authors"))
    _, out = build(repo.root, "public")
    html = (out / "incidents" / ID / "index.html").read_text()
    assert found(html, r'<p class="sp-update__provenance">(.*?)</p>') == [
        f"Posted in {link(c2)} by Sam Ortiz", f"Posted in {link(c1)} by Dana Whitfield"]
    assert DANA.email not in every_page(out) and "Open API incident" not in every_page(out)


def test_audience_settings_are_checked_at_their_line(repo: Repo) -> None:
    public_repo(repo, "provenance.links")
    result = run(repo.root, "check", "--at", AT)
    assert (result.code, result.stdout) == (1, "mkdocs.yml:6:17: error: provenance.links shows the commit id "
                                            "it links; add provenance.commits too [config]\n")
    public_repo(repo, "provenance.commit", "role")
    result = run(repo.root, "check", "--at", AT)
    assert (result.code, result.stdout) == (1, (
        "mkdocs.yml:6:18: error: public 'provenance.commit' is not one of " + ", ".join(INTERNAL_PATHS)
        + " (did you mean 'provenance.commits'?) [field-value]\n"
        "mkdocs.yml:6:37: error: public 'role' is not one of " + ", ".join(INTERNAL_PATHS)
        + " (did you mean 'roles'?) [field-value]\n"))


def test_an_internal_build_without_its_own_url_says_where_its_links_go(
        repo: Repo, caplog: pytest.LogCaptureFixture) -> None:
    published(public_repo(repo))
    _, out = build(repo.root, "internal")
    assert [r.getMessage() for r in caplog.records if "internal_site_url" in r.getMessage()] == [
        "generator: mkdocs.yml sets no audience: internal_site_url, so the internal build's feeds, calendar and "
        "API link to http://127.0.0.1:8000/ (the preview address)"]
    feed = (out / "feed.atom").read_text()
    assert 'href="http://127.0.0.1:8000/feed.atom"' in feed and "status.example.com" not in feed
    caplog.clear()
    build(repo.root, "public")
    assert not [r for r in caplog.records if "internal_site_url" in r.getMessage()]
