"""A deterministic synthetic statuspress site for benchmarks: N incidents over three years.

    python benchmarks/corpus.py N OUTDIR [--git COMMITS]

writes OUTDIR/mkdocs.yml (the repo's site settings with 20 components in 4 groups), an
empty docs_dir (as mkdocs.yml names it) and N valid incident files
OUTDIR/incidents/<YYYY>/<YYYY-MM-DD>-<slug>.yml spread over the three years before 2026-11-28.
Everything comes from `random.Random(N)`: the same N always gives byte-identical files (no
wall clock, no environment).

With --git COMMITS, OUTDIR also becomes a git repository holding COMMITS commits, written
by one `git fast-import` process: the first commit adds every file with part of its
timeline, each later commit appends the next update to a file that still looks open, or
(about one commit in five) corrects an already published message with a new entry in that
update's `corrected:` list, or (a quarter of those) the title with a new `corrections:`
entry, as the audit rules require (docs/auditors.md): `statuspress audit` finds no violation. Authors alternate between
two people; author and committer dates are derived from the update times, never the clock.
If COMMITS leaves some updates unposted, those files end open (check warns, never errors).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from random import Random
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
END = datetime(2026, 11, 28, tzinfo=UTC)             # corpus "today"; benchmarks run with --at 12:00Z
START = END - timedelta(days=3 * 365 + 1)             # 2023-11-28
LATEST_START = END - timedelta(days=2)                # every timeline ends before END

GROUPS: dict[str, list[tuple[str, str]]] = {
    "Platform": [("api", "Public API"), ("graphql", "GraphQL API"), ("dashboard", "Web dashboard"),
                 ("auth", "Sign-in and SSO"), ("webhooks", "Webhooks")],
    "Data": [("ingest", "Event ingestion"), ("query", "Query engine"), ("search", "Search"),
             ("exports", "Data exports"), ("warehouse", "Warehouse sync")],
    "Delivery": [("cdn", "CDN and static assets"), ("email", "Email notifications"),
                 ("sms", "SMS notifications"), ("mobile-push", "Mobile push"), ("in-app", "In-app messages")],
    "Account": [("billing", "Billing and invoices"), ("support", "Support portal"), ("docs", "Documentation"),
                ("admin", "Admin console"), ("audit-log", "Audit log")],
}
COMPONENTS = [cid for members in GROUPS.values() for cid, _ in members]
START_DATES = {"api": "2022-01-01", "sms": "2025-06-01", "warehouse": "2024-09-15", "audit-log": "2025-02-01"}

DESCRIPTIONS = {"api": "REST endpoints at api.example.com", "graphql": "The GraphQL endpoint",
                "ingest": "SDK and HTTP event collection", "cdn": "Static assets and downloads",
                "billing": "Subscriptions, invoices and payment methods"}
PEOPLE = ["Dana Whitfield", "Sam Ortiz", "Priya Raman", "Lee Park", "Adaeze Okafor", "Claire Beaumont",
          "Felix Brandt", "Noor Haddad", "Jonah Reyes", "Ellie Marsh", "Luis Carvalho", "Sofia Lindqvist",
          "Priyanka Iyer", "Tomasz Nowak", "Mei Chen", "Kwame Mensah"]
TEAMS = ["Platform team", "Data platform", "Delivery team", "SRE", "Security", "Support engineering"]
TAGS = ["database", "network", "dns", "kafka", "redis", "deploy", "config", "third-party", "capacity",
        "certificate", "eu-west", "us-east", "ap-south", "queue", "storage", "kubernetes", "cache"]
REGIONS = ["EU", "US", "APAC", "India", "Brazil", "Canada", "UK"]
OFFSETS = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=1)),
           timezone(timedelta(hours=5, minutes=30))]

SYMPTOMS = [  # (slug words, title template)
    ("elevated-errors", "Elevated error rates on {name}"),
    ("slow-responses", "Slow responses from {name}"),
    ("outage", "{name} unavailable"),
    ("delays", "Delays in {name}"),
    ("partial-outage", "Partial outage of {name} in {region}"),
    ("timeouts", "Timeouts when using {name}"),
    ("degraded", "Degraded performance of {name}"),
    ("failures", "Intermittent failures in {name}"),
    ("login-loops", "Sign-in loops affecting {name}"),
    ("stale-data", "Stale data shown in {name}"),
]
CAUSES = ["a faulty configuration push", "an expired TLS certificate on an internal load balancer",
          "a database failover that did not complete", "a saturated connection pool",
          "a bad deploy of the routing layer", "an upstream provider outage", "a full disk on a queue broker",
          "a runaway batch job", "a DNS change that propagated slowly", "a cache stampede after a restart"]
ACTIONS = ["Add an alert on {thing}", "Canary {thing} before a full rollout",
           "Document a runbook for {thing}", "Load-test {thing} at twice peak traffic",
           "Automate the rollback of {thing}", "Review the capacity plan for {thing}"]
THINGS = ["config pushes", "certificate renewals", "database failovers", "connection pools",
          "routing deploys", "queue brokers", "batch jobs", "DNS changes", "cache warm-up",
          "provider health checks"]
REVIEW_EVENTS = ["Alert fires.", "On-call acknowledges.", "Incident declared.", "Rollback starts.",
                 "Traffic shifted.", "Fix verified."]
MAINTENANCE = [("database-upgrade", "{name} database upgrade"),
               ("network-maintenance", "Network maintenance for {name}"),
               ("migration", "{name} migration to new infrastructure"),
               ("failover-test", "Planned failover test of {name}")]

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _,.()'/-]*$")


def _q(text: str) -> str:
    """A YAML scalar for one line of text: plain when safe, else JSON-quoted (valid YAML)."""
    if _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in ("yes", "no", "true", "false",
                                                                           "null", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _minutes(rng: Random, low: int, high: int) -> timedelta:
    return timedelta(minutes=rng.randint(low, high))


@dataclass
class Update:
    at: datetime
    status: str
    message: str
    components: dict[str, str] = field(default_factory=dict)
    corrected: list[tuple[datetime, str]] = field(default_factory=list)   # one (at, reason) per change


@dataclass
class Incident:
    id: str
    tz: timezone
    fields: dict[str, Any]                 # scalar fields in file order (timestamps as datetimes)
    updates: list[Update]
    review: dict[str, Any] | None = None
    corrections: list[tuple[datetime, str, str]] = field(default_factory=list)  # (at, field, reason)

    @property
    def path(self) -> str:
        return f"incidents/{self.id[:4]}/{self.id}.yml"


# -- generation ----------------------------------------------------------------------------------

def _paragraphs(rng: Random, sentences: list[str]) -> str:
    picked = [s for s in sentences if s]
    if len(picked) > 2 and rng.random() < 0.4:
        cut = rng.randint(1, len(picked) - 1)
        return " ".join(picked[:cut]) + "\n\n" + " ".join(picked[cut:])
    return " ".join(picked)


def _message(rng: Random, status: str, name: str, region: str, cause: str) -> str:
    if status == "investigating":
        return _paragraphs(rng, [
            f"We are investigating reports of problems with {name} for customers in {region}.",
            rng.choice(["Some requests fail with errors.", "Responses are slower than usual.",
                        "Some users cannot complete their work."]),
            rng.choice(["", "Data already stored is safe.", "We will post an update within the hour."]),
        ])
    if status == "identified":
        text = _paragraphs(rng, [
            f"We have identified the cause: {cause}.",
            rng.choice(["A fix is being rolled out.", "We are rolling back the change.",
                        "Engineers are moving traffic away from the affected systems."]),
        ])
        if rng.random() < 0.3:
            text += ("\n\nWhat we are doing:\n\n- restoring service for the most affected customers first;\n"
                     "- adding capacity while the fix rolls out.")
        return text
    if status == "monitoring":
        return _paragraphs(rng, [
            f"A fix has been applied and {name} is recovering.",
            rng.choice(["Error rates are back to normal.", "Latency is close to its usual level.",
                        "Queued work is being processed."]),
            "We are monitoring the results.",
        ])
    if status == "resolved":
        text = _paragraphs(rng, [
            f"This incident has been resolved and {name} is operating normally.",
            rng.choice(["No data was lost.", "Delayed work has been fully processed.",
                        "Requests that failed during the incident can be retried safely."]),
            rng.choice(["", "We will publish a post-incident review.", "Thank you for your patience."]),
        ])
        if rng.random() < 0.2:
            text += "\n\nSee [our status FAQ](https://docs.example.com/status-faq) for details."
        return text
    if status == "scheduled":
        return _paragraphs(rng, [
            f"We will perform scheduled maintenance on {name}.",
            rng.choice(["No downtime is expected.", "Short interruptions of a few minutes are possible.",
                        "The service may be read-only during the window."]),
            "No action is needed.",
        ])
    if status == "in_progress":
        return f"The scheduled maintenance on {name} has started."
    if status == "verifying":
        return "The work is done and we are verifying that everything works as expected."
    return f"The scheduled maintenance on {name} is complete. Thank you for your patience."  # completed


def _statuses(rng: Random, count: int, kind: str) -> list[str]:
    if kind == "maintenance":
        middle = sorted((rng.choice(["in_progress", "verifying"]) for _ in range(count - 3)),
                        key=["in_progress", "verifying"].index)
        return ["scheduled", "in_progress", *middle, "completed"]
    middle = sorted((rng.choice(["identified", "monitoring"]) for _ in range(count - 2)),
                    key=["identified", "monitoring"].index)
    return ["investigating", *middle, "resolved"]


def _worse(impact: str) -> list[str]:
    return {"none": ["degraded_performance"], "minor": ["degraded_performance", "partial_outage"],
            "major": ["partial_outage", "major_outage"], "critical": ["major_outage"]}[impact]


def _slug(rng: Random, base: str, used: set[str]) -> str:
    slug = base
    n = 2
    while slug in used:
        slug = f"{base}-{n}"
        n += 1
    used.add(slug)
    return slug


def _live(cid: str, when: datetime) -> bool:
    """Only components that existed then (start_date) are affected."""
    return cid not in START_DATES or START_DATES[cid] <= when.astimezone(UTC).date().isoformat()


def _incident(rng: Random, used: set[str]) -> Incident:
    span = int((LATEST_START - START).total_seconds() // 60)
    begin = START + timedelta(minutes=rng.randrange(span))
    region = rng.choice(REGIONS)
    tz = rng.choice(OFFSETS) if rng.random() < 0.15 else UTC
    group = rng.choice(list(GROUPS))
    cid, name = rng.choice([m for m in GROUPS[group] if _live(m[0], begin)])

    if rng.random() < 0.05:
        return _maintenance(rng, used, cid, name, tz, begin)

    impact = rng.choices(["none", "minor", "major", "critical"], weights=[5, 45, 35, 15])[0]
    symptom, title = rng.choice(SYMPTOMS)
    where = f"-{region.lower()}" if rng.random() < 0.5 else ""
    slug = _slug(rng, f"{cid}-{symptom}{where}", used)
    others = [c for c in COMPONENTS if c != cid and _live(c, begin)]
    affected = [cid, *rng.sample(others, rng.choice([0, 0, 0, 1, 1, 2]))]
    components = {c: rng.choice(_worse(impact)) for c in affected}
    cause = rng.choice(CAUSES)

    detected = begin + _minutes(rng, 1, 20)
    acknowledged = detected + _minutes(rng, 1, 10)
    count = rng.randint(2, 6)
    updates: list[Update] = []
    at = acknowledged + _minutes(rng, 2, 15)
    for status in _statuses(rng, count, "incident"):
        update = Update(at, status, _message(rng, status, name, region, cause))
        if status in ("identified", "monitoring") and rng.random() < 0.4:
            target = rng.choice(affected)
            update.components = {target: "degraded_performance" if status == "monitoring"
                                 else rng.choice(["partial_outage", "major_outage"])}
        updates.append(update)
        at += _minutes(rng, 10, 120)
    resolved = updates[-1].at
    mitigated = max(acknowledged, resolved - _minutes(rng, 5, 30))

    fields: dict[str, Any] = {"title": title.format(name=name, region=region), "kind": "incident",
                              "impact": impact}
    if rng.random() < 0.7:
        fields["urgency"] = rng.choice(["low", "medium", "high"])
    fields["components"] = components
    fields["started_at"] = begin
    fields["detected_at"] = detected
    fields["acknowledged_at"] = acknowledged
    if rng.random() < 0.8:
        fields["mitigated_at"] = mitigated
    if rng.random() < 0.5:
        fields["update_every"] = rng.choice(["30m", "1h", "1h30m"])
    if rng.random() < 0.6:
        fields["roles"] = _roles(rng)
    if rng.random() < 0.8:
        fields["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    incident = Incident(f"{_utc_day(begin)}-{slug}", tz, fields, updates)
    if rng.random() < 0.10:
        incident.review = _review(rng, incident, begin, detected, resolved, cause, name)
    return incident


def _maintenance(rng: Random, used: set[str], cid: str, name: str, tz: timezone, begin: datetime) -> Incident:
    start = begin.replace(minute=rng.choice([0, 30]))
    end = start + timedelta(hours=rng.randint(1, 4))
    symptom, title = rng.choice(MAINTENANCE)
    slug = _slug(rng, f"{cid}-{symptom}", used)
    count = rng.randint(2, 6)
    statuses = ["scheduled", "completed"] if count == 2 else _statuses(rng, count, "maintenance")
    times = [start - timedelta(days=rng.randint(3, 14), hours=rng.randint(0, 8))]
    if len(statuses) > 2:
        step = (end - start) / (len(statuses) - 1)
        times += [start + step * i + _minutes(rng, 0, 3) for i in range(len(statuses) - 2)]
    times.append(end - _minutes(rng, 0, 20))
    updates = [Update(at, status, _message(rng, status, name, "", ""))
               for at, status in zip(times, statuses, strict=True)]
    fields: dict[str, Any] = {"title": title.format(name=name), "kind": "maintenance",
                              "impact": rng.choice(["none", "minor"]),
                              "components": {cid: "under_maintenance"},
                              "scheduled_start": start, "scheduled_end": end}
    if rng.random() < 0.5:
        fields["update_every"] = "1h"
    if rng.random() < 0.5:
        fields["roles"] = _roles(rng)
    fields["tags"] = ["maintenance", *rng.sample(TAGS, rng.randint(0, 2))]
    return Incident(f"{_utc_day(start)}-{slug}", tz, fields, updates)


def _roles(rng: Random) -> dict[str, Any]:
    people = rng.sample(PEOPLE, 5)
    roles: dict[str, Any] = {"incident_commander": people[0], "communications_lead": people[1]}
    if rng.random() < 0.6:
        roles["technical_specialists"] = people[2:2 + rng.randint(1, 2)]
    if rng.random() < 0.3:
        roles["service_desk"] = people[4]
    return roles


def _review(rng: Random, incident: Incident, begin: datetime, detected: datetime, resolved: datetime,
            cause: str, name: str) -> dict[str, Any]:
    span = max(1, int((resolved - begin).total_seconds() // 60))
    events = sorted(begin + timedelta(minutes=rng.randrange(span)) for _ in range(rng.randint(2, 6)))
    items = []
    for _ in range(rng.randint(1, 4)):
        due = resolved.date() + timedelta(days=rng.randint(7, 90))
        item: dict[str, Any] = {
            "title": rng.choice(ACTIONS).format(thing=rng.choice(THINGS)),
            "owner": rng.choice(PEOPLE + TEAMS),
            "type": rng.choice(["prevent", "mitigate", "detect", "process"]),
            "priority": rng.choice(["P1", "P2", "P3"]),
            "due": due.isoformat(),
            "status": rng.choice(["open", "in_progress", "done", "done"]),
        }
        if rng.random() < 0.5:
            item["link"] = f"https://tracker.example.com/OPS-{rng.randint(100, 9999)}"
        items.append(item)
    return {
        "summary": f"For {span} minutes, {name} was affected by {cause}.",
        "impact": f"Customers using {name} saw errors or delays. About {rng.randint(1, 40)}% of requests "
                  "were affected.",
        "root_cause": f"The root cause was {cause}. Our safeguards did not catch it before it reached "
                      "production.",
        "trigger": rng.choice(["A routine deploy.", "A traffic spike.", "A scheduled job.",
                               "A provider change."]),
        "detection": f"Automated alerting detected the problem {(detected - begin) // timedelta(minutes=1)} "
                     "minutes after impact began.",
        "resolution": "We rolled back the change and verified recovery.",
        "went_well": ["Alerting fired quickly.",
                      "The first public update went out promptly."][:rng.randint(1, 2)],
        "went_wrong": ["The rollback took longer than expected.",
                       "The runbook was out of date."][:rng.randint(1, 2)],
        "lucky": ["It happened outside peak hours."] if rng.random() < 0.5 else [],
        "lessons": "Changes to shared infrastructure need the same safeguards as application deploys.",
        "timeline": list(zip(events, REVIEW_EVENTS, strict=False)),
        "action_items": items,
        "published_at": min(resolved + timedelta(days=rng.randint(2, 10)), END),  # never after "today"
        "authors": rng.sample(PEOPLE, rng.randint(1, 2)),
    }


def _utc_day(when: datetime) -> str:
    return when.astimezone(UTC).date().isoformat()


def generate(n: int) -> list[Incident]:
    """N incidents, in id order; deterministic for a given N."""
    rng = Random(n)
    used: set[str] = set()
    incidents = [_incident(rng, used) for _ in range(n)]
    return sorted(incidents, key=lambda i: i.id)


# -- rendering -----------------------------------------------------------------------------------

def _ts(value: datetime, tz: timezone) -> str:
    local = value.astimezone(tz)
    if tz is UTC:
        return local.strftime("%Y-%m-%dT%H:%M:%SZ")
    return local.isoformat()


def _block(text: str, indent: str) -> list[str]:
    """A block scalar's lines, prose wrapped at 76 columns as people write it; list items kept."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line:
            out.append("")
        elif line.startswith("- "):
            out += textwrap.wrap(line, 76, initial_indent=indent, subsequent_indent=indent + "  ")
        else:
            out += textwrap.wrap(line, 76, initial_indent=indent, subsequent_indent=indent)
    return out


