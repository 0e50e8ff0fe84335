"""The `statuspress` command line: parse, call one function, map problems to exit codes."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from . import __version__, clock, collector
from .authoring import prompts
from .load import Project, load_project, with_deadlines
from .model import Audience
from .problems import ExitCode
from .report import FORMATS, format_problems, tally
from .schema import AUDIENCES, IMPACTS, INCIDENT_STATUSES, KINDS, MAINTENANCE_STATUSES, UPDATE_STATUSES, URGENCIES

CONFIG_HELP = "The site config holding the statuspress plugin settings."


def config_option(func, eager: bool = False):
    return click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
                        default=Path("mkdocs.yml"), show_default=True, is_eager=eager, help=CONFIG_HELP)(func)


def at_option(func):
    return click.option("--at", "at", metavar="TIME",
                        help="Pretend it is TIME (ISO 8601 with offset, from 1970 to 2099); default "
                        "SOURCE_DATE_EPOCH or now.")(func)


def resolve_now(at: str | None) -> datetime:
    try:
        return clock.now(at)
    except clock.ClockError as err:
        raise click.UsageError(str(err)) from err


def require_config(config_file: Path) -> None:
    if not config_file.is_file():
        raise click.UsageError(f"no site config at {config_file}; run statuspress in the folder holding "
                               "mkdocs.yml or pass --config-file")


def report(project: Project, fmt: str, strict: bool = False) -> bool:
    """Print problems; True when the input is good enough to go on."""
    sys.stdout.write(format_problems(project.problems, fmt))
    click.echo(tally(project.problems, project.files_checked), err=True)
    return not project.errors and not (strict and project.warnings)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statuspress")
def main() -> None:
    """Status pages and post-incident reviews from YAML in git."""
    collector.no_last_collection()


@main.command()
@config_option
@at_option
@click.option("--strict", is_flag=True, help="Fail on warnings too, and on draft reviews past review_due.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: path:line:col lines; github: Actions annotations; json: a list of objects.")
def check(config_file: Path, at: str | None, strict: bool, fmt: str) -> None:
    """Check every incident file and report every problem at once."""
    require_config(config_file)
    now = resolve_now(at)
    project = load_project(config_file, now)
    if strict:
        project = with_deadlines(project, now)
    if not report(project, fmt, strict):
        sys.exit(ExitCode.BAD_INPUT)


@main.command()
@config_option
@at_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/ beside mkdocs.yml; site-internal/ for "
                   "--audience internal).")
@click.option("--strict", is_flag=True, help="Fail on warnings too, and on draft reviews past review_due.")
@click.option("--audience", type=click.Choice(AUDIENCES), default=Audience.PUBLIC.value, show_default=True,
              help="public: only what is meant for the public; internal: everything, for the incident team.")
@click.option("--incremental", is_flag=True,
              help="Reuse what the last --incremental build kept in .statuspress-cache/ beside mkdocs.yml, and "
                   "keep this build's there: the same site, faster.")
def build(config_file: Path, at: str | None, site_dir: Path | None, strict: bool, audience: str,
          incremental: bool) -> None:
    """Check the incidents, then build the site, feeds and API atomically."""
    from mkdocs.exceptions import MkDocsException

    from .build import build_site
    from .cache import Cache
    from .output import SwitchFailed

    require_config(config_file)
    now = resolve_now(at)
    say = lambda message: click.echo(message, err=True)  # noqa: E731
    cache = Cache(config_file, say) if incremental else None
    project = load_project(config_file, now, cache=cache)
    if strict:
        project = with_deadlines(project, now)
    if not report(project, "text", strict):
        click.echo("nothing was written", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    try:
        written = build_site(project, now, site_dir, progress=_progress_bar(), notify=say,
                             audience=Audience(audience), cache=cache)
    except (MkDocsException, OSError) as err:
        click.echo(f"error: {err}", err=True)
        if not isinstance(err, SwitchFailed):
            click.echo("the previous site was left untouched", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    if cache is not None:   # saved by build_site once the new site was in place
        click.echo(f"{project.files_read} of {project.files_checked} incident files read anew, the others reused",
                   err=True)
        if cache.last is not None:
            rendered, pages = cache.last.pages()
            click.echo(f"{len(rendered)} of {pages} pages rendered anew, the others reused", err=True)
    click.echo(f"built {written}{' (internal)' if audience == 'internal' else ''} at {clock.format_utc(now)}",
               err=True)


def _progress_bar() -> Callable[[int, int], None] | None:
    """A "rendering pages n/N" line redrawn in place at a terminal; nothing in CI logs."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            sys.stderr.write(f"\rrendering pages {done}/{total}" + ("\n" if done == total else ""))
            sys.stderr.flush()

    return show


