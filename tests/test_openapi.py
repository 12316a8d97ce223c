"""Issue 16.2: /api/v1/openapi.json is a valid document of the OpenAPI
version it declares (the property-based run over every operation is
tests/security/test_api_fuzz.py)."""

import re

from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts, get_spec_version


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_openapi_document_validates_for_the_version_it_declares(client):
    document = _document(client)
    assert get_spec_version(document) == consts.OPENAPIV30
    validate(document)  # raises with the first error, path included


def test_documented_patterns_are_ecma_regular_expressions(client):
    """Python's \\Z is not ECMA-262; the documents says $ (same meaning there)."""
    text = client.get("/api/v1/openapi.json").get_data(as_text=True)
    assert "\\\\Z" not in text and "\\\\A" not in text
    changes = _document(client)["paths"]["/api/v1/registry/changes"]["get"]
    since = next(p for p in changes["parameters"] if p["name"] == "since")
    assert since["schema"]["pattern"] == "^[0-9]{1,9}$"
    assert re.fullmatch(since["schema"]["pattern"].rstrip("$"), "123")
