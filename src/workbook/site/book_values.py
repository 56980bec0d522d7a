"""The figures the chapters quote, computed by the library at build time: one registry, keyed by chapter.

A chapter writes {computed}`reimbursement.allowed` where it quotes a number; ``workbook.site.sphinx_ext`` looks the key
up in :data:`VALUES` and puts the text in the page. Each value is a small callable object: calling it gives the
display text ("$1,234.56", "4,424", "October 8, 2026"), and ``.value()`` gives what the library computed (a
``Decimal`` for money). Values are memoized, and the pipelines they share (the denials notebook's 5,000 claims,
the practice-management day) run once per process.

To add a figure: add an entry under its chapter below, then write {computed}`<chapter>.<name>` in the prose.
Inputs a worked example states (a charge, a remaining deductible) live here too, next to the computation that
uses them, so no number is typed twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, partial
from typing import Any

D = Decimal


class Figure:
    """A computed figure: ``figure()`` is the display text, ``figure.value()`` the library's value."""

    kind = "text"

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute = compute
        self._value: Any = None
        self._done = False

    def value(self) -> Any:
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value

    def __call__(self) -> str:
        return self.show(self.value())

    def show(self, value: Any) -> str:
        return str(value)


class Money(Figure):
    """Dollars as the chapters print them: $1,234.56 (``places=4`` for conversion factors: $33.4009)."""

    kind = "money"

    def __init__(self, compute: Callable[[], Any], places: int = 2) -> None:
        super().__init__(compute)
        self.places = places

    def show(self, value: Any) -> str:
        return f"${D(value):,.{self.places}f}"


class WholeDollars(Money):
    """Dollars with no cents, as in "$1,960" (the appeal thresholds)."""

    def show(self, value: Any) -> str:
        return f"${D(value):,.0f}"


class Count(Figure):
    """A whole number with thousands separators: 4,424."""

    kind = "count"

    def show(self, value: Any) -> str:
        return f"{int(value):,}"


class Number(Figure):
    """A decimal number with a fixed number of places: 2.62844, 40.1."""

    kind = "number"

    def __init__(self, compute: Callable[[], Any], places: int) -> None:
        super().__init__(compute)
        self.places = places

    def show(self, value: Any) -> str:
        return f"{D(value):.{self.places}f}"


class Signed(Number):
    """A decimal number whose minus sign is the typographic one the prose uses: −0.3."""

    def show(self, value: Any) -> str:
        return super().show(value).replace("-", "\N{MINUS SIGN}")


class Words(Figure):
    """A small count written as a word, as prose writes it: "ten" (``capital=True``: "Twenty")."""

    kind = "words"
    WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")

    def __init__(self, compute: Callable[[], Any], capital: bool = False) -> None:
        super().__init__(compute)
        self.capital = capital

    def show(self, value: Any) -> str:
        word = self.WORDS[int(value)]
        return word.capitalize() if self.capital else word


class Day(Figure):
    """A date as the prose writes it: October 8, 2026 (``year=False``: October 8)."""

    kind = "date"

    def __init__(self, compute: Callable[[], Any], year: bool = True) -> None:
        super().__init__(compute)
        self.year = year

    def show(self, value: Any) -> str:
        return f"{value:%B} {value.day}, {value.year}" if self.year else f"{value:%B} {value.day}"


# ------------------------------------------------------------------------------------------------ shared pipelines

@cache
def _trace() -> Any:
    from revcycle.practice.cycle import trace_encounter

    return trace_encounter(seed=2)


@cache
def _cob(patient: str) -> dict[str, Decimal]:
    from revcycle.payment import cob

    return dict(cob.worked_examples()[patient].money())


def _cob_rule(name: str) -> int:
    from revcycle.payment import cob

    return int(getattr(cob, name))


@cache
def _cf(year: int, qualifying_apm: bool = False) -> Decimal:
    from revcycle.payment.fees import conversion_factor

    return Decimal(conversion_factor(year, qualifying_apm=qualifying_apm))


@cache
def _charge(code: str) -> Decimal:
    from revcycle.synthetic import CHARGE_PER_UNIT

    return Decimal(CHARGE_PER_UNIT[code])


@cache
def _pfs(code: str, **kwargs: Any) -> Any:
    from revcycle.payment.fees import pfs_payment

    return pfs_payment(code, **kwargs)


@cache
def _year_compare(code: str) -> dict[tuple[str, str], Decimal]:
    from revcycle.payment import fee_tables

    table = fee_tables.year_compare(code)
    return {(str(r.year), str(r.setting)): Decimal(str(r.payment)) for r in table.itertuples()}


@cache
def _places() -> dict[str, Any]:
    from revcycle.payment import fee_tables, fees

    everywhere = fee_tables.across_localities("99213")
    spread = dict(fee_tables.spread(everywhere))
    spread.update(zip(everywhere["locality"], everywhere["payment"], strict=True))
    table = fees.locality_table()
    spread["pe_gpci_min"] = table["pe_gpci"].min()
    spread["pe_gpci_max"] = table["pe_gpci"].max()
    spread["work_gpci_floor"] = int((table["work_gpci"] == 1.0).sum())
    spread["locality_count"] = len(table)
    return spread


PPO_PERCENT = 130


@cache
def _ppo(code: str) -> Any:
    from revcycle.payment.contracts import PercentOfMedicare

    return PercentOfMedicare("PPO", Decimal(PPO_PERCENT)).price(code, charge=_charge(code))


# Worked example 1 of the reimbursement chapter: Ruth, 99213 in Alabama, with part of her deductible left.
RUTH_LOCALITY, RUTH_DEDUCTIBLE_LEFT = "10112-00", D("40.00")
# Worked example 2: Nadia, a biopsy under the PPO, near her out-of-pocket maximum; and a PPO office visit.
NADIA_DEDUCTIBLE_LEFT, NADIA_OOP_LEFT, PPO_COPAY = D("80.00"), D("85.00"), D("30.00")
# The capitation month: a synthetic HMO.
CAP_MEMBERS, CAP_PMPM, CAP_VISITS = 1200, D("42.00"), 300


@cache
def _ruth() -> dict[str, Any]:
    from revcycle.payment.patient_share import patient_share

    office = _pfs("99213", locality=RUTH_LOCALITY)
    facility = _pfs("99213", locality=RUTH_LOCALITY, setting="facility")
    share = patient_share(office.payment, deductible_remaining=RUTH_DEDUCTIBLE_LEFT, coinsurance_rate="0.20")
    return {"office": office, "facility": facility, "share": share}


@cache
def _nadia() -> dict[str, Any]:
    from revcycle.payment.patient_share import patient_share

    biopsy = _ppo("11102")
    return {
        "free": patient_share(biopsy.allowed, deductible_remaining=NADIA_DEDUCTIBLE_LEFT, coinsurance_rate="0.20"),
        "capped": patient_share(biopsy.allowed, deductible_remaining=NADIA_DEDUCTIBLE_LEFT, coinsurance_rate="0.20",
                                oop_remaining=NADIA_OOP_LEFT),
        "visit": patient_share(_ppo("99213").allowed, copay=PPO_COPAY),
    }


@cache
def _capitation() -> Any:
    from revcycle.payment.contracts import capitation

    return capitation(CAP_MEMBERS, CAP_PMPM, visits=CAP_VISITS, fee_per_visit=_ppo("99213").allowed)


@cache
def small_remit() -> tuple[Any, Any]:
    """The payment-posting notebook's small remittance (12 claims) and its posted ledger."""
    from revcycle import synthetic
    from revcycle.ar import post
    from revcycle.x12 import read_835, to_835

    claims = synthetic.claims(12, seed=2026)
    remit = read_835(to_835(claims, seed=2026, denial_rate=0.25))
    return remit, post(remit, claims)


POSTED_CLAIM = "S2026-000008"


@cache
def _posted() -> dict[str, Any]:
    remit, ledger = small_remit()
    lines = ledger.lines[ledger.lines["claim_id"] == POSTED_CLAIM].set_index("line")
    return {"lines": lines, "claim": ledger.claims.set_index("claim_id").loc[POSTED_CLAIM],
            "remit": remit.claims.set_index("claim_id").loc[POSTED_CLAIM]}


BOOKS_AS_OF = date(2026, 9, 30)


@cache
def big_books() -> tuple[date, Any, Any, Any]:
    """The denials notebook's books: 5,000 synthetic claims, their 835s and patient payments to September 30."""
    from revcycle import synthetic
    from revcycle.ar import post
    from revcycle.ar.posting import apply_patient_payments, synthetic_patient_payments
    from revcycle.x12 import read_835, to_835

    claims = synthetic.claims(5000, seed=7, error_rate=0.08)
    remit = read_835(to_835(claims, seed=7, paid_through=BOOKS_AS_OF))
    ledger = post(remit, claims)
    ledger = apply_patient_payments(ledger, synthetic_patient_payments(ledger, seed=7, through=BOOKS_AS_OF))
    return BOOKS_AS_OF, claims, remit, ledger


@cache
def _ar() -> dict[str, Any]:
    from revcycle.ar import aging as ar
    from revcycle.ar import denials, kpi

    as_of, claims, remit, ledger = big_books()
    settled = as_of - timedelta(days=90)
    return {
        "summary": ar.denial_summary(remit),
        "causes": denials.root_cause_table(ledger).set_index("category"),
        "aging": ar.aging(ledger, as_of).set_index("bucket"),
        "dar": kpi.days_in_ar_for(ledger, as_of),
        "clean": kpi.clean_claim_rate(claims),
        "denial": kpi.denial_rate(remit),
        "first": kpi.first_pass_rate(remit),
        "settled": settled,
        "net": kpi.net_collection_rate(ledger, service_through=settled),
    }


@cache
def appeal_case() -> dict[str, Any]:
    """Worked example 2 of the posting chapter: the first medical-necessity denial still inside its window."""
    from revcycle.ar import appeals, denials

    as_of, claims, _remit, ledger = big_books()
    queue = denials.work_queue(ledger, as_of=as_of)
    case = queue[(queue["root_cause"] == "medical necessity") & ~queue["overdue"]].iloc[0]
    return {"case": case, "claim": next(c for c in claims if c.claim_id == case["claim_id"]),
            "received": appeals.presumed_receipt(case["remit_date"])}


@cache
def _scrub_share() -> dict[str, int]:
    from revcycle.claims import claims_frame, scrub_frame

    _as_of, claims, _remit, ledger = big_books()
    findings = scrub_frame(claims_frame(claims))
    fatal = set(findings.loc[findings["severity"] == "fatal", "claim_id"])
    denied = ledger.claims[ledger.claims["denied"] > 0]
    flagged = int(denied["claim_id"].isin(fatal).sum())
    return {"flagged": flagged, "denied": len(denied), "share": round(100 * flagged / len(denied))}


@cache
def clinic_day() -> dict[str, Any]:
    """The notebook 'A day in practice management, end to end', step by step with the same seeds."""
    import pandas as pd

    from revcycle import synthetic
    from revcycle.ar import denials, post
    from revcycle.ar.posting import apply_patient_payments, synthetic_patient_payments
    from revcycle.practice import frontdesk
    from revcycle.x12 import read_835, to_835, to_837p

    seed, today, practice_name = 26, date(2026, 8, 3), "Riverbend Family Practice"
    people = synthetic.directory(400, seed=seed)
    roster = frontdesk.enrollment([m for pool in people.members.values() for m in pool], seed=seed)
    visits = [replace(e, service_date=today, submitted_on=today + timedelta(days=1))
              for e in synthetic.encounters(200, seed=seed, people=people)
              if e.clinician.practice.name == practice_name and e.place_of_service == "11"][:8]
    first = visits[0].member.insured
    typed = first.member_id[:-2] + first.member_id[-1] + first.member_id[-2]

    def ask(v: Any, member_id: str) -> Any:
        i = v.member.insured
        return frontdesk.check_coverage(roster, v.member.payer.payer_id, member_id, i.last_name, i.birth_date,
                                        on=today)

    before = [ask(v, typed if n == 0 else v.member.insured.member_id) for n, v in enumerate(visits)]
    answers = [ask(v, v.member.insured.member_id) for v in visits]
    seen = [(v, a) for v, a in zip(visits, answers, strict=True) if a.status == "active"]
    claims = [v.to_claim(f"RB{today:%m%d}-{n:02d}") for n, (v, _a) in enumerate(seen, 1)]
    estimates = [frontdesk.checkin_estimate(a, c) for (_v, a), c in zip(seen, claims, strict=True)]
    prenatal = next(i for i, c in enumerate(claims) if any(d.startswith("Z34") for d in c.diagnoses))
    wrong = replace(claims[prenatal], patient=replace(claims[prenatal].patient, sex="M"))
    batch = to_837p(claims)
    remit = read_835(to_835(claims, seed=4, denial_rate=0.2, deductible_met=1.0))
    copays = pd.DataFrame({"claim_id": [c.claim_id for c in claims], "paid_on": today,
                           "amount": [e.collect_at_checkin for e in estimates]})
    copays = copays[copays["amount"] > 0]
    ledger = apply_patient_payments(post(remit, claims), copays)
    posted_on = remit.claims["paid_on"].max().date()
    as_of = date(2026, 9, 30)
    history = [c for c in synthetic.claims(1500, seed=seed, people=people)
               if c.billing_provider.last_name == practice_name]
    remit_history = read_835(to_835(history, seed=seed, paid_through=as_of))
    books = post([remit_history, remit], history + claims)
    books = apply_patient_payments(books, synthetic_patient_payments(books, seed=seed, through=as_of))
    books = apply_patient_payments(books, copays)
    return {"visits": visits, "before": before, "answers": answers, "claims": claims, "estimates": estimates,
            "wrong": wrong, "batch": batch, "remit": remit, "ledger": ledger, "posted_on": posted_on,
            "queue": denials.work_queue(ledger, as_of=posted_on), "books": books, "as_of": as_of,
            "copays": copays}


@cache
def _day_figures() -> dict[str, Any]:
    from revcycle.ar import aging as ar
    from revcycle.ar import kpi

    day = clinic_day()
    ledger, books, as_of = day["ledger"], day["books"], day["as_of"]
    coins = sorted(ledger.claims.loc[ledger.claims["patient_balance"] > 0, "patient_balance"])
    copays = sorted(day["copays"]["amount"])
    aging = ar.aging(books, as_of).set_index("bucket")
    return {"totals": ledger.totals(), "denied": ledger.claims[ledger.claims["denied"] > 0]["denied"].iloc[0],
            "coins": coins, "copays": copays, "visit": day["estimates"][0], "queue": day["queue"].iloc[0],
            "aging": aging, "dar": kpi.days_in_ar_for(books, as_of)}


@cache
def claims_notebook() -> dict[str, Any]:
    """The claims notebook's objects, by running its code cells (its display calls return objects, harmlessly)."""
    import contextlib
    import io
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parents[3] / "notebooks" / "claims-build-scrub-submit.ipynb"
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, path.name, "exec"), namespace)  # noqa: S102 (the book's own notebook)
    return namespace


@cache
def _icd_chapters() -> Any:
    from revcycle.codes import icd10cm

    return icd10cm.chapters(on=icd10cm.PRIMARY.effective_from)


@cache
def _payable() -> tuple[int, int]:
    from revcycle.payment import fees

    payable = fees.payable_codes()
    return len(payable), sum(fees.rvu_record(c).global_days == "090" for c in payable)


@cache
def _hcpcs_counts() -> tuple[int, int]:
    from importlib import resources

    import pandas as pd

    from revcycle.codes import hcpcs

    with resources.files("revcycle.data").joinpath(hcpcs.CODES_FILE).open("rb") as f:
        file = pd.read_csv(f, compression="gzip", dtype=str, keep_default_na=False)
    return len(file), int(file["code"].map(hcpcs.is_valid).sum())


def _item(source: Callable[[], Any], name: Any) -> Callable[[], Any]:
    """A function returning ``source()[name]`` (binds ``name`` now, unlike a lambda in a loop)."""
    return lambda: source()[name]


def _money_row(prefix: str, source: Callable[[], dict[str, Decimal]], names: list[str]) -> dict[str, Figure]:
    return {f"{prefix}.{name.replace('_', '-')}": Money(_item(source, name)) for name in names}


def _ppo_row(code: str) -> dict[str, Decimal]:
    p = _ppo(code)
    return {"charge": p.charge, "medicare": p.medicare, "allowed": p.allowed, "adjustment": p.charge - p.allowed}


# ------------------------------------------------------------------------------------------------ the registry

REVENUE_CYCLE: dict[str, Figure] = {
    "revenue-cycle.patient": Figure(lambda: _trace().patient.name),
    "revenue-cycle.date-of-service": Day(lambda: _trace().date_of_service),
    **_money_row("revenue-cycle", lambda: _trace().money_summary(),
                 ["charge", "allowed", "contractual_adjustment", "payer_pays", "patient_pays"]),
    "revenue-cycle.cf-2026": Money(lambda: _cf(2026), places=4),
    "revenue-cycle.cf-2026-qp": Money(lambda: _cf(2026, True), places=4),
}

REGISTRATION: dict[str, Figure] = {
    **_money_row("registration-verification.mei", lambda: _cob("Mei Exampleton"),
                 ["charge", "primary_allowed", "primary_paid", "primary_patient_share", "secondary_allowed",
                  "write_off"]),
    **_money_row("registration-verification.rosa", lambda: _cob("Rosa Sampleperson"),
                 ["charge", "medicare_fee", "primary_allowed", "primary_paid", "primary_copay", "candidate_1",
                  "candidate_2", "candidate_3", "secondary_pays", "patient_owes", "write_off"]),
    **_money_row("registration-verification.sofia", lambda: _cob("Sofia Imaginary"),
                 ["charge", "primary_allowed", "primary_deductible", "primary_after_deductible",
                  "primary_coinsurance", "primary_paid", "primary_patient_share", "secondary_allowed",
                  "secondary_deductible", "secondary_after_deductible", "secondary_as_primary", "candidate_1",
                  "candidate_2", "secondary_pays", "patient_owes", "write_off"]),
    "registration-verification.aged-employer-size": Count(lambda: _cob_rule("AGED_EMPLOYER_SIZE")),
    "registration-verification.disabled-employer-size": Count(lambda: _cob_rule("DISABLED_EMPLOYER_SIZE")),
    "registration-verification.esrd-months": Count(lambda: _cob_rule("ESRD_COORDINATION_MONTHS")),
}


def _year(year: str, setting: str) -> Money:
    return Money(lambda: _year_compare("99213")[(year, setting)])


