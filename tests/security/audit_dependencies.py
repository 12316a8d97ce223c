"""pip-audit against the pinned dependencies of setup.cfg (install_requires and
the test extras), for ``make test``.

Fails (exit 1) when a pinned version has a known vulnerability. When the
vulnerability service cannot be reached, or cannot tell anything about the
pinned versions (an offline machine, a package mirror without PyPI's JSON API),
it says so and exits 0: an offline ``make test`` must not fail here.

    python tests/security/audit_dependencies.py [--strict]

``--strict`` turns "could not audit" into a failure (for CI with network).
"""

import configparser
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "https://pypi.org/pypi/{name}/{version}/json"
TIMEOUT = 8


def pinned_requirements() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    lines = config["options"]["install_requires"].splitlines()
    lines += config["options.extras_require"]["test"].splitlines()
    return [line.strip() for line in lines if "==" in line]


def service_problem(requirement: str) -> str | None:
    """Why the service cannot audit this pinned version, or None when it can."""
    name, version = requirement.split("==")
    url = SERVICE.format(name=name.split("[")[0], version=version)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"it answers HTTP {exc.code} for {requirement}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return f"it cannot be reached ({exc})"


def audit(requirements: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(requirements) + "\n")
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "-r", handle.name, "--no-deps", "--disable-pip"]
    command += ["--progress-spinner", "off", "--format", "json"]
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=600, check=False
    )
    Path(handle.name).unlink()
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise ConnectionError(result.stderr.strip().splitlines()[-1:])
    return json.loads(result.stdout)


def main() -> int:
    strict = "--strict" in sys.argv
    requirements = pinned_requirements()
    problem = service_problem(requirements[0])
    if problem:
        print(f"pip-audit skipped: PyPI's vulnerability service: {problem}.")
        return 1 if strict else 0
    try:
        report = audit(requirements)
    except (ConnectionError, subprocess.TimeoutExpired) as exc:
        print(f"pip-audit skipped: {exc}")
        return 1 if strict else 0
    vulnerable = [d for d in report["dependencies"] if d.get("vulns")]
    skipped = [d for d in report["dependencies"] if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            name, version = dependency["name"], dependency["version"]
            print(f"VULNERABLE {name}=={version}: {vuln['id']} (fixed in {fixed})")
    audited = len(report["dependencies"]) - len(skipped)
    print(f"pip-audit: {audited} pinned dependencies audited, {len(skipped)} not.")
    if vulnerable:
        return 1
    return 1 if strict and skipped else 0


if __name__ == "__main__":
    sys.exit(main())