@main.command()
@config_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", default="127.0.0.1:8000", show_default=True,
              help="Where to listen; port 0 picks a free one.")
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site at the address it prints; rebuilds after each save, and shows build problems in
    the page until a save fixes them."""
    from .preview import serve as preview

    require_config(config_file)
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise click.BadParameter(f"{dev_addr!r} is not IP:PORT, like 127.0.0.1:8000", param_hint="'--dev-addr'")

    def announce(url: str) -> None:
        click.echo(f"serving {url} (rebuilds when you save; Ctrl+C stops)")
        sys.stdout.flush()

    try:
        preview(config_file, host.strip("[]"), int(port), lambda line: click.echo(line, err=True), announce)
    except OSError as err:
        click.echo(f"error: cannot serve on {dev_addr}: {err.strerror or err}", err=True)
        sys.exit(ExitCode.BAD_INPUT)


# -- authoring: new, update, resolve (thin wrappers over edit.py / scaffold.py / prompts.py) -------


def _missing(name: str, hint: str | None = None) -> click.MissingParameter:
    return click.MissingParameter(message=hint, param_hint=f"'--{name}'", param_type="option")


MESSAGE_ON_STDIN = "Give it, or pipe the message on standard input."


def _time_value(text: str) -> datetime:
    try:
        return clock.parse_at(text.strip())
    except clock.ClockError as err:
        raise click.BadParameter(str(err)) from err


def _publishable(option: str, value: str | None) -> None:
    """Refuse a character that no page or feed can carry before anything is written."""
    from .characters import describe_character, forbidden_character

    index = forbidden_character(value or "")
    if value is not None and index is not None:
        raise click.BadParameter(f"contains {describe_character(value[index])}, which cannot appear in a web "
                                 "page or feed; remove it", param_hint=f"'{option}'")


def _parse_components(items: tuple[str, ...] | list[str], kind: str) -> dict[str, str]:
    """`api=partial_outage` pairs (maintenance: a bare id means under_maintenance)."""
    from .model import ComponentStatus, Kind
    from .schema import COMPONENT_STATUSES

    out: dict[str, str] = {}
    for item in items:
        ident, sep, status = (part.strip() for part in item.partition("="))
        if not sep and kind == Kind.MAINTENANCE.value:
            status = ComponentStatus.UNDER_MAINTENANCE.value
        elif not sep:
            raise click.BadParameter(f"{item!r}: give the status too, like {ident}=partial_outage",
                                     param_hint="'--component'")
        if status not in COMPONENT_STATUSES:
            raise click.BadParameter(f"{item!r}: status must be one of {', '.join(COMPONENT_STATUSES)}",
                                     param_hint="'--component'")
        out[ident] = status
    return out


def _load_site(config_file: Path):
    from .config import load_config

    require_config(config_file)
    config, problems = load_config(config_file)
    if any(p.is_error for p in problems):
        sys.stdout.write(format_problems(problems))
        sys.exit(ExitCode.BAD_INPUT)
    return config


def _refused(err: Exception) -> None:
    problems = getattr(err, "problems", [])
    sys.stdout.write(format_problems(problems))
    click.echo("the edit was refused; nothing was written", err=True)
    sys.exit(ExitCode.BAD_INPUT)


def _warn(problems: list) -> None:
    if problems:
        click.echo(format_problems(problems).rstrip("\n"), err=True)


def _receipt(config_file: Path, ident: str, now: datetime) -> None:
    """What subscribers will see once this is published, and when the next update is due (stderr)."""
    from .authoring.receipt import receipt
    from .derive import derive_site

    project = load_project(config_file, now)
    click.echo(receipt(derive_site(project.config, project.incidents, now), ident).rstrip("\n"), err=True)


# Shell completion (click's: see docs/guide.md) and --help read the project's mkdocs.yml; they never fail.

def _completion_config(ctx: click.Context):
    from .config import load_config

    config_file = Path(ctx.params.get("config_file") or "mkdocs.yml")
    return load_config(config_file)[0] if config_file.is_file() else None


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from .authoring.lookup import all_ids

    config = _completion_config(ctx)
    return [CompletionItem(i) for i in (all_ids(config) if config else []) if i.startswith(incomplete)]


def _complete_components(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`a` → `api=` (several components) or every `api=STATUS` (one); `api=p` → `api=partial_outage`."""
    from .schema import COMPONENT_STATUSES

    config = _completion_config(ctx)
    ident, sep, status = incomplete.partition("=")
    ids = [c for c in (config.component_ids if config else ()) if (c == ident if sep else c.startswith(ident))]
    if len(ids) > 1:
        return [CompletionItem(f"{c}=") for c in ids]
    return [CompletionItem(f"{c}={s}") for c in ids for s in COMPONENT_STATUSES if s.startswith(status)]


