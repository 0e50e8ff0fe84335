"""Throwaway status projects for the security tests: the example's mkdocs.yml and overrides/ with the
site name, components and incident files a test gives, built with the real `statuspress build`."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from tests.support.paths import EXAMPLE_CONFIG, REPO_ROOT

AT = "2026-11-28T12:00:00Z"


def example_config() -> dict[str, Any]:
    """The example mkdocs.yml as data (it holds no YAML tags)."""
    return yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))


def write_project(root: Path, incidents: Mapping[str, str], *, components: Sequence[Mapping[str, Any]] | None = None,
                  site_name: str | None = None, config: dict[str, Any] | None = None,
                  pages: Mapping[str, str] | None = None,
                  channel_text: Sequence[tuple[str, str]] | None = None) -> Path:
    """A project in `root`: mkdocs.yml (the example's unless `config` is given, with `site_name` and
    `components` swapped in), the example's overrides/, pages/ with `pages` ({path: Markdown}) and
    `incidents` ({file stem: YAML}). With other components, the example's notification channels lose
    their component filters; `channel_text` gives each channel a (name, description) in turn."""
    root.mkdir(parents=True, exist_ok=True)
    settings = config if config is not None else example_config()
    if site_name is not None:
        settings["site_name"] = site_name
    for plugin in settings["plugins"]:
        if not isinstance(plugin, dict) or "statuspress" not in plugin:
            continue
        ours = plugin["statuspress"]
        if components is not None:
            ours["components"] = [dict(c) for c in components]
            for channel in ours.get("notify", ()):
                channel.pop("components", None)
        for channel, (name, description) in zip(ours.get("notify", ()), channel_text or (), strict=False):
            channel["name"], channel["description"] = name, description
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    if not (root / "overrides").exists():
        shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    (root / "pages").mkdir(exist_ok=True)
    for rel, markdown in (pages or {}).items():
        (root / "pages" / rel).write_text(markdown, encoding="utf-8")
    for stem, text in incidents.items():
        path = root / "incidents" / stem[:4] / f"{stem}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "mkdocs.yml"


def quoted(value: str) -> str:
    """A YAML scalar holding exactly `value` (a JSON string is a YAML double-quoted scalar)."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=False, width=10_000).strip().removesuffix("\n...")
