"""The generic webhook: Atlassian Statuspage's webhook payloads, so existing consumers read them unchanged.

Statuspage posts two kinds of JSON object, each with `meta` (unsubscribe, documentation) and `page`
(id, status_indicator, status_description):
- an incident notification: `incident`, the incident object with its `incident_updates`, newest first;
- a component notification: `component_update` (created_at, new_status, old_status, id, component_id)
  and `component` (created_at, id, name, status).
The incident object is the public API's, as of the update being told (later updates left out, so a
consumer reading `incident_updates[0]` sees this update), plus the keys only Statuspage's webhook
carries, with the values that mean "not used" here. The body is signed at delivery (delivery.py).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ..changes import EventKind
from ..channels import Channel
from ..messages import Message, Notice, fit
from ..snapshot import Json

LIMIT = 1024 * 1024                 # bytes; a longer update is cut, with a link to the incident
CONTENT_TYPE = "application/json; charset=utf-8"
INCIDENT_EVENT = "incident.update"
COMPONENT_EVENT = "component.update"

WEBHOOK_INCIDENT_KEYS: dict[str, Any] = {
    "backfilled": False,
    "impact_override": None,
    "postmortem_body": None,
    "postmortem_body_last_updated_at": None,
    "postmortem_ignored": False,
    "postmortem_notified_subscribers": False,
    "postmortem_notified_twitter": False,
    "postmortem_published_at": None,
    "scheduled_auto_transition": False,
    "scheduled_for": None,
    "scheduled_remind_prior": False,
    "scheduled_reminded_at": None,
    "scheduled_until": None,
    "organization_id": None,
}
WEBHOOK_UPDATE_KEYS: dict[str, Any] = {"twitter_updated_at": None, "wants_twitter_update": False,
                                       "custom_tweet": None}


def render(channel: Channel, notice: Notice) -> list[Message]:
    # Several sends for one event: each key names its part ("<event id>+incident", "+component:<id>"),
    # so a run that stops half-way resumes with the parts not sent yet.
    messages = [_incident_message(notice)]
    event = notice.event
    if event.kind is EventKind.UPDATE and event.update is not None:
        for change in event.update.get("affected_components") or []:
            code = str(change.get("code"))
            if change.get("old_status") != change.get("new_status") and channel.wants_component(code):
                messages.append(_component_message(notice, change))
    return messages


def envelope(notice: Notice) -> Json:
    site = notice.site
    return {
        "meta": {"unsubscribe": site.subscribe_url, "documentation": site.subscribe_url + "#notifications"},
        "page": {"id": site.page_id, "status_indicator": site.indicator, "status_description": site.description},
    }


def incident_as_told(notice: Notice, text: str, truncated: bool) -> Json:
    """The API's incident as of the event's update, with Statuspage's webhook-only keys."""
    event = notice.event
    data = copy.deepcopy(event.incident.data)
    updates = list(reversed(data["incident_updates"]))           # oldest first
    if event.kind is EventKind.UPDATE:
        updates = updates[: event.position + 1]
        told = updates[-1]
        data["status"] = told["status"]
        data["updated_at"] = told["created_at"]
        if told["status"] not in ("resolved", "completed"):
            data["resolved_at"] = None
        if data.get("monitoring_at") and str(data["monitoring_at"]) > event.at:
            data["monitoring_at"] = None
    for n, update in enumerate(updates):
        is_told = event.update is not None and update["id"] == event.update["id"]
        if is_told:
            update["body"] = text + (f"\n\nRead the full update: {notice.link}" if truncated else "")
        elif truncated:
            update["body"] = update["body"][: max(len(text), 200)]
        updates[n] = {**update, **WEBHOOK_UPDATE_KEYS}
    data["incident_updates"] = list(reversed(updates))
    incident = {**WEBHOOK_INCIDENT_KEYS, **data}
    if event.incident.is_maintenance:
        incident["scheduled_auto_transition"] = True      # windows open and close on schedule
    return incident


def _incident_message(notice: Notice) -> Message:
    base = envelope(notice)

    def build(text: str, truncated: bool) -> bytes:
        return dump({**base, "incident": incident_as_told(notice, text, truncated)})

    body, truncated = fit(build, notice.text, LIMIT)
    return Message(f"{notice.key}+incident", notice.summary, body, CONTENT_TYPE,
                   (("X-Statuspress-Event", INCIDENT_EVENT),), truncated)


def _component_message(notice: Notice, change: Json) -> Message:
    assert notice.event.update is not None
    update = notice.event.update
    code = str(change.get("code"))
    created = next((c.get("created_at") for c in notice.event.incident.data.get("components") or []
                    if isinstance(c, dict) and c.get("id") == code), None)
    payload = {
        **envelope(notice),
        "component_update": {
            "created_at": update["created_at"],
            "new_status": change.get("new_status"),
            "old_status": change.get("old_status"),
            "id": f"{update['id']}-{code}",
            "component_id": code,
        },
        "component": {"created_at": created, "id": code, "name": change.get("name"),
                      "status": change.get("new_status")},
    }
    summary = f"Component {change.get('name')}: {change.get('new_status')}"
    return Message(f"{notice.key}+component:{code}", summary, dump(payload), CONTENT_TYPE,
                   (("X-Statuspress-Event", COMPONENT_EVENT),))


def dump(payload: object) -> bytes:
    """Compact JSON; <, > and & escaped so the bytes never read as markup (decoded strings unchanged)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")
