"""The claim scrubber's public face: edits a practice runs before a claim leaves, each tied to its source.

The edits live in :mod:`revcycle.claims.rules`, each defined once with one vectorized implementation.
:func:`scrub` checks one :class:`~revcycle.claims.Claim` (by running that code on the claim's one-claim frame);
:func:`scrub_frame` checks a whole batch laid out by :func:`revcycle.claims.claims_frame`.

The NCCI procedure-to-procedure edit uses the book's ILLUSTRATIVE teaching sample, not the CMS file.
"""

from __future__ import annotations

from revcycle.claims.rules.base import FINDING_COLUMNS, Edit, Finding, Severity
from revcycle.claims.rules.registry import (
    EDIT_BY_ID,
    EDITS,
    edits_table,
    fatal,
    findings_frame,
    scrub,
    scrub_each,
    scrub_frame,
)

__all__ = [
    "EDITS",
    "EDIT_BY_ID",
    "FINDING_COLUMNS",
    "Edit",
    "Finding",
    "Severity",
    "edits_table",
    "fatal",
    "findings_frame",
    "scrub",
    "scrub_each",
    "scrub_frame",
]
