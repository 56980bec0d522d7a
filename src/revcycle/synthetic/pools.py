"""The synthetic practice's pools: its chargemaster (list prices) and obviously made-up names.

Nobody here is real: last names are words like "Testpatient" and practices are invented places.
"""

from decimal import Decimal

#: The synthetic practice's chargemaster: its own list prices, not what any payer pays.
CHARGEMASTER: dict[str, Decimal] = {
    "99212": Decimal("105.00"),
    "99213": Decimal("150.00"),
    "99214": Decimal("215.00"),
}

PATIENT_FIRST_NAMES = ("Maria", "James", "Aiyana", "Wei", "Fatima", "Robert", "Lena", "Samuel", "Rosa", "Ahmed")
PATIENT_LAST_NAMES = ("Testpatient", "Sampleperson", "Fakename", "Notreal")
PROVIDER_FIRST_NAMES = ("Alex", "Jordan", "Priya", "Sam", "Taylor", "Chen", "Nia", "Omar")
PROVIDER_LAST_NAMES = ("Example", "Sampleton", "Placeholder", "Fictional")
PRACTICE_NAMES = ("Riverbend", "Maple Street", "Hillcrest", "Lakeside")