REIMBURSEMENT: dict[str, Figure] = {
    "reimbursement.cf-2025": Money(lambda: _cf(2025), places=4),
    "reimbursement.cf-2026": Money(lambda: _cf(2026), places=4),
    "reimbursement.cf-2026-qp": Money(lambda: _cf(2026, True), places=4),
    "reimbursement.99213-2025": _year("2025", "non-facility"),
    "reimbursement.99213-2025-facility": _year("2025", "facility"),
    "reimbursement.99213-2026": _year("2026", "non-facility"),
    "reimbursement.99213-2026-facility": _year("2026", "facility"),
    "reimbursement.99213-2026-qp": _year("2026 (QP)", "non-facility"),
    "reimbursement.99213-2026-qp-facility": _year("2026 (QP)", "facility"),
    # the GPCI spread
    "reimbursement.lowest": Money(lambda: _places()["lowest"]),
    "reimbursement.highest": Money(lambda: _places()["highest"]),
    "reimbursement.median": Money(lambda: _places()["median"]),
    "reimbursement.spread-percent": Count(lambda: int((_places()["highest_over_lowest"] - 1) * 100)),
    "reimbursement.manhattan": Money(lambda: _places()["13202-01"]),
    "reimbursement.alaska": Money(lambda: _places()["02102-01"]),
    "reimbursement.alabama": Money(lambda: _places()["10112-00"]),
    "reimbursement.pe-gpci-min": Number(lambda: _places()["pe_gpci_min"], 3),
    "reimbursement.pe-gpci-max": Number(lambda: _places()["pe_gpci_max"], 3),
    "reimbursement.work-gpci-floor-count": Count(lambda: _places()["work_gpci_floor"]),
    "reimbursement.locality-count": Count(lambda: _places()["locality_count"]),
    # worked example 1: Ruth
    "reimbursement.charge-99213": Money(lambda: _charge("99213")),
    "reimbursement.ruth.deductible-left": Money(lambda: RUTH_DEDUCTIBLE_LEFT),
    "reimbursement.ruth.work-adjusted": Number(lambda: _ruth()["office"].work_adjusted, 5),
    "reimbursement.ruth.pe-adjusted": Number(lambda: _ruth()["office"].pe_adjusted, 5),
    "reimbursement.ruth.mp-adjusted": Number(lambda: _ruth()["office"].mp_adjusted, 5),
    "reimbursement.ruth.total-rvus": Number(lambda: _ruth()["office"].total_adjusted_rvus, 5),
    "reimbursement.ruth.unrounded": Number(lambda: _ruth()["office"].unrounded, 4),
    "reimbursement.ruth.allowed": Money(lambda: _ruth()["office"].payment),
    "reimbursement.ruth.facility-total-rvus": Number(lambda: _ruth()["facility"].total_adjusted_rvus, 5),
    "reimbursement.ruth.facility-allowed": Money(lambda: _ruth()["facility"].payment),
    "reimbursement.ruth.contractual": Money(lambda: _charge("99213") - _ruth()["office"].payment),
    "reimbursement.ruth.deductible": Money(lambda: _ruth()["share"].deductible_applied),
    "reimbursement.ruth.after-deductible": Money(lambda: _ruth()["office"].payment
                                                 - _ruth()["share"].deductible_applied),
    "reimbursement.ruth.coinsurance": Money(lambda: _ruth()["share"].coinsurance),
    "reimbursement.ruth.patient-pays": Money(lambda: _ruth()["share"].patient_total),
    "reimbursement.ruth.medicare-pays": Money(lambda: _ruth()["share"].payer_pays),
    # the PPO's rates at 130 percent of Medicare
    **{f"reimbursement.ppo-{code}.{name}": Money(_item(partial(_ppo_row, code), name))
       for code in ("99213", "99214", "20610", "11102") for name in ("charge", "medicare", "allowed", "adjustment")},
    # worked example 2: Nadia
    "reimbursement.nadia.deductible-left": Money(lambda: NADIA_DEDUCTIBLE_LEFT),
    "reimbursement.nadia.oop-left": Money(lambda: NADIA_OOP_LEFT),
    "reimbursement.nadia.deductible": Money(lambda: _nadia()["free"].deductible_applied),
    "reimbursement.nadia.after-deductible": Money(lambda: _ppo("11102").allowed - _nadia()["free"].deductible_applied),
    "reimbursement.nadia.coinsurance": Money(lambda: _nadia()["free"].coinsurance),
    "reimbursement.nadia.uncapped-pays": Money(lambda: _nadia()["free"].patient_total),
    "reimbursement.nadia.uncapped-plan-pays": Money(lambda: _nadia()["free"].payer_pays),
    "reimbursement.nadia.capped-coinsurance": Money(lambda: _nadia()["capped"].coinsurance),
    "reimbursement.nadia.pays": Money(lambda: _nadia()["capped"].patient_total),
    "reimbursement.nadia.plan-pays": Money(lambda: _nadia()["capped"].payer_pays),
    "reimbursement.ppo-copay": Money(lambda: _nadia()["visit"].copay),
    "reimbursement.ppo-visit-plan-pays": Money(lambda: _nadia()["visit"].payer_pays),
    # capitation
    "reimbursement.cap.pmpm": Money(lambda: _capitation().pmpm),
    "reimbursement.cap.members": Count(lambda: _capitation().members),
    "reimbursement.cap.payment": Money(lambda: _capitation().payment),
    "reimbursement.cap.visits": Count(lambda: _capitation().visits),
    "reimbursement.cap.per-visit": Money(lambda: _capitation().per_visit),
    "reimbursement.cap.fee-for-service": Money(lambda: _capitation().fee_for_service_value),
    "reimbursement.cap.difference": Money(lambda: _capitation().difference),
}

# The remittances-in-full chapter: the cases of revcycle.practice.remittances (a Medicare check with a recoupment and
# late-payment interest; a commercial reversal and correction) and the reopening windows of revcycle.ar.reopening.


def _recoup() -> Any:
    from revcycle.practice import remittances

    return remittances.recoupment_case()


def _correct() -> Any:
    from revcycle.practice import remittances

    return remittances.correction_case()


@cache
def _recoup_posted() -> dict[str, Any]:
    from revcycle.ar import deposits

    case = _recoup()
    return {"reconcile": deposits.reconcile(case.remit).iloc[0],
            "claims": case.ledger().claims.set_index("claim_id")}


def _today(n: int) -> Any:
    return sorted(_recoup().today, key=lambda r: r.claim.claim_id)[n - 1]


def _late_one() -> Any:
    return next(iter(_recoup().interest.values()))


def _pair() -> Any:
    return _correct().pairs().iloc[0]


def _windows() -> Any:
    from revcycle.ar import reopening

    return reopening.windows(_recoup().today[0].paid_on)


REMITTANCES: dict[str, Figure] = {
    # worked example 1: the Medicare check
    "remittances.check-date": Day(lambda: _recoup().today[0].paid_on),
    "remittances.trace": Figure(lambda: _recoup_posted()["reconcile"]["trace_number"]),
    "remittances.payee": Figure(lambda: _recoup().today[0].claim.billing_provider.name),
    **{f"remittances.claim-{n}.id": Figure(partial(lambda n: _today(n).claim.claim_id, n)) for n in (1, 2, 3)},
    **{f"remittances.claim-{n}.paid": Money(partial(lambda n: _today(n).paid, n)) for n in (1, 2, 3)},
    "remittances.claims-paid": Money(lambda: _recoup_posted()["reconcile"]["claims_paid"]),
    "remittances.overpaid.id": Figure(lambda: _recoup().overpaid.claim.claim_id),
    "remittances.overpaid.paid-on": Day(lambda: _recoup().overpaid.paid_on),
    "remittances.overpaid.amount": Money(lambda: _recoup().overpaid.paid),
    "remittances.overpaid.reference": Figure(lambda: _recoup().adjustments[0].reference),
    "remittances.late.id": Figure(lambda: next(iter(_recoup().interest))),
    "remittances.late.received": Day(lambda: _late_one().received),
    "remittances.late.due-by": Day(lambda: _late_one().due_by),
    "remittances.late.days": Count(lambda: _late_one().days_late),
    "remittances.late.payment": Money(lambda: _late_one().payment),
    "remittances.late.interest": Money(lambda: _late_one().interest),
    "remittances.late.rate": Number(lambda: _late_one().rate, 3),
    "remittances.plb-total": Money(lambda: _recoup_posted()["reconcile"]["provider_adjustments"]),
    "remittances.bpr": Money(lambda: _recoup_posted()["reconcile"]["bpr02"]),
    "remittances.offset.insurance-balance": Money(
        lambda: _recoup_posted()["claims"].loc[_recoup().overpaid.claim.claim_id, "insurance_balance"]),
    # worked example 2: the reversal and the correction
    "remittances.fix.claim": Figure(lambda: _correct().original.claim.claim_id),
    "remittances.fix.paid-on": Day(lambda: _correct().original.paid_on),
    "remittances.fix.old-charge": Money(lambda: _correct().original.claim.total_charge),
    "remittances.fix.old-paid": Money(lambda: _correct().original.paid),
    "remittances.fix.patient": Money(lambda: _correct().corrected.patient_responsibility),
    "remittances.fix.new-charge": Money(lambda: _correct().corrected_claim.total_charge),
    "remittances.fix.new-paid": Money(lambda: _correct().corrected.paid),
    "remittances.fix.reversed-paid": Money(lambda: -_pair()["reversed_paid"]),  # shown as "minus ..."
    "remittances.fix.net": Money(lambda: _pair()["net_paid"]),
    "remittances.fix.reprocessed-on": Day(lambda: _correct().corrected.paid_on),
    "remittances.fix.bpr": Money(lambda: _correct().remit.payments.iloc[0]["amount"]),
    # worked example 3: reopening or redetermination
    "remittances.windows.determination": Day(lambda: _windows().determination),
    "remittances.windows.redetermination": Day(lambda: _windows().redetermination_by),
    "remittances.windows.any-reason": Day(lambda: _windows().reopen_any_reason_by),
    "remittances.windows.good-cause": Day(lambda: _windows().reopen_good_cause_by),
}

# The surgical payment rules chapter: every claim is priced by revcycle.payment.surgery in one locality (Alabama, as in
# the reimbursement chapter's worked example 1), facility setting, and every global period starts on one date.
SURGERY_LOCALITY = "10112-00"
SURGERY_DATE = date(2026, 4, 14)
SURGICAL_CLAIMS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    # worked example 1: a right knee arthroscopy with meniscectomy and a left carpal tunnel release, one session
    "ex1": (("29881-RT", "64721-LT"), {}),
    # worked example 2: a colonoscopy with a biopsy and a snare polypectomy (one endoscopy family, base 45378)
    "ex2": (("45380", "45385"), {}),
    # worked example 3: bilateral total knee replacement; the surgeon, a physician assistant-at-surgery, a PA
    "ex3": (("27447-50",), {}),
    "ex3-80": (("27447-50-80",), {}),
    "ex3-as": (("27447-50-AS",), {}),
    "co-surgery": (("27447-62",), {}),
    # six fracture and wound procedures in one session, typed in no particular order: the multiple-procedure rule
    "six": (("12002", "26615-LT", "27245-RT", "28470-LT", "25607-LT", "27766-RT"), {}),
    # a nurse practitioner's debridement in the office
    "npp": (("11042",), {"setting": "non-facility", "provider": "npp"}),
    # a split global package: the surgeon's part, the post-operative part, the pre-operative part
    "split-54": (("64721-54",), {}),
    "split-55": (("64721-55",), {}),
    "split-56": (("64721-56",), {}),
}
#: Global periods the chapter draws: a 000, a 010 and a 090 procedure, all on SURGERY_DATE.
GLOBAL_CODES = ("45380", "10060", "29881")


@cache
def surgical_claim(name: str) -> Any:
    """The chapter's claim `name` (SURGICAL_CLAIMS), priced by revcycle.payment.surgery."""
    from revcycle.payment import surgery

    lines, options = SURGICAL_CLAIMS[name]
    return surgery.price_surgery(list(lines), locality=SURGERY_LOCALITY, **{"setting": "facility", **options})


def _surg_line(name: str, code: str) -> Any:
    return next(p for p in surgical_claim(name).lines if p.line.code == code)


@cache
def _global(code: str) -> Any:
    from revcycle.payment import surgery

    return surgery.global_period(code, SURGERY_DATE)


def _share(code: str, part: str) -> int:
    """A global-package share from the RVU file, as a whole percent (0.76 -> 76)."""
    from revcycle.payment import fees

    return int(getattr(fees.pfs_indicators(code), part) * 100)


def _surg_money(name: str, code: str, what: str) -> Money:
    return Money(lambda: getattr(_surg_line(name, code), what))


def _site(code: str, setting: str) -> Money:
    return Money(lambda: _pfs(code, locality=SURGERY_LOCALITY, setting=setting).payment)


SIX_CODES = ("27245", "25607", "27766", "26615", "28470", "12002")

SURGICAL: dict[str, Figure] = {
    "surgical.date": Day(lambda: SURGERY_DATE),
    "surgical.global-090.start": Day(lambda: _global("29881").start),
    "surgical.global-090.end": Day(lambda: _global("29881").end),
    "surgical.global-010.end": Day(lambda: _global("10060").end),
    # worked example 1
    "surgical.ex1.29881.fee": _surg_money("ex1", "29881", "fee_schedule"),
    "surgical.ex1.64721.fee": _surg_money("ex1", "64721", "fee_schedule"),
    "surgical.ex1.64721.allowed": _surg_money("ex1", "64721", "allowed"),
    "surgical.ex1.unreduced": Money(lambda: sum(p.fee_schedule for p in surgical_claim("ex1").lines)),
    "surgical.ex1.total": Money(lambda: surgical_claim("ex1").total),
    # worked example 2
    "surgical.ex2.base": Money(lambda: _pfs("45378", locality=SURGERY_LOCALITY, setting="facility").payment),
    "surgical.ex2.45380.fee": _surg_money("ex2", "45380", "fee_schedule"),
    "surgical.ex2.45385.fee": _surg_money("ex2", "45385", "fee_schedule"),
    "surgical.ex2.45380.allowed": _surg_money("ex2", "45380", "allowed"),
    "surgical.ex2.total": Money(lambda: surgical_claim("ex2").total),
    # worked example 3
    "surgical.ex3.fee": _surg_money("ex3", "27447", "fee_schedule"),
    "surgical.ex3.bilateral": _surg_money("ex3", "27447", "allowed"),
    "surgical.ex3.assistant": _surg_money("ex3-80", "27447", "allowed"),
    "surgical.ex3.pa-assistant": _surg_money("ex3-as", "27447", "allowed"),
    "surgical.ex3.total": Money(lambda: sum(surgical_claim(n).total for n in ("ex3", "ex3-80"))),
    "surgical.co-surgeon": _surg_money("co-surgery", "27447", "allowed"),
    # the multiple-procedure rule on six lines
    **{f"surgical.six.{code}.fee": _surg_money("six", code, "fee_schedule") for code in SIX_CODES},
    **{f"surgical.six.{code}.allowed": _surg_money("six", code, "allowed") for code in SIX_CODES[:-1]},
    "surgical.six.total": Money(lambda: surgical_claim("six").total),
    # nurse practitioners and physician assistants
    "surgical.npp.fee": _surg_money("npp", "11042", "fee_schedule"),
    "surgical.npp.allowed": _surg_money("npp", "11042", "allowed"),
    # splitting the package
    "surgical.split.fee": _surg_money("split-54", "64721", "fee_schedule"),
    "surgical.split.pre-share": Count(lambda: _share("64721", "pre_op")),
    "surgical.split.intra-share": Count(lambda: _share("64721", "intra_op")),
    "surgical.split.post-share": Count(lambda: _share("64721", "post_op")),
    "surgical.split.54-share": Count(lambda: _share("64721", "pre_op") + _share("64721", "intra_op")),
    "surgical.split.54": _surg_money("split-54", "64721", "allowed"),
    "surgical.split.55": _surg_money("split-55", "64721", "allowed"),
    "surgical.split.56": _surg_money("split-56", "64721", "allowed"),
    # the site of service
    "surgical.site.10060.facility": _site("10060", "facility"),
    "surgical.site.10060.office": _site("10060", "non-facility"),
    "surgical.site.11042.facility": _site("11042", "facility"),
    "surgical.site.11042.office": _site("11042", "non-facility"),
}

# The institutional billing chapter: the two synthetic hospital claims of revcycle.synthetic, and the DRG arithmetic
# of revcycle.payment.ipps (FY 2026 Table 5 weights; Tables 1A-1B standardized amounts, full update).
INSTITUTIONAL_WAGE_INDEX = D("1.1000")  # a hypothetical area above the national average
NATIONAL_WAGE_INDEX = D("1")


@cache
def institutional_claim(kind: str) -> Any:
    from revcycle import synthetic

    return synthetic.example_inpatient_claim() if kind == "inpatient" else synthetic.example_outpatient_claim()


@cache
def _drg_pay(ms_drg: str, wage_index: Decimal = NATIONAL_WAGE_INDEX) -> Any:
    from revcycle.payment import ipps

    return ipps.operating_payment(ms_drg, wage_index)


def _ipps_rates() -> Any:
    from revcycle.payment import ipps

    return ipps.FY2026_RATES


def _cents(value: Decimal) -> Decimal:
    from revcycle.core.money import to_cents

    return to_cents(value)


def _stay() -> Any:
    from revcycle.payment import ipps

    claim = institutional_claim("inpatient")
    return ipps.two_midnight(claim.statement_from, claim.statement_through)


INSTITUTIONAL: dict[str, Figure] = {
    # worked example 1: the outpatient emergency visit
    "institutional.ex1.date": Day(lambda: institutional_claim("outpatient").statement_from),
    "institutional.ex1.lines": Words(lambda: len(institutional_claim("outpatient").lines)),
    "institutional.ex1.total": Money(lambda: institutional_claim("outpatient").total_charge),
    # worked example 2: the knee replacement stay
    "institutional.ex2.admit": Day(lambda: institutional_claim("inpatient").statement_from),
    "institutional.ex2.discharge": Day(lambda: institutional_claim("inpatient").statement_through),
    "institutional.ex2.midnights": Words(lambda: _stay().midnights),
    "institutional.ex2.total": Money(lambda: institutional_claim("inpatient").total_charge),
    "institutional.drg470.weight": Number(lambda: _drg_pay("470").drg.weight, 4),
    "institutional.drg470.gmlos": Number(lambda: _drg_pay("470").drg.gmlos, 1),
    "institutional.drg470.amlos": Number(lambda: _drg_pay("470").drg.amlos, 1),
    "institutional.rate.standardized": Money(lambda: _ipps_rates().standardized_amount),
    "institutional.rate.labor-high": Count(lambda: _ipps_rates().labor_share_high * 100),
    "institutional.rate.labor-low": Count(lambda: _ipps_rates().labor_share_low * 100),
    "institutional.ex2.labor": Money(lambda: _drg_pay("470").labor_amount),
    "institutional.ex2.nonlabor": Money(lambda: _drg_pay("470").nonlabor_amount),
    "institutional.ex2.payment": Money(lambda: _drg_pay("470").payment),
    "institutional.ex2.payment-vs-charges": Count(lambda: round(D(100) * _drg_pay("470").payment
                                                                / institutional_claim("inpatient").total_charge)),
    "institutional.wi": Number(lambda: INSTITUTIONAL_WAGE_INDEX, 4),
    "institutional.wi.labor": Money(lambda: _drg_pay("470", INSTITUTIONAL_WAGE_INDEX).labor_amount),
    "institutional.wi.nonlabor": Money(lambda: _drg_pay("470", INSTITUTIONAL_WAGE_INDEX).nonlabor_amount),
    # shown to the cent; the engine keeps them unrounded and rounds the payment once
    "institutional.wi.adjusted-labor": Money(
        lambda: _cents(_drg_pay("470", INSTITUTIONAL_WAGE_INDEX).wage_adjusted_labor)),
    "institutional.wi.rate": Money(lambda: _cents(_drg_pay("470", INSTITUTIONAL_WAGE_INDEX).adjusted_rate)),
    "institutional.wi.payment": Money(lambda: _drg_pay("470", INSTITUTIONAL_WAGE_INDEX).payment),
    "institutional.drg871.weight": Number(lambda: _drg_pay("871").drg.weight, 4),
    "institutional.drg871.payment": Money(lambda: _drg_pay("871").payment),
    "institutional.drg291.weight": Number(lambda: _drg_pay("291").drg.weight, 4),
    "institutional.drg291.payment": Money(lambda: _drg_pay("291").payment),
    "institutional.drg001.weight": Number(lambda: _drg_pay("001").drg.weight, 4),
}

# ... and the other institutional settings (revcycle.payment.opps and .postacute; data/postacute_opps_2026.csv): the
# CY 2026 OPPS conversion factor, labor share and copayment cap, the FY 2026 SNF PDPM urban per diem components with
# a hypothetical resident whose five case-mix indexes are all 1.00, on day 2 and day 30, and the CY 2026 home health
# 30-day standardized amount.
SNF_EXAMPLE_CMI = "1.00"
SNF_EXAMPLE_DAYS = (2, 30)


def _post(setting: str, item: str) -> Decimal:
    from revcycle.payment import postacute

    return postacute.rate(setting, item)


def _snf_day(day: int) -> Any:
    from revcycle.payment import postacute

    return postacute.snf_per_diem(day, dict.fromkeys(postacute.SNF_COMPONENTS, SNF_EXAMPLE_CMI))


def _therapy_factor(day: int) -> Decimal:
    from revcycle.payment import postacute

    return postacute.therapy_factor(day)


#: The chapter's priced emergency visit: a level 4 visit, a CT of the abdomen and pelvis, and a blood draw.
OPPS_EXAMPLE = ("99284", "74177", "36415")


def _opps_example() -> list[Any]:
    from revcycle.payment import opps

    return opps.price_lines([opps.OppsLine.shipped(code) for code in OPPS_EXAMPLE])


def _addendum_weight(code: str) -> Decimal | None:
    from revcycle.payment import opps

    return opps.addendum_b(code).weight


