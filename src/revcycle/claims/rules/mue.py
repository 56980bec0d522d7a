"""The medically unlikely edit (MUE): units of a code on a Medicare claim, per line (MAI 1) or per day and
provider (MAI 2 and 3), within the CMS table's limit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from revcycle.claims.rules.base import Batch, Hits, edit, plural, repeated, to_date, units_text
from revcycle.codes import ncci


def _line_message(n: int, units: float, code: str, value: int) -> str:
    return (f"Line {n}: {units_text(units)} units of {code} on one line; the Medicare MUE allows {value} per "
            "line (MAI 1). The line will be denied as written.")


def _day_message(lines: list[int], total: Decimal, code: str, day: date, value: int, mai: int) -> str:
    which = plural(lines, "Line", "Lines") + " " + ", ".join(str(x) for x in lines)
    extra = " Documentation can support more units on appeal." if mai == 3 else " This cannot be appealed."
    return (f"{which}: {units_text(total)} units of {code} on {day.isoformat()}; the Medicare MUE allows "
            f"{value} a day for one provider (MAI {mai}).{extra}")


@edit("MUE", "fatal", "24G", "units on a Medicare claim do not exceed the CMS medically unlikely edit (MUE)",
      ncci.MUE_SOURCE, "units")
def mue(batch: Batch) -> Hits:
    proc, units, medicare, lline = batch.proc, batch.units, batch.medicare, batch.lline
    mue_value = proc.map(lambda c: (m.value if (m := ncci.mue(c)) else -1), np.int64)
    mue_mai = proc.map(lambda c: (m.mai if (m := ncci.mue(c)) else 0), np.int64)
    hit = np.flatnonzero(medicare & (mue_mai == 1) & (units > mue_value))
    out_k: list[int] = hit.tolist()
    out_line: list[int] = lline[hit].tolist()
    messages = [_line_message(int(lline[k]), units[k], proc.at(k), int(mue_value[k])) for k in hit]
    values = [units_text(units[k]) for k in hit]
    per_day = np.flatnonzero(medicare & (mue_mai >= 2) & (units > 0))
    if per_day.size:
        # only a code billed on two lines of one claim can add up past the limit, unless one line does alone
        twice = repeated(batch.lci[per_day], proc.codes[per_day], batch.together)
        cand = per_day[twice | (units[per_day] > mue_value[per_day])]
        groups: dict[tuple[int, int, int, int], list[int]] = {}
        for k in cand.tolist():
            key = (int(batch.lci[k]), int(proc.codes[k]), int(batch.from_days[k]), int(batch.eff_npi[k]))
            groups.setdefault(key, []).append(k)
        for members in groups.values():
            members.sort(key=lambda k: lline[k])
            total_units = sum((Decimal(str(units[k])) for k in members), Decimal(0))
            k0 = members[0]
            if total_units > int(mue_value[k0]):
                out_k.append(k0)
                out_line.append(int(lline[k0]))
                messages.append(_day_message([int(lline[k]) for k in members], total_units, proc.at(k0),
                                             to_date(batch.from_days[k0]), int(mue_value[k0]), int(mue_mai[k0])))
                values.append(units_text(total_units))
    k = np.array(out_k, dtype=np.int64)
    return batch.line_hits(k, messages, values)


EDITS = (mue,)
