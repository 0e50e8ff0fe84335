"""Page bodies are rendered with the theme's own Jinja environment (an overlay that autoescapes), and what
statuspress adds to it stays out of the theme's environment, which prints mkdocs-material's pages."""

from __future__ import annotations

from datetime import UTC, datetime

import jinja2

from generator.render.pages import environment


def theme_env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({}), autoescape=False)  # noqa: S701 - as mkdocs builds it
    env.filters["themes_own"] = lambda value: f"[{value}]"
    return env


def test_bodies_use_the_themes_filters_and_autoescape() -> None:
    theme = theme_env()
    env = environment(None, theme)
    assert env.linked_to is theme
    rendered = env.from_string("{{ text | themes_own }} {{ when | iso }}").render(
        text="<b>", when=datetime(2026, 11, 28, 12, tzinfo=UTC))
    assert rendered == "[&lt;b&gt;] 2026-11-28T12:00:00Z"


def test_our_filters_and_globals_stay_out_of_the_theme_environment() -> None:
    theme = theme_env()
    env = environment(None, theme)
    env.globals["provenance"] = "ours"
    assert "iso" in env.filters and "iso" not in theme.filters
    assert "provenance" not in theme.globals
    assert theme.from_string("{{ '<b>' }}").render() == "<b>"   # the theme's own stays as it was
