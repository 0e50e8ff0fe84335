"""Build a checked project: the pipeline, then mkdocs with the statuspress plugin, into an atomic site folder."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from . import collector, manifest, pipeline
from .cache import Cache
from .derive.kept import KeptViews
from .history_cache import KeptHistory
from .load import Project
from .model import Audience
from .output import Notify, atomic_site_dir, check_site_dir
from .problems import Problems
from .render.reuse import Reuse
from .yamlload import MappingNode, ScalarNode, compose

# Each audience's own default folder beside mkdocs.yml, so an internal build never lands where the
# public site is published from.
DEFAULT_SITE_DIRS = {Audience.PUBLIC: "site", Audience.INTERNAL: "site-internal"}


@dataclass
class Prepared:
    """What a build shows (the pipeline's Output), made with the cache's outputs and history when it has one
    (`reuse`, `kept`: what this build made and found goes into them), under `fingerprint`."""

    output: pipeline.Output
    fingerprint: bytes = b""
    reuse: Reuse | None = None
    kept: KeptHistory | None = None
    views: KeptViews | None = None

    def keep(self, cache: Cache | None) -> None:
        """Once the build has succeeded: what the next build with this cache reuses."""
        if cache is None:
            return
        audience = self.output.site.config.audience
        if self.reuse is not None:
            cache.write(_named("outputs", audience), self.reuse.next())
            cache.last = self.reuse
        if self.kept is not None:
            self.kept.save()
        if self.views is not None:
            cache.write(_named("views", audience), (self.fingerprint, self.views))


def prepare(project: Project, now: datetime, audience: Audience, cache: Cache | None,
            overrides: Path | None, views: KeptViews | None = None) -> Prepared:
    """Run the pipeline, reusing what `cache` kept from the last build under the same fingerprint (statuspress'
    code, mkdocs.yml, the theme `overrides`), and the views the last build made (`views`, serve's)."""
    if cache is None:
        return Prepared(pipeline.run(project, now, audience))
    kept = KeptHistory(cache)
    fingerprint = cache.fingerprint(overrides)
    stored = cache.read(_named("outputs", audience))
    reuse = stored if isinstance(stored, Reuse) and stored.fingerprint == fingerprint else Reuse(fingerprint)
    if views is None:   # a build in a new process: what a cache file keeps of them (derive/kept.py)
        match cache.read(_named("views", audience)):
            case (bytes() as made_under, KeptViews() as stored_views) if made_under == fingerprint:
                views = stored_views
            case _:
                views = KeptViews()
    return Prepared(pipeline.run(project, now, audience, reuse=reuse, kept=kept, views=views), fingerprint, reuse,
                    kept, views)


def _named(kind: str, audience: Audience) -> str:
    """The name in the build cache of what one audience's builds keep of a kind (history is shared)."""
    return f"{kind}-{audience.value}"


def build_site(project: Project, now: datetime, site_dir: Path | None = None,
               progress: Callable[[int, int], None] | None = None, notify: Notify | None = None,
               audience: Audience = Audience.PUBLIC, cache: Cache | None = None,
               prepared: Prepared | None = None, built: Callable[[MkDocsConfig], None] | None = None,
               views: KeptViews | None = None) -> Path:
    """Build the site for `audience`; returns the folder written. `notify` hears that the build waits for
    another one into the same folder, and warnings about folders beside it that it kept. Raises mkdocs'
    exceptions, or OSError (UnsafeSiteDir among them) on failure, and then nothing was replaced (unless it
    is output.SwitchFailed, whose message says where the previous site is).

    `cache`: reuse the outputs (page bodies, feeds) and the git history the last build with this cache
    stored, and store this build's once the new site is in place, while the previous one is deleted
    (cache.py, render/reuse.py, history_cache.py). `prepared`: the pipeline
    already ran (`prepare`, with this cache); else it runs with `views` (serve's, derive/kept.py). `built`
    is given mkdocs' configuration of the build, its plugins holding what they made (serve's quick rebuild
    starts from it: in_place.py)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _quiet_mkdocs()
    config_file = project.config.config_file
    target = site_dir or config_file.parent / DEFAULT_SITE_DIRS[audience]
    with docs_dir_or_stand_in(config_file) as docs_dir:
        config = load_config(str(config_file), site_dir=str(target), **docs_dir)
        inputs = [project.config.root / project.config.incidents_dir, Path(config.docs_dir), config_file]
        if config.theme.custom_dir:
            inputs.append(Path(config.theme.custom_dir))
        check_site_dir(target, project.config.root, inputs)
        if prepared is None:
            overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
            prepared = prepare(project, now, audience, cache, overrides, views)
        unchanged = _site_stats(cache, target, audience)

        def keep(seen: manifest.Stats) -> None:
            """Once the new site is in place (while the previous one is deleted): the cache for the next build."""
            prepared.keep(cache)
            if cache is not None:
                cache.write(_named("site", audience), (os.fspath(target.absolute()), seen))
                cache.save()

        known: manifest.Known = {}
        with atomic_site_dir(target, notify, unchanged, keep, known) as work, \
                pipeline.handing_over(prepared.output, progress, prepared.reuse):
            config.site_dir = str(work)   # checked as `target` above: the folder beside it that replaces it
            with collector.sparing_what_exists():   # the project, the site and the cache: not walked again
                mkdocs_build(config)
            known.update(getattr(config.plugins.get("statuspress"), "known", {}))
    if built is not None:
        built(config)
    return target


def _site_stats(cache: Cache | None, target: Path, audience: Audience) -> manifest.Stats | None:
    """What the last build with `cache` saw of the files it wrote into `target` (manifest.finish): the files
    still exactly so need not be read again to know they are unchanged before the folder is replaced."""
    if cache is None:
        return None
    match cache.read(_named("site", audience)):
        case (str() as folder, dict() as stats) if folder == os.fspath(target.absolute()):
            return stats
        case _:
            return None


@contextlib.contextmanager
def docs_dir_or_stand_in(config_file: Path) -> Iterator[dict[str, str]]:
    """mkdocs refuses a docs_dir that does not exist, and git keeps no empty folder: a fresh clone of a
    site without hand-written pages has none. Every status page is generated, so build from an empty
    stand-in then. Yields the load_config override (none when the folder exists, or mkdocs.yml sets it
    with a tag such as !ENV that only mkdocs can read)."""
    configured = _docs_dir_setting(config_file)
    if configured is None or (config_file.parent / configured).is_dir():
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix="statuspress-no-pages-") as empty:
        yield {"docs_dir": empty}


def _quiet_mkdocs() -> None:
    """Show mkdocs' warnings and errors, not its INFO chatter about pages outside the nav."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def _docs_dir_setting(config_file: Path) -> str | None:
    """docs_dir as mkdocs.yml spells it ('docs' when absent); None when only mkdocs can read it."""
    try:
        root = compose(config_file.read_text(encoding="utf-8"), Problems(str(config_file)))
    except (OSError, UnicodeDecodeError):
        return None   # mkdocs reports it
    if not isinstance(root, MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "docs_dir":
            plain = isinstance(value, ScalarNode) and value.tag == "tag:yaml.org,2002:str"
            return str(value.value) if plain else None
    return "docs"   # mkdocs' default
