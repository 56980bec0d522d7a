"""Templates for the chapter career-paths: CEUs owed after adding a credential, which body grants a credential, and
where a move in the career-path map leads. Keys come from careers.ceu, careers.credentials and careers.paths."""

from __future__ import annotations

import random

from workbook.exercises.templates import template
from workbook.exercises.templates.base import Made, exercise, shuffled

CHAPTER = "career-paths"
NAMES = ("Maya Sample", "Sam Placeholder", "Priya Example", "Jordan Placeholder", "Luis Fixture", "Grace Notreal",
         "Omar Testperson", "Keisha Madeup", "Tomas Imaginary", "Ana Example")
#: Credentials drawn for the CEU drill: those whose CEU rule the sourced tables hold.
AAPC_POOL = ("CPC", "CPB", "COC", "CIC", "CRC", "CPC-P", "CPMA")
AHIMA_POOL = ("CCA", "CCS", "CCS-P", "RHIT", "CDIP")
CEU_SOURCE = ("AAPC, CEU Information - Members; AHIMA, Recertification and its CEU table (CDIP 30, CCA/CCS/CCS-P/RHIT "
              "20, 10 more per further credential, 50 at most)")


@template("career-ceus-after", CHAPTER, "Compute the CEUs a body requires after a credential is added")
def ceus_after(rng: random.Random, ex_id: str) -> Made:
    """A person holding a few AAPC and AHIMA credentials adds one; how many CEUs does that body now require?"""
    from careers import ceu

    body = rng.choice(("AAPC", "AHIMA"))
    pool = AAPC_POOL if body == "AAPC" else AHIMA_POOL
    held = rng.sample(pool, rng.randint(1, 3 if body == "AAPC" else 2))
    adds = rng.choice([c for c in pool if c not in held])
    other = rng.choice(AHIMA_POOL if body == "AAPC" else AAPC_POOL)
    everything = [*held, other, adds]
    answer = ceu.required_ceus(everything)[body]
    name = rng.choice(NAMES)
    prompt = (f"**Case.** {name} holds the {', '.join(held)} and the {other}, and passes the **{adds}**. How many "
              f"**{body}** CEUs does {name.split()[0]} owe every two years now?")
    mine = [c for c in everything if ceu.body_of(c) == body]
    if body == "AAPC":
        working = (f"AAPC counts its credentials: {len(mine)} ({', '.join(mine)}) means {answer} CEUs. The "
                   f"{other} is AHIMA's and does not count toward AAPC's number.")
    else:
        table = {**ceu.AHIMA_SINGLE, **ceu.AHIMA_SINGLE_MORE}
        base = max(mine, key=lambda c: table[c])
        raw = table[base] + ceu.AHIMA_EXTRA * (len(mine) - 1)
        cap = f", capped at {ceu.AHIMA_MAX}" if raw > ceu.AHIMA_MAX else ""
        working = (f"AHIMA starts from the largest single requirement, the {base}'s {table[base]}, and adds "
                   f"{ceu.AHIMA_EXTRA} for each of the other {len(mine) - 1}: {raw}{cap}, so {answer}. The {other} "
                   "is AAPC's and does not count toward AHIMA's number.")
    return exercise(ex_id, "numeric", prompt, str(answer), working, unit="CEUs", decimals=0, source=CEU_SOURCE,
                    topic="career-ceus-after", domains=(), case=True,
                    hints=["Count only the credentials of the body the question asks about.",
                           "AAPC counts its credentials; AHIMA starts from the largest single requirement."])


@template("career-credential-body", CHAPTER, "Name the body that grants an advanced credential")
def credential_body(rng: random.Random, ex_id: str) -> Made:
    """Which body grants a credential of the chapter's table?"""
    from careers.credentials import BODIES, CREDENTIALS

    c = CREDENTIALS[rng.choice(sorted(CREDENTIALS))]
    options = shuffled(rng, c.body, list(BODIES), n=4)
    prompt = f"Who grants the **{c.code}** ({c.name}), the credential for {c.certifies}?"
    explanation = (f"The {c.code} is granted by {c.body} ({BODIES[c.body]}). AAPC and AHIMA grant most coding "
                   "credentials; HFMA grants the CRCR and NHA the CBCS.")
    return exercise(ex_id, "single", prompt, c.body, explanation, options=options,
                    source=f"careers.credentials; reference {c.source}", topic="career-credential-body", domains=(),
                    hints=["The CRCR is the finance association's; the CBCS is NHA's."])


@template("career-next-role", CHAPTER, "Follow a move on the career-path map")
def next_role(rng: random.Random, ex_id: str) -> Made:
    """From a role, a credential leads to which role on the chapter's map?"""
    from careers.paths import MOVES, ROLES

    move = rng.choice([m for m in MOVES if m.start != "learner"])
    right = ROLES[move.end][0]
    wrong = [t for k, (t, _w) in ROLES.items() if k not in (move.end, move.start, "learner")]
    options = shuffled(rng, right, wrong, n=4)
    name = rng.choice(NAMES)
    prompt = (f"**Case.** {name} works as a **{ROLES[move.start][0].lower()}** and earns the **{move.credential}**. "
              "On this book's career-path map, which role does that move lead to?")
    explanation = (f"The map's move from {ROLES[move.start][0].lower()} with the {move.credential} leads to "
                   f"{right.lower()} ({ROLES[move.end][1]}), the work the credential's own page describes.")
    return exercise(ex_id, "single", prompt, right, explanation, options=options,
                    source=f"careers.paths.MOVES; reference {move.source}", topic="career-next-role", domains=(),
                    case=True, hints=["Read what the credential certifies; the role is the one doing that work."])
