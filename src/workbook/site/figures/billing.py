"""Figures of the billing chapters: registration and verification, claims, reimbursement, posting and A/R, and
billing software. Numbers, codes and dates come from the library or from the values the chapters quote
(:mod:`workbook.site.book_values`), so a figure and its chapter cannot disagree."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import Step, decision, fan, fields, flow, ladder, sequence

REGISTRATION = "billing/registration-verification"
CLAIMS = "billing/claims-submission"
REIMBURSEMENT = "billing/reimbursement"
SURGICAL = "billing/surgical-payment-rules"
POSTING = "billing/payment-posting-denials-ar"
SOFTWARE = "billing/billing-software"
INSTITUTIONAL = "billing/institutional-billing"
REMITTANCES = "billing/remittances-in-full"


def _quoted(key: str) -> str:
    """A value exactly as the chapter prints it ({computed}`key`)."""
    from workbook.site.book_values import text

    return text(key)


def _value(key: str) -> Any:
    """What the library computed for the chapter's value `key`."""
    from workbook.site.book_values import FIGURES

    return FIGURES[key].value()


# ------------------------------------------------------------------------------------ registration and verification


@figure("front-desk-flow", REGISTRATION,
        "A flow of the front desk's work before a visit, in seven steps: register the patient, scan both sides of "
        "the insurance card, check eligibility with a 270 inquiry and 271 answer (active, inactive or not found), "
        "obtain any prior authorization, put the payers in order, give an ABN when Original Medicare is expected "
        "to deny, and estimate and collect the copay at check-in.")
def front_desk_flow() -> str:
    from typing import get_args

    from revcycle.practice.frontdesk import Status

    answers = ", ".join(get_args(Status))
    steps = [
        Step("1. Register", "name, birth date, address (items 2, 3, 5), guarantor", 0),
        Step("2. Scan the card", "both sides, every visit; member ID to item 1a", 0),
        Step("3. Check eligibility", f"270 inquiry; the 271 answers {answers}", 5),
        Step("4. Prior authorization", "if the plan requires it; number to item 23", 5),
        Step("5. Order the payers", "coordination of benefits: who pays first", 4),
        Step("6. ABN if needed", "Original Medicare, a denial expected: before the service", 3),
        Step("7. Estimate and collect", "copay at check-in; good faith estimate if self-pay", 1),
    ]
    return flow("The front desk before a visit", steps, columns=4, box_w=200)


def _pays_first(patient: str, kinds: set[str], case: Any = None) -> str:
    """The patient's name, once the library's payer order confirms that their primary (or `case`'s) is one of
    `kinds`: the chart's branches are checked against revcycle.payment.cob, never decided here."""
    from revcycle.payment import cob

    order = cob.payer_order(case or cob.scenario(patient))
    if order.primary.kind not in kinds:
        raise AssertionError(f"figure cob-medicare-order: {patient} pays first with {order.primary.kind}, "
                             f"not {sorted(kinds)}; redraw the figure from revcycle.payment.cob")
    return patient


@figure("cob-medicare-order", REGISTRATION,
        "A decision chart for a Medicare patient with another coverage. A work injury covered by workers' "
        "compensation: the carrier pays first. Medicare based on end-stage renal disease, within the first 30 "
        "months: the group health plan pays first. A retiree or COBRA plan: Medicare pays first. Medicare by age "
        "with a plan through their own or a spouse's current job at an employer of 20 or more employees, or by "
        "disability with an employer of 100 or more: the group health plan pays first. Otherwise Medicare pays "
        "first. Each outcome names one of the chapter's synthetic patients.")
def cob_medicare_order() -> str:
    from revcycle.payment import cob

    group = set(cob.GROUP_KINDS)
    medicare = {"medicare"}
    aged, disabled, esrd = cob.AGED_EMPLOYER_SIZE, cob.DISABLED_EMPLOYER_SIZE, cob.ESRD_COORDINATION_MONTHS
    # The one branch no scenario takes: Ingrid's case with a spouse's employer at the disability threshold.
    ingrid = cob.scenario("Ingrid Fakename")
    large = replace(ingrid, coverages=tuple(replace(c, employer_size=disabled) if c.kind == "employer" else c
                                            for c in ingrid.coverages))
    _pays_first("a disabled patient with a large group health plan", group, large)
    return decision(
        "Medicare and another coverage: who pays first?",
        [
            ("Is the visit for a work injury workers' compensation covers?",
             f"Workers' comp pays first\n{_pays_first('Diego Sampleperson', {'workers_comp'})}"),
            (f"Is Medicare based on ESRD, within its first {esrd} months?",
             f"Group plan pays first, any size or job\n{_pays_first('Kofi Testpatient', group)}"),
            ("Is the other plan retiree or COBRA coverage, not a current job?",
             f"Medicare pays first\n{_pays_first('Grace Notreal', medicare)}"),
            (f"Medicare by age: plan through own or spouse's current job, employer of {aged} or more?",
             f"Group plan pays first\n{_pays_first('Rosa Sampleperson', group)}"),
            (f"Medicare by disability: plan through a current job, employer of {disabled} or more?",
             "Group plan pays first\n(a large group health plan)"),
        ],
        f"Medicare pays first\n{_pays_first('Otto Example', medicare)}, "
        f"{_pays_first('Ingrid Fakename', medicare)}",
        box_w=330, out_w=270)


# ------------------------------------------------------------------------------------------------ claims submission


def _example_claim() -> Any:
    """Worked example 1's claim (RB-1002 after the fix), as the chapter's notebook builds it."""
    from workbook.site.book_values import claims_notebook

    return claims_notebook()["fixed"][1]


@figure("cms1500-example", CLAIMS,
        "The CMS-1500 form filled in for worked example 1, claim RB-1002: Medicare patient Robert Exampleton "
        "(synthetic), diagnoses I10 as A and L82.1 as B in item 21, service line 1 for 99214 with modifier 25 "
        "pointing to A, line 2 for 11102 pointing to B, both on August 4, 2026 in place of service 11, with the "
        "total charge in item 28 and Riverbend Family Practice as the billing provider in item 33.",
        kind="html")
def cms1500_example() -> str:
    from revcycle.claims.form import render_html

    return render_html(_example_claim())


@figure("ub04-example", CLAIMS,
        "A UB-04 form filled in for a synthetic hospital outpatient emergency visit on October 14, 2026: type of "
        "bill 0131 in form locator 4, revenue-code lines 0301 and 0305 for lab tests, 0324 for a chest X-ray, 0450 "
        "for the emergency room visit with 99284, 0636 for four units of J1100 and 0730 for an EKG tracing, each "
        "with its service date, units and charge, a 0001 total line, the principal diagnosis R07.9 in form "
        "locator 67 with I10 and E11.9 as other diagnoses, R07.9 as the reason for the visit in form locator 70, "
        "and the facility's NPI in form locator 56.",
        kind="html")
