"""Figures of the coding chapters: ICD-10-CM conventions, guidelines and yearly updates, CPT and E/M, HCPCS
Level II and modifiers, and ICD-10-PCS. Every code, title and threshold is read from the library on the day the
book is built (ICD-10-CM from the FY2027 release, in force from October 1, 2026)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import Step, anatomy, branches, decision, fields, flow, timeline

CONVENTIONS = "coding/icd10cm-conventions"
GUIDELINES = "coding/icd10cm-guidelines"
UPDATES = "coding/icd10cm-updates"
CPT_EM = "coding/cpt-em"
HCPCS = "coding/hcpcs-modifiers"
PCS = "coding/icd10pcs-overview"


def _on() -> str:
    """The first day of the release the book teaches (FY2027): every ICD-10-CM code is judged on it."""
    from revcycle.codes import icd10cm

    return icd10cm.PRIMARY.effective_from.isoformat()


def _title(code: str) -> str:
    """The FY2027 title of an ICD-10-CM code; a code that is not valid that day stops the build."""
    from revcycle.codes import icd10cm

    return icd10cm.title(code, on=_on())


def _billable(code: str) -> str:
    """The code itself, after checking that it can go on a claim for a FY2027 date of service."""
    from revcycle.codes import icd10cm

    status = icd10cm.status(code, on=_on())
    if not status.billable:
        raise ValueError(f"figure code {code} is not billable in FY2027: {status.message}")
    return status.code


def _seventh(code: str, char: str) -> str:
    """What a 7th character means for a code (from the tabular list's list at its category)."""
    from revcycle.codes import icd10cm

    options = icd10cm.describe(code, on=_on()).seventh_options
    return next(o.meaning for o in options if o.char == char)


def _characters(code: str) -> list[str]:
    return list(code)


def _position(code: str, index: int) -> int:
    """The character position (1-7) of code[index]: the decimal point is not a character of the code."""
    return len(code[:index + 1].replace(".", ""))


# ------------------------------------------------------------------------------------------------ conventions

@figure("icd10cm-code-anatomy", CONVENTIONS,
        "The code S52.521A drawn character by character with a bracket under each part: S52 is the category, "
        "Fracture of forearm; the fourth character 5 gives the site, the lower end of the radius; the fifth "
        "character 2 the type, a torus fracture; the sixth character 1 the side, the right radius; and the 7th "
        "character A the encounter, initial encounter for closed fracture.")
def icd10cm_code_anatomy() -> str:
    code = _billable("S52.521A")
    category, site, kind, side = code[:3], code[:5], code[:6], code[:7]
    return anatomy(
        f"Anatomy of an ICD-10-CM code: {code}",
        _characters(code),
        [
            (0, 2, f"category {category}", _title(category)),
            (4, 4, "site", _title(site)),
            (5, 5, "type of fracture", _title(kind)),
            (6, 6, "laterality", _title(side)),
            (7, 7, "7th character", _seventh(side, code[7])),
        ],
        cell=76, compact=True,
    )


@figure("icd10cm-placeholder-x", CONVENTIONS,
        "The code W19.XXXA drawn character by character: W19, Unspecified fall, is a complete category with no "
        "fourth, fifth or sixth character, so three placeholder X characters fill positions 4 to 6 and the 7th "
        "character A, initial encounter, stays in the seventh position.")
def icd10cm_placeholder_x() -> str:
    from revcycle.codes import icd10cm

    base = "W19"
    code = _billable(icd10cm.with_seventh(base, "A", on=_on()))
    fillers = [i for i, ch in enumerate(code) if ch == "X"]
    return anatomy(
        f"The placeholder X keeps the 7th character seventh: {code}",
        _characters(code),
        [
            (0, 2, f"category {base}", _title(base)),
            (fillers[0], fillers[-1], "placeholders X",
             f"empty positions {_position(code, fillers[0])} to {_position(code, fillers[-1])}, filled so "
             f"{code[-1]} lands seventh"),
            (len(code) - 1, len(code) - 1, "7th character", _seventh(base, code[-1])),
        ],
        cell=76, compact=True,
    )


@figure("icd10cm-index-to-tabular", CONVENTIONS,
        "A flow of six steps from a note to a confirmed code, using the urinary tract infection: find the main term "
        "for the condition in the Alphabetic Index (Infection), follow the subterm (urinary, with the nonessential "
        "modifier tract) to a tentative code, N39.0; then verify that code in the tabular list, read its "
        "instructional notes (its use additional code note asks for the organism, B96.20 for E. coli), and report "
        "every code to the last character the record supports.")
def icd10cm_index_to_tabular() -> str:
    from revcycle.codes import icd10cm

    entry = next(e for e in icd10cm.index_lookup("Infection urinary", on=_on()) if len(e.path) == 2)
    main, sub = entry.path
    code = _billable(entry.confirmed or entry.code)
    extra = icd10cm.describe(code, on=_on()).use_additional_code[0].text
    organism = _billable("B96.20")
    steps = [
        Step("1. Main term", f"the condition, not the body part: {main.split(',')[0]}", 4),
        Step("2. Subterm", f"{sub} {entry.nonessential}: changes the code; {entry.nonessential} is nonessential", 4),
        Step("3. Tentative code", f"the index points to {code}; it is not final yet", 4),
        Step("4. Verify in the tabular list", f"{code} {_title(code)}", 0),
        Step("5. Read the notes", f"use additional {extra.split(',')[0]}: {organism} for E. coli", 0),
        Step("6. Code to the last character", f"{code}, then {organism}: both billable, nothing below them", 1),
    ]
    return flow("From the Alphabetic Index to the tabular list", steps, columns=3, box_w=230,
                labels=["", "", "turn to the tabular list", "", ""])


# ------------------------------------------------------------------------------------------------ guidelines

@figure("icd10cm-guidelines-setting", GUIDELINES,
        "A diagram that starts from the question of the setting and splits in two. Outpatient encounters (office, "
        "emergency department, outpatient surgery, observation) follow Section IV, and the first code is the "
        "first-listed diagnosis, the reason chiefly responsible for the encounter. Inpatient admissions follow "
        "Sections II and III, and the first code is the principal diagnosis, established after study. Section I, "
        "the conventions and general and chapter-specific guidelines, applies to both.")
def icd10cm_guidelines_setting() -> str:
    return branches(
        "Which sections of the Official Guidelines apply?",
        Step("What setting is this?", "read the note's setting before choosing any code", 2),
        [
            [Step("Outpatient: Section IV", "office, emergency department, outpatient surgery, observation", 0),
             Step("First-listed diagnosis", "the reason chiefly responsible for the encounter", 0)],
            [Step("Inpatient: Sections II and III", "a patient formally admitted to the hospital", 4),
             Step("Principal diagnosis", "the condition established after study to be chiefly responsible", 4)],
        ],
        Step("Section I applies to both", "conventions (I.A), general (I.B) and chapter-specific (I.C) guidelines",
             1),
        box_w=290, gap=60,
    )


@figure("icd10cm-uncertain-diagnosis", GUIDELINES,
        "One note, \"probable pneumonia\", coded two ways. For an inpatient at discharge, Sections II.H and III.C "
        "say to code the condition as if established: J18.9, Pneumonia, unspecified organism. For an outpatient, "
        "Section IV.H says to code to the highest degree of certainty, the signs and symptoms: R05.1, Acute cough, "
        "and R50.9, Fever, unspecified.")
def icd10cm_uncertain_diagnosis() -> str:
    pneumonia = _billable("J18.9")
    cough, fever = _billable("R05.1"), _billable("R50.9")
    return branches(
        "An uncertain diagnosis: the setting decides",
        Step("\"Probable pneumonia\"", "the diagnosis is still uncertain at the end of care", 2),
        [
            [Step("Inpatient: Sections II.H, III.C", "code the condition as if it were established", 4),
             Step(pneumonia, _title(pneumonia), 4)],
            [Step("Outpatient: Section IV.H", "do not code it: code the symptoms, to the highest certainty", 0),
             Step(f"{cough} + {fever}", f"{_title(cough)}; {_title(fever)}", 0)],
        ],
        box_w=270, gap=60,
    )


@figure("icd10cm-injury-seventh", GUIDELINES,
        "A chain of questions for the 7th character of an injury code, using the Colles' fracture of the left "
        "radius. If the patient is receiving active treatment, the 7th character is A, initial encounter "
        "(S52.532A). If active treatment is over and the visit is routine care during healing, it is D, subsequent "
        "encounter (S52.532D). Otherwise the care is for a condition the injury left behind: S, sequela "
        "(S52.532S), coded after the sequela condition itself.")
def icd10cm_injury_seventh() -> str:
    base = "S52.532"

    def outcome(char: str) -> str:
        return f"{char}: {_seventh(base, char)} ({_billable(base + char)})"

    return decision(
        "The 7th character follows the care, not the calendar",
        [
            ("Is the patient receiving active treatment? (ED visit, surgery, a new physician's evaluation)",
             outcome("A")),
            ("Is active treatment over, and this routine care while it heals? (cast change, X-ray check)",
             outcome("D")),
        ],
        f"Care for a condition the injury left behind: {outcome('S')}, after the sequela condition",
        box_w=330, out_w=290,
    )


@figure("icd10cm-hypertension-combination", GUIDELINES,
        "A chain of questions for a patient with hypertension, asked in this order. With heart failure and chronic "
        "kidney disease: I13.0 for stage 1 to 4 or an unspecified stage, I13.2 for stage 5 or end stage renal "
        "disease, then the type of heart failure and the stage. With one of the other linked heart conditions "
        "(I51.4, I51.5, I51.7, I51.89, I51.9) and chronic kidney disease: I13.10, or I13.11 for stage 5 or end "
        "stage renal disease, then the stage. With heart disease only: I11.0 with heart failure, adding its type, "
        "or I11.9 without heart failure. With chronic kidney disease only: I12.9, or I12.0 for stage 5 or end "
        "stage renal disease, then the stage. With none of these, I10, Essential (primary) hypertension.")
def icd10cm_hypertension_combination() -> str:
    hf_ckd, hf_esrd, hd_ckd, hd_esrd, hf, hd, ckd, esrd, plain = (_billable(c) for c in (
        "I13.0", "I13.2", "I13.10", "I13.11", "I11.0", "I11.9", "I12.9", "I12.0", "I10"))
    linked = ", ".join(_billable(c) for c in ("I51.4", "I51.5", "I51.7", "I51.89", "I51.9"))
    return decision(
        "Hypertension with heart or kidney disease: the combination comes first",
        [
            ("Heart failure and chronic kidney disease?",
             f"{hf_ckd} (CKD stage 1-4 or unspecified) or {hf_esrd} (stage 5 or ESRD), then I50.- (type) and "
             "N18.- (stage)"),
            (f"Another linked heart condition ({linked}) and chronic kidney disease?",
             f"{hd_ckd} (CKD stage 1-4 or unspecified) or {hd_esrd} (stage 5 or ESRD), then N18.- (stage)"),
            ("Heart failure, or another linked heart condition?",
             f"{hf} with heart failure, then I50.- (type); {hd} without heart failure"),
            ("Chronic kidney disease?",
             f"{ckd} (stage 1-4 or unspecified) or {esrd} (stage 5 or ESRD), then N18.- (stage)"),
        ],
        f"{plain} {_title(plain)}",
        box_w=320, out_w=320,
    )


# ------------------------------------------------------------------------------------------------ updates

@figure("icd10cm-update-year", UPDATES,
        "A timeline of how the FY2027 release came to be and when it applies. While FY2026 is in force, proposals "
        "are sent before a meeting deadline, the Coordination and Maintenance Committee hears them in spring and "
        "fall, written comments follow and HHS decides, and CDC publishes the files and addenda. On September 30, "
        "2026, the last day of FY2026, I42.0 Dilated cardiomyopathy is billable; on October 1, 2026 FY2027 takes "
        "effect and I42.0 is a header, so I42.00 is reported. An update may take effect on April 1, and FY2027 "
        "runs to September 30, 2027.")
def icd10cm_update_year() -> str:
    from revcycle.codes import icd10cm
    from revcycle.codes.engine.icd10cm_release import long_date

    new = icd10cm.PRIMARY
    last_old = new.effective_from - timedelta(days=1)
    before = icd10cm.release(last_old)
    header = "I42.0"
    if icd10cm.status(header, on=last_old).verdict != "billable" or icd10cm.status(header, on=new.effective_from
                                                                                   ).verdict != "header":
        raise ValueError(f"{header} no longer shows the change on {long_date(new.effective_from)}")
    child = _billable("I42.00")
    end = new.effective_from.replace(year=new.effective_from.year + 1) - timedelta(days=1)  # the FY ends a year on

    def day(d: date) -> str:
        return f"{d:%b} {d.day}, {d.year}"

    return timeline(
        f"The {new.id} code-set year, and the date of service that picks the release",
        [
            ("Proposal", "sent before the next meeting's deadline"),
            ("Spring and fall", "C&M Committee hears proposals in public"),
            ("After the meeting", "written comments; HHS decides"),
            ("Files published", "CDC posts the release and its addenda"),
            (day(last_old), f"last day of {before.id}: {header} billable"),
            (day(new.effective_from), f"{new.id} in force: {header} a header, use {child}"),
            ("April 1", "a mid-year update, when there is one"),
            (day(end), f"last day of {new.id}"),
        ],
        spans=[(0, 3, "before October 1: proposed, decided, published"),
               (5, 7, f"dates of service coded with {new.id}")],
        width=1100,
    )


def _changes_by_chapter() -> tuple[list[tuple[int, str, str]], dict[str, dict[int, int]]]:
    """The FY2027 changes counted by chapter and kind, from the two releases' listings; the totals must equal
    the counts the chapter prints (workbook.site.book_values), or the build stops."""
    from revcycle.codes import icd10cm
    from workbook.site.book_values import ICD10CM_UPDATES

    first = icd10cm.PRIMARY.effective_from
    last = first - timedelta(days=1)
    chapter_of = {code: ch.number for day in (last, first) for ch in icd10cm.chapters(on=day)
                  for code in icd10cm.codes(chapter=ch.number, on=day)}
    old = {code: (title, billable) for code, title, billable in icd10cm.listing(last)}
    new = {code: (title, billable) for code, title, billable in icd10cm.listing(first)}
    kinds = {
        "added": [c for c, (_, b) in new.items() if b and not old.get(c, ("", False))[1]],
        "became-headers": [c for c, (_, b) in old.items() if b and c in new and not new[c][1]],
        "deleted": [c for c, (_, b) in old.items() if b and c not in new],
        "retitled": [c for c in old.keys() & new.keys() if old[c][0] != new[c][0]],
    }
    counts: dict[str, dict[int, int]] = {}
    for kind, found in kinds.items():
        if len(found) != ICD10CM_UPDATES[f"icd10cm-updates.{kind}"].value():
            raise ValueError(f"FY2027 changes of kind {kind!r} do not match the chapter's count")
        counts[kind] = {}
        for code in found:
            counts[kind][chapter_of[code]] = counts[kind].get(chapter_of[code], 0) + 1
    chapters = [(ch.number, ch.title, ch.span) for ch in icd10cm.chapters(on=first)
                if any(ch.number in by for by in counts.values())]
    return chapters, counts


def _short(title: str, limit: int = 40) -> str:
    """A chapter title cut at a word boundary to fit a chart's axis."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,") + "…"


@figure("icd10cm-fy2027-changes", UPDATES,
        "A horizontal stacked bar chart of the FY2027 ICD-10-CM changes by chapter of the tabular list, split into "
        "new billable codes, billable codes that became headers, billable codes deleted outright and revised "
        "titles, with the total of each kind in the legend, equal to the chapter's table. Chapter 19, injuries, "
        "has the most new codes and every deletion (the T52.8X solvent codes among them); chapters 15 (pregnancy) "
        "and 13 (musculoskeletal) follow, and most other chapters change by a handful of codes or not at all.")
def icd10cm_fy2027_changes() -> str:
    chapters, counts = _changes_by_chapter()
    kinds = [("added", "new billable codes", "#1565c0"), ("became-headers", "became headers", "#b26a00"),
             ("deleted", "deleted outright", "#ad1457"), ("retitled", "titles revised", "#7b8794")]
    fig = charts.new(8.6, 5.6)
    ax = fig.add_subplot()
    ys = list(range(len(chapters)))[::-1]
    left = [0] * len(chapters)
    for kind, label, color in kinds:
        values = [counts[kind].get(number, 0) for number, _, _ in chapters]
        ax.barh(ys, values, left=left, color=color, height=0.62,
                label=f"{label} ({sum(values)})")
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total in zip(ys, left, strict=True):
        ax.text(total + 0.8, y, str(total), va="center", fontsize=9, color="#1f2933")
    ax.set_yticks(ys, [f"{number}. {_short(title)} ({span})" for number, title, span in chapters], fontsize=9)
    ax.set_xlim(0, max(left) * 1.12)
    ax.set_xlabel("Changes (chapters with none are left out)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper right", fontsize=9, frameon=False)
    ax.set_title("What changed in ICD-10-CM on October 1, 2026, by chapter", fontsize=11, loc="left")
    return charts.to_svg(fig, "ICD-10-CM FY2027 changes by chapter and kind")


# ------------------------------------------------------------------------------------------------ CPT and E/M

@figure("em-level-choice", CPT_EM,
        "A diagram of how the level of an office visit is chosen. After deciding whether the patient is new or "
        "established, two paths run side by side. By medical decision making: rate the problems, the data and the "
        "risk, take the middle of the three levels, and find the code for it (worked example 1: moderate, 99214). "
        "By total time: only when the note states it, find the highest code whose minutes the time reaches "
        "(27 minutes, 99213). Both paths join: report the higher code, here 99214 by MDM.")
def em_level_choice() -> str:
    from revcycle.coding import em

    years = em.NEW_PATIENT_YEARS
    problems, data, risk, minutes = "moderate", "moderate", "moderate", 27  # worked example 1
    level = em.mdm_level(problems, data, risk)
    chosen = em.select_code("established", mdm=level, minutes=minutes)
    return branches(
        "Choosing the level of an office visit: MDM or total time",
        Step("New or established?", f"new: no service from the same specialty and group in {years} years", 2),
        [
            [Step("Rate three elements", "problems addressed, data reviewed, risk of management", 0),
             Step("MDM = the middle one", "the level at least two of the three reach", 0),
             Step("Code for that level", f"example 1: {level.label} MDM, {chosen.mdm_code}", 0)],
            [Step("Total time stated?", "the clinician's total time that day, written in the note", 4),
             Step("Highest code reached", f"example 1: {minutes} minutes, {chosen.time_code}", 4)],
        ],
        Step("Report the higher code", f"example 1: {chosen.code}, chosen by {chosen.basis}", 1),
        labels=["by MDM", "by time"],
        box_w=270, gap=70,
    )


@figure("em-time-thresholds", CPT_EM,
        "A chart of total minutes on the date of the visit, from 0 to 100, with two bands: new patients and "
        "established patients. Each band is divided at the minutes each office code needs: for new patients "
        "99202 from 15, 99203 from 30, 99204 from 45 and 99205 from 60; for established patients 99212 from 10, "
        "99213 from 20, 99214 from 30 and 99215 from 40. Medicare's prolonged-visit add-on G2212 starts at 89 "
        "minutes with 99205 and at 69 with 99215. Markers show worked example 1, 27 minutes for an established "
        "patient (99213), and worked example 2, 47 minutes for a new patient (99204).")
def em_time_thresholds() -> str:
    from revcycle.coding import em

    examples = {"established": (27, "example 1"), "new": (47, "example 2")}  # the worked examples' total time
    end = 100
    colors = ("#e3f2fd", "#bbdefb", "#90caf9", "#64b5f6")
    fig = charts.new(9, 3.3)
    ax = fig.add_subplot()
    rows = [("new", "New patient"), ("established", "Established patient")]
    for y, (kind, _) in zip((1, 0), rows, strict=True):
        codes = list(em.OFFICE_CODES[kind].values())
        starts = [em.TIME_THRESHOLDS[c] for c in codes]
        top = codes[-1]
        stops = [*starts[1:], em.PROLONGED_START[top]]
        ax.barh(y, starts[0], left=0, color="#f5f7fa", edgecolor="#cbd2d9", height=0.6)
        ax.text(starts[0] / 2, y, "none\nby time", ha="center", va="center", fontsize=7.5, color="#52606d")
        for code, a, b, color in zip(codes, starts, stops, colors, strict=True):
            ax.barh(y, b - a, left=a, color=color, edgecolor="#1565c0", height=0.6)
            ax.text((a + b) / 2, y, code, ha="center", va="center", fontsize=9.5, fontweight="bold",
                    color="#1f2933")
        prolonged = em.PROLONGED_START[top]
        ax.barh(y, end - prolonged, left=prolonged, color="#fff8e1", edgecolor="#b26a00", hatch="//", height=0.6)
        ax.text((prolonged + end) / 2, y, f"{top}\n+ {em.PROLONGED_CODE}", ha="center", va="center",
                fontsize=8.5, fontweight="bold", color="#7a4a00",
                bbox={"facecolor": "#fff8e1", "edgecolor": "none", "pad": 1})
        minutes, name = examples[kind]
        reached = em.code_for_time(kind, minutes)
        ax.plot([minutes], [y + 0.42], marker="v", color="#ad1457", markersize=9)
        ax.text(minutes, y + 0.52, f"{name}: {minutes} min, {reached}", ha="center", va="bottom", fontsize=8.5,
                color="#ad1457", fontweight="bold")
    ax.set_yticks([1, 0], [label for _, label in rows])
    ax.set_ylim(-0.45, 1.85)
    ax.set_xlim(0, end)
    ax.set_xticks(sorted({0, end, *em.TIME_THRESHOLDS.values(), *em.PROLONGED_START.values()}))
    ax.tick_params(axis="x", labelsize=8.5)
    ax.set_xlabel("Clinician's total minutes on the date of the visit")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return charts.to_svg(fig, "Office E/M codes by total time, with the prolonged-visit add-on")


# ------------------------------------------------------------------------------------------------ HCPCS and modifiers

@figure("hcpcs-claim-line", HCPCS,
        "A claim line from worked example 1 split into its fields: in item 24D the HCPCS code J0696, Injection, "
        "ceftriaxone sodium, per 250 mg (J for a drug given other than by mouth), then the modifier JZ, zero drug "
        "amount discarded, and three empty modifier places; in item 24G the units, 4, because 1 g is 1,000 mg and "
        "1,000 divided by 250 is 4.")
def hcpcs_claim_line() -> str:
    from revcycle.codes import drug_units, hcpcs

    code, modifier = "J0696", "JZ"
    if not hcpcs.is_valid(code) or hcpcs.modifier(modifier).terminated is not None:
        raise ValueError(f"{code}-{modifier} is not valid in the book's HCPCS file")
    per = drug_units.for_code(code)
    if per is None:
        raise ValueError(f"{code} names no amount per unit")
    dose, dose_unit = 1, "g"  # worked example 1: ceftriaxone 1 g from a single 1 g vial
    units = drug_units.billing_units(dose, dose_unit, per)
    milligrams = drug_units.convert(dose, dose_unit, "mg")
    return fields(
        f"One claim line: {code}-{modifier}, {units} units",
        [
            (code[0], "letter", "drugs given other than by mouth"),
            (code[1:], "drug", hcpcs.describe(code).description),
            (modifier, "modifier 1", hcpcs.modifier(modifier).description),
            ("", "modifier 2", ""),
            ("", "modifier 3", ""),
            ("", "modifier 4", ""),
            (" ", "", ""),
            (str(units), "units", f"{dose} {dose_unit} = {milligrams:,.0f} mg; {milligrams:,.0f} ÷ "
                                  f"{per.milligrams:,.0f} mg per unit, rounded up"),
        ],
        groups=[(0, 5, f"item 24D: the code {code} and up to four modifiers"), (7, 7, "item 24G")],
        box_min=112,
    )


@figure("modifier-em-with-procedure", HCPCS,
        "A chain of questions for an office visit on the same day as a procedure. If this visit is where the "
        "decision for surgery was made, the visit carries modifier 57; under Medicare payment policy that is only "
        "for the day before or the day of a major operation with a 90-day global period (CPT's own definition "
        "names no global period). If the visit also evaluated a significant, separately identifiable problem, "
        "beyond the usual check before the procedure, it carries modifier 25, as in worked example 2 where a knee "
        "injection (20610, a 0-day global period) came with a new blood-pressure work-up. Otherwise no separate "
        "visit is billed; modifiers 59 and XE, XS, XP, XU never go on an E/M code.")
def modifier_em_with_procedure() -> str:
    from revcycle.payment.fees import rvu_record

    procedure = "20610"
    days = rvu_record(procedure).global_days
    return decision(
        "A visit on the day of a procedure: 57, 25 or no visit at all?",
        [
            ("Decision for surgery made at this visit? (Medicare policy: only for a major, 90-day global "
             f"operation that day or the next; example 2: {procedure} has global {days}, so no)",
             "Modifier 57 on the E/M code"),
            ("Beyond the usual check before the procedure, was a significant, separate problem worked up? "
             "(example 2: the new high blood pressure, so yes)",
             "Modifier 25 on the E/M code; a different diagnosis alone is not enough"),
        ],
        "No separate E/M: the check is part of the procedure (and 59, XE, XS, XP or XU never go on an E/M)",
        box_w=400, out_w=290,
    )


@figure("ncci-ptp-modifier", HCPCS,
        "A chain of questions for two codes that form an NCCI procedure-to-procedure pair, billed by one provider "
        "for one patient on one day. If the pair's modifier indicator is 0, the column 2 code is denied and no "
        "modifier changes that. If the indicator is 1 and the documentation shows the services were separate (a "
        "different session, site, lesion or injury), an NCCI-associated modifier such as 59, XE, XS, XP, XU, LT or "
        "RT (25 or 57 on an E/M code) lets both be paid. Otherwise the column 2 code is denied, because its work is "
        "part of the column 1 service, and adding a modifier would be wrong.")
def ncci_ptp_modifier() -> str:
    return decision(
        "Two codes in an NCCI PTP pair: can a modifier help?",
        [
            ("Is the pair's modifier indicator 0?", "Column 2 denied: no modifier changes that"),
            ("Indicator 1: does the note show separate services (session, site, lesion or injury)?",
             "Add an NCCI-associated modifier (59 or XE/XS/XP/XU, LT/RT; 25 or 57 on an E/M): both may be paid"),
        ],
        "Column 2 denied: its work is part of the column 1 service; adding a modifier would be false",
        box_w=350, out_w=370,
    )


# ------------------------------------------------------------------------------------------------ ICD-10-PCS

@figure("icd10pcs-code-anatomy", PCS,
        "The ICD-10-PCS code 0SRC0J9 drawn character by character, each named below: 0 section, Medical and "
        "Surgical; S body system, Lower Joints; R root operation, Replacement; C body part, Knee Joint, Right; "
        "0 approach, Open; J device, Synthetic Substitute; 9 qualifier, Cemented. A bracket over the first three "
        "characters shows they name the table, 0SR, and one over the last four that they come from one row of it.")
def icd10pcs_code_anatomy() -> str:
    from revcycle.codes import pcs

    code = "0SRC0J9"
    chars = pcs.explain(code)
    groups = [(c.position - 1, c.position - 1, c.axis, c.meaning.split(":")[0]) for c in chars]
    groups += [(0, 2, f"the table: {code[:3]}", "section, body system and root operation"),
               (3, 6, "one row of the table", "body part, approach, device and qualifier")]
    return anatomy(f"Anatomy of an ICD-10-PCS code: {code}, {pcs.TEACHING_CODES[code].split(' (')[0]}",
                   _characters(code), groups, cell=96, caption_w=170, compact=True)


def _pcs_choice(position: int, value: str, name: str, example: str = "") -> str:
    """'T  Resection, e.g. 0DTJ4ZZ': a character value and its name, with the book's teaching code for it, checked
    to hold that value at that position (0-based) of the code."""
    from revcycle.codes import pcs

    if example and pcs.explain(example)[position].value != value:
        raise ValueError(f"{example} does not have {value} ({name}) as character {position + 1}")
    return f"{value}  {name}" + (f", e.g. {example}" if example else "")


@figure("icd10pcs-root-operation", PCS,
        "A chain of questions for choosing the root operation, the third character, from the objective of the "
        "procedure, asked in order: a device that takes the place of all or part of a body part is Replacement (R, "
        "as in the knee replacement 0SRC0J9); solid matter such as a clot or stone taken out is Extirpation (C); "
        "fluid or gas let out is Drainage (9); all of a body part cut out is Resection (T, the appendectomy "
        "0DTJ4ZZ); part of a body part cut out is Excision (B), with qualifier X for a biopsy (0DB68ZX); a device "
        "that does not take a body part's place is Insertion (H); otherwise compare the other root operations' "
        "definitions.")
def icd10pcs_root_operation() -> str:
    from revcycle.codes import pcs

    def op(value: str, example: str = "") -> str:
        return _pcs_choice(2, value, pcs.ROOT_OPERATIONS[value][0], example)

    return decision(
        "Root operation: what was the objective?",
        [
            ("Was the objective to put in a device that takes the place of all or part of a body part?",
             op("R", "0SRC0J9")),
            ("Was it to take solid matter, such as a clot or a stone, out of a body part?", op("C")),
            ("Was it to let out or take out fluid or gas?", op("9", "0W9G3ZZ")),
            ("Was it to cut out all of a body part, without replacing it?", op("T", "0DTJ4ZZ")),
            ("Was it to cut out part of a body part? (a biopsy adds qualifier X)", op("B", "0DB68ZX")),
            ("Was it to put in a device that does not take a body part's place?", op("H", "0BH17EZ")),
        ],
        "Compare the full definitions of the other root operations",
        box_w=330, out_w=280,
    )


@figure("icd10pcs-approach", PCS,
        "A chain of questions for the fifth character, the approach, asked in order: on the skin or by force "
        "through it, External (X); through an incision that exposes the site, Open (0, as in 0DTJ0ZZ); through "
        "the skin with a scope, Percutaneous Endoscopic (4, as in 0DTJ4ZZ); through the skin with a needle or "
        "catheter, Percutaneous (3, as in 02703DZ); through a natural or artificial opening helped by a "
        "laparoscope, F; through an opening with an endoscope, Via Natural or Artificial Opening Endoscopic (8, as "
        "in 0DB68ZX); otherwise through an opening without a scope, Via Natural or Artificial Opening (7, as in "
        "0BH17EZ).")
def icd10pcs_approach() -> str:
    from revcycle.codes import pcs

    def way(value: str, example: str = "") -> str:
        return _pcs_choice(4, value, pcs.APPROACHES[value], example)

    return decision(
        "Approach: how was the site reached?",
        [
            ("On the skin, or by force applied through it, with no incision?", way("X")),
            ("Through an incision that exposes the site?", way("0", "0DTJ0ZZ")),
            ("Through small cuts in the skin, with a scope (laparoscope, arthroscope)?", way("4", "0DTJ4ZZ")),
            ("Through the skin with a needle or catheter, no scope?", way("3", "02703DZ")),
            ("Through a natural or artificial opening, helped by a laparoscope?", way("F")),
            ("Through a natural or artificial opening, with an endoscope?", way("8", "0DB68ZX")),
        ],
        f"Through an opening, no scope: {way('7', '0BH17EZ')}",
        box_w=370, out_w=350,
    )


# ------------------------------------------------------------------------------------------ terminology and anatomy

TERMINOLOGY = "coding/medical-terminology-anatomy"
WORD_FIGURE = "esophagogastroduodenoscopy"


@figure("word-parts", TERMINOLOGY,
        "The word esophagogastroduodenoscopy drawn as a row of boxes, as the book's library splits it: the roots "
        "esophag (esophagus), gastr (stomach) and duoden (duodenum), each followed by a small combining vowel o, and "
        "the suffix scopy (looking inside with a scope). A bracket over the roots says what was examined and one over "
        "the suffix what was done.")
def word_parts() -> str:
    from revcycle.coding import terminology

    found = terminology.split(WORD_FIGURE)
    if not found.complete:
        raise ValueError(f"figure word {WORD_FIGURE!r} no longer splits into known parts: {found.message}")
    cells: list[tuple[str, str, str]] = []
    roots: list[int] = []
    for piece in found.pieces:
        assert piece.part is not None
        stem = piece.text[:len(piece.text) - len(piece.vowel)]
        if piece.part.kind == "root":
            roots.append(len(cells))
        cells.append((stem, f"{piece.part.kind} {piece.part.label}", piece.part.meaning))
        if piece.vowel:
            cells.append((piece.vowel, "", ""))
    suffix = len(cells) - 1
    return fields(
        f"{found.term}: {found.meaning}",
        cells,
        groups=[(roots[0], roots[-1] + 1, "what was examined: the roots, in order"),
                (suffix, suffix, "what was done")],
        box_min=120,
    )


@figure("gi-endoscopy-reach", TERMINOLOGY,
        "A chart with the twelve segments of the digestive tract across the bottom in order, esophagus, stomach, "
        "duodenum, jejunum, ileum, cecum, ascending, transverse, descending and sigmoid colon, rectum and anus, and "
        "one bar for each family of GI endoscopy showing the segments it reaches: esophagoscopy the esophagus only, "
        "EGD to the duodenum, enteroscopy to the jejunum, all from the mouth; from the anus, anoscopy the anus only, "
        "proctosigmoidoscopy and flexible sigmoidoscopy to the sigmoid colon, and colonoscopy to the cecum.")
def gi_endoscopy_reach() -> str:
    from revcycle.coding import terminology

    segments = terminology.GI_TRACT
    scopes = terminology.ENDOSCOPIES
    fig = charts.new(11.5, 4.6)
    ax = fig.add_subplot()
    colors = {"mouth": "#1f5fa8", "anus": "#b26a00"}
    for y, scope in enumerate(reversed(scopes)):
        spots = sorted(segments.index(s) for s in scope.reaches)
        first, last = spots[0], spots[-1]
        ax.barh(y, last - first + 0.8, left=first - 0.4, height=0.55, color=colors[scope.entry], alpha=0.85)
        tip = last if scope.entry == "mouth" else first
        ax.plot([tip], [y], marker="o", color="#ad1457", markersize=6)
        label_x = last + 0.55 if scope.entry == "mouth" else first - 0.55
        name = "EGD" if "(EGD)" in scope.family else scope.family
        ax.text(label_x, y, f"{name} ({scope.base_code})", va="center", fontsize=8.5,
                ha="left" if scope.entry == "mouth" else "right")
    ax.set_yticks([])
    ax.set_xticks(range(len(segments)), [s.replace(" colon", "\ncolon") for s in segments], fontsize=7.5)
    ax.set_xlim(-3.6, len(segments) + 2.6)
    ax.set_ylim(-0.7, len(scopes) - 0.3)
    ax.text(-0.4, len(scopes) - 0.45, "from the mouth", color=colors["mouth"], fontsize=9, fontweight="bold")
    ax.text(len(segments) - 0.6, -0.65, "from the anus", color=colors["anus"], fontsize=9, fontweight="bold",
            ha="right")
    charts.unframed(ax, "top", "right", "left")
    title = "How far each GI endoscopy family reaches (dot: the furthest segment, which sets the family)"
    ax.set_title(title, fontsize=10)
    return charts.to_svg(fig, title)


# ------------------------------------------------------------------------------------------------ modifiers, complete

MODIFIERS_PAGE = "coding/modifiers"
#: The decision procedure's questions, grouped as the chapter teaches them: (title, the engine's fields).
MODIFIER_STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("A visit beside a procedure?", ("postop", "separate_em", "decision_for_surgery")),
    ("Inside a global period?", ("postop",)),
    ("Part of the package, or a role?", ("split_care", "role", "multiple")),
    ("Where on the body?", ("site", "side")),
    ("Separate from another service?", ("distinct",)),
    ("Done as described?", ("effort",)),
    ("Which part? A repeat?", ("component", "repeat")),
    ("How delivered? What item?", ("telehealth", "drug", "physical_status", "measure_exception")),
    ("Who pays if it is denied?", ("requirements_met", "abn")),
)


#: The order the figure lists modifiers in; groups of anatomic and physical-status modifiers shown as one item.
_CANON = ("24", "25", "57", "58", "78", "79", "54", "55", "56", "62", "66", "80", "81", "82", "AS", "51",
          "F1-F9, FA", "T1-T9, TA", "E1-E4", "LC", "LD", "LM", "RC", "RI", "LT", "RT", "50", "XE", "XS", "XP", "XU",
          "59", "22", "52", "53", "73", "74", "26", "TC", "76", "77", "91", "95", "93", "JW", "JZ", "P1-P6", "1P",
          "2P", "3P", "8P", "KX", "GA", "GZ", "GY", "GX")


def _group(m: str) -> str:
    if len(m) == 2 and m[0] in "FT" and m != "TC":
        return f"{m[0]}1-{m[0]}9, {m[0]}A"
    if m in ("E1", "E2", "E3", "E4"):
        return "E1-E4"
    if m[0] == "P" and m[1].isdigit():
        return "P1-P6"
    return m


def _stage_modifiers(names: tuple[str, ...], em: bool) -> list[str]:
    """The modifiers the engine can choose for these questions (24/25/57 for the E/M stage), in a fixed order."""
    from revcycle.coding import modifiers

    mods = {_group(m) for n in names for m in modifiers._FIELD_MODS[n]}
    if em:
        mods &= {"24", "25", "57"}
    elif names == ("postop",):
        mods -= {"24"}
    return sorted(mods, key=_CANON.index)


@figure("modifier-decision-procedure", MODIFIERS_PAGE,
        "A flow of eleven boxes, read left to right and down, the order in which the chapter's decision procedure "
        "asks its questions. First, what kind of line it is. Then: a visit beside a procedure (24, 25, 57); inside "
        "a global period (58, 78, 79); part of the package or a role in surgery (54, 55, 56, 62, 66, 80, 81, 82, AS, "
        "51); where on the body (the finger, toe, eyelid and coronary modifiers, LT, RT, 50); separate from another "
        "service (XE, XS, XP, XU, then 59); done as described (22, 52, 53, 73, 74); which part and whether a repeat "
        "(26, TC, 76, 77, 91); how delivered and what item (95, 93, JW, JZ, P1 to P6, 1P to 8P); who pays if denied "
        "(KX, GA, GZ, GY, GX). Last, check the conflicts and put the pricing modifiers first.")
def modifier_decision_procedure() -> str:
    steps = [Step("What kind of line?", "E/M, procedure, test, lab, drug, anesthesia, therapy, Category II", 2)]
    for i, (title, names) in enumerate(MODIFIER_STAGES):
        mods = _stage_modifiers(names, em=(i == 0))
        steps.append(Step(title, ", ".join(mods), i % 2))
    steps.append(Step("Check and order", "no conflicting pair; pricing modifiers first (a convention)", 4))
    return flow("The modifier decision procedure, question by question", steps, columns=4, box_w=210, gap=40)


@figure("modifier-line-order", MODIFIERS_PAGE,
        "Two claim lines from worked example 1 split into their fields. The surgeon's line: the code 49505 (an "
        "inguinal hernia repair) and modifier 50, both sides in one session, in the first place because it changes "
        "the payment. The physician assistant's line: 49505, then 50, then AS, assistant at surgery by a physician "
        "assistant, nurse practitioner or clinical nurse specialist; both modifiers change the payment, and the "
        "procedure's other facts would follow them.")
def modifier_line_order() -> str:
    from revcycle.coding import modifiers

    d = modifiers.decide(kind="procedure", code="49505", side="both", role="npp_assistant")
    parts: list[tuple[str, str, str]] = [(d.facts.code, "code", "the procedure (item 24D)")]
    for i, c in enumerate(d.chosen, start=1):
        kind = "pricing" if c.pricing else "information"
        parts.append((c.modifier, f"modifier {i}", f"{kind}: {modifiers.modifier_meaning(c.modifier)[:70]}"))
    parts += [("", f"modifier {i}", "") for i in range(len(d.chosen) + 1, modifiers.MAX_ON_LINE + 1)]
    return fields(f"The assistant's line: {d.label()}, pricing modifiers first", parts,
                  groups=[(1, modifiers.MAX_ON_LINE, "up to four modifiers, pricing ones first by convention")],
                  box_min=150)


# ------------------------------------------------------------------------------------------------ E/M beyond the office

EM_BEYOND = "coding/em-beyond-office"


def _span(key: str) -> str:
    """A family's first and last code, as '99221-99223'."""
    from revcycle.coding import em_settings

    codes = sorted(set(em_settings.FAMILIES[key].codes.values()))
    return f"{codes[0]}-{codes[-1]}"


@figure("em-settings-map", EM_BEYOND,
        "A chain of yes-or-no questions from the setting of a visit to its E/M code family. Critical care for 30 "
        "minutes or more: 99291 and 99292 by time. Emergency department: 99282 to 99285 by MDM only. Hospital "
        "inpatient or observation: first day 99221 to 99223, later days 99231 to 99233, same-day stay 99234 to "
        "99236, discharge 99238 or 99239 by time. Nursing facility: 99304 to 99310. Home or residence: new 99341 to "
        "99345, established 99347 to 99350. A consultation at another clinician's request: 99242 to 99245 or 99252 "
        "to 99255, not paid by Medicare. Otherwise, the office codes.")
def em_settings_map() -> str:
    from revcycle.coding import em_settings as es

    questions = [
        (f"Critical illness, {es.CRITICAL_CARE_START}+ minutes of critical care?",
         "99291, then 99292 by minutes (CPT or Medicare count)"),
        ("Emergency department (POS 23)?", f"{_span('emergency')}, by MDM only"),
        ("Hospital inpatient or observation (POS 21, 22)?",
         f"first day {_span('hospital-initial')}; later {_span('hospital-subsequent')}; same day "
         f"{_span('hospital-same-day')}; discharge {'/'.join(es.DISCHARGE_CODES['hospital'])} by time"),
        ("Nursing facility (POS 31, 32)?",
         f"initial {_span('nursing-initial')}; later {_span('nursing-subsequent')}"),
        ("Home or residence (POS 12, 13, 14, 33)?",
         f"new {_span('home-new')}; established {_span('home-established')}"),
        ("Opinion asked by another clinician?",
         f"{_span('consult-outpatient')} or {_span('consult-inpatient')}; Medicare: the setting's visit code"),
    ]
    return decision("From the setting to the E/M code family", questions,
                    "Office or outpatient: 99202-99205 new, 99211-99215 established", box_w=300, out_w=380)


@figure("critical-care-units", EM_BEYOND,
        "A step chart of units of the critical care add-on 99292 against total critical care minutes from 0 to "
        "180. Both counts begin with 99291 at 30 minutes. Under CPT's count the first unit of 99292 comes at 75 "
        "minutes and another every 30 minutes (105, 135, 165); under Medicare's count the first comes at 104 and "
        "then 134 and 164. A marker at 110 minutes, worked example 2, reads two units under CPT and one under "
        "Medicare.")
def critical_care_units() -> str:
    from revcycle.coding import em_settings as es

    minutes = list(range(0, 181))
    example = 110  # worked example 2's total minutes
    fig = charts.new(9, 3.6)
    ax = fig.add_subplot()
    for payer, color, label in (("cpt", "#1565c0", "CPT's count"), ("medicare", "#ad1457", "Medicare's count")):
        units = [sum(ln.units for ln in es.critical_care_lines(m, payer) if ln.code == "99292") for m in minutes]
        ax.step(minutes, units, where="post", color=color, linewidth=2, label=label)
        at = sum(ln.units for ln in es.critical_care_lines(example, payer) if ln.code == "99292")
        ax.plot([example], [at], marker="o", color=color, markersize=7)
    ax.axvline(es.CRITICAL_CARE_START, color="#52606d", linestyle=":", linewidth=1)
    ax.text(es.CRITICAL_CARE_START + 1, 2.2, "99291 from 30 min", fontsize=8.5, color="#52606d")
    ax.annotate(f"worked example 2: {example} min", (example, 1.5), fontsize=8.5, color="#1f2933")
    ax.set_xlim(0, 180)
    ax.set_ylim(-0.1, 4.4)
    ax.set_yticks([0, 1, 2, 3, 4])
    ax.set_xticks([0, 30, 75, 104, 134, 164, 180])
    ax.set_xlabel("Total critical care minutes on the date of service")
    ax.set_ylabel("Units of 99292")
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    charts.unframed(ax, "top", "right")
    return charts.titled(fig, ax, "Critical care add-on units: CPT's count and Medicare's")


# -------------------------------------------------------------------------------- pathology, laboratory, medicine
LAB_MEDICINE = "coding/lab-medicine"


@figure("infusion-hierarchy", LAB_MEDICINE,
        "A grid of the initial drug administration codes. Rows, from the top: chemotherapy, then therapeutic, "
        "prophylactic or diagnostic drugs, then hydration. Columns, from the left: infusion, push, injection. Each "
        "cell holds the initial code for that kind and route; hydration has an infusion code only. In a facility the "
        "initial service is the one highest and furthest left in the grid; the others become sequential, concurrent "
        "or added-hour lines.")
def infusion_hierarchy() -> str:
    from revcycle.coding import infusion
    from workbook.site.figures.svg import grid

    names = {"chemotherapy": "Chemotherapy", "therapeutic": "Therapeutic, prophylactic, diagnostic",
             "hydration": "Hydration"}
    columns = [Step(f"{route.title()}", "ranks " + ("first" if i == 0 else "second" if i == 1 else "third"), 2)
               for i, route in enumerate(infusion.ROUTES)]
    rows = []
    for tone, kind in enumerate(sorted(infusion.KINDS, key=lambda k: -infusion.RANK[k])):
        cells: list[Step | None] = []
        for route in infusion.ROUTES:
            code = infusion.CODES.get((kind, route, "initial"))
            added = [infusion.CODES[(kind, route, r)] for r in ("hour", "sequential") if (kind, route, r) in
                     infusion.CODES and infusion.CODES[(kind, route, r)] != code]
            cells.append(Step(f"initial {code}", ("then " + ", ".join(dict.fromkeys(added))) if added else "", tone)
                         if code else None)
        rows.append((names[kind], cells))
    return grid("The drug administration hierarchy: kind first, then route", columns, rows, box_w=170, head_w=150)


@figure("esrd-monthly-codes", LAB_MEDICINE,
        "A grid of the ESRD monthly service codes. Columns are the patient's age at the end of the month: under 2, 2 "
        "to 11, 12 to 19, and 20 or older. Rows are the kind of month: in-center with four or more face-to-face "
        "visits, with two or three, with one; home dialysis for a full month; and less than a full month, billed "
        "per day. Each cell holds the code that fits, from 90951 at the top left to 90970 at the bottom right.")
def esrd_monthly_codes() -> str:
    from typing import Any

    from revcycle.coding import medicine
    from workbook.site.figures.svg import grid

    ages = [low for low, _ in medicine.ESRD_AGE_BANDS]
    labels = ["under 2", "2 to 11", "12 to 19", "20 or older"]
    columns = [Step(f"Age {label}", "at the end of the month", 2) for label in labels]
    kinds: list[tuple[str, dict[str, Any]]] = [
             ("In-center, 4+ visits", {"visits": 4}), ("In-center, 2-3 visits", {"visits": 2}),
             ("In-center, 1 visit", {"visits": 1}), ("Home, full month", {"setting": "home"}),
             ("Part of a month", {"full_month": False, "days": 1})]
    rows = []
    for tone, (label, kwargs) in enumerate(kinds):
        cells: list[Step | None] = []
        for age in ages:
            code, _units = medicine.esrd_code(age, **kwargs)
            cells.append(Step(code, "per day" if not kwargs.get("full_month", True) else "once a month", tone % 2))
        rows.append((label, cells))
    return grid("ESRD monthly services: age at the end of the month, then visits", columns, rows, box_w=120,
                head_w=150)


# ------------------------------------------------------------------------------------------------ inpatient coding

INPATIENT_PAGE = "coding/inpatient-coding"


@figure("inpatient-grouping-steps", INPATIENT_PAGE,
        "Six boxes in order showing how the book's teaching grouper turns a coded inpatient stay into an MS-DRG and "
        "a payment: the principal diagnosis picks the family; each secondary diagnosis is looked up as an MCC, a CC "
        "or neither; a CC or MCC excluded with the principal diagnosis drops out; a hospital-acquired condition "
        "counts only with POA Y or W; the highest level left picks the MS-DRG; its Table 5 weight times the "
        "hospital's rate gives the operating payment.")
def inpatient_grouping_steps() -> str:
    return flow("From coded stay to MS-DRG (the teaching grouper)", [
        Step("1. Principal diagnosis", "picks the family: pneumonia 193-195, heart failure 291-293, sepsis 871-872"),
        Step("2. Each secondary code", "MCC (Table 6I), CC (Table 6J) or neither", 1),
        Step("3. CC exclusions", "a CC/MCC on the principal's exclusion list (Table 6K) counts as nothing", 1),
        Step("4. POA and HACs", "a hospital-acquired condition counts only when POA is Y or W", 1),
        Step("5. Highest level left", "MCC, else CC, else none: one MS-DRG of the family", 2),
        Step("6. Payment", "Table 5 weight x the hospital's wage-adjusted standardized amount", 2),
    ], columns=3, box_w=230)


@figure("inpatient-drg-weights", INPATIENT_PAGE,
        "A bar chart of the FY 2026 relative weights of the eight MS-DRGs the teaching grouper assigns, grouped by "
        "family: simple pneumonia 193, 194 and 195; heart failure 291, 292 and 293; sepsis 871 and 872. In each "
        "family the weight with an MCC is about twice the weight with no CC or MCC, and each bar is labelled with "
        "the national operating payment it gives at a wage index of 1.")
def inpatient_drg_weights() -> str:
    from revcycle.coding import inpatient
    from revcycle.payment import ipps

    fig = charts.new(8, 3.8)
    ax = fig.add_subplot()
    labels, weights, pays, colours = [], [], [], []
    palette = {"MCC": "#8c2d04", "CC": "#d94801", "non-CC": "#fdae6b"}
    for family in inpatient.FAMILIES.values():
        for severity in ("MCC", "CC", "non-CC"):
            drg = family.drg_for(severity)  # type: ignore[arg-type]
            if drg in labels:
                continue
            labels.append(drg)
            weights.append(float(ipps.drg(drg).weight))
            pays.append(ipps.operating_payment(drg).payment)
            colours.append(palette[severity])
    bars = ax.bar(labels, weights, color=colours)
    for bar, pay in zip(bars, pays, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.03, f"${pay:,.0f}", ha="center", fontsize=8)
    ax.set_ylabel("FY 2026 relative weight")
    ax.set_xlabel("MS-DRG (pneumonia 193-195, heart failure 291-293, sepsis 871-872)")
    ax.set_ylim(0, max(weights) * 1.18)
    charts.unframed(ax)
    return charts.titled(fig, ax, "Same diagnosis, different severity: Table 5 weights and national payments")


# ---------------------------------------------------------------- surgery I: skin and musculoskeletal (coding)

SURGERY_SKIN = "coding/surgery-skin-musculoskeletal"


@figure("excision-families", SURGERY_SKIN,
        "A grid of the six lesion excision code families. Columns are the site groups: trunk, arms or legs; scalp, "
        "neck, hands, feet or genitalia; face, ears, eyelids, nose, lips or mucous membrane. Rows are the behavior "
        "from the pathology report: benign, then malignant. Each cell gives the family's codes, from the smallest "
        "size bracket to the largest, and the six brackets of the excised diameter.")
def excision_families() -> str:
    from revcycle.coding.surgery import excision
    from workbook.site.figures.svg import grid

    groups = list(excision.SITE_GROUPS)
    columns = [Step(excision.SITE_GROUPS[g].capitalize(), "site group", 2) for g in groups]
    last = excision.BRACKETS[-1][1]
    rows = []
    for tone, behavior in enumerate(excision.BEHAVIORS):
        cells: list[Step | None] = []
        for g in groups:
            first = excision.EXCISION_SERIES[(behavior, g)]
            cells.append(Step(f"{first}-{first + last}", "six size brackets of lesion + 2 x margin", tone))
        rows.append((behavior.capitalize(), cells))
    return grid("Lesion excision: behavior picks the row, site the column, size the code", columns, rows,
                box_w=200, head_w=110)


@figure("fracture-treatment", SURGERY_SKIN,
        "A chain of yes-or-no questions for choosing a fracture treatment category. First: was the fracture site "
        "opened, or internal fixation placed through an incision? Yes means open treatment. If no: were pins or "
        "wires put across the fracture through the skin? Yes means percutaneous skeletal fixation. If no: was the "
        "fracture manipulated? Yes means closed treatment with manipulation; no means closed treatment without it. "
        "Whether the injury itself was an open or closed fracture is not one of the questions.")
def fracture_treatment() -> str:
    from revcycle.coding.surgery import fracture

    words = {"open": "Open treatment", "percutaneous fixation": "Percutaneous skeletal fixation",
             "closed with manipulation": "Closed treatment with manipulation",
             "closed without manipulation": "Closed treatment without manipulation"}

    def cat(**kw: object) -> str:
        return words[fracture.treatment(**kw).category]  # type: ignore[arg-type]

    return decision("Fracture care: the treatment decides the code, not the injury", [
        ("Was the fracture site opened, or internal fixation placed through an incision?",
         cat(site_opened=True, manipulated=True)),
        ("Were pins or wires put across the fracture through the skin, the site not opened?",
         cat(site_opened=False, manipulated=True, fixation="percutaneous")),
        ("Was the fracture manipulated?", cat(site_opened=False, manipulated=True)),
    ], cat(site_opened=False, manipulated=False))


@figure("global-days-skin-bone", SURGERY_SKIN,
        "A bar chart of how many codes the CY2026 physician fee schedule file lists under each global-days "
        "indicator, for the integumentary codes (10030 to 19499) and the musculoskeletal codes (20100 to 29999), "
        "side by side. Most musculoskeletal codes carry 090, the major-surgery period, while the skin codes spread "
        "across 000, 010 and 090, and both sections have many ZZZ add-on codes.")
def global_days_skin_bone() -> str:
    from revcycle.coding.surgery import package
    from workbook.site.book_values import SURG_SKIN_RANGES

    order = ("000", "010", "090", "ZZZ", "YYY", "XXX")
    fig = charts.new(8, 3.8)
    ax = fig.add_subplot()
    width = 0.38
    for i, (part, (low, high)) in enumerate(SURG_SKIN_RANGES.items()):
        mix = package.global_mix(low, high)
        xs = [j + (i - 0.5) * width for j in range(len(order))]
        counts = [mix.get(d, 0) for d in order]
        bars = ax.bar(xs, counts, width, label=f"{part} ({low}-{high})", color=("#1f77b4", "#ff7f0e")[i])
        ax.bar_label(bars, fontsize=8)
    ax.set_xticks(range(len(order)), order)
    ax.set_xlabel("GLOB DAYS in the CY2026 RVU file")
    ax.set_ylabel("Codes listed")
    ax.legend(frameon=False, fontsize=9)
    charts.unframed(ax)
    return charts.titled(fig, ax, "Global days of the skin and musculoskeletal codes, CY2026")


# ------------------------------------------------------------------------------- surgery by organ system (part 2)

ORGAN_PAGE = "coding/surgery-organ-systems"


@figure("vascular-family-orders", ORGAN_PAGE,
        "A tree of the book's teaching abdominal arteries, with the aorta on the left and each branch one column "
        "further right by its order: the celiac trunk, superior mesenteric and inferior mesenteric arteries are "
        "first order; the common hepatic, splenic and left gastric arteries second order; the proper hepatic and "
        "gastroduodenal arteries third order. The vessels of worked example 3 are highlighted, with the lines they "
        "give: 36247 for the proper hepatic artery and 36248 for the gastroduodenal artery.")
def vascular_family_orders() -> str:
    from revcycle.coding.surgery import vascular
    from workbook.site.book_values import ORGAN_CATHETER

    names = vascular.vessels()
    rows: dict[str, float] = {}
    leaves = [v for v in names if not any(vascular.TREE.get(w) == v for w in names)]
    for i, leaf in enumerate(leaves):
        rows[leaf] = float(i)
    for v in sorted(names, key=vascular.order, reverse=True):
        kids = [w for w in names if vascular.TREE.get(w) == v]
        if kids:
            rows[v] = sum(rows[k] for k in kids) / len(kids)
    fig = charts.new(10, 6.2)
    ax = fig.add_subplot()
    placed = set(ORGAN_CATHETER)
    for v in names:
        if v == vascular.AORTA:
            continue
        parent = vascular.TREE[v]
        ax.plot([vascular.order(parent), vascular.order(v)], [rows[parent], rows[v]],
                color="#ad1457" if v in placed and parent in placed else "#9aa5b1", linewidth=1.6, zorder=1)
    for v in names:
        on = v in placed
        ax.text(vascular.order(v), rows[v], v.replace(" artery", ""), ha="center", va="center", fontsize=7.5,
                color="white" if on else "#1b1b1b", zorder=2,
                bbox={"boxstyle": "round,pad=0.3", "fc": "#ad1457" if on else "#eef2f6", "ec": "#5f6b7a"})
    ax.set_xticks(range(5), ["aorta\n(nonselective 36200)", "first order\n36245", "second order\n36246",
                             "third order\n36247", "beyond third\n36247"], fontsize=8)
    ax.set_yticks([])
    ax.set_xlim(-0.6, 4.6)
    ax.invert_yaxis()
    charts.unframed(ax, "top", "right", "left")
    return charts.titled(fig, ax, "Vascular families by order; highlighted: worked example 3 (36247 + 36248)")


@figure("colonoscopy-coinsurance", ORGAN_PAGE,
        "A bar chart of what a Medicare patient pays as coinsurance, year by year from 2022 to 2030, when a screening "
        "colonoscopy turns into a snare polypectomy (45385, CY2026 facility amount in the chapter's Alabama "
        "locality): 20 percent in 2022, 15 percent from 2023 to 2026, 10 percent from 2027 to 2029, and nothing "
        "from 2030. A screening that finds nothing costs the patient nothing in every year.")
def colonoscopy_coinsurance() -> str:
    from revcycle.coding.surgery import endoscopy
    from workbook.site.book_values import _organ_allowed

    allowed = _organ_allowed("45385")
    years = list(range(2022, 2031))
    shares = [endoscopy.medicare_coinsurance_share(y) for y in years]
    pays = [float(allowed * s) for s in shares]
    fig = charts.new(8.5, 3.8)
    ax = fig.add_subplot()
    bars = ax.bar([str(y) for y in years], pays, color="#1f5fa8")
    for bar, share, pay in zip(bars, shares, pays, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, pay + 1, f"{int(share * 100)}%\n${pay:,.2f}", ha="center",
                fontsize=7.5)
    ax.set_ylabel("patient coinsurance")
    ax.set_ylim(0, max(pays) * 1.35)
    ax.yaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    charts.unframed(ax)
    return charts.titled(fig, ax, f"Screening turned polypectomy: the patient's share of {allowed:,.2f} dollars "
                                  "by year (SSA 1833(dd))")


# ------------------------------------------------------------------------------ icd10cm-pregnancy-injury-z

LIFE_PAGE = "coding/icd10cm-pregnancy-injury-z"


@figure("icd10cm-burn-rule-of-nines", LIFE_PAGE,
        "A horizontal bar chart of the adult rule of nines: head and neck 9 percent, each arm 9, anterior trunk 18, "
        "posterior trunk 18, each leg 18 and genitalia 1. For the burn of worked example 2 the bars show what was "
        "burned: the whole anterior trunk at second degree, the whole right arm at third degree and half of the left "
        "leg at third degree, 36 percent in all with 18 percent third degree, which gives extent code T31.31.")
def icd10cm_burn_rule_of_nines() -> str:
    from decimal import Decimal

    from revcycle.coding.guidelines import burns
    from workbook.site import book_values

    burned = {region: (degree, Decimal(part)) for region, degree, part, _ in book_values.LIFE_BURNS}
    ext = book_values.life_burn()["extent"]
    regions = list(burns.ADULT_SHARES)
    fig = charts.new(8, 3.6)
    ax = fig.add_subplot()
    colours = {2: "#fdae6b", 3: "#8c2d04"}
    for row, region in enumerate(reversed(regions)):
        share = float(burns.ADULT_SHARES[region])
        ax.barh(row, share, color="#e5e5e5", edgecolor="#999999")
        if region in burned:
            degree, part = burned[region]
            ax.barh(row, share * float(part), color=colours[degree])
        ax.text(share + 0.4, row, f"{share:.0f}%", va="center", fontsize=8)
    ax.set_yticks(range(len(regions)), list(reversed(regions)))
    ax.set_xlabel("Percent of total body surface (adult rule of nines); orange second degree, dark red third degree")
    ax.set_xlim(0, 21)
    charts.unframed(ax)
    return charts.titled(fig, ax, f"{ext.total}% of the body burned, {ext.third_degree}% third degree: {ext.code}")


@figure("icd10cm-drug-event-order", LIFE_PAGE,
        "A chain of questions for a drug that harmed a patient, using digoxin and a slow heart rate. If the drug was "
        "prescribed correctly and taken properly, it is an adverse effect: the slow heart rate R00.1 first, then "
        "T46.0X5A. If it was the wrong drug, the wrong dose, the wrong person or mixed with alcohol, it is a "
        "poisoning: T46.0X1A first, intent accidental unless the record says otherwise, then R00.1. If the patient "
        "took less than prescribed, it is underdosing: the condition that worsened first, then the T-code with 6, "
        "then the reason from Z91.1-.")
def icd10cm_drug_event_order() -> str:
    from workbook.site import book_values

    adverse = book_values.life_drug("adverse effect").codes
    poison = book_values.life_drug("poisoning").codes
    return decision(
        "Poisoning, adverse effect or underdosing: the column and the order",
        [
            ("Prescribed correctly and taken as directed, yet it harmed the patient?",
             f"Adverse effect column (character 5): the effect first, then the drug: {', '.join(adverse)}"),
            ("Wrong drug, wrong dose, wrong person, a drug not prescribed, or taken with alcohol?",
             f"Poisoning column by intent (accidental if not documented): {', '.join(poison)}"),
        ],
        "Less taken than prescribed: underdosing (character 6), never first: the condition, the T-code, then "
        "the reason (Z91.12-/Z91.13-/Z91.14-)",
        box_w=320, out_w=320,
    )


# ------------------------------------------------------------------------------------------------ organ systems

ORGAN_PAGE = "coding/icd10cm-organ-systems"


@figure("organ-mi-timing", ORGAN_PAGE,
        "A time line of one synthetic patient's heart attacks. Day 0: an NSTEMI, coded I21.4. Day 10: a new NSTEMI "
        "within four weeks of the first, coded I22.2 with I21.4 for the first. If the day 10 infarction were type "
        "2 instead, it would be I21.A1 with I21.4, never I22. Day 70: both are more than four weeks old and need "
        "no further care, so the history is I25.2, old myocardial infarction.")
def organ_mi_timing() -> str:
    from revcycle.coding.guidelines import circulatory as mi

    def codes(kind: str, days: int, earlier: tuple[str, int] | None = None) -> str:
        return " + ".join(mi.myocardial_infarction(kind, days, earlier=earlier, on=_on()).codes)

    return timeline("The four-week clock of an acute myocardial infarction", [
        ("Day 0", f"NSTEMI: {codes('NSTEMI', 0)}"),
        ("Day 10", f"a new NSTEMI: {codes('NSTEMI', 0, ('NSTEMI', 10))}"),
        ("Day 10, if type 2", f"{codes('type 2', 0, ('NSTEMI', 10))} (no I22 for type 2)"),
        (f"Day {mi.MI_ACUTE_DAYS}", "the first infarction's last acute day"),
        ("Day 70", f"old, no further care needed: {codes('NSTEMI', 60, ('NSTEMI', 70))}"),
    ], spans=[(0, 3, f"acute: I21/I22 for {mi.MI_ACUTE_DAYS} days from onset")])


@figure("organ-pressure-ulcer-code", ORGAN_PAGE,
        "The code L89.153 drawn character by character with a bracket under each part: L89 is the category, "
        "pressure ulcer; the fourth character 1 gives the region, the back; the fifth character 5 narrows it to "
        "the sacral region, which has no side; the sixth character 3 gives the stage, stage 3.")
def organ_pressure_ulcer_code() -> str:
    from revcycle.coding.guidelines import skin

    code = skin.pressure_ulcer("sacral region", 3, on=_on())
    return anatomy(
        f"A pressure ulcer code built from site and stage: {code}",
        _characters(code),
        [
            (0, 2, f"category {code[:3]}", _title(code[:3])),
            (4, 4, "region", _title(code[:5])),
            (5, 5, "site and side", _title(code[:6])),
            (6, 6, "stage", _title(code).rsplit(", ", 1)[-1]),
        ],
        cell=76, compact=True,
    )


# ----------------------------------------------------------------------------------- ICD-10-CM systemic conditions

SYSTEMIC = "coding/icd10cm-systemic-conditions"


def _sepsis(**kwargs: object) -> str:
    """The sequence revcycle.coding.guidelines.infections.sepsis returns for a case, as 'A41.51, R65.21, ...'."""
    from revcycle.coding.guidelines import infections

    return ", ".join(infections.sepsis(on=_on(), **kwargs).codes)  # type: ignore[arg-type]


@figure("systemic-sepsis-sequence", SYSTEMIC,
        "A chain of yes-or-no questions for sequencing sepsis, each answer showing the codes in order for a patient "
        "with E. coli sepsis from a urinary tract infection: did the sepsis follow a procedure (then T81.44XA "
        "first, and postprocedural septic shock as T81.12XA); did it develop after admission for the localized "
        "infection (then the urinary tract infection first); is there septic shock (R65.21 right after the sepsis "
        "code); is there organ dysfunction linked to the sepsis (R65.20); otherwise the sepsis code, then the "
        "localized infection.")
def systemic_sepsis_sequence() -> str:
    e_coli = {"organism": "E. coli", "localized": "N39.0"}
    return decision("Sequencing sepsis (E. coli sepsis from a urinary tract infection)", [
        ("Did the sepsis follow a procedure?", "Procedure first: " + _sepsis(organism="E. coli", shock=True,
                                                                           after_procedure=True) + " (with shock)"),
        ("Sepsis not present on admission; admitted for the UTI?", "UTI first: " + _sepsis(sepsis_poa=False,
                                                                                          **e_coli)),
        ("Septic shock documented?", _sepsis(shock=True, organ_dysfunction=["N17.9"], **e_coli)),
        ("Organ dysfunction the provider links to the sepsis?", _sepsis(organ_dysfunction=["N17.9"], **e_coli)),
    ], "Sepsis without organ dysfunction: " + _sepsis(**e_coli), box_w=300, out_w=300)


@figure("systemic-cancer-sequences", SYSTEMIC,
        "A table with one row per reason for a cancer encounter, for a synthetic patient with right upper lobe lung "
        "cancer and a brain metastasis: treatment of the cancer puts C34.11 first; treatment aimed only at the "
        "metastasis puts C79.31 first; chemotherapy, immunotherapy and radiation put Z51.11, Z51.12 or Z51.0 "
        "first; anemia of the cancer puts D63.0 after the cancer; anemia from chemotherapy puts D64.81 first and "
        "T45.1X5A last; dehydration puts E86.0 first; pain control puts G89.3 first.")
def systemic_cancer_sequences() -> str:
    from revcycle.coding.guidelines import neoplasms
    from workbook.site.figures.svg import grid

    reasons = [("Treating the cancer", "primary", "primary"), ("Treating the metastasis only", "secondary",
                                                               "secondary"),
               ("Chemotherapy", "chemotherapy", "primary"), ("Immunotherapy", "immunotherapy", "primary"),
               ("Radiation to the brain only", "radiation", "secondary"), ("Anemia of the cancer", "anemia",
                                                                            "primary"),
               ("Anemia from chemotherapy", "chemo-anemia", "primary"), ("Dehydration", "dehydration", "primary"),
               ("Pain control", "pain", "primary")]
    most = 4
    columns = [Step(f"Code {i + 1}", "first-listed" if i == 0 else "", 2) for i in range(most)]
    rows = []
    for label, reason, aim in reasons:
        coding = neoplasms.encounter("C34.11", secondary=["C79.31"], reason=reason, directed_at=aim, on=_on())
        cells: list[Step | None] = [Step(ln.code, ln.title if len(ln.title) < 90 else ln.title[:87] + "...",
                                         0 if ln.code[0] == "C" else 1) for ln in coding.lines]
        rows.append((label, cells + [None] * (most - len(cells))))
    return grid("One patient, nine reasons for the encounter: what comes first", columns, rows, box_w=170,
                head_w=170)


CASE_LAB = "coding/coding-case-lab"


@figure("case-lab-abstraction", CASE_LAB,
        "A flow in two rows. The first row is the coder's abstraction in five steps: read the whole note, find "
        "the reason for the encounter, list the services and the facts that choose their codes, look for gaps, "
        "then query the provider and code. The second row is the review the book's library runs on the coded "
        "case: the claim scrubber, the tabular notes, the modifier checks and the drug units check, each with what "
        "it judges.")
def case_lab_abstraction() -> str:
    from revcycle.coding import case_review

    steps = [Step("1. Read it all", "the whole note, addenda and results, before any code", 0),
             Step("2. Why they came", "the reason for the encounter: first-listed diagnosis", 0),
             Step("3. What was done", "services, sides, sizes, minutes, doses, who did it", 0),
             Step("4. Gaps?", "a fact a code needs is missing or contradicted", 0),
             Step("5. Query, then code", "ask the provider; code from the answer, never a guess", 0)]
    steps += [Step(name.capitalize(), what, 1) for name, what, _ in case_review.CHECKS]
    return flow("Abstract the note, then review the coded case", steps, columns=5, box_w=190, gap=36)


@figure("case-lab-miscoded", CASE_LAB,
        "A grid for worked case 1 coded badly. Rows are the case's places: the diagnoses and lines 1 to 3 (99214 "
        "without 25, 20610 with RT and 50, J1010 with 25 and 1 unit). Columns are the four checks of the case "
        "review. Each cell names what that check found there, such as a heading code, a bundled pair, contradictory "
        "modifiers, 25 on a drug, or 1 unit where the dose makes 40; empty cells found nothing.")
def case_lab_miscoded() -> str:
    from revcycle.coding import case_review
    from workbook.site.figures.svg import grid

    bad = case_review.review(case_review.EXAMPLES["miscoded"])
    names = [name for name, _, _ in case_review.CHECKS]
    columns = [Step(name.capitalize(), home, 2) for name, _, home in case_review.CHECKS]

    def column(check: str) -> int:
        return 0 if check.startswith("scrubber") else names.index(check)

    places = ["dx"] + [f"line {n}" for n in range(1, len(bad.case.lines) + 1)]
    labels = {"dx": "Diagnoses: " + ", ".join(bad.case.diagnoses)}
    labels |= {f"line {n}": f"Line {n}: {ln.label.removesuffix(' x 1')}" for n, ln in enumerate(bad.case.lines, 1)}
    rows = []
    for place in places:
        cells: list[Step | None] = [None] * len(columns)
        for f in bad.findings:
            if f.where.split(" ")[0] == "dx" and place == "dx" or f.where == place:
                short = re.sub(r" \([^()]*\)", "", re.sub(r"^(Item 21[A-L]|Line \d+): ", "", f.message))
                short = short.split("; ")[0].split(". ")[0].split(" (")[0].rstrip(".")
                short = short if len(short) <= 80 else short[:77] + "..."
                cells[column(f.check)] = Step(f.check.replace("scrubber ", ""), short, 0 if f.severity == "error"
                                              else 1)
        rows.append((labels[place], cells))
    return grid("Worked case 1 coded badly: what each check finds", columns, rows, box_w=200, head_w=170)
