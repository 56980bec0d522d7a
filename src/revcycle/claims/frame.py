"""Claims as a flat pandas table: one row per service line, the claim's own columns repeated on each row.

This is the layout a claims extract has and the one :func:`revcycle.claims.scrub_frame` reads. Money is in
whole cents (``*_cents``, int64) so sums stay exact; dates are datetime64 columns (NaT when unknown); code-like
text columns are pandas categoricals (plain text columns work too, only slower). A claim
with no lines still gets one row, with ``line`` 0 and empty line columns.

:func:`to_columns` builds the columns (numpy arrays, text as object arrays) column by column; :func:`to_frame`
wraps them in a DataFrame. The scrubber reads either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from revcycle.claims.model import DX_LETTERS, MAX_MODIFIERS, Claim

DX_COLUMNS: tuple[str, ...] = tuple(f"dx_{letter}" for letter in DX_LETTERS)
MOD_COLUMNS: tuple[str, ...] = tuple(f"mod{i}" for i in range(1, MAX_MODIFIERS + 1))

#: Every column of the frame, in order.
COLUMNS: tuple[str, ...] = (
    "claim_id", "payer_id", "payer_kind", "patient_sex", "patient_birth_date", "submitted_on", "icd_indicator",
    "billing_npi", "referring_npi", "total_charge_cents", "n_diagnoses", *DX_COLUMNS,
    "line", "from_date", "to_date", "place_of_service", "procedure", *MOD_COLUMNS, "n_modifiers", "mod_extra",
    "pointers", "charge_cents", "units", "rendering_npi",
)
#: Code-like text columns are categorical: few distinct values, so checks run once per value.
CATEGORICAL: tuple[str, ...] = (
    "claim_id", "payer_id", "payer_kind", "patient_sex", "icd_indicator", "billing_npi", "referring_npi",
    *DX_COLUMNS, "place_of_service", "procedure", *MOD_COLUMNS, "mod_extra", "pointers", "rendering_npi",
)
DATES: tuple[str, ...] = ("patient_birth_date", "submitted_on", "from_date", "to_date")
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_NAT = -(2**62)
_HEAD = ("claim_id", "payer_id", "payer_kind", "patient_sex", "patient_birth_date", "submitted_on", "icd_indicator",
         "billing_npi", "referring_npi", "total_charge_cents", "n_diagnoses", *DX_COLUMNS)
_TAIL = ("line", "from_date", "to_date", "place_of_service", "procedure", *MOD_COLUMNS, "n_modifiers", "mod_extra",
         "pointers", "charge_cents", "units", "rendering_npi")
_NO_LINE = (0, _NAT, _NAT, "", "", *([""] * MAX_MODIFIERS), 0, "", "", 0, 0.0, "")
_NO_MODS = ("",) * MAX_MODIFIERS


def cents(amount: Decimal) -> int:
    """Whole cents of an amount already in dollars and cents (claims store money that way)."""
    return int(amount.scaleb(2))


def _memo(fn: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """fn(v) for each value, computed once per distinct value (amounts and units repeat a lot)."""
    seen: dict[Any, Any] = {}
    return [r if (r := seen.get(v)) is not None else seen.setdefault(v, fn(v)) for v in values]


def to_columns(claims: Sequence[Claim]) -> dict[str, npt.NDArray[Any]]:
    """The frame's columns as numpy arrays (text as object arrays, dates as datetime64[s]), one row per line.

    Built column by column (one comprehension per column over the claims, then over their lines), so a batch of
    claims becomes a frame in a few microseconds per claim.
    """
    claims = list(claims)
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"claims_frame() takes Claim objects, not {type(claim).__name__}.")
    per_claim = np.fromiter((len(c.lines) or 1 for c in claims), np.int64, len(claims))
    out: dict[str, Any] = {}
    patients = [c.patient for c in claims]
    payers = [c.payer for c in claims]
    out["claim_id"] = [c.claim_id for c in claims]
    out["payer_id"] = [p.payer_id for p in payers]
    out["payer_kind"] = [p.kind for p in payers]
    out["patient_sex"] = [p.sex for p in patients]
    out["patient_birth_date"] = [p.birth_date.toordinal() - _EPOCH for p in patients]
    out["submitted_on"] = [c.submitted_on.toordinal() - _EPOCH if c.submitted_on else _NAT for c in claims]
    out["icd_indicator"] = [c.icd_indicator for c in claims]
    out["billing_npi"] = [c.billing_provider.npi for c in claims]
    out["referring_npi"] = [c.referring_provider.npi if c.referring_provider is not None else "" for c in claims]
    out["total_charge_cents"] = _memo(cents, [c.total_charge if c.total_charge is not None else c.line_total()
                                             for c in claims])
    diagnoses = [c.diagnoses for c in claims]
    out["n_diagnoses"] = [len(d) for d in diagnoses]
    for k, name in enumerate(DX_COLUMNS):
        out[name] = [d[k].strip() if len(d) > k else "" for d in diagnoses]
    head = {name: np.repeat(_array(name, out.pop(name)), per_claim) for name in _HEAD}

    lines = [ln for c in claims for ln in (c.lines or (None,))]
    real = [ln for ln in lines if ln is not None]
    if len(real) < len(lines):  # claims without lines: one empty row each (line 0)
        return _with_empty_rows(claims, head, lines)
    default = np.repeat(np.array([c.rendering_provider.npi if c.rendering_provider is not None else ""
                                  for c in claims], dtype=object), per_claim).tolist()
    out["line"] = [n for c in claims for n in range(1, len(c.lines) + 1)]
    starts = [ln.from_date.toordinal() - _EPOCH for ln in real]
    out["from_date"] = starts
    out["to_date"] = [ln.to_date.toordinal() - _EPOCH if ln.to_date is not None else s for ln, s in zip(real, starts,
                                                                                                        strict=True)]
    out["place_of_service"] = [ln.place_of_service for ln in real]
    out["procedure"] = [ln.procedure for ln in real]
    mods = [ln.modifiers for ln in real]
    for k, name in enumerate(MOD_COLUMNS):
        out[name] = [m[k] if len(m) > k else "" for m in mods]
    out["n_modifiers"] = [len(m) for m in mods]
    out["mod_extra"] = [",".join(m[MAX_MODIFIERS:]) if len(m) > MAX_MODIFIERS else "" for m in mods]
    out["pointers"] = [ln.pointers for ln in real]
    out["charge_cents"] = _memo(cents, [ln.charge for ln in real])
    out["units"] = _memo(float, [ln.units for ln in real])
    out["rendering_npi"] = [ln.rendering_npi or d for ln, d in zip(real, default, strict=True)]
    tail = {name: _array(name, out[name]) for name in _TAIL}
    return {name: head[name] if name in head else tail[name] for name in COLUMNS}


def _with_empty_rows(claims: list[Claim], head: dict[str, npt.NDArray[Any]],
                     lines: list[Any]) -> dict[str, npt.NDArray[Any]]:
    """to_columns for a batch where some claims have no lines (rare): row by row."""
    tail: list[tuple[Any, ...]] = []
    for claim in claims:
        if not claim.lines:
            tail.append(_NO_LINE)
            continue
        default_rendering = claim.rendering_provider.npi if claim.rendering_provider is not None else ""
        for n, line in enumerate(claim.lines, 1):
            mods = line.modifiers
            start = line.from_date.toordinal() - _EPOCH
            tail.append((
                n, start, line.to_date.toordinal() - _EPOCH if line.to_date is not None else start,
                line.place_of_service, line.procedure,
                *(mods + _NO_MODS)[:MAX_MODIFIERS], len(mods), ",".join(mods[MAX_MODIFIERS:]), line.pointers,
                cents(line.charge), float(line.units), line.rendering_npi or default_rendering,
            ))
    values = list(zip(*tail, strict=True)) if tail else [()] * len(_TAIL)
    columns = {name: _array(name, column) for name, column in zip(_TAIL, values, strict=True)}
    return {name: head[name] if name in head else columns[name] for name in COLUMNS}


def _array(name: str, values: Sequence[Any]) -> npt.NDArray[Any]:
    if name in DATES:
        days = np.array(values, dtype=np.int64)
        nat = days == _NAT
        dates = np.where(nat, 0, days).astype("datetime64[D]").astype("datetime64[s]")
        if nat.any():
            dates[nat] = np.datetime64("NaT")
        return dates
    if name in CATEGORICAL:
        return np.array(values, dtype=object)
    if name == "units":
        return np.array(values, dtype=np.float64)
    return np.array(values, dtype=np.int32 if name == "line" else np.int64)


def columns_frame(columns: dict[str, npt.NDArray[Any]]) -> pd.DataFrame:
    """A claims frame from :func:`to_columns`-style arrays: code-like text columns become categoricals."""
    data: dict[str, Any] = {}
    for name in COLUMNS:
        values = columns[name]
        if name in CATEGORICAL:
            codes, uniques = pd.factorize(values)
            data[name] = pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))
        else:
            data[name] = values
    return pd.DataFrame(data, columns=list(COLUMNS))


def to_frame(claims: Sequence[Claim]) -> pd.DataFrame:
    """One row per service line (line 0 for a claim without lines); see the module docstring for the layout."""
    return columns_frame(to_columns(claims))
