"""The `statuspress` command line: parse, call one function, map problems to exit codes."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from . import __version__, clock
from .load import Project, load_project
from .problems import ExitCode
from .report import FORMATS, format_problems, tally

CONFIG_HELP = "The site config holding the statuspress plugin settings."


def config_option(func):  # type: ignore[no-untyped-def]
    return click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
                        default=Path("mkdocs.yml"), show_default=True, help=CONFIG_HELP)(func)


def at_option(func):  # type: ignore[no-untyped-def]
    return click.option("--at", "at", metavar="TIME",
                        help="Pretend it is TIME (ISO 8601 with offset); default SOURCE_DATE_EPOCH or now.")(func)


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


@main.command()
@config_option
@at_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: path:line:col lines; github: Actions annotations; json: a list of objects.")
def check(config_file: Path, at: str | None, strict: bool, fmt: str) -> None:
    """Check every incident file and report every problem at once."""
    require_config(config_file)
    project = load_project(config_file, resolve_now(at))
    if not report(project, fmt, strict):
        sys.exit(ExitCode.BAD_INPUT)


@main.command()
@config_option
@at_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/ beside mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def build(config_file: Path, at: str | None, site_dir: Path | None, strict: bool) -> None:
    """Check the incidents, then build the site, feeds and API atomically."""
    from mkdocs.exceptions import MkDocsException

    from .build import build_site

    require_config(config_file)
    now = resolve_now(at)
    project = load_project(config_file, now)
    if not report(project, "text", strict):
        click.echo("nothing was written", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    try:
        written = build_site(project, now, site_dir)
    except (MkDocsException, OSError) as err:
        click.echo(f"error: {err}", err=True)
        click.echo("the previous site was left untouched", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    click.echo(f"built {written} at {now.strftime('%Y-%m-%dT%H:%M:%SZ')}", err=True)


@main.command()
@config_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", default="127.0.0.1:8000", show_default=True)
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site with live reload when an incident file changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    require_config(config_file)
    try:
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)
    except MkDocsException as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(ExitCode.BAD_INPUT)


if __name__ == "__main__":  # pragma: no cover
    main()
