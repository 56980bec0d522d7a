"""A compliant-query checker: does a provider query follow the AHIMA/ACDIS practice brief (2022 update)?

The brief's principles, paraphrased: a query asks the provider to clarify documentation that is conflicting,
incomplete, ambiguous or imprecise; it shows the clinical indicators from the record that prompted it; it does not
lead (it does not point to one answer, introduce a diagnosis the indicators do not support, or say what an answer
would do to payment or quality scores); it may be open-ended or multiple choice, and a multiple-choice query lists the
clinically reasonable options with "other" and "clinically undetermined"; a yes/no query is kept for narrow purposes:
confirming a diagnosis already documented elsewhere in the record, establishing present on admission status, or
asking whether a cause-and-effect relationship exists. The checks below are the book's, made from those principles;
they flag wording, they do not judge clinical truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from revcycle.core.errors import InputError

__all__ = ["Finding", "Query", "QueryReview", "check"]

SOURCE = "AHIMA/ACDIS, Guidelines for Achieving a Compliant Query Practice (2022 Update)"
Format = Literal["open", "multiple_choice", "yes_no"]
YES_NO_PURPOSES = ("confirm_documented", "poa", "cause_and_effect")
_MONEY = re.compile(r"\b(reimburse\w*|payment|pay|paid|revenue|dollars?|\$\s?\d|drg|ms-drg|cc|mcc|case mix|cmi|"
                    r"quality scores?|star ratings?|profile|denials?|audit|bill(?:ing|ed)?)\b", re.I)
_LEADING = re.compile(r"\b(please (?:document|add|write|chart|include)|consider (?:documenting|adding)|"
                      r"(?:do|don't|would|wouldn't) you agree|can you (?:add|document)|we need|"
                      r"it appears (?:that )?the patient has|the patient (?:clearly )?has|"
                      r"so (?:that )?we can)\b", re.I)
_OTHER = re.compile(r"^\s*other\b", re.I)
_UNDETERMINED = re.compile(r"\b(clinically undetermined|unable to determine|undetermined)\b", re.I)


@dataclass(frozen=True)
class Query:
    """A provider query: the clinical indicators quoted from the record, the question, and its format."""

    indicators: tuple[str, ...]
    question: str
    format: Format = "open"
    options: tuple[str, ...] = ()
    yes_no_purpose: str | None = None

    def __post_init__(self) -> None:
        if self.format not in ("open", "multiple_choice", "yes_no"):
            raise InputError(f"Query format {self.format!r}: use 'open', 'multiple_choice' or 'yes_no'.")
        if not isinstance(self.question, str) or not self.question.strip():
            raise InputError("A query needs a question.")
        if isinstance(self.indicators, str) or isinstance(self.options, str):
            raise InputError("Give indicators and options as lists of text, one item each.")


@dataclass(frozen=True)
class Finding:
    """One problem with a query: a short rule name and what to change."""

    rule: str
    message: str


@dataclass(frozen=True)
class QueryReview:
    """The checker's verdict: compliant when there is no finding."""

    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def compliant(self) -> bool:
        return not self.findings

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}


def check(query: Query) -> QueryReview:
    """The findings for one query (an empty review means none of the book's checks found a problem)."""
    found: list[Finding] = []
    text = " ".join([query.question, *query.options])
    indicators = [i for i in query.indicators if i.strip()]
    if not indicators:
        found.append(Finding("indicators", "Quote the clinical indicators from this record (results, findings, "
                             "treatment) that prompted the query."))
    if _MONEY.search(text):
        found.append(Finding("no-payment", "Remove any mention of payment, DRGs, CC/MCC status, billing or quality "
                             "scores: a query asks about the patient's condition only."))
    if _LEADING.search(text):
        found.append(Finding("leading", "Reword: the question must not tell the provider what to write or assume the "
                             "answer."))
    if query.format == "open" and query.options:
        found.append(Finding("format", "An open-ended query has no answer options; use the multiple-choice format."))
    if query.format == "multiple_choice":
        clinical = [o for o in query.options if not _OTHER.match(o) and not _UNDETERMINED.search(o)]
        if len(clinical) < 2:
            found.append(Finding("options", "List at least two clinically reasonable options supported by the "
                                 "indicators: a single diagnosis to tick leads the provider."))
        if not any(_OTHER.match(o) for o in query.options):
            found.append(Finding("other", "Add an 'other' option with room for the provider's own words."))
        if not any(_UNDETERMINED.search(o) for o in query.options):
            found.append(Finding("undetermined", "Add 'clinically undetermined' as an option."))
    if query.format == "yes_no" and query.yes_no_purpose not in YES_NO_PURPOSES:
        found.append(Finding("yes-no", "Use a yes/no query only to confirm a diagnosis documented elsewhere in the "
                             "record, to establish POA status, or to ask about cause and effect; for a new "
                             "diagnosis ask open-ended or multiple choice."))
    return QueryReview(tuple(found))
