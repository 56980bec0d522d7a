"""Choosing the modifiers of one claim line: a decision procedure a learner can follow, question by question.

:class:`LineFacts` holds what the documentation says about a line (same-day visit and procedure, global period,
sides, distinct service, reduced or stopped, component, repeat, role in surgery, telehealth, the ABN, KX, drug
wastage, anesthesia physical status, a Category II exclusion). :func:`questions` lists the questions that apply, in
the order to ask them; :func:`decide` answers with the modifiers, a reason and a source for each, in the
conventional claim order (pricing modifiers first), the conflicts among them (:func:`conflicts`), and, for a code
in the CY2026 fee schedule file, a pricing hint from :mod:`revcycle.payment.surgery` (never priced here).

Every modifier this module can choose is in :data:`revcycle.codes.cpt.MODIFIERS` or the CMS HCPCS modifier file.
The wording is the book's own; where a rule is Medicare's payment policy, the reason says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from revcycle.codes import cpt, hcpcs
from revcycle.core.errors import InputError, RevcycleError

if TYPE_CHECKING:
    from revcycle.payment.surgery import PricedLine

__all__ = [
    "ANATOMIC_SITES", "KINDS", "MAX_ON_LINE", "PRICING_FIRST", "QUESTIONS", "SOURCES", "SURGERY_PRICED", "Choice",
    "Conflict", "Decision", "LineFacts", "PricingHint", "Question", "Step", "conflicts", "decide", "exists",
    "modifier_meaning", "order", "questions",
]

MAX_ON_LINE = 4  # CMS-1500 item 24D and the 837P take four modifiers on a line
KINDS: dict[str, str] = {
    "em": "an evaluation and management (E/M) visit",
    "procedure": "a surgical or other procedure",
    "test": "a diagnostic test with professional and technical parts (imaging, ECG)",
    "lab": "a clinical laboratory test",
    "drug": "a drug (a HCPCS J-code or similar)",
    "anesthesia": "an anesthesia service",
    "therapy": "outpatient physical, occupational or speech therapy",
    "quality": "a CPT Category II (quality measure) code",
}
#: Anatomic modifiers for a finger, a toe, an eyelid or a coronary artery (the HCPCS file's F*, T*, E1-E4, LC...).
ANATOMIC_SITES: tuple[str, ...] = (
    *(f"F{c}" for c in "A123456789"), *(f"T{c}" for c in "A123456789"), "E1", "E2", "E3", "E4",
    "LC", "LD", "LM", "RC", "RI",
)
#: Modifiers that change the amount paid: put first on the line by a common payer convention (not a CMS rule).
PRICING_FIRST: tuple[str, ...] = ("AA", "QK", "QY", "AD", "QX", "QZ",
                                  "22", "26", "TC", "50", "52", "53", "73", "74", "54", "55", "56", "62", "66",
                                  "78", "80", "81", "82", "AS", "51")
#: Modifiers revcycle.payment.surgery prices from the RVU file's indicators.
SURGERY_PRICED = frozenset({"26", "TC", "50", "54", "55", "56", "62", "66", "78", "80", "81", "82", "AS"})

MCPM12 = "Medicare Claims Processing Manual (Pub. 100-04), ch. 12"
SOURCES: dict[str, str] = {
    "22": f"{MCPM12}, sec. 40.2.A.10 and 20.4.6",
    "24": f"{MCPM12}, sec. 40.2",
    "25": f"{MCPM12}, sec. 30.6.6 and 40.2",
    "26": "CMS PFS relative value file RVU26C (PCTC indicator)",
    "TC": "CMS PFS relative value file RVU26C (PCTC indicator)",
    "50": f"{MCPM12}, sec. 40.7",
    "51": f"{MCPM12}, sec. 40.6",
    "52": f"{MCPM12}, sec. 20.4.6",
    "53": f"{MCPM12} (physician claim); CPT's modifier definitions",
    "54": f"{MCPM12}, sec. 40.2 and 40.4",
    "55": f"{MCPM12}, sec. 40.2 and 40.4",
    "56": f"{MCPM12}, sec. 40.2 and 40.4",
    "57": f"{MCPM12}, sec. 40.2 (Medicare: major surgery only)",
    "58": f"{MCPM12}, sec. 40.2",
    "59": "NCCI Policy Manual for Medicare Services, ch. I; CMS MLN1783722",
    "62": f"{MCPM12}, sec. 40.8",
    "66": f"{MCPM12}, sec. 40.8",
    "73": "Medicare Claims Processing Manual (Pub. 100-04), ch. 4 (OPPS), sec. 20.6.4",
    "74": "Medicare Claims Processing Manual (Pub. 100-04), ch. 4 (OPPS), sec. 20.6.4",
    "76": "CPT's modifier definitions",
    "77": "CPT's modifier definitions",
    "78": f"{MCPM12}, sec. 40.2 and 40.4",
    "79": f"{MCPM12}, sec. 40.2",
    "80": f"{MCPM12}, sec. 20.4.3",
    "81": f"{MCPM12}, sec. 20.4.3",
    "82": f"{MCPM12}, sec. 20.4.3",
    "AS": f"{MCPM12}, sec. 20.4.3",
    "91": "NCCI Policy Manual for Medicare Services, ch. I; CPT's modifier definitions",
    "95": f"{MCPM12}, sec. 190 (Medicare telehealth); CPT's modifier definitions",
    "93": f"{MCPM12}, sec. 190 (Medicare telehealth); CPT's modifier definitions",
    "KX": "Social Security Act sec. 1833(g) (therapy); the payer's policy",
    "JW": "Medicare Claims Processing Manual (Pub. 100-04), ch. 17, sec. 40",
    "JZ": "Medicare Claims Processing Manual (Pub. 100-04), ch. 17, sec. 40 (required from July 1, 2023)",
    "GA": "Medicare Claims Processing Manual (Pub. 100-04), ch. 30",
    "GX": "Medicare Claims Processing Manual (Pub. 100-04), ch. 30",
    "GY": "Medicare Claims Processing Manual (Pub. 100-04), ch. 30",
    "GZ": "Medicare Claims Processing Manual (Pub. 100-04), ch. 30",
    "X": "NCCI Policy Manual for Medicare Services, ch. I; CMS MLN1783722",
    "anatomic": "NCCI Policy Manual for Medicare Services, ch. I (anatomic modifiers)",
    "P": "CPT's anesthesia physical status modifiers",
    "anesthesia": "42 CFR 414.46; Medicare Claims Processing Manual (Pub. 100-04), ch. 12, sec. 50 and 140",
    "cat2": "CPT Category II performance measurement modifiers",
}


def exists(modifier: str) -> bool:
    """True if ``modifier`` is a CPT modifier the book summarizes or a HCPCS Level II modifier in the CMS file."""
    m = modifier.strip().upper()
    if m in cpt.MODIFIERS:
        return True
    try:
        hcpcs.modifier(m)
    except RevcycleError:
        return False
    return True


def modifier_meaning(modifier: str) -> str:
    """The book's summary of a CPT modifier, or the CMS description of a HCPCS Level II one."""
    m = modifier.strip().upper()
    if m in cpt.MODIFIERS:
        return cpt.MODIFIERS[m]
    return hcpcs.modifier(m).description