INSTITUTIONAL.update({
    "institutional.opps.cf": Money(lambda: _post("opps", "conversion_factor"), 4),
    "institutional.opps.ex.visit-weight": Number(lambda: _addendum_weight(OPPS_EXAMPLE[0]), 4),
    "institutional.opps.ex.visit": Money(lambda: _opps_example()[0].allowed),
    "institutional.opps.ex.ct": Money(lambda: _opps_example()[1].allowed),
    "institutional.opps.ex.total": Money(lambda: sum(p.allowed for p in _opps_example())),
    "institutional.asc.cf": Money(lambda: _post("asc", "conversion_factor"), 4),
    "institutional.opps.labor": Count(lambda: _post("opps", "labor_share") * 100),
    "institutional.opps.nonlabor": Count(lambda: (1 - _post("opps", "labor_share")) * 100),
    "institutional.opps.copay-cap": WholeDollars(lambda: _post("part_a", "inpatient_deductible")),
    **{f"institutional.snf.{c.replace('_', '-')}": Money(partial(_post, "snf", c))
       for c in ("pt", "ot", "slp", "nursing", "nta", "non_case_mix")},
    "institutional.snf.cmi": Number(lambda: D(SNF_EXAMPLE_CMI), 2),
    "institutional.snf.early-day": Words(lambda: SNF_EXAMPLE_DAYS[0]),
    "institutional.snf.late-day": Count(lambda: SNF_EXAMPLE_DAYS[1]),
    "institutional.snf.early": Money(lambda: _snf_day(SNF_EXAMPLE_DAYS[0]).per_diem),
    "institutional.snf.late": Money(lambda: _snf_day(SNF_EXAMPLE_DAYS[1]).per_diem),
    "institutional.snf.late-factor": Count(lambda: _therapy_factor(SNF_EXAMPLE_DAYS[1]) * 100),
    "institutional.hh.base": Money(lambda: _post("hh", "standardized_30_day")),
})


def _appeals() -> Any:
    from revcycle.ar import appeals

    return appeals


@cache
def _aic(year: int) -> tuple[Decimal, Decimal]:
    """The amounts in controversy for an ALJ hearing and for judicial review."""
    from revcycle.ar import appeals

    alj, court = sorted(appeals.AIC_THRESHOLDS[year].values())
    return D(alj), D(court)


def _level_days() -> list[int]:
    return [lv.days_to_file for lv in _appeals().LEVELS]


def _line(n: int, column: str) -> Money:
    return Money(lambda: _posted()["lines"].loc[n, column])


def _cause(category: str, column: str) -> Figure:
    kind = Money if column == "denied" else Count
    return kind(lambda: _ar()["causes"].loc[category, column])


POSTING: dict[str, Figure] = {
    # worked example 1: one 835 claim posted
    "payment-posting.line-1.charge": _line(1, "charge"),
    "payment-posting.line-1.paid": _line(1, "paid"),
    "payment-posting.line-1.contractual": _line(1, "contractual"),
    "payment-posting.line-1.allowed": _line(1, "allowed"),
    "payment-posting.line-2.charge": _line(2, "charge"),
    "payment-posting.line-2.paid": _line(2, "paid"),
    "payment-posting.line-2.contractual": _line(2, "contractual"),
    "payment-posting.line-2.allowed": _line(2, "allowed"),
    "payment-posting.line-2.deductible": _line(2, "deductible"),
    "payment-posting.claim.charge": Money(lambda: _posted()["claim"]["charge"]),
    "payment-posting.claim.paid": Money(lambda: _posted()["claim"]["paid"]),
    "payment-posting.claim.contractual": Money(lambda: _posted()["claim"]["contractual"]),
    "payment-posting.claim.patient-balance": Money(lambda: _posted()["claim"]["patient_balance"]),
    "payment-posting.paid-on": Day(lambda: _posted()["remit"]["paid_on"].date()),
    # denial root causes in the denials notebook
    "payment-posting.denied-claims": Count(lambda: _ar()["summary"]["claims_with_a_denial"]),
    "payment-posting.adjudicated-claims": Count(lambda: _ar()["summary"]["claims_adjudicated"]),
    "payment-posting.denied-dollars": Money(lambda: _ar()["summary"]["denied_dollars"]),
    "payment-posting.data.claims": _cause("missing or invalid claim data", "claims"),
    "payment-posting.data.denied": _cause("missing or invalid claim data", "denied"),
    "payment-posting.data.percent": Number(
        lambda: _ar()["causes"].loc["missing or invalid claim data", "percent_of_denied"], 1),
    "payment-posting.diagnosis.claims": _cause("invalid diagnosis code", "claims"),
    "payment-posting.diagnosis.denied": _cause("invalid diagnosis code", "denied"),
    "payment-posting.necessity.claims": _cause("medical necessity", "claims"),
    "payment-posting.necessity.denied": _cause("medical necessity", "denied"),
    # worked example 2: the appeal
    "payment-posting.appeal.claim": Figure(lambda: appeal_case()["case"]["claim_id"]),
    "payment-posting.appeal.denied": Money(lambda: appeal_case()["case"]["denied"]),
    "payment-posting.appeal.service-date": Day(lambda: appeal_case()["case"]["service_date"]),
    "payment-posting.appeal.remit-date": Day(lambda: appeal_case()["case"]["remit_date"]),
    "payment-posting.appeal.received": Day(lambda: appeal_case()["received"], year=False),
    "payment-posting.appeal.appeal-by": Day(lambda: appeal_case()["case"]["appeal_by"]),
    "payment-posting.appeal.days-left": Count(lambda: appeal_case()["case"]["days_left"]),
    **{f"payment-posting.level-{n}.days": Count(_item(_level_days, n - 1)) for n in range(1, 6)},
    "payment-posting.receipt-days": Count(lambda: _appeals().RECEIPT_PRESUMPTION_DAYS),
    "payment-posting.aic-2026-alj": WholeDollars(lambda: _aic(2026)[0]),
    "payment-posting.aic-2026-court": WholeDollars(lambda: _aic(2026)[1]),
    # A/R and the numbers a billing office watches
    "payment-posting.ar-open": Money(lambda: _ar()["aging"].loc["total", "total"]),
    "payment-posting.ar-120": Money(lambda: _ar()["aging"].loc["120+", "total"]),
    "payment-posting.ar-120-percent": Number(lambda: _ar()["aging"].loc["120+", "percent"], 1),
    "payment-posting.period-charges": Money(lambda: _ar()["dar"].period_charges),
    "payment-posting.daily-charges": Money(lambda: _ar()["dar"].average_daily_charges),
    "payment-posting.days-in-ar": Number(lambda: _ar()["dar"].days, 1),
    "payment-posting.clean.numerator": Count(lambda: _ar()["clean"].numerator),
    "payment-posting.clean.denominator": Count(lambda: _ar()["clean"].denominator),
    "payment-posting.clean.percent": Number(lambda: _ar()["clean"].percent, 1),
    "payment-posting.denial.numerator": Count(lambda: _ar()["denial"].numerator),
    "payment-posting.denial.denominator": Count(lambda: _ar()["denial"].denominator),
    "payment-posting.denial.percent": Number(lambda: _ar()["denial"].percent, 1),
    "payment-posting.first-pass.percent": Number(lambda: _ar()["first"].percent, 1),
    "payment-posting.net.through": Day(lambda: _ar()["settled"]),
    "payment-posting.net.percent": Number(lambda: _ar()["net"].percent, 1),
}


BILLING_SOFTWARE: dict[str, Figure] = {
    "billing-software.hmo-copay": Money(lambda: _day_figures()["copays"][0]),
    "billing-software.ppo-copay": Money(lambda: _day_figures()["copays"][1]),
    "billing-software.copays": Money(lambda: sum(_day_figures()["copays"], D(0))),
    "billing-software.estimate.coinsurance": Money(lambda: _day_figures()["visit"].patient_total),
    "billing-software.estimate.allowed": Money(lambda: _day_figures()["visit"].allowed),
    "billing-software.terminated": Day(lambda: next(
        a for a in clinic_day()["answers"] if a.status == "inactive").coverage.terminated),
    "billing-software.charges": Money(lambda: _day_figures()["totals"]["charge"]),
    "billing-software.segments": Count(lambda: len(clinic_day()["batch"].splitlines())),
    "billing-software.paid": Money(lambda: _day_figures()["totals"]["paid"]),
    "billing-software.denied": Money(lambda: _day_figures()["denied"]),
    "billing-software.contractual": Money(lambda: _day_figures()["totals"]["contractual"]),
    "billing-software.patient-paid": Money(lambda: _day_figures()["totals"]["patient_paid"]),
    "billing-software.open": Money(lambda: _day_figures()["totals"]["balance"]),
    "billing-software.coinsurance": Money(lambda: sum(_day_figures()["coins"], D(0))),
    "billing-software.coinsurance-1": Money(lambda: _day_figures()["coins"][0]),
    "billing-software.coinsurance-2": Money(lambda: _day_figures()["coins"][1]),
    "billing-software.posted-on": Day(lambda: clinic_day()["posted_on"]),
    "billing-software.appeal-by": Day(lambda: _day_figures()["queue"]["appeal_by"]),
    "billing-software.days-left": Count(lambda: _day_figures()["queue"]["days_left"]),
    "billing-software.ar-open": Money(lambda: _day_figures()["aging"].loc["total", "total"]),
    "billing-software.ar-120-percent": Number(lambda: _day_figures()["aging"].loc["120+", "percent"], 1),
    "billing-software.days-in-ar": Number(lambda: _day_figures()["dar"].days, 1),
    "billing-software.scrub-flagged": Count(lambda: _scrub_share()["flagged"]),
    "billing-software.scrub-denied": Count(lambda: _scrub_share()["denied"]),
    "billing-software.scrub-percent": Count(lambda: _scrub_share()["share"]),
}


def _totals(name: str) -> list[Decimal]:
    return [c.total_charge for c in claims_notebook()[name]]


def _fixed(n: int) -> Any:
    return claims_notebook()["fixed"][n]


def _late() -> tuple[date, int]:
    """The claim that missed Medicare's deadline: the deadline, and how many days after it the batch goes out."""
    from revcycle.claims import filing

    ns = claims_notebook()
    service = ns["late"].lines[0].from_date
    return filing.medicare_deadline(service), -filing.days_left(service, ns["SENT_ON"])


CLAIMS: dict[str, Figure] = {
    "claims-submission.example.line-1": Money(lambda: _fixed(1).lines[0].charge),
    "claims-submission.example.line-2": Money(lambda: _fixed(1).lines[1].charge),
    "claims-submission.example.total": Money(lambda: _fixed(1).total_charge),
    **{f"claims-submission.batch-{n + 1}": Money(_item(partial(_totals, "batch"), n)) for n in range(5)},
    "claims-submission.rb-1004.unit-charge": Money(lambda: _fixed(3).lines[1].charge / _fixed(3).lines[1].units),
    "claims-submission.rb-1004.line-1": Money(lambda: _fixed(3).lines[0].charge),
    "claims-submission.rb-1004.line-2": Money(lambda: _fixed(3).lines[1].charge),
    "claims-submission.rb-1004.total": Money(lambda: _fixed(3).total_charge),
    "claims-submission.late.deadline": Day(lambda: _late()[0]),
    "claims-submission.late.days-after": Count(lambda: _late()[1]),
    "claims-submission.ready-total": Money(lambda: sum(c.total_charge for c in claims_notebook()["ready"])),
    **{f"claims-submission.ready-{n + 1}": Money(_item(partial(_totals, "ready"), n)) for n in range(4)},
}


def _icd_billable() -> int:
    return sum(ch.billable for ch in _icd_chapters())


def _icd_largest() -> Any:
    """The ICD-10-CM chapter with the most billable codes (chapter 19, injuries, with their 7th characters)."""
    return max(_icd_chapters(), key=lambda ch: ch.billable)


def _icd_chapter(number: int) -> Any:
    return next(ch for ch in _icd_chapters() if ch.number == number)


def _seventh_options() -> int:
    from revcycle.codes import icd10cm

    return len(icd10cm.describe("S52.531", on=icd10cm.PRIMARY.effective_from).seventh_options)


def _em() -> Any:
    from revcycle.coding import em

    return em


@cache
def _hcpcs_letters() -> dict[str, int]:
    """Billable HCPCS Level II codes on January 1, 2026, by first letter."""
    from collections import Counter
    from importlib import resources

    import pandas as pd

    from revcycle.codes import hcpcs

    with resources.files("revcycle.data").joinpath(hcpcs.CODES_FILE).open("rb") as f:
        file = pd.read_csv(f, compression="gzip", dtype=str, keep_default_na=False)
    return dict(Counter(file.loc[file["code"].map(hcpcs.is_valid), "code"].str[0]))


@cache
def _mai_counts() -> dict[int, int]:
    from collections import Counter

    from revcycle.codes import ncci

    return dict(Counter(m.mai for m in ncci.mue_table().values()))


def _mue(code: str) -> Any:
    from revcycle.codes import ncci

    return ncci.mue(code)


@cache
def _pcs_read(code: str) -> dict[int, Any]:
    from revcycle.codes import pcs

    return {c.position: c for c in pcs.explain(code)}


def _pcs_rows(code: str) -> dict[str, Figure]:
    """A PCS code read back character by character: each position's value and the name of its meaning (the part
    before any colon; the prose may follow it with its own gloss)."""
    def meaning(n: int) -> str:
        return str(_pcs_read(code)[n].meaning).split(":")[0]

    key = f"icd10pcs-overview.{code.lower()}"
    return {k: v for n in range(1, 8) for k, v in {
        f"{key}.{n}.value": Figure(partial(lambda m: _pcs_read(code)[m].value, n)),
        f"{key}.{n}.meaning": Figure(partial(meaning, n)),
    }.items()}


HCPCS_LETTERS = "ABCEGHJKLMPQRSTUV"
MUE_CODES = ("J1100", "J0696", "20610", "11102", "11103")

CPT_EM: dict[str, Figure] = {
    "cpt-em.payable-codes": Count(lambda: _payable()[0]),
    "cpt-em.global-90": Count(lambda: _payable()[1]),
    # the time thresholds of the office E/M codes, and Medicare's prolonged-visit add-on
    **{f"cpt-em.time.{code}": Count(partial(lambda c: _em().TIME_THRESHOLDS[c], code))
       for code in ("99202", "99203", "99204", "99205", "99212", "99213", "99214", "99215")},
    "cpt-em.prolonged.99205": Count(lambda: _em().PROLONGED_START["99205"]),
    "cpt-em.prolonged.99215": Count(lambda: _em().PROLONGED_START["99215"]),
}

HCPCS_MODIFIERS: dict[str, Figure] = {
    "hcpcs-modifiers.file-codes": Count(lambda: _hcpcs_counts()[0]),
    "hcpcs-modifiers.current-codes": Count(lambda: _hcpcs_counts()[1]),
    **{f"hcpcs-modifiers.letter.{letter.lower()}": Count(_item(_hcpcs_letters, letter)) for letter in HCPCS_LETTERS},
    "hcpcs-modifiers.71046.global": Money(lambda: _pfs("71046").payment),
    "hcpcs-modifiers.71046.professional": Money(lambda: _pfs("71046", modifier="26").payment),
    "hcpcs-modifiers.71046.technical": Money(lambda: _pfs("71046", modifier="TC").payment),
    # medically unlikely edits: codes by MAI, and the values the chapter quotes
    **{f"hcpcs-modifiers.mai-{mai}.codes": Count(_item(_mai_counts, mai)) for mai in (1, 2, 3)},
    **{k: v for code in MUE_CODES for k, v in {
        f"hcpcs-modifiers.mue.{code.lower()}.value": Count(partial(lambda c: _mue(c).value, code)),
        f"hcpcs-modifiers.mue.{code.lower()}.mai": Count(partial(lambda c: _mue(c).mai, code)),
    }.items()},
}

ICD10CM_CONVENTIONS: dict[str, Figure] = {
    "icd10cm-conventions.chapters": Count(lambda: len(_icd_chapters())),
    **{k: v for n in range(1, 23) for k, v in {
        f"icd10cm-conventions.chapter-{n}.span": Figure(partial(lambda m: _icd_chapter(m).span, n)),
        f"icd10cm-conventions.chapter-{n}.title": Figure(partial(lambda m: _icd_chapter(m).title, n)),
    }.items()},
    "icd10cm-conventions.billable": Count(_icd_billable),
    "icd10cm-conventions.largest-chapter": Count(lambda: _icd_largest().number),
    "icd10cm-conventions.largest-chapter-billable": Count(lambda: _icd_largest().billable),
    "icd10cm-conventions.s52-531-sevenths": Count(_seventh_options),
}

ICD10CM_GUIDELINES: dict[str, Figure] = {
    f"icd10cm-guidelines.chapter-{n}.span": Figure(partial(lambda m: _icd_chapter(m).span, n)) for n in (18, 20, 21)
}


@cache
def _icd_update() -> dict[str, int]:
    """What the FY2027 release changed, from the two listings: the last day of FY2026 against the first of FY2027."""
    from revcycle.codes import icd10cm

    first = icd10cm.PRIMARY.effective_from
    old = {code: (title, billable) for code, title, billable in icd10cm.listing(first - timedelta(days=1))}
    new = {code: (title, billable) for code, title, billable in icd10cm.listing(first)}
    billable_old = {code for code, (_, billable) in old.items() if billable}
    billable_new = {code for code, (_, billable) in new.items() if billable}
    gone = billable_old - billable_new
    return {
        "fy2026-billable": len(billable_old),
        "fy2027-billable": len(billable_new),
        "net": len(billable_new) - len(billable_old),
        "added": len(billable_new - billable_old),
        "no-longer-billable": len(gone),
        "deleted": len(gone - new.keys()),
        "became-headers": len(gone & new.keys()),
        "retitled": sum(1 for code in old.keys() & new.keys() if old[code][0] != new[code][0]),
        "t52-deleted": sum(1 for code in gone - new.keys() if code.startswith("T52.8X")),
    }


def _icd_children(code: str) -> int:
    from revcycle.codes import icd10cm

    return len(icd10cm.children(code, on=icd10cm.PRIMARY.effective_from))


ICD10CM_UPDATES: dict[str, Figure] = {
    **{f"icd10cm-updates.{name}": Count(_item(_icd_update, name))
       for name in ("fy2026-billable", "fy2027-billable", "net", "added", "no-longer-billable", "deleted",
                    "became-headers", "retitled", "t52-deleted")},
    **{f"icd10cm-updates.{code.lower().replace('.', '-')}-children": Words(partial(_icd_children, code))
       for code in ("I42.0", "M72.2")},
}

ICD10PCS_OVERVIEW: dict[str, Figure] = {
    **_pcs_rows("0DTJ4ZZ"),  # the table of the seven characters, with the appendectomy as its example
    **_pcs_rows("0DB68ZX"),  # worked example 2: reading a code back
}


@cache
def _sided() -> tuple[int, int]:
    """FY2027 billable ICD-10-CM codes whose titles name a side (right, left or bilateral), and all of them."""
    from revcycle.codes import icd10cm
    from revcycle.coding import terminology

    billable = [title for _code, title, is_billable in icd10cm.listing(on=icd10cm.PRIMARY.effective_from)
                if is_billable]
    sided = sum(terminology.side_in_title(title) in ("right", "left", "bilateral") for title in billable)
    return sided, len(billable)


def _word_parts() -> int:
    from revcycle.coding import terminology

    return len(terminology.parts())


# The medical terminology and anatomy chapter: the size of the word-part table and how many codes name a side.
MEDICAL_TERMINOLOGY: dict[str, Figure] = {
    "medical-terminology.parts": Count(_word_parts),
    "medical-terminology.chapters": Count(lambda: len(_icd_chapters())),
    "medical-terminology.billable": Count(lambda: _sided()[1]),
    "medical-terminology.sided": Count(lambda: _sided()[0]),
    "medical-terminology.sided-percent": Number(lambda: 100 * _sided()[0] / _sided()[1], 1),
}

# ------------------------------------------------------------------------------------------------ regulations

# Worked example 1 of the fraud chapter: a lab billed Medicare for tests never performed.
FCA_CLAIMS, FCA_PAID_PER_CLAIM = 40, D("120.00")


@cache
def _fca() -> Any:
    from revcycle.compliance.audit import fca_exposure

    return fca_exposure(FCA_CLAIMS, FCA_PAID_PER_CLAIM)


