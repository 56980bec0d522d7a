"""The NCCI procedure-to-procedure edit: no bundled pair of codes on one day by one provider without a
modifier that may unbundle it. Uses the book's ILLUSTRATIVE teaching sample of pairs, not the CMS file."""

from __future__ import annotations

import numpy as np

from revcycle.claims.procedures import is_em
from revcycle.claims.rules.base import Array, Batch, Hits, edit, join
from revcycle.claims.rules.modifiers import em as is_em_line
from revcycle.codes import ncci

NON_EM_BYPASS = ncci.NCCI_BYPASS_MODIFIERS - {"24", "25", "57"}


def _message(n1: int, c1: str, n2: int, c2: str) -> str:
    pair = ncci.ptp_index()[(c1, c2)]
    if pair.modifier_indicator == 0:
        rule = "is never paid with"
        fix = "Remove it; no modifier can unbundle this pair."
    elif is_em(c2):
        rule = "is bundled into"
        fix = "If the visit was significant and separately identifiable, add modifier 25 to it; otherwise remove it."
    else:
        rule = "is bundled into"
        fix = ("If the services were truly distinct, add the NCCI-associated modifier that says why (XE, XS, XP, "
               "XU or 59, or an anatomic modifier such as LT/RT); otherwise remove it.")
    return (f"Line {n2}: {c2} {rule} {c1} (line {n1}) on the same day by the same provider "
            f"(illustrative NCCI sample: {pair.rationale}) {fix}")


@edit("NCCI-PTP", "fatal", "24D", "no bundled pair on the same day without a proper modifier", ncci.PTP_SOURCE,
      "procedure")
def ncci_ptp(batch: Batch) -> Hits:
    ptp, pc = batch.ptp, batch.proc.codes
    listed: Array = ptp >= 0
    role1: Array = np.asarray(listed.any(axis=1))[pc]  # codes that are column 1 of some pair
    role2: Array = np.asarray(listed.any(axis=0))[pc]  # ... and column 2
    if not (role1.any() and role2.any()):
        return Hits.none()
    a = np.flatnonzero(role1)
    in_claim = np.zeros(batch.nc, dtype=bool)
    in_claim[batch.lci[a]] = True
    b = np.flatnonzero(role2 & in_claim[batch.lci])
    i, j = join(batch.provider_day[a], batch.provider_day[b])
    k1, k2 = a[i], b[j]
    indicator = ptp[pc[k1], pc[k2]]
    em = is_em_line(batch)
    em_bypass = batch.mods.has_any(ncci.EM_BYPASS_MODIFIERS)
    other_bypass = batch.mods.has_any(NON_EM_BYPASS)
    bypass = (indicator == 1) & np.where(em[k2], em_bypass[k2], other_bypass[k1] | other_bypass[k2])
    bad = (indicator >= 0) & (k1 != k2) & ~bypass
    k1, k2 = k1[bad], k2[bad]
    lline, proc = batch.lline, batch.proc
    return batch.line_hits(k2, [_message(int(lline[x]), proc.at(x), int(lline[y]), proc.at(y))
                                for x, y in zip(k1, k2, strict=True)], [str(proc.at(y)) for y in k2])


EDITS = (ncci_ptp,)
