"""Province of a Dutch postcode, by its first two digits (a close approximation:
a few border areas are assigned to their neighbour). Used for statistics only."""

RANGES = [
    (10, 12, "Noord-Holland"),
    (13, 13, "Flevoland"),
    (14, 21, "Noord-Holland"),
    (22, 33, "Zuid-Holland"),
    (34, 39, "Utrecht"),
    (40, 41, "Gelderland"),
    (42, 42, "Zuid-Holland"),
    (43, 45, "Zeeland"),
    (46, 57, "Noord-Brabant"),
    (58, 64, "Limburg"),
    (65, 73, "Gelderland"),
    (74, 77, "Overijssel"),
    (78, 79, "Drenthe"),
    (80, 81, "Overijssel"),
    (82, 83, "Flevoland"),
    (84, 92, "Friesland"),
    (93, 94, "Drenthe"),
    (95, 99, "Groningen"),
]
PROVINCES = sorted({name for _lo, _hi, name in RANGES})


def province_of(postcode: str) -> str:
    try:
        prefix = int(postcode[:2])
    except (TypeError, ValueError):
        return "?"
    for low, high, name in RANGES:
        if low <= prefix <= high:
            return name
    return "?"
