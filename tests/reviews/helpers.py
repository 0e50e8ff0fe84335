"""Real-shaped incidents for the review tests: YAML text checked by the real validator, then derived."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.derive import Site, derive_site
from generator.derive.site import IncidentView
from generator.model import Component, Incident
from generator.source import SourceFile
from generator.validate import validate_file

COMPONENTS = (Component("api", "Public API"), Component("dashboard", "Web dashboard"),
              Component("auth", "Sign-in"), Component("webhooks", "Webhooks"))
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
CONFIG = SiteConfig(root=Path("/project"), config_file=Path("/project/mkdocs.yml"), components=COMPONENTS,
                    site_name="Test status")


def incident(text: str, name: str, now: datetime = NOW) -> Incident:
    source = SourceFile(Path(f"/project/incidents/{name[:4]}/{name}.yml"), f"{name}.yml", text)
    result = validate_file(source, tuple(c.id for c in COMPONENTS), now)
    errors = [p.message for p in result.problems.items if p.is_error]
    assert result.incident is not None and not errors, errors
    return result.incident


def site(*incidents: Incident, now: datetime = NOW) -> Site:
    return derive_site(CONFIG, tuple(incidents), now)


def view(text: str, name: str, now: datetime = NOW) -> IncidentView:
    return site(incident(text, name, now), now=now).by_id[name]