class ProjectHelp(click.Command):
    """A command whose --help ends with this project's component ids and open incidents (from mkdocs.yml)
    and the statuses it accepts (from schema.py)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("This project"):
            formatter.write_dl(_project_rows(Path(ctx.params.get("config_file") or "mkdocs.yml"), self.name))


def _project_rows(config_file: Path, command: str | None) -> list[tuple[str, str]]:
    from .authoring.lookup import open_incidents
    from .config import load_config
    from .schema import COMPONENT_STATUSES

    rows: list[tuple[str, str]] = []
    config = load_config(config_file)[0] if config_file.is_file() else None
    if config is None:
        rows.append(("components", f"(no {config_file} here: run statuspress in the folder holding it, or put "
                                   "-f FILE before --help, to list them)"))
    else:
        rows.append(("components", ", ".join(config.component_ids) or f"(none declared in {config_file})"))
    rows.append(("component statuses", ", ".join(COMPONENT_STATUSES)))
    if command == "new":
        rows.append(("impacts", ", ".join(IMPACTS)))
    if command in ("new", "update"):
        rows.append(("incident statuses", ", ".join(INCIDENT_STATUSES)))
        rows.append(("maintenance statuses", ", ".join(MAINTENANCE_STATUSES)))
    if command in ("update", "resolve") and config is not None:
        try:
            project = load_project(config_file, clock.now())
        except clock.ClockError:
            return rows
        rows.append(("open now", ", ".join(i.id for i in open_incidents(project.incidents, clock.now())) or "(none)"))
    return rows


def eager_config_option(func):
    """-f/--config-file read before --help, so that --help can list that project's ids."""
    return config_option(func, eager=True)


@main.command(cls=ProjectHelp)
@eager_config_option
@at_option
@click.option("--kind", type=click.Choice(KINDS), default=KINDS[0], show_default=True)
@click.option("--title", help="Headline shown everywhere.")
@click.option("--impact", type=click.Choice(IMPACTS), help="Overall impact; sets the default update cadence.")
@click.option("--urgency", type=click.Choice(URGENCIES), help="With impact, the ITIL priority.")
@click.option("--component", "components", multiple=True, metavar="ID=STATUS", shell_complete=_complete_components,
              help="An affected component and its status; repeat for several.")
@click.option("--message", help="The first public update (Markdown); '-' reads it from standard input.")
@click.option("--status", help="Status of the first update (default investigating, or scheduled).")
@click.option("--started-at", "started_at", metavar="TIME",
              help="Incidents: when impact began (default --at).")
