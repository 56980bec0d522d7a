"""Figures of the careers chapters: the skills (each skill family in a coder's and a biller's day, the detail errors
software catches against the ones only a person catches, a bill explained), training and certification (the
credential map, the CEU rules, worked example 2's two cycles) and the outlook (the BLS figures the chapter quotes,
and where the entry roles lead)."""

from __future__ import annotations

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import Step, fan, grid

SKILLS = "careers/skills"
TRAINING = "careers/training-certification"
OUTLOOK = "careers/outlook"

BLUE, ORANGE, GREEN, GREY, PINK = "#1565c0", "#b26a00", "#2e7d32", "#52606d", "#ad1457"


def _plain(ax: object) -> None:
    charts.unframed(ax)


# ------------------------------------------------------------------------------------------------ skills

@figure("skills-map", SKILLS,
        "A grid of the four skill families against two roles. Attention to detail: the coder checks every character "
        "of a code, such as its full length and seventh character; the biller checks every field of a claim line, "
        "such as the NPI check digit, place of service and dates. Analytical thinking: the coder follows the Index, "
        "the Tabular List and the guidelines and can say why a code is right; the biller sorts denials by reason "
        "code and stage to find where money leaks. Communication: the coder writes neutral, compliant queries to "
        "providers; the biller works with payers by portal and phone and explains bills to patients. Technical "
        "proficiency: the coder reads the EHR and works in an encoder; the biller works in the practice management "
        "system, clearinghouse reports and spreadsheets.")
def skills_map() -> str:
    return grid(
        "Four skill families in a coder's and a biller's day",
        [Step("Coder", tone=0), Step("Biller", tone=1)],
        [
            ("Attention to detail", [
                Step("Every character of a code", "full length, seventh character, the right side", 0),
                Step("Every field of a claim line", "NPI check digit, place of service, dates, units", 1),
            ]),
            ("Analytical thinking", [
                Step("Index, Tabular, guidelines", "can say why a code is right", 0),
                Step("Patterns in denials", "sort by reason code and stage: where is money leaking?", 1),
            ]),
            ("Communication", [
                Step("Queries to providers", "evidence from the record, neutral, real choices, no money", 0),
                Step("Payers and patients", "calls that leave a trail; bills in plain words", 1),
            ]),
            ("Technical proficiency", [
                Step("EHR and encoder", "reads the record, looks up codes and edits", 0),
                Step("Billing system and reports", "claims, clearinghouse rejections, remittances, spreadsheets", 1),
            ]),
        ],
        box_w=260, head_w=120,
    )


#: A check's short name where it says less than the chapter's own words.
_PLAINER = {"units": "0 units cannot be billed"}


@figure("skills-detail-errors", SKILLS,
        "A grid of worked example 1's detail errors, field by field, in two columns. Invalid values that software "
        "catches: dates 10/28/2026 (in the future) and 06/02/2025 (past timely filing); place of service 98 (not "
        "assigned); procedure J1101 (not in the HCPCS file); diagnoses S52.521 and E11 (not billable); rendering NPI "
        "1588139989 (fails its check digit); 0 units. Valid but wrong values that only a person comparing the claim "
        "with the record catches: place of service 21, inpatient hospital, on line L9 for an office visit; a "
        "right-side code for a left wrist; a correct code on the wrong patient.")
def skills_detail_errors() -> str:
    from revcycle.claims.detail import FIELDS, check_batch, sample_batch

    lines = sample_batch()
    found = check_batch(lines)
    trap = next(ln for ln in lines if ln.line_id == "L9")
    valid_but_wrong = {
        "place of service": Step(f"{trap.line_id}: {trap.place_of_service}", "inpatient hospital, but the note "
                                 "describes an office visit", 4),
        "diagnosis": Step("A right-side code", "for a left wrist", 4),
    }
    rows: list[tuple[str, list[Step | None]]] = []
    for field in FIELDS:
        hits = [f for f in found if f.field == field]
        if not hits and field not in valid_but_wrong:
            continue
        invalid = None
        if hits:
            title = ", ".join(dict.fromkeys(f"{f.line_id}: {f.value}" for f in hits))
            checks = dict.fromkeys(_PLAINER.get(f.check, f.check) for f in hits)
            invalid = Step(title, "; ".join(checks), 3)
        rows.append((field[0].upper() + field[1:], [invalid, valid_but_wrong.get(field)]))
    rows.append(("Patient", [None, Step("A correct code", "on the wrong patient", 4)]))
    return grid(
        "Two kinds of detail error",
        [Step("Invalid value", "software catches it every time", 3),
         Step("Valid but wrong", "only a person comparing the claim with the record catches it", 4)],
        rows, box_w=300, head_w=130,
    )


