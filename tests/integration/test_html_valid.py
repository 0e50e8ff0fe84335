"""The Nu HTML checker (vnu.jar, the W3C validator) over every page of the example site.

One java process checks every page. The only errors we accept are two the theme (mkdocs-material)
emits on every page, matched by exact message AND exact markup (tests/support/validators.py:
THEME_NOISE); the same message on any other element is still an error.
"""

from __future__ import annotations

import pytest

from tests.support.site_build import BuiltSite
from tests.support.validators import (
    AUTOCOMPLETE_ON_INPUT,
    AUTOCORRECT_NOT_ALLOWED,
    NuMessage,
    is_theme_noise,
    run_vnu,
)

pytestmark = pytest.mark.validators


@pytest.fixture(scope="module")
def nu_messages(vnu: None, built_site: BuiltSite) -> list[NuMessage]:
    return run_vnu(built_site.html_pages, root=built_site.root)


def test_every_page_is_checked(built_site: BuiltSite) -> None:
    pages = {built_site.rel(p) for p in built_site.html_pages}
    assert {"index.html", "404.html", "history/index.html"} <= pages
    assert any(p.startswith("incidents/") for p in pages)


def test_nu_checker_reports_no_errors_from_our_templates(nu_messages: list[NuMessage]) -> None:
    errors = [m for m in nu_messages if m.type in ("error", "non-document-error") and not is_theme_noise(m)]
    assert not errors, f"{len(errors)} Nu HTML checker errors:\n  " + "\n  ".join(map(str, errors[:60]))


# ---------------------------------------------------------------- the noise filter is exact, not broad


def _msg(message: str, markup: str) -> NuMessage:
    return NuMessage("index.html", 1, 1, "error", message, markup)


@pytest.mark.parametrize(
    "markup",
    [
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
    ],
)
def test_theme_toggle_autocomplete_is_known_noise(markup: str) -> None:
    assert is_theme_noise(_msg(AUTOCOMPLETE_ON_INPUT, markup))


def test_theme_search_box_autocorrect_is_known_noise() -> None:
    markup = (
        '<input type="text" class="md-search__input" name="query" aria-label="Search" placeholder="Search" '
        'autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" '
        'data-md-component="search-query" required>'
    )
    assert is_theme_noise(_msg(AUTOCORRECT_NOT_ALLOWED, markup))


@pytest.mark.parametrize(
    ("message", "markup"),
    [
        # the same message on our own markup is reported
        (AUTOCOMPLETE_ON_INPUT, '<input type="checkbox" class="sp-toggle" autocomplete="off">'),
        (AUTOCORRECT_NOT_ALLOWED, '<input type="text" class="sp-filter" autocorrect="off">'),
        # other errors on the theme's own elements are reported
        (
            "Duplicate ID “__drawer”.",
            '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
            'autocomplete="off">',
        ),
        ("Element “time” not allowed as child of element “ul” in this context.", '<time datetime="x">'),
    ],
)
def test_anything_else_is_not_noise(message: str, markup: str) -> None:
    assert not is_theme_noise(_msg(message, markup))


INTERNAL_PAGES = ("index.html", "404.html", "audit/index.html", "metrics/index.html",
                  "metrics/with-drills/index.html", "reviews/index.html", "reviews/actions/index.html",
                  "incidents/2026-10-14-query-database-failover-game-day/index.html",
                  "incidents/2026-11-17-query-engine-outage/index.html",
                  "reviews/2026-11-17-query-engine-outage/index.html",
                  "reviews/2026-11-24-delayed-sms-us-numbers/index.html")


def test_internal_pages_are_valid_too(vnu: None, built_internal_site: BuiltSite) -> None:
    """What only the internal build has: the banner, noindex, the audit log, drills, drafts, the metrics toggle."""
    pages = [built_internal_site.root / rel for rel in INTERNAL_PAGES]
    assert all(p.is_file() for p in pages)
    messages = run_vnu(pages, root=built_internal_site.root)
    errors = [m for m in messages if m.type in ("error", "non-document-error") and not is_theme_noise(m)]
    assert not errors, f"{len(errors)} Nu HTML checker errors:\n  " + "\n  ".join(map(str, errors[:60]))
