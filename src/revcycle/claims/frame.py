"""Claims as a flat pandas table: one row per service line, the claim's own columns repeated on each row.

This is the layout a claims extract has and the one :func:`revcycle.claims.scrub_frame` reads. Money is in
whole cents (``*_cents``, int64) so sums stay exact; dates are datetime64 columns (NaT when unknown); code-like
text columns are pandas categoricals (plain text columns work too, only slower). A claim
with no lines still gets one row, with ``line`` 0 and empty line columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from revcycle.claims.model import DX_LETTERS, MAX_MODIFIERS, Claim

if TYPE_CHECKING:
    import pandas as pd

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
_DATES = frozenset({"patient_birth_date", "submitted_on", "from_date", "to_date"})
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_NAT = -(2**62)


def _cents(amount) -> int:
    return int(amount.scaleb(2))


def to_frame(claims: Sequence[Claim]) -> pd.DataFrame:
    """One row per service line (line 0 for a claim without lines); see the module docstring for the layout."""
    import pandas as pd

    rows: list[tuple] = []
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"claims_frame() takes Claim objects, not {type(claim).__name__}.")
        dx = list(claim.diagnoses[:12]) + [""] * (12 - min(12, len(claim.diagnoses)))
        dx = [d.strip() for d in dx]
        referring = claim.referring_provider.npi if claim.referring_provider is not None else ""
        default_rendering = claim.rendering_provider.npi if claim.rendering_provider is not None else ""
        head = (
            claim.claim_id, claim.payer.payer_id, claim.payer.kind, claim.patient.sex,
            claim.patient.birth_date.toordinal() - _EPOCH,
            claim.submitted_on.toordinal() - _EPOCH if claim.submitted_on else _NAT,
            claim.icd_indicator, claim.billing_provider.npi, referring, _cents(claim.total_charge),
            len(claim.diagnoses), *dx,
        )
        for n, line in enumerate(claim.lines or [None], 1):
            if line is None:
                tail = (0, _NAT, _NAT, "", "", "", "", "", "", 0, "", "", 0, 0.0, "")
            else:
                mods = list(line.modifiers[:MAX_MODIFIERS]) + [""] * max(0, MAX_MODIFIERS - len(line.modifiers))
                tail = (
                    n, line.from_date.toordinal() - _EPOCH, line.to_date.toordinal() - _EPOCH,
                    line.place_of_service, line.procedure, *mods, len(line.modifiers),
                    ",".join(line.modifiers[MAX_MODIFIERS:]), line.pointers, _cents(line.charge),
                    float(line.units), line.rendering_npi or default_rendering,
                )
            rows.append(head + tail)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    data: dict[str, object] = {}
    for name, values in zip(COLUMNS, columns, strict=True):
        if name in CATEGORICAL:
            codes, uniques = pd.factorize(np.array(values, dtype=object))
            data[name] = pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))
        elif name in _DATES:
            days = np.array(values, dtype=np.int64)
            dates = np.where(days == _NAT, 0, days).astype("datetime64[D]").astype("datetime64[s]")
            dates[days == _NAT] = np.datetime64("NaT")
            data[name] = dates
        elif name == "units":
            data[name] = np.array(values, dtype=np.float64)
        else:
            data[name] = np.array(values, dtype=np.int32 if name == "line" else np.int64)
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    return frame
