"""The seam to mkdocs-material: statuspress changes the installed theme's templates only through the recorded
patches in generator/theme_patches.py, and a theme release that moves the patched text fails the build loudly."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import jinja2
import material
import pytest

from generator import theme_patches
from generator.theme_patches import PATCHES, Patch, ThemeMismatch

THEME = Path(material.__file__).parent / "templates"
REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("patch", PATCHES, ids=lambda p: p.template)
def test_each_patch_applies_exactly_once_to_the_installed_theme(patch: Patch) -> None:
    original = (THEME / patch.template).read_text(encoding="utf-8")
    patched = theme_patches.patched_templates([str(THEME)], None)[patch.template]
    assert original.count(patch.old) == 1, f"mkdocs-material {version('mkdocs-material')} changed {patch.template}"
    assert patched == original.replace(patch.old, patch.new)
    assert patched != original


def test_a_theme_release_that_moved_the_patched_text_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    for patch in PATCHES:
        (tmp_path / patch.template).write_text("<div>rewritten by a newer theme</div>\n", encoding="utf-8")
    with pytest.raises(ThemeMismatch, match=r"partials/search\.html holds the text statuspress patches .* 0 times"):
        theme_patches.patched_templates([str(tmp_path)], None)


def test_a_template_the_site_overrides_itself_is_left_to_the_site(tmp_path: Path) -> None:
    custom = tmp_path / "overrides"
    (custom / "partials").mkdir(parents=True)
    (custom / "partials" / "search.html").write_text("<div>mine</div>\n", encoding="utf-8")
    patched = theme_patches.patched_templates([str(custom), str(THEME)], str(custom))
    assert set(patched) == {"partials/source.html"}


def test_the_patched_templates_are_what_the_theme_environment_serves() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(THEME)]), autoescape=True)
    theme_patches.install(env, [str(THEME)], None)
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "partials/search.html")
    assert 'role="dialog" aria-label=' in source
    source, _, _ = env.loader.get_source(env, "partials/source.html")
    assert 'data-md-component="source"' not in source


def test_overrides_hold_no_copies_of_theme_templates() -> None:
    """Every file in overrides/ extends the theme's templates; none replaces one of its partials wholesale."""
    for path in (REPO / "overrides").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert '{% extends "' in text, f"{path.relative_to(REPO)} replaces a theme template instead of extending it"


def test_the_theme_version_range_is_the_one_tested() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"mkdocs-material>=9.8.2,<9.9"' in pyproject
    assert version("mkdocs-material").startswith("9.8.")
