"""The generic webhook sends Atlassian Statuspage's webhook payloads. The JSON Schema below is written
here from the fields Statuspage documents for its webhook notifications (incident notifications:
meta, page, incident with incident_updates; component notifications: meta, page, component_update,
component), so that a consumer of Statuspage webhooks reads ours unchanged."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from .helpers import Receiver, update
from .test_run import notify

TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"}
OPTIONAL_TIME = {"anyOf": [TIME, {"type": "null"}]}
COMPONENT_STATUS = {"enum": ["operational", "degraded_performance", "partial_outage", "major_outage",
                             "under_maintenance"]}
META = {"type": "object", "required": ["unsubscribe", "documentation"],
        "properties": {"unsubscribe": {"type": "string", "pattern": "^https?://"},
                       "documentation": {"type": "string", "pattern": "^https?://"}}}
PAGE = {"type": "object", "required": ["id", "status_indicator", "status_description"],
        "properties": {"id": {"type": "string"}, "status_indicator": {"enum": ["none", "minor", "major", "critical"]},
                       "status_description": {"type": "string"}}}
INCIDENT_UPDATE = {
    "type": "object",
    "required": ["body", "created_at", "display_at", "status", "twitter_updated_at", "updated_at",
                 "wants_twitter_update", "id", "incident_id"],
    "properties": {
        "body": {"type": "string"}, "created_at": TIME, "display_at": TIME, "updated_at": TIME,
        "status": {"enum": ["investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress",
                            "verifying", "completed"]},
        "twitter_updated_at": OPTIONAL_TIME, "wants_twitter_update": {"type": "boolean"},
        "id": {"type": "string"}, "incident_id": {"type": "string"},
    },
}
INCIDENT = {
    "type": "object",
    "required": ["backfilled", "created_at", "impact", "impact_override", "monitoring_at", "postmortem_body",
                 "postmortem_body_last_updated_at", "postmortem_ignored", "postmortem_notified_subscribers",
                 "postmortem_notified_twitter", "postmortem_published_at", "resolved_at",
                 "scheduled_auto_transition", "scheduled_for", "scheduled_remind_prior", "scheduled_reminded_at",
                 "scheduled_until", "shortlink", "status", "updated_at", "id", "organization_id",
                 "incident_updates", "name"],
    "properties": {
        "backfilled": {"type": "boolean"}, "created_at": TIME, "updated_at": TIME,
        "impact": {"enum": ["none", "minor", "major", "critical", "maintenance"]},
        "impact_override": {"type": ["string", "null"]}, "monitoring_at": OPTIONAL_TIME,
        "postmortem_body": {"type": ["string", "null"]}, "postmortem_body_last_updated_at": OPTIONAL_TIME,
        "postmortem_ignored": {"type": "boolean"}, "postmortem_notified_subscribers": {"type": "boolean"},
        "postmortem_notified_twitter": {"type": "boolean"}, "postmortem_published_at": OPTIONAL_TIME,
        "resolved_at": OPTIONAL_TIME, "scheduled_auto_transition": {"type": "boolean"},
        "scheduled_for": OPTIONAL_TIME, "scheduled_remind_prior": {"type": "boolean"},
        "scheduled_reminded_at": OPTIONAL_TIME, "scheduled_until": OPTIONAL_TIME,
        "shortlink": {"type": "string", "pattern": "^https?://"},
        "status": {"enum": ["investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled",
                            "in_progress", "verifying", "completed"]},
        "id": {"type": "string"}, "organization_id": {"type": ["string", "null"]}, "name": {"type": "string"},
        "incident_updates": {"type": "array", "minItems": 1, "items": INCIDENT_UPDATE},
    },
}
WEBHOOK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "oneOf": [
        {"type": "object", "required": ["meta", "page", "incident"],
         "properties": {"meta": META, "page": PAGE, "incident": INCIDENT}},
        {"type": "object", "required": ["meta", "page", "component_update", "component"],
         "properties": {
             "meta": META, "page": PAGE,
             "component_update": {"type": "object",
                                  "required": ["created_at", "new_status", "old_status", "id", "component_id"],
                                  "properties": {"created_at": TIME, "new_status": COMPONENT_STATUS,
                                                 "old_status": COMPONENT_STATUS, "id": {"type": "string"},
                                                 "component_id": {"type": "string"}}},
             "component": {"type": "object", "required": ["created_at", "id", "name", "status"],
                           "properties": {"created_at": TIME, "id": {"type": "string"}, "name": {"type": "string"},
                                          "status": COMPONENT_STATUS}}}},
    ],
}
VALIDATOR = Draft202012Validator(WEBHOOK_SCHEMA)


@pytest.fixture
def payloads(project: Any, tmp_path: Path, receiver: Receiver, env: dict[str, str]) -> list[dict[str, Any]]:
    previous = project.render("2026-11-28T09:00:00Z", tmp_path / "previous")
    project.incident("2026-11-28-api-errors", update("2026-11-28T09:10:00Z", "investigating", "Looking."),
                     update("2026-11-28T09:20:00Z", "monitoring", "Fixed, watching."),
                     update("2026-11-28T09:40:00Z", "resolved", "All good."))
    project.maintenance("2026-11-28-db", "2026-11-28T09:30:00Z", "2026-11-28T09:45:00Z",
                        update("2026-11-28T09:05:00Z", "scheduled", "Upgrade."),
                        update("2026-11-28T09:31:00Z", "in_progress", "Started."))
    site = project.render("2026-11-28T09:50:00Z", tmp_path / "site")
    assert notify(project, site, env, previous).ok
    assert receiver.bad_signatures == 0
    return [r.json for r in receiver.on("/hook")]


def test_every_webhook_payload_has_statuspages_shape(payloads: list[dict[str, Any]]) -> None:
    kinds = {"incident" if "incident" in p else "component" for p in payloads}
    assert kinds == {"incident", "component"}
    for payload in payloads:
        errors = sorted(VALIDATOR.iter_errors(payload), key=str)
        assert errors == [], errors[0].message if errors else ""


def test_each_incident_payload_is_the_incident_as_of_its_update(payloads: list[dict[str, Any]]) -> None:
    told = [(p["incident"]["status"], [u["status"] for u in p["incident"]["incident_updates"]])
            for p in payloads if "incident" in p and p["incident"]["id"] == "2026-11-28-api-errors"]
    assert told == [("investigating", ["investigating"]), ("monitoring", ["monitoring", "investigating"]),
                    ("resolved", ["resolved", "monitoring", "investigating"])]
    first = next(p for p in payloads if "incident" in p)["incident"]
    assert first["resolved_at"] is None and first["monitoring_at"] is None


def test_the_schema_can_fail() -> None:
    """The schema is not a rubber stamp: a payload missing what Statuspage sends is refused."""
    good = {"meta": {"unsubscribe": "https://x/", "documentation": "https://x/"},
            "page": {"id": "p", "status_indicator": "none", "status_description": "All Systems Operational"},
            "component_update": {"created_at": "2026-11-28T09:00:00.000Z", "new_status": "operational",
                                 "old_status": "major_outage", "id": "u", "component_id": "api"},
            "component": {"created_at": "2026-11-28T09:00:00.000Z", "id": "api", "name": "API",
                          "status": "operational"}}
    assert VALIDATOR.is_valid(good)
    for breaking in (lambda d: d.pop("page"), lambda d: d["component"].update(status="down"),
                     lambda d: d["component_update"].update(created_at="yesterday")):
        bad = copy.deepcopy(good)
        breaking(bad)
        assert not VALIDATOR.is_valid(bad)