def ub04_example() -> str:
    from revcycle.claims.ub04 import render_html
    from revcycle.synthetic import example_outpatient_claim

    return render_html(example_outpatient_claim())


@figure("cms1500-scrub-findings", CLAIMS,
        "The CMS-1500 form for claim RB-1001 as first typed, with the boxes the scrubber found wrong outlined in "
        "red and labelled with the edit that fired: item 21, where S63.501 lacks its 7th character (DX-7TH), and "
        "the diagnosis pointer of line 1 in item 24E, which points to a diagnosis slot that is empty (PTR-EMPTY).",
        kind="html")
def cms1500_scrub_findings() -> str:
    from revcycle.claims import scrub
    from revcycle.claims.form import render_html
    from workbook.site.book_values import claims_notebook

    claim = claims_notebook()["batch"][0]
    return render_html(claim, scrub(claim))


@figure("x12-sv1-anatomy", CLAIMS,
        "The 837P service-line segment for line 1 of claim RB-1002 split into its elements: SV1, then the "
        "composite SV101 (the qualifier HC, the procedure code 99214 and the modifier 25 of item 24D), SV102 the "
        "charge of item 24F, SV103 the unit basis UN, SV104 one unit (item 24G), SV105 and SV106 left empty, and "
        "SV107 the diagnosis pointer 1, which is item 24E's letter A written as a number.")
def x12_sv1_anatomy() -> str:
    from revcycle.x12 import elements as el
    from workbook.site.book_values import claims_notebook

    claim = _example_claim()
    text = claims_notebook()["text"]
    segments = text.splitlines()
    start = next(i for i, s in enumerate(segments) if s.startswith(f"CLM*{claim.claim_id}*"))
    sv1 = next(s for s in segments[start:] if s.startswith("SV1*")).rstrip("~")
    values = sv1.split("*")
    composite = values[1].split(":")
    if len(values) != 8 or len(composite) != 3 or values[5] or values[6]:
        raise AssertionError(f"figure x12-sv1-anatomy expects SV1 with a modifier and SV105-106 empty: {sv1}")
    line = claim.lines[0]
    star, colon = ("*", "", ""), (":", "", "")
    parts = [
        (values[0], "segment", "service line, professional"), star,
        (composite[0], "SV101-01", "qualifier: a CPT or HCPCS code follows"), colon,
        (composite[1], "SV101-02", el.PROCEDURE.name), colon,
        (composite[2], "SV101-03", el.MODIFIER.name), star,
        (values[2], "SV102", el.LINE_CHARGE.name), star,
        (values[3], "SV103", "unit basis: units"), star,
        (values[4], "SV104", el.UNITS.name), star,
        (values[5], "SV105", "place of service: empty, same as the claim's (CLM05)"), star,
        (values[6], "SV106", "not used"), star,
        (values[7], "SV107", f"diagnosis pointer: item 24E's {line.pointers} as a number"),
    ]
    return fields(f"Line 1 of claim {claim.claim_id} in the 837P: {sv1}~", parts,
                  groups=[(2, 6, "SV101: the procedure, a composite of three parts")])


@figure("claim-rejection-or-denial", CLAIMS,
        "A decision chart of the places a claim can stop after coding. A fatal scrubber finding is fixed in the "
        "practice before sending. A 999 that rejects the file means the software or clearinghouse setting is "
        "fixed and the file sent again. A 277CA rejection (for example category A7) is a rejection: the claim "
        "never reached adjudication and is fixed and sent as a new claim while the filing clock runs. A line "
        "denied on the 835 is a denial, corrected and resubmitted or appealed. Otherwise the 835 payment is "
        "posted.")
def claim_rejection_or_denial() -> str:
    from revcycle.ar.denials import root_cause
    from revcycle.x12.acks import REJECTED_CATEGORIES, STATUS_CATEGORIES

    a7, carc = "A7", "50"
    if a7 not in REJECTED_CATEGORIES or a7 not in STATUS_CATEGORIES:
        raise AssertionError("figure claim-rejection-or-denial: A7 is no longer a rejected 277CA category")
    if not root_cause(carc).appealable:
        raise AssertionError("figure claim-rejection-or-denial: CO-50 is no longer an appealable denial")
    return decision(
        "Where a claim can stop: fixed, rejected or denied",
        [
            ("Scrubber: any fatal finding on the claim?", "Fix it at its cause, scrub again, then send"),
            ("999: is the file rejected as unreadable X12?",
             "Whole file rejected: fix the software or setting, send it again"),
            (f"277CA: is the claim rejected (such as {a7})?",
             "Rejection: never adjudicated. Fix, send as a new claim; the clock runs"),
            (f"835: is a line denied (such as CO-{carc})?", "Denial: correct and resubmit, or appeal"),
        ],
        "Paid: post the 835", box_w=310, out_w=290)


# ------------------------------------------------------------------------------------------------ reimbursement


@figure("pfs-formula", REIMBURSEMENT,
        "The Medicare Physician Fee Schedule formula worked for 99213 in an office in Alabama, locality "
        "10112-00, CY2026: work 1.30 RVU times work GPCI 1.000, practice expense 1.46 times 0.875 and "
        "malpractice 0.09 times 0.566 are added to the total RVUs, multiplied by the $33.4009 conversion factor "
        "and rounded once to Medicare's allowed amount, each value as in the chapter's worked example 1.")
def pfs_formula() -> str:
    from revcycle.payment.fees import pfs_payment
    from workbook.site.book_values import RUTH_LOCALITY

    p = pfs_payment("99213", locality=RUTH_LOCALITY)
    r, g = p.rvus, p.gpcis
    def product(rvu: object, gpci: object, key: str) -> str:
        return f"{rvu} × {gpci} = {_quoted(f'reimbursement.ruth.{key}')}"

    return fan(
        f"99213, non-facility, {p.locality_name.title()} ({p.locality_id}), CY{p.year}",
        middle=[Step(_quoted("reimbursement.ruth.total-rvus"), "total RVUs: the three added", 4),
                Step(_quoted("reimbursement.ruth.unrounded"), "× conversion factor, unrounded", 4),
                Step(_quoted("reimbursement.ruth.allowed"), "Medicare's allowed amount", 1)],
        inputs=[Step(product(r.work, g.work, "work-adjusted"), "work RVU × work GPCI", 0),
                Step(product(r.pe, g.pe, "pe-adjusted"), "practice expense RVU × PE GPCI", 2),
                Step(product(r.mp, g.mp, "mp-adjusted"), "malpractice RVU × MP GPCI", 3)],
        labels=[f"× {_quoted('reimbursement.cf-2026')}", "round once"],
        box_w=200, gap=100)


