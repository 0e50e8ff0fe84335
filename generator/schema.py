"""The field table of mkdocs.yml components and incident files, declared once.

It drives validation (validate.py), did-you-mean suggestions, the field reference
in docs/reference.md, the JSON Schema for editors and the export headers. A field marked
`internal` is left out of the public build unless the site lists its path under
`audience: public:` in mkdocs.yml (redact.py reads the flags; INTERNAL_PATHS names them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .clock import CLOCKS
from .model import (
    ActionStatus,
    ActionType,
    Audience,
    ComponentStatus,
    Impact,
    IncidentStatus,
    Kind,
    MaintenanceStatus,
    Urgency,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


@dataclass(frozen=True)
class Type:
    """A value type; `name` is how the reference docs describe it."""

    name: str


@dataclass(frozen=True)
class Enum(Type):
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusByKind(Type):
    """An update status whose allowed values depend on the file's `kind`."""

    values: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class EnumList(Type):
    """A list of names, each one of `values` (with a did-you-mean for a typo)."""

    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Object(Type):
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class ObjectList(Type):
    fields: tuple[Field, ...] = ()
    single: bool = False    # one map on its own is read as a list of one (an older form of the field)


TEXT = Type("text")
MARKDOWN = Type("Markdown text")
TIMESTAMP = Type("timestamp with offset")
DATE = Type("date (YYYY-MM-DD)")
DURATION = Type("duration (15m, 1h, 1h30m, 1d)")
TEXT_LIST = Type("list of text")
MARKDOWN_LIST = Type("list of Markdown text")
SLUG = Type("slug")
URL = Type("URL (https:, http: or mailto:)")
COMPONENT_MAP = Type("map of component id to component status")
BOOL = Type("true or false")
RULE_LEVELS = Type("map of rule id to error, warning or off")


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    doc: str
    required: bool = False
    example: str | None = None
    planned: bool = False   # a timestamp that may lie after the build time (all others record the past)
    internal: bool = False      # shown only in the internal build unless mkdocs.yml makes it public


def _values(enum: type) -> tuple[str, ...]:
    return tuple(member.value for member in enum)  # type: ignore[attr-defined]


KINDS = _values(Kind)
IMPACTS = _values(Impact)
URGENCIES = _values(Urgency)
COMPONENT_STATUSES = _values(ComponentStatus)
INCIDENT_STATUSES = _values(IncidentStatus)
MAINTENANCE_STATUSES = _values(MaintenanceStatus)
UPDATE_STATUSES = {Kind.INCIDENT.value: INCIDENT_STATUSES, Kind.MAINTENANCE.value: MAINTENANCE_STATUSES}
AUDIENCES = _values(Audience)

COMPONENT_FIELDS = (
    Field("id", SLUG, "Permanent identifier used in URLs, feeds and API ids. Never rename it.",
          required=True, example="api"),
    Field("name", TEXT, "Name shown on the page.", required=True, example="Public API"),
    Field("group", TEXT, "Group shown as a collapsible section; components of a group stay together.",
          example="Platform"),
    Field("description", TEXT, "One line shown under the name.", example="REST and GraphQL"),
    Field("start_date", DATE, "Uptime is not counted before this day.", example="2020-01-01"),
)

CHANNEL_TYPES = ("webhook", "slack", "teams", "discord", "email")
NOTIFY_KINDS = ("incidents", "maintenance")

