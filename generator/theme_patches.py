"""The two changes statuspress makes to mkdocs-material's own templates, as patches applied when the theme's
Jinja environment is built, instead of whole copies of the theme's files that go stale on its next release.

Each patch names the exact text it replaces. When the installed theme no longer holds that text exactly once,
the build stops with a ThemeMismatch naming the file and the theme version, rather than silently serving an
old copy (tests/test_theme_seam.py checks every patch against the installed theme).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2


@dataclass(frozen=True)
class Patch:
    template: str        # path inside the theme, e.g. "partials/search.html"
    old: str             # text that must occur exactly once
    new: str
    why: str


PATCHES: tuple[Patch, ...] = (
    Patch("partials/search.html",
          '<div class="md-search" data-md-component="search" role="dialog">',
          '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
          "a name for the search dialog (axe: aria-dialog-name)"),
    Patch("partials/source.html",
          ' class="md-source" data-md-component="source">',
          ' class="md-source">',
          "without data-md-component=\"source\" the theme does not fetch repository facts from api.github.com "
          "at view time (a third-party request, and a console error offline)"),
)


class ThemeMismatch(Exception):
    """The installed theme's template no longer holds the text a patch replaces."""


def apply(patch: Patch, text: str, origin: str) -> str:
    count = text.count(patch.old)
    if count != 1:
        raise ThemeMismatch(
            f"{origin} holds the text statuspress patches ({patch.why}) {count} times instead of once: "
            "this mkdocs-material release is not one statuspress supports; install the version pyproject.toml "
            "pins, or update generator/theme_patches.py")
    return text.replace(patch.old, patch.new)


def patched_templates(theme_dirs: Sequence[str], custom_dir: str | None) -> dict[str, str]:
    """Each patched template, read from the first theme folder holding it. A template the site overrides in
    its own custom_dir is the site's to keep and is left alone."""
    out: dict[str, str] = {}
    for patch in PATCHES:
        if custom_dir and (Path(custom_dir) / patch.template).is_file():
            continue
        source = next((Path(d) / patch.template for d in theme_dirs if (Path(d) / patch.template).is_file()), None)
        if source is None:
            raise ThemeMismatch(f"the theme has no {patch.template} to patch ({patch.why})")
        out[patch.template] = apply(patch, source.read_text(encoding="utf-8"), str(source))
    return out


def install(env: jinja2.Environment, theme_dirs: Sequence[str], custom_dir: str | None) -> None:
    """Serve the patched templates ahead of the theme's own files."""
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(patched_templates(theme_dirs, custom_dir)), env.loader])
