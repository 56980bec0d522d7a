"""Provider enrollment and credentialing: the dates that keep a provider billable, and the claims a lapse breaks.

A provider's record (:class:`Enrollment`) holds its NPI and taxonomy code, its Medicare enrollment in PECOS (when the
application was filed, when it began seeing patients at the location, the last revalidation, any deactivation, a
reassignment of benefits to a group, an opt-out), its CAQH ProView attestation and its credentialing with other
payers (:class:`PayerContract`). From that record:

* :func:`calendar` lists what falls due and when: Medicare revalidation every 5 years (DMEPOS suppliers every 3,
  42 CFR 424.515 and 424.57(e)) unless CMS has posted a due date; CAQH ProView re-attestation every 120 days;
  recredentialing by each payer at least every 36 months (NCQA); the opt-out's automatic 2-year renewal and the
  last day to cancel it (30 days before; SSA 1802(b)(3), as amended by MACRA 2015); and, for a new hire not yet
  enrolled, the last day to file so that the 30-day retroactive billing window reaches the first day of work.
* :func:`standing` says whether the provider could be paid by a payer for a service on a day, and if not why:
  before the effective date (the later of filing and starting, 42 CFR 424.520(d)) less the 30 days of retroactive
  billing (90 after a declared disaster, 424.521(a)); inside a deactivation (424.540; no payment while deactivated,
  424.555(b)); after an opt-out; outside a payer's credentialing dates.
* :func:`lapses` runs :func:`standing` over claims and returns each line a lapse breaks, with the claim adjustment
  reason code a payer would usually send (B7, provider not eligible on that date of service; 183 for a referring
  provider who cannot refer).
* :func:`synthetic_roster` makes a seeded roster of the synthetic practices' clinicians
  (:func:`revcycle.synthetic.clinicians`), so the same seed's synthetic claims name the same NPIs.

Dates are calendar days. Nothing here checks a registry: the NPI is checked by its check digit, the taxonomy code by
its form.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from revcycle.codes import taxonomy
from revcycle.codes.npi import NpiFormatError, validate_npi
from revcycle.core.dates import add_years, parse_date
from revcycle.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from revcycle.claims.model import Claim

#: The CMS-855 application each kind of enrollment is filed on (through PECOS or on paper).
FORMS: dict[str, str] = {
    "practitioner": "CMS-855I",  # physicians and non-physician practitioners
    "group": "CMS-855B",  # clinics, group practices and certain other suppliers
    "institutional": "CMS-855A",  # hospitals and other institutional providers
    "dmepos": "CMS-855S",  # suppliers of durable medical equipment, prosthetics, orthotics and supplies
    "ordering": "CMS-855O",  # enrolled only to order, certify or refer, never to bill
}
#: Years between Medicare revalidations when CMS has posted no due date (42 CFR 424.515; DMEPOS 424.57(e)).
REVALIDATION_YEARS: dict[str, int] = {kind: (3 if kind == "dmepos" else 5) for kind in FORMS}
#: Days before the effective date a physician or practitioner may bill for (42 CFR 424.521(a)(1)); after a
#: Presidentially-declared disaster that kept the provider from enrolling, 90 (424.521(a)(2)).
RETRO_DAYS = 30
DISASTER_RETRO_DAYS = 90
#: CAQH ProView asks providers to re-attest every 120 days (180 in Illinois; not modelled).
CAQH_DAYS = 120
#: NCQA: recredential each practitioner at least every 36 months (three years to the day).
RECREDENTIAL_YEARS = 3
#: A Medicare opt-out lasts 2 years and renews itself; cancel in writing at least 30 days before the next period.
OPT_OUT_YEARS = 2
OPT_OUT_CANCEL_DAYS = 30
#: Substitute billing (modifiers Q5, Q6): one substitute for at most 60 continuous days (SSA 1842(b)(6)(D)).
SUBSTITUTE_DAYS = 60
#: How far ahead the calendar calls an item "due soon".
SOON_DAYS = 90

RULES: dict[str, str] = {
    "revalidation": "42 CFR 424.515 (every 5 years; DMEPOS every 3, 424.57(e)); due date posted by CMS",
    "caqh": "CAQH ProView: re-attest every 120 days",
    "recredential": "NCQA credentialing standards: recredential at least every 36 months",
    "opt-out": "SSA 1802(b)(3) as amended by MACRA 2015, s. 106; 42 CFR 405.400-405.455",
    "file-by": "42 CFR 424.520(d) (effective date) and 424.521(a) (30 days of retroactive billing)",
    "effective": "42 CFR 424.520(d) and 424.521(a)",
    "deactivated": "42 CFR 424.540; no payment while deactivated, 424.555(b)",
    "reassignment": "42 CFR 424.80 (reassignment of benefits to the billing group)",
    "payer": "the payer's credentialing decision and contract dates",
    "ordering": "42 CFR 424.507 (ordering and referring); enrolled on the CMS-855O only to order or refer",
}
#: The claim adjustment reason codes a lapse usually draws (paraphrased in revcycle.codes.remit).
NOT_ELIGIBLE = "B7"
REFERRER_NOT_ELIGIBLE = "183"
MEDICARE = "medicare"


def _day(value: object, what: str) -> date:
    return parse_date(value, what)


def _maybe(value: object, what: str) -> date | None:
    return None if value is None else _day(value, what)


@dataclass(frozen=True)
class PayerContract:
    """A provider's credentialing with one payer: in the network from ``credentialed`` (the payer's approval)
    until ``ends`` (the day the contract stops, if it has), last recredentialed on ``recredentialed``."""

    payer_id: str
    credentialed: date
    recredentialed: date | None = None
    ends: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.payer_id, str) or not self.payer_id.strip():
            raise InputError(f"A payer contract needs the payer's id (such as 'SYNEHP'), not {self.payer_id!r}.")
        object.__setattr__(self, "payer_id", self.payer_id.strip())
        start = _day(self.credentialed, f"The {self.payer_id} credentialing date")
        object.__setattr__(self, "credentialed", start)
        for name in ("recredentialed", "ends"):
            value = _maybe(getattr(self, name), f"The {self.payer_id} {name} date")
            if value is not None and value < start:
                raise InputError(f"The {self.payer_id} {name} date ({value}) is before the provider was "
                                 f"credentialed ({start}); check the order of the dates.")
            object.__setattr__(self, name, value)

    @property
    def recredential_due(self) -> date:
        """Thirty-six months after the last credentialing decision."""
        return add_years(self.recredentialed or self.credentialed, RECREDENTIAL_YEARS)


@dataclass(frozen=True)
class Deactivation:
    """A stretch when Medicare billing privileges were stopped: from ``start`` up to (not including) ``end``, the
    effective date of the reactivation (``None`` while still deactivated)."""

    start: date
    end: date | None = None
    reason: str = "revalidation not completed"

    def __post_init__(self) -> None:
        start = _day(self.start, "The deactivation date")
        end = _maybe(self.end, "The reactivation date")
        if end is not None and end <= start:
            raise InputError(f"A reactivation ({end}) must come after the deactivation it ends ({start}).")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Enrollment:
    """One provider's identifiers, Medicare enrollment and payer credentialing, as the billing office tracks them.

    ``filed`` is the day the Medicare application that was approved was filed, ``began`` the first day the provider
    saw patients at the location; ``revalidated`` the last revalidation; ``revalidation_due`` the due date CMS
    posted, if any. ``reassigned_to`` is the NPI of the group that bills Medicare for this provider. ``opt_out`` is
    the first day of an opt-out. Dates may be ``date`` objects or ISO text.
    """

    npi: str
    name: str
    taxonomy: str
    kind: str = "practitioner"
    filed: date | None = None
    began: date | None = None
    revalidated: date | None = None
    revalidation_due: date | None = None
    reassigned_to: str = ""
    caqh_attested: date | None = None
    contracts: tuple[PayerContract, ...] = ()
    deactivations: tuple[Deactivation, ...] = ()
    opt_out: date | None = None
    disaster: bool = False

    def __post_init__(self) -> None:
        label = self.name if isinstance(self.name, str) and self.name.strip() else "this provider"
        try:
            object.__setattr__(self, "npi", validate_npi(self.npi))
            if self.reassigned_to:
                object.__setattr__(self, "reassigned_to", validate_npi(self.reassigned_to))
        except NpiFormatError as exc:
            raise NpiFormatError(f"Enrollment of {label}: {exc}") from None
        object.__setattr__(self, "taxonomy", taxonomy.normalize(self.taxonomy))
        if self.kind not in FORMS:
            raise InputError(f"kind must be one of {', '.join(FORMS)}, not {self.kind!r}.")
        for name in ("filed", "began", "revalidated", "revalidation_due", "caqh_attested", "opt_out"):
            object.__setattr__(self, name, _maybe(getattr(self, name), f"{label}'s {name.replace('_', ' ')} date"))
        object.__setattr__(self, "contracts", tuple(self.contracts))
        object.__setattr__(self, "deactivations", tuple(sorted(self.deactivations, key=lambda d: d.start)))
        self._check_order(label)

    def _check_order(self, label: str) -> None:
        effective = self.effective
        if self.revalidated is not None and (effective is None or self.revalidated < effective):
            raise InputError(f"{label} was revalidated ({self.revalidated}) before being enrolled "
                             f"({effective or 'never'}); a revalidation follows the enrollment.")
        for d in self.deactivations:
            if effective is None or d.start < effective:
                raise InputError(f"{label} cannot be deactivated ({d.start}) before the enrollment took effect "
                                 f"({effective or 'never'}).")
        for before, after in zip(self.deactivations, self.deactivations[1:], strict=False):
            if before.end is None or after.start < before.end:
                raise InputError(f"{label}'s deactivations overlap ({before.start} and {after.start}); "
                                 "record each stretch once.")
        if len({c.payer_id for c in self.contracts}) != len(self.contracts):
            raise InputError(f"{label} has two contracts with one payer; keep one per payer id.")

    @property
    def form(self) -> str:
        """The CMS-855 application for this kind of enrollment."""
        return FORMS[self.kind]

    @property
    def effective(self) -> date | None:
        """Medicare's effective date: the later of filing and first furnishing services (42 CFR 424.520(d))."""
        if self.filed is None:
            return None
        return max(self.filed, self.began) if self.began is not None else self.filed

    @property
    def retro_start(self) -> date | None:
        """The first day of service Medicare pays for: the effective date less 30 days (90 after a disaster)."""
        effective = self.effective
        if effective is None:
            return None
        return effective - timedelta(days=DISASTER_RETRO_DAYS if self.disaster else RETRO_DAYS)

    @property
    def file_by(self) -> date | None:
        """For a provider who began work but has not filed: the last filing day that still covers the first day."""
        if self.began is None or self.filed is not None:
            return None
        return self.began + timedelta(days=DISASTER_RETRO_DAYS if self.disaster else RETRO_DAYS)

    @property
    def next_revalidation(self) -> date | None:
        """The posted due date, or the last revalidation (else the effective date) plus the cycle's years."""
        if self.revalidation_due is not None:
            return self.revalidation_due
        base = self.revalidated or self.effective
        return None if base is None else add_years(base, REVALIDATION_YEARS[self.kind])

    @property
    def caqh_due(self) -> date | None:
        return None if self.caqh_attested is None else self.caqh_attested + timedelta(days=CAQH_DAYS)

    def contract(self, payer_id: str) -> PayerContract | None:
        return next((c for c in self.contracts if c.payer_id == payer_id), None)


