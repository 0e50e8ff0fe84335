"""Reading a site's API files and notify ledger: from a folder, or from its site_url over HTTP(S)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from .. import __version__
from .retry import Backoff, Clock, GaveUp, SendFailed, is_transient, retry_after, with_retries
from .snapshot import INCIDENTS, LEDGER, MAINTENANCE, MAX_FILE_BYTES, STATUS, SnapshotError

FILES = (INCIDENTS, MAINTENANCE, STATUS, LEDGER)
OPTIONAL = (STATUS, LEDGER)       # older sites have no ledger; a hand-made folder may lack status.json


class FetchError(Exception):
    """The published site could not be read; nothing should be sent on a guess."""


def read_folder(folder: Path) -> dict[str, bytes]:
    """The site files under `folder` (site-root-relative path → bytes); links out of it are refused."""
    root = folder.resolve()
    out: dict[str, bytes] = {}
    for rel in FILES:
        path = folder / rel
        if not path.resolve().is_relative_to(root):
            raise SnapshotError(f"{path} points outside {folder}")
        if not path.is_file():
            if rel in OPTIONAL:
                continue
            raise SnapshotError(f"{path} is missing: is {folder} a site built by statuspress?")
        with path.open("rb") as handle:
            out[rel] = handle.read(MAX_FILE_BYTES + 1)
    return out


def fetch_site(base_url: str, budget: float = 60, backoff: Backoff | None = None,
               clock: Clock | None = None) -> dict[str, bytes] | None:
    """The published site's files, or None when nothing is published there yet (its incidents.json is a
    404). Raises FetchError when the site cannot be read; retries like a send does, within `budget`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FetchError(f"site_url {base_url!r} is not an http(s) URL")
    base = base_url if base_url.endswith("/") else base_url + "/"
    deadline = (clock or Clock()).monotonic() + budget
    # A CDN in front of the site (GitHub Pages caches for 10 minutes) must not answer with an old copy.
    fresh = f"?notify={int(time.time())}"
    out: dict[str, bytes] = {}
    for rel in FILES:
        try:
            data = with_retries(lambda timeout, r=rel: _get(base + r + fresh, timeout), deadline,  # type: ignore[misc]
                                backoff or Backoff(), clock or Clock())
        except GaveUp as failure:
            raise FetchError(f"cannot read {base}{rel}: {failure}") from None
        if data is None:
            if rel == INCIDENTS:
                return None
            if rel in OPTIONAL:
                continue
            raise FetchError(f"{base}{rel} is missing (404) although {INCIDENTS} is there")
        out[rel] = data
    return out


def _get(url: str, timeout: float) -> bytes | None:
    """The body, or None for a 404/410."""
    request = urllib.request.Request(url, headers={  # noqa: S310 - the scheme is checked by fetch_site
        "User-Agent": f"statuspress/{__version__} (+notify)", "Cache-Control": "no-cache", "Pragma": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - as above
            data: bytes = response.read(MAX_FILE_BYTES + 1)
            return data
    except urllib.error.HTTPError as err:
        if err.code in (404, 410):
            return None
        raise SendFailed(f"HTTP {err.code} {err.reason}", is_transient(err.code),
                         retry_after(err.headers.get("Retry-After") if err.headers else None)) from None
    except TimeoutError:
        raise SendFailed(f"no answer within {timeout:.1f} s", True) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise SendFailed(f"cannot connect: {getattr(reason, 'strerror', None) or reason}", True) from None