@click.option("--start", metavar="TIME", help="Maintenance: planned start (ISO 8601 with offset).")
@click.option("--end", metavar="TIME", help="Maintenance: planned end.")
@click.option("--slug", help="The id's name part (default: a few words of the title; ids stay within 40 "
              "characters).")
def new(config_file: Path, at: str | None, kind: str, title: str | None, impact: str | None,
        urgency: str | None, components: tuple[str, ...], message: str | None, status: str | None,
        started_at: str | None, start: str | None, end: str | None, slug: str | None) -> None:
    """Write a new incident or maintenance file with its first update; print its path.

    Without --message, and standard input not a terminal, the message is read from standard input.
    """
    from .authoring.edit import EditRefused, create
    from .authoring.text import FIRST_STATUS, Draft, NewUpdate
    from .model import ComponentStatus, Kind
    from .schema import SLUG_PATTERN

    config = _load_site(config_file)
    now = resolve_now(at)
    ask = prompts.interactive()
    maintenance = kind == Kind.MAINTENANCE.value
    statuses = UPDATE_STATUSES[kind]
    if status is not None and status not in statuses:
        raise click.BadParameter(f"{status!r} is not one of {', '.join(statuses)} for kind: {kind}",
                                 param_hint="'--status'")
    if slug is not None and not re.match(SLUG_PATTERN, slug):
        raise click.BadParameter("use lowercase letters, digits and hyphens", param_hint="'--slug'")
    missing = [name for name, value in (("title", title), ("impact", impact),
                                        ("start", start if maintenance else ""),
                                        ("end", end if maintenance else "")) if value is None]
    if missing and not ask:
        raise _missing(missing[0])
    if title is None:
        title = click.prompt("Title")
    if impact is None:
        impact = click.prompt("Impact", type=click.Choice(IMPACTS), default="minor" if maintenance else None)
    parsed = _parse_components(components, kind)
    if not components and ask:
        default_status = ComponentStatus.UNDER_MAINTENANCE if maintenance else ComponentStatus.PARTIAL_OUTAGE
        parsed = prompts.ask_components(config.component_ids, "Affected components", {}, default_status.value)
    window_start = _time_value(start) if start else None
    window_end = _time_value(end) if end else None
    if maintenance and window_start is None:
        window_start = click.prompt("Planned start (e.g. 2026-12-05T06:00:00Z)", value_proc=_time_value)
    if maintenance and window_end is None:
        window_end = click.prompt("Planned end", value_proc=_time_value)
    assert title is not None and impact is not None
    message = prompts.message(message, "First update", f"New {kind}: {title}")
    if message is None:
        raise _missing("message", MESSAGE_ON_STDIN)
    _publishable("--title", title)
    _publishable("--message", message)
    draft = Draft(
        title=title.strip(), kind=kind, impact=impact, urgency=urgency, components=parsed, slug=slug,
        first=NewUpdate(now, status or FIRST_STATUS[kind], message),
        started_at=_time_value(started_at) if started_at and not maintenance else None,
        scheduled_start=window_start, scheduled_end=window_end,
    )
    try:
        path, warnings = create(config, draft, now)
    except EditRefused as err:
        _refused(err)
        return
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    _warn(warnings)
    click.echo(_display(path))
    _receipt(config_file, path.stem, now)


def _display(path: Path) -> str:
    from .source import display_path

    return display_path(path)


def _locate(config, ident: str) -> Path:
    """The file of incident `ident`; a usage error with the closest ids when there is none."""
    from .authoring.files import NotFound, locate
    from .authoring.lookup import all_ids, did_you_mean

    try:
        return locate(config, ident)
    except NotFound as err:
        raise click.BadParameter(str(err) + did_you_mean(ident, all_ids(config)), param_hint="'ID'") from err


