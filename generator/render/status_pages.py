"""The pages stakeholders read during an outage: home, incidents, history (paginated), components."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..derive import Site
from ..derive.site import Month
from .page import Page

MONTHS_PER_HISTORY_PAGE = 6
COMPONENT_INCIDENTS_SHOWN = 25


@dataclass(frozen=True)
class HistoryPage:
    """One page of the incident history: a run of months, newest first, with links to its neighbours."""

    number: int                      # 1-based
    count: int                       # how many history pages there are
    months: tuple[Month, ...]

    @property
    def src_uri(self) -> str:
        return history_src(self.number)

    @property
    def url(self) -> str:
        return history_url(self.number)

    @property
    def newer_url(self) -> str | None:
        return history_url(self.number - 1) if self.number > 1 else None

    @property
    def older_url(self) -> str | None:
        return history_url(self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> tuple[tuple[int, str], ...]:
        """(number, url) of every history page, for the page list."""
        return tuple((n, history_url(n)) for n in range(1, self.count + 1))


def history_src(number: int) -> str:
    return "history/index.md" if number == 1 else f"history/page-{number}.md"


def history_url(number: int) -> str:
    return "history/" if number == 1 else f"history/page-{number}/"


def paginate(months: Sequence[Month], per_page: int = MONTHS_PER_HISTORY_PAGE) -> list[HistoryPage]:
    """Months (newest first) in pages of `per_page`; always at least one page, even with no incidents."""
    chunks = [tuple(months[i:i + per_page]) for i in range(0, len(months), per_page)] or [()]
    return [HistoryPage(n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]


def pages(site: Site) -> Iterator[Page]:
    # The home page is a snapshot of "now": in the search index it would only go stale.
    yield Page("index.md", site.page.description, "statuspress/home.html",
               description=f"Current status of {site.config.site_name}", search=False)
    for hp in paginate(site.months):
        title = "History" if hp.number == 1 else f"History, page {hp.number} of {hp.count}"
        yield Page(hp.src_uri, title, "statuspress/history.html", {"history": hp}, search=False,
                   description=f"Past incidents and maintenance of {site.config.site_name}")
    for view in site.incidents:
        yield Page(f"incidents/{view.id}.md", view.title, "statuspress/incident.html", {"view": view})
    for cv in site.components:
        yield Page(f"components/{cv.id}/index.md", cv.component.name, "statuspress/component.html",
                   {"view": cv, "shown": COMPONENT_INCIDENTS_SHOWN}, search=False,
                   description=f"Status, uptime and incidents of {cv.component.name}")