@figure("pfs-across-localities", REIMBURSEMENT,
        "A bar chart of the CY2026 non-facility Medicare amount for 99213 in each payment locality of the "
        "book's GPCI file, sorted from lowest to highest, from Arkansas to San Jose-Sunnyvale-Santa Clara, with "
        "those two, Alabama, Manhattan and Alaska marked with their amounts and a dashed line at the national "
        "amount.")
def pfs_across_localities() -> str:
    from revcycle.payment import fee_tables
    from revcycle.payment.fees import pfs_payment
    from revcycle.viz.charts import plot_across_localities
    from workbook.site.book_values import RUTH_LOCALITY

    everywhere = fee_tables.across_localities("99213")
    ids = list(everywhere["locality"])
    marked = [ids[0], RUTH_LOCALITY, "13202-01", "02102-01", ids[-1]]  # the places the chapter names
    fig = charts.new(9, 4.6)
    title = "99213 in an office, CY2026, by Medicare payment locality"
    plot_across_localities(everywhere, national=pfs_payment("99213").payment, label=marked, ax=fig.add_subplot(),
                           title=title)
    return charts.to_svg(fig, title)


@figure("charge-split", REIMBURSEMENT,
        "Stacked bars showing where each worked example's charge goes: for Ruth's 99213 under Medicare, the "
        "contractual adjustment, her remaining deductible, her 20 percent coinsurance and Medicare's payment; for "
        "Nadia's 11102 under the PPO, the same parts without the out-of-pocket cap and with it, where her "
        "coinsurance shrinks and the plan's payment grows.")
def charge_split() -> str:
    rows = [
        ("Ruth, 99213\nMedicare", "reimbursement.charge-99213", "reimbursement.ruth.medicare-pays",
         "reimbursement.ruth.deductible", "reimbursement.ruth.coinsurance", "reimbursement.ruth.contractual"),
        ("Nadia, 11102\nPPO, no cap", "reimbursement.ppo-11102.charge", "reimbursement.nadia.uncapped-plan-pays",
         "reimbursement.nadia.deductible", "reimbursement.nadia.coinsurance", "reimbursement.ppo-11102.adjustment"),
        ("Nadia, 11102\nPPO, capped", "reimbursement.ppo-11102.charge", "reimbursement.nadia.plan-pays",
         "reimbursement.nadia.deductible", "reimbursement.nadia.capped-coinsurance",
         "reimbursement.ppo-11102.adjustment"),
    ]
    parts = [("payer pays", "#2e7d32"), ("deductible", "#b26a00"), ("coinsurance", "#ad1457"),
             ("contractual adjustment", "#9aa5b1")]
    fig = charts.new(9, 3.9)
    ax = fig.add_subplot()
    for y, (_name, charge, *keys) in enumerate(rows):
        left = 0.0
        if sum(_value(k) for k in keys) != _value(charge):
            raise AssertionError(f"figure charge-split: the parts of {charge} do not add up")
        for key, (label, color) in zip(keys, parts, strict=True):
            amount = float(_value(key))
            ax.barh(y, amount, left=left, height=0.56, color=color, edgecolor="white",
                    label=label if y == 0 else None)
            if amount >= 20:
                ax.text(left + amount / 2, y, _quoted(key), ha="center", va="center", fontsize=8.5,
                        color="white" if label != "contractual adjustment" else "#1f2933")
            else:  # too narrow to hold its amount: write it just above the bar
                ax.text(left + amount / 2, y - 0.31, _quoted(key), ha="center", va="bottom", fontsize=8.5,
                        color=color, fontweight="bold")
            left += amount
        ax.text(left + 2, y, f"charge {_quoted(charge)}", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), [name for name, *_ in rows])
    ax.set_ylim(len(rows) - 0.5, -0.8)  # top to bottom, with room above the first bar for its small amounts
    ax.set_xlabel("dollars of the charge")
    ax.xaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    ax.margins(x=0.16)
    charts.unframed(ax)
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False, fontsize=9)
    return charts.titled(fig, ax, "Where the charge goes: worked examples 1 and 2")


# ------------------------------------------------------------------------------------------ surgical payment rules


@figure("global-periods", SURGICAL,
        "A timeline chart of three procedures done on April 14, 2026 and the days their global surgical packages "
        "cover under the CY2026 fee schedule file: the colonoscopy with biopsy 45380 (global days 000) covers that "
        "day only, the abscess drainage 10060 (010) runs to April 24, and the knee arthroscopy 29881 (090) starts "
        "the day before, April 13, and runs to July 13, 2026.")
def global_periods() -> str:
    from datetime import timedelta

    import matplotlib.dates as mdates

    from workbook.site.book_values import GLOBAL_CODES, SURGERY_DATE, _global

    periods = [_global(code) for code in GLOBAL_CODES]
    fig = charts.new(9, 3.8)
    ax = fig.add_subplot()
    colors = {"000": "#2e7d32", "010": "#b26a00", "090": "#1f5fa8"}
    for y, gp in enumerate(reversed(periods)):
        start, end = mdates.date2num(gp.start), mdates.date2num(gp.end + timedelta(days=1))
        ax.barh(y, end - start, left=start, height=0.5, color=colors[gp.days], edgecolor="white")
        span = f"{gp.start:%b} {gp.start.day}" + (f" to {gp.end:%b} {gp.end.day}" if gp.end != gp.start else " only")
        ax.text(end + 1.5, y, span, va="center", fontsize=8.5)
    ax.axvline(mdates.date2num(SURGERY_DATE), color="#ad1457", linestyle="--", linewidth=1.2)
    ax.text(mdates.date2num(SURGERY_DATE) + 1.5, len(periods) - 0.4, f"surgery, {SURGERY_DATE:%B} {SURGERY_DATE.day}",
            ha="left", fontsize=8.5, color="#ad1457")
    wrapped = [gp.meaning.replace(" and the ", ",\nand the ") for gp in reversed(periods)]
    ax.set_yticks(range(len(periods)), [f"{gp.code}, GLOB DAYS {gp.days}\n{meaning}"
                                        for gp, meaning in zip(reversed(periods), wrapped, strict=True)], fontsize=8)
    ax.set_ylim(-0.6, len(periods) - 0.1)
    first = min(gp.start for gp in periods) - timedelta(days=5)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(max(gp.end for gp in periods) + timedelta(days=30)))
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=8)
    charts.unframed(ax)
    return charts.titled(
        fig, ax,
        f"Global periods of three procedures done on {SURGERY_DATE:%B} {SURGERY_DATE.day}, {SURGERY_DATE.year}")