def _target(config, config_file: Path, ident: str | None, now: datetime, command: str):
    """The file to edit and its incident as checked at `now` (None if the file has errors): ID's, or the
    one open incident, or one chosen from the open ones at a terminal."""
    from .authoring.lookup import open_incidents

    project = load_project(config_file, now)
    if ident is None:
        ident = prompts.pick(open_incidents(project.incidents, now), command).id
    path = _locate(config, ident)
    return path, next((i for i in project.incidents if i.id == path.stem), None)


def _own_second(path: Path, now: datetime, at: str | None) -> datetime:
    """Each update of an incident has its own time, to the second (rules/timeline.py). Commands run back to
    back could post two in one second: then, on the clock (no --at), wait for the next second."""
    import os
    import time

    from .authoring.edit import EditRefused, read

    if at is not None or os.environ.get("SOURCE_DATE_EPOCH"):
        return now
    try:
        last = read(path).last_at
    except EditRefused:
        return now   # the edit itself reports what is wrong with the file
    while last is not None and now.replace(microsecond=0) <= last <= now + timedelta(seconds=2):
        time.sleep(max((last + timedelta(seconds=1) - now).total_seconds(), 0.01))
        now = clock.now()
    return now


def _append(config, path: Path, update, now: datetime) -> None:
    from .authoring.files import EditRefused
    from .authoring.update import append_update

    try:
        warnings = append_update(config, path, update, now)
    except EditRefused as err:
        _refused(err)
        return
    _warn(warnings)
    click.echo(_display(path))


def _kind_of(path: Path) -> str:
    from .authoring.edit import EditRefused, read

    try:
        return read(path).kind
    except EditRefused as err:
        _refused(err)
        raise  # pragma: no cover - _refused exits


@main.command(cls=ProjectHelp)
@eager_config_option
@at_option
@click.argument("ident", metavar="[ID]", required=False, shell_complete=_complete_ids)
@click.option("--status", help=f"Incidents: {', '.join(INCIDENT_STATUSES)}. Maintenance: "
              f"{', '.join(MAINTENANCE_STATUSES)}.")
@click.option("--message", help="What subscribers read (Markdown); '-' reads it from standard input.")
@click.option("--component", "components", multiple=True, metavar="ID=STATUS", shell_complete=_complete_components,
              help="A component status from this update on; repeat for several.")
def update(config_file: Path, at: str | None, ident: str | None, status: str | None, message: str | None,
           components: tuple[str, ...]) -> None:
    """Append an update to incident ID, keeping the file's comments and layout.

    Without ID: the one open incident or maintenance window (at a terminal, a choice of the open ones).
    Without --message, and standard input not a terminal, the message is read from standard input.
    """
    from .authoring.lookup import current_statuses
    from .authoring.text import NewUpdate
    from .model import ComponentStatus, Kind

    config = _load_site(config_file)
    now = resolve_now(at)
    path, incident = _target(config, config_file, ident, now, "update")
    kind = _kind_of(path)
    statuses = UPDATE_STATUSES[kind]
    ask = prompts.interactive()
    if status is None and not ask:
        raise _missing("status")
    if status is None:
        status = click.prompt("Status", type=click.Choice(statuses))
    elif status not in statuses:
        raise click.BadParameter(f"{status!r} is not one of {', '.join(statuses)} for kind: {kind}",
                                 param_hint="'--status'")
    message = prompts.message(message, "Message", f"Update to {path.stem}: {status}")
    if message is None:
        raise _missing("message", MESSAGE_ON_STDIN)
    parsed = _parse_components(components, kind)
    if not components and ask:
        current = current_statuses(incident, config, now) if incident is not None else {}
        new_default = ComponentStatus.UNDER_MAINTENANCE if kind == Kind.MAINTENANCE.value else \
            ComponentStatus.PARTIAL_OUTAGE
        parsed = prompts.ask_components(config.component_ids, "Change component statuses?", current,
                                        new_default.value)
    assert status is not None
    _publishable("--message", message)
    now = _own_second(path, now, at)
    _append(config, path, NewUpdate(now, status, message, parsed), now)
    _receipt(config_file, path.stem, now)


