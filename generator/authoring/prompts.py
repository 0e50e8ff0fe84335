"""What the authoring commands ask a person at a terminal: which incident, which components, the message.

Nothing here prompts unless standard input is a terminal; scripts and CI get a usage error (exit 2)
for what is missing, or give the message on standard input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

import click

from ..model import Incident
from ..schema import COMPONENT_STATUSES

SCISSORS = "# ------------------------ >8 ------------------------"
EDITOR_NOTE = ("# Write what subscribers read above this line, in Markdown. This line and\n"
               "# everything below it are left out; an empty message cancels.")


def interactive() -> bool:
    """Prompt only when a person is at a terminal; in scripts and CI a missing option is a usage error."""
    return sys.stdin is not None and sys.stdin.isatty()


def _editor_name() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "your editor"


def from_editor(about: str) -> str:
    """A message written in $VISUAL/$EDITOR (click.edit), without the scissors line and what follows it."""
    template = f"\n\n{SCISSORS}\n{EDITOR_NOTE}\n# {about}\n"
    edited = click.edit(template, extension=".md")
    return (edited or "").split(SCISSORS)[0].strip()


def message(given: str | None, question: str, about: str) -> str | None:
    """The message of an update: `--message TEXT`; `--message -`, or no --message with standard input
    not a terminal: the whole of standard input; at a terminal: a one-line answer, or $EDITOR when
    the answer is empty. None when there is none (the caller reports the missing option)."""
    if given is not None and given != "-":
        return given
    if given is None and interactive():
        while True:
            answer = click.prompt(f"{question} (what subscribers read; empty: write it in {_editor_name()})",
                                  default="", show_default=False)
            text = answer.strip() or from_editor(about)
            if text:
                return text
            click.echo("Error: the message is empty; type it, or write it in the editor and save", err=True)
    if sys.stdin is None:
        return None
    text = sys.stdin.read()
    return text.strip("\n") if text.strip() else None


def ask_components(component_ids: Sequence[str], question: str, current: Mapping[str, str],
                   new_default: str) -> dict[str, str]:
    """Ask which components change (comma-separated ids), then each one's status. The default is the
    status the component has now (`current`), or `new_default` for one the incident does not list yet;
    answers equal to the current status are left out."""

    def ids(text: str) -> list[str]:
        chosen = [part.strip() for part in text.replace(" ", ",").split(",") if part.strip()]
        unknown = [c for c in chosen if c not in component_ids]
        if unknown:
            raise click.BadParameter(f"unknown component {unknown[0]!r}; "
                                     f"choose from {', '.join(component_ids)}")
        return list(dict.fromkeys(chosen))

    if current:
        click.echo("Now: " + ", ".join(f"{c} {s}" for c, s in current.items()))
    chosen = click.prompt(f"{question} ({', '.join(component_ids)}; comma-separated, empty for none)",
                          default="", show_default=False, value_proc=ids)
    answers = {c: click.prompt(f"Status of {c}", type=click.Choice(COMPONENT_STATUSES),
                               default=current.get(c, new_default)) for c in chosen}
    return {c: s for c, s in answers.items() if current.get(c) != s}


def describe(incident: Incident) -> str:
    latest = incident.updates[-1].status if incident.updates else "no updates yet"
    return f"{incident.title} ({latest})"


def pick(candidates: Sequence[Incident], command: str) -> Incident:
    """The one open incident, or the one chosen from a numbered list at a terminal; elsewhere a usage
    error listing the ready-to-run commands."""
    if len(candidates) == 1:
        click.echo(f"{command} {candidates[0].id}: {describe(candidates[0])}", err=True)
        return candidates[0]
    if not candidates:
        raise click.UsageError(f"no incident or maintenance window is open; give the ID of the one to {command}")
    if not interactive():
        width = max(len(i.id) for i in candidates)
        listing = "\n".join(f"  statuspress {command} {i.id:<{width}}  # {describe(i)}" for i in candidates)
        raise click.UsageError(f"{len(candidates)} incidents or maintenance windows are open; say which one "
                               f"to {command}:\n{listing}")
    click.echo("Open incidents and maintenance windows:")
    for number, incident in enumerate(candidates, 1):
        click.echo(f"  {number}. {incident.id}  {describe(incident)}")
    chosen = click.prompt(f"Which one to {command} (1-{len(candidates)})", type=click.IntRange(1, len(candidates)))
    return candidates[chosen - 1]
