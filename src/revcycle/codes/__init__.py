"""Code sets: ICD-10-CM, HCPCS Level II, CPT (numbers and the book's own summaries), ICD-10-PCS, place of
service, NCCI edits, NPIs and remittance codes.

Each code-set module answers the same four questions with the same names: ``normalize(text)``,
``is_valid(code)``, ``describe(code)`` and ``search(text)``. Import the module you need; nothing here loads a
code set until it is asked for.
"""
