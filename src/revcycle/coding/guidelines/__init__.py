"""ICD-10-CM chapter-specific guidelines (Section I.C) as small rule engines, one module per group of chapters.

Each module turns a documented clinical fact pattern into the codes and sequence the guidelines call for, and
explains why in the project's own words. They are study aids checked against the shipped code set; the
Official Guidelines and the tabular list decide a real record.
"""