def opt_out_renewal(start: date | str, as_of: date | str) -> tuple[date, date]:
    """The next automatic renewal of an opt-out that began on ``start`` (the first 2-year boundary after
    ``as_of``), and the last day a written cancellation can reach the contractor (30 days before it)."""
    first, today = _day(start, "The opt-out start"), _day(as_of, "as_of")
    renews = add_years(first, OPT_OUT_YEARS)
    while renews <= today:
        renews = add_years(renews, OPT_OUT_YEARS)
    return renews, renews - timedelta(days=OPT_OUT_CANCEL_DAYS)


def substitute_last_day(first_day: date | str) -> date:
    """The last day one substitute (Q5 reciprocal or Q6 fee-for-time) may cover: day 60 counting ``first_day``."""
    return _day(first_day, "The substitute's first day") + timedelta(days=SUBSTITUTE_DAYS - 1)


@dataclass(frozen=True)
class DueItem:
    """One date on the calendar: whose, what, when, the rule, and how it stands on the calendar's day."""

    npi: str
    name: str
    item: str
    due: date
    rule: str
    status: str  # "overdue", "due soon" (within SOON_DAYS) or "later"


def _status(due: date, as_of: date) -> str:
    if due < as_of:
        return "overdue"
    return "due soon" if due <= as_of + timedelta(days=SOON_DAYS) else "later"


