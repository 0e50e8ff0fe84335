"""What statuspress hands mkdocs-material's Jinja environment: text as escaped Markup, and filters that
never turn escaped text back into markup.

The theme's environment does not autoescape: `{{ page.title }}`, `{{ page.meta.description }}`,
`{{ config.site_name }}` and nav titles are printed as they are. So every free-text value enters the
theme already escaped, as Markup: printed raw it is text, and the theme's own `| e` leaves it alone
instead of escaping it twice. Jinja's `striptags` filter decodes entities (markupsafe's
Markup.striptags), which would turn that escaped text back into live markup where base.html prints
`{{ page.title | striptags }}`; `install` replaces it with one that escapes what it returns.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..clock import format_utc, human_time


def text(value: str) -> Markup:
    """Plain text, escaped for HTML (quotes too, so it is safe in attributes); Markup stays as it is."""
    return escape(value)


def striptags(value: Any) -> Markup:
    """Jinja's striptags (tags dropped, whitespace collapsed), with its result escaped again."""
    return escape(Markup(str(value)).striptags())  # noqa: S704 - only read as HTML to drop its tags


def install(env: Any) -> Any:
    """Make a theme environment (mkdocs' or one built from the theme's templates) safe for our values."""
    env.filters["striptags"] = striptags
    env.filters["human_time"] = human_time   # overrides/main.html's announcement: the pages' one format
    env.filters["iso"] = format_utc          # and its <time datetime>, spelt as everywhere else
    return env
