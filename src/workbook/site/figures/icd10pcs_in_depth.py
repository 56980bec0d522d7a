"""Figures of the ICD-10-PCS in depth chapter: how a table's rows narrow the choices as each character is picked
(counted from the shipped CMS table), and the guideline questions that decide how many codes a note needs."""

from __future__ import annotations

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import decision

PAGE = "coding/icd10pcs-in-depth"


def narrowing(code: str) -> list[tuple[str, int]]:
    """(what has been chosen, how many valid codes of the table remain) after characters 3 to 7 of ``code``."""
    from revcycle.codes import pcs_tables

    table = pcs_tables.table(code[:3])
    all_codes = list(pcs_tables.codes([table.key]))
    out = []
    for n in range(3, 8):
        name = "table" if n == 3 else table.titles[n - 1].lower()
        out.append((f"{code[:n]} ({name})", sum(1 for c in all_codes if c.startswith(code[:n]))))
    return out


@figure("pcs-depth-narrowing", PAGE,
        "A horizontal bar chart for worked example 3, the open reduction and internal fixation of the right tibia: "
        "how many valid codes of the CMS table 0QS remain once the table is chosen, then after the body part "
        "(Tibia, Right), the approach (Open), the device (Internal Fixation Device) and the qualifier, when one "
        "code is left. Counted from the shipped FY2026 table.")
def pcs_depth_narrowing() -> str:
    from workbook.site import book_values as bv

    rows = narrowing("".join(bv.PCS_DEPTH_EXAMPLES["ex3"]))
    fig = charts.new(8, 3.4)
    ax = fig.add_subplot()
    labels = [label for label, _ in rows][::-1]
    counts = [n for _, n in rows][::-1]
    ax.barh(labels, counts, color="#2b6cb0")
    for y, n in enumerate(counts):
        ax.text(n + max(counts) * 0.01, y, f"{n:,}", va="center", fontsize=9)
    ax.set_xlabel("valid codes of table 0QS still possible")
    ax.set_xlim(0, max(counts) * 1.12)
    charts.unframed(ax)
    return charts.titled(fig, ax, "Each character narrows the table: one row, then one code")


@figure("pcs-depth-how-many-codes", PAGE,
        "A chain of yes-or-no questions from the ICD-10-PCS guidelines for one operative episode. Was the "
        "operation stopped before anything but getting in? Then code an Inspection (B3.3). Was it converted to "
        "another approach? Then code an Inspection by the first approach and the procedure by the second (B3.2d). "
        "Was a biopsy followed by a more definitive procedure at the same site? Then code both (B3.4b). Were the "
        "same root operation done on body parts with different values, or on separate structures of one value, "
        "or different objectives on one part? Then one code each (B3.2a-c). Otherwise one code, for the deepest "
        "layer reached (B3.5).")
def pcs_depth_how_many_codes() -> str:
    questions = [
        ("Stopped before anything was done but getting in?", "Code an Inspection of what was exposed (B3.3)"),
        ("Begun by one approach, converted to another?",
         "Inspection by the first approach + the procedure by the second (B3.2d)"),
        ("A biopsy, then a more definitive procedure at the same site?", "Code the biopsy and the procedure (B3.4b)"),
        ("Same root operation on different body part values, or on separate structures of one value?",
         "One code per body part or structure (B3.2a, b)"),
        ("Different objectives on the same body part?", "One code per objective (B3.2c)"),
    ]
    return decision("How many PCS codes does one operative episode need?", questions,
                    "One code; through several layers, code the deepest (B3.5)")
