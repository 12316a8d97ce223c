"""Loading the CBS files (DOMAIN.md §7) and what a re-import does to the
locations: a municipality merge moves them, hand-set ones stay."""

import zipfile

from sqlalchemy import func, select

from snf.database import utcnow
from snf.extensions import db
from snf.geo.models import AddressMunicipality, Municipality
from snf.geo.services import find_municipality_code
from snf.inspections import locations
from tests.inspections_factories import make_location

GEMEENTEN_2022 = """\
Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam
0530;GM0530;Hellevoetsluis;28;PV28;Zuid-Holland
0501;GM0501;Brielle;28;PV28;Zuid-Holland
0983;GM0983;Venlo;31;PV31;Limburg
"""
GEMEENTEN_2023 = """\
Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam
2144;GM2144;Voorne aan Zee;28;PV28;Zuid-Holland
0983;GM0983;Venlo;31;PV31;Limburg
"""
PC6HNR_2022 = """\
PC6;Huisnummer;Buurt2022;Wijk2022;Gemeente2022
3221LC;5;05300101;053001;0530
3221LC;7;05300101;053001;0530
3231AA;1;05010101;050101;0501
5911AB;12;09830101;098301;0983
bad line without fields
5911AB;x;09830101;098301;0983
"""
PC6HNR_2023 = """\
PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023
3221LC;5;21440101;214401;2144
3221LC;7;21440101;214401;2144
3231AA;1;21440202;214402;2144
5911AB;12;09830101;098301;0983
"""


def _files(tmp_path, name, gemeenten, pc6hnr, zipped=False):
    municipalities = tmp_path / f"gemeenten_{name}.csv"
    municipalities.write_text(gemeenten, encoding="utf-8")
    addresses = tmp_path / f"pc6hnr{name}0801_gwb.csv"
    addresses.write_text(pc6hnr, encoding="utf-8")
    if zipped:
        archive = tmp_path / f"{name}-pc6hnr.zip"
        with zipfile.ZipFile(archive, "w") as out:
            out.write(addresses, addresses.name)
        addresses = archive
    return ["--municipalities", str(municipalities), "--addresses", str(addresses)]


def _import(runner, args):
    result = runner.invoke(args=["geo", "import", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_cbs_formats_load_and_an_address_finds_its_municipality(runner, tmp_path):
    output = _import(runner, _files(tmp_path, "2022", GEMEENTEN_2022, PC6HNR_2022))
    assert "3 new" in output and "6 lines read, 2 skipped (" in output
    venlo = db.session.get(Municipality, "GM0983")
    assert (venlo.name, venlo.province, venlo.province_code) == (
        "Venlo", "Limburg", "PV31",
    )  # fmt: skip
    assert find_municipality_code("5911 AB", 12) == "GM0983"
    assert find_municipality_code("5911AB", 99) == "GM0983"  # same postcode
    assert find_municipality_code("5911ZZ", 1) == "GM0983"  # same four digits
    assert find_municipality_code("9999ZZ", 1) is None


def test_a_location_gets_its_municipality_from_its_address(runner, tmp_path):
    _import(runner, _files(tmp_path, "2022", GEMEENTEN_2022, PC6HNR_2022))
    location = make_location(postcode="5911 AB", house_number=12, town="Venlo")
    assert location.municipality.name == "Venlo"
    assert not location.municipality_by_hand


def test_a_re_import_after_a_merge_moves_the_locations_and_says_so(runner, tmp_path):
    _import(runner, _files(tmp_path, "2022", GEMEENTEN_2022, PC6HNR_2022))
    helle = make_location(postcode="3221 LC", house_number=5, town="Hellevoetsluis")
    brielle = make_location(postcode="3231 AA", house_number=1, town="Brielle")
    by_hand = make_location(postcode="3221 LC", house_number=7, town="Hellevoetsluis")
    locations.update_location(
        None, by_hand, {"municipality": "GM0983"}, now=utcnow()
    )  # staff's choice, whatever the table says
    assert helle.municipality_code == "GM0530"
    db.session.commit()

    args = _files(tmp_path, "2023", GEMEENTEN_2023, PC6HNR_2023, zipped=True)
    output = _import(runner, args)
    assert "1 new" in output and "2 no longer listed (GM0501, GM0530)" in output
    assert "Locations re-mapped: 2 moved." in output
    assert "GM0530 Hellevoetsluis -> GM2144 Voorne aan Zee: 1" in output
    assert "GM0501 Brielle -> GM2144 Voorne aan Zee: 1" in output
    db.session.expire_all()
    assert helle.municipality_code == brielle.municipality_code == "GM2144"
    assert by_hand.municipality_code == "GM0983"
    assert not db.session.get(Municipality, "GM0530").active

    again = _import(runner, args)
    assert "0 new" in again and "Locations re-mapped: 0 moved." in again
    count = db.session.scalar(select(func.count()).select_from(AddressMunicipality))
    assert count == 4


def test_a_file_in_another_format_is_refused_and_nothing_changes(runner, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("postcode,number\n1234AB,1\n", encoding="utf-8")
    result = runner.invoke(args=["geo", "import", "--addresses", str(wrong)])
    assert result.exit_code != 0 and "PC6" in result.output
    assert runner.invoke(args=["geo", "import"]).exit_code != 0


def test_the_shipped_demo_files_cover_the_demo_towns(runner):
    from snf.geo.demo import DEMO_ADDRESSES, DEMO_MUNICIPALITIES

    args = ["--municipalities", str(DEMO_MUNICIPALITIES)]
    output = _import(runner, [*args, "--addresses", str(DEMO_ADDRESSES)])
    assert "56 in the file; 56 new" in output
    assert find_municipality_code("2671 CK", 12) == "GM1783"  # Naaldwijk: Westland
    assert find_municipality_code("3253 LN", 3) == "GM1924"  # Ouddorp
    assert find_municipality_code("5911 KX", 4) == "GM0983"  # Venlo


def test_a_list_saved_by_a_spreadsheet_in_windows_1252_reads(runner, tmp_path):
    listed = tmp_path / "gemeenten.csv"
    text = GEMEENTEN_2023 + "1900;GM1900;Súdwest-Fryslân;21;PV21;Fryslân\n"
    listed.write_bytes(text.encode("cp1252"))
    _import(runner, ["--municipalities", str(listed)])
    assert db.session.get(Municipality, "GM1900").name == "Súdwest-Fryslân"


def test_an_address_file_ahead_of_the_list_leaves_those_addresses_unmapped(
    runner, tmp_path
):
    _import(runner, _files(tmp_path, "2022", GEMEENTEN_2022, PC6HNR_2022))
    location = make_location(postcode="3221 LC", house_number=5)
    db.session.commit()
    newer = tmp_path / "pc6hnr2023.csv"
    newer.write_text(PC6HNR_2023, encoding="utf-8")
    result = runner.invoke(args=["geo", "import", "--addresses", str(newer)])
    assert result.exit_code == 0, result.output
    assert "Not in the list of municipalities" in result.output
    assert "GM2144 (3)" in result.output
    db.session.expire_all()
    assert location.municipality_code is None