@main.command(cls=ProjectHelp)
@eager_config_option
@at_option
@click.argument("ident", metavar="[ID]", required=False, shell_complete=_complete_ids)
@click.option("--message", help="The closing update (default: a standard sentence); '-' reads standard input.")
def resolve(config_file: Path, at: str | None, ident: str | None, message: str | None) -> None:
    """Close incident ID (resolved) or maintenance ID (completed) with a final update.

    Without ID: the one open incident or maintenance window (at a terminal, a choice of the open ones).
    """
    from .authoring.text import CLOSING_MESSAGE, CLOSING_STATUS, NewUpdate

    config = _load_site(config_file)
    now = resolve_now(at)
    path, _ = _target(config, config_file, ident, now, "resolve")
    kind = _kind_of(path)
    if message is None and prompts.interactive():
        message = click.prompt("Closing message", default=CLOSING_MESSAGE[kind])
    else:
        message = prompts.message(message, "Closing message", f"Closing {path.stem}")
    message = message or CLOSING_MESSAGE[kind]
    _publishable("--message", message)
    now = _own_second(path, now, at)
    _append(config, path, NewUpdate(now, CLOSING_STATUS[kind], message), now)
    _receipt(config_file, path.stem, now)


@main.command()
@config_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default: standard output), e.g. schema/incident.schema.json.")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if FILE differs from the generated schema.")
def schema(config_file: Path, output: Path | None, check_only: bool) -> None:
    """Print the JSON Schema of an incident file (with this site's component ids), for editors."""
    from .authoring.files import replace_file
    from .jsonschema import render

    text = render(_load_site(config_file).components if config_file.is_file() else ())
    if output is None:
        if check_only:
            raise click.UsageError("--check needs --output FILE")
        sys.stdout.write(text)
        return
    if check_only:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            click.echo(f"{output} is out of date; run statuspress schema -o {output}", err=True)
            sys.exit(ExitCode.BAD_INPUT)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_file(output, text)
    click.echo(str(output), err=True)



def _audit_base(config_file: Path, at: str | None, base: str | None):
    """Load the working tree and the base revision for audit and summary; usage errors exit 2."""
    from .audit import AuditError, load_with_base, run_audit

    require_config(config_file)
    now = resolve_now(at)
    try:
        project, snapshot = load_with_base(config_file, now, base)
    except AuditError as err:
        raise click.UsageError(str(err)) from err
    return project, snapshot, run_audit(project, snapshot), now


@main.command()
@config_option
@at_option
@click.option("--base", metavar="REV", help="Compare with REV (default: the merge-base of HEAD with "
              "origin/HEAD, origin/main, origin/master, main or master, the first that exists).")
@click.option("--format", "fmt", type=click.Choice(("text", "github")), default="text", show_default=True,
              help="text: path:line:col lines; github: Actions annotations.")
def audit(config_file: Path, at: str | None, base: str | None, fmt: str) -> None:
    """Check that updates published at REV were not deleted, reordered or changed without a correction."""
    from .audit import summary_line

    _, _, result, _ = _audit_base(config_file, at, base)
    sys.stdout.write(format_problems(result.problems, fmt))
    click.echo(summary_line(result), err=True)
    if result.errors:
        sys.exit(ExitCode.BAD_INPUT)


@main.command()
@config_option
@at_option
@click.option("--base", metavar="REV", help="Compare with REV (default: as for audit).")
def summary(config_file: Path, at: str | None, base: str | None) -> None:
    """Print Markdown for a pull-request comment: new incidents, new updates, status changes, audit."""
    from .summary import summarize

    project, snapshot, result, now = _audit_base(config_file, at, base)
    sys.stdout.write(summarize(project, snapshot, result, now))


# -- reviews and export ---------------------------------------------------------------------------


