"""The statuspress settings in mkdocs.yml (components, incidents_dir, audience, site_url), read with positions."""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath

from . import schema
from .model import DEFAULT_REVIEW_DUE, Component, Disclosure, SiteConfig
from .notify.channels import read_channels
from .problems import START, Problem, Problems, with_levels
from .reader import Reader
from .rules.base import Marks
from .source import display_path
from .yamlload import MappingNode, Node, ScalarNode, SequenceNode, compose, mark_of

PLUGIN_NAME = "statuspress"
MAX_CONFIG_BYTES = 1024 * 1024


def load_config(config_file: Path, cwd: Path | None = None) -> tuple[SiteConfig, list[Problem]]:
    """Read mkdocs.yml; the statuspress entry under `plugins` gives components and incidents_dir."""
    config_file = config_file.absolute()
    problems = Problems(display_path(config_file, cwd))
    empty = SiteConfig(root=config_file.parent, config_file=config_file)
    try:
        data = config_file.read_bytes()[:MAX_CONFIG_BYTES + 1]
        text = data.decode("utf-8")
    except OSError as err:
        problems.error(START, f"cannot read the site config: {err.strerror}", "config")
        return empty, problems.items
    except UnicodeDecodeError:
        problems.error(START, "the site config is not UTF-8", "config")
        return empty, problems.items
    return parse_config(text, config_file, problems)


def parse_config(text: str, config_file: Path, problems: Problems) -> tuple[SiteConfig, list[Problem]]:
    """The settings in the text of a mkdocs.yml (the working tree's, or an older one out of git)."""
    empty = SiteConfig(root=config_file.parent, config_file=config_file)
    node = compose(text, problems)
    if not isinstance(node, MappingNode):
        if node is not None or not problems.items:
            problems.error(START, "mkdocs.yml must be a map of settings", "config")
        return empty, problems.items

    top = {str(k.value): v for k, v in node.value if isinstance(k, ScalarNode)}
    entry = _plugin_entry(top.get("plugins"))
    if entry is None:
        problems.error(mark_of(top["plugins"]) if "plugins" in top else START,
                       f"mkdocs.yml does not enable the {PLUGIN_NAME!r} plugin; add '- {PLUGIN_NAME}' under plugins",
                           "config")
        return empty, problems.items
    settings: dict = {}
    reader = Reader(problems, text=text)
    for key, value in node.value:   # site_name and the like reach pages and feeds too
        if isinstance(key, ScalarNode) and isinstance(value, ScalarNode):
            reader.publishable(value, str(key.value))
    if entry.tag != "tag:yaml.org,2002:null":
        settings = reader.read_object(entry, schema.PLUGIN_FIELDS, (), f"the {PLUGIN_NAME} plugin") or {}
    if "incidents_dir" in settings and not is_project_folder(settings["incidents_dir"]):
        problems.error(Marks(reader.marks).at("incidents_dir"),
                       f"incidents_dir {settings['incidents_dir']!r} must name a folder inside the project, "
                       "like incidents", "config")
    docs_dir = _scalar(top.get("docs_dir")) or "docs"
    if not is_project_folder(docs_dir):  # mkdocs would publish any folder it names
        problems.error(mark_of(top["docs_dir"]), f"docs_dir {docs_dir!r} must name a folder inside the project, "
                       "like pages", "config")
    font_chosen = _font_chosen(top.get("theme"), problems)
    components = _components(settings.get("components") or [], entry, problems)
    # Filters are checked against every declared id, so a component with a bad name is reported once.
    declared = tuple(str(c["id"]) for c in settings.get("components") or () if isinstance(c, dict) and "id" in c)
    channels = read_channels(settings.get("notify") or [], Marks(reader.marks), problems,
                             declared or tuple(c.id for c in components), config_file.parent)
    disclosure = _disclosure(settings, Marks(reader.marks), problems)
    config = SiteConfig(
        root=config_file.parent,
        config_file=config_file,
        incidents_dir=settings.get("incidents_dir", "incidents"),
        docs_dir=docs_dir,
        font_chosen=font_chosen,
        components=components,
        site_name=_scalar(top.get("site_name")) or "Status",
        site_url=_scalar(top.get("site_url")),
        repo_url=_scalar(top.get("repo_url")),
        channels=channels,
        disclosure=disclosure,
        clock=settings.get("clock", "24h"),
        rule_levels=tuple(settings.get("rules") or ()),
    )
    return config, with_levels(problems.items, config.levels)


