"""The ground every other package stands on: errors, money and dates, each defined once.

* :mod:`revcycle.core.errors`: the one exception hierarchy (bad input, missing data, a rule violated).
* :mod:`revcycle.core.money`: reading amounts (``parse_money``), the cent (``CENT``) and the one rounding rule.
* :mod:`revcycle.core.dates`: reading dates (``parse_date``).
* :mod:`revcycle.core.numbers`: reading whole numbers people type (ASCII digits only).
"""
