"""What an audience may see: the one boundary between the files as written and a build. Pure, no I/O.

`for_audience` turns the checked incidents into the internal or the public view, and
`provenance_for` does the same for what git says. For the public, drills are dropped, a draft
review becomes a bare "review in progress" mark, and every field schema.py marks `internal` is
emptied unless mkdocs.yml lists its path under `audience: public:`. Derive and render only ever
see the result, so what they must not show never reaches them, and values derived from an
internal input (the ITIL priority from `urgency`) disappear with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from . import schema
from .model import Audience, Incident, SiteConfig

if TYPE_CHECKING:
    from .derive.kept import KeptViews
    from .history import CommitInfo, Provenance

T = TypeVar("T")

# Which CommitInfo attribute each provenance part empties when it is not shown.
_COMMIT_PARTS = {"provenance.commits": "sha", "provenance.authors": "author_name",
                 "provenance.emails": "author_email", "provenance.messages": "subject"}


def for_audience(config: SiteConfig, incidents: Iterable[Incident], audience: Audience,
                 kept: KeptViews | None = None) -> tuple[SiteConfig, tuple[Incident, ...]]:
    """The site settings and incidents as `audience` may see them. `kept`: public versions made by the last
    build (serve) or kept by a cache file, reused for the same incidents under the same settings."""
    disclosure = config.disclosure
    if audience is Audience.INTERNAL:
        # The internal build never links to the public site: its absolute links use internal_site_url.
        config = replace(config, audience=audience, site_url=disclosure.internal_site_url)
        if kept is None:
            return config, tuple(incidents)
        return config, tuple(kept.public(i, None, _as_is) for i in incidents)
    shows_links = "provenance.links" in disclosure.public
    config = replace(config, audience=audience, repo_url=config.repo_url if shows_links else None)
    public = disclosure.public
    if kept is None:
        return config, tuple(_public(i, public) for i in incidents if not i.drill)
    return config, tuple(kept.public(i, public, partial(_public, public=public)) for i in incidents if not i.drill)


def _as_is(incident: Incident) -> Incident:
    return incident


def _public(incident: Incident, public: frozenset[str]) -> Incident:
    review = incident.review
    if review is not None and review.published_at is None:
        incident = replace(incident, review=None, review_in_progress=True)
    return _redacted(incident, schema.INCIDENT_FIELDS, "", public)


def _redacted(obj: T, fields: tuple[schema.Field, ...], prefix: str, public: frozenset[str]) -> T:
    """`obj` (a model dataclass whose attributes are named like `fields`) with every internal field that
    is not in `public` emptied, recursively."""
    changes: dict[str, Any] = {}
    for spec in fields:
        path = prefix + spec.name
        value = getattr(obj, spec.name)
        if spec.internal and path not in public:
            changes[spec.name] = _hidden(obj, spec, value)
        elif not _holds_internal(spec):
            continue
        elif isinstance(spec.type, schema.Object) and value is not None:
            changes[spec.name] = _redacted(value, spec.type.fields, path + ".", public)
        elif isinstance(spec.type, schema.ObjectList) and value:
            changes[spec.name] = tuple(_redacted(item, spec.type.fields, path + ".", public) for item in value)
    return replace(obj, **changes) if changes else obj  # type: ignore[type-var]


def _holds_internal(spec: schema.Field) -> bool:
    """Whether a field of objects declares an internal field anywhere below it (only those are walked)."""
    fields = getattr(spec.type, "fields", ())
    return any(f.internal or _holds_internal(f) for f in fields)


def _hidden(obj: Any, spec: schema.Field, value: Any) -> Any:
    """What an internal field holds for an audience that may not see it: the items marked `public: true`
    of a list that has that flag, else the model's default (None when it has none)."""
    if isinstance(spec.type, schema.ObjectList) and any(f.name == "public" for f in spec.type.fields):
        return tuple(item for item in value or () if getattr(item, "public", False))
    field = next(f for f in dataclasses.fields(obj) if f.name == spec.name)
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None


def provenance_for(provenance: Provenance, config: SiteConfig, incident_ids: Iterable[str]) -> Provenance | None:
    """What git says, as `config.audience` may see it: only about `incident_ids` (the incidents it sees),
    and only the parts shown to it. None when no part is shown: no change history, no audit log."""
    disclosure = config.disclosure
    if config.audience is Audience.INTERNAL:
        return provenance
    hidden = {attr for part, attr in _COMMIT_PARTS.items() if not disclosure.shows(part, config.audience)}
    if len(hidden) == len(_COMMIT_PARTS):
        return None
    ids = frozenset(incident_ids)

    blank: dict[str, Any] = dict.fromkeys(hidden, "")

    def commit(info: CommitInfo) -> CommitInfo:
        return replace(info, **blank)

    return replace(
        provenance,
        files={i: tuple(commit(c) for c in commits) for i, commits in provenance.files.items() if i in ids},
        updates={key: replace(p, first=commit(p.first), edits=tuple(commit(c) for c in p.edits))
                 for key, p in provenance.updates.items() if key[0] in ids},
        log=tuple(replace(e, commit=commit(e.commit)) for e in provenance.log if e.incident_id in ids),
    )


__all__ = ["for_audience", "provenance_for"]