def due_items(e: Enrollment, as_of: date | str) -> list[DueItem]:
    """What falls due for one provider, in date order, as it stands on ``as_of``."""
    today = _day(as_of, "as_of")
    found: list[tuple[str, date, str]] = []
    if e.opt_out is not None and e.opt_out <= today:
        renews, cancel_by = opt_out_renewal(e.opt_out, today)
        found += [("opt-out renews for 2 more years", renews, RULES["opt-out"]),
                  ("last day to cancel the opt-out renewal", cancel_by, RULES["opt-out"])]
    elif e.file_by is not None:
        found.append((f"file the {e.form} so the first day of work is billable", e.file_by, RULES["file-by"]))
    elif (revalidation := e.next_revalidation) is not None:
        found.append((f"Medicare revalidation ({e.form})", revalidation, RULES["revalidation"]))
    if e.caqh_due is not None:
        found.append(("CAQH ProView re-attestation", e.caqh_due, RULES["caqh"]))
    for c in e.contracts:
        if c.ends is None or c.ends > today:
            found.append((f"recredentialing with {c.payer_id}", c.recredential_due, RULES["recredential"]))
    return sorted((DueItem(e.npi, e.name, what, due, rule, _status(due, today)) for what, due, rule in found),
                  key=lambda d: (d.due, d.item))


