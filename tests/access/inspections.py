"""Access cases for locations, inspections and findings. The objects in
``world`` belong to another company and another inspection body than the
user of each role, so these cases also prove that nobody reaches someone
else's data (owners are tested in tests/inspections/)."""

from datetime import date

from snf.database import utcnow
from snf.inspections import findings, photos
from tests.access.matrix import Case, api, everyone, page
from tests.inspections_factories import (
    make_inspection,
    make_location,
    png_bytes,
    submitted,
)

FAILING = {
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "occupants": 9,
    "toilets": 1,
}


def build(world: dict) -> None:
    location = make_location()
    world["location"] = location
    world["planned"] = make_inspection(location)
    done = make_inspection(location, scheduled_for=date(2025, 6, 2))
    world["photo"] = photos.add_photo(
        done.inspector, png_bytes(), now=utcnow(), inspection=done
    )
    submitted(done, FAILING)
    world["submitted"] = done
    world["finding"] = done.findings[0]
    assert findings.get_finding(world["finding"].id)


LOC = lambda w: f"/locations/{w['location'].id}"  # noqa: E731
PLANNED = lambda w: f"/inspections/{w['planned'].id}"  # noqa: E731
DONE = lambda w: f"/inspections/{w['submitted'].id}"  # noqa: E731
FINDING = lambda w: f"/findings/{w['finding'].id}"  # noqa: E731
KVK = lambda w: f"/api/v1/companies/{w['location'].company.kvk}"  # noqa: E731
NEW_LOCATION = {
    "street": "Kade",
    "house_number": 7,
    "postcode": "1011 AB",
    "town": "Amsterdam",
    "housing_type": "hotel_pension",
    "beds": 12,
}

CASES = [
    Case(
        "inspections.list_locations",
        "GET",
        "/locations",
        page({"admin": 200, "company": 200}),
    ),
    Case(
        "inspections.new_location",
        "GET",
        "/locations/new",
        page({"admin": 302, "company": 200}),
    ),
    Case(
        "inspections.new_location",
        "POST",
        "/locations/new",
        page({"admin": 302, "company": 200}),
    ),
    Case("inspections.location", "GET", LOC, page({"admin": 200})),
    Case(
        "inspections.edit_location",
        "GET",
        lambda w: LOC(w) + "/edit",
        page({"admin": 200}),
    ),
    # An empty POST keeps the record as it is (the form falls back to it).
    Case(
        "inspections.edit_location",
        "POST",
        lambda w: LOC(w) + "/edit",
        page({"admin": 302}),
    ),
    Case(
        "inspections.list_inspections",
        "GET",
        "/inspections",
        page({"admin": 200, "inspector": 200, "company": 200}),
    ),
    Case(
        "inspections.due",
        "GET",
        "/inspections/due",
        page({"admin": 200, "inspector": 200}),
    ),
    Case(
        "inspections.plan",
        "GET",
        "/inspections/plan",
        page({"admin": 200, "inspector": 200}),
    ),
    Case(
        "inspections.plan",
        "POST",
        "/inspections/plan",
        page({"admin": 200, "inspector": 200}),
    ),
    Case("inspections.inspection", "GET", PLANNED, page({"admin": 200})),
    # Only the assigned inspector starts an inspection; staff do not.
    Case("inspections.start", "POST", lambda w: PLANNED(w) + "/start", page({})),
    Case(
        "inspections.correct",
        "GET",
        lambda w: DONE(w) + "/correct",
        page({"admin": 200}),
    ),
    Case(
        "inspections.report_pdf",
        "GET",
        lambda w: DONE(w) + "/report.pdf",
        page({"admin": 200}),
    ),
    Case(
        "inspections.photo",
        "GET",
        lambda w: f"/attachments/{w['photo'].id}",
        page({"admin": 200}),
    ),
    Case(
        "inspections.list_findings",
        "GET",
        "/findings",
        page({"admin": 200, "inspector": 200, "company": 200}),
    ),
    Case("inspections.finding", "GET", FINDING, page({"admin": 200})),
    Case("inspections.repair", "POST", lambda w: FINDING(w) + "/repair", page({})),
    Case(
        "inspections.decide",
        "POST",
        lambda w: FINDING(w) + "/decision",
        page({"admin": 302}),
    ),
    Case("inspections.whatif_page", "GET", "/whatif", page({"admin": 200})),
    Case(
        "inspections.whatif_csv",
        "GET",
        "/whatif.csv?v=SNF:2021.1&v=SNF:2024.1",
        page({"admin": 200}),
    ),
    Case(
        "inspections_api.create_company",
        "POST",
        "/api/v1/companies",
        api({"admin": 422}),
        json={},
    ),
    Case("inspections_api.get_company_view", "GET", KVK, api({"admin": 200})),
    Case(
        "inspections_api.create_location",
        "POST",
        lambda w: KVK(w) + "/locations",
        api({"admin": 201}),
        json=NEW_LOCATION,
    ),
    Case(
        "inspections_api.get_location",
        "GET",
        lambda w: f"/api/v1/locations/{w['location'].id}",
        api({"admin": 200}),
    ),
    Case(
        "inspections_api.schedule",
        "POST",
        "/api/v1/inspections",
        api({"admin": 422, "inspector": 422}),
        json={},
    ),
    Case(
        "inspections_api.get_inspection",
        "GET",
        lambda w: "/api/v1" + PLANNED(w),
        api({"admin": 200}),
    ),
    # Only the assigned inspector fills in an inspection; staff do not.
    Case(
        "inspections_api.start",
        "POST",
        lambda w: "/api/v1" + PLANNED(w) + "/start",
        api({}),
    ),
    Case(
        "inspections_api.put_observations",
        "PUT",
        lambda w: "/api/v1" + PLANNED(w) + "/observations",
        api({}),
        json={"observations": {}},
    ),
    Case(
        "inspections_api.submit",
        "POST",
        lambda w: "/api/v1" + PLANNED(w) + "/submit",
        api({}),
    ),
    Case(
        "inspections_api.upload_photo",
        "POST",
        lambda w: "/api/v1" + PLANNED(w) + "/photos",
        api({}),
    ),
    # F5: a submitted inspection takes no photo; nobody else's reaches it.
    Case(
        "inspections_api.upload_photo",
        "POST",
        lambda w: "/api/v1" + DONE(w) + "/photos",
        api({}),
    ),
    Case(
        "inspections_api.correct",
        "POST",
        lambda w: "/api/v1" + DONE(w) + "/correction",
        api({"admin": 200}),
        json={"observations": FAILING, "reason": "typo in toilets"},
    ),
    Case(
        "inspections_api.get_finding",
        "GET",
        lambda w: "/api/v1" + FINDING(w),
        api({"admin": 200}),
    ),
    Case(
        "inspections_api.close",
        "POST",
        lambda w: "/api/v1" + FINDING(w) + "/close",
        api({"admin": 200}),
        json={"method": "reinspection", "note": "check"},
    ),
    # The tablet: the service worker, the bundle of the coming days' inspections,
    # and a copy of one's own checklist for offline use (others get 403).
    Case("inspections.service_worker", "GET", "/sw.js", everyone(200)),
    Case(
        "inspections.offline_bundle",
        "GET",
        "/inspections/offline.json",
        {**everyone(200), "anonymous": 302},
    ),
    Case(
        "inspections.offline_checklist",
        "GET",
        lambda w: PLANNED(w) + "/offline",
        page({}),
    ),
]
