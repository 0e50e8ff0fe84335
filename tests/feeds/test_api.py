"""api/v2 in Atlassian Statuspage's public v2 shape, read by real Statuspage clients over loopback HTTP."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.derive import Site

from .conftest import NODE_MODULES

API = "api/v2/"
FILES = ("summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
         "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json",
         "scheduled-maintenances/active.json")
TOP_KEYS = {
    "summary.json": ["page", "components", "incidents", "scheduled_maintenances", "status"],
    "status.json": ["page", "status"],
    "components.json": ["page", "components"],
    "incidents.json": ["page", "incidents"],
    "incidents/unresolved.json": ["page", "incidents"],
    "scheduled-maintenances.json": ["page", "scheduled_maintenances"],
    "scheduled-maintenances/upcoming.json": ["page", "scheduled_maintenances"],
    "scheduled-maintenances/active.json": ["page", "scheduled_maintenances"],
}
# Statuspage's field sets (public v2 API; statuspage.io's Result.d.ts; Statuspage's documented examples).
PAGE_KEYS = {"id", "name", "url", "time_zone", "updated_at"}
COMPONENT_KEYS = {"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
                  "start_date", "group_id", "page_id", "group", "only_show_if_degraded"}
INCIDENT_KEYS = {"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
                 "shortlink", "started_at", "page_id", "incident_updates", "components"}
UPDATE_KEYS = {"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
               "affected_components", "deliver_notifications", "custom_tweet", "tweet_id"}
AFFECTED_KEYS = {"code", "name", "old_status", "new_status"}
COMPONENT_STATUSES = {"operational", "degraded_performance", "partial_outage", "major_outage",
                      "under_maintenance"}
INCIDENT_STATUSES = {"investigating", "identified", "monitoring", "resolved", "postmortem"}
MAINTENANCE_STATUSES = {"scheduled", "in_progress", "verifying", "completed"}


def load(files: dict[str, bytes], name: str) -> dict:
    return json.loads(files[API + name])


def check_component(c: dict) -> None:
    assert set(c) == COMPONENT_KEYS | ({"components"} if c["group"] else set()), c["id"]
    assert c["status"] in COMPONENT_STATUSES


def check_incident(item: dict, maintenance: bool) -> None:
    keys = INCIDENT_KEYS | ({"scheduled_for", "scheduled_until"} if maintenance else set())
    assert set(item) == keys, item["id"]
    assert item["status"] in (MAINTENANCE_STATUSES if maintenance else INCIDENT_STATUSES)
    assert item["impact"] in ({"maintenance"} if maintenance else {"none", "minor", "major", "critical"})
    times = [u["display_at"] for u in item["incident_updates"]]
    assert times == sorted(times, reverse=True), f"{item['id']}: updates must be newest first"
    for u in item["incident_updates"]:
        assert set(u) == UPDATE_KEYS
        assert u["incident_id"] == item["id"]
        for a in u["affected_components"] or []:
            assert set(a) == AFFECTED_KEYS
            assert {a["old_status"], a["new_status"]} <= COMPONENT_STATUSES
    for c in item["components"]:
        check_component(c)


def test_every_file_has_statuspage_shape(example_files: dict[str, bytes]) -> None:
    for name in FILES:
        doc = load(example_files, name)
        assert list(doc) == TOP_KEYS[name], name            # `page` heads every file
        assert set(doc["page"]) == PAGE_KEYS
        assert doc["page"]["url"] == "https://quillstack.github.io/status/"
        assert doc["page"]["time_zone"] == "Etc/UTC"
        for c in doc.get("components", []):
            check_component(c)
        for item in doc.get("incidents", []):
            check_incident(item, maintenance=False)
        for item in doc.get("scheduled_maintenances", []):
            check_incident(item, maintenance=True)
        if "status" in doc:
            assert set(doc["status"]) == {"indicator", "description"}
            assert doc["status"]["indicator"] in {"none", "minor", "major", "critical"}


def test_nulls_are_explicit(example_files: dict[str, bytes]) -> None:
    raw = example_files[API + "incidents.json"].decode("utf-8")
    for key in ("monitoring_at", "custom_tweet", "affected_components", "description"):
        assert f'"{key}": null' in raw, key


@pytest.mark.parametrize("which", ["own", "example"])
def test_api_agrees_with_the_derived_site(which: str, request: pytest.FixtureRequest) -> None:
    files: dict[str, bytes] = request.getfixturevalue(f"{which}_files")
    site: Site = request.getfixturevalue(f"{which}_site")
    summary = load(files, "summary.json")
    assert summary["status"] == {"indicator": site.page.indicator.value, "description": site.page.description}
    ours = {c.id: c.status.value for c in site.components}
    theirs = {c["id"]: c["status"] for c in summary["components"] if not c["group"]}
    assert theirs == ours
    assert [i["id"] for i in summary["incidents"]] == [v.id for v in site.active]
    assert [m["id"] for m in summary["scheduled_maintenances"]] == [
        v.id for v in site.maintenance_active + site.maintenance_upcoming]
    assert load(files, "components.json")["components"] == summary["components"]
    assert load(files, "incidents/unresolved.json")["incidents"] == summary["incidents"]
    listed = [i["id"] for i in load(files, "incidents.json")["incidents"]]
    assert listed == [v.id for v in site.incidents if not v.incident.is_maintenance]
    if which == "own":
        assert summary["status"] == {"indicator": "minor", "description": "Minor Service Outage"}
        assert [i["id"] for i in summary["incidents"]] == ["2026-11-28-delayed-events"]


@pytest.mark.parametrize("which", ["own", "example"])
def test_a_components_updated_at_is_its_last_status_change_by_the_build_time(
        which: str, request: pytest.FixtureRequest) -> None:
    """The newest start or end of a status span of the component at or before the build time; its creation
    (start_date, else the site's first day) when none is."""
    from generator.render.api import stamp

    files: dict[str, bytes] = request.getfixturevalue(f"{which}_files")
    site: Site = request.getfixturevalue(f"{which}_site")
    listed = {c["id"]: c for c in load(files, "components.json")["components"] if not c["group"]}
    changed = 0
    for view in site.components:
        moments = [m for inc in site.incidents for seg in inc.segments if seg.component == view.id
                   for m in (seg.start, seg.end) if m is not None and m <= site.now]
        created = listed[view.id]["created_at"]
        expected = max(created, stamp(max(moments))) if moments else created   # one UTC form: compares as text
        assert listed[view.id]["updated_at"] == expected, view.id
        changed += expected != created
    assert changed >= 2


def test_groups_are_components_with_children(example_files: dict[str, bytes]) -> None:
    components = load(example_files, "components.json")["components"]
    by_id = {c["id"]: c for c in components}
    data = by_id["group-data"]
    assert data["group"] is True and data["components"] == ["ingest", "query", "search", "exports"]
    assert data["status"] == "degraded_performance"      # worst of its members
    assert all(by_id[child]["group_id"] == "group-data" for child in data["components"])
    assert by_id["support"]["group_id"] is None          # a component outside any group


def test_updates_carry_affected_components(own_files: dict[str, bytes]) -> None:
    active = load(own_files, "incidents/unresolved.json")["incidents"][0]
    first = active["incident_updates"][-1]
    assert first["status"] == "investigating"
    assert first["affected_components"] == [
        {"code": "ingest", "name": "Event ingestion", "old_status": "operational",
         "new_status": "degraded_performance"},
        {"code": "query", "name": "Query engine", "old_status": "operational",
         "new_status": "degraded_performance"}]
    assert active["incident_updates"][0]["affected_components"] is None   # no change at 11:38
    resolved = next(i for i in load(own_files, "incidents.json")["incidents"]
                    if i["id"] == "2026-11-17-query-outage")
    closing = resolved["incident_updates"][0]
    assert closing["status"] == "resolved" and resolved["resolved_at"] == closing["created_at"]
    assert {a["new_status"] for a in closing["affected_components"]} == {"operational"}


def test_maintenance_windows(own_files: dict[str, bytes]) -> None:
    upcoming = load(own_files, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
    assert [m["id"] for m in upcoming] == ["2026-12-05-sign-in-maintenance"]
    assert upcoming[0]["scheduled_for"] == "2026-12-05T06:00:00.000Z"
    assert upcoming[0]["scheduled_until"] == "2026-12-05T07:30:00.000Z"
    assert upcoming[0]["status"] == "scheduled"
    assert load(own_files, "scheduled-maintenances/active.json")["scheduled_maintenances"] == []
    done = {m["id"]: m for m in load(own_files, "scheduled-maintenances.json")["scheduled_maintenances"]}
    migration = done["2026-11-20-ingest-migration"]
    assert migration["status"] == "completed" and migration["resolved_at"] == "2026-11-21T02:20:00.000Z"
    assert migration["scheduled_for"] == "2026-11-20T23:30:00.000Z"    # +01:00 in the file, UTC here


def _client_env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(key, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


EXPORTER = """
import json, os, sys
url = sys.argv[1] + '/api/v2/summary.json'
json.dump({'site': {'url': url, 'name': 'site'}}, open('services.json', 'w'))
os.environ['SERVICES_JSON_PATH'] = os.path.abspath('services.json')
from statuspage_prometheus_exporter.service_checker import check_status_page_service
print(json.dumps(check_status_page_service('site', {'url': url, 'name': 'site'}), default=str))
"""


def test_statuspage_prometheus_exporter_reads_our_summary(api_server: str, example_site: Site,
                                                          tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", EXPORTER, api_server], cwd=tmp_path, env=_client_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout.strip().splitlines()[-1])
    assert r["success"] is True, r
    assert r["raw_status"] == example_site.page.indicator.value == "minor"
    assert [i["id"] for i in r["incident_metadata"]] == [v.id for v in example_site.active]
    assert r["incident_metadata"][0]["affected_components"] == ["Event ingestion", "Query engine"]
    assert r["incident_metadata"][0]["shortlink"] == \
        "https://quillstack.github.io/status/incidents/2026-11-28-delayed-event-processing/"
    statuses = {c["name"]: c["status"] for c in r["component_metadata"]}
    for view in example_site.components:
        assert statuses[view.component.name] == view.status.value
    assert [m["id"] for m in r["maintenance_metadata"]] == [v.id for v in example_site.maintenance_upcoming]


NPM_CLIENT = """
const { Statuspage } = require('statuspage.io');
(async () => {
  const sp = new Statuspage('placeholder'); sp.setApiUrl(process.env.SP_BASE);
  const summary = await sp.api.getSummary();
  const status = await sp.api.getStatus();
  const components = await sp.api.getComponents();
  const all = await sp.api.incidents.getAll();
  const unresolved = await sp.api.incidents.getUnresolved();
  // statuspage.io 3.3.8's scheduledMaintenances.getAll() and getActive() request upcoming.json (a client
  // bug), so the full list and active.json are read through the client's own HTTP instance.
  const maint = (await sp.apiClient.get('/api/v2/scheduled-maintenances.json')).data;
  const active = (await sp.apiClient.get('/api/v2/scheduled-maintenances/active.json')).data;
  const upcoming = await sp.api.scheduledMaintenances.getUpcoming();
  const ids = xs => xs.map(x => x.id);
  console.log(JSON.stringify({
    page: summary.page.name, indicator: status.status.indicator, description: summary.status.description,
    components: Object.fromEntries(components.components.filter(c => !c.group).map(c => [c.id, c.status])),
    incidents: ids(all.incidents), unresolved: ids(unresolved.incidents),
    summaryIncidents: ids(summary.incidents),
    maintenance: ids(maint.scheduled_maintenances), upcoming: ids(upcoming.scheduled_maintenances),
    active: ids(active.scheduled_maintenances),
  }));
})().catch(e => { console.error(e.message); process.exit(1); });
"""


def test_npm_statuspage_io_client_reads_our_api(api_server: str, example_site: Site) -> None:
    if shutil.which("node") is None or not (NODE_MODULES / "statuspage.io").is_dir():
        pytest.skip("node or tests/node/node_modules/statuspage.io missing (run `make test-tools`)")
    env = _client_env() | {"NODE_PATH": str(NODE_MODULES), "SP_BASE": api_server}
    result = subprocess.run(["node", "-e", NPM_CLIENT], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["page"] == example_site.config.site_name
    assert (got["indicator"], got["description"]) == (example_site.page.indicator.value,
                                                      example_site.page.description)
    assert got["components"] == {c.id: c.status.value for c in example_site.components}
    assert got["incidents"] == [v.id for v in example_site.incidents if not v.incident.is_maintenance]
    assert got["unresolved"] == got["summaryIncidents"] == [v.id for v in example_site.active]
    assert got["maintenance"] == [v.id for v in example_site.incidents if v.incident.is_maintenance]
    assert got["upcoming"] == [v.id for v in example_site.maintenance_upcoming]
    assert got["active"] == [v.id for v in example_site.maintenance_active]


def test_maintenance_updates_move_components_through_the_window(own_files: dict[str, bytes]) -> None:
    windows = load(own_files, "scheduled-maintenances.json")["scheduled_maintenances"]
    migration = next(m for m in windows if m["id"] == "2026-11-20-ingest-migration")
    moves = [(u["status"], [(a["code"], a["old_status"], a["new_status"]) for a in u["affected_components"] or []])
             for u in reversed(migration["incident_updates"])]
    assert moves == [
        ("scheduled", [("ingest", "operational", "operational"), ("exports", "operational", "operational")]),
        ("in_progress", [("ingest", "operational", "under_maintenance"),
                         ("exports", "operational", "under_maintenance")]),
        ("in_progress", []),
        ("completed", [("ingest", "under_maintenance", "operational"),
                       ("exports", "under_maintenance", "operational")]),
    ]
