"""Tables and a chart built from the Medicare Physician Fee Schedule: codes by locality, one code across every
locality, and one code in two years.

Everything is computed with :func:`revcycle.payment.fees.pfs_payment` (CY2026 RVUs and GPCIs) and
:func:`~.fees.pfs_amount`; nothing is looked up anywhere else. The only numbers stored here are the CY2025
national RVUs of ``99213`` (CMS CY2025 PFS relative value file), so a chapter can show how the same visit was
priced a year earlier: work 1.30, practice expense 1.35 (non-facility) or 0.57 (facility), malpractice 0.10.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd

from revcycle.core.errors import DataError
from revcycle.core.money import ROUNDING, to_cents
from revcycle.payment import fees

#: RVU totals and the highest-over-lowest ratio are shown to two places, rounded half up like money.
HUNDREDTH = Decimal("0.01")


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUNDING)

#: CY2025 national RVUs (work, PE, MP) by setting, for the codes the book compares across years.
RVUS_2025: dict[str, dict[str, tuple[str, str, str]]] = {
    "99213": {"non-facility": ("1.30", "1.35", "0.10"), "facility": ("1.30", "0.57", "0.10")},
}


def _short(name: str) -> str:
    """A locality name without CMS's floor markers and county lists, for column headings and chart labels."""
    return name.replace("*", "").split(" (")[0].title()


def compare(codes: Sequence[str], localities: Sequence[str | None], *, setting: fees.Setting = "non-facility",
            year: int = 2026, qualifying_apm: bool = False) -> pd.DataFrame:
    """Payments for ``codes`` (rows) in ``localities`` (columns; None = national), Decimal dollars."""
    columns = {}
    for loc in localities:
        label = "National" if loc is None else f"{_short(fees.get_locality(loc).name)} ({fees.get_locality(loc).state})"
        columns[label] = [fees.pfs_payment(code, locality=loc, setting=setting, year=year,
                                           qualifying_apm=qualifying_apm).payment for code in codes]
    return pd.DataFrame(columns, index=pd.Index(list(codes), name="code"))


def gpci_table(localities: Iterable[str]) -> pd.DataFrame:
    """The three GPCIs of each locality, as the CY2026 file gives them."""
    rows = []
    for loc in localities:
        found = fees.get_locality(loc)
        rows.append({"locality": found.key, "name": _short(found.name), "state": found.state,
                     "work_gpci": found.gpcis.work, "pe_gpci": found.gpcis.pe, "mp_gpci": found.gpcis.mp})
    return pd.DataFrame(rows)


def across_localities(code: str, *, setting: fees.Setting = "non-facility", year: int = 2026,
                      qualifying_apm: bool = False) -> pd.DataFrame:
    """``code``'s payment in every locality of the CY2026 GPCI file, lowest first."""
    rows = []
    for loc in fees.localities():
        pay = fees.pfs_payment(code, locality=loc, setting=setting, year=year, qualifying_apm=qualifying_apm)
        rows.append({"locality": loc.key, "name": _short(loc.name), "state": loc.state,
                     "work_gpci": loc.gpcis.work, "pe_gpci": loc.gpcis.pe, "mp_gpci": loc.gpcis.mp,
                     "payment": pay.payment})
    frame = pd.DataFrame(rows)
    frame["_sort"] = [float(p) for p in frame["payment"]]
    return frame.sort_values(["_sort", "locality"], kind="stable").drop(columns="_sort").reset_index(drop=True)


def spread(frame: pd.DataFrame) -> dict[str, object]:
    """Lowest, highest and median payment of :func:`across_localities` output, and highest / lowest.

    An even count's median is the mean of the middle two, rounded to the cent (:func:`~revcycle.core.money.to_cents`);
    the ratio is rounded half up to two places."""
    pays = sorted(frame["payment"])
    n = len(pays)
    median = pays[n // 2] if n % 2 else to_cents((pays[n // 2 - 1] + pays[n // 2]) / 2)
    low, high = frame.iloc[0], frame.iloc[-1]
    return {"localities": n, "lowest": low["payment"], "lowest_name": f"{low['name']} ({low['state']})",
            "highest": high["payment"], "highest_name": f"{high['name']} ({high['state']})", "median": median,
            "highest_over_lowest": _two_places(high["payment"] / low["payment"])}


def year_compare(code: str = "99213") -> pd.DataFrame:
    """``code`` nationally in CY2025 (its CY2025 RVUs, $32.3465) and CY2026 (both conversion factors), by setting."""
    if code not in RVUS_2025:
        raise DataError(f"The book stores CY2025 RVUs for {', '.join(RVUS_2025)} only.")
    rows = []
    for setting in ("non-facility", "facility"):
        rvus = RVUS_2025[code][setting]
        old = fees.pfs_amount(rvus, conversion_factor=fees.conversion_factor(2025))
        rows.append({"year": 2025, "setting": setting, "conversion_factor": old.conversion_factor,
                     "work_rvu": old.rvus.work, "pe_rvu": old.rvus.pe, "mp_rvu": old.rvus.mp,
                     "total_rvus": _two_places(old.total_adjusted_rvus), "payment": old.amount})
        for qp in (False, True):
            new = fees.pfs_payment(code, setting=setting, qualifying_apm=qp)
            rows.append({"year": 2026 if not qp else "2026 (QP)", "setting": setting,
                         "conversion_factor": new.conversion_factor, "work_rvu": new.rvus.work,
                         "pe_rvu": new.rvus.pe, "mp_rvu": new.rvus.mp,
                         "total_rvus": _two_places(new.total_adjusted_rvus),
                         "payment": new.payment})
    return pd.DataFrame(rows)