@figure("skills-bill-explained", SKILLS,
        "A stacked bar of worked example 3's bill: the practice's charge of $150.00 splits into $76.15, Medicare's "
        "share (80 percent of its approved amount, before the 2 percent sequestration cut on the remittance), $19.04 "
        "of coinsurance the patient owes (20 percent), and "
        "$54.81 the practice writes off because its charge is above Medicare's approved amount of $95.19. A bracket "
        "marks the approved amount as the sum of the first two parts.")
def skills_bill_explained() -> str:
    from workbook.site.book_values import FIGURES, text

    def amount(key: str) -> float:
        return float(FIGURES[f"skills.{key}"].value())

    parts = [("payer-pays", "Medicare's share (80%,\nbefore the 2% cut)", BLUE),
             ("patient-pays", "Coinsurance:\npatient owes (20%)", ORANGE),
             ("contractual", "Written off by\nthe practice", "#9aa5b1")]
    fig = charts.new(8.4, 2.6)
    ax = fig.add_subplot()
    left = 0.0
    for key, label, color in parts:
        width = amount(key)
        ax.barh(0, width, left=left, color=color, height=0.5, edgecolor="white")
        ax.text(left + width / 2, 0, text(f"skills.{key}"), ha="center", va="center", color="white",
                fontweight="bold", fontsize=11)
        ax.text(left + width / 2, -0.36, label, ha="center", va="top", fontsize=9, color=GREY)
        left += width
    allowed, charge = amount("allowed"), amount("charge")
    ax.plot([0, 0, allowed, allowed], [0.3, 0.4, 0.4, 0.3], color=GREEN, linewidth=1.5)
    ax.text(allowed / 2, 0.45, f"Medicare's approved amount {text('skills.allowed')}", ha="center", va="bottom",
            fontsize=10, color=GREEN, fontweight="bold")
    ax.plot([0, 0, charge, charge], [0.62, 0.72, 0.72, 0.62], color=GREY, linewidth=1.5)
    ax.text(charge / 2, 0.77, f"The practice's charge {text('skills.charge')}", ha="center", va="bottom",
            fontsize=10, color=GREY, fontweight="bold")
    ax.set_ylim(-0.95, 1.05)
    ax.set_xlim(-2, charge + 2)
    ax.axis("off")
    return charts.to_svg(fig, "Worked example 3: where the charge went")


# ------------------------------------------------------------------------------------------------ training

#: The six credentials of the training chapter, with what the chapter says about preparing for each and its work:
#: (credential, (preparation, detail), (work, detail)).
_CREDENTIALS = (
    ("CPC", ("A coding course", "no experience needed to sit: CPC-A until it is shown"),
     ("Professional coding", "physician and other professional services: CPT, HCPCS, ICD-10-CM")),
    ("CPB", ("A certificate program", "or a diploma"),
     ("Billing", "coverage, regulations, the claim's life, denials")),
    ("CCA", ("High school diploma", "or equivalent; e.g. an AHIMA-approved coding program"),
     ("Entry-level coding", "in any setting, hospitals and practices alike")),
    ("CCS", ("Recommended", "coursework plus a year of coding, two years' experience, or a credential"),
     ("Mastery-level coding", "often in hospitals, inpatient and outpatient")),
    ("CBCS", ("A certificate program", "or a diploma"), ("Billing and coding", "entry level, in one credential")),
    ("RHIT", ("Associate HIM degree", "from a CAHIIM-accredited program"),
     ("HIM technician", "records, data quality, coding, privacy")),
)
_TONES = {"AAPC": 0, "AHIMA": 1, "NHA": 2}


