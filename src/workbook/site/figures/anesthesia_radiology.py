"""Figures of the anesthesia and radiology chapter: the anesthesia payment formula with worked example 1's numbers,
and the professional/technical split of real CY2026 imaging codes."""

from __future__ import annotations

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import Step, flow

PAGE = "coding/anesthesia-radiology"


@figure("anesthesia-payment-formula", PAGE,
        "Five boxes in a row show how Medicare prices an anesthesia line, with worked example 1's numbers: the base "
        "units of the anesthesia code, the time units (anesthesia minutes divided by 15, to one decimal), any "
        "extra units the payer adds for physical status or qualifying circumstances (none under Medicare), the "
        "total times the anesthesia conversion factor, and the share the payment modifier allows (AA or QZ 100 "
        "percent, QK, QY or QX 50 percent).")
def anesthesia_payment_formula() -> str:
    from workbook.site import book_values as bv

    p = bv.anes_ex1("personal")
    doctor, crna = bv.anes_ex1("directed")
    steps = [
        Step("Base units", f"from CMS's base-unit file for the code: {p.code} = {p.base_units}", 0),
        Step("+ time units", f"{p.minutes} minutes / 15 = {p.time_units} (one decimal)", 1),
        Step("+ extra units", "physical status, qualifying circumstances: 0 under Medicare; some payers add them", 2),
        Step("x conversion factor", f"{p.total_units} units x ${p.conversion_factor} = ${p.allowed}", 3),
        Step("x modifier share", f"AA or QZ 100%; {doctor.modifier} and {crna.modifier} 50% each: "
                                 f"${doctor.allowed} + ${crna.allowed}", 4),
    ]
    return flow("An anesthesia line: units, then dollars, then the modifier's share", steps, columns=5, box_w=180,
                gap=34)


@figure("imaging-component-split", PAGE,
        "A horizontal stacked bar chart of nine CT codes from the CY2026 fee schedule, national non-facility "
        "amounts: for each code the professional component (the reading, modifier 26) and the technical component "
        "(equipment, staff and contrast, modifier TC). The technical part is the larger share of every code, and "
        "the codes with contrast, and those done without and then with contrast, cost more than those without.")
def imaging_component_split() -> str:
    from revcycle.payment import radiology

    rows = [(f"{study}, {kind}: {code}", radiology.components(code)) for study, family in radiology.CONTRAST.items()
            for kind, code in family.items()]
    fig = charts.new(8.5, 4.6)
    ax = fig.add_subplot()
    labels = [label for label, _ in rows][::-1]
    pc = [float(c.professional) for _, c in rows][::-1]
    tc = [float(c.technical) for _, c in rows][::-1]
    ax.barh(labels, pc, color="#2b6cb0", label="professional component (26)")
    ax.barh(labels, tc, left=pc, color="#a0aec0", label="technical component (TC)")
    for y, (p, t) in enumerate(zip(pc, tc, strict=True)):
        ax.text(p + t + 3, y, f"${p + t:,.2f}", va="center", fontsize=8)
    ax.set_xlabel("CY2026 national non-facility amount (dollars)")
    ax.set_xlim(0, max(p + t for p, t in zip(pc, tc, strict=True)) * 1.18)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    charts.unframed(ax)
    return charts.titled(fig, ax, "Where a CT's payment goes: the reading and the rest")
