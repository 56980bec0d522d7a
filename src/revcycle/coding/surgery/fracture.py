"""Fracture care as a coding decision: what was done to the fracture, not what kind of fracture it was.

:func:`treatment` turns three facts of the operative or procedure note (was the fracture site opened, what fixation
was placed, was the fracture manipulated) into one of CPT's treatment categories, with the reason. An open
(compound) fracture treated without opening the site is closed treatment; a closed fracture opened to fix it is open
treatment. :func:`distal_radius_code` shows the categories on one family (25600-25609) and :func:`cast_reportable`
says when a cast or strap is coded apart from the fracture care.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.core.errors import InputError

__all__ = ["CATEGORIES", "DISTAL_RADIUS", "FIXATIONS", "CastVerdict", "Treatment", "cast_reportable",
           "distal_radius_code", "treatment"]

CATEGORIES = ("closed without manipulation", "closed with manipulation", "percutaneous fixation", "open")
FIXATIONS = ("none", "percutaneous", "internal", "external")
#: One family as an example: treatment category -> code (open treatment: the extra-articular code; intra-articular
#: fractures have their own open codes, 25608 and 25609, by fragment count).
DISTAL_RADIUS = {"closed without manipulation": "25600", "closed with manipulation": "25605",
                 "percutaneous fixation": "25606", "open": "25607"}


@dataclass(frozen=True)
class Treatment:
    """A treatment category and the reasons for it."""

    category: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.category}: " + "; ".join(self.reasons)


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{what} is yes or no (True or False) from the note, not {value!r}.")
    return value


def treatment(*, site_opened: object, manipulated: object, fixation: str = "none",
              fracture: str | None = None) -> Treatment:
    """The treatment category from the note: opened site or internal fixation -> open; pins across the fracture
    through the skin -> percutaneous fixation; otherwise closed, with or without manipulation (reduction).

    ``fracture`` ('open' or 'closed', the injury) is accepted only to say that it does not decide the category."""
    opened = _flag(site_opened, "Was the fracture site surgically opened")
    moved = _flag(manipulated, "Was the fracture manipulated (reduced)")
    fix = fixation.strip().lower() if isinstance(fixation, str) else ""
    if fix not in FIXATIONS:
        raise InputError(f"Fixation is one of {', '.join(FIXATIONS)}, not {fixation!r}.")
    if fracture is not None and fracture not in ("open", "closed"):
        raise InputError(f"The fracture (the injury) is 'open' or 'closed', not {fracture!r}.")
    reasons: list[str] = []
    if fracture is not None:
        article = "an" if fracture == "open" else "a"
        reasons.append(f"the injury was {article} {fracture} fracture, which does not decide the category: the "
                       "treatment does")
    if opened or fix == "internal":
        why = "the fracture site was opened" if opened else "internal fixation was placed through an incision"
        reasons.append(f"{why}: open treatment")
        category = "open"
    elif fix == "percutaneous":
        reasons.append("pins or wires crossed the fracture through the skin, the site never opened, so "
                       "percutaneous skeletal fixation")
        category = "percutaneous fixation"
    else:
        reasons.append("the fracture site was not opened, so closed treatment")
        reasons.append("the fracture was manipulated (reduced)" if moved else "the fracture was not manipulated")
        category = "closed with manipulation" if moved else "closed without manipulation"
    if fix == "external":
        reasons.append("an external fixator is a separate code unless the fracture code includes it")
    return Treatment(category, tuple(reasons))


def distal_radius_code(category: str) -> str:
    """The distal radius family's code for a treatment category (open: the extra-articular code)."""
    if category not in DISTAL_RADIUS:
        raise InputError(f"A treatment category is one of {', '.join(CATEGORIES)}, not {category!r}.")
    return DISTAL_RADIUS[category]


@dataclass(frozen=True)
class CastVerdict:
    """Whether a cast or strap application is coded on its own, and why."""

    reportable: bool
    reason: str


def cast_reportable(*, fracture_care_billed: object, replacement: object) -> CastVerdict:
    """A cast or strap is coded apart from fracture care when it replaces an earlier one, or when the same
    practitioner does not report fracture care (for example, stabilizing the injury before another surgeon treats
    it); the first cast put on as part of reported fracture care is in the package."""
    billed = _flag(fracture_care_billed, "Does the same practitioner report the fracture care")
    again = _flag(replacement, "Is this cast a replacement of an earlier one")
    if again:
        return CastVerdict(True, "a replacement cast is coded on its own, even inside the fracture care's global "
                           "period")
    if not billed:
        return CastVerdict(True, "no fracture care is reported by this practitioner: the cast or strap is coded on "
                           "its own")
    return CastVerdict(False, "the first cast is part of the fracture care reported: not coded on its own")