@figure("training-credentials", TRAINING,
        "A grid of six credentials with how to prepare, the exam, the work it covers and the continuing education "
        "that keeps it. CPC from AAPC: a coding course, no experience needed to sit; 100 questions in 4 hours, 70% "
        "correct to pass; professional-services coding; 36 CEUs every two years. CPB from AAPC: a certificate "
        "program; 135 questions in 4 hours; billing; 36 CEUs. CCA from AHIMA: a high school diploma; 105 questions, "
        "90 scored, in 2 hours; entry-level coding in any setting; 20 CEUs. CCS from AHIMA: coursework plus a year, "
        "two years' experience or a credential recommended; scheduled through Pearson VUE; mastery-level coding, "
        "often in hospitals; 20 CEUs. CBCS from NHA: a certificate program; see NHA's page for the exam and renewal; "
        "billing and coding in one. RHIT from AHIMA: a CAHIIM-accredited associate HIM program; see AHIMA's page for "
        "the exam; HIM technician work; 20 CEUs.")
def training_credentials() -> str:
    from careers.ceu import CYCLE_MONTHS, EXAM_FORMATS, body_of, required_ceus
    from revcycle.core.errors import InputError

    years = CYCLE_MONTHS // 12
    rows: list[tuple[str, list[Step | None]]] = []
    for cred, (prepare, prepare_more), (work, work_more) in _CREDENTIALS:
        try:
            body = body_of(cred)
            keep = Step(f"{required_ceus([cred])[body]} CEUs", f"every {years} years")
        except InputError:  # outside the planner's sourced tables (the CBCS): the chapter sends readers to NHA
            body, keep = "NHA", Step("See NHA's page", "for its renewal rules")
        exam = EXAM_FORMATS.get(cred)
        if exam is not None:
            scored = f"{exam.scored} scored; " if exam.scored else ""
            mark = f"; {exam.pass_mark} to pass" if exam.pass_mark else ""
            test = Step(f"{exam.questions} questions", f"{scored}{exam.hours} hours{mark}")
        elif cred == "CCS":
            test = Step("Pearson VUE", "scheduled through it")
        else:
            test = Step(f"See {body}'s page", "this book could not confirm the format there" if body == "NHA"
                        else "for the current exam")
        tone = _TONES[body]
        cells = [Step(prepare, prepare_more), test, Step(work, work_more), keep]
        rows.append((f"{cred} ({body})", [Step(c.title, c.detail, tone) for c in cells]))
    return grid(
        "Six credentials: prepare, pass, work, keep",
        [Step("Prepare", tone=7), Step("The exam", tone=7), Step("The work", tone=7), Step("Keep it", tone=7)],
        rows, box_w=200, head_w=110,
    )


@figure("training-ceu-requirements", TRAINING,
        "A bar chart of continuing education units due every two years by the number of credentials held from one "
        "body. AAPC: 36 for one certification, 40 for two, 44 for three, 48 for four and 52 for five or more. "
        "AHIMA, starting from a 20-CEU credential such as the CCA: 20 for one, 30 for two, 40 for three and 50 for "
        "four, which is AHIMA's ceiling of 50.")
