"""Career figures for medical coders and billers (:mod:`.outlook`) and a CEU planner (:mod:`.ceu`).

Kept apart from :mod:`revcycle`, which is about the revenue cycle itself.
"""
