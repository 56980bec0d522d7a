"""Medicare Physician Fee Schedule (PFS) amounts from the CMS CY2026 RVU and GPCI files.

Payment = [(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x conversion factor.

Rounding: the formula as CMS publishes it (PFS fact sheets, RVU file documentation) says nothing
about rounding the intermediate products, and CMS states fee schedule amounts in dollars and
cents. This module keeps every product exact with ``Decimal``, sums them, multiplies by the
conversion factor and rounds once to the cent by the book's one rule, :func:`revcycle.core.money.to_cents`
(half up). That reproduces the CMS-derived national
examples for 99213 (CY2026: $95.19 non-facility, $57.45 facility; CY2025 RVUs with the CY2025
factor: $88.95 / $63.72) to the cent. Medicare contractors then apply claim-level adjustments
(such as the 2% sequestration reduction) that are not modelled here.

The shipped RVUs are the CY2026 file's (RVU26C, July 2026 release). ``year=2025`` changes only the
conversion factor, so it answers "what would the 2026 RVUs pay at the 2025 factor", not the real
2025 amount; use :func:`pfs_amount` with the 2025 RVUs for that.

The shipped extract has no "NA" indicator columns, so it cannot tell when CMS does not price a
service in one setting: an amount is computed for both settings anyway. Rows with modifier 26
(professional component), TC (technical component) or 53 carry their own RVUs.

Errors: a code, modifier, locality, setting or year that cannot be read or is out of range raises
:class:`~revcycle.core.errors.InputError` (a malformed code :class:`~revcycle.core.errors.CodeFormatError`); a code
the fee schedule does not pay (not in the file, or a status without payment) raises
:class:`~revcycle.core.errors.RuleError`.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from revcycle.core.errors import CodeFormatError, DataError, InputError, RuleError
from revcycle.core.money import parse_money, to_cents

if TYPE_CHECKING:
    import pandas as pd

ONE = Decimal("1.000")
#: RVUs and GPCIs are below this (the largest RVU in the file is in the hundreds).
FACTOR_LIMIT = Decimal(1_000_000)

#: Conversion factors in dollars per RVU: (year, qualifying APM participant) -> factor.
#: CY2025 had one factor; CY2026 has two (CY2026 PFS final rule, FR Doc 2025-19787).
CONVERSION_FACTORS: dict[tuple[int, bool], Decimal] = {
    (2025, False): Decimal("32.3465"),
    (2025, True): Decimal("32.3465"),
    (2026, False): Decimal("33.4009"),
    (2026, True): Decimal("33.5675"),
}

#: Where the RVUs come from; every PfsPayment carries it so nobody mistakes them for another year's.
RVU_SOURCE = "CMS CY2026 PFS relative value file RVU26C (July 2026 release, non-QPP)"
INDICATOR_FILE = "pfs_indicators_2026.csv.gz"  # the same file's payment-policy indicator columns
GPCI_SOURCE = "CMS CY2026 GPCIs (Addendum E, as shipped in RVU26C)"

#: PFS status indicators whose RVUs are used for payment (A active, R restricted coverage,
#: T paid only when no other PFS service is billed that day).
PAYABLE_STATUSES = frozenset("ART")

#: Plain-language meanings of the status indicators found in the RVU file (our own wording).
STATUS_MEANINGS: dict[str, str] = {
    "A": "active: paid under the fee schedule",
    "B": "bundled: payment is included in another service",
    "C": "carrier priced: the Medicare contractor sets the amount, so the file has no RVUs",
    "E": "excluded from the fee schedule by regulation",
    "I": "not valid for Medicare (Medicare uses another code)",
    "J": "anesthesia service: paid with anesthesia base and time units, not RVUs",
    "M": "measurement code: reported for quality programmes only, not paid",
    "N": "non-covered service",
    "P": "bundled or excluded: no separate fee schedule payment",
    "R": "restricted coverage: paid only when special coverage rules are met",
    "T": "paid only when no other fee schedule service is billed the same day",
    "X": "statutory exclusion: not a physician service, or paid under another fee schedule",
}

#: Modifiers that have their own rows (their own RVUs) in the RVU file.
PRICING_MODIFIERS = frozenset({"26", "TC", "53"})

Setting = Literal["non-facility", "facility"]
_SETTINGS: tuple[str, ...] = ("non-facility", "facility")


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class RVUs:
    """The three relative value units of one service in one setting."""

    work: Decimal
    pe: Decimal
    mp: Decimal


@dataclass(frozen=True)
class GPCIs:
    """Geographic practice cost indices for work, practice expense and malpractice."""

    work: Decimal
    pe: Decimal
    mp: Decimal


NATIONAL_GPCIS = GPCIs(ONE, ONE, ONE)


@dataclass(frozen=True)
class Locality:
    """One Medicare payment locality: MAC number + 2-digit locality number, with its GPCIs.

    ``name`` is as CMS prints it: ``*`` marks Alaska's 1.500 work floor, ``**`` the frontier
    states' 1.000 practice-expense floor.
    """

    mac: str
    locality: str
    name: str
    state: str
    gpcis: GPCIs
    #: Unique identifier that get_locality() and pfs_payment() accept: ``"10112-00"`` (MAC, dash,
    #: locality number), with ``-ST`` added where the file repeats a MAC-locality pair.
    key: str = ""

    @property
    def id(self) -> str:
        """``"MAC-LL"``, e.g. ``"10112-00"`` (not unique for two pairs in the file: use ``key``)."""
        return f"{self.mac}-{self.locality}"


@dataclass(frozen=True)
class RvuRecord:
    """One row of the CY2026 RVU file (descriptors were removed from the file: CPT is AMA copyright)."""

    code: str
    modifier: str
    status: str
    work: Decimal
    nonfacility_pe: Decimal
    facility_pe: Decimal
    mp: Decimal
    global_days: str

    def rvus(self, setting: Setting) -> RVUs:
        """The RVUs used in ``setting`` (only practice expense differs between settings)."""
        pe = self.nonfacility_pe if setting == "non-facility" else self.facility_pe
        return RVUs(self.work, pe, self.mp)


@dataclass(frozen=True)
class PfsAmount:
    """Each step of the fee schedule arithmetic, kept exact until the final rounding."""

    rvus: RVUs
    gpcis: GPCIs
    conversion_factor: Decimal
    work_adjusted: Decimal
    pe_adjusted: Decimal
    mp_adjusted: Decimal
    total_adjusted_rvus: Decimal
    unrounded: Decimal
    amount: Decimal


@dataclass(frozen=True)
class PfsPayment:
    """A fee schedule amount for one code, setting, locality and year, with every input shown."""

    code: str
    modifier: str | None
    status: str
    global_days: str
    year: int
    setting: Setting
    qualifying_apm: bool
    locality_id: str
    locality_name: str
    rvus: RVUs
    gpcis: GPCIs
    conversion_factor: Decimal
    work_adjusted: Decimal
    pe_adjusted: Decimal
    mp_adjusted: Decimal
    total_adjusted_rvus: Decimal
    unrounded: Decimal
    payment: Decimal
    rvu_year: int = 2026
    rvu_source: str = RVU_SOURCE
    note: str = ""

    def steps_frame(self) -> pd.DataFrame:
        """The arithmetic as a table: each RVU x GPCI, their sum, x conversion factor, rounded."""
        return steps_frame(self)


# --------------------------------------------------------------------------- arithmetic


def _dec(value: object, what: str) -> Decimal:
    """The one reader for RVUs and GPCIs (numbers, not money; the conversion factor is dollars, read as money):
    str, int, Decimal, or a float via its shortest repr; finite, zero or more and below :data:`FACTOR_LIMIT`."""
    if isinstance(value, bool):
        raise InputError(f"{what} must be a number, not {value!r}.")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str | float):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise InputError(f"{what} must be a number such as '1.30', not {value!r}.") from None
    else:
        raise InputError(f"{what} must be a number such as '1.30', not a {type(value).__name__}.")
    if not result.is_finite() or result < 0:
        raise InputError(f"{what} must be a finite number of zero or more, not {value!r}.")
    if result >= FACTOR_LIMIT:
        raise InputError(f"{what} {value!r} is too large: RVUs and GPCIs are below {FACTOR_LIMIT:,}.")
    return result


def _triple(values: object, what: str) -> tuple[Decimal, Decimal, Decimal]:
    """(work, practice expense, malpractice) read from RVUs, GPCIs or any three numbers."""
    if isinstance(values, RVUs | GPCIs):
        return values.work, values.pe, values.mp
    items = tuple(values) if isinstance(values, Iterable) and not isinstance(values, str) else ()
    if len(items) != 3:
        raise InputError(
            f"{what} must be three numbers (work, practice expense, malpractice), "
            "e.g. ('1.30', '1.35', '0.10')."
        )
    work, pe, mp = items
    return (
        _dec(work, f"{what} work"),
        _dec(pe, f"{what} practice expense"),
        _dec(mp, f"{what} malpractice"),
    )


def pfs_amount(
    rvus: RVUs | tuple[object, object, object],
    gpcis: GPCIs | tuple[object, object, object] = NATIONAL_GPCIS,
    conversion_factor: object = None,
) -> PfsAmount:
    """Apply the PFS formula to explicit RVUs, GPCIs and conversion factor, showing every step.

    Each product is exact (Decimal), the products are summed, the sum is multiplied by the
    conversion factor, and only the result is rounded to the cent (:func:`~revcycle.core.money.to_cents`, half
    up). Example, 99213 with the CY2025 national RVUs (work 1.30, non-facility PE 1.35, MP 0.10) and the CY2025 factor:
    ``pfs_amount(("1.30", "1.35", "0.10"), conversion_factor="32.3465").amount == Decimal("88.95")``.
    """
    if conversion_factor is None:
        raise InputError(
            "pfs_amount needs a conversion factor, e.g. conversion_factor(2026) -> 33.4009; "
            "see revcycle.payment.fees.CONVERSION_FACTORS."
        )
    r = rvus if isinstance(rvus, RVUs) else RVUs(*_triple(rvus, "RVUs"))
    g = gpcis if isinstance(gpcis, GPCIs) else GPCIs(*_triple(gpcis, "GPCIs"))
    cf = parse_money(conversion_factor, "The conversion factor", example="33.4009", negative=False, whole_cents=False)
    work = r.work * g.work
    pe = r.pe * g.pe
    mp = r.mp * g.mp
    total = work + pe + mp
    unrounded = total * cf
    return PfsAmount(
        rvus=r,
        gpcis=g,
        conversion_factor=cf,
        work_adjusted=work,
        pe_adjusted=pe,
        mp_adjusted=mp,
        total_adjusted_rvus=total,
        unrounded=unrounded,
        amount=to_cents(unrounded),
    )


def steps_frame(steps: PfsAmount | PfsPayment) -> pd.DataFrame:
    """The fee arithmetic as a small table of exact Decimal values, one row per step."""
    import pandas as pd

    total = steps.total_adjusted_rvus
    final = steps.amount if isinstance(steps, PfsAmount) else steps.payment
    rows = [
        ("Work", steps.rvus.work, steps.gpcis.work, steps.work_adjusted),
        ("Practice expense", steps.rvus.pe, steps.gpcis.pe, steps.pe_adjusted),
        ("Malpractice", steps.rvus.mp, steps.gpcis.mp, steps.mp_adjusted),
        ("Sum of adjusted RVUs", "", "", total),
        ("x conversion factor", "", steps.conversion_factor, steps.unrounded),
        ("Rounded to the cent", "", "", final),
    ]
    return pd.DataFrame(rows, columns=["step", "RVU", "GPCI or factor", "result"]).astype(object)


def conversion_factor(year: int = 2026, *, qualifying_apm: bool = False) -> Decimal:
    """The PFS conversion factor for ``year`` (2025 or 2026), in dollars per RVU.

    CY2026 has one factor for qualifying APM participants and one for everyone else; CY2025 had a
    single factor, so ``qualifying_apm`` does not change it.
    """
    if not isinstance(qualifying_apm, bool):
        raise InputError(f"qualifying_apm must be True or False, not {qualifying_apm!r}.")
    key = (year, qualifying_apm)
    if key not in CONVERSION_FACTORS:
        years = sorted({y for y, _ in CONVERSION_FACTORS})
        raise InputError(f"No conversion factor for {year!r}; this book covers the years {years}.")
    return CONVERSION_FACTORS[key]


# --------------------------------------------------------------------------- data


def _read_gz_csv(name: str) -> list[dict[str, str]]:
    try:
        raw = resources.files("revcycle").joinpath("data", name).read_bytes()
    except FileNotFoundError:
        raise DataError(f"The data file revcycle/data/{name} is missing; reinstall the package.") from None
    text = gzip.decompress(raw).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def _rvu_index() -> dict[str, dict[str, RvuRecord]]:
    """code -> modifier ('' for the global row) -> record, read once from the shipped file."""
    index: dict[str, dict[str, RvuRecord]] = {}
    for row in _read_gz_csv("pfs_rvu_2026.csv.gz"):
        if Decimal(row["conversion_factor"]) != CONVERSION_FACTORS[(2026, False)]:
            raise DataError(
                "pfs_rvu_2026.csv.gz is not the CY2026 non-QP file (its conversion factor differs); "
                "reinstall the package."
            )
        record = RvuRecord(
            code=row["code"],
            modifier=row["modifier"],
            status=row["status"],
            work=Decimal(row["work_rvu"]),
            nonfacility_pe=Decimal(row["nonfac_pe_rvu"]),
            facility_pe=Decimal(row["fac_pe_rvu"]),
            mp=Decimal(row["mp_rvu"]),
            global_days=row["global_days"],
        )
        index.setdefault(record.code, {})[record.modifier] = record
    return index


def listed_codes() -> frozenset[str]:
    """Every code the CY2026 RVU file lists, payable or not (the file holds numbers only, no descriptors)."""
    return frozenset(_rvu_index())


@lru_cache(maxsize=1)
def payable_codes() -> list[str]:
    """Codes whose global row has a payable status and some RVUs, sorted: the pool generated practice draws from."""
    out = []
    for code, rows in _rvu_index().items():
        record = rows.get("")
        if record and record.status in PAYABLE_STATUSES and record.work + record.nonfacility_pe + record.mp > 0:
            out.append(code)
    return sorted(out)


@lru_cache(maxsize=1)
def localities() -> tuple[Locality, ...]:
    """All localities of the CY2026 GPCI file, in the file's order."""
    rows = _read_gz_csv("gpci_2026.csv.gz")
    pairs = Counter((row["mac"], row["locality"]) for row in rows)
    result = []
    for row in rows:
        key = f"{row['mac']}-{row['locality']}"
        if pairs[(row["mac"], row["locality"])] > 1:
            key += f"-{row['state']}"
        gpcis = GPCIs(Decimal(row["work_gpci"]), Decimal(row["pe_gpci"]), Decimal(row["mp_gpci"]))
        result.append(Locality(row["mac"], row["locality"], row["locality_name"], row["state"], gpcis, key))
    return tuple(result)


