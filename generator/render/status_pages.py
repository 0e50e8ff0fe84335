"""The pages stakeholders read during an outage: home, incidents, history, components."""

from __future__ import annotations

from collections.abc import Iterator

from ..derive import Site
from .pages import Page


def pages(site: Site) -> Iterator[Page]:
    yield Page("index.md", site.page.description, "statuspress/home.html",
               description=f"Current status of {site.config.site_name}")
    yield Page("history/index.md", "History", "statuspress/history.html", search=False)
    for view in site.incidents:
        yield Page(f"incidents/{view.id}.md", view.title, "statuspress/incident.html", {"view": view})