def calendar(roster: Iterable[Enrollment], as_of: date | str) -> list[DueItem]:
    """Every provider's due dates, in date order."""
    today = _day(as_of, "as_of")
    return sorted((d for e in roster for d in due_items(e, today)), key=lambda d: (d.due, d.name, d.item))


def calendar_frame(roster: Iterable[Enrollment], as_of: date | str) -> pd.DataFrame:
    """:func:`calendar` as a table, one row per due date."""
    import pandas as pd

    rows = [vars(d) for d in calendar(roster, as_of)]
    return pd.DataFrame(rows, columns=["npi", "name", "item", "due", "rule", "status"])


@dataclass(frozen=True)
class Standing:
    """Whether a provider could be paid by a payer for a service on a day; if not, why, the rule and the CARC."""

    billable: bool
    reason: str
    rule: str = ""
    carc: str | None = None


def standing(e: Enrollment, day: date | str, payer_id: str = MEDICARE) -> Standing:
    """Could ``e`` be paid by ``payer_id`` (``"medicare"`` for Original Medicare) for a service on ``day``?"""
    when = _day(day, "The date of service")
    if payer_id != MEDICARE:
        c = e.contract(payer_id)
        if c is None:
            return Standing(False, f"{e.name} is not credentialed with {payer_id}", RULES["payer"], NOT_ELIGIBLE)
        if when < c.credentialed:
            return Standing(False, f"{e.name} was credentialed with {payer_id} from {c.credentialed}, after the "
                                   "service", RULES["payer"], NOT_ELIGIBLE)
        if c.ends is not None and when >= c.ends:
            return Standing(False, f"{e.name}'s contract with {payer_id} ended on {c.ends}", RULES["payer"],
                            NOT_ELIGIBLE)
        return Standing(True, f"credentialed with {payer_id} on that date", RULES["payer"])
    if e.opt_out is not None and when >= e.opt_out:
        return Standing(False, f"{e.name} opted out of Medicare from {e.opt_out}: the patient pays under the "
                               "private contract and no claim goes to Medicare", RULES["opt-out"])
    if e.kind == "ordering":
        return Standing(False, f"{e.name} is enrolled on the CMS-855O to order and refer only, not to bill",
                        RULES["ordering"], NOT_ELIGIBLE)
    start = e.retro_start
    if start is None:
        return Standing(False, f"{e.name} has no Medicare enrollment", RULES["effective"], NOT_ELIGIBLE)
    if when < start:
        return Standing(False, f"{e.name}'s enrollment took effect on {e.effective}, so Medicare pays for services "
                               f"from {start} on, not before", RULES["effective"], NOT_ELIGIBLE)
    for d in e.deactivations:
        if d.covers(when):
            until = f" until {d.end}" if d.end else ""
            return Standing(False, f"{e.name}'s billing privileges were deactivated from {d.start}{until} "
                                   f"({d.reason})", RULES["deactivated"], NOT_ELIGIBLE)
    return Standing(True, "enrolled in Medicare on that date", RULES["effective"])


