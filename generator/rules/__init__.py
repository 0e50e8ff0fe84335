"""Checks across the fields of one incident, one module per rule, run in this order."""

from __future__ import annotations

from . import corrections, freshness, identity, review, timeline
from .base import Rule

RULES: tuple[Rule, ...] = (identity.check, timeline.check, corrections.check, review.check)
# Time-dependent advice, given only for files without errors.
ADVICE: tuple[Rule, ...] = (freshness.check,)