def training_ceu_requirements() -> str:
    from careers.ceu import AAPC_BY_COUNT, AHIMA_MAX, required_ceus

    aapc_order = ("CPC", "CPB", "COC", "CRC", "CPMA")  # any five AAPC credentials: AAPC counts, not which
    ahima_order = ("CCA", "CCS", "CCS-P", "RHIT")  # the RHIA would replace the RHIT, so four is the most here
    counts = list(AAPC_BY_COUNT)
    aapc = [required_ceus(aapc_order[:n])["AAPC"] for n in counts]
    ahima = [required_ceus(ahima_order[:n])["AHIMA"] if n <= len(ahima_order) else None for n in counts]
    fig = charts.new(8, 3.4)
    ax = fig.add_subplot()
    w = 0.38
    for i, (a, h) in enumerate(zip(aapc, ahima, strict=True)):
        ax.bar(i - w / 2, a, w, color=BLUE, label="AAPC" if i == 0 else None)
        ax.text(i - w / 2, a + 1, str(a), ha="center", fontsize=10, fontweight="bold", color=BLUE)
        if h is not None:
            ax.bar(i + w / 2, h, w, color=GREEN, label="AHIMA (from a 20-CEU credential)" if i == 0 else None)
            ax.text(i + w / 2, h + 1, str(h), ha="center", fontsize=10, fontweight="bold", color=GREEN)
    ax.axhline(AHIMA_MAX, color=GREEN, linestyle=":", linewidth=1.2)
    ax.text(0.5, AHIMA_MAX + 1, f"AHIMA's most: {AHIMA_MAX}", ha="center", fontsize=9, color=GREEN)
    ax.set_xticks(range(len(counts)), [f"{n} or more" if n == max(counts) else str(n) for n in counts])
    ax.set_xlabel("Credentials held from that body")
    ax.set_ylabel("CEUs every two years")
    ax.set_ylim(0, max(aapc) + 12)
    ax.legend(loc="upper left", bbox_to_anchor=(0, 1.12), ncol=2, frameon=False, fontsize=9)
    _plain(ax)
    return charts.to_svg(fig, "CEUs due every two years, by how many credentials you hold")


@figure("training-ceu-jordan", TRAINING,
        "Two charts of worked example 2, Jordan's CEU progress on February 28, 2027, each against an even pace. In "
        "the AAPC cycle (January 1, 2026 to December 31, 2027, 40 CEUs for the CPC and CPB), the CEUs earned stay "
        "below the straight line from 0 to 40; in the AHIMA cycle (March 14, 2026 to March 13, 2028, 20 CEUs for the "
        "CCS), they also stay below the line from 0 to 20. Jordan is behind on both.")
def training_ceu_jordan() -> str:
    import matplotlib.dates as mdates

    from careers.ceu import CYCLE_MONTHS, plan, progress_frame, synthetic_log
    from workbook.site.book_values import (
        JORDAN_AS_OF,
        JORDAN_CREDENTIALS,
        JORDAN_LOG_MONTHS,
        JORDAN_LOG_START,
        JORDAN_STARTS,
    )

    log = synthetic_log(JORDAN_LOG_START, months=JORDAN_LOG_MONTHS, seed=7)
    plans = plan(list(JORDAN_CREDENTIALS), JORDAN_STARTS, log, JORDAN_AS_OF)
    fig = charts.new(8.6, 3.3)
    axes = fig.subplots(1, len(plans), sharey=False)
    for ax, p in zip(axes, plans, strict=True):
        frame = progress_frame(p, log, JORDAN_AS_OF)
        ends = frame.loc[[0, CYCLE_MONTHS]]  # the even pace is a straight line from the cycle's start to its end
        ax.plot(ends["through"], ends["pace"], color=GREY, linestyle="--", linewidth=1.3, label="even pace")
        done = frame.dropna(subset=["earned"])
        ax.step(done["through"], done["earned"], where="post", color=BLUE if p.body == "AAPC" else GREEN,
                linewidth=2, label="earned")
        ax.plot(done["through"].iloc[-1:], done["earned"].iloc[-1:], "o", color=BLUE if p.body == "AAPC" else GREEN)
        ax.axvline(JORDAN_AS_OF, color=PINK, linewidth=1, linestyle=":")
        ax.text(JORDAN_AS_OF, p.required * 0.93, f" {JORDAN_AS_OF:%b %-d, %Y}:\n {p.earned:g} earned,\n"
                f" {p.remaining:g} to go", fontsize=8, color=PINK, va="top")
        ax.set_title(f"{p.body}: {p.required} CEUs by {p.cycle.end:%b %-d, %Y}", fontsize=10)
        ax.set_ylim(0, p.required * 1.05)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.tick_params(labelsize=8)
        _plain(ax)
    axes[0].set_ylabel("CEUs")
    axes[0].legend(loc="upper left", frameon=False, fontsize=8)
    return charts.to_svg(fig, "Worked example 2: Jordan's two CEU cycles against an even pace")


# ------------------------------------------------------------------------------------------------ outlook