@dataclass(frozen=True)
class Lapse:
    """A claim line a lapse breaks: the claim, the line, whose lapse, the service date, why, and the likely CARC."""

    claim_id: str
    line: int
    npi: str
    name: str
    service_date: date
    payer_id: str
    reason: str
    rule: str
    carc: str | None

    @property
    def carc_meaning(self) -> str:
        """The book's paraphrase of the reason code (revcycle.codes.remit), or a note that no claim should go."""
        from revcycle.codes.remit import carc_meaning

        return carc_meaning(self.carc) if self.carc else "no claim to this payer: see the reason"


def _payer_key(claim: Claim) -> str:
    return MEDICARE if claim.payer.is_medicare else claim.payer.payer_id


def lapses(claims: Iterable[Claim], roster: Iterable[Enrollment] | Mapping[str, Enrollment]) -> list[Lapse]:
    """Each line of ``claims`` whose rendering provider (or, for Medicare, referring provider or reassignment)
    was not in good standing on the line's date of service. Providers not on the roster are not judged."""
    by_npi = dict(roster) if isinstance(roster, Mapping) else {e.npi: e for e in roster}
    out: list[Lapse] = []
    for claim in claims:
        payer = _payer_key(claim)
        billing = claim.billing_provider
        for n, line in enumerate(claim.lines, 1):
            npi = line.rendering_npi or (claim.rendering_provider or billing).npi
            e = by_npi.get(npi)
            found: list[tuple[Enrollment, Standing]] = []
            if e is not None:
                found.append((e, standing(e, line.from_date, payer)))
                if payer == MEDICARE and billing.is_organization and found[0][1].billable \
                        and e.reassigned_to != billing.npi:
                    found.append((e, Standing(False, f"{e.name} has not reassigned Medicare benefits to the billing "
                                                     f"group {billing.npi}", RULES["reassignment"], NOT_ELIGIBLE)))
            ref = claim.referring_provider
            r = by_npi.get(ref.npi) if payer == MEDICARE and ref is not None else None
            if r is not None and r.effective is None and r.opt_out is None:  # an opted-out physician may refer
                found.append((r, Standing(False, f"the referring provider {r.name} is not enrolled to order or "
                                                 "refer", RULES["ordering"], REFERRER_NOT_ELIGIBLE)))
            for who, s in found:
                if not s.billable:
                    out.append(Lapse(claim.claim_id, n, who.npi, who.name, line.from_date, payer, s.reason, s.rule,
                                     s.carc))
    return out


def lapses_frame(claims: Iterable[Claim], roster: Iterable[Enrollment] | Mapping[str, Enrollment]) -> pd.DataFrame:
    """:func:`lapses` as a table, one row per broken line."""
    import pandas as pd

    rows = [{**vars(x), "carc_meaning": x.carc_meaning} for x in lapses(claims, roster)]
    return pd.DataFrame(rows, columns=["claim_id", "line", "npi", "name", "service_date", "payer_id", "reason",
                                       "rule", "carc", "carc_meaning"])


# --------------------------------------------------------------------------- a seeded synthetic roster

#: The day the synthetic roster is drawn around: the synthetic claims' services run through 2026.
ROSTER_AS_OF = date(2026, 1, 1)


