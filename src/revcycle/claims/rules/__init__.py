"""The scrubber's edits, each defined once with one vectorized implementation, grouped by what they check:
:mod:`.diagnoses` (item 21), :mod:`.providers` (NPIs), :mod:`.lines` (lines, total, procedure, pointers, place,
charge, units), :mod:`.modifiers` (24D), :mod:`.dates` (24A and timely filing), :mod:`.mue` (units against the
MUE table) and :mod:`.ncci_pairs` (NCCI procedure-to-procedure pairs). :mod:`.base` says what an edit is;
:mod:`.registry` lists them in order and runs them.
"""
