"""Figures of the regulations chapters: HIPAA (minimum necessary, patients' request clocks, breach triage and the
worked example's notice deadlines), fraud, abuse and compliance (the four laws side by side, what 40 false claims
can cost, the overpayment clock, the seven elements of a compliance program), audits and program integrity (the
review contractors side by side, the spread of repeated sample estimates around the true overpayment), and privacy
law in depth (the penalty tiers across inflation adjustments, the calendar-year caps of a continuing violation)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import Step, cycle, decision, grid

HIPAA = "regulations/hipaa"
FRAUD = "regulations/fraud-abuse-compliance"
AUDITS = "regulations/audits-program-integrity"


def _day(d: date, year: bool = True) -> str:
    """A date as the chapters write it: March 10, 2026."""
    return f"{d:%B} {d.day}, {d.year}" if year else f"{d:%B} {d.day}"


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


# ------------------------------------------------------------------------------------------------ HIPAA

@figure("hipaa-minimum-necessary", HIPAA,
        "A chain of six yes-or-no questions about a permitted use or disclosure of PHI. If it is a disclosure to or "
        "request by a provider for treatment, goes to the patient, is made under the patient's authorization, goes "
        "to HHS for a compliance review, is required by law, or is needed to comply with the HIPAA rules themselves, "
        "the minimum necessary standard does not apply. Otherwise, limit the PHI to the minimum necessary, such as "
        "one claim's documentation rather than the whole chart.")
def hipaa_minimum_necessary() -> str:
    return decision(
        "Does the minimum necessary standard apply?",
        [
            ("Disclosure to, or request by, a health care provider for treatment?", "Does not apply"),
            ("Use or disclosure to the patient who is the subject of the PHI?", "Does not apply"),
            ("Made under the patient's signed authorization?", "Does not apply"),
            ("Disclosure to HHS for a compliance review or investigation?", "Does not apply"),
            ("Required by law?", "Does not apply"),
            ("Needed to comply with HIPAA itself, such as a standard transaction's data?",
             "Does not apply"),
        ],
        "It applies: share only the minimum necessary",
        box_w=340, out_w=190,
    )


@figure("hipaa-request-clocks", HIPAA,
        "A bar chart of the days a covered entity has to act on a patient's request under the Privacy Rule, counted "
        "from the day it is received: 30 days for access, 60 days for an amendment and 60 days for an accounting of "
        "disclosures, each followed by one extension of up to 30 more days that needs a written reason and a new "
        "date sent to the patient within the first period.")
def hipaa_request_clocks() -> str:
    from revcycle.compliance.deadlines import REQUEST_CLOCKS

    names = {"access": "Access to records", "amendment": "Amendment", "accounting": "Accounting of disclosures"}
    clocks = list(REQUEST_CLOCKS.values())
    fig = charts.new(8, 2.9)
    ax = fig.add_subplot()
    ys = list(range(len(clocks)))[::-1]
    for y, clock in zip(ys, clocks, strict=True):
        ax.barh(y, clock.days, color="#1565c0", height=0.55)
        ax.barh(y, clock.extension, left=clock.days, color="#e3f2fd", edgecolor="#1565c0", hatch="//",
                height=0.55)
        ax.text(clock.days / 2, y, f"{clock.days} days", ha="center", va="center", color="white",
                fontweight="bold", fontsize=10)
        end = clock.days + clock.extension
        ax.text(clock.days + clock.extension / 2, y, f"+{clock.extension}", ha="center", va="center",
                color="#1565c0", fontsize=9, fontweight="bold",
                bbox={"facecolor": "#e3f2fd", "edgecolor": "none", "pad": 1})
        ax.text(end + 2, y, f"at most {end} days ({clock.rule})", va="center", fontsize=9, color="#52606d")
    ax.set_yticks(ys, [f"{names.get(c.right, c.right)}" for c in clocks])
    longest = max(c.days + c.extension for c in clocks)
    ax.set_xlim(0, longest + 75)
    ax.set_xticks(range(0, longest + 1, 30))
    ax.set_xlabel("Calendar days after the request is received (day 0)")
    ax.bar(0, 0, color="#1565c0", label="act within")
    ax.bar(0, 0, color="#e3f2fd", edgecolor="#1565c0", hatch="//",
           label="one extension: written reason and new date, sent within the first period")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2, frameon=False, fontsize=9)
    charts.unframed(ax)
    return charts.to_svg(fig, "Privacy Rule deadlines for patients' requests")


@figure("hipaa-breach-triage", HIPAA,
        "A decision chain for an incident involving protected health information. If the Privacy Rule permitted "
        "the use or disclosure, it is not a breach. If the PHI was secured by encryption to HHS's standard or "
        "destroyed, no notice is owed. If one of the three exceptions fits, it is not a breach. If a documented "
        "four-factor risk assessment shows a low probability that the PHI was compromised, it is not a breach. "
        "Otherwise it is a breach of unsecured PHI and the affected individuals must be notified within 60 "
        "calendar days of discovery.")
def hipaa_breach_triage() -> str:
    from revcycle.compliance.deid import NOTICE_DAYS

    return decision(
        "Is it a breach, and is notice owed?",
        [
            ("Did the Privacy Rule permit this use or disclosure?", "Not a breach"),
            ("Was the PHI secured: encrypted to HHS's standard, or destroyed?", "No notice owed: the PHI was secured"),
            ("Does an exception fit? Good-faith access within the job, an inadvertent disclosure between authorized "
             "people, or a recipient who could not keep it", "Not a breach"),
            ("Does a documented four-factor risk assessment show a low probability of compromise?",
             "Not a breach: keep the assessment on file"),
        ],
        f"Breach of unsecured PHI: notify without unreasonable delay, within {NOTICE_DAYS} days of discovery",
        box_w=340,
    )


@figure("hipaa-breach-deadlines", HIPAA,
        "A timeline chart of worked example 1's stolen laptop, discovered on March 10, 2026 (day 0). Three notices "
        "share the same latest date, May 9, 2026, 60 days later: a letter to each of the 640 affected patients, "
        "prominent media serving Ohio, where 610 residents were affected (more than 500), and HHS through its breach "
        "portal, because 500 or more people were affected. Media in Indiana, with 30 residents affected, are not "
        "required. Had only 420 people been affected, HHS would instead get the breach in the annual log, due March "
        "1, 2027, 60 days after the end of 2026.")
def hipaa_breach_deadlines() -> str:
    import matplotlib.dates as mdates

    from revcycle.compliance.deid import HHS_THRESHOLD, MEDIA_THRESHOLD, NOTICE_DAYS, breach_notices
    from workbook.site.book_values import BREACH_DISCOVERED, BREACH_RESIDENTS, SMALL_BREACH

    big = breach_notices(BREACH_DISCOVERED, BREACH_RESIDENTS)
    small = breach_notices(BREACH_DISCOVERED, SMALL_BREACH)
    year_end = date(small.discovered.year, 12, 31)
    rows: list[tuple[str, date | None, str]] = [(f"Each affected patient ({big.affected:,})", big.individuals_by, "")]
    for state, n in big.residents.items():
        rows.append((f"Media serving {state} ({n:,} residents)", big.media_by if state in big.media_states else None,
                     f"not required: {n:,} is not more than {MEDIA_THRESHOLD}"))
    rows.append((f"HHS breach portal ({big.affected:,} \N{GREATER-THAN OR EQUAL TO} {HHS_THRESHOLD})",
                 big.hhs_by if big.hhs_with_individuals else None, "annual log instead"))
    rows.append((f"HHS annual log, had {small.affected} been affected",
                 None if small.hhs_with_individuals else small.hhs_by, "with the individual notices instead"))
    num = mdates.date2num
    fig = charts.new(8.8, 3.4)
    ax = fig.add_subplot()
    day0 = num(big.discovered)
    for y, (_name, due, why_not) in zip(range(len(rows) - 1, -1, -1), rows, strict=True):
        if due is None:
            ax.text(day0 + 3, y, why_not, va="center", fontsize=9, color="#52606d", style="italic")
            continue
        if due > big.individuals_by:  # the annual log: held to the year's end, then the 60 days run
            ax.barh(y, num(year_end) - day0, left=day0, height=0.5, color="#fff8e1", edgecolor="#b26a00",
                    hatch="..")
            ax.text((day0 + num(year_end)) / 2, y, "logged with the year's small breaches", ha="center",
                    va="center", fontsize=8, color="#7a4a00",
                    bbox={"facecolor": "#fff8e1", "edgecolor": "none", "pad": 1})
            start = num(year_end)
        else:
            start = day0
        ax.barh(y, num(due) - start, left=start, height=0.5, color="#1565c0")
        ax.text((start + num(due)) / 2, y, f"{NOTICE_DAYS} days", ha="center", va="center", color="white",
                fontsize=9, fontweight="bold")
        ax.text(num(due) + 3, y, f"by {_day(due)}", va="center", fontsize=9, fontweight="bold")
    ax.axvline(day0, color="#52606d", linewidth=1)
    ax.text(day0, len(rows) - 0.45, f" discovered {_day(big.discovered)} (day 0)", fontsize=9, color="#52606d")
    ax.axvline(num(year_end), color="#ad1457", linestyle="--", linewidth=1.2)
    ax.text(num(year_end), len(rows) - 0.45, f" end of {year_end.year}", fontsize=9, color="#ad1457")
    charts.date_rows(ax, [name for name, _, _ in rows], day0 - 12, num(small.hhs_by) + 62)
    return charts.to_svg(fig, "Worked example 1: who must be told about the stolen laptop, and by when")


# ------------------------------------------------------------------------------------------------ fraud and abuse

@figure("fraud-laws", FRAUD,
        "A grid comparing four federal laws. The False Claims Act covers anyone who knowingly presents a false claim "
        "or keeps an overpayment, where knowingly includes reckless disregard; it brings treble damages plus a "
        "penalty of $14,308 to $28,619 per claim. The Anti-Kickback Statute covers anyone on either side of "
        "something of value given for federal program referrals; it needs knowing and willful intent and is a "
        "felony with up to $100,000 and 10 years, with safe harbors as protection. The Stark Law covers physicians "
        "referring Medicare designated health services to entities they have a financial relationship with; it is "
        "strict liability, its claims are not payable, and exceptions must be met. Exclusion bars people and "
        "organizations from federal programs, which then pay nothing for what they furnish, order or prescribe; "
        "employers check the LEIE.")
def fraud_laws() -> str:
    from revcycle.compliance.audit import FCA_PENALTY_MAX, FCA_PENALTY_MIN

    return grid(
        "Four federal laws side by side",
        [Step("False Claims Act", tone=0), Step("Anti-Kickback Statute", tone=3), Step("Stark Law", tone=4),
         Step("Exclusion", tone=6)],
        [
            ("What it targets", [
                Step("False claims", "presenting one, causing one, or keeping an overpayment", 0),
                Step("Kickbacks", "anything of value for federal program referrals", 3),
                Step("Self-referral", "Medicare designated health services to an entity the physician has a "
                     "financial tie with", 4),
                Step("Barred people and entities", "kept out of federal health care programs", 6),
            ]),
            ("Who", [
                Step("Anyone", "who submits a claim or causes one", 0),
                Step("Anyone", "on either side of the deal", 3),
                Step("Physicians", "and their immediate family, and the entities they refer to", 4),
                Step("People and entities OIG bars", "and employers who hire them", 6),
            ]),
            ("Intent", [
                Step("Knowingly", "including deliberate ignorance and reckless disregard", 0),
                Step("Knowing and willful", "no need to know of the law itself", 3),
                Step("None needed", "strict liability", 4),
                Step("Grounds, not intent", "mandatory (5+ years) after certain convictions; otherwise "
                     "permissive", 6),
            ]),
            ("Consequences", [
                Step("Treble damages", f"plus ${FCA_PENALTY_MIN:,} to ${FCA_PENALTY_MAX:,} per claim", 0),
                Step("Felony", "up to $100,000 and 10 years; penalties, exclusion, FCA", 3),
                Step("Not payable", "refunds; penalties for knowing violations", 4),
                Step("No federal payment", "penalties for an employer who knew or should have known", 6),
            ]),
            ("Protection", [
                Step("Self-report", "within 30 days and cooperate: damages can drop to double", 0),
                Step("Safe harbors", "meet every condition of one", 3),
                Step("Exceptions", "must be met, e.g. in-office ancillary services", 4),
                Step("Screen the LEIE", "before hiring, then at regular intervals", 6),
            ]),
        ],
        box_w=205, head_w=120,
    )


@figure("fraud-fca-exposure", FRAUD,
        "A stacked bar chart of worked example 1's False Claims Act range for 40 false claims that Medicare paid "
        "$120.00 each. Treble damages are $14,400.00 in both cases; the penalties are $572,320.00 at the lowest "
        "per-claim amount and $1,144,760.00 at the highest, for totals of $586,720.00 and $1,159,160.00. The "
        "damages are a thin sliver of each bar: the per-claim penalty drives the total.")
def fraud_fca_exposure() -> str:
    from revcycle.compliance.audit import fca_exposure
    from workbook.site.book_values import FCA_CLAIMS, FCA_PAID_PER_CLAIM

    x = fca_exposure(FCA_CLAIMS, FCA_PAID_PER_CLAIM)
    rows = [("Highest penalty", x.penalty_max, x.maximum), ("Lowest penalty", x.penalty_min, x.minimum)]
    fig = charts.new(8, 2.8)
    ax = fig.add_subplot()
    for y, (_name, penalties, total) in enumerate(rows):
        ax.barh(y, float(x.treble), color="#bf360c", height=0.5,
                label=f"treble damages ({_money(x.treble)})" if y == 0 else None)
        ax.barh(y, float(penalties), left=float(x.treble), color="#1565c0", height=0.5,
                label=f"penalties ({x.claims} claims)" if y == 0 else None)
        ax.text(float(total) * 1.01, y, f"total {_money(total)}", va="center", fontsize=10, fontweight="bold")
        ax.text(float(x.treble) + float(penalties) / 2, y, _money(penalties), va="center", ha="center",
                color="white", fontsize=10)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.set_xlim(0, float(x.maximum) * 1.3)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"${v / 1000:,.0f}k")
    ax.set_xlabel(f"Dollars at stake for {x.claims} false claims of {_money(FCA_PAID_PER_CLAIM)} "
                  f"(damages {_money(x.damages)}, trebled to {_money(x.treble)})")
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    charts.unframed(ax)
    return charts.to_svg(fig, "What 40 false claims can cost under the False Claims Act")


#: A synthetic day an overpayment is identified, and when two related investigations end: one within the limit,
#: one that runs past it.
OVERPAID_ON, INVESTIGATION_ENDS, LONG_INVESTIGATION_ENDS = date(2026, 3, 2), date(2026, 5, 31), date(2026, 10, 15)


@figure("fraud-overpayment-clock", FRAUD,
        "A timeline chart of the 60-day overpayment rule for an overpayment identified on March 2, 2026, in three "
        "cases. With no related investigation, it must be reported and returned by May 1, 2026. With a timely, "
        "good-faith investigation that ends on May 31, 2026, the deadline is suspended until then and falls on "
        "July 30, 2026. With an investigation still open on August 29, 2026, 180 days after identification, the "
        "suspension ends there anyway and the deadline is October 28, 2026, even though the investigation runs on "
        "to October 15.")
def fraud_overpayment_clock() -> str:
    import matplotlib.dates as mdates

    from revcycle.compliance.deadlines import MAX_SUSPENSION_DAYS, OVERPAYMENT_DAYS, overpayment_deadline

    cases = [
        ("No related investigation", overpayment_deadline(OVERPAID_ON)),
        (f"Investigation ends {_day(INVESTIGATION_ENDS, False)}",
         overpayment_deadline(OVERPAID_ON, investigation_ended=INVESTIGATION_ENDS)),
        (f"Investigation ends {_day(LONG_INVESTIGATION_ENDS, False)}",
         overpayment_deadline(OVERPAID_ON, investigation_ended=LONG_INVESTIGATION_ENDS)),
    ]
    fig = charts.new(8.6, 3.2)
    ax = fig.add_subplot()
    num = mdates.date2num
    for y, (_name, d) in zip(range(len(cases) - 1, -1, -1), cases, strict=True):
        if d.suspended:
            ax.barh(y, num(d.clock_starts) - num(d.identified), left=num(d.identified), height=0.5,
                    color="#fff8e1", edgecolor="#b26a00", hatch="..")
            ax.text((num(d.identified) + num(d.clock_starts)) / 2, y, "suspended", ha="center",
                    va="center", fontsize=9, color="#7a4a00", fontweight="bold",
                    bbox={"facecolor": "#fff8e1", "edgecolor": "none", "pad": 1})
        if d.suspension_capped and d.investigation_ended is not None:
            ax.plot([num(d.clock_starts), num(d.investigation_ended)], [y + 0.38, y + 0.38], color="#b26a00",
                    linestyle=":", linewidth=2)
            ax.text(num(d.investigation_ended), y + 0.38, " investigation goes on",
                    va="center", fontsize=8, color="#7a4a00")
        ax.barh(y, num(d.due) - num(d.clock_starts), left=num(d.clock_starts), height=0.5, color="#1565c0")
        ax.text((num(d.clock_starts) + num(d.due)) / 2, y, f"{OVERPAYMENT_DAYS} days", ha="center", va="center",
                color="white", fontsize=9, fontweight="bold")
        ax.text(num(d.due) + 3, y, f"due {_day(d.due)}", va="center", fontsize=9, fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}, zorder=3)
    cap = num(OVERPAID_ON) + MAX_SUSPENSION_DAYS
    ax.axvline(num(OVERPAID_ON), color="#52606d", linewidth=1)
    ax.axvline(cap, color="#ad1457", linestyle="--", linewidth=1.2)
    ax.text(num(OVERPAID_ON), len(cases) - 0.45, f" identified {_day(OVERPAID_ON)}", fontsize=9, color="#52606d")
    ax.text(cap, len(cases) - 0.45, f" {MAX_SUSPENSION_DAYS}-day limit on the suspension", fontsize=9,
            color="#ad1457")
    charts.date_rows(ax, [name for name, _ in cases], num(OVERPAID_ON) - 8, num(max(d.due for _, d in cases)) + 90)
    return charts.to_svg(fig, "When an identified overpayment must be reported and returned")


@figure("fraud-compliance-elements", FRAUD,
        "The seven elements of an effective compliance program from OIG's 2023 General Compliance Program Guidance, "
        "drawn as a loop: written policies and procedures; compliance leadership and oversight; training and "
        "education; effective lines of communication; enforcing standards; risk assessment, auditing and "
        "monitoring; and responding to detected offenses with corrective action, which leads back to the policies.")
def fraud_compliance_elements() -> str:
    steps = [
        Step("1. Written policies\nand procedures", "code of conduct; coding, refunds, exclusion screening", 0),
        Step("2. Compliance leadership\nand oversight", "compliance officer with access to the board", 4),
        Step("3. Training and education", "yearly training; coding updates", 1),
        Step("4. Effective lines\nof communication", "open door; anonymous hotline, no retaliation", 5),
        Step("5. Enforcing standards", "consistent consequences and incentives", 3),
        Step("6. Risk assessment,\nauditing and monitoring", "yearly risk assessment; coding audits; LEIE checks", 2),
        Step("7. Responding to detected\noffenses and corrective action", "investigate, repay, disclose, fix the "
             "cause", 6),
    ]
    return cycle("The seven elements of a compliance program", steps,
                 centre="OIG General Compliance Program Guidance (2023)", box_w=240, radius=240)


# ------------------------------------------------------------------------------------------------ audits

@figure("audits-contractors", AUDITS,
        "A grid comparing six reviewers of Medicare fee-for-service claims. The Medicare Administrative Contractor "
        "answers to CMS, reviews its own region's claims before or after payment, runs Targeted Probe and Educate "
        "(up to three rounds of 20 to 40 claims with education after each) and adjusts claims and collects "
        "overpayments for everyone. Recovery Audit Contractors answer to CMS, review paid claims on approved topics "
        "for a contingency fee and find over- and underpayments. CERT answers to CMS and samples claims nationally to "
        "measure the improper payment rate. UPICs answer to CMS and investigate suspected fraud, referring cases to "
        "law enforcement. The SMRC answers to CMS and reviews national topics CMS assigns. OIG is independent within "
        "HHS and audits, evaluates and investigates, publishing its Work Plan.")
def audits_contractors() -> str:
    return grid(
        "Who reviews Medicare claims",
        [Step("MAC", "Medicare Administrative Contractor", 0), Step("RAC", "Recovery Audit Contractor", 3),
         Step("CERT", "Comprehensive Error Rate Testing", 1), Step("UPIC", "Unified Program Integrity "
                                                                     "Contractor", 6),
         Step("SMRC", "Supplemental Medical Review Contractor", 4), Step("OIG", "Office of Inspector General", 2)],
        [
            ("Answers to", [Step("CMS", "", 0), Step("CMS", "", 3), Step("CMS", "", 1), Step("CMS", "", 6),
                            Step("CMS", "", 4), Step("HHS, independently", "reports to Congress too", 2)]),
            ("Looks at", [
                Step("Its region's claims", "data patterns, high denial rates", 0),
                Step("Paid claims", "topics CMS approves and the RAC posts", 3),
                Step("A national random sample", "no provider is targeted", 1),
                Step("Suspected fraud", "data, complaints, tips", 6),
                Step("National topics", "CMS assigns them", 4),
                Step("Its Work Plan's topics", "audits, evaluations, investigations", 2),
            ]),
            ("When", [
                Step("Before or after payment", "TPE: up to 3 rounds of 20-40 claims", 0),
                Step("After payment", "automated or complex review", 3),
                Step("After payment", "records due in 45 days", 1),
                Step("Any time", "", 6),
                Step("As CMS directs", "", 4),
                Step("After payment", "", 2),
            ]),
            ("What can follow", [
                Step("Denials, education", "referral to CMS; it adjusts and collects for all", 0),
                Step("Overpayment demand", "or an underpayment paid back", 3),
                Step("The improper payment rate", "and the sampled claim's correction", 1),
                Step("Referral to law enforcement", "or CMS action, such as a payment suspension", 6),
                Step("Overpayment", "recovered by the MAC", 4),
                Step("Recommendations, recoveries", "penalties, exclusion", 2),
            ]),
        ],
        box_w=172, head_w=110,
    )


@figure("audits-sampling-distribution", AUDITS,
        "A histogram chart of five hundred samples of one hundred claims drawn from the same synthetic universe of "
        "two thousand paid office visits, each projected to the universe. The point estimates, in blue, spread "
        "widely but centre on the true total overpayment, marked by a black line; the lower limits of the one-sided "
        "90 percent confidence intervals, in orange, sit to the left of it. The chart gives the share of lower "
        "limits at or below the true total, about nine in ten, and marks the worked example's own point estimate and "
        "lower limit with dashed lines.")
def audits_sampling_distribution() -> str:
    from revcycle.compliance.sampling import true_overpayment
    from workbook.site.book_values import audit_coverage, audit_full, audit_universe

    runs = audit_coverage()
    truth = float(true_overpayment(audit_universe()))
    example = audit_full()[1]
    points = [float(e.point_estimate) for e in runs]
    lowers = [float(e.lower_limit) for e in runs]
    covered = sum(1 for low in lowers if low <= truth) / len(lowers)
    fig = charts.new(8.6, 4.3)
    ax = fig.add_subplot()
    lo, hi = min(lowers + points), max(lowers + points)
    step = (hi - lo) / 40
    bins = [lo + k * step for k in range(41)]
    ax.hist(points, bins=bins, color="#1565c0", alpha=0.55, label=f"point estimates ({len(runs)} samples)")
    ax.hist(lowers, bins=bins, color="#e65100", alpha=0.55, label="lower limits (one-sided 90%)")
    ax.axvline(truth, color="#1f2933", linewidth=2)
    top = ax.get_ylim()[1] * 1.3
    ax.set_ylim(0, top)
    ax.text(truth + step, top * 0.97, f"true overpayment {_money(Decimal(str(truth)))}", fontsize=9, va="top",
            fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.text(truth + step, top * 0.88, f"lower limit at or below it in {100 * covered:.1f}% of samples", fontsize=9,
            va="top", color="#7a2e00", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.axvline(float(example.point_estimate), color="#1565c0", linestyle="--", linewidth=1.2,
               label=f"worked example: point {_money(example.point_estimate)}")
    ax.axvline(float(example.lower_limit), color="#e65100", linestyle="--", linewidth=1.2,
               label=f"worked example: lower limit {_money(example.lower_limit)}")
    ax.xaxis.set_major_formatter(lambda v, _pos: f"${v / 1000:,.0f}k")
    ax.set_xlabel("Projected overpayment for the universe")
    ax.set_ylabel("Samples")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False, fontsize=8)
    charts.unframed(ax)
    return charts.to_svg(fig, "Repeated samples: point estimates and lower limits against the true overpayment")


# ------------------------------------------------------------------------------------------------ privacy law in depth

PRIVACY = "regulations/privacy-law-in-depth"


@figure("privacy-penalty-tiers", PRIVACY,
        "A line chart, on a logarithmic dollar scale, of the HIPAA civil money penalty amounts from the HITECH Act's "
        "figures through each annual inflation adjustment the book ships, 2018 to 2025. Four lines give each tier's "
        "minimum per violation, from about one hundred dollars for a violation the entity did not know of to about "
        "fifty thousand dollars for uncorrected willful neglect; one line gives the shared maximum per violation of "
        "tiers 1 to 3, and the top line the calendar-year cap, which rises from 1.5 million to about 2.19 million "
        "dollars. Every line climbs slowly and in step, because each year multiplies all amounts by the same factor.")
def privacy_penalty_tiers() -> str:
    from revcycle.compliance import penalties

    rows = [penalties.STATUTORY, *penalties.ADJUSTMENTS]
    labels = ["HITECH\n(2009)", *(str(a.year) for a in penalties.ADJUSTMENTS)]
    xs = list(range(len(rows)))
    fig = charts.new(8.6, 4.4)
    ax = fig.add_subplot()
    colors = ("#1565c0", "#2e7d32", "#e65100", "#b71c1c")
    for n, color in enumerate(colors):
        ax.plot(xs, [float(r.tiers[n].minimum) for r in rows], marker="o", color=color,
                label=f"tier {n + 1} minimum ({penalties.TIERS[n]})")
    ax.plot(xs, [float(r.tiers[0].maximum) for r in rows], linestyle="--", color="#555555",
            label="maximum per violation, tiers 1-3")
    ax.plot(xs, [float(r.tiers[0].annual_cap) for r in rows], linestyle="-", linewidth=2.2, color="#1f2933",
            label="calendar-year cap (and tier 4 maximum)")
    ax.set_yscale("log")
    ax.set_xticks(xs, labels, fontsize=8)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"${v:,.0f}")
    last = rows[-1]
    for n in range(4):
        ax.annotate(f"${last.tiers[n].minimum:,}", (xs[-1], float(last.tiers[n].minimum)), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.annotate(f"${last.tiers[0].annual_cap:,}", (xs[-1], float(last.tiers[0].annual_cap)), xytext=(6, 0),
                textcoords="offset points", va="center", fontsize=8)
    ax.set_xlim(-0.3, xs[-1] + 1.2)
    ax.set_ylabel("Dollars (log scale)")
    ax.set_xlabel("Amounts in force: the statute, then each adjustment year")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False, fontsize=8)
    charts.unframed(ax)
    return charts.to_svg(fig, "HIPAA civil money penalty tiers, from the HITECH Act through each inflation adjustment")


@figure("privacy-yearly-caps", PRIVACY,
        "A bar chart for worked example 2, a risk analysis missing from July 2024 through March 2025 and counted as "
        "one uncorrected willful-neglect violation a day. For each calendar year it shows the penalty the daily "
        "minimum would reach without a cap, many millions of dollars, beside the regulation's calendar-year cap of "
        "about 2.19 million dollars that actually limits it and the lower 1.5 million dollar cap of the 2019 Notice "
        "of Enforcement Discretion. Each year has its own cap, so two years of violations cost two caps.")
def privacy_yearly_caps() -> str:
    from revcycle.compliance import penalties
    from workbook.site.book_values import privacy_ex2

    days, years = privacy_ex2()
    fig = charts.new(8.2, 3.6)
    ax = fig.add_subplot()
    width = 0.26
    notice = float(penalties.DISCRETION_CAPS[3])
    for i, e in enumerate(years):
        bars = [(float(e.uncapped_low), "#9e9e9e", "daily minimum x days, uncapped"),
                (float(e.high), "#b71c1c", "calendar-year cap (45 CFR 102.3)"),
                (notice, "#e65100", "2019 Notice's cap, as printed")]
        for k, (value, color, label) in enumerate(bars):
            ax.bar(i + (k - 1) * width, value, width, color=color, label=label if i == 0 else None)
            ax.text(i + (k - 1) * width, value, f"${value / 1e6:,.2f}M", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(days)), [f"{year}: {days[year]} days" for year in sorted(days)])
    ax.yaxis.set_major_formatter(lambda v, _pos: f"${v / 1e6:,.0f}M")
    ax.set_ylabel("Dollars")
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    charts.unframed(ax)
    return charts.to_svg(fig, "Worked example 2: each calendar year of a continuing violation has its own cap")