@figure("multiple-procedure-rule", SURGICAL,
        "A bar chart of six procedures from one synthetic operative session in Alabama, ranked by their CY2026 "
        "facility fee schedule amounts: for each, a gray bar for the fee schedule amount and a blue bar for "
        "what Medicare allows, the full amount for the hip fracture repair 27245 ranked first, half for the wrist, "
        "ankle, hand and foot procedures ranked two to five, and no bar for the wound repair 12002, ranked sixth and "
        "priced by report.")
def multiple_procedure_rule() -> str:
    from workbook.site.book_values import surgical_claim

    claim = surgical_claim("six")
    lines = sorted(claim.lines, key=lambda p: p.rank or 99)
    fig = charts.new(9.5, 4.4)
    ax = fig.add_subplot()
    xs = range(len(lines))
    width = 0.4
    for x, p in zip(xs, lines, strict=True):
        fee = float(p.fee_schedule)
        ax.bar(x - width / 2, fee, width, color="#9aa5b1", label="fee schedule amount" if x == 0 else None)
        ax.text(x - width / 2, fee + 12, _quoted(f"surgical.six.{p.line.code}.fee"), ha="center", fontsize=6.5)
        if p.allowed is None:
            ax.text(x + width / 2, 20, "by report", ha="center", rotation=90, fontsize=8, color="#ad1457")
            continue
        allowed = float(p.allowed)
        ax.bar(x + width / 2, allowed, width, color="#1f5fa8", label="allowed" if x == 0 else None)
        ax.text(x + width / 2, allowed + 12, _quoted(f"surgical.six.{p.line.code}.allowed"), ha="center",
                fontsize=6.5, color="#1f5fa8")
    share = {1: "100%", 6: "by report"}
    ax.set_xticks(list(xs), [f"{p.line.code}\nrank {p.rank}, {share.get(p.rank or 0, '50%')}" for p in lines])
    ax.tick_params(axis="x", labelsize=8.5)
    ax.set_ylabel("dollars")
    ax.set_ylim(0, float(max(p.fee_schedule for p in lines)) * 1.1)
    ax.yaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    charts.unframed(ax)
    ax.legend(frameon=False, fontsize=9)
    return charts.titled(
        fig, ax,
        f"One session, six procedures: the multiple-procedure rule (total allowed {_quoted('surgical.six.total')})")


# ------------------------------------------------------------------------------------------- institutional billing


@figure("type-of-bill-decoded", INSTITUTIONAL,
        "The type of bill 0111 from the synthetic knee replacement claim split into its four characters: a leading "
        "zero the form prints but the 837I drops; 1, the kind of facility (hospital); 1, the bill classification "
        "(inpatient, Part A); and 1, the frequency (one claim for the whole stay, admission through discharge). "
        "Brackets show that the 837I carries the facility type and classification together in CLM05-1 and the "
        "frequency in CLM05-3.")
def type_of_bill_decoded() -> str:
    from revcycle.claims.institutional import CLASSIFICATION, FACILITY
    from workbook.site.book_values import institutional_claim

    tob = institutional_claim("inpatient").type_of_bill
    parts = [
        (tob[0], "leading zero", "printed on the UB-04; dropped in the 837I"),
        (tob[1], "facility type", FACILITY[tob[1]]),
        (tob[2], "classification", CLASSIFICATION[tob[2]]),
        (tob[3], "frequency", "admit through discharge: one claim for the stay" if tob[3] == "1" else
         f"frequency {tob[3]}"),
    ]
    return fields(f"FL 4 type of bill {tob}, character by character", parts,
                  groups=[(1, 2, "837I CLM05-1"), (3, 3, "CLM05-3")], box_min=150)


@figure("drg-payment-arithmetic", INSTITUTIONAL,
        "A flow of the IPPS operating payment for the knee replacement stay in MS-DRG 470 at a hypothetical wage "
        "index of 1.1000, using the FY2026 national standardized amount of Table 1A of the IPPS final rule: the "
        "standardized amount is split into a labor part (66 percent, because the wage index is above 1) and a "
        "nonlabor part; the labor part is multiplied by the wage index; the two are added; the sum is multiplied by "
        "the FY2026 relative weight of MS-DRG 470 to give the payment.")
def drg_payment_arithmetic() -> str:
    steps = [
        Step("Standardized amount", f"{_quoted('institutional.rate.standardized')} (FY2026, Table 1A)", 0),
        Step("Split by labor share", f"labor {_quoted('institutional.wi.labor')} "
             f"({_quoted('institutional.rate.labor-high')}% because the wage index is above 1), nonlabor "
             f"{_quoted('institutional.wi.nonlabor')}", 1),
        Step("Wage-adjust the labor part", f"x wage index {_quoted('institutional.wi')} = "
             f"{_quoted('institutional.wi.adjusted-labor')}", 2),
        Step("Add the nonlabor part", f"wage-adjusted rate {_quoted('institutional.wi.rate')}", 3),
        Step("Multiply by the DRG weight", f"MS-DRG 470, FY2026 weight {_quoted('institutional.drg470.weight')}", 4),
        Step("Operating payment", f"{_quoted('institutional.wi.payment')}, rounded once to the cent; no capital, "
             "IME, DSH or outlier", 5),
    ]
    return flow("From standardized amount to DRG payment (MS-DRG 470, wage index "
                f"{_quoted('institutional.wi')})", steps, columns=3, box_w=230)


# ------------------------------------------------------------------------------------------- posting, denials, A/R


@figure("posting-835-claim", POSTING,
        "Worked example 1 drawn as money moving: the charges of the two service lines of claim S2026-000008, "
        "G0439 and 99213 with modifier 25, add up to the claim's charge, which the 835 splits into the payment "
        "matched to the check, the CO-45 contractual adjustments written off, and the PR-1 deductible moved to "
        "the patient's balance, each with the amount the chapter gives.")
