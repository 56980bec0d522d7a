"""E/M beyond the office: the code family for each setting, and the time and calendar rules around it, for teaching.

The level of most E/M families is chosen the way :mod:`revcycle.coding.em` chooses an office visit's: by medical
decision making (MDM, the same four levels, :class:`~revcycle.coding.em.MDM`) or by the clinician's total time on
the date of the encounter. Since January 1, 2023 this holds for hospital inpatient and observation care, nursing
facility, home or residence visits and consultations; emergency department visits are chosen by MDM only (AMA, CPT
E/M guidelines; CMS, CY 2023 PFS final rule). The minutes each level of those families needs are printed in the CPT
code book, which is AMA copyright and not shipped here: :func:`select` chooses them by time only when it is given
those minutes (``time_table``, from a licensed copy), and says so otherwise. Office visits keep the public CMS
thresholds of :mod:`revcycle.coding.em`.

Families chosen by time alone carry their counting rules here, each from the CMS source named beside it: discharge
day management (30 minutes or less, or more), critical care (CPT's count and Medicare's count of ``99292``),
prolonged services (``G2212``, ``G0316``, ``99417``, ``99418``), transitional care management (the contact and
visit windows), chronic and principal care management (minutes per calendar month), split/shared visits (who has
the substantive portion), incident-to (the conditions of 42 CFR 410.26) and telehealth (place of service and
modifier). Every label and summary is the book's own wording, not AMA text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from revcycle.coding import em
from revcycle.coding.em import MDM
from revcycle.core.dates import business_days_between, parse_date
from revcycle.core.errors import DataError, InputError, RuleError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CARE_MANAGEMENT",
    "CRITICAL_CARE_START",
    "DISCHARGE_SPLIT",
    "FAMILIES",
    "MEDICARE_PROLONGED",
    "TCM_CONTACT_BUSINESS_DAYS",
    "CareManagement",
    "Family",
    "Line",
    "Selection",
    "TcmResult",
    "WhoBills",
    "care_management_lines",
    "code_encounter",
    "critical_care_lines",
    "discharge_code",
    "encounters_frame",
    "family",
    "incident_to",
    "line_payment",
    "prolonged_lines",
    "select",
    "split_shared",
    "synthetic_encounters",
    "tcm",
    "telehealth",
]

Payer = Literal["medicare", "cpt"]
S, L, M, H = MDM.STRAIGHTFORWARD, MDM.LOW, MDM.MODERATE, MDM.HIGH


@dataclass(frozen=True)
class Family:
    """One E/M code family: where it is used, its code for each MDM level, and how its level may be chosen."""

    key: str
    name: str
    pos: tuple[str, ...]  # places of service where the family is usual (CMS POS codes)
    codes: Mapping[MDM, str]  # the code for each MDM level
    by_time: bool  # CPT also allows total time (thresholds in the CPT book, except office: CMS MLN006764)
    note: str = ""

    def code_for(self, level: MDM) -> str:
        return self.codes[level]


#: The families, with the code each MDM level supports (the book's reading of the CPT E/M guidelines as adopted by
#: CMS for 2023; a level shared by two MDM levels is listed under both).
FAMILIES: dict[str, Family] = {f.key: f for f in (
    Family("office-new", "Office or other outpatient, new patient", ("11", "19", "22"),
           em.OFFICE_CODES["new"], True),
    Family("office-established", "Office or other outpatient, established patient", ("11", "19", "22"),
           em.OFFICE_CODES["established"], True),
    Family("hospital-initial", "Hospital inpatient or observation, initial day", ("21", "22"),
           {S: "99221", L: "99221", M: "99222", H: "99223"}, True),
    Family("hospital-subsequent", "Hospital inpatient or observation, later day", ("21", "22"),
           {S: "99231", L: "99231", M: "99232", H: "99233"}, True),
    Family("hospital-same-day", "Hospital inpatient or observation, admitted and discharged the same day",
           ("21", "22"), {S: "99234", L: "99234", M: "99235", H: "99236"}, True),
    Family("emergency", "Emergency department", ("23",),
           {S: "99282", L: "99283", M: "99284", H: "99285"}, False,
           "99281 is a visit that may not need the physician or other qualified clinician present; not chosen "
           "by MDM"),
    Family("nursing-initial", "Nursing facility, initial visit", ("31", "32"),
           {S: "99304", L: "99304", M: "99305", H: "99306"}, True),
    Family("nursing-subsequent", "Nursing facility, later visit", ("31", "32"),
           {S: "99307", L: "99308", M: "99309", H: "99310"}, True),
    Family("home-new", "Home or residence, new patient", ("12", "13", "14", "33"),
           {S: "99341", L: "99342", M: "99344", H: "99345"}, True),
    Family("home-established", "Home or residence, established patient", ("12", "13", "14", "33"),
           {S: "99347", L: "99348", M: "99349", H: "99350"}, True),
    Family("consult-outpatient", "Consultation, office or other outpatient", ("11", "19", "22"),
           {S: "99242", L: "99243", M: "99244", H: "99245"}, True,
           "Medicare does not pay consultation codes (status I in the RVU file): bill the visit code of the setting"),
    Family("consult-inpatient", "Consultation, hospital inpatient or observation", ("21", "22"),
           {S: "99252", L: "99253", M: "99254", H: "99255"}, True,
           "Medicare does not pay consultation codes (status I in the RVU file): bill the visit code of the setting"),
)}

#: Discharge day management is chosen by time alone: the lower code for this many minutes or fewer, the higher
#: above it (CMS, Medicare Claims Processing Manual, ch. 12). Hospital 99238/99239; nursing facility 99315/99316.
DISCHARGE_SPLIT = 30
DISCHARGE_CODES: dict[str, tuple[str, str]] = {"hospital": ("99238", "99239"), "nursing": ("99315", "99316")}

#: Critical care: 99291 from 30 minutes. CPT adds a unit of 99292 at 75 minutes and every 30 minutes after (its
#: mid-point rule); Medicare adds one only for each full 30 minutes past 74, first at 104 (CY 2023 PFS final rule;
#: CMS MLN Matters MM12982).
CRITICAL_CARE_START = 30
_CC_FIRST_ADDON: dict[str, int] = {"cpt": 75, "medicare": 104}

#: Medicare's prolonged-service add-ons and the total minutes at which each primary code's first unit starts:
#: office G2212 (revcycle.coding.em, CMS MLN006764); hospital G0316, 15 minutes past the CMS total time of the
#: primary code (CY 2023 PFS final rule as corrected, FR Doc. 2023-04961). One more unit per full 15 minutes.
MEDICARE_PROLONGED: dict[str, tuple[str, int]] = {
    **{code: (em.PROLONGED_CODE, start) for code, start in em.PROLONGED_START.items()},
    "99223": ("G0316", 90),
    "99233": ("G0316", 65),
}
#: CPT's own add-ons (other payers): 99417 (office) and 99418 (hospital) start 15 minutes past the primary code's
#: minimum time. The office minimums are public (MLN006764); the hospital ones are the CMS figures above less 15.
CPT_PROLONGED: dict[str, tuple[str, int]] = {
    "99205": ("99417", em.TIME_THRESHOLDS["99205"] + 15),
    "99215": ("99417", em.TIME_THRESHOLDS["99215"] + 15),
    "99223": ("99418", 90),
    "99233": ("99418", 65),
}


@dataclass(frozen=True)
class Line:
    """A claim line: a code and its units (and modifiers, when the rule adds one)."""

    code: str
    units: int = 1
    modifiers: tuple[str, ...] = ()

    def __str__(self) -> str:
        mods = "".join(f"-{m}" for m in self.modifiers)
        return f"{self.code}{mods} x {self.units}" if self.units != 1 else f"{self.code}{mods}"


@dataclass(frozen=True)
class Selection:
    """The code for one visit in a family, and what supported it."""

    family: Family
    code: str
    basis: str  # 'MDM', 'time' or 'MDM or time'
    mdm: MDM | None
    minutes: int | None

    def __str__(self) -> str:
        return f"{self.family.name}: report {self.code} (by {self.basis})."


def _minutes(value: object, what: str = "Total time") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{what} must be a whole number of minutes, 0 or more, not {value!r}.")
    return value


def _level(value: MDM | int | str) -> MDM:
    return em._level(value, "MDM")  # the one reader of a level (names, 1-4, members)


def family(key: str) -> Family:
    """The family named ``key`` ('hospital-initial', 'emergency', ...), or an error listing the names."""
    try:
        return FAMILIES[str(key).strip().lower()]
    except KeyError:
        raise InputError(f"{key!r} is not an E/M family; use one of: {', '.join(FAMILIES)}.") from None


def select(key: str, *, mdm: MDM | int | str | None = None, minutes: int | None = None,
           time_table: Mapping[str, int] | None = None) -> Selection:
    """The code for a visit of family ``key`` by MDM, by total time, or both (the higher one is reported).

    Office families use the public CMS thresholds of :mod:`revcycle.coding.em`. For the other families that allow
    time, pass ``time_table`` (code -> minutes from a licensed CPT book); without it a time-only request is refused
    with the reason. Emergency department visits refuse time altogether.
    """
    fam = family(key)
    if mdm is None and minutes is None:
        raise InputError("Give the MDM level, the total minutes, or both: the level is chosen from one of them.")
    if fam.key.startswith("office-"):
        chosen = em.select_code(fam.key.removeprefix("office-"), mdm=mdm, minutes=minutes)
        return Selection(fam, chosen.code, chosen.basis, chosen.mdm, minutes)
    level = None if mdm is None else _level(mdm)
    by_mdm = None if level is None else fam.codes[level]
    by_time = None
    if minutes is not None:
        _minutes(minutes)
        if not fam.by_time:
            raise RuleError(f"{fam.name} visits are chosen by MDM only: CPT gives them no time thresholds. "
                            "Rate the MDM, or report critical care if its conditions are met.")
        if time_table is None:
            if by_mdm is None:
                raise RuleError(f"The minutes each {fam.name.lower()} code needs are printed in the CPT code book "
                                "(AMA copyright) and are not shipped with this book. Pass time_table= from a "
                                "licensed copy, or choose the level by MDM.")
        else:
            order = list(dict.fromkeys(fam.codes.values()))
            missing = [c for c in order if c not in time_table]
            if missing:
                raise InputError(f"time_table has no minutes for {', '.join(missing)}: give every code of the family.")
            reached = [c for c in order if minutes >= _minutes(time_table[c], f"The minutes of {c}")]
            by_time = reached[-1] if reached else None
            if by_time is None and by_mdm is None:
                raise RuleError(f"{minutes} minutes is below the lowest {fam.name.lower()} code's time, and no MDM "
                                "level was given.")
    if by_time is None or (by_mdm is not None and by_mdm > by_time):
        return Selection(fam, by_mdm, "MDM", level, minutes)  # type: ignore[arg-type]
    if by_mdm is None or by_time > by_mdm:
        return Selection(fam, by_time, "time", level, minutes)
    return Selection(fam, by_mdm, "MDM or time", level, minutes)


def discharge_code(minutes: int, where: str = "hospital") -> str:
    """Discharge day management by time: 99238/99239 (hospital) or 99315/99316 (nursing facility)."""
    if where not in DISCHARGE_CODES:
        raise InputError(f"where must be 'hospital' or 'nursing', not {where!r}.")
    if _minutes(minutes) == 0:
        raise InputError("A discharge with no documented time cannot be coded above the lower code: state the minutes.")
    low, high = DISCHARGE_CODES[where]
    return low if minutes <= DISCHARGE_SPLIT else high


def _payer(payer: str) -> Payer:
    if payer not in ("medicare", "cpt"):
        raise InputError(f"payer must be 'medicare' (CMS's count) or 'cpt' (CPT's count, most other payers), "
                         f"not {payer!r}.")
    return payer  # type: ignore[return-value]


def critical_care_lines(minutes: int, payer: str = "medicare") -> list[Line]:
    """Critical care for one day's total minutes: 99291 and units of 99292, counted CPT's way or Medicare's.

    Under 30 minutes there is no critical care line (report another E/M code): the list is empty.
    """
    count = _payer(payer)
    if _minutes(minutes, "Critical care time") < CRITICAL_CARE_START:
        return []
    first = _CC_FIRST_ADDON[count]
    extra = 0 if minutes < first else 1 + (minutes - first) // 30
    return [Line("99291")] + ([Line("99292", extra)] if extra else [])


def prolonged_lines(code: str, minutes: int, payer: str = "medicare", *, chosen_by: str = "time") -> list[Line]:
    """The prolonged-service add-on for a top-level visit chosen by time: Medicare's G code or CPT's 99417/99418.

    Empty when the time does not reach the first unit. Refused when the visit was chosen by MDM, and for a
    primary code whose starting minute this book does not hold from a public source.
    """
    count = _payer(payer)
    _minutes(minutes)
    if chosen_by != "time":
        raise RuleError("Prolonged services are added only to a visit whose level was chosen by total time, not by "
                        "MDM.")
    table = MEDICARE_PROLONGED if count == "medicare" else CPT_PROLONGED
    if code not in table:
        known = ", ".join(sorted(table))
        raise DataError(f"This book has no sourced starting minute for a prolonged add-on to {code!r} ({count} "
                        f"count); it holds {known}. Check the payer's rule (for Medicare, the PFS final rule).")
    addon, start = table[code]
    return [] if minutes < start else [Line(addon, 1 + (minutes - start) // 15)]


# ---------------------------------------------------------------------------------------------- care management

#: Business days after discharge within which TCM needs an interactive contact, and the calendar days within
#: which the face-to-face visit must happen for each TCM code, with the least MDM it needs (CMS MLN908628).
TCM_CONTACT_BUSINESS_DAYS = 2
TCM_CODES: tuple[tuple[str, int, MDM], ...] = (("99496", 7, MDM.HIGH), ("99495", 14, MDM.MODERATE))


@dataclass(frozen=True)
class TcmResult:
    """Whether transitional care management can be billed for one discharge, which code, and why."""

    code: str | None
    reason: str
    contact_business_day: int | None
    visit_day: int


def tcm(discharge: date | str, contact: date | str | None, visit: date | str, mdm: MDM | int | str, *,
        closed: Iterable[object] = ()) -> TcmResult:
    """TCM for a discharge: 99496 (high MDM, visit within 7 days), 99495 (moderate or more, within 14), or none.

    ``contact`` is the first interactive contact (None if there was none); business days are Monday to Friday less
    ``closed``. The visit's day is counted in calendar days after the discharge date.
    """
    out = parse_date(discharge, "The discharge date")
    seen = parse_date(visit, "The face-to-face visit date")
    level = _level(mdm)
    if seen < out:
        raise InputError(f"The face-to-face visit ({seen}) cannot come before the discharge ({out}).")
    day = (seen - out).days
    if contact is None:
        return TcmResult(None, "No interactive contact was made after discharge: TCM cannot be billed; code the "
                               "visit as an ordinary E/M visit.", None, day)
    reached = parse_date(contact, "The contact date")
    if reached < out:
        raise InputError(f"The contact ({reached}) cannot come before the discharge ({out}).")
    bday = business_days_between(out, reached, closed=closed)
    if bday > TCM_CONTACT_BUSINESS_DAYS:
        return TcmResult(None, f"The contact came on business day {bday} after discharge, later than "
                               f"{TCM_CONTACT_BUSINESS_DAYS}: TCM cannot be billed.", bday, day)
    for code, days, least in TCM_CODES:
        if level >= least and day <= days:
            return TcmResult(code, f"Contact on business day {bday}, visit on day {day} (within {days}), "
                                   f"{level.label} MDM: {code}.", bday, day)
    if level < MDM.MODERATE:
        why = f"{level.label} MDM is below the moderate level TCM needs"
    else:
        why = f"the visit on day {day} is later than the {TCM_CODES[-1][1]} days TCM allows"
    return TcmResult(None, f"TCM cannot be billed: {why}. Code the visit as an ordinary E/M visit.", bday, day)


@dataclass(frozen=True)
class CareManagement:
    """A monthly care-management service: base code and minutes, add-on code and its block of minutes."""

    key: str
    name: str
    base: str
    base_minutes: int
    addon: str
    addon_minutes: int
    who: str  # whose time counts
    conditions: str  # which patients qualify


#: Care management per calendar month (CMS MLN909188, Chronic Care Management Services; CY 2022 PFS final rule for
#: principal care management). Minutes count only in full blocks: a base code, then one add-on per full block.
CARE_MANAGEMENT: dict[str, CareManagement] = {c.key: c for c in (
    CareManagement("ccm-staff", "Chronic care management, clinical staff", "99490", 20, "99439", 20,
                   "clinical staff directed by the billing practitioner", "two or more chronic conditions"),
    CareManagement("ccm-personal", "Chronic care management, by the practitioner", "99491", 30, "99437", 30,
                   "the physician or other qualified practitioner personally", "two or more chronic conditions"),
    CareManagement("ccm-complex", "Complex chronic care management, clinical staff", "99487", 60, "99489", 30,
                   "clinical staff directed by the billing practitioner",
                   "two or more chronic conditions and a care plan needing substantial revision"),
    CareManagement("pcm-personal", "Principal care management, by the practitioner", "99424", 30, "99425", 30,
                   "the physician or other qualified practitioner personally", "one serious chronic condition"),
    CareManagement("pcm-staff", "Principal care management, clinical staff", "99426", 30, "99427", 30,
                   "clinical staff directed by the billing practitioner", "one serious chronic condition"),
)}


def care_management_lines(key: str, minutes: int, *, chronic_conditions: int | None = None) -> list[Line]:
    """The month's lines for a care-management service: the base code once its minutes are reached, then one add-on
    unit per full further block. Empty when the base is not reached. ``chronic_conditions`` checks eligibility."""
    try:
        service = CARE_MANAGEMENT[key]
    except KeyError:
        raise InputError(f"{key!r} is not a care-management service; use one of: {', '.join(CARE_MANAGEMENT)}.") \
            from None
    _minutes(minutes, "The month's minutes")
    if chronic_conditions is not None:
        n = _minutes(chronic_conditions, "The number of chronic conditions")
        if key.startswith("ccm") and n < 2:
            raise RuleError(f"{service.name} needs two or more chronic conditions; with {n}, consider principal care "
                            "management.")
        if key.startswith("pcm") and n < 1:
            raise RuleError(f"{service.name} needs one serious chronic condition.")
    if minutes < service.base_minutes:
        return []
    extra = (minutes - service.base_minutes) // service.addon_minutes
    return [Line(service.base)] + ([Line(service.addon, extra)] if extra else [])


# ---------------------------------------------------------------------------------------------- who bills, and how

FACILITY_POS = frozenset({"19", "21", "22", "23", "31"})
OFFICE_POS = frozenset({"11"})


@dataclass(frozen=True)
class WhoBills:
    """Whose number a shared or supervised service goes under, the modifier the line needs, and why."""

    bills: str  # 'physician' or 'npp'
    modifiers: tuple[str, ...]
    reason: str


def split_shared(physician_minutes: int, npp_minutes: int, *, mdm_by: str | None = None,
                 critical_care: bool = False, pos: str = "21") -> WhoBills:
    """Who bills a split (or shared) facility visit: more than half the total time, or (except critical care) the
    one who did a substantive part of the MDM (``mdm_by`` 'physician' or 'npp'). The line carries FS (CY 2024 PFS
    final rule; 42 CFR 415.140). Refused in the office, where incident-to rules apply instead."""
    if pos not in FACILITY_POS:
        raise RuleError(f"Split/shared billing is for facility settings (POS {', '.join(sorted(FACILITY_POS))}), not "
                        f"POS {pos!r}; in the office, see incident_to().")
    doc, npp = _minutes(physician_minutes, "The physician's minutes"), _minutes(npp_minutes, "The NPP's minutes")
    if mdm_by is not None and mdm_by not in ("physician", "npp"):
        raise InputError(f"mdm_by must be 'physician', 'npp' or None, not {mdm_by!r}.")
    total = doc + npp
    if total == 0:
        raise InputError("A shared visit needs some documented time by at least one of the two.")
    if mdm_by is not None and not critical_care:
        who = mdm_by
        reason = f"the {'physician' if who == 'physician' else 'NPP'} did a substantive part of the MDM"
    elif 2 * doc > total or 2 * npp > total:
        who = "physician" if 2 * doc > total else "npp"
        share = doc if who == "physician" else npp
        reason = f"{share} of {total} minutes is more than half the total time"
    else:
        raise RuleError(f"Neither has more than half of the {total} minutes" + ("" if critical_care else
                        ", and no one is named for the MDM") + ": the substantive portion is not shown.")
    return WhoBills(who, ("FS",), reason)


def incident_to(*, pos: str, physician_in_suite: bool, physician_started_plan: bool, new_problem: bool) -> WhoBills:
    """Whether an NPP's or staff member's office service can be billed incident to the physician (100%) or must go
    under the NPP's own number (85%): office setting, direct supervision, a course of treatment the physician started
    and no new problem (42 CFR 410.26; Medicare Benefit Policy Manual, ch. 15, section 60)."""
    failed = []
    if pos not in OFFICE_POS:
        failed.append(f"POS {pos} is not the office (incident-to is a non-facility rule)")
    if not physician_in_suite:
        failed.append("no physician was in the office suite to supervise directly")
    if not physician_started_plan:
        failed.append("the physician did not start the course of treatment")
    if new_problem:
        failed.append("a new problem must be seen by the physician first")
    if failed:
        return WhoBills("npp", (), "Not incident-to: " + "; ".join(failed) + ".")
    return WhoBills("physician", (), "Incident-to: office, direct supervision, the physician's plan, no new problem.")


def telehealth(*, patient_home: bool, audio_only: bool = False) -> tuple[str, str, str]:
    """(POS, modifier, rate) for a Medicare telehealth line: POS 10 in the patient's home (non-facility rate), POS 02
    elsewhere (facility rate); modifier 95 for audio and video, 93 for audio only (CMS, from CY 2024)."""
    pos, rate = ("10", "non-facility") if patient_home else ("02", "facility")
    return pos, "93" if audio_only else "95", rate


# ---------------------------------------------------------------------------------------------- payment and practice

def line_payment(line: Line, *, setting: str = "facility", locality: str | None = None, npp: bool = False) -> Decimal:
    """The CY2026 Medicare fee schedule amount of a line (units times the code's amount), at 85% for an NPP's own
    number; a code Medicare does not pay (status I or N) raises the fee schedule's RuleError saying so."""
    from revcycle.core.money import to_cents
    from revcycle.payment import fees, surgery

    amount = fees.pfs_payment(line.code, setting=setting, locality=locality).payment * line.units  # type: ignore[arg-type]
    return to_cents(amount * surgery.NPP_SHARE) if npp else amount


#: One week of a synthetic hospitalist group's encounters: (family or service, MDM or minutes), for the notebook.
_WEEK: tuple[tuple[str, str, int], ...] = (
    ("hospital-initial", "mdm", 4), ("hospital-initial", "mdm", 3), ("hospital-initial", "mdm", 2),
    ("hospital-subsequent", "mdm", 3), ("hospital-subsequent", "mdm", 2), ("hospital-subsequent", "mdm", 4),
    ("hospital-same-day", "mdm", 3), ("discharge", "minutes", 25), ("discharge", "minutes", 40),
    ("emergency", "mdm", 4), ("emergency", "mdm", 3), ("critical-care", "minutes", 45),
    ("critical-care", "minutes", 110), ("critical-care", "minutes", 140), ("nursing-initial", "mdm", 3),
    ("nursing-subsequent", "mdm", 2), ("home-established", "mdm", 3), ("consult-inpatient", "mdm", 4),
)


def synthetic_encounters(n: int = 40, seed: int = 2026) -> list[tuple[str, str, int]]:
    """``n`` seeded synthetic encounters drawn from a hospitalist group's usual mix: (family, 'mdm' or 'minutes',
    value), where a critical-care or discharge value is minutes and any other is an MDM level 1-4."""
    import random

    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10_000:
        raise InputError(f"n must be a whole number from 1 to 10,000, not {n!r}.")
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind, basis, value = rng.choice(_WEEK)
        if basis == "minutes":
            value = max(10, value + rng.randint(-15, 25))
        out.append((kind, basis, value))
    return out


def code_encounter(kind: str, value: int, payer: str = "medicare") -> list[Line]:
    """The lines for one encounter of :func:`synthetic_encounters` (critical care and discharge by minutes, the rest
    by MDM). For Medicare a consultation is coded as the setting's visit instead: an inpatient one as an initial
    hospital visit, an outpatient one as a new-patient office visit (the encounters here are all new to the
    consultant)."""
    if kind == "critical-care":
        lines = critical_care_lines(value, payer)
        return lines or [Line(select("hospital-subsequent", mdm=MDM.HIGH).code)]
    if kind == "discharge":
        return [Line(discharge_code(value))]
    if kind.startswith("consult-") and _payer(payer) == "medicare":
        kind = "hospital-initial" if kind == "consult-inpatient" else "office-new"
    return [Line(select(kind, mdm=value).code)]


def encounters_frame(encounters: Iterable[tuple[str, str, int]]) -> pd.DataFrame:
    """One row per encounter: the family, what was documented, Medicare's lines and amount (national; the facility
    rate except for home visits, which are paid at the non-facility rate), and the lines a payer following CPT's
    count would expect (they differ for consultations and critical care)."""
    import pandas as pd

    rows = []
    for i, (kind, basis, value) in enumerate(encounters, start=1):
        medicare, cpt = code_encounter(kind, value, "medicare"), code_encounter(kind, value, "cpt")
        rows.append({
            "encounter": f"E{i:02d}",
            "family": kind,
            "documented": f"{value} minutes" if basis == "minutes" else f"{MDM(value).label} MDM",
            "Medicare lines": ", ".join(map(str, medicare)),
            "CPT-count lines": ", ".join(map(str, cpt)),
            "Medicare amount": sum((line_payment(ln, setting="non-facility" if kind.startswith("home") else "facility")
                                    for ln in medicare), Decimal(0)),
        })
    return pd.DataFrame(rows).set_index("encounter")
