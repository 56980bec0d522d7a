"""Claims as a flat pandas table: one row per service line, the claim's own columns repeated on each row.

This is the layout a claims extract has and the one :func:`revcycle.claims.scrub_frame` reads. Money is in
whole cents (``*_cents``, int64) so sums stay exact; dates are datetime64 columns (NaT when unknown); code-like
text columns are pandas categoricals (plain text columns work too, only slower). A claim
with no lines still gets one row, with ``line`` 0 and empty line columns.

:func:`to_columns` builds the columns (numpy arrays, text as object arrays) column by column; :func:`to_frame`
wraps them in a DataFrame. The scrubber reads either.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def to_columns(claims: Sequence[Claim]) -> dict[str, npt.NDArray[Any]]:
    """The frame's columns as numpy arrays (text as object arrays, dates as datetime64[s]), one row per line."""
    head: list[tuple[Any, ...]] = []
    tail: list[tuple[Any, ...]] = []
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"claims_frame() takes Claim objects, not {type(claim).__name__}.")
        dx = [d.strip() for d in claim.diagnoses[:12]]
        dx += [""] * (12 - len(dx))
        referring = claim.referring_provider.npi if claim.referring_provider is not None else ""
        default_rendering = claim.rendering_provider.npi if claim.rendering_provider is not None else ""
        total = claim.total_charge if claim.total_charge is not None else claim.line_total()
        row = (
            claim.claim_id, claim.payer.payer_id, claim.payer.kind, claim.patient.sex,
            claim.patient.birth_date.toordinal() - _EPOCH,
            claim.submitted_on.toordinal() - _EPOCH if claim.submitted_on else _NAT,
            claim.icd_indicator, claim.billing_provider.npi, referring, cents(total), len(claim.diagnoses), *dx,
        )
        if not claim.lines:
            head.append(row)
            tail.append(_NO_LINE)
            continue
        for n, line in enumerate(claim.lines, 1):
            mods = line.modifiers
            start = line.from_date.toordinal() - _EPOCH
            head.append(row)
            tail.append((
                n, start, line.to_date.toordinal() - _EPOCH if line.to_date is not None else start,
                line.place_of_service, line.procedure,
                *(mods + _NO_MODS)[:MAX_MODIFIERS], len(mods), ",".join(mods[MAX_MODIFIERS:]), line.pointers,
                cents(line.charge), float(line.units), line.rendering_npi or default_rendering,
            ))
    out: dict[str, npt.NDArray[Any]] = {}
    for names, rows in ((_HEAD, head), (_TAIL, tail)):
        values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        for name, column in zip(names, values, strict=True):
            out[name] = _array(name, column)
    return {name: out[name] for name in COLUMNS}


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