def posting_835_claim() -> str:
    from decimal import Decimal

    from revcycle.codes.remit import carc_meaning
    from workbook.site.book_values import POSTED_CLAIM, small_remit

    remit, ledger = small_remit()
    lines = remit.lines[remit.lines["claim_id"] == POSTED_CLAIM]
    cas = remit.adjustments[remit.adjustments["claim_id"] == POSTED_CLAIM]
    claim = ledger.claims.set_index("claim_id").loc[POSTED_CLAIM]
    groups = cas.groupby(["group", "reason"], sort=False)["amount"].sum()
    where = {"CO": "written off", "PR": "to the patient's balance"}
    outputs = [Step(f"Paid ${claim['paid']:,.2f}", "posted; matched to the check", 1)]
    for (group, reason), amount in groups.items():
        outputs.append(Step(f"{group}-{reason} ${Decimal(amount):,.2f}",
                            f"{carc_meaning(str(reason))}: {where.get(str(group), 'review')}",
                            2 if group == "PR" else 6))
    if sum(Decimal(a) for a in cas["amount"]) + claim["paid"] != claim["charge"]:
        raise AssertionError("figure posting-835-claim: the claim does not balance")
    inputs = [Step(f"Line {r.line}: {r.procedure}{'-' + r.modifiers if r.modifiers else ''}",
                   f"charge ${r.charge:,.2f}", 0) for r in lines.itertuples()]
    return fan(f"Posting claim {POSTED_CLAIM} from its 835",
               middle=[Step("Claim charge", f"${claim['charge']:,.2f}", 4)],
               inputs=inputs, outputs=outputs, box_w=200, gap=80)


_APPEAL_BODY = {1: "by the MAC that decided the claim", 2: "by a Qualified Independent Contractor",
                3: "by the Office of Medicare Hearings and Appeals", 4: "part of HHS's Departmental Appeals Board"}


@figure("medicare-appeals-ladder", POSTING,
        "Medicare's five appeal levels drawn as a ladder climbing to the right: redetermination by the MAC, filed "
        "within 120 days; reconsideration by a QIC, 180 days; an ALJ hearing, 60 days and at least $200 in "
        "controversy in 2026; review by the Medicare Appeals Council, 60 days; and judicial review in federal "
        "district court, 60 days and at least $1,960 in 2026. Each window runs from the presumed receipt of the "
        "decision below.")
def medicare_appeals_ladder() -> str:
    from revcycle.ar import appeals

    year = 2026
    steps, notes = [], []
    for lv in appeals.LEVELS:
        detail = f"file within {lv.days_to_file} days"
        threshold = appeals.aic_threshold(lv.number, year)
        if threshold is not None:
            detail += f"; at least ${threshold:,.0f} in dispute ({year})"
        body = _APPEAL_BODY.get(lv.number)
        steps.append(Step(f"{lv.number}. {lv.name}", f"{body}; {detail}" if body else detail, lv.number - 1))
        notes.append("decision upheld? the next level")
    return ladder("Medicare's five levels of appeal", steps, notes[:-1], box_w=200)


@figure("ar-aging-chart", POSTING,
        "A stacked bar chart of the four synthetic practices' open accounts receivable on September 30, 2026, "
        "by days since the date of service (0-30, 31-60, 61-90, 91-120 and over 120), split into insurance and "
        "patient balances, with each bucket's total written above its bar; the over-120 bucket is the largest.")
def ar_aging_chart() -> str:
    from revcycle.ar import aging as ar
    from revcycle.viz.charts import plot_aging
    from workbook.site.book_values import big_books

    as_of, claims, _remit, ledger = big_books()
    table = ar.aging(ledger, as_of)
    practices = len({c.billing_provider.last_name for c in claims})  # by name: some NPIs carry injected typos
    fig = charts.new(8, 4.2)
    title = f"A/R aging on {as_of:%B} {as_of.day}, {as_of.year}: {practices} synthetic practices"
    plot_aging(table, fig.add_subplot(), title=title)
    return charts.to_svg(fig, title)


# ------------------------------------------------------------------------------------------------ billing software


@figure("billing-software-data-flow", SOFTWARE,
        "A sequence diagram of the data passing between the patient, the electronic health record, the "
        "practice-management system, the clearinghouse, the payer and the bank: registration and the copay, the "
        "270/271 eligibility check, charges from the signed note, the scrubber, the 837P claim file, the 999 and "
        "277CA acknowledgments, the 835 remittance posted automatically, the EFT payment and its deposit "
        "details, and the statement to the patient.")
def billing_software_data_flow() -> str:
    patient, ehr, pm, house, payer, bank = range(6)
    return sequence(
        "Where the data goes: one visit through the billing office's software",
        ["Patient", "EHR", "PM system", "Clearinghouse", "Payer", "Bank"],
        [
            (patient, pm, "registration: card, demographics"),
            (pm, payer, "270: is the patient covered?"),
            (payer, pm, "271: active, cost sharing"),
            (patient, pm, "copay at check-in"),
            (ehr, pm, "charges from the signed note"),
            (pm, pm, "claim scrubber edits"),
            (pm, house, "837P claim file"),
            (house, pm, "999 and 277CA acknowledgments"),
            (house, payer, "claims, split by payer"),
            (payer, house, "835 remittance"),
            (house, pm, "835, posted automatically"),
            (payer, bank, "EFT payment"),
            (bank, pm, "deposit details: reconcile"),
            (pm, patient, "statement for the balance"),
        ],
        col=200)


@figure("billing-software-clinic-day", SOFTWARE,
        "A flow of the notebook's clinic day at Riverbend Family Practice in nine steps, each with its result as "
        "the chapter's worked examples give it: the patients registered, the coverage answers (one not found "
        "and fixed, one inactive), copays collected at the desk, the claims and charges entered, the claim the "
        "scrubber stopped for a registration error, the 837P file and its validation, the 835 payments and "
        "write-offs posted, the CO-50 denial and its appeal deadline, and the month-end A/R and days in A/R.")
def billing_software_clinic_day() -> str:
    from collections import Counter

    from revcycle.claims import scrub
    from revcycle.x12 import validate
    from workbook.site.book_values import clinic_day

    day = clinic_day()
    before = Counter(a.status for a in day["before"])
    fixed = [a for a, b in zip(day["answers"], day["before"], strict=True) if a.status != b.status]
    fatal = [f for f in scrub(day["wrong"]) if f.severity == "fatal"]
    problems = validate(day["batch"])
    checked = f"{len(problems)} validator errors" if problems else "no validator errors"
    bs = "billing-software"
    queue = day["queue"].iloc[0]
    steps = [
        Step("1. Register", f"{len(day['visits'])} patients on the schedule", 0),
        Step("2. Verify coverage", f"{before['active']} active, {before['not found']} not found "
                                   f"({len(fixed)} fixed), {before['inactive']} inactive", 0),
        Step("3. Estimate, collect", f"copays {_quoted(bs + '.copays')} at the desk", 0),
        Step("4. Enter charges", f"{len(day['claims'])} claims, {_quoted(bs + '.charges')}", 4),
        Step("5. Scrub", f"1 claim, {len(fatal)} fatal {fatal[0].edit_id}: fix the registration", 4),
        Step("6. Submit the 837P", f"{_quoted(bs + '.segments')} segments, {checked}", 4),
        Step("7. Post the 835", f"{_quoted(bs + '.paid')} paid, {_quoted(bs + '.contractual')} written off", 1),
        Step("8. Work the denial", f"{queue['reasons']} {_quoted(bs + '.denied')}: appeal by "
                                   f"{_quoted(bs + '.appeal-by')}", 1),
        Step("9. Month-end A/R", f"{_quoted(bs + '.ar-open')} open, {_quoted(bs + '.days-in-ar')} days in A/R", 1),
    ]
    when = day["visits"][0].service_date
    return flow(f"A clinic day in practice-management software, {when:%B} {when.day}, {when.year}", steps, columns=3,
                box_w=230)