@figure("outlook-numbers", OUTLOOK,
        "Two bar charts of the chapter's BLS figures. Left: medical records specialists held 194,800 jobs in 2024; "
        "a 7 percent projected change adds about 13,636, for roughly 208,000 jobs in 2034. Right: projected "
        "employment change for 2024-34: 8.4 percent for the healthcare and social assistance sector, 7 percent for "
        "medical records specialists and 3.1 percent for all occupations. The medical records specialists figures "
        "are marked verify in the book's data file.")
def outlook_numbers() -> str:
    from careers.outlook import figure as bls
    from careers.outlook import growth_frame, implied_change
    from workbook.site.book_values import text

    jobs = bls("29-2072", "employment")
    growth = bls("29-2072", "projected employment change")
    added = implied_change(jobs.value, growth.value)
    verify = " (verify)" if jobs.needs_verifying or growth.needs_verifying else ""
    fig = charts.new(8.8, 3.4)
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.5))
    base = float(jobs.value)
    left.bar(0, base, color="#90a4ae", width=0.55)
    left.bar(1, base, color="#90a4ae", width=0.55)
    left.bar(1, added, bottom=base, color=BLUE, width=0.55)
    left.text(0, base / 2, text("outlook.jobs"), ha="center", va="center", color="white", fontweight="bold",
              fontsize=10)
    left.text(1, base / 2, text("outlook.jobs"), ha="center", va="center", color="white", fontweight="bold",
              fontsize=10)
    left.text(1, base + added + 3000, f"+{text('outlook.added')} ({text('outlook.growth')}%)\n"
              f"\N{ALMOST EQUAL TO} {text('outlook.jobs-2034')}", ha="center", va="bottom", fontsize=9, color=BLUE,
              fontweight="bold")
    end_year = "20" + growth.period.split("-")[1]
    left.set_xticks([0, 1], [jobs.period, f"{end_year} (implied)"])
    left.set_ylim(0, (base + added) * 1.22)
    left.yaxis.set_major_formatter(lambda v, _pos: f"{v / 1000:,.0f}k")
    left.set_title(f"Medical records specialists: jobs{verify}", fontsize=10)
    _plain(left)

    rows = growth_frame().sort_values("percent")
    names = {"29-2072": "Medical records\nspecialists", "00-0000": "All occupations",
             "NAICS 62": "Healthcare and social\nassistance sector"}
    keys = {"29-2072": "outlook.growth", "00-0000": "outlook.growth-all", "NAICS 62": "outlook.growth-sector"}
    for y, row in enumerate(rows.itertuples()):
        mine = row.code == "29-2072"
        right.barh(y, row.percent, color=BLUE if mine else "#90a4ae", height=0.55)
        right.text(row.percent + 0.15, y, f"{text(keys[row.code])}%" + (" (verify)" if row.verify else ""),
                   va="center", fontsize=10, fontweight="bold" if mine else "normal")
    right.set_yticks(range(len(rows)), [names.get(c, w) for c, w in zip(rows["code"], rows["who"], strict=True)])
    right.set_xlim(0, rows["percent"].max() * 1.45)
    right.set_xlabel(f"Projected change in employment, {growth.period.replace('-', chr(0x2013))} (%)")
    right.tick_params(labelsize=9)
    _plain(right)
    return charts.to_svg(fig, "BLS figures for medical records specialists, with two yardsticks")


@figure("outlook-advancement", OUTLOOK,
        "A diagram of advancement from the entry roles, medical coder, billing specialist and health information "
        "technician, through experience plus a credential, to five destinations: deeper, a specialty coder in a "
        "surgical specialty or risk adjustment; sideways, a coding auditor with the CPMA (with a CPC, 40 CEUs every "
        "two years, 16 on auditing), a CDI specialist with the CDIP (30 CEUs a cycle) or a compliance officer with "
        "the CPCO (16 of the CEUs on compliance); and up, a revenue-cycle manager with the CPPM or the RHIA.")
