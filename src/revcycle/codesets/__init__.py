"""Machinery shared by the code-set modules (revcycle.icd10cm, .hcpcs, .cpt, .pos): cache, search, builders.

Import the public modules instead; names here may change between releases.
"""
