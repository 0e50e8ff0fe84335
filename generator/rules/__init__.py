"""Checks across the fields of one incident, one module per rule, run in this order."""

from __future__ import annotations

from . import corrections, freshness, identity, review, timeline
from .base import Advice, Rule

RULES: tuple[Rule, ...] = (identity.check, timeline.check, corrections.check, review.check)
# Advice that depends on the build time, given only for files without errors.
ADVICE: tuple[Advice, ...] = (freshness.check,)