def _audit_module() -> Any:
    from revcycle.compliance import audit

    return audit


@cache
def _audit() -> tuple[Any, dict[str, Any]]:
    """Worked example 2 of the fraud chapter, as its notebook runs it: the peer benchmark and each provider's audit."""
    audit = _audit_module()
    bench = audit.peer_benchmark(audit.synthetic_peers(n=40, seed=2026))
    return bench, {r.provider: r for r in audit.audit_practice(audit.synthetic_practice(), bench)}


def _provider(name: str) -> Any:
    return _audit()[1][name]


AUDITED = {"example": "Dr. Alex Example", "sampleton": "Dr. Jordan Sampleton", "placeholder": "Dr. Nia Placeholder",
           "fictional": "Dr. Omar Fictional"}


def _audit_row(short: str, name: str) -> dict[str, Figure]:
    key = f"fraud.audit.{short}"
    return {
        f"{key}.visits": Count(lambda: _provider(name).visits),
        f"{key}.high-visits": Count(lambda: _provider(name).high_visits),
        f"{key}.share": Number(lambda: 100 * D(str(_provider(name).high_share)), 1),
        f"{key}.z": Signed(lambda: D(str(_provider(name).peer_z)), 1),
        f"{key}.result": Figure(lambda: _provider(name).flag),
    }


FRAUD: dict[str, Figure] = {
    "fraud.fca.penalty-min": WholeDollars(lambda: _audit_module().FCA_PENALTY_MIN),
    "fraud.fca.penalty-max": WholeDollars(lambda: _audit_module().FCA_PENALTY_MAX),
    # worked example 1: what 40 false claims can cost
    "fraud.fca.claims": Count(lambda: _fca().claims),
    "fraud.fca.paid-per-claim": Money(lambda: FCA_PAID_PER_CLAIM),
    "fraud.fca.damages": Money(lambda: _fca().damages),
    "fraud.fca.treble": Money(lambda: _fca().treble),
    "fraud.fca.penalties-min": WholeDollars(lambda: _fca().penalty_min),
    "fraud.fca.penalties-max": WholeDollars(lambda: _fca().penalty_max),
    "fraud.fca.penalties-min-cents": Money(lambda: _fca().penalty_min),
    "fraud.fca.penalties-max-cents": Money(lambda: _fca().penalty_max),
    "fraud.fca.minimum": Money(lambda: _fca().minimum),
    "fraud.fca.maximum": Money(lambda: _fca().maximum),
    # worked example 2: the E/M level audit
    "fraud.audit.peers": Count(lambda: _audit()[0].providers),
    "fraud.audit.peer-mean": Number(lambda: 100 * D(str(_audit()[0].mean_high_share)), 1),
    "fraud.audit.peer-sd": Number(lambda: 100 * D(str(_audit()[0].sd_high_share)), 1),
    "fraud.audit.peer-lowest": Count(lambda: round(100 * min(_audit()[0].high_shares))),
    "fraud.audit.peer-highest": Count(lambda: round(100 * max(_audit()[0].high_shares))),
    **{k: v for short, name in AUDITED.items() for k, v in _audit_row(short, name).items()},
    "fraud.audit.peer-z": Count(lambda: _audit_module().PEER_Z),
    "fraud.audit.alpha": Number(lambda: D(str(_audit_module().ALPHA)), 2),
}

# The audits and program integrity chapter: a synthetic practice's year of paid E/M claims, a probe sample and a full
# statistically valid random sample drawn from it, each projected by revcycle.compliance.sampling.
AUDIT_CLAIMS, AUDIT_SEED = 2_000, 2026
PROBE_SEED, FULL_SEED, FULL_SIZE = "probe-2025", "full-2025", 100
COVERAGE_DRAWS, COVERAGE_SEED = 500, "coverage"


def _sampling() -> Any:
    from revcycle.compliance import sampling

    return sampling


@cache
def audit_universe() -> Any:
    """The chapter's universe: AUDIT_CLAIMS synthetic paid established-patient visits."""
    return _sampling().synthetic_universe(AUDIT_CLAIMS, AUDIT_SEED)


@cache
def audit_probe() -> tuple[Any, Any]:
    """Worked example 1: the probe sample, reviewed, and its projection."""
    sampling, universe = _sampling(), audit_universe()
    sampled = sampling.review(universe, sampling.probe_sample([c.claim_id for c in universe], PROBE_SEED))
    return sampled, sampling.estimate([c.overpaid for c in sampled], len(universe))


@cache
def audit_full() -> tuple[Any, Any]:
    """Worked example 2: the full statistically valid random sample, reviewed, and its projection."""
    return _sampling().audit_sample(audit_universe(), FULL_SIZE, FULL_SEED)


@cache
def audit_coverage() -> tuple[Any, ...]:
    """COVERAGE_DRAWS more samples of FULL_SIZE from the same universe, each projected (the chapter's chart)."""
    return _sampling().repeated_estimates(audit_universe(), FULL_SIZE, COVERAGE_DRAWS, COVERAGE_SEED)


def _covered() -> Decimal:
    truth = _sampling().true_overpayment(audit_universe())
    runs = audit_coverage()
    return D(100) * sum(1 for e in runs if e.lower_limit <= truth) / len(runs)


def _est(which: Callable[[], tuple[Any, Any]], field: str) -> Callable[[], Any]:
    return lambda: getattr(which()[1], field)


def _sample_row(key: str, which: Callable[[], tuple[Any, Any]]) -> dict[str, Figure]:
    return {
        f"audits.{key}.size": Count(_est(which, "sample_size")),
        f"audits.{key}.errors": Count(_est(which, "errors")),
        f"audits.{key}.error-rate": Number(lambda: 100 * which()[1].error_rate, 1),
        f"audits.{key}.total": Money(_est(which, "sample_total")),
        f"audits.{key}.mean": Money(_est(which, "mean")),
        f"audits.{key}.point": Money(_est(which, "point_estimate")),
        f"audits.{key}.lower": Money(_est(which, "lower_limit")),
    }


