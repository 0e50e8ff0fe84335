"""The site-wide audit log: every change to an incident file, newest first, paginated.

Provenance comes from generator/history.py as plain data; this module never imports git.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..derive import Site
from .page import Page

if TYPE_CHECKING:
    from ..history import ChangeEntry, Provenance

ENTRIES_PER_PAGE = 100


@dataclass(frozen=True)
class AuditLogPage:
    number: int                               # 1-based
    count: int
    entries: tuple[ChangeEntry, ...]

    @property
    def src_uri(self) -> str:
        return "audit/index.md" if self.number == 1 else f"audit/page-{self.number}.md"

    @staticmethod
    def url_of(number: int) -> str:
        return "audit/" if number == 1 else f"audit/page-{number}/"

    @property
    def newer_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def older_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None


def paginate(log: tuple[ChangeEntry, ...], per_page: int = ENTRIES_PER_PAGE) -> list[AuditLogPage]:
    chunks = [log[i:i + per_page] for i in range(0, len(log), per_page)] or [()]
    return [AuditLogPage(n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]


def pages(site: Site, provenance: Provenance) -> Iterator[Page]:
    for page in paginate(provenance.log):
        title = "Audit log" if page.number == 1 else f"Audit log, page {page.number} of {page.count}"
        yield Page(page.src_uri, title, "statuspress/audit_log.html", {"log": page}, search=False,
                   description=f"Every change to the incidents of {site.config.site_name}, from git")
