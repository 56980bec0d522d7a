"""Machinery shared by the code-set modules (cache, full-text search, the ICD-10-CM builder).

Import the public modules in :mod:`revcycle.codes` instead; names here may change between releases.
"""