AUDITS: dict[str, Figure] = {
    "audits.confidence": Count(lambda: round(100 * _sampling().DEFAULT_CONFIDENCE)),
    "audits.probe-minimum": Count(lambda: _sampling().MIN_PROBE),
    "audits.universe.claims": Count(lambda: len(audit_universe())),
    "audits.universe.paid": Money(lambda: sum((c.paid for c in audit_universe()), D("0.00"))),
    "audits.universe.truth": Money(lambda: _sampling().true_overpayment(audit_universe())),
    **_sample_row("probe", audit_probe),
    **_sample_row("full", audit_full),
    "audits.full.scale": Count(lambda: len(audit_universe()) // FULL_SIZE),
    "audits.full.sd": Money(_est(audit_full, "standard_deviation")),
    "audits.full.se": Money(_est(audit_full, "standard_error")),
    "audits.full.df": Count(_est(audit_full, "degrees_of_freedom")),
    "audits.full.t": Number(lambda: D(repr(audit_full()[1].t)), 3),
    "audits.full.half-width": Money(lambda: audit_full()[1].half_width),
    "audits.full.precision": Number(lambda: 100 * audit_full()[1].precision, 1),
    "audits.full.fpc": Number(lambda: (1 - D(FULL_SIZE) / len(audit_universe())).sqrt(), 3),
    "audits.coverage.draws": Count(lambda: COVERAGE_DRAWS),
    "audits.coverage.share": Number(_covered, 1),
}

# Worked example 1 of the HIPAA chapter: a stolen laptop; and the smaller breach it is compared with.
BREACH_DISCOVERED, BREACH_RESIDENTS, SMALL_BREACH = date(2026, 3, 10), {"Ohio": 610, "Indiana": 30}, 420


def _deid() -> Any:
    from revcycle.compliance import deid

    return deid


@cache
def _breach(residents: int | None = None) -> Any:
    return _deid().breach_notices(BREACH_DISCOVERED, BREACH_RESIDENTS if residents is None else residents)


@cache
def _deid_note() -> Any:
    """Worked example 2 of the HIPAA chapter: the notebook's note, de-identified."""
    note = _deid().synthetic_note(6)
    return _deid().deidentify(note.text, names=note.names, places=note.places)


HIPAA: dict[str, Figure] = {
    "hipaa.breach.discovered": Day(lambda: _breach().discovered),
    "hipaa.breach.discovered-day": Day(lambda: _breach().discovered, year=False),
    "hipaa.breach.affected": Count(lambda: _breach().affected),
    "hipaa.breach.ohio": Count(lambda: _breach().residents["Ohio"]),
    "hipaa.breach.indiana": Count(lambda: _breach().residents["Indiana"]),
    "hipaa.breach.individuals-by": Day(lambda: _breach().individuals_by),
    "hipaa.breach.media-by": Day(lambda: _breach().media_by),
    "hipaa.breach.hhs-by": Day(lambda: _breach().hhs_by),
    "hipaa.notice-days": Count(lambda: _deid().NOTICE_DAYS),
    "hipaa.media-threshold": Count(lambda: _deid().MEDIA_THRESHOLD),
    "hipaa.hhs-threshold": Count(lambda: _deid().HHS_THRESHOLD),
    "hipaa.small.affected": Count(lambda: _breach(SMALL_BREACH).affected),
    "hipaa.small.year-end": Day(lambda: date(_breach(SMALL_BREACH).discovered.year, 12, 31)),
    "hipaa.small.hhs-by": Day(lambda: _breach(SMALL_BREACH).hhs_by),
    "hipaa.deid.removed": Words(lambda: len(_deid_note().findings), capital=True),
}


# ------------------------------------------------------------------------------------------------ careers

def _ceu() -> Any:
    from careers import ceu

    return ceu


def _outlook(soc: str, name: str) -> Any:
    from careers import outlook

    return outlook.figure(soc, name)


def _records(name: str) -> Any:
    """A figure for medical records specialists (SOC 29-2072) from the shipped BLS table."""
    return _outlook("29-2072", name)


def _growth(soc: str) -> Decimal:
    return D(_outlook(soc, "projected employment change").value)


def _period(soc: str) -> Figure:
    """A projection's period as the prose writes it, with an en dash: 2024–34."""
    return Figure(lambda: _outlook(soc, "projected employment change").period.replace("-", "\N{EN DASH}"))


def _added() -> int:
    from careers import outlook

    return outlook.implied_change(_records("employment").value, _growth("29-2072"))


OUTLOOK: dict[str, Figure] = {
    "outlook.pay": WholeDollars(lambda: _records("median annual pay").value),
    "outlook.pay-period": Figure(lambda: _records("median annual pay").period),
    "outlook.jobs": Count(lambda: _records("employment").value),
    "outlook.jobs-period": Figure(lambda: _records("employment").period),
    "outlook.growth": Count(lambda: _growth("29-2072")),
    "outlook.growth-period": _period("29-2072"),
    "outlook.growth-all": Number(lambda: _growth("00-0000"), 1),
    "outlook.growth-all-period": _period("00-0000"),
    "outlook.growth-sector": Number(lambda: _growth("NAICS 62"), 1),
    "outlook.growth-sector-period": _period("NAICS 62"),
    # worked example 1: reading the numbers
    "outlook.growth-fraction": Number(lambda: _growth("29-2072") / 100, 2),
    "outlook.added": Count(_added),
    "outlook.jobs-2034": Count(lambda: 1000 * round((int(_records("employment").value) + _added()) / 1000)),
    "outlook.faster": Number(lambda: _growth("29-2072") - _growth("00-0000"), 1),
    "outlook.slower": Number(lambda: _growth("NAICS 62") - _growth("29-2072"), 1),
    # worked example 2: from coder to auditor
    "outlook.cpc-ceus": Count(lambda: _ceu().required_ceus(["CPC"])["AAPC"]),
    "outlook.cpc-cpma-ceus": Count(lambda: _ceu().required_ceus(["CPC", "CPMA"])["AAPC"]),
    "outlook.audit-ceus": Count(lambda: _ceu().subject_ceus(["CPC", "CPMA"])["CPMA"][0]),
}

# Worked example 2 of the training chapter: Jordan (CPC, CPB, CCS) and a made-up CEU log.
JORDAN_CREDENTIALS = ("CPC", "CPB", "CCS")
JORDAN_STARTS = {"AAPC": date(2026, 1, 1), "AHIMA": date(2026, 3, 14)}
JORDAN_LOG_START, JORDAN_LOG_MONTHS, JORDAN_AS_OF = date(2026, 1, 5), 14, date(2027, 2, 28)


@cache
def _jordan() -> tuple[list[Any], dict[str, Any]]:
    ceu = _ceu()
    log = ceu.synthetic_log(JORDAN_LOG_START, months=JORDAN_LOG_MONTHS, seed=7)
    return log, {p.body: p for p in ceu.plan(list(JORDAN_CREDENTIALS), JORDAN_STARTS, log, JORDAN_AS_OF)}


def _exam(credential: str) -> Any:
    return _ceu().EXAM_FORMATS[credential]


def _jordan_row(body: str) -> dict[str, Figure]:
    key = f"training.jordan.{body.lower()}"

    def plan() -> Any:
        return _jordan()[1][body]

    return {
        f"{key}.required": Count(lambda: plan().required),
        f"{key}.earned": Number(lambda: D(str(plan().earned)), 1),
        f"{key}.remaining": Number(lambda: D(str(plan().remaining)), 1),
        f"{key}.months-left": Count(lambda: plan().months_left),
        f"{key}.per-month": Number(lambda: D(str(plan().per_month)), 2),
        f"{key}.even-pace": Number(lambda: D(plan().required) / _ceu().CYCLE_MONTHS, 2),
    }


TRAINING: dict[str, Figure] = {
    # exam formats
    **{f"training.{cred.lower()}.questions": Count(partial(lambda c: _exam(c).questions, cred))
       for cred in ("CPC", "CPB", "CCA")},
    **{f"training.{cred.lower()}.hours": Count(partial(lambda c: _exam(c).hours, cred))
       for cred in ("CPC", "CPB", "CCA")},
    "training.cpc.pass-mark": Figure(lambda: _exam("CPC").pass_mark),
    "training.cpc.pass-percent": Figure(lambda: _exam("CPC").pass_mark.split()[0]),
    "training.cca.scored": Count(lambda: _exam("CCA").scored),
    "training.cca.pretest": Count(lambda: _exam("CCA").questions - _exam("CCA").scored),
    # the requirement tables
    **{f"training.aapc-{n}": Count(_item(lambda: _ceu().AAPC_BY_COUNT, n)) for n in range(1, 6)},
    "training.ahima-single": Count(lambda: _ceu().AHIMA_SINGLE["CCA"]),
    "training.ahima-rhia": Count(lambda: _ceu().AHIMA_SINGLE["RHIA"]),
    "training.ahima-extra": Count(lambda: _ceu().AHIMA_EXTRA),
    "training.ahima-max": Count(lambda: _ceu().AHIMA_MAX),
    "training.ccs-and-ccs-p": Count(lambda: _ceu().required_ceus(["CCS", "CCS-P"])["AHIMA"]),
    # worked example 2: Jordan's two cycles
    "training.jordan.aapc.start": Day(lambda: _jordan()[1]["AAPC"].cycle.start),
    "training.jordan.aapc.end": Day(lambda: _jordan()[1]["AAPC"].cycle.end),
    "training.jordan.ahima.start": Day(lambda: _jordan()[1]["AHIMA"].cycle.start),
    "training.jordan.ahima.end": Day(lambda: _jordan()[1]["AHIMA"].cycle.end),
    "training.jordan.as-of": Day(lambda: JORDAN_AS_OF),
    "training.jordan.activities": Words(lambda: len(_jordan()[0])),
    "training.cycle-months": Count(lambda: _ceu().CYCLE_MONTHS),
    **_jordan_row("AAPC"),
    **_jordan_row("AHIMA"),
}


def _visit(name: str) -> Callable[[], Any]:
    return lambda: _trace().money_summary()[name]


SKILLS: dict[str, Figure] = {
    # worked example 3: the revenue-cycle chapter's visit, explained to the patient
    "skills.patient": Figure(lambda: _trace().patient.name),
    "skills.date-of-service": Day(lambda: _trace().date_of_service),
    "skills.charge": Money(_visit("charge")),
    "skills.allowed": Money(_visit("allowed")),
    "skills.payer-pays": Money(_visit("payer_pays")),
    "skills.patient-pays": Money(_visit("patient_pays")),
    "skills.contractual": Money(_visit("contractual_adjustment")),
}

# The enrollment and credentialing chapter: two synthetic physicians' records, judged by
# revcycle.compliance.enrollment. Worked example 1: a new hire who filed her CMS-855I seven weeks after starting.
ENROLL_HIRE: dict[str, Any] = {"npi": "1609874569", "name": "Dr. Nia Fictional", "taxonomy": "207Q00000X",
                               "began": date(2026, 3, 2), "filed": date(2026, 4, 20)}
#: Her first Medicare visits (dates of service), in order.
ENROLL_HIRE_VISITS = (date(2026, 3, 4), date(2026, 3, 11), date(2026, 3, 18), date(2026, 3, 25), date(2026, 4, 8))
# Worked example 2: an established physician's calendar on ENROLL_AS_OF, then the revalidation he missed.
ENROLL_AS_OF = date(2026, 3, 2)
ENROLL_OMAR: dict[str, Any] = {"npi": "1467392852", "name": "Dr. Omar Example", "taxonomy": "207R00000X",
                               "filed": date(2021, 6, 15), "caqh_attested": date(2026, 1, 20)}
ENROLL_CONTRACTS = (("SYNEHP", date(2023, 5, 10), None), ("SYNHMO", date(2020, 9, 1), date(2023, 9, 1)))
ENROLL_GAP = (date(2026, 8, 3), date(2026, 9, 14))  # deactivated; reactivation effective
ENROLL_OPT_OUT = (date(2024, 10, 1), date(2026, 3, 2))  # an opt-out's first day; the day we look
ENROLL_SUBSTITUTE_FIRST = date(2026, 7, 6)


def _enr() -> Any:
    from revcycle.compliance import enrollment

    return enrollment


@cache
def enrollment_hire() -> Any:
    """Worked example 1's record (revcycle.compliance.enrollment.Enrollment)."""
    return _enr().Enrollment(**ENROLL_HIRE)


@cache
def enrollment_omar(deactivated: bool = False) -> Any:
    """Worked example 2's record, before (or after) the missed revalidation."""
    en = _enr()
    contracts = tuple(en.PayerContract(p, start, recredentialed=again) for p, start, again in ENROLL_CONTRACTS)
    gaps = (en.Deactivation(*ENROLL_GAP),) if deactivated else ()
    return en.Enrollment(**ENROLL_OMAR, contracts=contracts, deactivations=gaps)


def _omar_due(what: str) -> Any:
    return next(i.due for i in _enr().due_items(enrollment_omar(), ENROLL_AS_OF) if i.item.startswith(what))


def _hire_broken() -> list[date]:
    return [d for d in ENROLL_HIRE_VISITS if not _enr().standing(enrollment_hire(), d).billable]


ENROLLMENT: dict[str, Figure] = {
    # the rules' numbers
    "enrollment.retro-days": Count(lambda: _enr().RETRO_DAYS),
    "enrollment.disaster-days": Count(lambda: _enr().DISASTER_RETRO_DAYS),
    "enrollment.revalidation-years": Words(lambda: _enr().REVALIDATION_YEARS["practitioner"]),
    "enrollment.dmepos-years": Words(lambda: _enr().REVALIDATION_YEARS["dmepos"]),
    "enrollment.caqh-days": Count(lambda: _enr().CAQH_DAYS),
    "enrollment.substitute-days": Count(lambda: _enr().SUBSTITUTE_DAYS),
    # worked example 1: the new hire
    "enrollment.ex1.began": Day(lambda: enrollment_hire().began),
    "enrollment.ex1.filed": Day(lambda: enrollment_hire().filed),
    "enrollment.ex1.effective": Day(lambda: enrollment_hire().effective),
    "enrollment.ex1.retro-start": Day(lambda: enrollment_hire().retro_start),
    "enrollment.ex1.file-by": Day(lambda: _enr().Enrollment(**{**ENROLL_HIRE, "filed": None}).file_by),
    "enrollment.ex1.visits": Words(lambda: len(ENROLL_HIRE_VISITS)),
    "enrollment.ex1.broken": Words(lambda: len(_hire_broken())),
    "enrollment.ex1.last-broken": Day(lambda: _hire_broken()[-1]),
    "enrollment.ex1.first-paid": Day(lambda: next(d for d in ENROLL_HIRE_VISITS if d not in _hire_broken())),
    # worked example 2: the calendar, then the deactivation
    "enrollment.ex2.as-of": Day(lambda: ENROLL_AS_OF),
    "enrollment.ex2.filed": Day(lambda: enrollment_omar().filed),
    "enrollment.ex2.revalidation": Day(lambda: _omar_due("Medicare revalidation")),
    "enrollment.ex2.caqh": Day(lambda: _omar_due("CAQH")),
    "enrollment.ex2.caqh-attested": Day(lambda: enrollment_omar().caqh_attested),
    "enrollment.ex2.ehp-credentialed": Day(lambda: enrollment_omar().contract("SYNEHP").credentialed),
    "enrollment.ex2.ehp-due": Day(lambda: _omar_due("recredentialing with SYNEHP")),
    "enrollment.ex2.hmo-recredentialed": Day(lambda: enrollment_omar().contract("SYNHMO").recredentialed),
    "enrollment.ex2.hmo-due": Day(lambda: _omar_due("recredentialing with SYNHMO")),
    "enrollment.ex2.soon": Words(lambda: sum(i.status == "due soon"
                                             for i in _enr().due_items(enrollment_omar(), ENROLL_AS_OF))),
    "enrollment.ex2.deactivated": Day(lambda: enrollment_omar(True).deactivations[0].start),
    "enrollment.ex2.reactivated": Day(lambda: enrollment_omar(True).deactivations[0].end),
    "enrollment.ex2.last-unpaid": Day(lambda: enrollment_omar(True).deactivations[0].end - timedelta(days=1)),
    "enrollment.ex2.gap-days": Count(lambda: (ENROLL_GAP[1] - ENROLL_GAP[0]).days),
    # the opt-out and substitute examples
    "enrollment.opt-out.start": Day(lambda: ENROLL_OPT_OUT[0]),
    "enrollment.opt-out.renews": Day(lambda: _enr().opt_out_renewal(*ENROLL_OPT_OUT)[0]),
    "enrollment.opt-out.cancel-by": Day(lambda: _enr().opt_out_renewal(*ENROLL_OPT_OUT)[1]),
    "enrollment.substitute.first": Day(lambda: ENROLL_SUBSTITUTE_FIRST),
    "enrollment.substitute.last": Day(lambda: _enr().substitute_last_day(ENROLL_SUBSTITUTE_FIRST)),
}

# The modifiers chapter: each line's modifiers are chosen by revcycle.coding.modifiers, and its pricing hint comes
# from revcycle.payment.surgery in the surgical chapter's locality (Alabama, 10112-00), facility setting.
MODIFIER_LINES: dict[str, dict[str, Any]] = {
    # worked example 1: a bilateral inguinal hernia repair; the surgeon, and a physician assistant who assists
    "ex1-surgeon": {"kind": "procedure", "code": "49505", "side": "both"},
    "ex1-pa": {"kind": "procedure", "code": "49505", "side": "both", "role": "npp_assistant"},
    "ex1-visit": {"kind": "em", "same_day_procedure": True, "decision_for_surgery": True, "major_surgery": True},
    # worked example 2: a colonoscopy stopped after sedation; the physician's line and the facility's line
    "ex2-physician": {"kind": "procedure", "code": "45378", "effort": "discontinued"},
    "ex2-facility": {"kind": "procedure", "code": "45378", "effort": "discontinued", "claim": "facility",
                     "after_anesthesia": True},
}


@cache
def modifier_decision(name: str) -> Any:
    """The chapter's line `name` (MODIFIER_LINES), decided by revcycle.coding.modifiers."""
    from revcycle.coding import modifiers

    return modifiers.decide(locality=SURGERY_LOCALITY, **MODIFIER_LINES[name])


def _hint(name: str, what: str) -> Money:
    return Money(lambda: getattr(modifier_decision(name).pricing, what))


def _colonoscopy(modifier: str | None) -> Money:
    return Money(lambda: _pfs("45378", locality=SURGERY_LOCALITY, setting="facility", modifier=modifier).payment)


MODIFIERS: dict[str, Figure] = {
    "modifiers.ex1.surgeon-line": Figure(lambda: modifier_decision("ex1-surgeon").label()),
    "modifiers.ex1.pa-line": Figure(lambda: modifier_decision("ex1-pa").label()),
    "modifiers.ex1.visit": Figure(lambda: "-".join(("99204", *modifier_decision("ex1-visit").modifiers))),
    "modifiers.ex1.fee": _hint("ex1-surgeon", "fee_schedule"),
    "modifiers.ex1.surgeon": _hint("ex1-surgeon", "allowed"),
    "modifiers.ex1.pa": _hint("ex1-pa", "allowed"),
    "modifiers.ex2.physician-line": Figure(lambda: modifier_decision("ex2-physician").label()),
    "modifiers.ex2.facility-line": Figure(lambda: modifier_decision("ex2-facility").label()),
    "modifiers.ex2.full": _colonoscopy(None),
    "modifiers.ex2.53": _colonoscopy("53"),
}

# The prior authorization chapter: the decision clocks of CMS-0057-F and the authorization check, computed by
# revcycle.payment.prior_auth. Worked example 1 is one request received late on a Friday; worked example 2 is a
# therapy claim checked against its authorization; the worklist is the chapter's seeded synthetic queue.
PA_EX1: dict[str, Any] = {"request_id": "PA-0306", "payer_type": "ma", "received": "2026-03-06T16:30",
                          "service": "70553"}
PA_EX2_AUTH: dict[str, Any] = {"number": "PT-26-0413", "codes": ("97110", "97530"), "units": 12,
                               "start": "2026-03-02", "end": "2026-04-30"}
#: Worked example 2's claim lines: code, date of service, units.
PA_EX2_LINES = (("97110", "2026-03-05", 4), ("97530", "2026-03-12", 4), ("97110", "2026-03-19", 6),
                ("97140", "2026-03-19", 1), ("97110", "2026-05-04", 2))
PA_WORKLIST: dict[str, Any] = {"n": 60, "seed": 2026, "as_of": "2026-03-06T17:00"}


class Moment(Figure):
    """A date and time as the prose writes it: Friday, March 6, 2026, at 4:30 p.m."""

    kind = "text"

    def show(self, value: Any) -> str:
        hour = value.hour % 12 or 12
        half = "a.m." if value.hour < 12 else "p.m."
        return f"{value:%A}, {value:%B} {value.day}, {value.year}, at {hour}:{value:%M} {half}"


@cache
def prior_auth_clock(urgency: str, payer: str = "ma") -> Any:
    """Worked example 1's request as ``urgency`` for a ``payer`` type, and its decision clock."""
    from revcycle.payment import prior_auth as pa

    return pa.decision_deadline(pa.Request(**{**PA_EX1, "payer_type": payer, "urgency": urgency}))


@cache
def prior_auth_check() -> Any:
    """Worked example 2: the authorization and the findings on the claim's lines."""
    from revcycle.payment import prior_auth as pa

    auth = pa.Authorization(**{**PA_EX2_AUTH, "codes": frozenset(PA_EX2_AUTH["codes"])})
    return auth, pa.check_lines(PA_EX2_LINES, auth, billed_number=auth.number)


def _pa_finding(problem: str) -> Any:
    return next(f for f in prior_auth_check()[1] if f.problem == problem)


@cache
def prior_auth_worklist() -> tuple[Any, Any]:
    """The chapter's synthetic worklist as a frame, and its due-by-day table."""
    from revcycle.payment import prior_auth as pa

    cfg = PA_WORKLIST
    frame = pa.worklist_frame(pa.worklist(cfg["n"], cfg["seed"]), cfg["as_of"])
    return frame, pa.due_by_day(frame)


def _pa_as_of() -> Any:
    from revcycle.core.dates import parse_datetime

    return parse_datetime(PA_WORKLIST["as_of"])


def _pa_status(status: str) -> Count:
    return Count(lambda: int((prior_auth_worklist()[0]["status"] == status).sum()))


PRIOR_AUTH: dict[str, Figure] = {
    # worked example 1
    "prior-auth.ex1.received": Moment(lambda: prior_auth_clock("expedited").request.received),
    "prior-auth.ex1.expedited-due": Moment(lambda: prior_auth_clock("expedited").due_at),
    "prior-auth.ex1.standard-due": Day(lambda: prior_auth_clock("standard").due_date),
    # worked example 2
    "prior-auth.ex2.number": Figure(lambda: prior_auth_check()[0].number),
    "prior-auth.ex2.units": Count(lambda: prior_auth_check()[0].units),
    "prior-auth.ex2.start": Day(lambda: prior_auth_check()[0].start),
    "prior-auth.ex2.end": Day(lambda: prior_auth_check()[0].end),
    "prior-auth.ex2.units-counted": Count(lambda: prior_auth_check()[0].units + _pa_finding("units over").units_over),
    "prior-auth.ex2.units-over": Count(lambda: _pa_finding("units over").units_over),
    "prior-auth.ex2.findings": Words(lambda: len(prior_auth_check()[1])),
    # the worklist
    "prior-auth.worklist.n": Count(lambda: len(prior_auth_worklist()[0])),
    "prior-auth.worklist.as-of": Moment(lambda: _pa_as_of()),
    "prior-auth.worklist.overdue": _pa_status("overdue"),
    "prior-auth.worklist.due-24": _pa_status("due within 24 hours"),
    "prior-auth.worklist.no-clock": _pa_status("no federal clock"),
    "prior-auth.worklist.busiest-day": Day(lambda: prior_auth_worklist()[1]["total"].idxmax()),
    "prior-auth.worklist.busiest-count": Count(lambda: int(prior_auth_worklist()[1]["total"].max())),
}


# The patient financial services chapter. Worked example 1: a self-pay patient's good faith estimates and bills (an
# estimate owed, and a scheduling too close to need one); worked example 2: a hospital balance, its statements, the
# 501(r) dates and a payment plan; the synthetic patient ledger of the aging notebook; a Medicare credit balance.
PFS_GFE = (date(2026, 3, 6), date(2026, 3, 20))  # scheduled on a Friday for two weeks later
PFS_GFE_SHORT = (date(2026, 3, 18), date(2026, 3, 20))  # scheduled on a Wednesday for that Friday
PFS_BILLS = {"surgeon": ("640.00", "870.00"), "facility": ("1850.00", "2415.00")}  # (estimate, billed)
PFS_BILL_RECEIVED = date(2026, 4, 20)
PFS_HOSPITAL_BALANCE, PFS_FIRST_STATEMENT = "1840.00", date(2026, 4, 1)
PFS_PLAN_FIRST_DUE, PFS_PLAN_MONTHS = date(2026, 7, 1), 6
PFS_LEDGER = {"n": 400, "seed": 0}


@cache
def pfs_gfe(short: bool = False) -> Any:
    from revcycle.patient_financial import estimates

    return estimates.gfe_due(*(PFS_GFE_SHORT if short else PFS_GFE))


@cache
def pfs_ppdr(provider: str) -> Any:
    from revcycle.patient_financial import estimates

    return estimates.ppdr_check(*PFS_BILLS[provider], PFS_BILL_RECEIVED)


@cache
def pfs_hospital() -> tuple[Any, Any]:
    """Worked example 2: the 501(r) statement calendar and the payment plan."""
    from revcycle.patient_financial import plans, statements

    calendar = statements.dunning_calendar(PFS_FIRST_STATEMENT, hospital_501r=True)
    plan = plans.payment_plan(PFS_HOSPITAL_BALANCE, PFS_PLAN_FIRST_DUE, months=PFS_PLAN_MONTHS)
    return calendar, plan


def _pfs_bill(who: str, field: str) -> Money:
    return Money(lambda: getattr(pfs_ppdr(who), field))


def _pfs_step(name: str) -> Day:
    return Day(lambda: next(s.on for s in pfs_hospital()[0].steps if s.step == name))


@cache
def pfs_ledger() -> dict[str, Any]:
    """The aging notebook's ledger, its aging table, open accounts and credit balances."""
    from revcycle.patient_financial import balances

    ledger = balances.patient_ledger(int(PFS_LEDGER["n"]), int(PFS_LEDGER["seed"]))
    return {"ledger": ledger, "aging": balances.patient_aging(ledger).set_index("bucket"),
            "open": balances.open_accounts(ledger), "credits": balances.credit_balances(ledger)}


@cache
def pfs_refund() -> Any:
    """The ledger's Medicare credit balance, identified on the ledger's date, and its refund due date."""
    from revcycle.patient_financial import balances

    credits = pfs_ledger()["credits"]
    row = credits[credits["owner"] != "patient"].iloc[0]
    return balances.refund_due(row["credit"], balances.AS_OF, owner="medicare")


def _pfs_const(module: str, name: str) -> Any:
    from importlib import import_module

    return getattr(import_module(f"revcycle.patient_financial.{module}"), name)


PATIENT_FINANCIAL: dict[str, Figure] = {
    # worked example 1
    "patient-financial.gfe.scheduled": Day(lambda: pfs_gfe().contact),
    "patient-financial.gfe.service": Day(lambda: pfs_gfe().service),
    "patient-financial.gfe.lead": Count(lambda: pfs_gfe().lead_business_days),
    "patient-financial.gfe.due": Day(lambda: pfs_gfe().due),
    "patient-financial.gfe.short-scheduled": Day(lambda: pfs_gfe(True).contact, year=False),
    "patient-financial.gfe.short-lead": Words(lambda: pfs_gfe(True).lead_business_days),
    "patient-financial.ppdr.threshold": WholeDollars(lambda: _pfs_const("estimates", "PPDR_THRESHOLD")),
    "patient-financial.ppdr.days": Count(lambda: _pfs_const("estimates", "PPDR_DAYS")),
    **{f"patient-financial.ppdr.{who}.{field}": _pfs_bill(who, field) for who in PFS_BILLS
       for field in ("estimate", "billed", "excess")},
    "patient-financial.ppdr.received": Day(lambda: PFS_BILL_RECEIVED),
    "patient-financial.ppdr.last-day": Day(lambda: pfs_ppdr("facility").last_day),
    # statements, 501(r) and worked example 2
    "patient-financial.eca.notification-days": Count(lambda: _pfs_const("statements", "NOTIFICATION_DAYS")),
    "patient-financial.eca.notice-days": Count(lambda: _pfs_const("statements", "ECA_NOTICE_DAYS")),
    "patient-financial.eca.application-days": Count(lambda: _pfs_const("statements", "APPLICATION_DAYS")),
    "patient-financial.ex2.balance": Money(lambda: pfs_hospital()[1].balance),
    "patient-financial.ex2.first-statement": Day(lambda: pfs_hospital()[0].first_statement),
    "patient-financial.ex2.reminder-1": _pfs_step("reminder statement 1"),
    "patient-financial.ex2.reminder-2": _pfs_step("reminder statement 2"),
    "patient-financial.ex2.final": _pfs_step("final notice with written ECA notice"),
    "patient-financial.ex2.earliest-eca": Day(lambda: pfs_hospital()[0].earliest_eca),
    "patient-financial.ex2.application-ends": Day(lambda: pfs_hospital()[0].application_period_ends),
    "patient-financial.ex2.plan.months": Words(lambda: pfs_hospital()[1].months),
    "patient-financial.ex2.plan.regular": Money(lambda: pfs_hospital()[1].regular),
    "patient-financial.ex2.plan.last": Money(lambda: pfs_hospital()[1].last),
    "patient-financial.ex2.plan.first-due": Day(lambda: pfs_hospital()[1].installments[0].due),
    "patient-financial.ex2.plan.last-due": Day(lambda: pfs_hospital()[1].installments[-1].due),
    # medical debt and credit reports
    "patient-financial.reporting.floor": WholeDollars(lambda: _pfs_const("debt_collection",
                                                                         "MEDICAL_REPORTING_FLOOR")),
    # the patient ledger of the aging notebook
    "patient-financial.ledger.n": Count(lambda: len(pfs_ledger()["ledger"])),
    "patient-financial.ledger.as-of": Day(lambda: _pfs_const("balances", "AS_OF")),
    "patient-financial.ledger.open-accounts": Count(lambda: int(pfs_ledger()["aging"].loc["total", "accounts"])),
    "patient-financial.ledger.open": Money(lambda: pfs_ledger()["aging"].loc["total", "balance"]),
    "patient-financial.ledger.over-120": Money(lambda: pfs_ledger()["aging"].loc["120+", "balance"]),
    "patient-financial.ledger.over-120-percent": Number(lambda: pfs_ledger()["aging"].loc["120+", "percent"], 1),
    "patient-financial.ledger.collections": Count(
        lambda: int((pfs_ledger()["open"]["stage"] == "refer to collections").sum())),
    "patient-financial.ledger.plans": Count(lambda: int((pfs_ledger()["open"]["stage"] == "payment plan").sum())),
    "patient-financial.ledger.credits": Count(lambda: len(pfs_ledger()["credits"])),
    "patient-financial.ledger.credit-total": Money(lambda: sum(pfs_ledger()["credits"]["credit"], D(0))),
    # a Medicare credit balance
    "patient-financial.refund.amount": Money(lambda: pfs_refund().amount),
    "patient-financial.refund.identified": Day(lambda: pfs_refund().identified),
    "patient-financial.refund.due": Day(lambda: pfs_refund().due),
}


# The privacy and penalty law chapter. Worked example 1: forty reasonable-cause violations of 2025, assessed after the
# late 2025 adjustment and, for comparison, before it; worked example 2: a risk analysis missing for nine months across
# two calendar years (willful neglect, not corrected), one violation a day, each year with its own cap.
PRIVACY_EX1: dict[str, Any] = {"tier": 2, "violations": 40, "violated": date(2025, 5, 12),
                               "assessed": date(2026, 3, 2), "assessed-early": date(2026, 1, 15)}
PRIVACY_EX2: dict[str, Any] = {"tier": 4, "first": date(2024, 7, 1), "last": date(2025, 3, 31),
                               "assessed": date(2026, 6, 1)}


@cache
def privacy_ex1(early: bool = False) -> Any:
    from revcycle.compliance import penalties

    ex = PRIVACY_EX1
    return penalties.exposure(ex["tier"], ex["violations"], violated=ex["violated"],
                              assessed=ex["assessed-early" if early else "assessed"])


@cache
def privacy_ex2() -> tuple[dict[int, int], list[Any]]:
    from revcycle.compliance import penalties

    ex = PRIVACY_EX2
    days = penalties.daily_violations(ex["first"], ex["last"])
    return days, penalties.years_exposure(ex["tier"], days, assessed=ex["assessed"])


def _privacy(name: str) -> Any:
    from revcycle.compliance import penalties

    return getattr(penalties, name)


def _deadline_days(right: str) -> int:
    from revcycle.compliance.deadlines import REQUEST_CLOCKS

    return REQUEST_CLOCKS[right].days


def _privacy_tier(year: int, tier: int, field: str) -> WholeDollars:
    def compute() -> Any:
        from revcycle.compliance import penalties

        adj = penalties.STATUTORY if year == 2009 else penalties.adjustment(year)
        return getattr(adj.tier(tier), field)

    return WholeDollars(compute)


PRIVACY: dict[str, Figure] = {
    # the tiers: the statute's amounts, the latest adjustment, the first shipped one
    **{f"privacy.2009.tier-{n}.{field.replace('_', '-')}": _privacy_tier(2009, n, field)
       for n in (1, 2, 3, 4) for field in ("minimum", "maximum", "annual_cap")},
    **{f"privacy.2025.tier-{n}.minimum": _privacy_tier(2025, n, "minimum") for n in (1, 2, 3, 4)},
    "privacy.2025.tier-1.maximum": _privacy_tier(2025, 1, "maximum"),
    "privacy.2025.tier-1.annual-cap": _privacy_tier(2025, 1, "annual_cap"),
    "privacy.latest.year": Figure(lambda: _privacy("ADJUSTMENTS")[-1].year),
    "privacy.latest.effective": Day(lambda: _privacy("ADJUSTMENTS")[-1].effective),
    "privacy.latest.multiplier": Number(lambda: _privacy("ADJUSTMENTS")[-1].multiplier, 5),
    "privacy.adjusted-from": Day(lambda: _privacy("ADJUSTED_VIOLATIONS_FROM")),
    "privacy.first-adjustment": Day(lambda: _privacy("FIRST_ADJUSTMENT")),
    **{f"privacy.discretion.tier-{n}": WholeDollars(partial(lambda m: _privacy("DISCRETION_CAPS")[m - 1], n))
       for n in (1, 2, 3, 4)},
    "privacy.info-blocking.max": WholeDollars(lambda: _privacy("INFO_BLOCKING_CMP_MAX")),
    "privacy.info-blocking.from": Day(lambda: _privacy("INFO_BLOCKING_CMP_FROM")),
    "privacy.info-blocking.exceptions": Words(lambda: len(_privacy("INFO_BLOCKING_EXCEPTIONS"))),
    "privacy.part2.effective": Day(lambda: _privacy("PART2_EFFECTIVE")),
    "privacy.part2.compliance": Day(lambda: _privacy("PART2_COMPLIANCE")),
    "privacy.ca.nominal": WholeDollars(lambda: _privacy("CA_CMIA_NOMINAL_DAMAGES")),
    "privacy.ca.negligent": WholeDollars(lambda: _privacy("CA_CMIA_NEGLIGENT_MAX")),
    "privacy.ca.willful": WholeDollars(lambda: _privacy("CA_CMIA_WILLFUL_MAX")),
    "privacy.tx.training-days": Count(lambda: _privacy("TX_TRAINING_DAYS")),
    "privacy.tx.ehr-days": Count(lambda: _privacy("TX_EHR_BUSINESS_DAYS")),
    "privacy.hipaa-access-days": Count(lambda: _deadline_days("access")),
    "privacy.wa.from": Day(lambda: _privacy("WA_MHMDA_FROM")),
    # worked example 1
    "privacy.ex1.violations": Count(lambda: PRIVACY_EX1["violations"]),
    "privacy.ex1.violated": Day(lambda: PRIVACY_EX1["violated"]),
    "privacy.ex1.assessed": Day(lambda: PRIVACY_EX1["assessed"]),
    "privacy.ex1.assessed-early": Day(lambda: PRIVACY_EX1["assessed-early"]),
    "privacy.ex1.citation": Figure(lambda: privacy_ex1().citation),
    "privacy.ex1.minimum": WholeDollars(lambda: privacy_ex1().amounts.minimum),
    "privacy.ex1.maximum": WholeDollars(lambda: privacy_ex1().amounts.maximum),
    "privacy.ex1.cap": WholeDollars(lambda: privacy_ex1().amounts.annual_cap),
    "privacy.ex1.low": WholeDollars(lambda: privacy_ex1().low),
    "privacy.ex1.uncapped-high": WholeDollars(lambda: privacy_ex1().uncapped_high),
    "privacy.ex1.high": WholeDollars(lambda: privacy_ex1().high),
    "privacy.ex1.early.citation": Figure(lambda: privacy_ex1(True).citation),
    "privacy.ex1.early.minimum": WholeDollars(lambda: privacy_ex1(True).amounts.minimum),
    "privacy.ex1.early.low": WholeDollars(lambda: privacy_ex1(True).low),
    "privacy.ex1.early.high": WholeDollars(lambda: privacy_ex1(True).high),
    "privacy.ex1.low-difference": WholeDollars(lambda: privacy_ex1().low - privacy_ex1(True).low),
    # worked example 2
    "privacy.ex2.first": Day(lambda: PRIVACY_EX2["first"]),
    "privacy.ex2.last": Day(lambda: PRIVACY_EX2["last"]),
    "privacy.ex2.assessed": Day(lambda: PRIVACY_EX2["assessed"]),
    **{f"privacy.ex2.days-{y}": Count(partial(lambda yy: privacy_ex2()[0][yy], y)) for y in (2024, 2025)},
    **{f"privacy.ex2.{y}.{f.replace('_', '-')}": WholeDollars(
        partial(lambda i, ff: getattr(privacy_ex2()[1][i], ff), i, f))
       for i, y in enumerate((2024, 2025)) for f in ("uncapped_low", "high")},
    "privacy.ex2.minimum": WholeDollars(lambda: privacy_ex2()[1][0].amounts.minimum),
    "privacy.ex2.cap": WholeDollars(lambda: privacy_ex2()[1][0].amounts.annual_cap),
    "privacy.ex2.total": WholeDollars(lambda: sum((e.high for e in privacy_ex2()[1]), D(0))),
    "privacy.ex2.discretion-total": WholeDollars(lambda: 2 * _privacy("DISCRETION_CAPS")[3]),
}


# The E/M beyond the office chapter: every code by revcycle.coding.em_settings, every amount from the CY2026 RVU file
# (national, facility setting: the hospital chapters' amounts). Worked example 1 is one hospital stay and the
# transitional care after it; worked example 2 is one day of critical care shared by a physician and an NP.
EM_EX1: dict[str, Any] = {"ed": ("emergency", 4), "admit": ("hospital-initial", 4), "day2": ("hospital-subsequent", 3),
                          "discharge_minutes": 35, "discharged": "2026-03-04", "contact": "2026-03-05",
                          "visit": "2026-03-10", "tcm_mdm": 3}
EM_EX2: dict[str, int] = {"physician": 70, "np": 40}


def _ems() -> Any:
    from revcycle.coding import em_settings

    return em_settings


@cache
def em_stay() -> dict[str, Any]:
    """Worked example 1's lines (code by code) and their national facility amounts."""
    es = _ems()
    codes = {name: es.select(kind, mdm=level).code for name, (kind, level) in
             ((k, EM_EX1[k]) for k in ("ed", "admit", "day2"))}
    codes["discharge"] = es.discharge_code(EM_EX1["discharge_minutes"])
    amounts = {name: es.line_payment(es.Line(code)) for name, code in codes.items()}
    return {"codes": codes, "amounts": amounts, "hospitalist": sum(v for k, v in amounts.items() if k != "ed"),
            "tcm": es.tcm(EM_EX1["discharged"], EM_EX1["contact"], EM_EX1["visit"], EM_EX1["tcm_mdm"])}


@cache
def em_critical() -> dict[str, Any]:
    """Worked example 2: the day's lines by each count, who bills, and Medicare's amount."""
    es = _ems()
    minutes = EM_EX2["physician"] + EM_EX2["np"]
    medicare, cpt = es.critical_care_lines(minutes, "medicare"), es.critical_care_lines(minutes, "cpt")
    who = es.split_shared(EM_EX2["physician"], EM_EX2["np"], critical_care=True)
    return {"minutes": minutes, "medicare": medicare, "cpt": cpt, "who": who,
            "paid": sum((es.line_payment(ln, npp=who.bills == "npp") for ln in medicare), D(0))}


def _lines(lines: Any) -> str:
    return " + ".join(str(ln) for ln in lines)


EM_BEYOND: dict[str, Figure] = {
    "em-beyond-office.prolonged.99205": Count(lambda: _em().PROLONGED_START["99205"]),  # G2212's office starts
    "em-beyond-office.prolonged.99215": Count(lambda: _em().PROLONGED_START["99215"]),
    **{f"em-beyond-office.ex1.{k}": Figure(partial(lambda n: em_stay()["codes"][n], k))
       for k in ("ed", "admit", "day2", "discharge")},
    **{f"em-beyond-office.ex1.{k}-paid": Money(partial(lambda n: em_stay()["amounts"][n], k))
       for k in ("ed", "admit", "day2", "discharge")},
    "em-beyond-office.ex1.minutes": Count(lambda: EM_EX1["discharge_minutes"]),
    "em-beyond-office.ex1.hospitalist": Money(lambda: em_stay()["hospitalist"]),
    "em-beyond-office.ex1.tcm": Figure(lambda: em_stay()["tcm"].code),
    "em-beyond-office.ex1.tcm-contact-day": Count(lambda: em_stay()["tcm"].contact_business_day),
    "em-beyond-office.ex1.tcm-visit-day": Count(lambda: em_stay()["tcm"].visit_day),
    "em-beyond-office.ex1.tcm-paid": Money(lambda: _ems().line_payment(_ems().Line(em_stay()["tcm"].code),
                                                                        setting="non-facility")),
    "em-beyond-office.ex2.physician": Count(lambda: EM_EX2["physician"]),
    "em-beyond-office.ex2.np": Count(lambda: EM_EX2["np"]),
    "em-beyond-office.ex2.minutes": Count(lambda: em_critical()["minutes"]),
    "em-beyond-office.ex2.medicare-lines": Figure(lambda: _lines(em_critical()["medicare"])),
    "em-beyond-office.ex2.cpt-lines": Figure(lambda: _lines(em_critical()["cpt"])),
    "em-beyond-office.ex2.bills": Figure(lambda: em_critical()["who"].bills),
    "em-beyond-office.ex2.paid": Money(lambda: em_critical()["paid"]),
    "em-beyond-office.ex2.99291": Money(lambda: _pfs("99291", setting="facility").payment),
    "em-beyond-office.ex2.99292": Money(lambda: _pfs("99292", setting="facility").payment),
    # the rules' numbers, from the engine's constants
    "em-beyond-office.discharge-split": Count(lambda: _ems().DISCHARGE_SPLIT),
    "em-beyond-office.cc-start": Count(lambda: _ems().CRITICAL_CARE_START),
    "em-beyond-office.cc-cpt-addon": Count(lambda: _ems()._CC_FIRST_ADDON["cpt"]),
    "em-beyond-office.cc-medicare-addon": Count(lambda: _ems()._CC_FIRST_ADDON["medicare"]),
    "em-beyond-office.g0316.99223": Count(lambda: _ems().MEDICARE_PROLONGED["99223"][1]),
    "em-beyond-office.g0316.99233": Count(lambda: _ems().MEDICARE_PROLONGED["99233"][1]),
    "em-beyond-office.99417.99215": Count(lambda: _ems().CPT_PROLONGED["99215"][1]),
    "em-beyond-office.tcm-contact": Count(lambda: _ems().TCM_CONTACT_BUSINESS_DAYS),
    "em-beyond-office.ccm-staff": Count(lambda: _ems().CARE_MANAGEMENT["ccm-staff"].base_minutes),
    "em-beyond-office.ccm-personal": Count(lambda: _ems().CARE_MANAGEMENT["ccm-personal"].base_minutes),
    "em-beyond-office.ccm-complex": Count(lambda: _ems().CARE_MANAGEMENT["ccm-complex"].base_minutes),
    "em-beyond-office.pcm": Count(lambda: _ems().CARE_MANAGEMENT["pcm-personal"].base_minutes),
    "em-beyond-office.99223-facility": Money(lambda: _pfs("99223", setting="facility").payment),
    "em-beyond-office.99223-npp": Money(lambda: _ems().line_payment(_ems().Line("99223"), npp=True)),
}


# The payers chapter: program rules computed by revcycle.payment.payers. Worked example 1 is one Part B visit split
# between Medicare, a Medigap Plan G and the patient (and the same visit for a QMB); worked example 2 is a medically
# needy spend-down in a synthetic state, reached through retroactive eligibility; the rest are the prose's figures.
PAYERS_EX1: dict[str, Any] = {"code": "99214", "deductible_met": "200.00", "plan": "G", "year": 2026}
PAYERS_EX2: dict[str, Any] = {"income": "1100.00", "level": "600.00", "months": 6, "applied": "2026-04-14",
                              "expenses": (("2026-01-10", "1200.00"), ("2026-02-15", "2400.00"),
                                           ("2026-03-01", "300.00"))}
PAYERS_MA_NOTICE = date(2026, 4, 10)
PAYERS_WC: dict[str, Any] = {"code": "99213", "multiplier": "1.40"}


@cache
def payers_ex1() -> dict[str, Any]:
    """Worked example 1: the fee, the deductible left, the Plan G split, and the same visit for a QMB."""
    from revcycle.payment import cob, payers
    from revcycle.synthetic.pools import CHARGEMASTER

    cfg = PAYERS_EX1
    fee = _pfs(cfg["code"]).payment
    left = payers.part_b_deductible(cfg["year"]) - D(cfg["deductible_met"])
    split = payers.medigap_crossover(fee, plan=cfg["plan"], deductible_remaining=left)
    rate = cob._times(fee, cob.MEDICAID_MULTIPLE)
    qmb = payers.qmb_line(CHARGEMASTER[cfg["code"]], fee, medicaid_rate=rate, deductible_remaining=left)
    return {"fee": fee, "left": left, "split": split, "rate": rate, "qmb": qmb,
            "charge": CHARGEMASTER[cfg["code"]]}


@cache
def payers_ex2() -> tuple[Any, tuple[Any, int], tuple[Any, int]]:
    """Worked example 2: the spend-down, the retroactive window of the application, and the same for 2027."""
    from revcycle.payment import payers

    cfg = PAYERS_EX2
    sd = payers.spend_down(cfg["income"], cfg["level"], cfg["months"], cfg["expenses"])
    applied = date.fromisoformat(cfg["applied"])
    return sd, payers.retroactive_window(applied), payers.retroactive_window(applied.replace(year=2027))


def _ex1(name: str) -> Money:
    return Money(lambda: payers_ex1()[name])


def _split(what: str) -> Money:
    return Money(lambda: getattr(payers_ex1()["split"], what))


def _payers_const(name: str) -> Any:
    from revcycle.payment import payers

    return getattr(payers, name)


def _hdhp(tier: str, what: str) -> WholeDollars:
    return WholeDollars(lambda: _payers_const("HDHP_LIMITS")[2026][tier][what])


def _wc() -> Any:
    from revcycle.payment import payers

    return payers.workers_comp_line(PAYERS_WC["code"], multiplier=PAYERS_WC["multiplier"])


PAYERS: dict[str, Figure] = {
    "payers.aic-2026-alj": WholeDollars(lambda: _aic(2026)[0]),  # the same threshold as the posting chapter's
    "payers.part-b-deductible": WholeDollars(lambda: _payers_const("part_b_deductible")(2026)),
    # worked example 1
    "payers.ex1.fee": _ex1("fee"),
    "payers.ex1.deductible-met": Money(lambda: D(PAYERS_EX1["deductible_met"])),
    "payers.ex1.deductible-left": _ex1("left"),
    "payers.ex1.after-deductible": Money(lambda: payers_ex1()["fee"] - payers_ex1()["left"]),
    "payers.ex1.coinsurance": Money(lambda: payers_ex1()["split"].medicare.coinsurance),
    "payers.ex1.medicare-pays": _split("medicare_pays"),
    "payers.ex1.medigap-pays": _split("medigap_pays"),
    "payers.ex1.patient-owes": _split("patient_owes"),
    "payers.ex1.charge": _ex1("charge"),
    "payers.ex1.qmb.rate": _ex1("rate"),
    "payers.ex1.qmb.cost-sharing": Money(lambda: payers_ex1()["qmb"].medicare.patient_total),
    "payers.ex1.qmb.rate-minus-paid": Money(lambda: payers_ex1()["qmb"].medicaid.candidates[1][1]),
    "payers.ex1.qmb.medicaid-pays": Money(lambda: payers_ex1()["qmb"].medicaid.secondary_pays),
    "payers.ex1.qmb.write-off": Money(lambda: payers_ex1()["qmb"].medicaid.write_off),
    # worked example 2
    "payers.ex2.income": Money(lambda: payers_ex2()[0].monthly_income),
    "payers.ex2.level": Money(lambda: payers_ex2()[0].income_level),
    "payers.ex2.excess": Money(lambda: payers_ex2()[0].excess_per_month),
    "payers.ex2.months": Words(lambda: payers_ex2()[0].months),
    "payers.ex2.amount": Money(lambda: payers_ex2()[0].amount),
    "payers.ex2.met-on": Day(lambda: payers_ex2()[0].met_on),
    "payers.ex2.medicaid-part": Money(lambda: payers_ex2()[0].medicaid_part),
    **{f"payers.ex2.bill-{i}": Money(partial(lambda i: D(PAYERS_EX2["expenses"][i - 1][1]), i)) for i in (1, 2, 3)},
    **{f"payers.ex2.day-{i}": Day(partial(lambda i: date.fromisoformat(PAYERS_EX2["expenses"][i - 1][0]), i),
                                  year=False) for i in (1, 2, 3)},
    "payers.ex2.counted-2": Money(lambda: payers_ex2()[0].patient_part[1][2]),
    "payers.ex2.applied": Day(lambda: date.fromisoformat(PAYERS_EX2["applied"])),
    "payers.ex2.retro-start": Day(lambda: payers_ex2()[1][0]),
    "payers.ex2.retro-months": Words(lambda: payers_ex2()[1][1]),
    "payers.ex2.retro-2027-start": Day(lambda: payers_ex2()[2][0]),
    "payers.ex2.retro-2027-months": Words(lambda: payers_ex2()[2][1]),
    # Medicare Advantage appeals
    "payers.ma.days": Count(lambda: _payers_const("MA_RECONSIDERATION_DAYS")),
    "payers.ma.notice": Day(lambda: PAYERS_MA_NOTICE),
    "payers.ma.deadline": Day(lambda: _payers_const("ma_reconsideration_deadline")(PAYERS_MA_NOTICE)),
    # workers' compensation (a synthetic state's multiple of the Medicare amount)
    "payers.wc.medicare": Money(lambda: _wc().medicare_amount),
    "payers.wc.multiplier": Number(lambda: _wc().multiplier, 2),
    "payers.wc.allowed": Money(lambda: _wc().allowed),
    # HDHP and HSA, 2026
    "payers.hdhp.self-deductible": _hdhp("self", "min_deductible"),
    "payers.hdhp.family-deductible": _hdhp("family", "min_deductible"),
    "payers.hdhp.self-oop": _hdhp("self", "max_oop"),
    "payers.hdhp.family-oop": _hdhp("family", "max_oop"),
    "payers.hdhp.self-hsa": _hdhp("self", "hsa_limit"),
    "payers.hdhp.family-hsa": _hdhp("family", "hsa_limit"),
}


# ------------------------------------------------------------------------------------------------ career paths

def _paths() -> Any:
    from careers import paths

    return paths


def _cred(code: str) -> Any:
    from careers import credentials

    return credentials.credential(code)


def _outlook_module() -> Any:
    from careers import outlook

    return outlook


#: Worked example 1: a CPC holder at a physician practice; worked example 2: an RHIT with the CCS who wants the CDIP.
CAREER_EX1 = {"start": "CPC"}
CAREER_EX2_HELD: tuple[str, ...] = ("RHIT", "CCS")  # worked example 2: what the learner holds
CAREER_EX2_ADDS = "CDIP"  # and the credential added


def _ahima(codes: tuple[str, ...]) -> int:
    return int(_ceu().required_ceus(list(codes))["AHIMA"])


def _ex2_uncapped() -> int:
    c = _ceu()
    held, adds = CAREER_EX2_HELD, CAREER_EX2_ADDS
    return max(c.AHIMA_SINGLE_MORE[adds], *(c.AHIMA_SINGLE[h] for h in held)) + c.AHIMA_EXTRA * len(held)


CAREER_PATHS: dict[str, Figure] = {
    "career.edition": Figure(lambda: _outlook_module().OOH_EDITION.replace("-", "\N{EN DASH}")),
    "career.edition-published": Day(lambda: _outlook_module().OOH_PUBLISHED),
    # the outlook chapter names the same edition under its own keys
    "outlook.edition": Figure(lambda: _outlook_module().OOH_EDITION.replace("-", "\N{EN DASH}")),
    "outlook.edition-published": Day(lambda: _outlook_module().OOH_PUBLISHED),
    "career.coc.questions": Count(lambda: _exam("COC").questions),
    "career.coc.hours": Count(lambda: _exam("COC").hours),
    "career.crc.questions": Count(lambda: _exam("CRC").questions),
    "career.crc.hours": Count(lambda: _exam("CRC").hours),
    "career.crc.minutes-each": Number(lambda: D(_exam("CRC").hours * 60) / _exam("CRC").questions, 1),
    "career.cic.questions": Count(lambda: _exam("CIC").questions),
    "career.cic.cases": Count(lambda: _exam("CIC").cases),
    "career.cic.hours": Count(lambda: _exam("CIC").hours),
    "career.cpma.questions": Count(lambda: _exam("CPMA").questions),
    "career.cpma.hours": Count(lambda: _exam("CPMA").hours),
    "career.cpma.pass-mark": Figure(lambda: _exam("CPMA").pass_mark),
    "career.cdip.ceus": Count(lambda: _cred("CDIP").ceus),
    "career.ccs-p.ceus": Count(lambda: _cred("CCS-P").ceus),
    "career.aapc-one": Count(lambda: _ceu().AAPC_BY_COUNT[1]),
    "career.aapc-two": Count(lambda: _ceu().AAPC_BY_COUNT[2]),
    "career.aapc-three": Count(lambda: _ceu().AAPC_BY_COUNT[3]),
    "career.ex1.one-move": Count(lambda: len(_paths().paths_from(CAREER_EX1["start"], steps=1))),
    "career.ex1.cpma-ceus": Count(lambda: _ceu().required_ceus(["CPC", "CPMA"])["AAPC"]),
    "career.ex1.three-ceus": Count(lambda: _ceu().required_ceus(["CPC", "CRC", "CPMA"])["AAPC"]),
    "career.ex1.audit-ceus": Count(lambda: _ceu().subject_ceus(["CPMA"])["CPMA"][0]),
    "career.ex2.now": Count(lambda: _ahima(CAREER_EX2_HELD)),
    "career.ex2.after": Count(lambda: _ahima((*CAREER_EX2_HELD, CAREER_EX2_ADDS))),
    "career.ex2.uncapped": Count(_ex2_uncapped),
    "career.ex2.max": Count(lambda: _ceu().AHIMA_MAX),
    "career.ex2.extra": Count(lambda: _ceu().AHIMA_EXTRA),
}


# The anesthesia and radiology chapter: anesthesia lines priced by revcycle.payment.anesthesia at the national
# factor; imaging by revcycle.payment.radiology in the surgical chapter's locality (Alabama, 10112-00), non-facility.
# The base units are the case's input: the book does not ship CMS's base-unit file.
ANES_EX1: dict[str, Any] = {"code": "00790", "base_units": 7, "start": "08:12", "end": "09:19", "minutes": 67,
                            "physical_status": 3, "concurrent": 3}
IMAGING_EX2: tuple[str, ...] = ("74177", "71260")


@cache
def anes_ex1(kind: str) -> Any:
    """Worked example 1 priced: 'personal' (AA), 'directed' (the QK and QX lines), 'asa' (an ASA-style payer)."""
    from revcycle.payment import anesthesia

    e = ANES_EX1
    if kind == "directed":
        return anesthesia.directed_case(e["code"], e["base_units"], e["minutes"], concurrent=e["concurrent"],
                                        physical_status=e["physical_status"])
    policy = anesthesia.ASA_STYLE if kind == "asa" else anesthesia.MEDICARE
    return anesthesia.price_anesthesia(e["code"], e["base_units"], e["minutes"],
                                       physical_status=e["physical_status"], policy=policy)


@cache
def imaging_ex2(global_: bool = True) -> Any:
    """Worked example 2's session: the imaging center's global lines, or the radiologist's readings (26)."""
    from revcycle.payment import radiology

    lines = IMAGING_EX2 if global_ else tuple(f"{c}-26" for c in IMAGING_EX2)
    return radiology.price_imaging(lines, locality=SURGERY_LOCALITY)


def _component(code: str, part: str) -> Money:
    from revcycle.payment import radiology

    return Money(lambda: getattr(radiology.components(code, locality=SURGERY_LOCALITY), part))


def _anes_cf(year: int, qualifying_apm: bool) -> Decimal:
    from revcycle.payment import anesthesia

    return anesthesia.conversion_factor(year, qualifying_apm=qualifying_apm)


@cache
def _family_88() -> int:
    """Codes whose global row is subject to the imaging reduction (indicator 4, family 88) in the CY2026 file."""
    from revcycle.core.errors import InputError
    from revcycle.payment import fees

    count = 0
    for code in fees.listed_codes():
        try:
            ind = fees.pfs_indicators(code)
        except InputError:  # a code with 26/TC rows but no global row
            continue
        count += ind.mult_proc == "4" and ind.imaging_family == "88"
    return count


ANESTHESIA_RADIOLOGY: dict[str, Figure] = {
    "anesthesia-radiology.cf": Money(lambda: _anes_cf(2026, False), places=4),
    "anesthesia-radiology.cf-qp": Money(lambda: _anes_cf(2026, True), places=4),
    "anesthesia-radiology.cf-2025": Money(lambda: _anes_cf(2025, False), places=4),
    "anesthesia-radiology.pfs-cf": Money(lambda: _cf(2026), places=4),
    "anesthesia-radiology.ex1.code": Figure(lambda: ANES_EX1["code"]),
    "anesthesia-radiology.ex1.base": Count(lambda: ANES_EX1["base_units"]),
    "anesthesia-radiology.ex1.start": Figure(lambda: ANES_EX1["start"]),
    "anesthesia-radiology.ex1.end": Figure(lambda: ANES_EX1["end"]),
    "anesthesia-radiology.ex1.minutes": Count(lambda: anes_ex1("personal").minutes),
    "anesthesia-radiology.ex1.time-units": Number(lambda: anes_ex1("personal").time_units, 1),
    "anesthesia-radiology.ex1.total-units": Number(lambda: anes_ex1("personal").total_units, 1),
    "anesthesia-radiology.ex1.full": Money(lambda: anes_ex1("personal").allowed),
    "anesthesia-radiology.ex1.qk-line": Figure(lambda: f"{ANES_EX1['code']}-{anes_ex1('directed')[0].modifier}-P3"),
    "anesthesia-radiology.ex1.qx-line": Figure(lambda: f"{ANES_EX1['code']}-{anes_ex1('directed')[1].modifier}-P3"),
    "anesthesia-radiology.ex1.qk": Money(lambda: anes_ex1("directed")[0].allowed),
    "anesthesia-radiology.ex1.qx": Money(lambda: anes_ex1("directed")[1].allowed),
    "anesthesia-radiology.ex1.pair": Money(lambda: sum((line.allowed for line in anes_ex1("directed")), D(0))),
    "anesthesia-radiology.ex1.asa-units": Number(lambda: anes_ex1("asa").total_units, 1),
    "anesthesia-radiology.ex1.asa": Money(lambda: anes_ex1("asa").allowed),
    **{f"anesthesia-radiology.{code}.{part}": _component(code, attr) for code in ("74177", "71260", "71046")
       for part, attr in (("global", "global_amount"), ("pc", "professional"), ("tc", "technical"))
       if (code, part) != ("71046", "tc")},
    "anesthesia-radiology.ex2.first": Money(lambda: imaging_ex2().lines[0].allowed),
    "anesthesia-radiology.ex2.second": Money(lambda: imaging_ex2().lines[1].allowed),
    "anesthesia-radiology.ex2.total": Money(lambda: imaging_ex2().total),
    "anesthesia-radiology.ex2.unreduced": Money(lambda: sum((ln.fee_schedule for ln in imaging_ex2().lines), D(0))),
    "anesthesia-radiology.ex2.reduction": Money(
        lambda: sum((ln.fee_schedule - ln.allowed for ln in imaging_ex2().lines), D(0))),
    "anesthesia-radiology.ex2.tc-half": Money(lambda: imaging_ex2().lines[1].technical / 2),
    "anesthesia-radiology.ex2.pc-95": Money(lambda: imaging_ex2().lines[1].professional * D("0.95"), places=4),
    "anesthesia-radiology.ex2.read-first": Money(lambda: imaging_ex2(False).lines[0].allowed),
    "anesthesia-radiology.ex2.read-second": Money(lambda: imaging_ex2(False).lines[1].allowed),
    "anesthesia-radiology.ex2.read-total": Money(lambda: imaging_ex2(False).total),
    "anesthesia-radiology.family-88": Count(_family_88),
}


# ------------------------------------------------------------------------------------------------- inpatient coding
# The inpatient-coding chapter's two stays, grouped by revcycle.coding.inpatient and paid through payment.ipps at
# the national rate (wage index 1.0000).

INPATIENT_STAYS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    # Example 1: pneumonia; before the query the physician wrote "hypoxemia", after it "acute respiratory failure
    # with hypoxia".
    "ex1-before": ("J18.9", (("R09.02", "Y"), ("I10", "Y"), ("E11.9", "Y"))),
    "ex1-after": ("J18.9", (("J96.01", "Y"), ("I10", "Y"), ("E11.9", "Y"))),
    # Example 2: acute on chronic systolic heart failure with a stage 3 sacral pressure ulcer, POA Y or N.
    "ex2-poa-y": ("I50.23", (("E11.9", "Y"), ("E78.5", "Y"), ("L89.153", "Y"))),
    "ex2-poa-n": ("I50.23", (("E11.9", "Y"), ("E78.5", "Y"), ("L89.153", "N"))),
}


