"""Pure functions from checked incidents and the build time to an immutable Site. No I/O."""

from .site import Site, derive_site

__all__ = ["Site", "derive_site"]
