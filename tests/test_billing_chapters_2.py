"""The reimbursement, payment-posting and billing-software chapters quote what their notebooks compute.

Every dollar figure in each chapter must be something the library computes for the chapter's worked examples
and notebooks, or one of the few published inputs the chapter cites (conversion factors, the Part B deductible,
the appeal thresholds). The pipelines below are the notebooks' own, with the same seeds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle import synthetic
from revcycle.ar import aging as ar
from revcycle.ar import appeals, denials, kpi, post
from revcycle.ar.posting import apply_patient_payments, synthetic_patient_payments
from revcycle.claims import claims_frame, scrub, scrub_frame
from revcycle.payment import fee_tables, fees
from revcycle.payment.contracts import PercentOfMedicare, capitation
from revcycle.payment.patient_share import patient_share
from revcycle.practice import frontdesk
from revcycle.synthetic import CHARGE_PER_UNIT
from revcycle.x12 import read_835, to_835, to_837p, validate
from workbook.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
BILLING = ROOT / "book" / "billing"
D = Decimal
# $95.19, \$1,235.00, $32.3465, and whole dollars such as $200 or $1,960
MONEY = re.compile(r"\\?\$([0-9][0-9,]*(?:\.[0-9]{2,4})?)")


def chapter(name: str) -> str:
    return (BILLING / f"{name}.md").read_text(encoding="utf-8")


def amounts(text: str) -> set[Decimal]:
    return {D(m.replace(",", "")) for m in MONEY.findall(text)}


def section(text: str, label: str) -> str:
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


def flat(text: str) -> str:
    return " ".join(text.split())


def day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


# ------------------------------------------------------------------------------------------------ reimbursement

@pytest.fixture(scope="module")
def rmb() -> dict[str, object]:
    f: dict[str, object] = {}
    years = fee_tables.year_compare("99213")
    f["years"] = set(years["payment"])
    f["cf"] = {fees.conversion_factor(2025), fees.conversion_factor(2026),
               fees.conversion_factor(2026, qualifying_apm=True)}
    al = fees.pfs_payment("99213", locality="10112-00")
    al_fac = fees.pfs_payment("99213", locality="10112-00", setting="facility")
    share = patient_share(al.payment, deductible_remaining="40.00", coinsurance_rate="0.20")
    charge = CHARGE_PER_UNIT["99213"]
    f["we1"] = {al.payment, al_fac.payment, share.deductible_applied, al.payment - share.deductible_applied,
                share.coinsurance, share.patient_total, share.payer_pays, charge - al.payment, charge}
    f["we1_steps"] = (al.pe_adjusted, al.mp_adjusted, al.total_adjusted_rvus, al_fac.total_adjusted_rvus)
    everywhere = fee_tables.across_localities("99213")
    spread = fee_tables.spread(everywhere)
    by_id = dict(zip(everywhere["locality"], everywhere["payment"], strict=True))
    f["spread"] = spread
    f["places"] = {spread["lowest"], spread["highest"], spread["median"], by_id["13202-01"], by_id["02102-01"],
                   by_id["10112-00"]}
    ppo = PercentOfMedicare("PPO", 130)
    rows = set()
    for code in ("99213", "99214", "20610", "11102"):
        p = ppo.price(code, charge=CHARGE_PER_UNIT[code])
        rows |= {p.charge, p.medicare, p.allowed, p.charge - p.allowed}
    f["ppo"] = rows
    biopsy = ppo.price("11102", charge=CHARGE_PER_UNIT["11102"])
    free = patient_share(biopsy.allowed, deductible_remaining="80.00", coinsurance_rate="0.20")
    capped = patient_share(biopsy.allowed, deductible_remaining="80.00", coinsurance_rate="0.20", oop_remaining="85.00")
    visit = patient_share(ppo.price("99213").allowed, copay="30.00")
    f["we2"] = {biopsy.allowed, biopsy.charge - biopsy.allowed, biopsy.charge, free.deductible_applied,
                biopsy.allowed - free.deductible_applied, free.coinsurance, free.patient_total, free.payer_pays,
                capped.coinsurance, capped.patient_total, capped.payer_pays, visit.copay, visit.payer_pays,
                D("85.00"), ppo.price("99213").allowed}
    assert capped.capped_by_oop and not free.capped_by_oop
    month = capitation(1200, "42.00", visits=300, fee_per_visit=ppo.price("99213").allowed)
    f["cap"] = {month.pmpm, month.payment, month.per_visit, month.fee_for_service_value, month.difference}
    assert capitation(1200, "42.00", visits=500, fee_per_visit=ppo.price("99213").allowed).difference < 0
    return f


def test_reimbursement_figures_are_computed(rmb):
    text = chapter("reimbursement")
    computed = set().union(rmb["years"], rmb["cf"], rmb["we1"], rmb["places"], rmb["ppo"], rmb["we2"], rmb["cap"])
    cited = {D("283.00")}  # the 2026 Part B deductible (Federal Register notice CMS-8091-N)
    found = amounts(text)
    assert found <= computed | cited, f"figures nothing computes: {sorted(found - computed - cited)}"
    for name in ("years", "cf", "places", "ppo", "cap"):
        assert rmb[name] <= found, f"{name}: missing {sorted(rmb[name] - found)}"


def test_reimbursement_facts_figures_exactly():
    text = chapter("reimbursement")
    for figure in ("\\$95.19", "\\$57.45", "\\$88.95", "\\$63.72", "\\$33.4009", "\\$33.5675", "\\$32.3465"):
        assert figure in text, figure


def test_reimbursement_worked_examples(rmb):
    text = chapter("reimbursement")
    one = section(text, "reimbursement-example-1")
    assert rmb["we1"] <= amounts(one)
    pe, mp, total, fac_total = rmb["we1_steps"]
    for value in (pe, mp, total, fac_total):
        assert f"{value.normalize():f}".rstrip("0") in one.replace("1.27750", "1.2775"), value
    two = section(text, "reimbursement-example-2")
    assert rmb["we2"] - {D("85.00")} <= amounts(two) | {D("30.00")}


def test_reimbursement_spread_words(rmb):
    text = flat(chapter("reimbursement"))
    s = rmb["spread"]
    assert f"about {int((s['highest_over_lowest'] - 1) * 100)} percent" in text
    assert s["lowest_name"].startswith("Arkansas") and "Arkansas at \\$86.86" in text
    assert s["highest_name"].startswith("San Jose") and "San Jose-Sunnyvale-Santa Clara at \\$119.71" in text
    table = fees.locality_table()
    assert f"from {table['pe_gpci'].min():.3f} to {table['pe_gpci'].max():.3f}" in text
    assert table["work_gpci"].min() == 1.0 and table["work_gpci"].max() == 1.5
    assert f"{int((table['work_gpci'] == 1.0).sum())} of the {len(table)} localities sit exactly at 1.000" in text
    alaska = table[table["state"] == "AK"].iloc[0]
    assert alaska["work_gpci"] == 1.5 and alaska["pe_gpci"] < table["pe_gpci"].max()


# ------------------------------------------------------------------------------------------------ payment posting

@pytest.fixture(scope="module")
def small_remit():
    claims = synthetic.claims(12, seed=2026)
    remit = read_835(to_835(claims, seed=2026, denial_rate=0.25))
    return remit, post(remit, claims)


@pytest.fixture(scope="module")
def big_books():
    as_of = date(2026, 9, 30)
    claims = synthetic.claims(5000, seed=7, error_rate=0.08)
    remit = read_835(to_835(claims, seed=7, paid_through=as_of))
    ledger = post(remit, claims)
    ledger = apply_patient_payments(ledger, synthetic_patient_payments(ledger, seed=7, through=as_of))
    return as_of, claims, remit, ledger


def test_posting_example_matches_the_remittance(small_remit):
    remit, ledger = small_remit
    text = chapter("payment-posting-denials-ar")
    one = section(text, "payment-posting-example-1")
    lines = ledger.lines[ledger.lines["claim_id"] == "S2026-000008"].set_index("line")
    claim = ledger.claims.set_index("claim_id").loc["S2026-000008"]
    assert list(lines["procedure"]) == ["G0439", "99213"]
    figures = {*lines["charge"], *lines["paid"], *lines["contractual"], *lines["allowed"], lines.loc[2, "deductible"],
               claim["charge"], claim["paid"], claim["contractual"], claim["patient_balance"]}
    assert figures <= amounts(one), sorted(figures - amounts(one))
    assert amounts(one) <= figures
    pay = remit.claims.set_index("claim_id").loc["S2026-000008"]
    assert day(pay["paid_on"].date()) in one
    assert "Tomas" in one and "Exampleton" in one


def test_denial_root_cause_figures(big_books):
    _as_of, _claims, remit, ledger = big_books
    text = flat(chapter("payment-posting-denials-ar"))
    summary = ar.denial_summary(remit)
    assert f"denied {summary['claims_with_a_denial']} of {summary['claims_adjudicated']:,} adjudicated claims" in text
    assert f"\\${summary['denied_dollars']:,.2f} of charges" in text
    causes = denials.root_cause_table(ledger).set_index("category")
    data = causes.loc["missing or invalid claim data"]
    assert f"({data['claims']} claims, \\${data['denied']:,.2f}, {data['percent_of_denied']} percent" in text
    for name in ("invalid diagnosis code", "medical necessity"):
        row = causes.loc[name]
        assert f"({row['claims']} claims, \\${row['denied']:,.2f})" in text, name
    assert causes.index[0] == "missing or invalid claim data"


def test_ar_and_kpi_figures(big_books):
    as_of, claims, remit, ledger = big_books
    text = flat(chapter("payment-posting-denials-ar"))
    aging = ar.aging(ledger, as_of).set_index("bucket")
    assert f"\\${aging.loc['total', 'total']:,.2f} open on September 30, 2026" in text
    assert f"\\${aging.loc['120+', 'total']:,.2f} ({aging.loc['120+', 'percent']} percent)" in text
    dar = kpi.days_in_ar_for(ledger, as_of)
    assert f"\\${dar.period_charges:,.2f}, about \\${dar.average_daily_charges:,.2f} a day" in text
    assert f"**{dar.days} days**" in text
    clean = kpi.clean_claim_rate(claims)
    assert f"{clean.numerator:,.0f} of {clean.denominator:,.0f}, **{clean.percent} percent**" in text
    den, first = kpi.denial_rate(remit), kpi.first_pass_rate(remit)
    assert f"{den.numerator:,.0f} of {den.denominator:,.0f}, **{den.percent} percent**" in text
    assert f"first-pass rate, is {first.percent} percent" in text
    settled = as_of - timedelta(days=90)
    net = kpi.net_collection_rate(ledger, service_through=settled)
    assert f"on or before {day(settled)} it is **{net.percent} percent**" in text


def test_appeal_example_matches_the_work_queue(big_books):
    as_of, claims, _remit, ledger = big_books
    text = chapter("payment-posting-denials-ar")
    two = flat(section(text, "payment-posting-example-2"))
    queue = denials.work_queue(ledger, as_of=as_of)
    case = queue[(queue["root_cause"] == "medical necessity") & ~queue["overdue"]].iloc[0]
    assert case["claim_id"] == "S7-004137" and f"claim {case['claim_id']}" in two
    assert f"\\${case['denied']:,.2f}" in two and day(case["service_date"]) in two
    assert day(case["remit_date"]) in two
    assert f"**{day(case['appeal_by'])}**" in two and f"shows {case['days_left']} days left" in two
    assert appeals.filing_deadline(1, case["remit_date"]) == case["appeal_by"]
    assert day(appeals.presumed_receipt(case["remit_date"])).split(",")[0] in two
    claim = next(c for c in claims if c.claim_id == case["claim_id"])
    for line in claim.lines:
        assert f"`{line.procedure}`" in two
    assert f"`{claim.diagnoses[0]}`" in two and f"{int(claim.lines[2].units)} units" in two
    assert claim.patient.first_name in two and claim.patient.last_name in two


def test_appeal_table_and_thresholds():
    text = chapter("payment-posting-denials-ar")
    found = amounts(text)
    thresholds = set(appeals.AIC_THRESHOLDS[2026].values())
    assert thresholds <= found
    table = text[text.index("| Level | What is asked for |"):]
    rows = [line for line in table.splitlines() if re.match(r"^\| [1-5] \|", line)]
    assert len(rows) == 5
    for row, lv in zip(rows, appeals.LEVELS, strict=True):
        assert f"{lv.days_to_file} days" in row
        assert ("2026" in row) == (lv.threshold is not None)


def test_posting_chapter_has_no_uncomputed_money(small_remit, big_books):
    _remit, small = small_remit
    as_of, claims, remit, ledger = big_books
    lines = small.lines[small.lines["claim_id"] == "S2026-000008"]
    claim = small.claims.set_index("claim_id").loc["S2026-000008"]
    summary = ar.denial_summary(remit)
    causes = denials.root_cause_table(ledger).set_index("category")
    aging = ar.aging(ledger, as_of).set_index("bucket")
    dar = kpi.days_in_ar_for(ledger, as_of)
    queue = denials.work_queue(ledger, as_of=as_of)
    computed = {*lines["charge"], *lines["paid"], *lines["contractual"], *lines["allowed"], *lines["deductible"],
                claim["charge"], claim["paid"], claim["contractual"], summary["denied_dollars"],
                *causes["denied"], aging.loc["total", "total"], aging.loc["120+", "total"], dar.period_charges,
                dar.average_daily_charges, *queue["denied"], *appeals.AIC_THRESHOLDS[2026].values()}
    found = amounts(chapter("payment-posting-denials-ar"))
    assert found <= computed, sorted(found - computed)


# ------------------------------------------------------------------------------------------------ billing software

@pytest.fixture(scope="module")
def clinic_day():
    """The notebook 'A day in practice management, end to end', step by step with the same seeds."""
    seed, today, practice_name = 26, date(2026, 8, 3), "Riverbend Family Practice"
    people = synthetic.directory(400, seed=seed)
    roster = frontdesk.enrollment([m for pool in people.members.values() for m in pool], seed=seed)
    visits = [replace(e, service_date=today, submitted_on=today + timedelta(days=1))
              for e in synthetic.encounters(200, seed=seed, people=people)
              if e.clinician.practice.name == practice_name and e.place_of_service == "11"][:8]
    first = visits[0].member.insured
    typed = first.member_id[:-2] + first.member_id[-1] + first.member_id[-2]

    def ask(v, member_id):
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
    import pandas as pd

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


def test_front_desk_example(clinic_day):
    text = flat(section(chapter("billing-software"), "billing-software-example-1"))
    before, answers, visits = clinic_day["before"], clinic_day["answers"], clinic_day["visits"]
    assert [a.status for a in before].count("active") == 6 and "Six answers say active" in text
    assert before[0].status == "not found" and answers[0].status == "active"
    inactive = next(v for v, a in zip(visits, answers, strict=True) if a.status == "inactive")
    cov = next(a for a in answers if a.status == "inactive").coverage
    assert f"{inactive.member.patient.first_name} {inactive.member.patient.last_name}" in text
    assert day(cov.terminated) in text
    first = visits[0].member.patient
    assert f"{first.first_name} {first.last_name}" in text
    copays = clinic_day["copays"]
    assert sorted(copays["amount"]) == [D("20.00"), D("30.00")]
    assert f"\\${sum(copays['amount'], D(0)):,.2f} in all" in text
    medicare_visit = clinic_day["estimates"][0]
    assert f"\\${medicare_visit.patient_total:,.2f} on {first.first_name} {first.last_name}'s " \
           f"\\${medicare_visit.allowed:,.2f} Medicare visit" in text


def test_charges_to_month_end_example(clinic_day):
    text = flat(section(chapter("billing-software"), "billing-software-example-2"))
    claims, ledger, remit = clinic_day["claims"], clinic_day["ledger"], clinic_day["remit"]
    t = ledger.totals()
    assert len(claims) == 7 and f"\\${t['charge']:,.2f} of charges" in text
    findings = scrub(clinic_day["wrong"])
    assert [f.edit_id for f in findings] == ["DX-SEX", "DX-SEX"] and all(f.severity == "fatal" for f in findings)
    assert all(not scrub(c) for c in claims)
    assert validate(clinic_day["batch"]) == [] and f"{len(clinic_day['batch'].splitlines())} segments" in text
    words = {4: "four", 5: "five", 6: "six", 7: "seven"}
    assert f"{words[len(remit.payments)]} payments totalling \\${t['paid']:,.2f}" in text
    assert (t["patient_paid"], t["contractual"], t["balance"]) == (D("50.00"), t["contractual"], t["balance"])
    assert t["charge"] == t["paid"] + t["patient_paid"] + t["contractual"] + t["written_off"] + t["balance"]
    for value in (t["paid"], t["patient_paid"], t["contractual"], t["balance"]):
        assert f"\\${value:,.2f}" in text
    denied = ledger.claims[ledger.claims["denied"] > 0]
    assert len(denied) == 1 and f"\\${denied['denied'].iloc[0]:,.2f}" in text
    coins = sorted(ledger.claims.loc[ledger.claims["patient_balance"] > 0, "patient_balance"])
    assert f"\\${sum(coins, D(0)):,.2f} of Medicare coinsurance" in text
    for c in coins:
        assert f"\\${c:,.2f}" in text
    row = clinic_day["queue"].iloc[0]
    assert row["reasons"] == "CO-50" and day(row["appeal_by"]) in text and f"{row['days_left']} days after" in text
    assert day(clinic_day["posted_on"]) in text
    books, as_of = clinic_day["books"], clinic_day["as_of"]
    aging = ar.aging(books, as_of).set_index("bucket")
    assert f"\\${aging.loc['total', 'total']:,.2f} in open A/R, {aging.loc['120+', 'percent']} percent" in text
    assert f"{kpi.days_in_ar_for(books, as_of).days} days in A/R" in text


def test_billing_software_has_no_uncomputed_money(clinic_day):
    ledger, estimates = clinic_day["ledger"], clinic_day["estimates"]
    t = ledger.totals()
    books = clinic_day["books"]
    computed = {t["charge"], t["paid"], t["patient_paid"], t["contractual"], t["balance"], *ledger.claims["denied"],
                *ledger.claims["patient_balance"], sum(ledger.claims["patient_balance"], D(0)),
                *clinic_day["copays"]["amount"], estimates[0].patient_total, estimates[0].allowed,
                ar.aging(books, clinic_day["as_of"]).set_index("bucket").loc["total", "total"]}
    found = amounts(chapter("billing-software"))
    assert found <= computed, sorted(found - computed)


def test_scrubber_share_quoted_in_billing_software(big_books):
    _as_of, claims, _remit, ledger = big_books
    findings = scrub_frame(claims_frame(claims))
    fatal = set(findings.loc[findings["severity"] == "fatal", "claim_id"])
    denied = ledger.claims[ledger.claims["denied"] > 0]
    flagged = int(denied["claim_id"].isin(fatal).sum())
    text = flat(chapter("billing-software"))
    share = round(100 * flagged / len(denied))
    assert f"flagged {flagged} of the {len(denied)} denied claims ({share} percent)" in text


# ------------------------------------------------------------------------------------------------ banks

@pytest.mark.parametrize("bank_name", ["reimbursement", "payment-posting-denials-ar", "billing-software"])
def test_banks_are_big_enough(bank_name):
    bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
    assert len(bank.exercises) >= 10
    assert sum(ex.case for ex in bank.exercises) >= 2
    assert len({ex.type for ex in bank.exercises}) >= 4


def test_bank_answers_that_the_library_computes():
    from workbook import keys

    def key(bank_name):
        bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
        return {k: v.answer for k, v in keys.load_key(ROOT / "solutions" / "keys" / f"{bank_name}.yml", bank).items()}

    rmb = key("reimbursement")
    assert D(str(rmb["rmb-02"])) == fees.pfs_payment("99214", locality="10112-00").payment
    assert D(str(rmb["rmb-03"])) == fees.pfs_payment("99214", setting="facility").payment
    ppo = PercentOfMedicare("PPO", 130).price("99214", charge="215.00")
    assert D(str(rmb["rmb-05"])) == ppo.charge - ppo.allowed
    assert D(str(rmb["rmb-07"])) == patient_share(fees.pfs_payment("99213").payment, deductible_remaining="50.00",
                                                 coinsurance_rate="0.20").patient_total
    capped = patient_share("400.00", coinsurance_rate="0.20", oop_remaining="35.00")
    assert D(str(rmb["rmb-08"])) == capped.patient_total
    assert D(str(rmb["rmb-10"])) == capitation(850, "38.50").payment
    assert PercentOfMedicare("PPO", 130).price("93000").rate == D("19.97")
    pda = key("payment-posting-denials-ar")
    assert D(str(pda["pda-09"])) == kpi.days_in_ar("84000.00", "252000.00", 90)
    assert D(str(pda["pda-10"])) == kpi.rate("denial rate", 46, 920).percent
    assert pda["pda-06"] == day(appeals.filing_deadline(1, date(2026, 3, 6)))
    assert ar.bucket((date(2026, 9, 30) - date(2026, 5, 29)).days) == pda["pda-11"]
    assert D(str(pda["pda-03"])) == D("192.39") - D("50.00") - D("28.48")
    assert fees.pfs_payment("99215").payment == D("192.39")
    sw = key("billing-software")
    assert D(str(sw["sw-08"])) == patient_share("123.75", copay="30.00").payer_pays
