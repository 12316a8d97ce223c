"""Databases at national scale (``--scale N``), generated once and cached.

``flask demo --scale 7000`` takes minutes, so the SQLite file it makes (with
the key ring that signed its certificates) is kept in a cache directory
outside the repo and copied for each run (a run may write: the inspection
benchmarks do). The cache key is the scale, the migration head and a hash of
the generator's source, so a new migration or a changed generator makes a new
file; a file older than ``MAX_AGE_DAYS`` is made again, because the generated
histories and inspections are dated relative to the day they were made.

Cache directory: ``SNF_BENCH_CACHE``, else ``$XDG_CACHE_HOME/snf-bench``, else
``~/.cache/snf-bench``; never inside the repo. One database per scale is kept.
"""

import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_AGE_DAYS = float(os.environ.get("SNF_BENCH_CACHE_DAYS", "7"))
GENERATOR = ROOT / "snf" / "demo_scale"
_GENERATED_IN = re.compile(r"Generated in ([\d.]+) s")


class ScaleError(Exception):
    """The scaled database could not be made."""


@dataclass(frozen=True)
class ScaledDatabase:
    scale: int
    directory: Path  # holds snf.db, keys/ and meta.json
    meta: dict  # generate_s, size_bytes, created, counts

    @property
    def path(self) -> Path:
        return self.directory / "snf.db"

    def describe(self) -> str:
        made = "cached" if self.meta.get("reused") else "generated now"
        seconds, size = self.meta["generate_s"], self.meta["size_bytes"] / 1e6
        return (
            f"demo --scale {self.scale} ({made}: generated in {seconds:.1f} s, "
            f"{size:,.0f} MB)"
        )


def cache_root() -> Path:
    """The cache directory; refuses a place inside the repo."""
    configured = os.environ.get("SNF_BENCH_CACHE")
    if configured:
        root = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        root = Path(base) / "snf-bench"
    root = root.resolve()
    if root == ROOT or ROOT in root.parents:
        raise ScaleError(f"the benchmark cache must not be inside the repo: {root}")
    return root


def migration_head() -> str:
    """The head revision(s) of migrations/, as `flask db upgrade` reaches them."""
    from alembic.script import ScriptDirectory

    return "+".join(sorted(ScriptDirectory(str(ROOT / "migrations")).get_heads()))


def generator_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(GENERATOR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def cache_key(scale: int) -> str:
    return f"scale{scale}-{migration_head()}-{generator_hash()}"


def _fresh(directory: Path) -> dict | None:
    """The meta of a usable cached database, or None."""
    try:
        meta = json.loads((directory / "meta.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    if not (directory / "snf.db").exists():
        return None
    if time.time() - meta.get("created", 0) > MAX_AGE_DAYS * 86_400:
        return None
    return meta


def _flask(env: dict, *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "snf", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
        raise ScaleError(f"`flask {' '.join(args)}` failed:\n{tail}")
    return result.stdout


def _generate(scale: int, directory: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{directory / 'snf.db'}",
        SECRET_KEY=secrets.token_urlsafe(48),
        SNF_KEYS_PATH=str(directory / "keys"),
        SNF_STORAGE_PATH=str(directory / "storage"),
        RATELIMIT_STORAGE_URI="memory://",  # commands count nothing
        SNF_PUBLIC_URL="http://127.0.0.1",
    )
    print(f"  generating demo --scale {scale} (cached after) ...", file=sys.stderr)
    _flask(env, "db", "upgrade")
    _flask(env, "norms", "load")
    started = time.perf_counter()
    output = _flask(env, "demo", "--scale", str(scale))
    took = time.perf_counter() - started
    match = _GENERATED_IN.search(output)
    return {
        "scale": scale,
        "created": time.time(),
        "generate_s": float(match[1]) if match else took,
        "command_s": took,
        "size_bytes": (directory / "snf.db").stat().st_size,
        "output": output.splitlines()[-20:],
    }


def scaled_database(scale: int) -> ScaledDatabase:
    """The cached database of ``scale`` companies, generated when missing."""
    root = cache_root()
    directory = root / cache_key(scale)
    meta = _fresh(directory)
    if meta is not None:
        return ScaledDatabase(scale, directory, {**meta, "reused": True})
    root.mkdir(parents=True, exist_ok=True)
    building = root / f".building-{secrets.token_hex(6)}"
    building.mkdir()
    try:
        meta = _generate(scale, building)
        (building / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        _prune(root, scale)  # older keys of this scale, and this one if too old
        os.replace(building, directory)  # a concurrent run may have won: fine
    except OSError:
        if _fresh(directory) is None:
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return ScaledDatabase(scale, directory, {**meta, "reused": False})


def _prune(root: Path, scale: int) -> None:
    """One database per scale is kept: the others are from another migration
    head or generator (about 1.3 GB each at 7,000)."""
    for old in root.glob(f"scale{scale}-*"):
        shutil.rmtree(old, ignore_errors=True)


def copy_to(database: ScaledDatabase, workdir: Path) -> Path:
    """A private copy of the database and its keys for one run."""
    target = workdir / "snf.db"
    shutil.copyfile(database.path, target)
    shutil.copytree(database.directory / "keys", workdir / "keys", dirs_exist_ok=True)
    return target
