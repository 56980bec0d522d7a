"""The edit registry: every edit, in the order findings are listed, and the one way they are run.

:func:`scrub_frame` runs the edits on a claims frame (``claims_frame`` layout); :func:`scrub` runs the very same
code on the one-claim frame of a :class:`~revcycle.claims.Claim`. Only edits that are always true are
implemented: a finding means the claim is wrong as written (``fatal``: it would be rejected or denied, and the
837P writer refuses it) or should be reviewed (``warning``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from revcycle.claims.frame import parts
from revcycle.claims.model import Claim
from revcycle.claims.rules import dates, diagnoses, lines, modifiers, mue, ncci_pairs, providers
from revcycle.claims.rules.base import FINDING_COLUMNS, Array, Batch, Edit, Finding, Hits
from revcycle.core.errors import InputError

#: The order findings are listed in (within a claim, after the line number).
ORDER: tuple[str, ...] = (
    "CLM-NO-LINES", "DX-NONE", "DX-TOO-MANY", "DX-INDICATOR", "DX-INVALID", "DX-7TH", "DX-HEADER", "DX-SEX",
    "NPI-BILLING", "NPI-REFERRING", "TOTAL", "PROC-UNKNOWN", "MOD-COUNT", "MOD-FORMAT", "MOD-25", "MOD-59-EM",
    "MOD-59-X", "NCCI-PTP", "PTR-MISSING", "PTR-FORMAT", "PTR-EMPTY", "POS-FORMAT", "DATE-ORDER", "DATE-BIRTH",
    "DATE-FUTURE", "TIMELY", "CHARGE", "UNITS", "MUE", "NPI-RENDERING",
)
#: The modules that define edits, grouped by what they check.
MODULES = (lines, diagnoses, providers, modifiers, ncci_pairs, dates, mue)


def _collect() -> tuple[Edit, ...]:
    defined = [e for module in MODULES for e in module.EDITS]
    by_id: dict[str, Edit] = {}
    for e in defined:
        if e.id in by_id:
            raise RuntimeError(f"The edit {e.id} is defined twice.")
        by_id[e.id] = e
    if set(by_id) != set(ORDER) or len(ORDER) != len(set(ORDER)):
        raise RuntimeError(f"ORDER and the edits defined differ: {sorted(set(by_id) ^ set(ORDER))}")
    return tuple(by_id[i] for i in ORDER)


#: Every edit, in the order findings are listed.
EDITS: tuple[Edit, ...] = _collect()
EDIT_BY_ID: dict[str, Edit] = {e.id: e for e in EDITS}
_RANK: dict[str, int] = {e.id: i for i, e in enumerate(EDITS)}


def _run(batch: Batch, only: Collection[str] | None) -> tuple[Array, Array, Array, Array, Array]:
    """(claim, line, edit rank, message, value) of every finding, in the order findings are listed."""
    found: list[tuple[int, Hits]] = []
    for r, e in enumerate(EDITS):
        if only is None or e.id in only:
            hits = e.run(batch)
            if len(hits.messages):
                found.append((r, hits))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0, dtype=object), np.zeros(0, dtype=object)
    ci = np.concatenate([np.asarray(h.claims, dtype=np.int64) for _, h in found])
    line = np.concatenate([np.asarray(h.lines, dtype=np.int64) for _, h in found])
    rank = np.concatenate([np.full(len(h.messages), r, dtype=np.int64) for r, h in found])
    message = np.concatenate([np.asarray(h.messages, dtype=object) for _, h in found])
    value = np.concatenate([np.asarray(h.values if h.values is not None else [""] * len(h.messages), dtype=object)
                            for _, h in found])
    # claim (as in the frame), line (claim-level first), edit, then message
    key = (ci * (int(line.max()) + 1) + line) * len(EDITS) + rank
    order = np.argsort(key, kind="stable")
    key = key[order]
    ties = np.flatnonzero(key[1:] == key[:-1])
    if ties.size:  # same claim, line and edit: order by message
        starts = ties[np.r_[True, ties[1:] != ties[:-1] + 1]]
        for start in starts:
            stop = start + 1
            while stop < len(key) and key[stop] == key[start]:
                stop += 1
            run = order[start:stop]
            order[start:stop] = run[np.argsort(message[run], kind="stable")]
    return ci[order], line[order], rank[order], message[order], value[order]


def _batch(df: object, as_of: date | None) -> Batch | None:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"scrub_frame() takes a DataFrame made by claims_frame(), not {type(df).__name__}.")
    columns: Mapping[str, Any] = {c: df[c] for c in df.columns}
    batch = Batch(columns, as_of)
    return batch if len(df) else None


def empty_findings() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})
    frame["line"] = frame["line"].astype("Int64")
    return frame


def scrub_frame(df: pd.DataFrame, *, as_of: date | None = None, only: Collection[str] | None = None) -> pd.DataFrame:
    """Every finding for every claim in ``df`` (``claims_frame`` layout): one row per finding.

    Ordered by the claims' order in ``df``, then line (claim-level first), then edit. The work is done on whole
    columns; Python runs only per distinct code and per finding. ``as_of`` is the day the claims are sent
    (default: each claim's ``submitted_on``); ``only`` runs just the edits with those ids.
    """
    batch = _batch(df, as_of)
    if batch is None:
        return empty_findings()
    ci, line, rank, message, _ = _run(batch, only)
    if not len(ci):
        return empty_findings()
    ids = batch.claim_ids[ci].astype(str).astype(object)
    edit_at = np.array(EDITS, dtype=object)
    return pd.DataFrame({
        "claim_id": ids,
        "line": pd.arrays.IntegerArray(line, line == 0),
        "edit_id": np.array([e.id for e in EDITS], dtype=object)[rank],
        "severity": np.array([e.severity for e in edit_at], dtype=object)[rank],
        "item": np.array([e.item for e in edit_at], dtype=object)[rank],
        "message": message,
        "source": np.array([e.source for e in edit_at], dtype=object)[rank],
    })


def scrub(claim: Claim, *, as_of: date | None = None, only: Collection[str] | None = None) -> list[Finding]:
    """Every finding for one claim, claim-level first, then by line and edit: :func:`scrub_frame`'s code run
    on the claim's one-claim frame.

    ``as_of`` is the day the claim is sent; it defaults to ``claim.submitted_on``. Without either, timely
    filing and future-date edits are skipped.
    """
    if not isinstance(claim, Claim):
        raise TypeError(f"scrub() takes a Claim, not {type(claim).__name__}.")
    batch = Batch(parts([claim]), as_of)
    _, line, rank, message, value = _run(batch, only)
    out = []
    for n, r, m, v in zip(line.tolist(), rank.tolist(), message.tolist(), value.tolist(), strict=True):
        e = EDITS[r]
        out.append(Finding(claim.claim_id, n or None, e.id, e.severity, e.item, m, e.source, e.field, v))
    return out


def scrub_each(claims: Sequence[Claim], *, as_of: date | None = None) -> list[list[Finding]]:
    """:func:`scrub` for many claims in one run of the edits: one list of findings per claim, in order.

    For callers that judge a batch claim by claim (the 837P writer, the synthetic payer): the frame is built and
    the edits run once, not once per claim. Claims that share an id are checked one by one, since the frame
    groups rows by claim id.
    """
    claims = list(claims)
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"scrub_each() takes Claims, not {type(claim).__name__}.")
    if len({c.claim_id for c in claims}) != len(claims):
        return [scrub(c, as_of=as_of) for c in claims]
    out: list[list[Finding]] = [[] for _ in claims]
    if not claims:
        return out
    batch = Batch(parts(claims), as_of)
    ci, line, rank, message, value = _run(batch, None)
    for c, n, r, m, v in zip(ci.tolist(), line.tolist(), rank.tolist(), message.tolist(), value.tolist(),
                             strict=True):
        e = EDITS[r]
        out[c].append(Finding(claims[c].claim_id, n or None, e.id, e.severity, e.item, m, e.source, e.field, v))
    return out


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame with the same columns scrub_frame returns."""
    rows = [[getattr(f, c) for c in FINDING_COLUMNS] for f in findings]
    frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    return frame


def edits_table() -> pd.DataFrame:
    """The edits as a table (id, severity, CMS-1500 item, what it checks, source), for reading in a notebook."""
    return pd.DataFrame([{"id": e.id, "severity": e.severity, "item": e.item, "checks": e.checks,
                          "source": e.source} for e in EDITS])


def fatal(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings that stop a claim from being sent."""
    return [f for f in findings if f.severity == "fatal"]
