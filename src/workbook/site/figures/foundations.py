"""Figures of the introduction and the revenue-cycle chapter."""

from __future__ import annotations

from workbook.site.figures import figure
from workbook.site.figures.svg import Step, cycle, sequence

CHAPTER = "revenue-cycle"
# The chapter's three ends of the cycle: stages 1-2 before or at check-in, 3-4 turn care into codes and charges,
# 5-9 turn codes into cash.
_ENDS = ((2, "front end", 0), (4, "middle", 4), (9, "back end", 1))


def _end(number: int) -> tuple[str, int]:
    return next((name, tone) for last, name, tone in _ENDS if number <= last)


@figure("revenue-cycle", CHAPTER,
        "The nine stages of the revenue cycle drawn as a loop, clockwise from registration: eligibility and "
        "authorization, charge capture, coding, claim submission, adjudication, payment posting, denial "
        "management and patient collections, each marked front end, middle or back end, the last leading back "
        "to the first.")
def revenue_cycle() -> str:
    from revcycle.practice.cycle import STAGES

    steps = [Step(f"{n}. {s.name}", _end(n)[0], _end(n)[1]) for n, s in enumerate(STAGES, start=1)]
    return cycle("The revenue cycle", steps, centre="One visit, from booking to a zero balance")


@figure("claim-journey", CHAPTER,
        "A sequence diagram of one claim's messages between the practice, its clearinghouse and the payer: the "
        "270 eligibility question and 271 answer, the 837P claim, the 999 and 277CA acknowledgments, a 276/277 "
        "status check, and the 835 remittance with the payment.")
def claim_journey() -> str:
    practice, house, payer = 0, 1, 2
    return sequence(
        "A claim's journey through the clearinghouse and the payer",
        ["Practice", "Clearinghouse", "Payer"],
        [
            (practice, payer, "270: is this patient covered?"),
            (payer, practice, "271: coverage, copay, deductible left"),
            (practice, house, "837P: the claim"),
            (house, house, "front-end edits"),
            (house, practice, "999: the file is readable"),
            (house, payer, "837P, forwarded"),
            (payer, house, "277CA: claim accepted (or rejected)"),
            (house, practice, "277CA, passed on"),
            (practice, payer, "276: where is my claim?"),
            (payer, practice, "277: in process / finalized"),
            (payer, practice, "835 remittance + EFT payment"),
        ],
    )