def _flow_map(mapping: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def render(incident: Incident, upto: int | None = None) -> str:
    """The file's text, showing the first `upto` updates (all by default)."""
    tz = incident.tz
    out: list[str] = []
    if tz is not UTC:
        out.append(f"# Times are local (UTC{_ts(datetime(2000, 1, 1, tzinfo=UTC), tz)[-6:]}); "
                   "the file is named after the UTC date.")
    for key, value in incident.fields.items():
        if key == "components":
            out.append("components:")
            out += [f"  {c}: {s}" for c, s in value.items()]
        elif key == "roles":
            out.append("roles:")
            for role, who in value.items():
                text = f"[{', '.join(who)}]" if isinstance(who, list) else _q(who)
                out.append(f"  {role}: {text}")
        elif key == "tags":
            out.append(f"tags: [{', '.join(value)}]")
        elif isinstance(value, datetime):
            out.append(f"{key}: {_ts(value, tz)}")
        else:
            out.append(f"{key}: {_q(value)}")
    out.append("updates:")
    for update in incident.updates[:upto]:
        out.append(f"  - at: {_ts(update.at, tz)}")
        out.append(f"    status: {update.status}")
        out.append("    message: |")
        out += _block(update.message, "      ")
        if update.components:
            out.append(f"    components: {_flow_map(update.components)}")
        if update.corrected:
            out.append("    corrected:")
            for at, reason in update.corrected:
                out += [f"      - at: {_ts(at, tz)}", f"        reason: {_q(reason)}"]
    if incident.corrections:
        out.append("corrections:")
        for at, name, reason in incident.corrections:
            out += [f"  - at: {_ts(at, tz)}", f"    field: {name}", f"    reason: {_q(reason)}"]
    if incident.review and (upto is None or upto >= len(incident.updates)):
        out += _render_review(incident.review, tz)
    return "\n".join(out) + "\n"


def _render_review(review: dict[str, Any], tz: timezone) -> list[str]:
    out = ["review:"]
    for key, value in review.items():
        if key == "timeline":
            out.append("  timeline:")
            for at, text in value:
                out += [f"    - at: {_ts(at, tz)}", f"      text: {_q(text)}"]
        elif key == "action_items":
            out.append("  action_items:")
            for item in value:
                first = True
                for k, v in item.items():
                    out.append(f"    {'- ' if first else '  '}{k}: {_q(v)}")
                    first = False
        elif key == "authors":
            out.append(f"  authors: [{', '.join(value)}]")
        elif isinstance(value, list):
            if value:
                out.append(f"  {key}:")
                out += [f"    - {_q(v)}" for v in value]
        elif isinstance(value, datetime):
            out.append(f"  {key}: {_ts(value, tz)}")
        else:
            out.append(f"  {key}: |")
            out += _block(value, "    ")
    return out


def mkdocs_config(repo: Path = REPO) -> str:
    """The repo's site settings with the corpus' components; theme overrides by absolute path."""
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = "Benchmark Status"
    config["theme"]["custom_dir"] = str((repo / "overrides").resolve())
    components = []
    for group, members in GROUPS.items():
        for cid, name in members:
            component: dict[str, Any] = {"id": cid, "name": name, "group": group}
            if cid in DESCRIPTIONS:
                component["description"] = DESCRIPTIONS[cid]
            if cid in START_DATES:
                component["start_date"] = START_DATES[cid]
            components.append(component)
    config["plugins"] = ["search", {"statuspress": {"incidents_dir": "incidents", "components": components}}]
    return "# Generated by benchmarks/corpus.py; do not edit.\n" + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True, default_flow_style=False, width=110)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _prepare(out: Path) -> str:
    """Fresh mkdocs.yml and an empty docs_dir (holding .gitkeep); returns docs_dir's name."""
    for old in (out / "incidents", out / ".git"):
        if old.exists():
            shutil.rmtree(old)
    out.mkdir(parents=True, exist_ok=True)
    config = mkdocs_config()
    docs_dir = yaml.safe_load(config).get("docs_dir", "docs")
    _write_text(out / docs_dir / ".gitkeep", "")
    _write_text(out / "mkdocs.yml", config)
    return str(docs_dir)


