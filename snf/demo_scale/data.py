"""The fixed vocabulary of the generated data: places, names, housing, bodies."""

# province, weight (where labour migrants live), towns: (name, postcode, span)
PROVINCES = (
    ("Zuid-Holland", 22, (("Naaldwijk", 2671, 4), ("Honselersdijk", 2675, 1),
        ("'s-Gravenzande", 2691, 4), ("Rotterdam", 3011, 80), ("Den Haag", 2511, 80),
        ("Dordrecht", 3311, 20), ("Bleiswijk", 2665, 2), ("Leiden", 2311, 25))),
    ("Noord-Brabant", 20, (("Tilburg", 5011, 40), ("Eindhoven", 5611, 50),
        ("Breda", 4811, 30), ("Helmond", 5701, 8), ("Oss", 5341, 8),
        ("Waalwijk", 5141, 5), ("Roosendaal", 4701, 8), ("Deurne", 5751, 3))),
    ("Limburg", 12, (("Venlo", 5911, 18), ("Venray", 5801, 4), ("Horst", 5961, 3),
        ("Roermond", 6041, 8), ("Maastricht", 6211, 20), ("Sittard", 6131, 6))),
    ("Gelderland", 12, (("Nijmegen", 6511, 35), ("Arnhem", 6811, 35),
        ("Tiel", 4001, 7), ("Ede", 6711, 8), ("Apeldoorn", 7311, 25),
        ("Doetinchem", 7001, 9))),
    ("Noord-Holland", 10, (("Amsterdam", 1011, 90), ("Haarlem", 2011, 30),
        ("Alkmaar", 1811, 15), ("Hoorn", 1621, 8), ("Zaandam", 1501, 7))),
    ("Utrecht", 5, (("Utrecht", 3511, 50), ("Amersfoort", 3811, 20),
        ("Veenendaal", 3901, 7))),
    ("Overijssel", 5, (("Zwolle", 8011, 35), ("Enschede", 7511, 35),
        ("Deventer", 7411, 15), ("Almelo", 7601, 8))),
    ("Flevoland", 4, (("Almere", 1311, 50), ("Lelystad", 8211, 15),
        ("Dronten", 8251, 3), ("Emmeloord", 8301, 3))),
    ("Zeeland", 3, (("Middelburg", 4331, 4), ("Goes", 4461, 5),
        ("Terneuzen", 4531, 6))),
    ("Drenthe", 3, (("Emmen", 7811, 15), ("Assen", 9401, 7),
        ("Hoogeveen", 7901, 8))),
    ("Groningen", 2, (("Groningen", 9711, 36), ("Veendam", 9641, 5))),
    ("Friesland", 2, (("Leeuwarden", 8911, 25), ("Sneek", 8601, 5),
        ("Drachten", 9201, 4))),
)  # fmt: skip
STREETS = (
    "Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Schoolstraat",
    "Nieuwstraat", "Julianastraat", "Wilhelminastraat", "Industrieweg", "Hoofdstraat",
    "Kastanjelaan", "Eikenlaan", "Havenweg", "Veilingweg", "Tuinbouwweg", "Lindenlaan",
    "Beatrixlaan", "Oranjestraat", "Parallelweg", "Sportlaan", "Burgemeester Visserweg",
    "Prinses Irenestraat", "Zuidweg", "Noordeinde", "Achterweg", "Polderweg",
)  # fmt: skip
FAMILIES = (
    "De Vries", "Jansen", "Van den Berg", "Bakker", "Visser", "Smit", "Meijer",
    "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
    "Van Leeuwen", "Brouwer", "De Wit", "Dijkstra", "Van Dijk", "Verhoeven",
    "Kuipers", "Van der Linden", "Postma", "Willems", "Van Vliet", "Schouten", "Koster",
    "Kowalski", "Nowak",
)  # fmt: skip
NAME_PATTERNS = (
    "{family} Uitzendbureau BV", "{family} Huisvesting BV", "{town} Flexwonen BV",
    "Flexpool {town} BV", "{family} Personeelsdiensten BV", "Agro {family} BV",
    "{family} Kwekerijen BV", "Euroflex {town} BV", "{family} & Zonen Logies BV",
    "Interwork {town} BV",
)  # fmt: skip
# housing type, weight, beds (low, high), share with use class "wonen"
HOUSING = (
    ("regular_dwelling", 58, (3, 8), 0.95), ("complex_units", 12, (4, 12), 0.8),
    ("residential_units", 10, (2, 8), 0.5), ("hotel_pension", 8, (12, 36), 0.0),
    ("holiday_park", 10, (2, 6), 0.1), ("other", 2, (4, 12), 0.0),
)  # fmt: skip
# inspection body, KvK, town, mail domain, inspectors
BODIES = (
    ("Flexkeur Inspecties BV", "84990011", "Amersfoort", "flexkeur.example",
        ("Marieke Hoekstra", "Daan Kramer", "Lotte Scholten")),
    ("Zuid Huisvestingscontrole BV", "84990022", "Eindhoven",
        "zuidcontrole.example", ("Bram Verbeek", "Noor van Gils", "Ruud Claassen")),
    ("Kustkeuring Nederland BV", "84990033", "Rotterdam", "kustkeuring.example",
        ("Sophie de Jong", "Joris Vermeulen")),
    ("Oost Woonkeur BV", "84990044", "Zwolle", "oostwoonkeur.example",
        ("Femke Nijland", "Henk Wolters")),
)  # fmt: skip
PC_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # F, I, O, Q, U and Y are not used