# ------------------------------------------------------------------------------- enrollment and credentialing

ENROLLMENT = "billing/enrollment-credentialing"


@figure("new-hire-billing-window", ENROLLMENT,
        "A timeline of March and April 2026 for a synthetic new physician: she starts seeing patients on March 2, "
        "the last day she could have filed and still been paid from that day is April 1, she files on April 20 "
        "(her effective date), so Medicare pays from March 21, thirty days earlier; of her five visits, the three "
        "before March 21 are marked unpaid and the two after are marked paid.")
def new_hire_billing_window() -> str:
    from datetime import timedelta

    import matplotlib.dates as mdates

    from workbook.site.book_values import ENROLL_HIRE_VISITS, enrollment_hire

    e = enrollment_hire()
    fig = charts.new(9, 3.2)
    ax = fig.add_subplot()
    num = mdates.date2num
    end = e.effective + timedelta(days=12)
    ax.axvspan(num(e.retro_start), num(end), color="#e3ecf7", label="Medicare pays (from the retro start)")
    for day in ENROLL_HIRE_VISITS:
        paid = day >= e.retro_start
        ax.plot(num(day), 0, "o" if paid else "X", markersize=9, color="#1f5fa8" if paid else "#ad1457")
        ax.text(num(day), -0.32, f"{day:%b} {day.day}\n{'paid' if paid else 'unpaid'}", ha="center", fontsize=7.5,
                color="#1f5fa8" if paid else "#ad1457", va="top")
    marks = [(e.began, "starts work"), (e.retro_start, "retro start\n(effective - 30 days)"),
             (e.began + timedelta(days=30), "last day to file\nto cover day one"),
             (e.effective, "files the 855I:\neffective date")]
    for day, label in marks:
        ax.axvline(num(day), color="#555555", linestyle="--", linewidth=1)
        ax.text(num(day) + 0.4, 0.55, f"{label}\n{day:%b} {day.day}", fontsize=7.5, va="bottom")
    ax.set_ylim(-1, 1.4)
    ax.set_yticks([])
    ax.set_xlim(num(e.began - timedelta(days=4)), num(end))
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
    ax.tick_params(axis="x", labelsize=7.5)
    charts.unframed(ax, "top", "right", "left")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    return charts.titled(fig, ax, "Worked example 1: which of a new hire's visits Medicare pays")


@figure("credentialing-calendar", ENROLLMENT,
        "A calendar chart for a synthetic physician as it stood on March 2, 2026: his CAQH ProView attestation of "
        "January 20 runs out on May 20; his recredentialing with the synthetic PPO is due May 10 and with the "
        "synthetic HMO September 1; his Medicare revalidation is due June 15. A red band shows the Medicare "
        "deactivation from August 3 to September 13 that followed the missed revalidation.")
def credentialing_calendar() -> str:
    from datetime import date, timedelta

    import matplotlib.dates as mdates

    from revcycle.compliance.enrollment import due_items
    from workbook.site.book_values import ENROLL_AS_OF, ENROLL_GAP, enrollment_omar

    items = due_items(enrollment_omar(), ENROLL_AS_OF)
    num = mdates.date2num
    fig = charts.new(9, 3.6)
    ax = fig.add_subplot()
    labels = [i.item for i in items]
    for row, item in enumerate(items):
        y = len(items) - 1 - row
        ax.plot(num(item.due), y, "D", color="#1f5fa8", markersize=8)
        ax.text(num(item.due) + 3, y, f"due {item.due:%b} {item.due.day}", va="center", fontsize=8)
        if item.item.startswith("Medicare"):
            ax.barh(y, num(ENROLL_GAP[1]) - num(ENROLL_GAP[0]), left=num(ENROLL_GAP[0]), height=0.45,
                    color="#f4c7d6")
            ax.text(num(ENROLL_GAP[0]), y + 0.3, "deactivated: claims unpaid", fontsize=7.5, color="#ad1457")
    ax.axvline(num(ENROLL_AS_OF), color="#555555", linestyle="--", linewidth=1)
    ax.text(num(ENROLL_AS_OF) + 2, len(items) - 0.5, f"today, {ENROLL_AS_OF:%b} {ENROLL_AS_OF.day}", fontsize=8)
    charts.date_rows(ax, labels, num(date(2026, 1, 1)), num(ENROLL_GAP[1] + timedelta(days=40)))
    ax.tick_params(axis="y", labelsize=8)
    return charts.titled(fig, ax, "Worked example 2: one physician's enrollment and credentialing calendar, 2026")


# ------------------------------------------------------------------------------------------ prior authorization

PRIOR_AUTH = "billing/prior-authorization"


@figure("prior-auth-clocks", PRIOR_AUTH,
        "A timeline of worked example 1: a prior authorization request received by a Medicare Advantage plan on "
        "Friday, March 6, 2026, at 4:30 p.m. An orange bar shows the expedited window, 72 hours that run through "
        "the weekend to Monday, March 9, at 4:30 p.m.; a longer blue bar shows the standard window, seven calendar "
        "days to the end of Friday, March 13; a third row notes that a marketplace (QHP) plan on the federal "
        "exchange has no decision clock under the 2024 rule.")