def locality_table() -> pd.DataFrame:
    """The CY2026 GPCIs as a pandas DataFrame (GPCIs as floats, for display and charts)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "locality_id": loc.key,
                "mac": loc.mac,
                "locality": loc.locality,
                "name": loc.name,
                "state": loc.state,
                "work_gpci": float(loc.gpcis.work),
                "pe_gpci": float(loc.gpcis.pe),
                "mp_gpci": float(loc.gpcis.mp),
            }
            for loc in localities()
        ]
    )


def find_localities(query: str) -> list[Locality]:
    """Localities whose 2-letter state is ``query`` or whose name contains it (case-insensitive).

    >>> [loc.key for loc in find_localities("Alaska")]
    ['02102-01']
    """
    if not isinstance(query, str) or not query.strip():
        raise InputError("Give part of a locality name or a 2-letter state, e.g. 'Miami' or 'FL'.")
    q = query.strip().upper()
    return [loc for loc in localities() if loc.state == q or q in loc.name.replace("*", "")]


_LOCALITY_ID = re.compile(r"^(\d{5})[-\s]?(\d{2})(?:[-\s/]?([A-Z]{2}))?$")


def get_locality(locality: str | Locality) -> Locality:
    """Look up a locality by identifier ``"MAC-LL"`` (e.g. ``"10112-00"``), optionally with its state.

    Two identifiers occur twice in the CY2026 file as shipped (05102-00 for Connecticut and Iowa,
    03502-00 for South Dakota and Utah): add the state to pick one, e.g. ``"05102-00-IA"``.
    """
    if isinstance(locality, Locality):
        return locality
    if not isinstance(locality, str):
        raise InputError(
            f"A locality must be an identifier such as '10112-00' (MAC-locality), not {locality!r}; "
            "use find_localities('name or state') to look one up."
        )
    m = _LOCALITY_ID.match(locality.strip().upper())
    if not m:
        raise InputError(
            f"{locality!r} is not a locality identifier. Write the 5-digit MAC and the 2-digit locality "
            "number, e.g. '10112-00' for Alabama; find_localities('Alabama') looks them up by name."
        )
    mac, number, state = m.groups()
    found = [
        loc
        for loc in localities()
        if loc.mac == mac and loc.locality == number and state in (None, loc.state)
    ]
    if not found:
        raise InputError(
            f"There is no locality {mac}-{number}{'-' + state if state else ''} in the CY2026 GPCI file; "
            "find_localities('name or state') lists the real ones."
        )
    if len(found) > 1:
        options = " or ".join(f"'{loc.key}' ({loc.name})" for loc in found)
        raise InputError(f"Locality {mac}-{number} matches more than one locality; write {options}.")
    return found[0]


# --------------------------------------------------------------------------- lookups


_CODE = re.compile(r"^[0-9A-Z]{5}$")


def _normalize_code(code: object) -> str:
    if not isinstance(code, str):
        raise CodeFormatError(f"A procedure code must be text such as '99213', not {code!r}.")
    text = code.strip().upper()
    if not _CODE.match(text):
        raise CodeFormatError(
            f"{code!r} is not a CPT or HCPCS code: write 5 characters, e.g. '99213' or 'G0439', "
            "and give any modifier separately (modifier='26')."
        )
    return text


def _normalize_modifier(modifier: object) -> str:
    if modifier is None:
        return ""
    if not isinstance(modifier, str):
        raise InputError(f"A modifier must be text such as '26' or 'TC', not {modifier!r}.")
    return modifier.strip().upper().lstrip("-")


def rvu_record(code: str, modifier: str | None = None) -> RvuRecord:
    """The RVU file row for ``code`` (and a pricing modifier 26, TC or 53), whatever its status."""
    c = _normalize_code(code)
    m = _normalize_modifier(modifier)
    rows = _rvu_index().get(c)
    if rows is None:
        raise RuleError(
            f"{c} is not in the CY2026 Medicare fee schedule file. Check the code; many drug, lab "
            "and ambulance codes are paid under other fee schedules and are not in it."
        )
    if m and m not in PRICING_MODIFIERS:
        raise InputError(
            f"Modifier {m} has no RVUs of its own in the fee schedule file; only 26 (professional "
            "component), TC (technical component) and 53 (discontinued procedure) do. Payment "
            "rules for other modifiers (such as 50 or 80) are not modelled: leave modifier=None."
        )
    if m not in rows:
        split = sorted(k for k in rows if k)
        hint = (
            f"rows exist for modifier {', '.join(split)}" + (" and for no modifier" if "" in rows else "")
            if split
            else "leave modifier=None"
        )
        raise InputError(f"The fee schedule file has no {c}-{m} row: {hint}.")
    return rows[m]


@dataclass(frozen=True)
class PfsIndicators:
    """The payment-policy indicators of one RVU-file row: how Medicare adjusts the amount on a surgical claim.

    Values are CMS's codes from the RVU file's record layout: ``mult_proc`` 0 none, 2 standard, 3 endoscopy,
    4-7 imaging/therapy/cardiology/ophthalmology reductions, 9 not applicable; ``bilat_surg`` 0 no 150%,
    1 150%, 2 already bilateral, 3 each side at 100%; ``asst_surg`` 0 with documentation, 1 not paid, 2 paid;
    ``co_surg``/``team_surg`` 0 not permitted, 1 with documentation, 2 permitted; 9 = does not apply.
    ``pre_op``/``intra_op``/``post_op`` are the shares of the global package (modifiers 56, 54, 55).
    ``nonfacility_na``/``facility_na``: CMS's NA flag, no payment expected in that setting (for a code done only in
    a facility, the file repeats the facility practice expense in the non-facility column). ``imaging_family`` is the
    DIAGNOSTIC IMAGING FAMILY INDICATOR (88: subject to the imaging multiple-procedure reductions, 99: not);
    ``supervision`` the PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES code (01 general, 02 direct, 03 personal, 09 not
    applicable, and the file's combined codes such as 21, 66, 6A, 7A).
    """

    code: str
    modifier: str
    pctc: str
    pre_op: Decimal
    intra_op: Decimal
    post_op: Decimal
    mult_proc: str
    bilat_surg: str
    asst_surg: str
    co_surg: str
    team_surg: str
    endo_base: str
    imaging_family: str
    nonfacility_na: bool = False
    facility_na: bool = False
    supervision: str = ""


@lru_cache(maxsize=1)
def _indicator_index() -> dict[tuple[str, str], PfsIndicators]:
    """(code, modifier) -> indicators, read once from the shipped file."""
    index: dict[tuple[str, str], PfsIndicators] = {}
    for r in _read_gz_csv(INDICATOR_FILE):
        index[(r["code"], r["modifier"])] = PfsIndicators(
            r["code"], r["modifier"], r["pctc"], Decimal(r["pre_op"]), Decimal(r["intra_op"]),
            Decimal(r["post_op"]), r["mult_proc"], r["bilat_surg"], r["asst_surg"], r["co_surg"], r["team_surg"],
            r["endo_base"], r["imaging_family"], r["nonfac_na"] == "NA", r["fac_na"] == "NA",
            r["phys_supv"])
    return index


def pfs_indicators(code: str, modifier: str | None = None) -> PfsIndicators:
    """The payment-policy indicators of the row :func:`rvu_record` reads for ``code`` (and ``modifier``)."""
    record = rvu_record(code, modifier)
    return _indicator_index()[(record.code, record.modifier)]


def pfs_payment(
    code: str,
    *,
    locality: str | Locality | None = None,
    setting: Setting = "non-facility",
    year: int = 2026,
    qualifying_apm: bool = False,
    modifier: str | None = None,
) -> PfsPayment:
    """Medicare fee schedule amount for ``code``, with the RVUs, GPCIs and factor it came from.

    ``locality=None`` is the national amount (all GPCIs 1.000); otherwise a locality identifier
    such as ``"10112-00"`` or a :class:`Locality` from :func:`find_localities`. ``setting`` is
    ``"non-facility"`` (e.g. an office) or ``"facility"`` (e.g. a hospital outpatient department).
    RVUs are always the CY2026 file's; ``year`` and ``qualifying_apm`` choose the conversion factor.
    ``modifier`` "26"/"TC"/"53" uses that row of the file (e.g. the professional component).
    """
    if setting not in _SETTINGS:
        raise InputError(f"setting must be 'non-facility' or 'facility', not {setting!r}.")
    cf = conversion_factor(year, qualifying_apm=qualifying_apm)
    record = rvu_record(code, modifier)
    label = record.code + (f"-{record.modifier}" if record.modifier else "")
    if record.status not in PAYABLE_STATUSES:
        meaning = STATUS_MEANINGS.get(record.status, "not paid under the fee schedule")
        raise RuleError(
            f"{label} has no Medicare fee schedule payment: status {record.status} ({meaning})."
        )
    rvus = record.rvus(setting)  # type: ignore[arg-type]
    if rvus.work + rvus.pe + rvus.mp == 0:
        raise RuleError(
            f"{label} has status {record.status} but all its {setting} RVUs are zero in the CY2026 file, "
            "so there is no fee schedule amount to compute."
        )
    if locality is None:
        loc_id, loc_name, gpcis = "national", "National (all GPCIs 1.000)", NATIONAL_GPCIS
    else:
        loc = get_locality(locality)
        loc_id, loc_name, gpcis = loc.key, f"{loc.name} ({loc.state})", loc.gpcis
    steps = pfs_amount(rvus, gpcis, cf)
    note = ""
    if year != 2026:
        note = (
            f"CY2026 RVUs priced with the CY{year} conversion factor: not the amount Medicare paid in "
            f"{year}. Use pfs_amount() with that year's RVUs for a real {year} amount."
        )
    return PfsPayment(
        code=record.code,
        modifier=record.modifier or None,
        status=record.status,
        global_days=record.global_days,
        year=year,
        setting=setting,
        qualifying_apm=qualifying_apm,
        locality_id=loc_id,
        locality_name=loc_name,
        rvus=rvus,
        gpcis=gpcis,
        conversion_factor=cf,
        work_adjusted=steps.work_adjusted,
        pe_adjusted=steps.pe_adjusted,
        mp_adjusted=steps.mp_adjusted,
        total_adjusted_rvus=steps.total_adjusted_rvus,
        unrounded=steps.unrounded,
        payment=steps.amount,
        note=note,
    )