@main.command()
@config_option
@at_option
@click.argument("ident", metavar="ID", shell_complete=_complete_ids)
def review(config_file: Path, at: str | None, ident: str) -> None:
    """Draft a review in incident ID's file, with its timeline, roles and metric timestamps pre-filled."""
    from .authoring.files import EditRefused, NotFound, locate
    from .authoring.review import scaffold_review

    config = _load_site(config_file)
    now = resolve_now(at)
    try:
        path = locate(config, ident)
        warnings = scaffold_review(config, path, now)
    except NotFound as err:
        from .authoring.lookup import all_ids, did_you_mean

        raise click.BadParameter(str(err) + did_you_mean(ident, all_ids(config)), param_hint="'ID'") from err
    except EditRefused as err:
        sys.stdout.write(format_problems(err.problems))
        click.echo("the review was not added; nothing was written", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    if warnings:
        click.echo(format_problems(warnings).rstrip("\n"), err=True)
    from .source import display_path

    click.echo(display_path(path))


@main.command()
@config_option
@at_option
@click.option("--format", "fmt", type=click.Choice(("csv", "json")), default="csv", show_default=True,
              help="csv: one row per incident, for spreadsheets; json: the same rows, typed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default: standard output).")
@click.option("--schema", "print_schema", is_flag=True,
              help="Print the JSON Schema of the JSON export instead.")
def export(config_file: Path, at: str | None, fmt: str, output: Path | None, print_schema: bool) -> None:
    """Every incident with its derived timings and review status, one row each."""
    import json

    from .export import export as render_export
    from .export import export_schema
    from .model import Audience
    from .pipeline import derive

    if print_schema:
        text = json.dumps(export_schema(), indent=2) + "\n"
    else:
        require_config(config_file)
        now = resolve_now(at)
        project = load_project(config_file, now)
        if project.errors:
            sys.stdout.write(format_problems(project.problems))
            click.echo("nothing was exported: the incident files have errors", err=True)
            sys.exit(ExitCode.BAD_INPUT)
        text = render_export(derive(project, now, Audience.INTERNAL), fmt)   # the team's export: everything
    if output is None:
        sys.stdout.write(text)
        return
    from .authoring.files import replace_file

    output.parent.mkdir(parents=True, exist_ok=True)
    replace_file(output, text)
    click.echo(str(output), err=True)


@main.command()
@config_option
@at_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="The site just built (default: site/ beside mkdocs.yml).")
@click.option("--previous", "previous_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The previously published site as a folder, instead of reading it from site_url.")
@click.option("--prepare", is_flag=True,
              help="Before the deploy: put the published ledger into the new site; send nothing.")
@click.option("--dry-run", is_flag=True, help="Print exactly what would be sent; send and write nothing.")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True,
              help="Of --dry-run: text, every message in full; markdown, a summary for a pull request.")
@click.option("--budget", type=click.FloatRange(1, 3600), default=60, show_default=True, metavar="SECONDS",
              help="How long each channel may take, retries included.")
def notify(config_file: Path, at: str | None, site_dir: Path | None, previous_dir: Path | None, prepare: bool,
           dry_run: bool, fmt: str, budget: float) -> None:
    """Send subscribers every public update they have not been sent yet (run after the deploy)."""
    import os

    from .notify import report as notify_report
    from .notify import run as notify_run

    config = _load_site(config_file)
    now = resolve_now(at)
    site = site_dir or config.root / "site"
    try:
        if prepare:
            outcome = notify_run.prepare(config, site, previous_dir, now)
            click.echo(notify_report.prepared(outcome).rstrip("\n"), err=True)
            return
        outcome = notify_run.notify(config, site, previous_dir, now, os.environ, dry_run=dry_run, budget=budget)
    except notify_run.NotifyError as err:
        click.echo(f"error: {err}", err=True)
        click.echo("nothing was sent", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    if dry_run:
        sys.stdout.write(notify_report.dry_run_markdown(outcome) if fmt == "markdown"
                         else notify_report.dry_run_text(outcome, os.environ))
        return
    sys.stdout.write(notify_report.results(outcome))
    if not outcome.ok:
        sys.exit(ExitCode.BAD_INPUT)


if __name__ == "__main__":  # pragma: no cover
    main()
