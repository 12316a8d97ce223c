"""Vendored browser code: version, source and licence in one place
(snf/static/vendor/README.md), and the file is the one that README describes."""

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "snf" / "static" / "vendor"


def test_every_vendored_file_is_described_with_its_hash_and_licence():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    bundles = sorted(p for p in VENDOR.iterdir() if p.suffix == ".js")
    assert bundles, "nothing vendored?"
    for bundle in bundles:
        section = readme.split(f"## {bundle.name}", 1)[1].split("\n## ", 1)[0]
        digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
        assert f"`{digest}`" in section, f"{bundle.name}: sha256 in README is stale"
        licence = re.search(r"`([\w.-]+\.LICENSE)`", section).group(1)
        assert (VENDOR / licence).is_file()
        version = re.search(r"\*\*([\d.]+)\*\*", section).group(1)
        banner = bundle.read_text(encoding="utf-8").splitlines()[0]
        assert version in banner, f"{bundle.name}: banner says another version"
