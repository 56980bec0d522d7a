"""Choosing the principal diagnosis of an inpatient stay: the rules of Section II of the ICD-10-CM Official Guidelines,
explained in the book's own words (never quoted), and a helper that says which rules a set of facts brings into play.

The principal diagnosis is the condition found, after study, to be chiefly responsible for the admission (the UHDDS
definition the guidelines adopt). "After study" is the key: it is chosen at discharge, from the whole record, not from
the admitting impression. Section II applies to inpatient stays in acute care, short-term and long-term care and
psychiatric hospitals; outpatient coding (Section IV) uses the first-listed diagnosis instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.core.errors import InputError

__all__ = ["RULES", "Rule", "advise", "sequence_equal"]

SOURCE = "ICD-10-CM Official Guidelines for Coding and Reporting FY 2026, Section II"


@dataclass(frozen=True)
class Rule:
    """One Section II rule: its paragraph, a short title and what it means, in the book's words."""

    key: str
    section: str
    title: str
    summary: str


RULES: dict[str, Rule] = {r.key: r for r in (
    Rule("symptom", "II.A", "A symptom gives way to its diagnosis",
         "When a related, definitive diagnosis has been made, the symptom or sign that led to it is not the principal "
         "diagnosis (and is usually not coded at all)."),
    Rule("interrelated", "II.B", "Two or more interrelated conditions",
         "When two or more related conditions could each be the principal diagnosis, any one may be sequenced first, "
         "unless the circumstances of admission, the therapy or an instruction in the Tabular List or Index says "
         "which."),
    Rule("two-equal", "II.C", "Two or more conditions each meet the definition",
         "When two or more conditions are equally responsible for the admission, any one of them may be sequenced "
         "first, unless the circumstances of admission, the therapy given, or an instruction in the Tabular List or "
         "Index points to one of them."),
    Rule("comparative", "II.D", "Two comparative or contrasting conditions",
         "When the provider documents two conditions as either/or (one or the other is suspected), code both as if "
         "confirmed and sequence them by the circumstances of admission; if nothing decides, either may be first. A "
         "symptom followed by such contrasting conditions is handled the same way (paragraph II.E, which once gave "
         "that case a rule of its own, is marked deleted)."),
    Rule("plan-not-carried-out", "II.F", "The planned treatment was not carried out",
         "The condition that caused the admission stays the principal diagnosis even when the treatment planned for "
         "it was cancelled or not done."),
    Rule("complication", "II.G", "A complication of surgery or other care",
         "When the admission is for a complication of surgery or other medical care, the complication code is the "
         "principal diagnosis (with extra codes that describe it when the complication code does not)."),
    Rule("uncertain", "II.H", "A diagnosis still uncertain at discharge",
         "A condition documented at discharge as probable, suspected, likely, questionable, possible or still to be "
         "ruled out is coded as if it existed (in inpatient coding only)."),
    Rule("from-observation", "II.I", "Admitted after observation",
         "A patient kept in observation for a medical condition and then admitted for that same condition takes it as "
         "the principal diagnosis; after post-operative observation, the usual definition applies."),
    Rule("from-outpatient-surgery", "II.J", "Admitted from outpatient surgery",
         "After outpatient surgery, the principal diagnosis is the complication if that caused the admission, else "
         "another condition that caused it, else the reason for the surgery."),
)}

_FACTS = {
    "symptom_with_related_diagnosis": "symptom",
    "interrelated_conditions": "interrelated",
    "equally_meet_definition": "two-equal",
    "comparative_or_contrasting": "comparative",
    "plan_not_carried_out": "plan-not-carried-out",
    "complication_of_care": "complication",
    "uncertain_at_discharge": "uncertain",
    "admitted_from_observation": "from-observation",
    "admitted_from_outpatient_surgery": "from-outpatient-surgery",
}


def advise(**facts: bool) -> list[Rule]:
    """The Section II rules that a stay's facts bring into play, in the order of the guidelines.

    Name the facts that are true: ``symptom_with_related_diagnosis``, ``interrelated_conditions``,
    ``equally_meet_definition``, ``comparative_or_contrasting``, ``plan_not_carried_out``,
    ``complication_of_care``, ``uncertain_at_discharge``, ``admitted_from_observation``,
    ``admitted_from_outpatient_surgery``."""
    unknown = set(facts) - set(_FACTS)
    if unknown:
        raise InputError(f"Unknown fact(s) {', '.join(sorted(unknown))}: use {', '.join(_FACTS)}.")
    for name, value in facts.items():
        if not isinstance(value, bool):
            raise InputError(f"{name} is True or False, not {value!r}.")
    chosen = [RULES[key] for name, key in _FACTS.items() if facts.get(name)]
    if not chosen:
        raise InputError("No fact given: the principal diagnosis is then simply the condition found, after study, to "
                         "be chiefly responsible for the admission. Name a fact such as equally_meet_definition=True.")
    return chosen


def sequence_equal(codes: list[str], deciding: str | None = None) -> tuple[list[str], str]:
    """Order two or more conditions that equally meet the definition (II.C): the one the circumstances of admission,
    the therapy or a Tabular/Index instruction points to goes first; with nothing deciding, the order given stands."""
    if len(codes) < 2 or len(set(codes)) != len(codes):
        raise InputError("Give two or more different codes that each meet the definition of principal diagnosis.")
    if deciding is None:
        return list(codes), ("Nothing in the circumstances of admission, the therapy or the classification decides: "
                             "either may be sequenced first (II.C).")
    if deciding not in codes:
        raise InputError(f"{deciding} is not one of {', '.join(codes)}.")
    rest = [c for c in codes if c != deciding]
    return [deciding, *rest], (f"{deciding} goes first: the circumstances of admission, the therapy given or a "
                               "classification instruction point to it (II.C).")
