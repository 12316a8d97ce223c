"""The modules ``tools/mutate.py`` mutates, each with the tests that concern it.

Kept apart from the driver so that the table is read (and changed) on its own.
"""

# key: (module, tests that exercise it)
MODULES = {
    "rules": (
        "snf/norms/rules.py",
        [
            "tests/norms/test_rules.py",
            "tests/norms/test_properties.py",
            "tests/norms/test_thresholds.py",
            "tests/norms/test_compiled_cache.py",
            "tests/norms/test_fast_rules.py",
            "tests/norms/test_version_program.py",
        ],
    ),
    "pyversion": (
        "snf/norms/pyversion.py",
        [
            # writes each version's function afresh: a forked mutmut run
            # reaches build() only through these (the others judge with
            # functions written before the mutant was switched on)
            "tests/norms/test_pyversion.py",
            "tests/norms/test_version_program.py",
            "tests/norms/test_fast_rules.py",
            "tests/norms/test_rules.py",
            "tests/norms/test_thresholds.py",
        ],
    ),
    "rule_path": (
        "snf/norms/rule_path.py",
        [
            "tests/norms/test_pyversion.py",
            "tests/norms/test_rules.py",
            "tests/norms/test_version_program.py",
            "tests/norms/test_fast_rules.py",
            "tests/norms/test_thresholds.py",
            "tests/norms/test_properties.py",
        ],
    ),
    "pyrules": (
        "snf/norms/pyrules.py",
        [
            "tests/norms/test_pyrules_translator.py",
            "tests/norms/test_fast_rules.py",
            "tests/norms/test_version_program.py",
            "tests/norms/test_rules.py",
        ],
    ),
    "norm_services": (
        "snf/norms/services.py",
        [
            "tests/norms/test_version_services.py",
            "tests/norms/test_services.py",
            "tests/norms/test_api.py",
            "tests/norms/test_views.py",
            "tests/norms/test_editing_words.py",
            "tests/norms/test_version_2025_2.py",
        ],
    ),
    "findings": (
        "snf/inspections/findings.py",
        [
            "tests/inspections/test_finding_rules.py",
            "tests/inspections/test_photos_and_findings.py",
            "tests/inspections/test_inspections.py",
            "tests/certificates/test_agri_mark.py",
            "tests/access/test_list_rows.py",
            "tests/certificates/test_enforcement.py",
            "tests/test_home.py",
        ],
    ),
    "enforcement": (
        "snf/certificates/enforcement.py",
        [
            "tests/certificates/test_enforcement.py",
            "tests/inspections/test_planning_powers.py",
        ],
    ),
    "lifecycle": (
        "snf/certificates/lifecycle.py",
        [
            "tests/certificates/test_lifecycle.py",
            "tests/certificates/test_flow.py",
            "tests/certificates/test_status_pages.py",
            "tests/certificates/test_reasons.py",
            "tests/registry/test_api.py",  # change_id_on: the register as of a day
            "tests/registry/test_services.py",  # the same, queried directly
        ],
    ),
    "signing": (
        "snf/certificates/signing.py",
        [
            "tests/certificates/test_signing.py",
            "tests/certificates/test_jose_interop.py",
            "tests/certificates/test_pdf.py",
            "tests/registry/test_verify_page.py",
        ],
    ),
    "permissions": (
        "snf/auth/permissions.py",
        # The matrix (1,000+ tests) runs for every mutant of ``can``; the
        # rules here are role checks, 401/403 and registration, which these
        # cover (the matrix checks the domain policies, mutated on their own).
        ["tests/auth/", "tests/test_registration.py"],
    ),
    "inspection_permissions": (
        "snf/inspections/permissions.py",
        # The matrix (1,000+ tests, every role refused another's objects) is
        # too slow per mutant; the policy table lets in and keeps out by
        # relation, rule by rule.
        [
            "tests/inspections/test_permissions.py",
            "tests/inspections/test_planning_powers.py",
            "tests/inspections/test_location_requests.py",
        ],
    ),
    "certificate_permissions": (
        "snf/certificates/permissions.py",
        # The matrix (1,000+ tests) is too slow per mutant; the policy table
        # in test_registration_access.py lets in and keeps out every role, own
        # company and another's, and the pages and API show the same.
        ["tests/certificates/test_registration_access.py"],
    ),
    "idempotency": (
        "snf/idempotency.py",
        [
            "tests/test_idempotency.py",
            "tests/inspections/test_inspections.py",
            "tests/certificates/test_enforcement.py",
            "tests/inspections/test_concurrency.py",
        ],
    ),
    "verify": (
        "snf/registry/verify.py",
        [
            "tests/registry/test_api.py",
            "tests/registry/test_csv_exports.py",
            "tests/registry/test_verify_page.py",
        ],
    ),
    "registry_services": (
        "snf/registry/services.py",
        ["tests/registry/"],
    ),
}


# Modules that neither the migrations nor the loading of the shipped norms
# (the test schema and its reference data, tests/conftest.py) pass through:
# their mutants may run on a schema built once per run by the clean run
# (SNF_TEST_SCHEMA_CACHE) instead of once per mutant, which costs more than
# their tests. Never the norms modules.
SCHEMA_FROM_CACHE = {"signing", "verify", "registry_services", "lifecycle"}