# `statuspress notify` channels. Secrets (webhook URLs, keys, passwords, addresses) are never values here:
# mkdocs.yml is public, so each `*_env` field names the environment variable that holds one.
CHANNEL_FIELDS = (
    Field("name", SLUG, "Names the channel on the Subscribe page and in notify's reports. notify remembers "
          "what each channel was sent under this name: a renamed channel starts afresh.", required=True,
          example="slack-status"),
    Field("type", Enum("channel type", CHANNEL_TYPES), "webhook (Statuspage's payload, signed), slack, teams, "
          "discord or email.", required=True, example="slack"),
    Field("description", TEXT, "How readers can join, shown on the Subscribe page.",
          example="#status in the Quillstack community Slack"),
    Field("components", TEXT_LIST, "Only incidents and maintenance that affect one of these component ids "
          "(default: all).", example="[api, auth]"),
    Field("kinds", TEXT_LIST, "incidents, maintenance or both (default: both).", example="[incidents]"),
    Field("url_env", TEXT, "webhook, slack, teams, discord: the environment variable holding the webhook URL "
          "(a secret; never the URL itself).", example="STATUSPRESS_SLACK_URL"),
    Field("secret_env", TEXT, "webhook: the environment variable holding the HMAC-SHA256 signing key.",
          example="STATUSPRESS_WEBHOOK_SECRET"),
    Field("smtp_server", TEXT, "email: host:port of an SMTP server that offers STARTTLS (port 587 when left "
          "out).", example="smtp.example.com:587"),
    Field("smtp_user_env", TEXT, "email: the environment variable holding the SMTP user name, if the server "
          "wants one.", example="STATUSPRESS_SMTP_USER"),
    Field("smtp_password_env", TEXT, "email: the environment variable holding the SMTP password.",
          example="STATUSPRESS_SMTP_PASSWORD"),
    Field("from", TEXT, "email: the sender.", example="Quillstack Status <status@quillstack.com>"),
    Field("recipients_env", TEXT, "email: the environment variable holding the recipients, separated by "
          "commas or new lines. Give this or recipients_file.", example="STATUSPRESS_EMAIL_TO"),
    Field("recipients_file", TEXT, "email: a file outside the repository with one address a line; ~ and "
          "$VARIABLES are expanded when notify runs.", example="$RUNNER_TEMP/subscribers.txt"),
    Field("unsubscribe", URL, "email: where a reader unsubscribes, sent as List-Unsubscribe (default: a "
          "mailto: to the sender with the subject unsubscribe).", example="mailto:status-leave@quillstack.com"),
)

CORRECTION_FIELDS = (
    Field("at", TIMESTAMP, "When the correction was made: not before the update, not after the build time.",
          required=True, example="2026-11-26T11:00:00Z"),
    Field("reason", TEXT, "What was wrong, in words (at least 4 letters); shown beside the update.",
          required=True, example="The region was eu-west-1, not eu-west-2."),
)

# Incident fields whose published value changes only with an entry in `corrections:` (docs/auditors.md).
CORRECTABLE_FIELDS = ("title", "kind", "impact", "urgency", "components", "started_at", "detected_at",
                      "acknowledged_at", "mitigated_at", "scheduled_start", "scheduled_end", "drill")

FIELD_CORRECTION_FIELDS = (
    Field("at", TIMESTAMP, "When the correction was made: not before the first update, not after the build "
          "time.", required=True, example="2026-11-26T11:00:00Z"),
    Field("field", Enum("correctable field", CORRECTABLE_FIELDS), "The incident field that was changed.",
          required=True, example="started_at"),
    Field("reason", TEXT, "What was wrong, in words (at least 4 letters); shown on the incident page.",
          required=True, example="Impact began at 09:02, not 09:10 as first reported."),
)

UPDATE_FIELDS = (
    Field("at", TIMESTAMP, "When the update was posted.", required=True, example="2026-11-26T09:15:00Z"),
    Field("status", StatusByKind("update status", UPDATE_STATUSES),
        f"Incident: {', '.join(INCIDENT_STATUSES)}. Maintenance: {', '.join(MAINTENANCE_STATUSES)}.",
        required=True, example="investigating"),
    Field("message", MARKDOWN, "What subscribers read. Markdown; raw HTML is removed.", required=True,
          example="We are investigating elevated error rates on the API."),
    Field("components", COMPONENT_MAP, "Component statuses from this update on.",
          example="{api: major_outage}"),
    Field("corrected", ObjectList("list of corrections", CORRECTION_FIELDS, single=True),
          "One entry per change made to this update after it was published, oldest first; the page shows "
          "each. A single map (the older form) counts as a list of one."),
)

ROLES_FIELDS = (
    Field("incident_commander", TEXT, "Leads the response.", example="Dana Whitfield"),
    Field("communications_lead", TEXT, "Writes the public updates.", example="Sam Ortiz"),
    Field("technical_specialists", TEXT_LIST, "Engineers working the problem.", example="[Priya Raman]"),
    Field("service_desk", TEXT, "Handles customer contact.", example="Lee Park"),
)

