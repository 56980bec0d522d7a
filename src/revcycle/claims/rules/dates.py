"""Edits on the dates of service (item 24A): in order, not before birth, not after the claim, and (Medicare)
within the timely filing limit of :mod:`revcycle.claims.filing`."""

from __future__ import annotations

import numpy as np

from revcycle.claims.filing import late, medicare_deadline
from revcycle.claims.rules.base import Batch, Hits, edit, iso, to_date

DATES = "Date logic: a service ends on or after it starts, falls after the patient's birth and before the claim"


@edit("DATE-ORDER", "fatal", "24A", "the to date is not before the from date", DATES, "date of service")
def date_order(batch: Batch) -> Hits:
    hit = np.flatnonzero(batch.to_days < batch.from_days)
    rows = zip(batch.lline[hit], iso(batch.to_days[hit]), iso(batch.from_days[hit]), strict=True)
    return batch.line_hits(hit, [f"Line {n}: the service ends ({t}) before it starts ({f})." for n, t, f in rows],
                           [str(t) for t in iso(batch.to_days[hit])])


@edit("DATE-BIRTH", "fatal", "24A", "the service is not before the patient's birth", DATES, "date of service")
def date_birth(batch: Batch) -> Hits:
    birth = batch.days("patient_birth_date")[0][batch.lr]
    hit = np.flatnonzero(batch.from_days < birth)
    services = iso(batch.from_days[hit])
    rows = zip(batch.lline[hit], services, iso(birth[hit]), strict=True)
    return batch.line_hits(hit, [f"Line {n}: the service date {f} is before the patient's birth date {b} (item 3)."
                                 for n, f, b in rows], [str(f) for f in services])


@edit("DATE-FUTURE", "fatal", "24A", "the service is not after the claim date", DATES, "date of service")
def date_future(batch: Batch) -> Hits:
    filed, known = batch.filed
    latest = np.maximum(batch.from_days, batch.to_days)
    hit = np.flatnonzero(known & (latest > filed))
    services = iso(latest[hit])
    rows = zip(batch.lline[hit], services, iso(filed[hit]), strict=True)
    return batch.line_hits(hit, [f"Line {n}: the service date {a} is after the claim date {b}; bill a service only "
                                 "after it is given." for n, a, b in rows], [str(a) for a in services])


@edit("TIMELY", "fatal", "24A", "Medicare receives the claim within 12 months of the service",
      "42 CFR 424.44(a): Medicare claims are filed within 12 months (one calendar year) of the date of "
      "service; late claims are denied (CARC 29)", "date of service")
def timely(batch: Batch) -> Hits:
    filed, known = batch.filed
    idx = np.flatnonzero(known & batch.medicare)
    hit = idx[late(batch.from_days[idx], filed[idx])]
    messages, values = [], []
    for k in hit:
        start, sent = to_date(batch.from_days[k]), to_date(filed[k])
        messages.append(f"Line {batch.lline[k]}: Medicare must receive a claim within 12 months of the service. The "
                        f"service on {start.isoformat()} was due by {medicare_deadline(start).isoformat()}, but the "
                        f"claim is dated {sent.isoformat()}; it will be denied (CARC 29).")
        values.append(start.isoformat())
    return batch.line_hits(hit, messages, values)


EDITS = (date_order, date_birth, date_future, timely)
