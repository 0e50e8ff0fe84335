"""`python -m generator.leakcheck PUBLIC_SITE INTERNAL_SITE`: exit 1 on a leak or a missing internal value.

Run it on two builds of the same commit at the same time (`statuspress build --at T` and
`statuspress build --audience internal --at T`), in the repository, so git history is read too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import clock
from ..history import read_history
from ..load import load_project
from ..problems import ExitCode
from ..report import format_problems

try:
    from . import check, secrets
except ImportError as err:  # pragma: no cover - the extra is missing
    sys.exit(f"the leak check needs its parsers: pip install 'statuspress[leakcheck]' ({err})")


@click.command()
@click.argument("public", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("internal", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="The site config the two builds were made from.")
@click.option("--at", metavar="TIME", help="The build time both sites were built at (default: as for build).")
def main(public: Path, internal: Path, config_file: Path, at: str | None) -> None:
    """Check that PUBLIC_SITE shows no internal value and INTERNAL_SITE shows every one."""
    try:
        now = clock.now(at)
    except clock.ClockError as err:
        raise click.UsageError(str(err)) from err
    if not config_file.is_file():
        raise click.UsageError(f"no site config at {config_file}; pass --config-file")
    project = load_project(config_file, now)
    if project.errors:
        sys.stdout.write(format_problems(project.errors))
        click.echo("the incident files have errors; nothing was checked", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    history = read_history(project.config.root, project.config.incidents_dir)
    if history.warning:
        click.echo(f"warning: {history.warning}", err=True)
    found = secrets(project.config, project.incidents, None if history.warning else history, now)
    findings = check(public, internal, found)
    for finding in findings:
        click.echo(str(finding))
    leaks = sum(1 for f in findings if ": error: leak:" in str(f))
    click.echo(f"checked {len(found)} internal values: {leaks} leaked, {len(findings) - leaks} missing from the "
               "internal build", err=True)
    if findings:
        sys.exit(ExitCode.BAD_INPUT)


if __name__ == "__main__":  # pragma: no cover
    main()
