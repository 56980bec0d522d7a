"""Draw a claim laid out like the paper CMS-1500 (02/12) form, as self-contained HTML.

Every box carries its item number and a short label in the book's own words, so a learner can see where each
piece of the claim goes. Pass scrub findings (or ``highlight=True``) and the boxes they concern are outlined,
with the edit id beside them. The paper form holds six service lines; longer claims show the extra lines
below, marked as a continuation form. All styles are inline and scoped, so the HTML works in Jupyter and on
the static website alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from html import escape

from revcycle.claims.model import DX_LETTERS, PAYER_KINDS, Claim
from revcycle.claims.scrubber import Finding, scrub

LINES_PER_FORM = 6

FORM_CSS = """
<style>
.cms1500{font-family:Arial,Helvetica,sans-serif;color:#111;background:#fff;border:2px solid #8a1c1c;max-width:980px;
padding:6px;font-size:12px;line-height:1.25}
.cms1500 .hdr{display:flex;justify-content:space-between;align-items:flex-start;border-bottom:2px solid #8a1c1c;
padding-bottom:4px;margin-bottom:4px}
.cms1500 .title{font-weight:bold;font-size:15px;color:#8a1c1c}
.cms1500 .carrier{text-align:right;font-size:12px}
.cms1500 .row{display:grid;gap:0;border-bottom:1px solid #8a1c1c}
.cms1500 .f{border-right:1px solid #8a1c1c;padding:2px 4px;min-height:30px}
.cms1500 .f:last-child{border-right:none}
.cms1500 .n{font-weight:bold;color:#8a1c1c;margin-right:3px}
.cms1500 .l{color:#8a1c1c;font-size:10.5px;text-transform:uppercase}
.cms1500 .v{display:block;font-family:"Courier New",Courier,monospace;font-size:13px;font-weight:bold;color:#0b3d91;
white-space:pre-wrap}
.cms1500 .bad{outline:3px solid #c00000;outline-offset:-3px;background:#fff0f0}
.cms1500 .flag{display:inline-block;background:#c00000;color:#fff;font-size:10px;font-weight:bold;padding:0 3px;
margin-left:4px;border-radius:2px}
.cms1500 table{border-collapse:collapse;width:100%}
.cms1500 th{color:#8a1c1c;font-size:10.5px;font-weight:normal;text-align:left;border:1px solid #8a1c1c;padding:1px 3px}
.cms1500 td{border:1px solid #8a1c1c;padding:2px 3px;font-family:"Courier New",Courier,monospace;font-size:13px;
font-weight:bold;color:#0b3d91;height:20px}
.cms1500 td.shade{background:#fdecec;height:12px;font-size:10px}
.cms1500 .note{font-size:11px;color:#333;margin-top:4px}
</style>
"""


def form_date(day: date | None) -> str:
    return day.strftime("%m %d %Y") if day else ""


def form_money(amount: Decimal | None) -> str:
    return f"{amount:,.2f}" if amount is not None else ""


class Marks:
    """Which boxes the findings concern: claim-level items, and (line, item) pairs for item 24."""

    def __init__(self, findings: Iterable[Finding] | None) -> None:
        self.items: dict[str, list[str]] = {}
        self.cells: dict[tuple[int, str], list[str]] = {}
        for f in findings or ():
            item = str(f.item)
            if item.startswith("24") and f.line:
                self.cells.setdefault((int(f.line), item), []).append(f.edit_id)
            else:
                self.items.setdefault(item, []).append(f.edit_id)

    def box(self, item: str) -> tuple[str, str]:
        ids = self.items.get(item, [])
        return (" bad", "".join(f'<span class="flag">{escape(i)}</span>' for i in dict.fromkeys(ids))) if ids \
            else ("", "")

    def cell(self, line: int, item: str) -> tuple[str, str]:
        ids = self.cells.get((line, item), []) + (self.items.get(item, []) if item == "24" else [])
        return (' class="bad"', "".join(f'<span class="flag">{escape(i)}</span>' for i in dict.fromkeys(ids))) \
            if ids else ("", "")


def box_html(marks: Marks, item: str, label: str, value: str = "", mark_as: str | None = None) -> str:
    extra, flags = marks.box(mark_as or item)
    return (f'<div class="f{extra}"><span class="n">{escape(item)}</span><span class="l">{escape(label)}</span>'
            f'{flags}<span class="v">{escape(value)}</span></div>')


def row_html(columns: str, *fields: str) -> str:
    return f'<div class="row" style="grid-template-columns:{columns}">{"".join(fields)}</div>'


def render_html(claim: Claim, findings: Iterable[Finding] | None = None, *, highlight: bool = False) -> str:
    """The claim as an HTML CMS-1500 look-alike; boxes with findings are outlined when given or highlighted."""
    if findings is None and highlight:
        findings = scrub(claim)
    m = Marks(findings)
    p, ins, payer, bill = claim.patient, claim.insured, claim.payer, claim.billing_provider
    checked = " ".join(f"[{'X' if key == payer.kind else ' '}] {label}" for key, label in PAYER_KINDS.items())
    sex = {"M": "M [X]  F [ ]", "F": "M [ ]  F [X]"}.get(p.sex, "M [ ]  F [ ]")
    ins_sex = {"M": "M [X]  F [ ]", "F": "M [ ]  F [X]"}.get(ins.sex, "M [ ]  F [ ]")
    rel = claim.relationship
    relation = "  ".join(f"[{'X' if rel == r else ' '}] {r}" for r in ("self", "spouse", "child", "other"))
    addr = p.address.one_line() if p.address else ""
    ins_addr = ins.address.one_line() if ins.address else ""
    dx_cells = []
    for i, letter in enumerate(DX_LETTERS):
        code = claim.diagnoses[i].strip() if i < len(claim.diagnoses) else ""
        dx_cells.append(f"{letter}. {code:<8}")
    dx_text = "  ".join(dx_cells[:4]) + "\n" + "  ".join(dx_cells[4:8]) + "\n" + "  ".join(dx_cells[8:12])
    if len(claim.diagnoses) > 12:
        dx_text += f"\n(+{len(claim.diagnoses) - 12} more: the form holds 12)"
    referring = claim.referring_provider
    rendering_default = claim.rendering_provider.npi if claim.rendering_provider else ""
    facility_name = bill.name
    bill_addr = bill.address.one_line() if bill.address else ""

    # On a Medicare claim item 11 says NONE when no insurance pays before Medicare (the claim model carries no
    # such primary: it would be another claim's payer); other payers get the policyholder's group and plan.
    item_11 = ("NONE" if payer.kind == "medicare"
               else f"{ins.group_number}   {form_date(ins.birth_date)} {ins_sex}\n{ins.plan_name}")
    parts = [FORM_CSS, '<div class="cms1500" role="group" aria-label="Claim laid out like the CMS-1500 form">']
    carrier_addr = payer.address.one_line() if payer.address else ""
    parts.append(
        '<div class="hdr"><div><div class="title">HEALTH INSURANCE CLAIM FORM</div>'
        '<div class="l">CMS-1500 (02/12) layout. Synthetic example: every person and number is made up.</div></div>'
        f'<div class="carrier"><b>{escape(payer.name)}</b><br>{escape(carrier_addr)}'
        f'<br>Payer ID {escape(payer.payer_id)}</div></div>'
    )
    parts.append(row_html("3fr 1.2fr", box_html(m, "1", "Type of coverage", checked),
                      box_html(m, "1a", "Insured's ID number", ins.member_id)))
    parts.append(row_html("1.6fr 1.1fr 1.6fr", box_html(m, "2", "Patient's name (last, first, MI)", p.name),
                      box_html(m, "3", "Patient's birth date, sex", f"{form_date(p.birth_date)}   {sex}"),
                      box_html(m, "4", "Insured's name", ins.name)))
    parts.append(row_html("1.6fr 1.1fr 1.6fr", box_html(m, "5", "Patient's address", addr),
                      box_html(m, "6", "Patient relationship to insured", relation),
                      box_html(m, "7", "Insured's address", ins_addr)))
    parts.append(row_html("1.6fr 1.1fr 1.6fr", box_html(m, "9", "Other insured (secondary coverage)", ""),
                      box_html(m, "10", "Condition related to job, accident?", "NO / NO / NO"),
                      box_html(m, "11", "Insured's group, birth date, plan", item_11)))
    parts.append(row_html("1fr 1fr", box_html(m, "12", "Patient's authorization to release information",
                                        "SIGNATURE ON FILE"),
                      box_html(m, "13", "Insured's authorization to pay the provider", "SIGNATURE ON FILE")))
    parts.append(row_html("1fr 1fr 1fr",
                          box_html(m, "14", "Date of current illness or injury", form_date(claim.onset_date)),
                      box_html(m, "15", "Other date", ""), box_html(m, "16", "Dates unable to work", "")))
    ref_name = referring.name if referring else ""
    ref_npi = referring.npi if referring else ""
    parts.append(row_html("1.6fr 1fr 1.4fr", box_html(m, "17", "Referring provider", ref_name),
                      box_html(m, "17b", "Referring NPI", ref_npi),
                      box_html(m, "18", "Hospitalization dates", "")))
    parts.append(row_html("2fr 1fr", box_html(m, "19", "Additional claim information", ""),
                      box_html(m, "20", "Outside lab? charges", "NO")))
    resub = "" if claim.frequency_code in ("", "1") else f"{claim.frequency_code}  {claim.original_reference}".strip()
    parts.append(row_html("2.4fr 0.8fr 1fr",
                      box_html(m, "21", f"Diagnoses (ICD ind. {claim.icd_indicator})", dx_text),
                      box_html(m, "22", "Resubmission code", resub),
                      box_html(m, "23", "Prior authorization number", claim.prior_authorization)))
    parts.append(_service_table(claim, m, rendering_default))
    parts.append(row_html("1.1fr 1fr 0.9fr 0.9fr 0.8fr",
                      box_html(m, "25", "Federal tax ID (EIN)", bill.tax_id),
                      box_html(m, "26", "Patient's account no.", claim.claim_id),
                      box_html(m, "27", "Accept assignment?", "YES" if claim.accept_assignment else "NO"),
                      box_html(m, "28", "Total charge", f"$ {form_money(claim.total_charge)}"),
                      box_html(m, "29", "Amount paid", "$ 0.00")))
    signer = claim.rendering_provider.name if claim.rendering_provider else bill.name
    signed = form_date(claim.submitted_on)
    parts.append(row_html("1fr 1.3fr 1.6fr",
                      box_html(m, "31", "Signature of physician or supplier, date", f"{signer}\n{signed}"),
                      box_html(m, "32", "Service facility location", f"{facility_name}\n{bill_addr}"),
                      box_html(m, "33", "Billing provider, address, phone", f"{bill.name}\n{bill_addr}\n{bill.phone}",
                             )))
    parts.append(row_html("1fr 1.3fr 0.8fr 0.8fr", box_html(m, "32a", "Facility NPI", bill.npi),
                      box_html(m, "32b", "Other ID", ""), box_html(m, "33a", "Billing NPI", bill.npi),
                      box_html(m, "33b", "Other ID", bill.taxonomy)))
    parts.append('<div class="note">Blue text is what the practice fills in; red labels are the form\'s boxes '
                 '(worded for this book). Items 8, 9b, 9c and 30 are reserved on the real form.</div></div>')
    return "".join(parts)


def _service_table(claim: Claim, m: Marks, rendering_default: str) -> str:
    head = ("<tr><th>24A from</th><th>to</th><th>24B POS</th><th>24C EMG</th><th>24D CPT/HCPCS</th>"
            "<th>modifiers</th><th>24E pointer</th><th>24F charges</th><th>24G units</th><th>24H EPSDT</th>"
            "<th>24I qual.</th><th>24J rendering NPI</th></tr>")
    rows = []
    total_rows = max(LINES_PER_FORM, len(claim.lines))
    for n in range(1, total_rows + 1):
        if n == LINES_PER_FORM + 1:
            rows.append('<tr><td colspan="12" class="shade">Lines below go on a continuation form: the paper form '
                        "holds 6 lines (an 837P holds up to 50).</td></tr>")
        line = claim.lines[n - 1] if n <= len(claim.lines) else None
        if line is None:
            rows.append('<tr><td colspan="12" class="shade"></td></tr><tr>' + "<td></td>" * 12 + "</tr>")
            continue

        def cell(item: str, text: str, line_no: int = n) -> str:
            cls, flags = m.cell(line_no, item)
            return f"<td{cls}>{escape(text)}{flags}</td>"

        npi = line.rendering_npi or rendering_default
        rows.append(f'<tr><td colspan="12" class="shade">line {n}</td></tr><tr>'
                    + cell("24A", form_date(line.from_date)) + cell("24A", form_date(line.to_date))
                    + cell("24B", line.place_of_service) + cell("24C", "Y" if line.emergency else "")
                    + cell("24D", line.procedure) + cell("24D", " ".join(line.modifiers))
                    + cell("24E", line.pointers) + cell("24F", form_money(line.charge))
                    + cell("24G", format(line.units.normalize(), "f")) + cell("24H", "")
                    + cell("24I", "NPI" if npi else "") + cell("24J", npi) + "</tr>")
    extra, flags = m.box("24")
    return (f'<div class="row{extra}" style="grid-template-columns:1fr"><div class="f"><span class="n">24</span>'
            f'<span class="l">Services (shaded strip: supplemental data such as NDC)</span>{flags}'
            f"<table>{head}{''.join(rows)}</table></div></div>")
