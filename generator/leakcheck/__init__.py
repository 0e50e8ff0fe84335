"""The leak check: the public build holds no internal value, and the internal build holds every one.

`python -m generator.leakcheck PUBLIC_SITE INTERNAL_SITE` (see __main__.py) reads the project and its
git history for the internal values (secrets.py), parses every file of both builds (texts.py) and
reports each leak and each value missing from the internal build as a `path: error: …` line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .secrets import Secret, secrets
from .texts import site_texts


@dataclass(frozen=True)
class Finding:
    path: str            # the site folder, or a file in it
    message: str

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}"


def _found_in(secret: Secret, texts: dict[str, str], root: Path) -> list[str]:
    if secret.path:
        return [secret.value] if (root / secret.value / "index.html").is_file() else []
    pattern = re.compile(r"(?<!\w)" + re.escape(secret.value) + r"(?!\w)")
    return [rel for rel, text in texts.items() if secret.value in text and pattern.search(text)]


def check(public: Path, internal: Path, found: Iterable[Secret]) -> list[Finding]:
    """Every leak into `public` (one line per secret, naming the first files) and every secret the
    `internal` build lacks."""
    public_texts, internal_texts = site_texts(public), site_texts(internal)
    out: list[Finding] = []
    for secret in found:
        leaked = _found_in(secret, public_texts, public)
        if leaked:
            more = f" and {len(leaked) - 3} more files" if len(leaked) > 3 else ""
            out += [Finding(f"{public}/{leaked[0]}", f"leak: {secret.what}: {secret.value!r} is in the public "
                            f"build (also {', '.join(leaked[1:3])}{more})" if leaked[1:] else
                            f"leak: {secret.what}: {secret.value!r} is in the public build")]
        if not _found_in(secret, internal_texts, internal):
            out.append(Finding(str(internal), f"missing: {secret.what}: {secret.value!r} is not in the "
                               "internal build"))
    return out


__all__ = ["Finding", "Secret", "check", "secrets", "site_texts"]