@cache
def inpatient_stay(name: str) -> Any:
    """The chapter's stay `name` (INPATIENT_STAYS), grouped by the teaching grouper."""
    from revcycle.coding import inpatient

    pdx, secondaries = INPATIENT_STAYS[name]
    return inpatient.group(pdx, list(secondaries))


def _inpt_count(listing: str) -> int:
    from revcycle.coding import inpatient

    return len(getattr(inpatient, listing)())


def _inpt_pay(name: str) -> Any:
    return inpatient_stay(name).payment("1.0000").payment


INPATIENT: dict[str, Figure] = {
    "inpatient.pdx-count": Count(lambda: _inpt_count("principal_codes")),
    "inpatient.sdx-count": Count(lambda: _inpt_count("secondary_codes")),
    **{f"inpatient.{n}.drg": Figure(partial(lambda k: inpatient_stay(k).ms_drg, n)) for n in INPATIENT_STAYS},
    **{f"inpatient.{n}.weight": Number(partial(lambda k: inpatient_stay(k).weight, n), 4) for n in INPATIENT_STAYS},
    **{f"inpatient.{n}.payment": Money(partial(_inpt_pay, n)) for n in INPATIENT_STAYS},
    "inpatient.ex1.difference": Money(lambda: _inpt_pay("ex1-after") - _inpt_pay("ex1-before")),
    "inpatient.ex2.difference": Money(lambda: _inpt_pay("ex2-poa-y") - _inpt_pay("ex2-poa-n")),
}

