"""Edits on the providers' NPIs: billing (33a), referring (17b) and rendering (24J) pass the check digit."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from revcycle.claims.rules.base import Batch, Hits, edit
from revcycle.codes.npi import validate_npi
from revcycle.core.errors import CodeFormatError

NPI_SOURCE = "HIPAA NPI standard (45 CFR 162.406-162.410); check digit = Luhn over 80840 + first 9 digits"


@lru_cache(maxsize=5000)
def npi_problem(npi: str) -> str | None:
    """Why ``npi`` is not a valid NPI, or None when it is."""
    try:
        validate_npi(npi)
    except CodeFormatError as exc:
        return str(exc)
    return None


@edit("NPI-BILLING", "fatal", "33a", "the billing provider's NPI passes the check-digit test", NPI_SOURCE,
      "billing NPI")
def npi_billing(batch: Batch) -> Hits:
    billing = batch.col("billing_npi")
    hit = np.flatnonzero(billing.flags(lambda v: npi_problem(v) is not None)[billing.codes[batch.first]])
    values = [str(billing.at(batch.first[i])) for i in hit]
    return batch.claim_hits(hit, [f"Item 33a (billing provider): {npi_problem(v)}" for v in values], values)


@edit("NPI-REFERRING", "fatal", "17b", "the referring provider's NPI passes the check-digit test", NPI_SOURCE,
      "referring NPI")
def npi_referring(batch: Batch) -> Hits:
    referring = batch.col("referring_npi")
    hit = np.flatnonzero(referring.flags(lambda v: bool(v) and npi_problem(v) is not None)[
        referring.codes[batch.first]])
    values = [str(referring.at(batch.first[i])) for i in hit]
    return batch.claim_hits(hit, [f"Item 17b (referring provider): {npi_problem(v)}" for v in values], values)


@edit("NPI-RENDERING", "fatal", "24J", "each rendering NPI passes the check-digit test", NPI_SOURCE,
      "rendering NPI")
def npi_rendering(batch: Batch) -> Hits:
    rendering = batch.line_col("rendering_npi")
    hit = np.flatnonzero(rendering.map(lambda v: bool(v) and npi_problem(v) is not None, bool))
    values = [str(rendering.at(k)) for k in hit]
    return batch.line_hits(hit, [f"Line {n}, item 24J (rendering provider): {npi_problem(v)}"
                                 for n, v in zip(batch.lline[hit], values, strict=True)], values)


EDITS = (npi_billing, npi_referring, npi_rendering)