def outlook_advancement() -> str:
    from careers.ceu import AAPC_SUBJECT_CEUS, AHIMA_SINGLE, required_ceus

    audit, audit_subject = AAPC_SUBJECT_CEUS["CPMA"]
    comply, comply_subject = AAPC_SUBJECT_CEUS["CPCO"]
    manage, _ = AAPC_SUBJECT_CEUS["CPPM"]
    with_cpc = required_ceus(["CPC", "CPMA"])["AAPC"]
    return fan(
        "Where the entry roles lead",
        [Step("Experience + a credential", "each credential adds its own CEUs", 2)],
        inputs=[Step("Medical coder", tone=0), Step("Billing specialist", tone=0),
                Step("Health information technician", tone=0)],
        outputs=[
            Step("Deeper: specialty coder", "a surgical specialty or risk adjustment", 1),
            Step("Sideways: coding auditor", f"CPMA: with a CPC, {with_cpc} CEUs, {audit} on {audit_subject}", 4),
            Step("Sideways: CDI specialist", "CCS or a clinical background, then the CDIP (30 CEUs a cycle)", 4),
            Step("Sideways: compliance officer", f"CPCO: {comply} of the CEUs on {comply_subject}", 4),
            Step("Up: revenue-cycle manager", f"CPPM ({manage} of the CEUs on practice management) or RHIA "
                 f"({AHIMA_SINGLE['RHIA']} CEUs)", 3),
        ],
        box_w=250, gap=60,
    )


# ------------------------------------------------------------------------------------------------ career paths

CAREER_PATHS = "careers/career-paths"


@figure("career-paths-map", CAREER_PATHS,
        "A map of moves from a learner to fourteen roles. From a training program: the CPC leads to a "
        "physician-practice coder, the CCA to an entry-level coder, the CPB or CBCS to a billing specialist, the RHIT "
        "to a health information technician and HFMA's CRCR to a patient access representative. Patient access leads "
        "to billing with the CPB; an entry-level coder to a hospital coder with the CCS or to a physician-practice "
        "coder with the CCS-P; a health information technician to a hospital coder with the CCS or to a CDI "
        "specialist with the CDIP. A physician-practice coder moves on with the COC (outpatient facility coder), the "
        "CIC (inpatient facility coder), the CRC (risk adjustment coder), the CPC-P (payer claims and coding "
        "reviewer) or the CPMA (coding auditor). A billing specialist moves on with the CPC-P or the CRCR "
        "(revenue-cycle representative), and a hospital coder with the CDIP (CDI specialist).")
def career_paths_map() -> str:
    from careers import paths

    fig = charts.new(11, 6.2)
    ax = fig.add_subplot()
    paths.draw(paths.paths_from("learner", steps=4), ax)
    return charts.titled(fig, ax, "From a training program to fourteen roles: each arrow is a credential")


@figure("career-paths-exams", CAREER_PATHS,
        "A bar chart of the exam formats the certifying bodies' pages confirmed. AAPC's CPC, COC, CRC and CPMA: 100 "
        "questions in 4 hours, about 2.4 minutes each. AAPC's CPB: 135 questions in 4 hours. AAPC's CIC: 40 questions "
        "plus 7 coding cases in 4 hours. AHIMA's CCA: 105 questions in 2 hours. The CPC-P, CCS, CCS-P, CDIP, "
        "CBCS and CRCR are left out: their formats could not be confirmed on the body's own page.")
def career_paths_exams() -> str:
    from careers.ceu import EXAM_FORMATS

    rows = sorted(EXAM_FORMATS.values(), key=lambda e: (-e.hours, e.questions, e.credential))
    fig = charts.new(8, 3.6)
    ax = fig.add_subplot()
    labels = [f"{e.credential} ({e.body})" for e in rows]
    bars = ax.barh(labels, [e.questions for e in rows], color=[BLUE if e.body == "AAPC" else GREEN for e in rows])
    notes = [f"{e.questions} questions" + (f" + {e.cases} cases" if e.cases else "") + f" in {e.hours} h, "
             f"{e.hours * 60 / (e.questions + (e.cases or 0)):.1f} min per item" for e in rows]
    ax.bar_label(bars, labels=notes, padding=4, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 260)
    ax.set_xlabel("questions on the exam")
    _plain(ax)
    return charts.titled(fig, ax, "Exam formats the bodies' pages confirmed")