# The pathology, laboratory and medicine chapter: worked example 1 is an office infusion visit coded by
# revcycle.coding.infusion and priced at the national non-facility CY2026 amounts; worked example 2 is a colonoscopy's
# specimens coded by revcycle.coding.lab and priced (global, 26 and TC) at the national amounts.
LAB_EX1: tuple[tuple[str, str, str, int], ...] = (  # (kind, route, substance, minutes) in the order given
    ("hydration", "infusion", "normal saline", 120),
    ("therapeutic", "push", "ondansetron", 0),
    ("therapeutic", "infusion", "ceftriaxone", 40),
)
LAB_EX1_PRIMARY = 2  # the antibiotic infusion was the main reason for the visit
#: Worked example 2's specimens: (label, level, separately identified).
LAB_EX2: tuple[tuple[str, int, bool], ...] = (
    ("polyp, ascending colon", 4, True), ("polyp, sigmoid colon", 4, True),
    ("random biopsy, transverse colon", 4, False), ("random biopsy, descending colon", 4, False),
)


@cache
def lab_ex1() -> list[Any]:
    """Worked example 1's lines and their amounts: [(Line, Decimal), ...]."""
    from revcycle.coding import infusion

    given = [infusion.Administration(k, r, s, minutes=m) for k, r, s, m in LAB_EX1]
    lines = infusion.code_encounter(given, setting="physician", primary=LAB_EX1_PRIMARY)
    return infusion.price_lines(lines)


@cache
def lab_ex2() -> list[Any]:
    """Worked example 2's pathology lines."""
    from revcycle.coding import lab

    return lab.pathology_lines([lab.Specimen(label, level, alone) for label, level, alone in LAB_EX2])


def _lab_line(code: str) -> Any:
    return next((line, amount) for line, amount in lab_ex1() if line.code == code)


def _pathology(part: str) -> Money:
    from revcycle.coding import lab

    return Money(lambda: lab.pathology_payment("88305", part))


def _band(i: int) -> Figure:
    from revcycle.coding import lab

    def text() -> str:
        band = lab.definitive_bands()[i]
        return f"{band.low} to {band.high}" if band.high is not None else f"{band.low} or more"

    return Figure(text)


LAB_MEDICINE: dict[str, Figure] = {
    "lab-medicine.ex1.lines": Figure(lambda: ", ".join(
        f"{ln.code}" + (f" x {ln.units}" if ln.units > 1 else "") for ln, _ in lab_ex1())),
    "lab-medicine.ex1.96365": Money(lambda: _lab_line("96365")[1]),
    "lab-medicine.ex1.96361": Money(lambda: _lab_line("96361")[1]),
    "lab-medicine.ex1.96361-units": Count(lambda: _lab_line("96361")[0].units),
    "lab-medicine.ex1.96375": Money(lambda: _lab_line("96375")[1]),
    "lab-medicine.ex1.total": Money(lambda: sum((amount for _, amount in lab_ex1()), D(0))),
    "lab-medicine.ex2.units": Count(lambda: sum(line.units for line in lab_ex2())),
    "lab-medicine.ex2.lines": Figure(lambda: ", ".join(f"{ln.code} x {ln.units}" for ln in lab_ex2())),
    "lab-medicine.ex2.mue": Count(lambda: lab_ex2()[0].mue),
    "lab-medicine.ex2.global": _pathology("global"),
    "lab-medicine.ex2.pc": _pathology("professional"),
    "lab-medicine.ex2.tc": _pathology("technical"),
    "lab-medicine.ex2.total": Money(lambda: _pathology("global").value() * sum(ln.units for ln in lab_ex2())),
    **{f"lab-medicine.drug.band-{i + 1}": _band(i) for i in range(4)},
}


# ------------------------------------------------------------------ surgery I: skin and musculoskeletal (coding)

#: Worked example 1: three lacerations repaired at one visit (site, length in cm, complexity).
SURG_SKIN_EX1: tuple[tuple[str, str, str], ...] = (("forearm", "4.2", "simple"), ("hand", "3.1", "simple"),
                                                   ("lip", "2.0", "intermediate"))
#: Worked example 2: a basal cell carcinoma of the back (site, behavior, lesion cm, narrowest margin cm), closed by
#: an intermediate repair of 3.5 cm.
SURG_SKIN_EX2 = ("back", "malignant", "1.4", "0.4")
SURG_SKIN_EX2_CLOSURE = ("back", "3.5", "intermediate")
#: Worked example 3: a wrist fracture reduced without opening, on March 2, 2026; later dates of the episode.
SURG_SKIN_EX3_DATES = {"surgery": date(2026, 3, 2), "visit": date(2026, 3, 16), "cast": date(2026, 3, 30),
                       "late": date(2026, 6, 8)}


def _skin_ex1() -> Any:
    from revcycle.coding.surgery import repair

    return repair.code_repairs(SURG_SKIN_EX1)


def _skin_ex2() -> Any:
    from revcycle.coding.surgery import excision

    return excision.excision_code(*SURG_SKIN_EX2)


def _skin_ex3() -> Any:
    from revcycle.coding.surgery import fracture

    return fracture.treatment(site_opened=False, manipulated=True, fixation="none", fracture="closed")


def _skin_global(code: str) -> str:
    from revcycle.coding.surgery import package

    return package.global_days(code)


def _skin_visit(which: str) -> Any:
    from revcycle.coding.surgery import fracture, package

    code = fracture.distal_radius_code(_skin_ex3().category)
    return package.visit_in_global(code, SURG_SKIN_EX3_DATES["surgery"], SURG_SKIN_EX3_DATES[which])


#: The two CPT sections of this chapter, as code ranges for the global-days count.
SURG_SKIN_RANGES = {"integumentary": ("10030", "19499"), "musculoskeletal": ("20100", "29999")}


@cache
def _skin_mix_of(part: str) -> dict[str, int]:
    from revcycle.coding.surgery import package

    return package.global_mix(*SURG_SKIN_RANGES[part])


def _skin_mix(part: str, days: str | None) -> int:
    mix = _skin_mix_of(part)
    return sum(mix.values()) if days is None else mix.get(days, 0)


def _skin_closure() -> Any:
    from revcycle.coding.surgery import repair

    return repair.code_repairs([SURG_SKIN_EX2_CLOSURE])[0]


SURGERY_SKIN: dict[str, Figure] = {
    "surgery-skin.ex1.lines": Figure(lambda: ", ".join(ln.code for ln in _skin_ex1())),
    "surgery-skin.ex1.first": Figure(lambda: _skin_ex1()[0].code),
    "surgery-skin.ex1.second": Figure(lambda: _skin_ex1()[1].code),
    "surgery-skin.ex1.body-total": Number(lambda: _skin_ex1()[1].total, 1),
    "surgery-skin.ex1.first-global": Figure(lambda: _skin_global(_skin_ex1()[0].code)),
    "surgery-skin.ex1.second-global": Figure(lambda: _skin_global(_skin_ex1()[1].code)),
    "surgery-skin.ex2.diameter": Number(lambda: _skin_ex2().diameter_cm, 1),
    "surgery-skin.ex2.code": Figure(lambda: _skin_ex2().code),
    "surgery-skin.ex2.bracket": Figure(lambda: _skin_ex2().bracket),
    "surgery-skin.ex2.global": Figure(lambda: _skin_global(_skin_ex2().code)),
    "surgery-skin.ex2.closure": Figure(lambda: _skin_closure().code),
    "surgery-skin.ex3.category": Figure(lambda: _skin_ex3().category),
    "surgery-skin.ex3.code": Figure(lambda: _skin_visit("visit").code),
    "surgery-skin.ex3.global": Figure(lambda: _skin_visit("visit").days),
    "surgery-skin.ex3.start": Day(lambda: _skin_visit("visit").start),
    "surgery-skin.ex3.end": Day(lambda: _skin_visit("visit").end),
    "surgery-skin.ex3.visit": Day(lambda: SURG_SKIN_EX3_DATES["visit"], year=False),
    "surgery-skin.ex3.cast": Day(lambda: SURG_SKIN_EX3_DATES["cast"], year=False),
    "surgery-skin.ex3.late": Day(lambda: SURG_SKIN_EX3_DATES["late"], year=False),
    "surgery-skin.ex3.cast-code-global": Figure(lambda: _skin_global("29075")),
    "surgery-skin.unlisted-global": Figure(lambda: _skin_global("17999")),
    "surgery-skin.arthroscopy-global": Figure(lambda: _skin_global("29881")),
    **{f"surgery-skin.mix.{part}-{days.lower()}": Count(partial(_skin_mix, part, days))
       for part in SURG_SKIN_RANGES for days in ("000", "010", "090", "ZZZ", "YYY", "XXX")},
    **{f"surgery-skin.mix.{part}-total": Count(partial(_skin_mix, part, None)) for part in SURG_SKIN_RANGES},
}


# ------------------------------------------------------------------------------------------------- risk adjustment
# The risk-adjustment chapter's patient (a woman of 72, community, non-dual, aged), scored by
# revcycle.payment.risk_adjustment on the CMS-HCC V28 CNA factors. "submitted" is every code on the encounter
# record; "supported" keeps only the conditions the note supports under MEAT (COPD was on the problem list only).
RISK_ADJUSTMENT_CASES: dict[str, tuple[str, int, tuple[str, ...]]] = {
    "submitted": ("F", 72, ("E11.22", "E11.9", "I50.22", "N18.32", "J44.9", "F32.9")),
    "supported": ("F", 72, ("E11.22", "E11.9", "I50.22", "N18.32", "F32.9")),
}


@cache
def risk_case(name: str) -> Any:
    """The chapter's case `name` (RISK_ADJUSTMENT_CASES), scored."""
    from revcycle.payment import risk_adjustment

    sex, age, codes = RISK_ADJUSTMENT_CASES[name]
    return risk_adjustment.score(sex, age, list(codes))


def _ra_factor(variable: str) -> Any:
    from revcycle.payment import risk_adjustment

    return risk_adjustment.factor(variable)


def _ra_count(listing: str) -> int:
    from revcycle.payment import risk_adjustment

    return len(getattr(risk_adjustment, listing)())


def _ra_without_hierarchy() -> Any:
    """What the submitted case would score if the hierarchy were (wrongly) skipped: every HCC and its count."""
    case = risk_case("submitted")
    extra = sum((_ra_factor(f"HCC{h}") for h in case.dropped), D(0))
    count = len(case.hccs_before)
    shown = next(c.factor for c in case.contributions if re.fullmatch(r"D\d+P?", c.variable))
    return case.raw + extra - shown + _ra_factor("D10P" if count >= 10 else f"D{count}")


