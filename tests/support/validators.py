"""Third-party validators, run as their authors ship them: the Nu HTML checker (vnu.jar), jing and
xmllint with RFC 4287's RELAX NG schema for Atom, and axe-core injected into a Playwright page.

Each helper returns findings as values (a list), so a test can assert "no findings" and print them
all at once; each fixture skips with the reason when its tool is not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .paths import ATOM_RNC, AXE_JS, INSTALL_HINT, VNU_JAR

# ------------------------------------------------------------------------------ Nu HTML checker


@dataclass(frozen=True)
class NuMessage:
    """One vnu finding: the file, its position, the message and the markup it points at."""

    path: str
    line: int | None
    column: int | None
    type: str  # error | non-document-error | info
    message: str
    highlight: str  # the exact markup vnu underlines (usually one start tag)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: {self.message} [{self.highlight.strip()[:160]}]"


@dataclass(frozen=True)
class KnownNoise:
    """A vnu error that the theme (mkdocs-material) causes, not our templates. Both the exact message
    and the exact markup must match, so the same error anywhere else is still reported."""

    why: str
    message: str
    markup: re.Pattern[str]

    def matches(self, m: NuMessage) -> bool:
        return m.message == self.message and self.markup.fullmatch(m.highlight.strip()) is not None


AUTOCOMPLETE_ON_INPUT = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”."
)
AUTOCORRECT_NOT_ALLOWED = "Attribute “autocorrect” not allowed on element “input” at this point."

THEME_NOISE: tuple[KnownNoise, ...] = (
    KnownNoise(
        "mkdocs-material base.html: the drawer and search toggles are checkboxes with autocomplete=off "
        "(keeps them unchecked on back/forward)",
        AUTOCOMPLETE_ON_INPUT,
        re.compile(
            r'<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
            r'id="__(?:drawer|search)" autocomplete="off">'
        ),
    ),
    KnownNoise(
        "mkdocs-material partials/search.html: autocorrect=off on the search box; WHATWG HTML added the "
        "autocorrect attribute after vnu 24.10.17 was released",
        AUTOCORRECT_NOT_ALLOWED,
        re.compile(
            r'<input type="text" class="md-search__input" name="query" aria-label="[^"<>]*" '
            r'placeholder="[^"<>]*" autocapitalize="off" autocorrect="off" autocomplete="off" '
            r'spellcheck="false" data-md-component="search-query" required>'
        ),
    ),
)


def is_theme_noise(m: NuMessage, noise: Iterable[KnownNoise] = THEME_NOISE) -> bool:
    return any(n.matches(m) for n in noise)


def have_vnu() -> str | None:
    """None when the Nu checker can run, else why not."""
    if shutil.which("java") is None:
        return f"no Java runtime for the Nu HTML checker: {INSTALL_HINT}"
    if not VNU_JAR.is_file():
        return f"the Nu HTML checker is not at {VNU_JAR}: {INSTALL_HINT}"
    return None


def run_vnu(files: Sequence[Path], *, root: Path | None = None, errors_only: bool = True) -> list[NuMessage]:
    """Check every file in ONE java process (`--errors-only --format json`); every message, unfiltered.
    Paths in the result are relative to `root` when given."""
    if not files:
        return []
    cmd = ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--no-langdetect"]
    if errors_only:
        cmd.append("--errors-only")
    proc = subprocess.run([*cmd, *map(str, files)], capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        raise AssertionError(f"vnu gave no JSON (exit {proc.returncode}): {proc.stderr[-2000:]}") from err
    out = []
    for m in report.get("messages", []):
        url = m.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else None
        shown = path.relative_to(root).as_posix() if path and root and path.is_relative_to(root) else url
        extract = m.get("extract", "")
        start, length = m.get("hiliteStart"), m.get("hiliteLength")
        highlight = extract[start : start + length] if start is not None and length else extract
        out.append(
            NuMessage(
                shown,
                m.get("lastLine"),
                m.get("firstColumn"),
                m.get("type", ""),
                m.get("message", ""),
                highlight,
            )
        )
    return out


@pytest.fixture(scope="session")
def vnu() -> None:
    """Skip when the Nu HTML checker cannot run here."""
    why = have_vnu()
    if why:
        pytest.skip(why)


# ------------------------------------------------------------------------------ Atom (RFC 4287)


def have_atom_schema() -> str | None:
    if not ATOM_RNC.is_file():
        return f"no Atom RELAX NG schema at {ATOM_RNC} (expected beside the checkout: ../shared/schemas/)"
    if shutil.which("jing") is None and shutil.which("xmllint") is None:
        return f"neither jing nor xmllint is installed: {INSTALL_HINT}"
    return None


def _atom_rng(workdir: Path) -> Path | None:
    """atom.rnc converted to .rng with trang (xmllint reads only the XML syntax); None without trang."""
    if shutil.which("trang") is None:
        return None
    rng = workdir / "atom.rng"
    if not rng.exists():
        subprocess.run(
            ["trang", "-I", "rnc", "-O", "rng", str(ATOM_RNC), str(rng)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return rng


def validate_atom(files: Sequence[Path], workdir: Path | None = None) -> list[str]:
    """Validate Atom documents against RFC 4287's RELAX NG schema; every error as 'file:line:col: msg'.
    jing reads the compact syntax directly (-c); xmllint runs too when trang can make the .rng."""
    if not files:
        return []
    errors: list[str] = []
    if shutil.which("jing"):
        proc = subprocess.run(
            ["jing", "-c", str(ATOM_RNC), *map(str, files)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        # jing reports problems on stdout as file:line:col: error: ...; Debian's wrapper script adds
        # "[warning] ... Unable to locate xml-apis" on stderr, which is not about the documents.
        errors += [f"jing: {line}" for line in proc.stdout.splitlines() if line.strip()]
        if proc.returncode and not errors:
            stderr = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("[warning]")]
            errors.append(f"jing exited {proc.returncode}: {' '.join(stderr)[-500:]}")
    rng = _atom_rng(workdir) if workdir else None
    if shutil.which("xmllint") and rng:
        proc = subprocess.run(
            ["xmllint", "--noout", "--relaxng", str(rng), *map(str, files)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        errors += [
            f"xmllint: {line}"
            for line in proc.stderr.splitlines()
            if line.strip() and not line.endswith(" validates")
        ]
    return errors


@pytest.fixture(scope="session")
def atom_schema() -> Path:
    """The RFC 4287 RELAX NG schema (compact syntax); skips with the reason when it cannot be used."""
    why = have_atom_schema()
    if why:
        print(f"skipping Atom schema validation: {why}")
        pytest.skip(why)
    return ATOM_RNC


# ------------------------------------------------------------------------------ axe-core

WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact, summary: n.failureSummary,
                              html: n.html.slice(0, 200)}))}));
}"""


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str | None
    help: str
    nodes: tuple[dict[str, Any], ...]

    def __str__(self) -> str:
        targets = "; ".join(
            f"{n['target']} ({n['impact']}): {' '.join(n['html'].split())[:120]}" for n in self.nodes[:5]
        )
        more = f" (+{len(self.nodes) - 5} more)" if len(self.nodes) > 5 else ""
        return f"{self.rule} [{self.impact}] {self.help}: {targets}{more}"


def have_axe() -> str | None:
    return None if AXE_JS.is_file() else f"axe-core is not at {AXE_JS}: {INSTALL_HINT}"


def run_axe(page: Any, tags: Sequence[str] = WCAG_AA_TAGS) -> list[AxeViolation]:
    """Inject axe-core into a Playwright page (JavaScript enabled) and return every violation."""
    why = have_axe()
    if why:
        pytest.skip(why)
    page.add_script_tag(path=str(AXE_JS))
    raw = page.evaluate(_RUN_AXE, list(tags))
    return [AxeViolation(v["id"], v["impact"], v["help"], tuple(v["nodes"])) for v in raw]


def blocking(
    violations: Iterable[AxeViolation], impacts: Sequence[str] = BLOCKING_IMPACTS
) -> list[AxeViolation]:
    return [v for v in violations if v.impact in impacts]


def assert_axe_clean(page: Any, where: str, tags: Sequence[str] = WCAG_AA_TAGS) -> None:
    """Fail with every serious or critical axe-core violation on the page, each with its selectors."""
    bad = blocking(run_axe(page, tags))
    assert not bad, f"axe-core ({', '.join(tags)}) serious/critical on {where}:\n  " + "\n  ".join(
        map(str, bad)
    )
