"""Exercises as data: bank specs, hashed keys, answer normalizing, the checker, seeded templates, generated
practice and the timed exam."""