TIMELINE_FIELDS = (
    Field("at", TIMESTAMP, "When it happened.", required=True, example="2026-11-26T09:05:00Z"),
    Field("text", MARKDOWN, "What happened.", required=True, example="Config push reaches eu-west."),
    Field("public", BOOL, "Show this event on the public review although the timeline is internal.",
          example="true"),
)

ACTION_ITEM_FIELDS = (
    Field("title", TEXT, "What will be done.", required=True, example="Canary config pushes"),
    Field("owner", TEXT, "Who is accountable.", required=True, example="Platform team", internal=True),
    Field("type", Enum("action type", _values(ActionType)), "What the item does about the failure.",
          required=True, example="prevent"),
    Field("priority", TEXT, "Priority, as your tracker spells it.", example="P2"),
    Field("due", DATE, "Due date; open items past it count as overdue.", example="2026-12-15"),
    Field("status", Enum("action status", _values(ActionStatus)), "Progress; open by default.",
          example="open"),
    Field("link", URL, "The item in your tracker.", example="https://tracker.example.com/OPS-123",
          internal=True),
)

REVIEW_FIELDS = (
    Field("summary", MARKDOWN, "What happened, in a paragraph."),
    Field("impact", MARKDOWN, "Who was affected and how."),
    Field("root_cause", MARKDOWN, "Why it happened."),
    Field("contributing_factors", MARKDOWN_LIST, "What made it worse or more likely."),
    Field("trigger", MARKDOWN, "What set it off."),
    Field("detection", MARKDOWN, "How we found out."),
    Field("resolution", MARKDOWN, "How it was fixed."),
    Field("went_well", MARKDOWN_LIST, "What went well."),
    Field("went_wrong", MARKDOWN_LIST, "What went wrong."),
    Field("lucky", MARKDOWN_LIST, "Where we got lucky."),
    Field("lessons", MARKDOWN, "What we learned."),
    Field("timeline", ObjectList("list of timeline events", TIMELINE_FIELDS),
          "Internal events, merged with the public updates on the review page; an event with "
          "`public: true` is shown publicly too.", internal=True),
    Field("action_items", ObjectList("list of action items", ACTION_ITEM_FIELDS), "Follow-up work."),
    Field("published_at", TIMESTAMP, "When the review was published; without it the review is a draft, "
          "shown only in the internal build.", example="2026-12-01T10:00:00Z"),
    Field("authors", TEXT_LIST, "Who wrote the review.", example="[Dana Whitfield]", internal=True),
)

INCIDENT_FIELDS = (
    Field("title", TEXT, "Headline shown everywhere.", required=True,
          example="Elevated error rates on the public API"),
    Field("kind", Enum("kind", KINDS), "incident (default) or maintenance.", example="incident"),
    Field("impact", Enum("impact", IMPACTS), "Overall impact; none by default.", example="major"),
    Field("urgency", Enum("urgency", URGENCIES), "With impact, gives the ITIL priority P1 to P5.",
          example="high", internal=True),
    Field("components", COMPONENT_MAP, "Affected components and their status while the incident is open.",
          example="{api: partial_outage}"),
    Field("started_at", TIMESTAMP, "Incidents: when impact began (may precede detection).",
          example="2026-11-26T09:02:00Z"),
    Field("detected_at", TIMESTAMP, "When the problem was detected.", example="2026-11-26T09:08:00Z"),
    Field("acknowledged_at", TIMESTAMP, "When a responder acknowledged it.", example="2026-11-26T09:10:00Z"),
    Field("mitigated_at", TIMESTAMP, "When customer impact stopped.", example="2026-11-26T09:55:00Z"),
    Field("scheduled_start", TIMESTAMP, "Maintenance: planned start.", example="2026-12-05T02:00:00Z",
          planned=True),
    Field("scheduled_end", TIMESTAMP, "Maintenance: planned end.", example="2026-12-05T04:00:00Z",
          planned=True),
    Field("update_every", DURATION, "Promised cadence of public updates while open; defaults by impact.",
          example="30m"),
    Field("roles", Object("roles", ROLES_FIELDS), "The major-incident team.", internal=True),
    Field("drill", BOOL, "A practice incident: shown only in the internal build, labelled Drill, and never "
          "counted in uptime or status.", example="true"),
    Field("tags", TEXT_LIST, "Keywords for the knowledge base.", example="[database, eu-west]"),
    Field("updates", ObjectList("list of updates", UPDATE_FIELDS),
          "The public timeline, oldest first; append-only once published."),
    Field("corrections", ObjectList("list of field corrections", FIELD_CORRECTION_FIELDS),
          "One entry per change to a published incident field (title, impact, times, …), oldest first; "
          "append-only."),
    Field("review", Object("review", REVIEW_FIELDS), "The post-incident review."),
)