def prior_auth_clocks() -> str:
    from datetime import timedelta

    import matplotlib.dates as mdates

    from workbook.site.book_values import prior_auth_clock

    expedited, standard = prior_auth_clock("expedited"), prior_auth_clock("standard")
    qhp = prior_auth_clock("standard", "qhp_ffe")
    received = expedited.request.received
    num = mdates.date2num
    fig = charts.new(9, 3.2)
    ax = fig.add_subplot()
    rows = [("expedited (72 hours)", expedited, "#c05621"), ("standard (7 calendar days)", standard, "#2b6cb0")]
    for y, (_label, clock, color) in zip((2, 1), rows, strict=True):
        ax.barh(y, num(clock.cutoff) - num(received), left=num(received), height=0.45, color=color)
        end = clock.cutoff - timedelta(minutes=1) if clock.due_at is None else clock.cutoff
        ax.text(num(clock.cutoff) + 0.1, y, f"decide by {end:%a %b} {end.day}, {end:%I:%M %p}".replace(" 0", " "),
                va="center", fontsize=8.5)
    ax.text(num(received) + 0.1, 0, f"{qhp.request.kind.name}: no decision clock in the 2024 rule", va="center",
            fontsize=8.5, color="#555555")
    ax.axvline(num(received), color="#ad1457", linestyle="--", linewidth=1)
    ax.text(num(received), 2.5, f"received {received:%a %b} {received.day}, {received:%I:%M %p}".replace(" 0", " "),
            fontsize=8, color="#ad1457")
    ax.set_yticks([2, 1, 0], [r[0] for r in rows] + ["QHP on the FFEs"], fontsize=8.5)
    ax.set_ylim(-0.5, 2.8)
    ax.set_xlim(num(received - timedelta(days=1)), num(standard.cutoff + timedelta(days=3)))
    ax.xaxis.set_major_locator(mdates.DayLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%a\n%b %d"))
    ax.tick_params(axis="x", labelsize=7.5)
    charts.unframed(ax)
    return charts.titled(fig, ax, "Worked example 1: when the plan must decide")


@figure("prior-auth-due-by-day", PRIOR_AUTH,
        "A stacked bar chart of the chapter's 60 synthetic prior authorization requests received in the week of "
        "March 2, 2026, counted by the last day the payer may decide: expedited requests fall due within three "
        "days of receipt, standard requests pile up at the end of the following week, and a dashed line marks "
        "Friday, March 6, the day the worklist is read.")
def prior_auth_due_by_day() -> str:
    from revcycle.viz.charts import plot_due_by_day
    from workbook.site.book_values import PA_WORKLIST, _pa_as_of, prior_auth_worklist

    frame, table = prior_auth_worklist()
    timed = int(table["total"].sum())
    fig = charts.new(8.5, 4)
    title = (f"{timed} of {PA_WORKLIST['n']} synthetic requests have a federal clock: the last day to decide each")
    plot_due_by_day(table, fig.add_subplot(), as_of=_pa_as_of().date(), title=title)
    return charts.to_svg(fig, title)


# ------------------------------------------------------------------------------------------- remittances in full


@figure("plb-check-arithmetic", REMITTANCES,
        "Worked example 1 of the remittances chapter drawn as money moving: the three claim payments of the "
        "synthetic Medicare remittance add up to the claims' total, the provider-level adjustments are applied to "
        "it (the overpayment recovery, WO, taken off; the late-payment interest, L6, added), and what is left is "
        "the check in BPR02, with each amount as the chapter gives it.")
def plb_check_arithmetic() -> str:
    from revcycle.codes.remit import plb_meaning
    from revcycle.practice.remittances import recoupment_case

    case = recoupment_case()
    inputs = [Step(f"{r.claim.claim_id}", f"CLP04 paid ${r.paid:,.2f}", 0)
              for r in sorted(case.today, key=lambda r: r.claim.claim_id)]
    plbs = [Step(f"PLB {a.reason} {'-' if a.amount > 0 else '+'}${abs(a.amount):,.2f}",
                 plb_meaning(a.reason).split(":")[0], 6 if a.amount > 0 else 1) for a in case.adjustments]
    total = _value("remittances.claims-paid")
    bpr = _value("remittances.bpr")
    if total - sum(a.amount for a in case.adjustments) != bpr:
        raise AssertionError("figure plb-check-arithmetic: the check does not balance")
    return fan("From claim payments to the check",
               middle=[Step("Claims paid", f"${total:,.2f}", 4), Step("BPR02 check", f"${bpr:,.2f}", 5)],
               inputs=inputs, outputs=plbs, labels=["less PLB amounts"],
               out_labels=["positive: taken off", "negative: added"][:len(plbs)], box_w=190, gap=70)


@figure("era-eft-reassociation", REMITTANCES,
        "A sequence diagram of one payment traveling two roads: the payer sends the money as a CCD+ ACH credit "
        "through its bank to the practice's bank, with the trace number in the addenda record, and sends the "
        "835 remittance through the clearinghouse with the same trace number in TRN02; the practice matches the "
        "deposit to the 835 by trace number and amount before posting.")
def era_eft_reassociation() -> str:
    trace = _quoted("remittances.trace")
    amount = _quoted("remittances.bpr")
    return sequence("Reassociating the EFT with the ERA",
                    ["Practice", "Banks (ACH)", "Payer", "Clearinghouse"],
                    [(2, 1, "CCD+ credit, TRN in addenda"),
                     (1, 0, f"deposit {amount}"),
                     (2, 3, "835, same TRN02"),
                     (3, 0, f"835: BPR02 {amount}, TRN02 {trace}"),
                     (0, 0, "match, then post")])


# ------------------------------------------------------------------------------------- patient financial services

PATIENT_FINANCIAL = "billing/patient-financial-services"


@figure("dunning-calendar", PATIENT_FINANCIAL,
        "A timeline of worked example 2's hospital balance from the first post-discharge statement on April 1, "
        "2026: reminder statements on days 30 and 60, the final notice with the written notice of possible "
        "extraordinary collection actions on day 90, the earliest such action on day 120 (July 30, 2026), and the "
        "end of the financial assistance application period on day 240 (November 27, 2026).")
def dunning_calendar() -> str:
    from datetime import timedelta

    import matplotlib.dates as mdates

    from workbook.site.book_values import pfs_hospital

    calendar = pfs_hospital()[0]
    fig = charts.new(9.5, 3.6)
    ax = fig.add_subplot()
    start, end = calendar.first_statement, calendar.steps[-1].on
    ax.axvspan(mdates.date2num(start), mdates.date2num(calendar.earliest_eca), ymin=0.05, ymax=0.2,
               color="#fde2cf", label="no extraordinary collection action")
    ax.axvspan(mdates.date2num(start), mdates.date2num(end), ymin=0.22, ymax=0.3, color="#d6e6f5",
               label="financial assistance applications accepted")
    ax.axhline(0.5, color="#555555", linewidth=1)
    colors = {"earliest extraordinary collection action": "#ad1457", "application period ends": "#1f5fa8"}
    for k, step in enumerate(calendar.steps):
        x = mdates.date2num(step.on)
        color = colors.get(step.step, "#333333")
        ax.plot([x], [0.5], marker="o", color=color, markersize=7)
        y = 0.62 + 0.16 * (k % 2)
        label = step.step.replace(" with written ECA notice", "\n+ written ECA notice")
        ax.text(x, y, f"day {step.day}: {label}\n{step.on:%b} {step.on.day}", ha="center", va="bottom",
                fontsize=7.5, color=color)
    ax.set_ylim(0, 1.15)
    ax.set_yticks([])
    ax.set_xlim(mdates.date2num(start - timedelta(days=12)), mdates.date2num(end + timedelta(days=18)))
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=8)
    charts.unframed(ax, "top", "right", "left")
    ax.legend(frameon=False, fontsize=8, loc="lower right", bbox_to_anchor=(1.0, -0.42), ncol=2)
    return charts.titled(fig, ax, "A 501(r) hospital's statement calendar (26 CFR 1.501(r)-6)")


