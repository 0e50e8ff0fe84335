"""Every internal value of a project, read from the incident files and git (never from a build). Pure.

A secret is a value the public build must not show and the internal build must: each value of a field
schema.py marks internal (unless mkdocs.yml lists it under `audience: public:`), every text of a draft
review and of a drill (and the drill's id, which is in its URLs), the ITIL priority as the incident
page words it, and what git says that the public may not see. A value that also appears in what the
public may see (a name quoted in a public update, say) is not a secret, and neither is a word too
short to mean anything on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING, Any

from .. import schema
from ..derive import derive_site
from ..model import Audience, Incident, SiteConfig
from ..policy import priority
from ..redact import for_audience
from ..render.markdown import to_text

if TYPE_CHECKING:
    from datetime import datetime

    from ..history import Provenance

MIN_LENGTH = 4          # shorter free text ("API", "P2") would match by chance; ids and phrases are longer
_SPACE = re.compile(r"\s+")
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass(frozen=True, order=True)
class Secret:
    value: str           # as it reads on a page: Markdown rendered to text, whitespace collapsed
    what: str            # where it comes from, for the report: "roles of 2026-11-17-query-engine-outage"
    path: bool = False   # a site path (reviews/<id>/) that must exist internally and not publicly


def normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _lines(value: str, markdown: bool) -> Iterator[str]:
    """The pieces a value shows as: Markdown rendered to text, one piece per paragraph and per list item."""
    if not markdown:
        yield normal(value)
        return
    for block in _PARAGRAPHS.split(to_text(value)):
        lines = block.splitlines()
        if lines and all(line.startswith("- ") for line in lines):
            yield from (normal(line.removeprefix("- ")) for line in lines)
        elif normal(block):
            yield normal(block)


def _markdown(spec: schema.Field) -> bool:
    return spec.type in (schema.MARKDOWN, schema.MARKDOWN_LIST)


def _texts(value: Any, spec: schema.Field | None = None) -> Iterator[str]:
    """Every text inside a model value (strings, tuples, nested dataclasses), as it reads on a page."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        yield from _lines(value, spec is not None and _markdown(spec))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item, spec)
    elif is_dataclass(value) and not isinstance(value, type):
        by_name = {f.name: f for f in _fields_of(spec)} if spec is not None else {}
        for f in fields(value):
            if f.name in ("index", "public"):
                continue
            yield from _texts(getattr(value, f.name), by_name.get(f.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)


def _fields_of(spec: schema.Field) -> tuple[schema.Field, ...]:
    return spec.type.fields if isinstance(spec.type, schema.Object | schema.ObjectList) else ()


def _at_path(incident: Incident, path: str) -> tuple[Any, schema.Field]:
    """The value of a dotted schema path in the incident (a tuple for paths through lists) and its field."""
    values: list[Any] = [incident]
    spec_fields: tuple[schema.Field, ...] = schema.INCIDENT_FIELDS
    spec: schema.Field | None = None
    for name in path.split("."):
        spec = next(f for f in spec_fields if f.name == name)
        step: list[Any] = []
        for value in values:
            if value is None:
                continue
            inner = getattr(value, name)
            if isinstance(spec.type, schema.ObjectList):
                step.extend(inner or ())
            else:
                step.append(inner)
        values = step
        spec_fields = _fields_of(spec)
    assert spec is not None
    if isinstance(spec.type, schema.ObjectList) and any(f.name == "public" for f in spec.type.fields):
        values = [v for v in values if not getattr(v, "public", False)]   # public: true items are public
    return tuple(values), spec


def _incident_secrets(incident: Incident, public: frozenset[str]) -> Iterator[Secret]:
    if incident.drill:
        where = f"drill {incident.id}"
        yield Secret(incident.id, f"{where}: its id (in its URLs)")
        yield Secret(f"incidents/{incident.id}/", f"{where}: its page", path=True)
        message = next(f for f in schema.UPDATE_FIELDS if f.name == "message")
        for text in (*_texts(incident.title), *_texts(tuple(u.message for u in incident.updates), message)):
            yield Secret(text, where)
    review = incident.review
    if review is not None and review.published_at is None:
        where = f"draft review of {incident.id}"
        yield Secret(f"reviews/{incident.id}/", f"{where}: its page", path=True)
        review_field = next(f for f in schema.INCIDENT_FIELDS if f.name == "review")
        for text in _texts(review, review_field):
            yield Secret(text, where)
    for path, _ in schema.internal_fields(schema.INCIDENT_FIELDS):
        if path in public:
            continue
        if path == "urgency":
            level = priority(incident)
            if level:
                yield Secret(f"Priority {level}", f"ITIL priority of {incident.id} (from urgency)")
            continue
        values, spec = _at_path(incident, path)
        for text in _texts(values, spec):
            yield Secret(text, f"{path} of {incident.id}")


def _provenance_secrets(provenance: Provenance, config: SiteConfig, ids: frozenset[str]) -> Iterator[Secret]:
    public = config.disclosure.public
    commits = {c for i, cs in provenance.files.items() if i in ids for c in cs}
    commits |= {e.commit for e in provenance.log if e.incident_id in ids}
    repo = (config.repo_url or "").rstrip("/")
    for c in sorted(commits, key=lambda c: c.sha):
        where = f"commit {c.sha[:7]}"
        if "provenance.commits" not in public:
            yield Secret(c.short, f"{where}: its id")
        if repo and "provenance.links" not in public:
            yield Secret(f"{repo}/commit/{c.sha}", f"{where}: its link")
        if "provenance.authors" not in public:
            yield Secret(normal(c.author_name), f"{where}: author name")
        if "provenance.emails" not in public:
            yield Secret(c.author_email, f"{where}: author e-mail")
        if "provenance.messages" not in public:
            yield Secret(normal(c.subject), f"{where}: message")


def public_texts(config: SiteConfig, incidents: Iterable[Incident]) -> str:
    """Everything the public may read, as one text: the public view of the incidents and the site settings."""
    parts = [config.site_name, *(t for c in config.components for t in _texts(c))]
    for incident in incidents:
        parts += _texts(incident, schema.Field("incident", schema.Object("incident", schema.INCIDENT_FIELDS), ""))
    return "\n".join(parts)


def secrets(config: SiteConfig, incidents: tuple[Incident, ...], provenance: Provenance | None,
            now: datetime) -> list[Secret]:
    """The project's internal values, one per distinct text, sorted. Only incidents the internal build
    shows at `now` count (an incident with nothing public yet has no page in either build)."""
    internal_config, internal = for_audience(config, incidents, Audience.INTERNAL)
    shown = derive_site(internal_config, internal, now).by_id
    visible = tuple(i for i in internal if i.id in shown)
    public_config, public = for_audience(config, visible, Audience.PUBLIC)
    seen = public_texts(public_config, public)
    found: dict[str, Secret] = {}
    candidates = [s for i in visible for s in _incident_secrets(i, config.disclosure.public)]
    if provenance is not None:
        candidates += _provenance_secrets(provenance, config, frozenset(shown))
    for secret in candidates:
        if not secret.path and (len(secret.value) < MIN_LENGTH or secret.value in seen):
            continue
        found.setdefault(secret.value, secret)
    return sorted(found.values())


__all__ = ["Secret", "normal", "public_texts", "secrets"]