# What git says about each update and file (history.py). Not fields of a file, but disclosed the
# same way: internal unless mkdocs.yml lists `provenance.<name>` under `audience: public:`.
PROVENANCE_FIELDS = (
    Field("commits", TEXT, "Short commit ids: \"Posted in 1a2b3c4\", the change history and the audit log.",
          internal=True),
    Field("links", URL, "Links from commit ids to `repo_url` (they 404 while the repository is private); "
          "needs `provenance.commits`.", internal=True),
    Field("authors", TEXT, "Git author names: \"by Dana Whitfield\".", internal=True),
    Field("emails", TEXT, "Git author e-mail addresses.", internal=True),
    Field("messages", TEXT, "Commit messages (subjects) in the change history and the audit log.",
          internal=True),
)


def internal_fields(fields: tuple[Field, ...], prefix: str = "") -> list[tuple[str, Field]]:
    """(dotted path, field) of every internal field, outermost first; inside an internal object
    nothing more is listed (the whole object is internal)."""
    out: list[tuple[str, Field]] = []
    for spec in fields:
        path = prefix + spec.name
        if spec.internal:
            out.append((path, spec))
        elif isinstance(spec.type, Object | ObjectList):
            out += internal_fields(spec.type.fields, path + ".")
    return out


# Every name a site may list under `audience: public:` in mkdocs.yml.
INTERNAL_PATHS = (*(path for path, _ in internal_fields(INCIDENT_FIELDS)),
                  *(path for path, _ in internal_fields(PROVENANCE_FIELDS, "provenance.")))

AUDIENCE_FIELDS = (
    Field("public", EnumList("list of internal field names", INTERNAL_PATHS),
          "Internal fields the public site shows too; none by default.", example="[provenance.commits]"),
    Field("internal_site_url", URL, "Where the internal build is hosted: its feeds, calendar, API and "
          "sitemap link there, never to the public site_url.", example="https://status.internal.example.com/"),
)
PLUGIN_FIELDS = (
    Field("incidents_dir", TEXT, "Folder of incident files, relative to mkdocs.yml.", example="incidents"),
    Field("components", ObjectList("list of components", COMPONENT_FIELDS),
          "The components, in display order."),
    Field("notify", ObjectList("list of notification channels", CHANNEL_FIELDS),
          "Where `statuspress notify` sends each new public update after a deploy."),
    Field("review_due", DURATION, "A draft review (no published_at) is due this long after its incident was "
          "resolved; `check --strict` fails on one that is older. Default 10d.", example="10d"),
    Field("audience", Object("audience", AUDIENCE_FIELDS),
          "What the public build shows beyond the defaults, and where the internal build lives."),
    Field("clock", Enum("24h or 12h", CLOCKS), "How times of day are written on pages, in feeds, the calendar and "
          "notifications: 24h (20:06 UTC, the default) or 12h (8:06 PM UTC). Readers' browsers show the same "
          "format in their own time zone.", example="24h"),
    Field("rules", RULE_LEVELS, "The level of a check, by rule id (see [the rules](rules.md)): a rule that "
          "may change can be made a warning, an error or turned off.", example="{update-overdue: off}"),
)

INCIDENT_ONLY = frozenset({"started_at", "detected_at", "acknowledged_at", "mitigated_at"})
MAINTENANCE_ONLY = frozenset({"scheduled_start", "scheduled_end"})