def _disclosure(settings: dict, marks: Marks, problems: Problems) -> Disclosure:
    audience = settings.get("audience") or {}
    public = frozenset(audience.get("public") or ())
    if "provenance.links" in public and "provenance.commits" not in public:
        problems.error(marks.at("audience", "public"), "provenance.links shows the commit id it links; "
                       "add provenance.commits too", "config")
    return Disclosure(public=public, internal_site_url=audience.get("internal_site_url"),
                      review_due=settings.get("review_due", DEFAULT_REVIEW_DUE))


def is_project_folder(incidents_dir: str) -> bool:
    """A relative path to a folder below mkdocs.yml's: not absolute, not '.', never climbing out with '..'.
    (Links are the file system's business: source.py refuses them when it reads.)"""
    path = PurePosixPath(incidents_dir.replace("\\", "/"))
    normal = posixpath.normpath(str(path))
    return not path.is_absolute() and normal not in (".", "..") and not normal.startswith("../")


def _font_chosen(theme: Node | None, problems: Problems) -> bool:
    """Whether mkdocs.yml sets theme.font to fonts (not false); that makes readers' browsers call
    Google Fonts, so it is kept but warned about at the `font:` key."""
    if not isinstance(theme, MappingNode):
        return False
    for key, value in theme.value:
        if isinstance(key, ScalarNode) and key.value == "font":
            if isinstance(value, ScalarNode) and value.tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null") \
                    and value.value.lower() not in ("true", "yes", "on"):
                return False
            problems.warning(mark_of(key), "theme.font makes every reader's browser fetch fonts from Google "
                             "Fonts, a third party; remove it (statuspress then turns fonts off and the theme "
                             "uses system fonts) or set font: false", "third-party-fonts")
            return True
    return False


def _scalar(node: Node | None) -> str | None:
    return str(node.value) if isinstance(node, ScalarNode) and node.value else None


def _plugin_entry(plugins: Node | None) -> Node | None:
    """The statuspress config node in either of mkdocs' plugin list styles."""
    if isinstance(plugins, SequenceNode):
        for item in plugins.value:
            if isinstance(item, ScalarNode) and item.value == PLUGIN_NAME:
                return ScalarNode("tag:yaml.org,2002:null", "", item.start_mark, item.end_mark)
            if isinstance(item, MappingNode):
                for key, value in item.value:
                    if isinstance(key, ScalarNode) and key.value == PLUGIN_NAME:
                        return value
    if isinstance(plugins, MappingNode):
        for key, value in plugins.value:
            if isinstance(key, ScalarNode) and key.value == PLUGIN_NAME:
                return value
    return None


def _components(raw: list, entry: Node, problems: Problems) -> tuple[Component, ...]:
    out: list[Component] = []
    seen: set[str] = set()
    component_nodes = [v for k, v in getattr(entry, "value", []) if getattr(k, "value", None) == "components"]
    items = component_nodes[0].value if component_nodes and isinstance(component_nodes[0], SequenceNode) else []
    for item, node in zip(raw, items, strict=False):
        if not item or "id" not in item or "name" not in item:
            continue
        if item["id"] in seen:
            problems.error(mark_of(node), f"component id {item['id']!r} is declared twice", "config")
            continue
        seen.add(item["id"])
        out.append(Component(item["id"], item["name"], item.get("group"), item.get("description"),
                             item.get("start_date")))
    return tuple(out)
