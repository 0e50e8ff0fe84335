"""The test harness itself: the loopback server hosts only the sub-path, and the Atom validator
accepts a valid feed and rejects a broken one (so a passing feed test means something)."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import serve
from tests.support.site_build import BuiltSite
from tests.support.validators import validate_atom


def _get(url: str) -> tuple[int, str, str]:
    """(status, content type, Location) without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.headers.get("Location", "")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.headers.get("Location", "")


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    (tmp_path / "incidents" / "x").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    page = "<!doctype html><title>x</title>"
    (tmp_path / "incidents" / "x" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "feed.atom").write_text("<feed/>", encoding="utf-8")
    (tmp_path / "maintenance.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    (tmp_path / "summary.json").write_text("{}", encoding="utf-8")
    return tmp_path


def test_server_hosts_the_site_under_its_sub_path_only(tiny_site: Path) -> None:
    server = serve(tiny_site, "/status/")
    try:
        assert server.base_url == f"http://127.0.0.1:{server.port}/status/"
        assert _get(server.url(""))[0] == 200
        assert _get(server.url("incidents/x/"))[0] == 200
        assert _get(server.url("incidents/x")) == (301, "", "/status/incidents/x/")
        assert _get(server.origin + "/status") == (301, "", "/status/")
        assert _get(server.origin + "/")[0] == 404
        assert _get(server.origin + "/incidents/x/")[0] == 404  # a link that forgot the sub-path
        assert _get(server.origin + "/status/../index.html")[0] in (400, 404)
        assert _get(server.url("feed.atom"))[1] == "application/atom+xml"
        assert _get(server.url("maintenance.ics"))[1] == "text/calendar"
        assert _get(server.url("summary.json"))[1] == "application/json"
        assert [h.status for h in server.hits][:2] == [200, 200]
    finally:
        server.stop()


def test_example_site_is_built_with_its_sub_path(built_site: BuiltSite) -> None:
    assert built_site.subpath == "/status/"
    assert built_site.path("").is_file()
    assert built_site.html_pages


VALID_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.com,2026:status</id>
  <title>Status</title>
  <updated>2026-11-28T12:00:00Z</updated>
  <author><name>Status</name></author>
  <link rel="self" href="https://example.com/status/feed.atom"/>
  <entry>
    <id>tag:example.com,2026:status/x/1</id>
    <title>Investigating</title>
    <updated>2026-11-28T11:00:00Z</updated>
    <link rel="alternate" href="https://example.com/status/incidents/x/"/>
    <content type="html">&lt;p&gt;We are investigating.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_atom_validator_accepts_valid_and_rejects_invalid(atom_schema: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.atom"
    good.write_text(VALID_ATOM, encoding="utf-8")
    assert validate_atom([good], workdir=tmp_path) == []

    bad = tmp_path / "bad.atom"  # no <id>, and an unknown Atom element
    bad.write_text(VALID_ATOM.replace("<id>tag:example.com,2026:status</id>", "<bogus/>"), encoding="utf-8")
    errors = validate_atom([good, bad], workdir=tmp_path)
    assert errors and all("bad.atom" in e for e in errors), errors