@figure("patient-aging", PATIENT_FINANCIAL,
        "A bar chart of the synthetic patient ledger's open patient balances on September 30, 2026, by days since "
        "the first statement (0-30, 31-60, 61-90, 91-120 and over 120), each bar labelled with its dollars and its "
        "number of accounts; the over-120 bucket is the largest.")
def patient_aging() -> str:
    from revcycle.patient_financial import balances
    from revcycle.viz.charts import plot_patient_aging
    from workbook.site.book_values import pfs_ledger

    table = pfs_ledger()["aging"].reset_index()
    fig = charts.new(8, 4.2)
    as_of = balances.AS_OF
    title = f"Open patient balances on {as_of:%B} {as_of.day}, {as_of.year}: {_quoted('patient-financial.ledger.open')}"
    plot_patient_aging(table, fig.add_subplot(), title=title)
    return charts.to_svg(fig, title)


# ------------------------------------------------------------------------------------------------ payers in depth

PAYERS = "billing/payers"
#: The order in which the chapter's programs pay, top first: (tier, programs, note).
PAYER_TIERS = (
    ("pays first for its own cases", "workers' compensation (work injury) - auto no-fault and liability (accident)",
     "only for the injury it covers"),
    ("pays first when the MSP rules say", "employer group health plan through current work",
     "20+ employees (aged), 100+ (disabled), ESRD's first 30 months"),
    ("Medicare", "Original Medicare (Parts A and B) - or a Medicare Advantage plan in its place",
     "otherwise pays first for a beneficiary"),
    ("after Medicare or other insurance", "Medigap (after Original Medicare only) - TRICARE - CHAMPVA",
     "the claim crosses over or goes second"),
    ("last", "Medicaid and CHIP", "payer of last resort: everything else pays first"),
)


@figure("payer-landscape", PAYERS,
        "Five stacked bands, top to bottom, in the order the chapter's programs pay: workers' compensation and auto "
        "or liability insurance first for the injury they cover; an employer group health plan through current work "
        "when the Medicare Secondary Payer rules put it first; Medicare, or a Medicare Advantage plan in its place; "
        "Medigap, TRICARE and CHAMPVA after Medicare or other insurance; and Medicaid and CHIP last, as payers of "
        "last resort. Arrows run down from each band to the next.")
def payer_landscape() -> str:
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig = charts.new(9, 4.6)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, len(PAYER_TIERS) * 1.1)
    ax.axis("off")
    colors = ("#c05621", "#6b46c1", "#2b6cb0", "#2f855a", "#4a5568")
    for i, ((tier, programs, note), color) in enumerate(zip(PAYER_TIERS, colors, strict=True)):
        y = (len(PAYER_TIERS) - 1 - i) * 1.1 + 0.15
        ax.add_patch(FancyBboxPatch((0.1, y), 9.8, 0.75, boxstyle="round,pad=0.02", facecolor=color, alpha=0.12,
                                    edgecolor=color))
        ax.text(0.3, y + 0.5, tier, fontsize=9, fontweight="bold", color=color, va="center")
        ax.text(0.3, y + 0.2, programs.replace(" - ", " · "), fontsize=8.5, va="center")
        ax.text(9.7, y + 0.5, note, fontsize=7.5, color="#444444", va="center", ha="right", style="italic")
        if i:
            ax.add_patch(FancyArrowPatch((5, y + 0.75 + 0.33), (5, y + 0.77), arrowstyle="-|>", mutation_scale=10,
                                         color="#555555"))
    return charts.titled(fig, ax, "Who pays first: the programs of this chapter, top to bottom")


@figure("spend-down-met", PAYERS,
        "A step chart of worked example 2: the synthetic patient's incurred medical expenses added up by date from "
        "January 1, 2026, against a dashed line at the $3,000.00 spend-down for the six-month budget period. The "
        "total passes the line on February 15, 2026; the part of that bill above the line and the bill of March 1 "
        "are shaded as what Medicaid considers, $900.00 in all.")
def spend_down_met() -> str:
    from datetime import date

    import matplotlib.dates as mdates

    from workbook.site.book_values import PAYERS_EX2, payers_ex2

    sd = payers_ex2()[0]
    bills = sorted((date.fromisoformat(d), float(a)) for d, a in PAYERS_EX2["expenses"])
    xs, ys, total = [date(2026, 1, 1)], [0.0], 0.0
    for day, amount in bills:
        xs.append(day)
        ys.append(total)
        total += amount
        xs.append(day)
        ys.append(total)
    xs.append(date(2026, 6, 30))
    ys.append(total)
    num = mdates.date2num
    fig = charts.new(8.5, 4)
    ax = fig.add_subplot()
    ax.plot([num(x) for x in xs], ys, color="#2b6cb0", linewidth=2, label="incurred medical expenses, added up")
    ax.axhline(float(sd.amount), color="#c05621", linestyle="--", linewidth=1.2,
               label=f"spend-down: ${sd.amount:,.2f}")
    ax.fill_between([num(x) for x in xs], float(sd.amount), ys, where=[y > float(sd.amount) for y in ys],
                    color="#2f855a", alpha=0.2, step=None, label=f"for Medicaid to consider: ${sd.medicaid_part:,.2f}")
    assert sd.met_on is not None
    ax.axvline(num(sd.met_on), color="#555555", linewidth=0.8)
    ax.text(num(sd.met_on) + 2, 300, f"met on {sd.met_on:%B} {sd.met_on.day}", fontsize=8.5)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    ax.set_ylabel("dollars")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    charts.unframed(ax)
    return charts.titled(fig, ax, "Worked example 2: the spend-down is met, then Medicaid considers the rest")