# --------------------------------------------------------------------------------------------------- the facts


@dataclass(frozen=True)
class LineFacts:
    """What the documentation says about one claim line; every field has a neutral default ("" or False)."""

    kind: str = "procedure"
    code: str = ""  # the line's procedure code, for a pricing hint (optional)
    medicare: bool = True
    claim: str = "professional"  # "professional" (CMS-1500) or "facility" (hospital outpatient or ASC)
    same_day_procedure: bool = False  # E/M: a procedure by the same clinician the same day
    decision_for_surgery: bool = False  # E/M: this visit decided on the operation
    major_surgery: bool = False  # E/M: that operation has a 90-day global period
    separate_em: bool = False  # E/M: significant and separately identifiable beyond the procedure's usual work
    postop: str = ""  # inside another operation's global period: how it relates to it
    split_care: str = ""  # surgical_only (54), postop_only (55), preop_only (56)
    role: str = ""  # assistant (80), minimum_assistant (81), no_resident (82), npp_assistant (AS), co_surgeon, team
    multiple: bool = False  # a second or later procedure of the same session
    site: str = ""  # an anatomic modifier: finger, toe, eyelid or coronary artery
    side: str = ""  # left, right, both
    distinct: str = ""  # encounter (XE), structure (XS), practitioner (XP), unusual (XU), other (59)
    effort: str = ""  # increased (22), reduced (52), discontinued (53, or 73/74 on a facility claim)
    after_anesthesia: bool = False  # a discontinued facility procedure: anesthesia had been given or it had begun
    component: str = ""  # professional (26), technical (TC)
    repeat: str = ""  # same_clinician (76), other_clinician (77), lab_test (91)
    telehealth: str = ""  # audio_video (95), audio_only (93)
    requirements_met: bool = False  # KX: the payer's policy requirements (e.g. the therapy threshold) are met
    drug: str = ""  # single-dose: none_discarded (JZ), discarded_line (JW); multi_dose (neither)
    anesthesia_role: str = ""  # anesthesia payment modifier: personal (AA), direct_one (QY), direct_concurrent (QK),
    # supervise (AD), crna_directed (QX), crna_alone (QZ); the shares are revcycle.payment.anesthesia's
    physical_status: int = 0  # anesthesia: 1-6 (P1-P6)
    measure_exception: str = ""  # Category II: medical (1P), patient (2P), system (3P), unspecified (8P)
    abn: str = ""  # Medicare liability: signed (GA), none (GZ), excluded (GY), excluded_voluntary (GY and GX)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "code":
                if not isinstance(value, str):
                    raise InputError(f"code must be text such as '27447', not {type(value).__name__}.")
                object.__setattr__(self, "code", value.strip().upper())
                continue
            q = _BY_FIELD.get(f.name)
            if q is None:
                continue
            allowed = [v for v, _label in q.options]
            if isinstance(value, str) and not isinstance(allowed[0], bool):
                value = value.strip().upper() if f.name == "site" else value.strip().lower()
                object.__setattr__(self, f.name, value)
            if value not in allowed or type(value) is not type(allowed[0]):
                shown = ", ".join(repr(v) for v in allowed)
                raise InputError(f"{f.name} = {value!r} is not one of the answers: {shown}.")

    def answers(self) -> dict[str, Any]:
        """The facts as a plain dict (field -> value)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# ------------------------------------------------------------------------------------------------ the questions


@dataclass(frozen=True)
class Question:
    """One question of the procedure: the fact it sets, its wording, its answers, and when it is asked."""

    field: str
    prompt: str
    options: tuple[tuple[Any, str], ...]
    applies: Callable[[LineFacts], bool]


YES_NO: tuple[tuple[Any, str], ...] = ((False, "no"), (True, "yes"))
_PROC = ("procedure", "test")


def _kinds(*kinds: str) -> Callable[[LineFacts], bool]:
    return lambda f: f.kind in kinds


QUESTIONS: tuple[Question, ...] = (
    Question("kind", "What kind of service is the line?", tuple(KINDS.items()), lambda f: True),
    Question("medicare", "Is the payer Original Medicare (fee-for-service)?", YES_NO, lambda f: True),
    Question("claim", "Whose claim is it?",
             (("professional", "the clinician's (CMS-1500 / 837P)"),
              ("facility", "the hospital outpatient department's or ASC's (UB-04 / 837I)")),
             _kinds(*_PROC)),
    # E/M beside procedures
    Question("postop", "Is the visit inside a global period of an operation by the same clinician (or group and "
             "specialty)? How does it relate to the operation?",
             (("", "not inside a global period"), ("related_visit", "a follow-up of the operation"),
              ("unrelated_visit", "a problem unrelated to the operation")), _kinds("em")),
    Question("same_day_procedure", "Did the same clinician do a procedure on the same day (or, for a major "
             "operation, the next day)?", YES_NO, lambda f: f.kind == "em" and f.postop != "related_visit"),
    Question("decision_for_surgery", "Was the decision to operate made at this visit?", YES_NO,
             lambda f: f.kind == "em" and f.same_day_procedure and f.postop != "related_visit"),
    Question("major_surgery", "Is that operation major, with a 90-day global period (GLOB DAYS 090)?", YES_NO,
             lambda f: f.kind == "em" and f.same_day_procedure and f.decision_for_surgery
             and f.postop != "related_visit"),
    Question("separate_em", "Beyond the usual check before the procedure, did the visit work up a significant, "
             "separately identifiable problem (documented on its own)?", YES_NO,
             lambda f: f.kind == "em" and f.same_day_procedure and f.postop != "related_visit"
             and not (f.decision_for_surgery and (f.major_surgery or not f.medicare))),
    # procedures in a global period, split care, roles
    Question("postop", "Is the procedure inside the global period of an earlier operation by the same clinician? "
             "How does it relate to it?",
             (("", "not inside a global period"), ("staged", "planned or staged, more extensive, or therapy after a "
              "diagnostic procedure"), ("return_to_or", "an unplanned return to the operating room for a "
              "complication"), ("unrelated_procedure", "unrelated to the earlier operation")),
             _kinds("procedure")),
    Question("split_care", "Did this clinician provide only part of the global package?",
             (("", "the whole package (or no package)"), ("surgical_only", "the operation only (another clinician "
              "gives the follow-up)"), ("postop_only", "the follow-up care only"),
              ("preop_only", "the care before the operation only")), _kinds("procedure")),
    Question("role", "In what role did this clinician bill the operation?",
             (("", "the surgeon"), ("assistant", "assistant surgeon, throughout"),
              ("minimum_assistant", "assistant surgeon, for a short part only"),
              ("no_resident", "assistant surgeon in a teaching hospital with no qualified resident available"),
              ("npp_assistant", "a PA, NP or CNS as the assistant at surgery"),
              ("co_surgeon", "one of two co-surgeons, each doing a distinct part"),
              ("team", "a member of a surgical team of three or more")),
             lambda f: f.kind == "procedure" and f.claim == "professional"),
    Question("multiple", "Is this a second or later procedure of the same operative session?", YES_NO,
             lambda f: f.kind == "procedure" and f.claim == "professional"),
    # where on the body
    Question("site", "Was it done on a finger, a toe, an eyelid or a coronary artery? Which one?",
             (("", "none of these"), *((m, m) for m in ANATOMIC_SITES)), _kinds(*_PROC)),
    Question("side", "Was it done on a paired body part? Which side?",
             (("", "not a paired part, or the code names the side"), ("left", "left"), ("right", "right"),
              ("both", "both sides in the same session")),
             lambda f: f.kind in _PROC and not f.site),
    # separate services
    Question("distinct", "Is there an NCCI pair with another service billed that day, and was this service "
             "truly separate? How?",
             (("", "no pair, or not separate"), ("encounter", "a separate encounter"),
              ("structure", "a separate organ or structure"), ("practitioner", "a different practitioner"),
              ("unusual", "an unusual service that does not overlap the other"),
              ("other", "separate in another documented way (lesion, injury, session) no X modifier names")),
             _kinds(*_PROC)),
    # how much was done
    Question("effort", "Was the service done as the code describes?",
             (("", "yes, as described"), ("increased", "substantially more work than usual (documented)"),
              ("reduced", "the clinician chose to do less than the code describes"),
              ("discontinued", "stopped after it began, for the patient's safety")), _kinds(*_PROC)),
    Question("after_anesthesia", "Had anesthesia been given, or the procedure begun, before it was stopped?",
             YES_NO, lambda f: f.kind in _PROC and f.effort == "discontinued" and f.claim == "facility"),
    Question("component", "Which part of the service does this claim bill?",
             (("", "both parts (global)"), ("professional", "the reading and report only"),
              ("technical", "the equipment, staff and supplies only")),
             lambda f: f.kind in _PROC and f.claim == "professional"),
    Question("repeat", "Is it a repeat of the same service?",
             (("", "no"), ("same_clinician", "repeated by the same clinician"),
              ("other_clinician", "repeated by another clinician")), _kinds(*_PROC)),
    Question("repeat", "Is it a repeat of the same laboratory test that day to get a new result for the patient's "
             "care?", (("", "no (or a rerun to confirm a result or after a specimen or equipment problem)"),
                       ("lab_test", "yes, a new result was needed")), _kinds("lab")),
    Question("telehealth", "Was it delivered by telehealth? How?",
             (("", "in person"), ("audio_video", "real-time audio and video"), ("audio_only", "real-time audio only")),
             _kinds("em", "therapy")),
    Question("drug", "Is the drug from a single-dose container? What happened to the rest?",
             (("", "not a single-dose container question"), ("none_discarded", "single-dose: nothing was discarded"),
              ("discarded_line", "single-dose: this line reports the amount discarded"),
              ("multi_dose", "a multi-dose container")), _kinds("drug")),
    Question("anesthesia_role", "Who gave the anesthesia, and how was an anesthesiologist involved?",
             (("", "not yet chosen"), ("personal", "the anesthesiologist alone, personally"),
              ("direct_one", "the anesthesiologist directing one CRNA (this is the anesthesiologist's line)"),
              ("direct_concurrent", "the anesthesiologist directing two to four concurrent cases (their line)"),
              ("supervise", "the anesthesiologist supervising more than four concurrent cases (their line)"),
              ("crna_directed", "a CRNA or anesthesiologist assistant under medical direction (their line)"),
              ("crna_alone", "a CRNA with no medical direction")), _kinds("anesthesia")),
    Question("physical_status", "What physical status did the anesthesia provider assign?",
             ((0, "not yet chosen"), *((n, f"P{n}") for n in range(1, 7))), _kinds("anesthesia")),
    Question("measure_exception", "Was the measure's action left undone? For what kind of reason?",
             (("", "no: the action was done (no modifier)"), ("medical", "a medical reason"),
              ("patient", "a reason of the patient's"), ("system", "a system reason"),
              ("unspecified", "not done, reason not otherwise given")), _kinds("quality")),
    Question("requirements_met", "Does the payer's policy ask for an attestation that its requirements are met "
             "(for Medicare therapy, care above the yearly threshold), and are they met and documented?", YES_NO,
             _kinds("therapy", "procedure", "drug")),
    Question("abn", "Does Medicare's liability question arise? What notice was given?",
             (("", "no: Medicare is expected to pay"), ("signed", "an ABN was required and the patient signed it"),
              ("none", "a denial as not reasonable and necessary is expected, and no ABN was given"),
              ("excluded", "the service is excluded by law, not a Medicare benefit"),
              ("excluded_voluntary", "excluded by law, and a voluntary notice was given")),
             lambda f: f.kind != "quality"),
)
_BY_FIELD: dict[str, Question] = {}
for _q in QUESTIONS:  # a field asked in two wordings (postop, repeat) checks against the union of their answers
    if _q.field in _BY_FIELD:
        merged = tuple(dict((*_q.options, *_BY_FIELD[_q.field].options)).items())  # by value, first wording wins
        _BY_FIELD[_q.field] = Question(_q.field, _q.prompt, merged, _q.applies)
    else:
        _BY_FIELD[_q.field] = _q


def questions(facts: LineFacts | None = None) -> list[Question]:
    """The questions that apply to ``facts``, in the order to ask them (all kinds' first two when None)."""
    f = facts or LineFacts()
    return [q for q in QUESTIONS if q.applies(f)]


# ------------------------------------------------------------------------------------------------ the decision


@dataclass(frozen=True)
class Step:
    """One question asked, the answer given, and what it decided."""

    field: str
    question: str
    answer: str
    outcome: str


@dataclass(frozen=True)
class Choice:
    """A modifier chosen for the line, why, and the source of the rule."""

    modifier: str
    reason: str
    source: str

    @property
    def pricing(self) -> bool:
        return self.modifier in PRICING_FIRST


@dataclass(frozen=True)
class Conflict:
    """Two or more modifiers (or a modifier and the kind of line) that cannot stand together."""

    modifiers: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class PricingHint:
    """What revcycle.payment.surgery allows for the line with its pricing modifiers, beside the plain amount."""

    line: PricedLine
    fee_schedule: Decimal
    allowed: Decimal | None
    text: str


@dataclass(frozen=True)
class Decision:
    """The outcome: the modifiers in claim order with reasons, conflicts, notes, and a pricing hint."""

    facts: LineFacts
    steps: tuple[Step, ...]
    chosen: tuple[Choice, ...]
    conflicts: tuple[Conflict, ...]
    notes: tuple[str, ...]
    billable: bool = True
    pricing: PricingHint | None = None

    @property
    def modifiers(self) -> tuple[str, ...]:
        return tuple(c.modifier for c in self.chosen)

    def label(self) -> str:
        """The line as a biller writes it: '27447-50-80' (or the modifiers alone without a code)."""
        return "-".join((self.facts.code, *self.modifiers) if self.facts.code else self.modifiers) or "(none)"

    def frame(self) -> Any:
        """One row per chosen modifier: position, modifier, pays (pricing or informational), reason, source."""
        import pandas as pd

        return pd.DataFrame([{"position": i, "modifier": c.modifier, "kind": "pricing" if c.pricing else
                              "informational", "reason": c.reason, "source": c.source}
                             for i, c in enumerate(self.chosen, start=1)],
                            columns=["position", "modifier", "kind", "reason", "source"])


def order(modifiers: Iterable[str]) -> tuple[str, ...]:
    """The modifiers in the conventional claim order: pricing modifiers first, then the informational ones, each
    group in a fixed order (a common payer convention; no CMS rule fixes the order)."""
    mods = [m.strip().upper() for m in modifiers]
    rank = {m: i for i, m in enumerate(PRICING_FIRST)}
    return tuple(sorted(mods, key=lambda m: (0, rank[m]) if m in rank else (1, mods.index(m))))


def _add(chosen: list[Choice], modifier: str, reason: str, source_key: str | None = None) -> None:
    chosen.append(Choice(modifier, reason, SOURCES[source_key or modifier]))


def _em(f: LineFacts, chosen: list[Choice], notes: list[str]) -> bool:
    """Modifiers of an E/M line (24, 25, 57); False when the visit is not billed at all."""
    if f.postop == "related_visit":
        notes.append("A follow-up visit for the operation is part of its global package: no E/M line is billed.")
        return False
    if f.postop == "unrelated_visit":
        _add(chosen, "24", "The visit falls in a postoperative period but treats a problem unrelated to the "
             "operation; the diagnosis must show it.")
    if not f.same_day_procedure:
        return True
    if f.decision_for_surgery and (f.major_surgery or not f.medicare):
        why = ("the operation is major (90-day global)" if f.major_surgery else
               "CPT's definition names no global period, and this payer is not Medicare")
        _add(chosen, "57", f"This visit is where the decision to operate was made, and {why}.")
        return True
    if f.decision_for_surgery:
        notes.append("Medicare payment policy: the decision for a minor (0- or 10-day global) procedure is part of "
                     "the procedure, so 57 does not apply; only a separate problem earns 25.")
    if f.separate_em:
        _add(chosen, "25", "The visit did significant, separately identifiable work beyond the usual check before "
             "the procedure (a different diagnosis is neither required nor enough).")
        return True
    if not chosen:
        notes.append("The usual evaluation before a procedure is part of the procedure: no E/M line is billed.")
        return False
    return True


def _procedure(f: LineFacts, chosen: list[Choice], notes: list[str]) -> None:
    """Modifiers of a procedure or test line."""
    if f.effort == "increased":
        _add(chosen, "22", "The work was substantially greater than usual; the note must say why, and the payer "
             "reviews it before paying more (Medicare: a concise statement with the claim).")
    elif f.effort == "reduced":
        _add(chosen, "52", "The clinician chose to do less than the code describes; the code is reported with "
             "a reduced amount.")
    elif f.effort == "discontinued" and f.claim == "facility":
        if f.after_anesthesia:
            _add(chosen, "74", "A facility claim for a procedure stopped after anesthesia was given or after it "
                 "began.")
        else:
            _add(chosen, "73", "A facility claim for a procedure stopped after the patient was prepared and in "
                 "the room, before anesthesia.")
    elif f.effort == "discontinued":
        _add(chosen, "53", "The clinician stopped the procedure after it began, for the patient's safety (never "
             "for an elective cancellation before it started).")
    if f.component == "professional":
        _add(chosen, "26", "Only the professional component was done: the reading and report.")
    elif f.component == "technical":
        _add(chosen, "TC", "Only the technical component was done: equipment, staff and supplies.")
    if f.side == "both":
        _add(chosen, "50", "The same procedure on both sides in one session (Medicare: one line, one unit; "
             "the BILAT SURG indicator decides what is paid).")
    split = {"surgical_only": ("54", "The surgeon did the operation; another clinician takes over the follow-up."),
             "postop_only": ("55", "Only the care after the operation, from the day it was taken over."),
             "preop_only": ("56", "Only the care before the operation, by a clinician other than the surgeon.")}
    if f.split_care:
        _add(chosen, *split[f.split_care])
    roles = {"co_surgeon": ("62", "Two surgeons of different specialties each did a distinct part of one "
                                  "procedure; each bills the code with 62."),
             "team": ("66", "Three or more surgeons worked as a team on one complex operation."),
             "assistant": ("80", "An assistant surgeon helped throughout."),
             "minimum_assistant": ("81", "An assistant surgeon was needed for a short part only."),
             "no_resident": ("82", "An assistant surgeon in a teaching hospital with no qualified resident "
                                   "available."),
             "npp_assistant": ("AS", "A PA, NP or CNS assisted at surgery.")}
    if f.role:
        _add(chosen, *roles[f.role])
    if f.postop == "return_to_or":
        _add(chosen, "78", "An unplanned return to the operating room for a complication of the first operation: "
             "no new global period starts.")
    if f.multiple:
        _add(chosen, "51", "A second or later procedure of the session, for payers that ask for 51 (Medicare "
             "ranks the procedures by amount itself, whatever the modifier).")
    if f.site:
        _add(chosen, f.site, f"The anatomic modifier names the digit, eyelid or artery: {modifier_meaning(f.site)}.",
             "anatomic")
    elif f.side in ("left", "right"):
        _add(chosen, f.side[0].upper() + "T", f"The procedure was on the {f.side} side of a paired body part.",
             "anatomic")
    if f.postop == "staged":
        _add(chosen, "58", "Planned, staged or more extensive, or therapy after a diagnostic procedure, in the "
             "postoperative period: a new global period starts.")
    elif f.postop == "unrelated_procedure":
        _add(chosen, "79", "Unrelated to the earlier operation: paid in full, with its own global period.")
    x = {"encounter": ("XE", "a separate encounter"), "structure": ("XS", "a separate organ or structure"),
         "practitioner": ("XP", "a different practitioner"),
         "unusual": ("XU", "an unusual service that does not overlap the other")}
    if f.distinct in x:
        mod, what = x[f.distinct]
        _add(chosen, mod, f"Distinct from the other service of the pair because it was {what}; CMS prefers the "
             "X modifier that fits over 59.", "X")
        if not f.medicare:
            notes.append(f"{mod} is a CMS modifier; some other payers still ask for 59: check the payer's policy.")
    elif f.distinct == "other":
        _add(chosen, "59", "Distinct in a documented way no X modifier names (a different lesion, injury or "
             "session); 59 is the modifier of last resort.")
    if f.distinct == "structure" and (f.site or f.side in ("left", "right")):
        notes.append("NCCI asks for the anatomic modifier when it shows the separate site; XS adds nothing the "
                     "payer needs if the anatomic modifiers of the two lines already differ.")
    if f.repeat in ("same_clinician", "other_clinician"):
        same = f.repeat == "same_clinician"
        _add(chosen, "76" if same else "77", f"The same procedure repeated by {'the same' if same else 'another'} "
             "clinician, later the same day or on a later date.")


def _other(f: LineFacts, chosen: list[Choice], notes: list[str]) -> None:
    """Modifiers any kind of line can carry, and those of labs, drugs, anesthesia and quality codes."""
    if f.kind == "lab" and f.repeat == "lab_test":
        _add(chosen, "91", "The same test repeated that day to get a new result for the patient's care.")
    if f.telehealth == "audio_video":
        _add(chosen, "95", "Delivered by real-time audio and video; the payer also decides the place of service "
             "(Medicare: POS 02 or 10) and which services may be delivered this way.")
    elif f.telehealth == "audio_only":
        _add(chosen, "93", "Delivered by real-time audio only, where the payer allows audio-only care.")
        if f.medicare:
            notes.append("Medicare also has the HCPCS modifier FQ for audio-only services; check the current "
                         "telehealth instructions for which one a line needs.")
    if f.kind == "drug" and f.drug == "none_discarded":
        _add(chosen, "JZ", "A single-dose container and nothing was discarded (Medicare: required since July 1, "
             "2023).")
    elif f.kind == "drug" and f.drug == "discarded_line":
        _add(chosen, "JW", "This line reports the documented amount discarded from a single-dose container.")
    elif f.kind == "drug" and f.drug == "multi_dose":
        notes.append("A multi-dose container: leftover drug is not waste, so neither JW nor JZ.")
    if f.kind == "anesthesia":
        roles = {"personal": ("AA", "Personally performed by the anesthesiologist: 100% of the amount."),
                 "direct_one": ("QY", "The anesthesiologist medically directed one CRNA: 50% to each of them."),
                 "direct_concurrent": ("QK", "The anesthesiologist medically directed two to four concurrent cases: "
                                             "50% of each case to the anesthesiologist."),
                 "supervise": ("AD", "More than four concurrent cases: medical supervision, paid on three base "
                                     "units (four if present at induction)."),
                 "crna_directed": ("QX", "The CRNA worked under medical direction: 50% of the case."),
                 "crna_alone": ("QZ", "The CRNA worked without medical direction: 100% of the case.")}
        if f.anesthesia_role:
            _add(chosen, *roles[f.anesthesia_role], "anesthesia")
        else:
            notes.append("Choose the payment modifier (AA, QY, QK, AD, QX, QZ): who gave the anesthesia and how.")
        if f.physical_status:
            _add(chosen, f"P{f.physical_status}", f"The physical status: {cpt.MODIFIERS[f'P{f.physical_status}']}",
                 "P")
        else:
            notes.append("Choose the physical status (P1-P6) the anesthesia provider documented.")
    if f.kind == "quality" and f.measure_exception:
        mod = {"medical": "1P", "patient": "2P", "system": "3P", "unspecified": "8P"}[f.measure_exception]
        _add(chosen, mod, f"The measure's action was not done: {cpt.MODIFIERS[mod]}", "cat2")
    if f.requirements_met and f.kind in ("therapy", "procedure", "drug"):
        _add(chosen, "KX", "The payer's policy requirements are met and documented (for Medicare therapy: care "
             "above the yearly threshold is medically necessary).")
    if f.abn and not f.medicare and f.abn != "excluded":
        notes.append("GA, GZ and GX are Medicare's ABN modifiers: another payer follows its own notice rules.")
        return
    liability = {"signed": [("GA", "A required ABN was given and signed: if Medicare denies, the patient pays.")],
                 "none": [("GZ", "A denial as not reasonable and necessary is expected and no ABN was given: the "
                                 "provider absorbs a denial.")],
                 "excluded": [("GY", "Excluded by law or not a benefit (for other payers, not a contract benefit): "
                                     "the claim is expected to deny.")],
                 "excluded_voluntary": [("GY", "Excluded by law or not a Medicare benefit."),
                                        ("GX", "A voluntary notice was given for the excluded service.")]}
    for mod, why in liability.get(f.abn, []):
        _add(chosen, mod, why)


def decide(facts: LineFacts | None = None, *, locality: object = None, place: str = "facility",
           **answers: Any) -> Decision:
    """Walk the questions for ``facts`` (or keyword answers, e.g. ``kind="em", same_day_procedure=True``) and
    choose the modifiers, with reasons, conflicts and, for a code with pricing modifiers, a pricing hint priced by
    revcycle.payment.surgery at ``locality`` (national when None) in ``place`` ("facility" or "non-facility")."""
    if facts is None:
        facts = LineFacts(**answers)
    elif answers:
        raise InputError("Give either a LineFacts or keyword answers, not both.")
    if not isinstance(facts, LineFacts):
        raise InputError(f"decide() needs a LineFacts, not {type(facts).__name__}.")
    asked = questions(facts)
    steps = [Step(q.field, q.prompt, str(dict(q.options).get(getattr(facts, q.field), getattr(facts, q.field))), "")
             for q in asked]
    fields_asked = {q.field for q in asked}
    ignored = [q.field for q in _BY_FIELD.values()
               if getattr(facts, q.field) != q.options[0][0] and q.field not in fields_asked]
    # decide on the questions asked only: an answer to a question that does not apply is set back to its default
    used = replace(facts, **{name: _BY_FIELD[name].options[0][0] for name in ignored})
    chosen: list[Choice] = []
    notes: list[str] = []
    billable = True
    if used.kind == "em":
        billable = _em(used, chosen, notes)
    elif used.kind in _PROC:
        _procedure(used, chosen, notes)
    if billable:
        _other(used, chosen, notes)
    if ignored:
        notes.append(f"Not asked for {KINDS[facts.kind]} (ignored): {', '.join(ignored)}.")
    by_mod = {c.modifier: c for c in chosen}
    ordered = tuple(by_mod[m] for m in order(by_mod))
    outcome = {c.modifier: c for c in ordered}
    steps = [Step(s.field, s.question, s.answer, _outcome(s.field, outcome)) for s in steps]
    found = conflicts([c.modifier for c in ordered], facts.kind)
    if len(ordered) > MAX_ON_LINE:
        notes.append(f"{len(ordered)} modifiers: a CMS-1500 line takes {MAX_ON_LINE}; the payer's instructions say "
                     "which to keep (pricing modifiers first).")
    hint = None
    if facts.code and billable and not found and SURGERY_PRICED & set(outcome) and facts.claim == "professional":
        hint = _pricing(facts.code, [m for m in outcome if m in SURGERY_PRICED], locality, place, notes)
    return Decision(facts, tuple(steps), ordered, tuple(found), tuple(notes), billable, hint)


_FIELD_MODS = {"postop": {"24", "58", "78", "79"}, "separate_em": {"25"}, "decision_for_surgery": {"57"},
               "major_surgery": {"57"}, "split_care": {"54", "55", "56"}, "role": {"62", "66", "80", "81", "82", "AS"},
               "multiple": {"51"}, "site": set(ANATOMIC_SITES), "side": {"LT", "RT", "50"},
               "distinct": {"59", "XE", "XS", "XP", "XU"}, "effort": {"22", "52", "53", "73", "74"},
               "after_anesthesia": {"73", "74"}, "component": {"26", "TC"}, "repeat": {"76", "77", "91"},
               "telehealth": {"95", "93"}, "drug": {"JW", "JZ"},
               "anesthesia_role": {"AA", "QY", "QK", "AD", "QX", "QZ"},
               "physical_status": {f"P{n}" for n in range(1, 7)},
               "measure_exception": {"1P", "2P", "3P", "8P"}, "requirements_met": {"KX"},
               "abn": {"GA", "GZ", "GY", "GX"}}


def _outcome(field: str, chosen: dict[str, Choice]) -> str:
    mods = [m for m in chosen if m in _FIELD_MODS.get(field, set())]
    return ", ".join(mods) if mods else "no modifier"


def _pricing(code: str, mods: list[str], locality: object, place: str, notes: list[str]) -> PricingHint | None:
    """The line priced by revcycle.payment.surgery with its pricing modifiers, or None with a note saying why."""
    from revcycle.payment import surgery

    try:
        plain = surgery.price_surgery([code], locality=locality, setting=place).lines[0]
        priced = surgery.price_surgery([surgery.SurgicalLine(code, tuple(mods))], locality=locality,
                                       setting=place).lines[0]
    except RevcycleError as exc:
        notes.append(f"No pricing hint: {exc}")
        return None
    amount = priced.status if priced.allowed is None else f"${priced.allowed:,}"
    steps = [what for what, _ in priced.steps]
    if priced.fee_schedule != plain.fee_schedule:
        steps.insert(0, f"the {'/'.join(m for m in mods if m in ('26', 'TC'))} row of the file: "
                        f"${priced.fee_schedule:,}")
    text = (f"{code} alone: ${plain.fee_schedule:,}; {code}-{'-'.join(mods)}: {amount}"
            + (f" ({'; '.join(steps)})" if steps else "") + "".join(f"; {n}" for n in priced.notes))
    return PricingHint(priced, plain.fee_schedule, priced.allowed, text)


# ------------------------------------------------------------------------------------------------ conflicts

_PAIRS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"26", "TC"}), "26 and TC together are the whole service: bill the code with neither."),
    (frozenset({"54", "56"}), "54 already includes the preoperative share: drop 56."),
    (frozenset({"54", "55"}), "A clinician who operates and gives the follow-up bills the whole package: "
                              "no 54 or 55."),
    (frozenset({"78", "54"}), "78 pays the intraoperative share of a return to the operating room: not with 54."),
    (frozenset({"78", "55"}), "78 pays the intraoperative share of a return to the operating room: not with 55."),
    (frozenset({"78", "56"}), "78 pays the intraoperative share of a return to the operating room: not with 56."),
    (frozenset({"76", "77"}), "A repeat is by the same clinician (76) or another (77), not both."),
    (frozenset({"91", "76"}), "A repeated laboratory test takes 91, not 76."),
    (frozenset({"91", "77"}), "A repeated laboratory test takes 91, not 77."),
    (frozenset({"52", "53"}), "Reduced by choice (52) or stopped for safety (53), not both."),
    (frozenset({"73", "74"}), "Stopped before anesthesia (73) or after (74), not both."),
    (frozenset({"62", "66"}), "Co-surgery (62) and team surgery (66) are different arrangements."),
    (frozenset({"LT", "RT"}), "Both sides on one line: use 50 (Medicare) rather than LT and RT together."),
    (frozenset({"GA", "GZ"}), "GA says an ABN was given, GZ that none was: only one can be true."),
    (frozenset({"GA", "GY"}), "GY is for a service excluded by law, GA for one Medicare may deny as unnecessary."),
    (frozenset({"GY", "GZ"}), "GY is for a service excluded by law, GZ for one Medicare may deny as unnecessary."),
    (frozenset({"GX", "GA"}), "GX marks a voluntary notice, GA a required one: not both."),
    (frozenset({"GX", "GZ"}), "GX says a notice was given, GZ that none was: not both."),
    (frozenset({"JW", "JZ"}), "JW reports a discarded amount, JZ says nothing was discarded: not both."),
    (frozenset({"95", "93"}), "Audio and video (95) or audio only (93), not both."),
)
_ONE_OF: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"80", "81", "82", "AS"}), "one line is billed in one assistant role"),
    (frozenset({"58", "78", "79"}), "a procedure in a global period is staged (58), a return to the operating "
                                    "room (78) or unrelated (79): one of them"),
    (frozenset({f"P{n}" for n in range(1, 7)}), "one physical status per anesthesia line"),
    (frozenset({"AA", "QY", "QK", "AD", "QX", "QZ"}), "one anesthesia payment modifier per line"),
    (frozenset({"1P", "2P", "3P", "8P"}), "one reason a measure's action was not done"),
    (frozenset({"22", "52", "53", "73", "74"}), "more work than usual, less, or stopped: one of them"),
)
_ONLY_ON: tuple[tuple[frozenset[str], frozenset[str], str], ...] = (
    (frozenset({"24", "25", "57"}), frozenset({"em"}), "goes only on an E/M code"),
    (frozenset({"59", "XE", "XS", "XP", "XU"}), frozenset(KINDS) - {"em"}, "never goes on an E/M code (NCCI)"),
    (frozenset({f"P{n}" for n in range(1, 7)}), frozenset({"anesthesia"}), "goes only on an anesthesia code"),
    (frozenset({"AA", "QY", "QK", "AD", "QX", "QZ"}), frozenset({"anesthesia"}), "goes only on an anesthesia code"),
    (frozenset({"1P", "2P", "3P", "8P"}), frozenset({"quality"}), "goes only on a Category II code"),
    (frozenset({"91"}), frozenset({"lab"}), "is only for a repeated laboratory test"),
    (frozenset({"JW", "JZ"}), frozenset({"drug"}), "goes only on a drug line"),
    (frozenset({"26", "TC", "50", "51", "54", "55", "56", "58", "62", "66", "78", "79", "80", "81", "82", "AS",
                "22", "52", "53", "73", "74", "76", "77"}), frozenset({"procedure", "test"}),
     "is a procedure modifier"),
)