def write_corpus(n: int, out: Path) -> None:
    """Write the site config and N incident files to `out` (replacing any earlier incidents/)."""
    out = Path(out)
    _prepare(out)
    for incident in generate(n):
        _write_text(out / incident.path, render(incident))


# -- git history ---------------------------------------------------------------------------------

AUTHORS = [("Claire Beaumont", "claire@example.com"), ("Jonah Reyes", "jonah@example.com")]


def _plan(incidents: list[Incident], commits: int, rng: Random) -> tuple[list[int], list[tuple[str, int]]]:
    """How many updates each file starts with, and the later commits: ("append", file) or ("edit", file)."""
    appends = min(round((commits - 1) * 0.8), sum(len(i.updates) - 1 for i in incidents))
    pending = [0] * len(incidents)
    open_files = [k for k, i in enumerate(incidents) if len(i.updates) > 1]
    for _ in range(appends):
        k = rng.randrange(len(open_files))
        index = open_files[k]
        pending[index] += 1
        if pending[index] == len(incidents[index].updates) - 1:
            open_files[k] = open_files[-1]
            open_files.pop()
    shown = [len(i.updates) - p for i, p in zip(incidents, pending, strict=True)]
    # Posted updates in time order; same-file updates are already in order.
    events = sorted(((incidents[f].updates[u].at, f, u) for f in range(len(incidents))
                     for u in range(shown[f], len(incidents[f].updates))), key=lambda e: (e[0], e[1], e[2]))
    steps: list[tuple[str, int]] = [("append", f) for _, f, _ in events]
    for _ in range(commits - 1 - len(steps)):
        steps.insert(rng.randint(0, len(steps)), ("edit", rng.randrange(len(incidents))))
    return shown, steps


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def write_git_history(incidents: list[Incident], out: Path, commits: int, seed: int, docs_dir: str) -> None:
    """Write `commits` commits to OUTDIR/.git with one `git fast-import`, then check out the result."""
    rng = Random(seed * 7919 + commits)
    shown, steps = _plan(incidents, commits, rng)
    config_text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
    first_at = min(i.updates[0].at for i in incidents) - timedelta(days=1)
    clock = first_at
    stream = bytearray()

    def commit(mark: int, message: str, files: list[tuple[str, str]]) -> None:
        name, email = AUTHORS[(mark - 1) % 2]
        stamp = f"{name} <{email}> {int(clock.timestamp())} +0000"
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(f"mark :{mark}\nauthor {stamp}\ncommitter {stamp}\n".encode())
        stream.extend(_data(message))
        if mark > 1:
            stream.extend(f"from :{mark - 1}\n".encode())
        for path, text in files:
            stream.extend(f"M 100644 inline {path}\n".encode())
            stream.extend(_data(text))
        stream.extend(b"\n")

    files = [("mkdocs.yml", config_text), (f"{docs_dir}/.gitkeep", "")]
    files += [(i.path, render(i, shown[f])) for f, i in enumerate(incidents)]
    commit(1, f"Import {len(incidents)} incidents\n", files)
    pointer = [0] * len(incidents)  # next pending update per file, relative to shown
    for mark, (action, f) in enumerate(steps, start=2):
        incident = incidents[f]
        if action == "append":
            update = incident.updates[shown[f] + pointer[f]]
            pointer[f] += 1
            clock = max(clock + timedelta(seconds=30), update.at + timedelta(seconds=rng.randint(5, 240)))
            message = f"{incident.id}: post {update.status} update\n"
        elif rng.random() < 0.25:   # a published field corrected: the title, with a `corrections:` entry
            clock = clock + timedelta(seconds=rng.randint(30, 600))
            when = max(clock, incident.updates[0].at + timedelta(minutes=1)).replace(microsecond=0)
            incident.fields["title"] = str(incident.fields["title"]) + rng.choice(
                [" (all regions)", " (some customers)", " (resolved)"])
            incident.corrections.append((when, "title", rng.choice(
                ["The first title named too few regions.", "The title now says who was affected."])))
            message = f"{incident.id}: correct the title\n"
        else:                       # a published update corrected, with a new entry in its `corrected:`
            posted = shown[f] + pointer[f]
            update = incident.updates[rng.randrange(posted)]
            clock = clock + timedelta(seconds=rng.randint(30, 600))
            update.message = update.message.rstrip(".") + rng.choice(
                [" (times corrected).", " (region corrected).", " (wording clarified)."])
            when = max(clock, update.at + timedelta(minutes=1), *(at for at, _ in update.corrected))
            update.corrected.append((when.replace(microsecond=0), rng.choice(
                ["The affected region was wrong.", "A time in the message was wrong.", "Clarified wording."])))
            message = f"{incident.id}: correct an update\n"
        commit(mark, message, [(incident.path, render(incident, shown[f] + pointer[f]))])
    stream.extend(b"done\n")
    subprocess.run(["git", "-C", str(out), "fast-import", "--quiet", "--done"], input=bytes(stream),
                   check=True, env=env)
    for path in (out / "incidents", out / "mkdocs.yml"):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    subprocess.run(["git", "-C", str(out), "reset", "-q", "--hard", "main"], check=True, env=env)


def write_corpus_with_history(n: int, out: Path, commits: int) -> None:
    out = Path(out)
    docs_dir = _prepare(out)
    write_git_history(generate(n), out, max(1, commits), n, docs_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of incident files")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--git", type=int, metavar="COMMITS",
                        help="also write a git history of COMMITS commits")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.git:
        write_corpus_with_history(args.n, args.outdir, args.git)
    else:
        write_corpus(args.n, args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