@dataclass(frozen=True)
class RosterEvent:
    """A lapse planted in the synthetic roster, so a notebook has something to find: whose, what, from when."""

    npi: str
    name: str
    what: str
    start: date
    end: date | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def synthetic_roster(seed: int = 0) -> tuple[list[Enrollment], list[RosterEvent]]:
    """Enrollment records for the synthetic practices' clinicians (same seed, same NPIs as the synthetic claims),
    with four planted lapses in 2026: a new hire who filed late, a deactivation after a missed revalidation, a
    clinician whose benefits were never reassigned to the group, and a commercial contract that ended."""
    from revcycle.synthetic import PAYERS, clinicians

    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(f"seed must be a whole number, not {seed!r}.")
    rng = random.Random(f"enrollment-{seed}")
    staff = clinicians(seed)
    others = [p.payer_id for p in PAYERS if p.kind != MEDICARE]
    planted = rng.sample(range(len(staff)), 4)
    roster: list[Enrollment] = []
    events: list[RosterEvent] = []
    for i, c in enumerate(staff):
        p = c.provider
        name = f"Dr. {p.first_name} {p.last_name}" if p.first_name else p.last_name
        filed = ROSTER_AS_OF - timedelta(days=rng.randrange(200, 9 * 365))
        revalidated = add_years(filed, 5) if (ROSTER_AS_OF - filed).days > 5 * 365 else None
        contracts = [PayerContract(payer, filed + timedelta(days=rng.randrange(30, 120)))
                     for payer in others]
        contracts = [PayerContract(k.payer_id, k.credentialed,
                                   recredentialed=_last_cycle(k.credentialed, ROSTER_AS_OF))
                     for k in contracts]
        record: dict[str, Any] = dict(npi=p.npi, name=name, taxonomy=p.taxonomy, filed=filed, began=filed,
                                      revalidated=revalidated, reassigned_to=c.practice.npi,
                                      caqh_attested=ROSTER_AS_OF - timedelta(days=rng.randrange(0, 150)),
                                      contracts=tuple(contracts))
        if i == planted[0]:  # a new hire: started January 2, filed the 855I on February 16
            began, filed_late = date(2026, 1, 2), date(2026, 2, 16)
            record.update(filed=filed_late, began=began, revalidated=None,
                          contracts=tuple(PayerContract(x, date(2026, 3, 16)) for x in others))
            events.append(RosterEvent(p.npi, name, "new hire filed late", began, filed_late - timedelta(days=30)))
        elif i == planted[1]:  # revalidation missed: deactivated June 1, reactivated August 17
            due = date(2026, 4, 30)
            gap = Deactivation(date(2026, 6, 1), date(2026, 8, 17))
            record.update(revalidation_due=due, deactivations=(gap,))
            events.append(RosterEvent(p.npi, name, "deactivated after a missed revalidation", gap.start, gap.end,
                                      {"revalidation_due": due}))
        elif i == planted[2]:  # joined the group but the reassignment was never filed
            record.update(reassigned_to="")
            events.append(RosterEvent(p.npi, name, "benefits not reassigned to the group", filed))
        elif i == planted[3]:  # the HMO contract ended on July 1
            ended = date(2026, 7, 1)
            record.update(contracts=tuple(PayerContract(k.payer_id, k.credentialed, k.recredentialed,
                                                        ended if k.payer_id == others[1] else None)
                                          for k in contracts))
            events.append(RosterEvent(p.npi, name, f"contract with {others[1]} ended", ended))
        roster.append(Enrollment(**record))
    return roster, events


def _last_cycle(first: date, as_of: date) -> date | None:
    """The last 36-month recredentialing on or before ``as_of`` (None while the first cycle runs)."""
    last = None
    nxt = add_years(first, RECREDENTIAL_YEARS)
    while nxt <= as_of:
        last, nxt = nxt, add_years(nxt, RECREDENTIAL_YEARS)
    return last


__all__ = ["CAQH_DAYS", "DISASTER_RETRO_DAYS", "FORMS", "OPT_OUT_CANCEL_DAYS", "OPT_OUT_YEARS", "RECREDENTIAL_YEARS",
           "RETRO_DAYS", "REVALIDATION_YEARS", "RULES", "SUBSTITUTE_DAYS", "Deactivation", "DueItem", "Enrollment",
           "Lapse", "PayerContract", "RosterEvent", "Standing", "calendar", "calendar_frame", "due_items",
           "lapses", "lapses_frame", "opt_out_renewal", "standing", "substitute_last_day", "synthetic_roster"]