def conflicts(modifiers: Iterable[str], kind: str | None = None) -> list[Conflict]:
    """What is wrong with a line's modifier list (unknown codes, pairs that contradict, roles twice, a modifier on
    the wrong kind of line when ``kind`` is given); an empty list when nothing is."""
    mods = [m.strip().upper() for m in modifiers if isinstance(m, str) and m.strip()]
    if kind is not None and kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}.")
    out: list[Conflict] = []
    for m in dict.fromkeys(mods):
        if not exists(m):
            out.append(Conflict((m,), f"{m} is not a CPT modifier the book knows or a HCPCS Level II modifier."))
        if mods.count(m) > 1:
            out.append(Conflict((m,), f"{m} is listed twice."))
    have = set(mods)
    if "59" in have and have & {"XE", "XS", "XP", "XU"}:
        xs = sorted(have & {"XE", "XS", "XP", "XU"})
        out.append(Conflict(("59", *xs), f"59 and {', '.join(xs)} on one line: the X modifier replaces 59 (CMS)."))
    if "50" in have and have & {"LT", "RT"}:
        sides = sorted(have & {"LT", "RT"})
        out.append(Conflict(("50", *sides), f"50 already says both sides: drop {' and '.join(sides)}."))
    for pair, message in _PAIRS:
        if pair <= have:
            out.append(Conflict(tuple(m for m in mods if m in pair), message))
    for group, message in _ONE_OF:
        hit = [m for m in mods if m in group]
        if len(hit) > 1:
            out.append(Conflict(tuple(hit), f"{', '.join(hit)}: {message}."))
    roles = have & {"80", "81", "82", "AS"}
    if roles and have & {"62", "66"}:
        both = sorted(roles | (have & {"62", "66"}))
        out.append(Conflict(tuple(both), "An assistant modifier and co-surgery or team surgery on one line: one "
                                         "line is billed in one role."))
    if kind is not None:
        for group, kinds, message in _ONLY_ON:
            for m in mods:
                if m in group and kind not in kinds:
                    out.append(Conflict((m,), f"{m} {message}; this line is {KINDS[kind]}."))
    return out
