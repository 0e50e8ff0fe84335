"""`statuspress serve`: build into a temporary folder, serve it under the site's sub-path, rebuild on save.

mkdocs' LiveReloadServer serves the folder, watches the inputs and reloads open pages after each
rebuild. The rebuild is `statuspress build`'s own check and build, with the page bodies of the build
before kept in memory (cache.py): only the pages a save touches are rendered again. When it fails, every page answers
with the problems instead (mkdocs' serve keeps the browser waiting on the old site), and the next
save that fixes them reloads the site.
"""

from __future__ import annotations

import html
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url

from . import clock
from .build import build_site, prepare
from .cache import Cache
from .config import load_config
from .derive.kept import KeptViews
from .in_place import InPlace
from .load import Project, load_project
from .model import Audience
from .report import format_problems, tally

Say = Callable[[str], None]


class PreviewServer(LiveReloadServer):
    """LiveReloadServer that announces its real address (port 0 picks a free one) once it is listening
    and watching, and answers page requests with `failure` while the last build failed."""

    failure: bytes | None = None

    def __init__(self, *args: Any, on_ready: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_ready = on_ready
        # serve() binds, starts watching (the first snapshot of the files), then starts this thread:
        # announcing here means a save right after the announcement is never missed.
        self.serve_thread = threading.Thread(target=self._announce_and_serve, daemon=True)

    def _announce_and_serve(self) -> None:
        host, port = self.server_address[:2]
        self.url = _serve_url(str(host), int(port), self.mount_path)
        self.on_ready(self.url)
        self.serve_forever(self.shutdown_delay)

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        failure, path = self.failure, environ["PATH_INFO"]
        if failure is None or path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        body = self._inject_js_into_html(failure, epoch)
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                     ("Content-Length", str(len(body)))])
        return [body]


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def failure_page(site_name: str, lines: Iterable[str], summary: str) -> bytes:
    """A self-contained page listing what stopped the build (every value escaped)."""
    problems = "\n".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · {html.escape(site_name)}</title>
<style>
:root {{ color-scheme: light dark; }}
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem;
       background: Canvas; color: CanvasText; }}
h1 {{ font-size: 1.5rem; color: #a1001b; }}
ul {{ list-style: none; padding: 0; }}
li {{ font: .9rem/1.5 ui-monospace, monospace; overflow-wrap: anywhere; padding: .5rem .75rem; margin: 0 0 .5rem;
     border-radius: 4px; background: rgba(127, 127, 127, .14); }}
@media (prefers-color-scheme: dark) {{ h1 {{ color: #ff9e9e; }} }}
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>Fix these problems and save: <code>statuspress serve</code> rebuilds and this page reloads by itself.</p>
<ul id="problems">
{problems}
</ul>
<p>{html.escape(summary)}</p>
</main>
</body>
</html>
""".encode()


class Preview:
    """The builder LiveReloadServer calls: check, build into `site_dir`, or set the failure page."""

    def __init__(self, config_file: Path, site_dir: Path, say: Say) -> None:
        self.config_file, self.site_dir, self.say = config_file, site_dir, say
        self.server: PreviewServer | None = None
        self.failure: bytes | None = None
        # Readings and page bodies kept from one build to the next: a save reads again only the files
        # it changed, and re-renders only the pages it touches.
        self.cache = Cache(config_file, say, in_memory=True)
        self.in_place: InPlace | None = None   # what the last build left to rebuild in place (in_place.py)
        self.views = KeptViews()               # and the views it derived (derive/kept.py)

    def __call__(self) -> None:
        now = clock.now()
        project = load_project(self.config_file, now, cache=self.cache)
        shown = format_problems(list(project.problems)).rstrip("\n")
        if shown:
            self.say(shown)
        summary = tally(project.problems, project.files_checked)
        if project.errors:
            self._failed(project.config.site_name, shown.splitlines(), summary)
            return
        try:
            how = self._build(project, now)
        except (MkDocsException, OSError) as err:
            self.in_place = None
            self._failed(project.config.site_name, [f"error: {err}"], "the build stopped")
            return
        self.failure = None
        if self.server is not None:
            self.server.failure = None
        rendered, pages = self.cache.last.pages() if self.cache.last is not None else ([], 0)
        self.say(f"built at {clock.format_utc(now)}: {summary}; {project.files_read} of {project.files_checked} "
                 f"files read anew; {len(rendered)} of {pages} pages rendered anew; {how}")

    def _build(self, project: Project, now: datetime) -> str:
        """Rebuild in place when the last build allows it (in_place.py), else build in full; says which."""
        quick = self.in_place
        overrides = quick.overrides if quick is not None else None
        prepared = prepare(project, now, Audience.PUBLIC, self.cache, overrides, self.views) if quick else None
        if quick is not None and prepared is not None and quick.fits(prepared):
            written = quick.rebuild(prepared)
            prepared.keep(self.cache)
            return f"{len(written)} files written in place"
        self.in_place = None

        def keep(config: MkDocsConfig) -> None:
            fingerprint = self.cache.last.fingerprint if self.cache.last is not None else b""
            self.in_place = InPlace.after(config, self.site_dir, fingerprint)

        build_site(project, now, self.site_dir, cache=self.cache, prepared=prepared, built=keep, views=self.views)
        return "built in full"

    def _failed(self, site_name: str, lines: list[str], summary: str) -> None:
        self.failure = failure_page(site_name, lines, summary)
        if self.server is not None:
            self.server.failure = self.failure
        self.say(f"{summary}; the pages show these problems until a save fixes them")


def watched(config_file: Path) -> list[Path]:
    """mkdocs.yml, the incidents folder, and mkdocs' docs_dir and theme overrides when they exist."""
    config, _ = load_config(config_file)
    paths = [config_file, config.root / config.incidents_dir]
    try:
        from mkdocs.config import load_config as mkdocs_config

        settings = mkdocs_config(str(config_file))
        paths.append(Path(settings.docs_dir))
        if settings.theme.custom_dir:
            paths.append(Path(settings.theme.custom_dir))
    except (MkDocsException, OSError):
        pass   # the first build reports what is wrong with mkdocs.yml
    return [p for p in dict.fromkeys(paths) if p.exists()]


def serve(config_file: Path, host: str, port: int, say: Say, announce: Say) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM). Raises OSError when the address is taken."""
    config, _ = load_config(config_file)
    mount_path = urlsplit(config.site_url or "/").path or "/"
    work = Path(tempfile.mkdtemp(prefix="statuspress-serve-"))
    builder = Preview(config_file.absolute(), work / "site", say)
    server = PreviewServer(builder=builder, host=host, port=port, root=str(work / "site"),
                           mount_path=mount_path, on_ready=announce)
    builder.server = server
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        builder()
        server.failure = builder.failure
        for path in watched(config_file.absolute()):
            server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
