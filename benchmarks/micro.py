"""In-process benchmarks: a callable in operations per second against a floor.

The floor is the same work done the plainest way (e.g. a rule as a plain Python
function); the ratio says how much of that limit the real code keeps. Add
entries to MICROS with one line each, e.g.::

    Micro("rules-cel", evaluate_with_cel, floor_fn=evaluate_in_python,
          setup=sample_documents)

``target`` (ops/s, optional) is the figure the code should reach; the table
says whether it did. ``per_call`` and ``unit`` (optional) say what one call
does, e.g. 10,000 "numbers": the table then also shows numbers/s. The
mechanism is tested in tests/test_benchmarks_harness.py.
"""

from benchmarks import certificates, geo, registry, residents, rules
from benchmarks.timing import Micro

MICROS: list[Micro] = [
    # SNF 2024.1 on a conform 4-bedroom document: engine vs the rules by hand.
    Micro(
        "rules-snf-2024.1",
        rules.evaluate_engine,
        floor_fn=rules.evaluate_plain,
        setup=rules.setup,
        target=rules.TARGET_PER_S,
    ),
    # A certificate PDF (QR code included) vs the same text and QR on a bare page.
    Micro(
        "certificate-pdf",
        certificates.render,
        floor_fn=certificates.floor,
        setup=certificates.setup,
        target=certificates.TARGET_PER_S,
    ),
    # An information card (residents): embedded DejaVu subset and a QR code.
    Micro(
        "resident-card-pdf",
        residents.render_card,
        setup=residents.card_setup,
        target=residents.CARD_TARGET_PER_S,
    ),
    # The CBS address import (issue 18.2) in lines/s, against csv.reader alone.
    Micro(
        geo.NAME,
        geo.import_file,
        floor_fn=geo.parse_file,
        setup=geo.setup,
        per_call=geo.LINES,
        unit="lines",
    ),
    # Bulk verification of 10,000 KvK numbers on the generated register
    # (benchmarks/registry.py); run at each --scale, 700 companies without one.
    *(
        Micro(
            name,
            fn,
            setup=registry.micro_setup,
            target=1000 / registry.VERIFY_TARGET_MS,
            per_call=registry.NUMBERS,
            unit="numbers",
        )
        for name, fn in zip(
            registry.MICRO_NAMES,
            (registry.verify_today, registry.verify_2014),
            strict=True,
        )
    ),
]