RISK_ADJUSTMENT: dict[str, Figure] = {
    **{f"risk-adjustment.{n}.raw": Number(partial(lambda k: risk_case(k).raw, n), 3) for n in RISK_ADJUSTMENT_CASES},
    **{f"risk-adjustment.{n}.hcc-count": Count(partial(lambda k: len(risk_case(k).hccs), n))
       for n in RISK_ADJUSTMENT_CASES},
    **{f"risk-adjustment.{n}.hccs": Figure(partial(lambda k: ", ".join(str(h) for h in sorted(risk_case(k).hccs)), n))
       for n in RISK_ADJUSTMENT_CASES},
    "risk-adjustment.meat.difference": Number(lambda: risk_case("submitted").raw - risk_case("supported").raw, 3),
    "risk-adjustment.no-hierarchy.raw": Number(_ra_without_hierarchy, 3),
    **{f"risk-adjustment.factor.{v.lower().replace('_', '-')}": Number(partial(_ra_factor, v), 3)
       for v in ("F70_74", "HCC37", "HCC226", "HCC328", "HCC280", "DIABETES_HF", "HF_KIDNEY", "HF_CHR_LUNG", "D4",
                 "D5")},
    "risk-adjustment.code-count": Count(partial(_ra_count, "known_codes")),
    "risk-adjustment.hcc-count": Count(partial(_ra_count, "known_hccs")),
}

# --- ICD-10-PCS in depth (book/coding/icd10pcs-in-depth.md): codes built by revcycle.codes.pcs_tables ---------

#: The worked examples' characters, chosen one by one from the shipped CMS tables as the chapter walks through them.
PCS_DEPTH_EXAMPLES: dict[str, tuple[str, ...]] = {
    "ex1": ("0", "F", "T", "4", "4", "Z", "Z"),  # laparoscopic cholecystectomy
    "ex1-inspection": ("0", "F", "J", "4", "4", "Z", "Z"),  # the laparoscopic look before a conversion
    "ex1-open": ("0", "F", "T", "4", "0", "Z", "Z"),  # the open resection after a conversion
    "ex2": ("1", "0", "D", "0", "0", "Z", "1"),  # low transverse cesarean delivery
    "ex3": ("0", "Q", "S", "G", "0", "4", "Z"),  # open reduction, internal fixation, right tibia
}


def _pcs_built(name: str) -> Figure:
    from revcycle.codes import pcs_tables

    return Figure(lambda: pcs_tables.build(*PCS_DEPTH_EXAMPLES[name]))


def _pcs_label(name: str, position: int) -> Figure:
    from revcycle.codes import pcs_tables

    return Figure(lambda: pcs_tables.decode("".join(PCS_DEPTH_EXAMPLES[name])).labels[position - 1])


def _pcs_offered(prefix: str) -> Count:
    from revcycle.codes import pcs_tables

    return Count(lambda: len(pcs_tables.next_values(prefix)))


def _pcs_tables() -> dict[str, Any]:
    from revcycle.codes import pcs_tables

    return dict(pcs_tables.tables())


def _pcs_count(keys: tuple[str, ...] | None = None) -> Count:
    from revcycle.codes import pcs_tables

    return Count(lambda: sum(1 for _ in pcs_tables.codes(keys)))


PCS_DEPTH: dict[str, Figure] = {
    "icd10pcs-in-depth.tables": Count(lambda: len(_pcs_tables())),
    "icd10pcs-in-depth.codes": _pcs_count(),
    "icd10pcs-in-depth.ex1.code": _pcs_built("ex1"),
    "icd10pcs-in-depth.ex1.inspection": _pcs_built("ex1-inspection"),
    "icd10pcs-in-depth.ex1.open": _pcs_built("ex1-open"),
    "icd10pcs-in-depth.ex1.devices": _pcs_offered("0FT44"),
    "icd10pcs-in-depth.ex2.code": _pcs_built("ex2"),
    "icd10pcs-in-depth.ex2.qualifier": _pcs_label("ex2", 7),
    "icd10pcs-in-depth.ex2.qualifiers": _pcs_offered("10D00Z"),
    "icd10pcs-in-depth.ex3.code": _pcs_built("ex3"),
    "icd10pcs-in-depth.ex3.device": _pcs_label("ex3", 6),
    "icd10pcs-in-depth.ex3.devices": _pcs_offered("0QSG0"),
    "icd10pcs-in-depth.ex3.table-codes": _pcs_count(("0QS",)),
    "icd10pcs-in-depth.ex3.body-parts": _pcs_offered("0QS"),
}

# The organ-system surgery chapter (book/coding/surgery-organ-systems): the coding choices come from
# revcycle.coding.surgery (endoscopy, vascular, obstetric); dollar figures from the CY2026 PFS in the surgical payment
# chapter's locality and setting (SURGERY_LOCALITY, facility).
ORGAN_COLONOSCOPY = ("45378", "45385")  # worked example 1: a screening that found a polyp and removed it by snare
ORGAN_CATHETER = ("aorta", "celiac trunk", "common hepatic artery", "proper hepatic artery", "gastroduodenal artery")
ORGAN_TRANSFER = (5, 8, "vaginal")  # worked example 2: visits at the first practice, at the second, the delivery


def _organ_colonoscopy(payer: str, **kwargs: Any) -> str:
    from revcycle.coding.surgery import endoscopy

    return str(endoscopy.colonoscopy_lines(payer, **kwargs))


def _organ_allowed(code: str) -> Decimal:
    return _pfs(code, locality=SURGERY_LOCALITY, setting="facility").payment


def _organ_coinsurance(year: int) -> Decimal:
    from revcycle.coding.surgery import endoscopy
    from revcycle.core.money import to_cents

    return to_cents(_organ_allowed("45385") * endoscopy.medicare_coinsurance_share(year))


def _organ_share(year: int) -> int:
    from revcycle.coding.surgery import endoscopy

    return int(endoscopy.medicare_coinsurance_share(year) * 100)


def _catheter_text() -> str:
    from revcycle.coding.surgery import vascular

    return ", ".join(ln.code + (f" x {ln.units}" if ln.units > 1 else "")
                     for ln in vascular.catheter_lines(ORGAN_CATHETER))


def _transfer_text(practice: str) -> str:
    from revcycle.coding.surgery import obstetric

    first, second, delivery = ORGAN_TRANSFER
    lines = obstetric.transfer(first, second, delivery)[practice]
    return ", ".join(ln.code + (f" x {ln.units}" if ln.units > 1 else "") for ln in lines)


def _family_size(base: str) -> int:
    from revcycle.coding.surgery import endoscopy

    return len(endoscopy.members(base))


SURGERY_ORGAN: dict[str, Figure] = {
    "surgery-organ.ex1.medicare": Figure(partial(_organ_colonoscopy, "medicare", procedures=ORGAN_COLONOSCOPY)),
    "surgery-organ.ex1.commercial": Figure(partial(_organ_colonoscopy, "commercial", procedures=ORGAN_COLONOSCOPY)),
    "surgery-organ.ex1.no-polyp": Figure(partial(_organ_colonoscopy, "medicare")),
    "surgery-organ.ex1.stool-test": Figure(partial(_organ_colonoscopy, "medicare", after_positive_stool_test=True)),
    "surgery-organ.ex1.g0121": Money(partial(_organ_allowed, "G0121")),
    "surgery-organ.ex1.allowed": Money(partial(_organ_allowed, "45385")),
    "surgery-organ.ex1.share-2026": Count(partial(_organ_share, 2026)),
    "surgery-organ.ex1.share-2027": Count(partial(_organ_share, 2027)),
    "surgery-organ.ex1.coins-2026": Money(partial(_organ_coinsurance, 2026)),
    "surgery-organ.ex1.coins-2027": Money(partial(_organ_coinsurance, 2027)),
    "surgery-organ.ex1.medicare-2026": Money(lambda: _organ_allowed("45385") - _organ_coinsurance(2026)),
    "surgery-organ.ex2.first": Figure(partial(_transfer_text, "first practice")),
    "surgery-organ.ex2.second": Figure(partial(_transfer_text, "second practice")),
    "surgery-organ.ex3.lines": Figure(_catheter_text),
    "surgery-organ.family.45378": Count(partial(_family_size, "45378")),
    "surgery-organ.family.43235": Count(partial(_family_size, "43235")),
    "surgery-organ.family.52000": Count(partial(_family_size, "52000")),
    "surgery-organ.family.31622": Count(partial(_family_size, "31622")),
}

# ------------------------------------------------------------------------------------------------ icd10cm-organ-systems
#: The organ-system chapter's worked examples, coded by revcycle.coding.guidelines (the codes are dated FY 2027).
ORGAN_ON = "2026-10-01"


def organ_ex1() -> Any:
    """Hypertensive heart and kidney disease: acute on chronic diastolic HF, ESRD (stage 5 documented), dialysis."""
    from revcycle.coding.guidelines import circulatory

    hf = circulatory.heart_failure_code("diastolic", "acute on chronic", on=ORGAN_ON)
    return circulatory.hypertension(hf, 5, esrd=True, dialysis=True, on=ORGAN_ON)


def organ_ex2() -> Any:
    """COPD with an acute exacerbation and pneumonia the provider attributes to Streptococcus pneumoniae."""
    from revcycle.coding.guidelines import respiratory

    pneumonia = respiratory.pneumonia("Streptococcus pneumoniae", on=ORGAN_ON).codes[0]
    return respiratory.copd(exacerbation=True, infection=pneumonia, on=ORGAN_ON)


def organ_ex3(highest: int = 3) -> Any:
    """A sacral pressure ulcer, stage 3 on admission, and (highest=4) the same ulcer worsening during the stay."""
    from revcycle.coding.guidelines import skin

    return skin.ulcer_during_stay("sacral region", 3, highest, on=ORGAN_ON)


def _organ_count(category: str) -> int:
    from revcycle.coding.guidelines.organ_result import descendants

    return len(descendants(category, ORGAN_ON))


def _organ_linked() -> str:
    from revcycle.coding.guidelines import circulatory

    return ", ".join(c for c in circulatory.linked_heart_conditions(ORGAN_ON) if not c.startswith("I50"))


ORGAN_SYSTEMS: dict[str, Figure] = {
    "icd10cm-organ-systems.ex1.codes": Figure(lambda: str(organ_ex1())),
    "icd10cm-organ-systems.ex2.codes": Figure(lambda: str(organ_ex2())),
    "icd10cm-organ-systems.ex3.codes": Figure(lambda: str(organ_ex3())),
    "icd10cm-organ-systems.ex3.worse": Figure(lambda: str(organ_ex3(4))),
    "icd10cm-organ-systems.l89-count": Count(partial(_organ_count, "L89")),
    "icd10cm-organ-systems.l97-count": Count(partial(_organ_count, "L97")),
    "icd10cm-organ-systems.linked-heart": Figure(_organ_linked),
    "icd10cm-organ-systems.mi-days": Count(lambda: _circ_days()),
}


def _circ_days() -> int:
    from revcycle.coding.guidelines import circulatory

    return circulatory.MI_ACUTE_DAYS


# ------------------------------------------------------------------------------ icd10cm-pregnancy-injury-z (I.C.15-21)

LIFE = "icd10cm-pregnancy-injury-z"
#: The chapter's dates of service: every code is judged in the FY 2027 release the book teaches.
LIFE_ON = "2026-10-01"
#: Worked example 2: the burns (region, degree, part of the region) and the site code the tabular list gives each.
LIFE_BURNS = (("anterior trunk", 2, "1", ("T21.21XA", "T21.22XA")), ("right arm", 3, "1", ("T22.391A",)),
              ("left leg", 3, "0.5", ("T24.392A",)))
#: Worked example 2's external cause codes: hot cooking oil, a house kitchen, cooking, leisure.
LIFE_BURN_CAUSES = ("X10.2XXA", "Y92.010", "Y93.G1", "Y99.8")


def _joined(codes: Any) -> str:
    return ", ".join(codes)


@cache
def life_burn() -> dict[str, Any]:
    """Worked example 2: the rule of nines, the extent code and the order of the site codes."""
    from revcycle.coding.guidelines import burns

    items = [burns.Burn(region, degree, D(part)) for region, degree, part, _ in LIFE_BURNS]
    ext = burns.extent(items, on=LIFE_ON)
    sites = {region: codes for region, _d, _p, codes in LIFE_BURNS}
    ordered = [c for b in burns.site_order(items) for c in sites[b.region]]
    return {"extent": ext, "codes": [*ordered, ext.code, *LIFE_BURN_CAUSES]}


@cache
def life_drug(kind: str) -> Any:
    """Worked example 1: digoxin and a slow heart rate, as an adverse effect and as a poisoning."""
    from revcycle.coding.guidelines import drugs

    return drugs.code_drug_event("digoxin", kind, ["R00.1"], on=LIFE_ON)


@cache
def life_pregnancy(kind: str) -> Any:
    """Worked example 3: diabetes at 30 weeks 2 days on insulin, gestational or pre-existing type 2."""
    from revcycle.coding.guidelines import obstetrics

    return obstetrics.diabetes_in_pregnancy(kind, ["diet", "insulin"], 30, 2, on=LIFE_ON)


def _life_trimester() -> str:
    from revcycle.coding.guidelines import obstetrics

    return obstetrics.TRIMESTERS[obstetrics.trimester(30, 2)]


def _life_bmi() -> Any:
    from revcycle.coding.guidelines import bmi

    return bmi.bmi_codes(52, "E66.813", bmi="41.3", on=LIFE_ON)


ICD10CM_PREGNANCY_INJURY: dict[str, Figure] = {
    f"{LIFE}.ex1.adverse": Figure(lambda: _joined(life_drug("adverse effect").codes)),
    f"{LIFE}.ex1.poisoning": Figure(lambda: _joined(life_drug("poisoning").codes)),
    f"{LIFE}.ex1.adverse-code": Figure(lambda: life_drug("adverse effect").drug.code),
    f"{LIFE}.ex1.poisoning-code": Figure(lambda: life_drug("poisoning").drug.code),
    f"{LIFE}.ex2.total": Count(lambda: life_burn()["extent"].total),
    f"{LIFE}.ex2.third": Count(lambda: life_burn()["extent"].third_degree),
    f"{LIFE}.ex2.extent": Figure(lambda: life_burn()["extent"].code),
    f"{LIFE}.ex2.codes": Figure(lambda: _joined(life_burn()["codes"])),
    f"{LIFE}.ex3.trimester": Figure(_life_trimester),
    f"{LIFE}.ex3.gestational": Figure(lambda: _joined(life_pregnancy("gestational").codes)),
    f"{LIFE}.ex3.type-2": Figure(lambda: _joined(life_pregnancy("type 2").codes)),
    f"{LIFE}.bmi.codes": Figure(lambda: _joined(_life_bmi().codes)),
}


# ------------------------------------------------------------------ coding case lab (revcycle.coding.case_review)


def _case_review(name: str) -> Any:
    from revcycle.coding import case_review

    return case_review.review(case_review.EXAMPLES[name])


def _case_lines(name: str) -> str:
    from revcycle.coding import case_review

    return ", ".join(ln.label.removesuffix(" x 1") for ln in case_review.EXAMPLES[name].lines)


def _case_verdict(name: str) -> str:
    from revcycle.coding import case_review

    return case_review.summary(_case_review(name).findings)


def _case_bad_checks() -> str:
    checks = dict.fromkeys(f.check for f in _case_review("miscoded").errors)
    return "; ".join(checks)


CASE_LAB: dict[str, Figure] = {
    "coding-case-lab.ex1.lines": Figure(lambda: _case_lines("office")),
    "coding-case-lab.ex1.dx": Figure(lambda: ", ".join(_case_review("office").case.diagnoses)),
    "coding-case-lab.ex1.verdict": Figure(lambda: _case_verdict("office")),
    "coding-case-lab.ex1.units": Figure(lambda: next(f.message for f in _case_review("office").findings
                                                     if f.check == "drug units")),
    "coding-case-lab.ex2.lines": Figure(lambda: _case_lines("injury")),
    "coding-case-lab.ex2.dx": Figure(lambda: ", ".join(_case_review("injury").case.diagnoses)),
    "coding-case-lab.ex2.verdict": Figure(lambda: _case_verdict("injury")),
    "coding-case-lab.bad.lines": Figure(lambda: _case_lines("miscoded")),
    "coding-case-lab.bad.errors": Count(lambda: len(_case_review("miscoded").errors)),
    "coding-case-lab.bad.checks": Figure(_case_bad_checks),
}


# ------------------------------------------------------------------------------------- ICD-10-CM systemic conditions
# The systemic-conditions chapter's worked examples, coded by revcycle.coding.guidelines on the first day of the
# release the book teaches.

@cache
def systemic_case(name: str) -> Any:
    """Worked example `name` of the systemic-conditions chapter ('ex1', 'ex2', 'ex2-radiation', 'ex3')."""
    from revcycle.codes import icd10cm
    from revcycle.coding.guidelines import endocrine, infections, neoplasms

    on = icd10cm.PRIMARY.effective_from
    if name == "ex1":
        return infections.sepsis("E. coli", localized="N39.0", shock=True, organ_dysfunction=["N17.9"], on=on)
    if name in ("ex2", "ex2-radiation"):
        reason, aim = ("chemotherapy", "primary") if name == "ex2" else ("radiation", "secondary")
        return neoplasms.encounter(("lung, upper lobe", "right"), secondary=["brain"], reason=reason,
                                   directed_at=aim, on=on)
    return endocrine.diabetes("2", ["ckd"], ckd_stage="3a", insulin=True, on=on)


def _table_cell(site: str, column: str) -> str:
    """The code printed in a Neoplasm Table row (site as the row's path, lower case) under `column`."""
    from revcycle.codes import icd10cm

    row = next(r for r in icd10cm.neoplasm_table(site.split(",")[0], limit=200)
               if ", ".join(r.path[1:]).lower() == site)
    return str(row.codes[row.columns.index(column)])


ICD10CM_SYSTEMIC: dict[str, Figure] = {
    **{f"icd10cm-systemic.{n}.codes": Figure(partial(lambda k: ", ".join(systemic_case(k).codes), n))
       for n in ("ex1", "ex2", "ex2-radiation", "ex3")},
    "icd10cm-systemic.ex3.errors": Words(lambda: len(systemic_case("ex3").errors())),
    "icd10cm-systemic.ex2.table-primary": Figure(lambda: _table_cell("lung, upper lobe", "Malignant primary")),
    "icd10cm-systemic.ex2.table-secondary": Figure(lambda: _table_cell("brain nec", "Malignant secondary")),
}


#: Every figure the book computes, by key ("<chapter>.<name>").
FIGURES: dict[str, Figure] = {**REVENUE_CYCLE, **REGISTRATION, **REIMBURSEMENT, **SURGICAL, **POSTING, **REMITTANCES,
                              **BILLING_SOFTWARE, **CLAIMS, **CPT_EM, **HCPCS_MODIFIERS, **ICD10CM_CONVENTIONS,
                              **ICD10CM_GUIDELINES, **ICD10CM_UPDATES, **ICD10PCS_OVERVIEW, **MEDICAL_TERMINOLOGY,
                              **FRAUD, **AUDITS, **HIPAA, **EM_BEYOND,
                              **OUTLOOK, **TRAINING, **SKILLS, **INSTITUTIONAL, **ENROLLMENT,
                              **MODIFIERS, **PRIOR_AUTH, **PATIENT_FINANCIAL, **PRIVACY, **PAYERS, **CAREER_PATHS,
                              **ANESTHESIA_RADIOLOGY, **INPATIENT, **LAB_MEDICINE, **ORGAN_SYSTEMS, **RISK_ADJUSTMENT,
                              **SURGERY_SKIN, **PCS_DEPTH, **SURGERY_ORGAN,
                              **ICD10CM_PREGNANCY_INJURY, **CASE_LAB,
                              **ICD10CM_SYSTEMIC}
#: Key -> a function returning the display text.
VALUES: dict[str, Callable[[], str]] = dict(FIGURES)

KEY = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


@cache
def text(key: str) -> str:
    """The display text of ``key``; ``KeyError`` names the key when the registry has no such figure."""
    if key not in VALUES:
        raise KeyError(key)
    return VALUES[key]()
