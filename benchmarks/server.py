"""The app under test: a scratch database, migrations, demo data, gunicorn.

With ``scale`` the database is a copy of the cached ``demo --scale N`` database
(benchmarks/scale.py) instead of a fresh one.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import scale as scaled
from benchmarks.client import fetch

ROOT = Path(__file__).resolve().parent.parent
READY_PATH = "/api/v1/ping"
START_TIMEOUT_S = 30.0
# Load tests of the register would meet its per-client rate limits at once.
UNLIMITED = "1000000/minute"
LIMITS = (
    "SNF_LIMIT_REGISTRY",
    "SNF_LIMIT_TRUSTED",
    "SNF_LIMIT_VERIFY",
    "SNF_LIMIT_VERIFY_TRUSTED",
)
STOP_TIMEOUT_S = 10.0
LOG_TAIL_LINES = 20


class AppStartError(Exception):
    """The app could not be prepared or did not start answering."""


@dataclass(frozen=True)
class Server:
    base_url: str
    database: str  # the URL with any password hidden, for reports
    prepared: tuple[str, ...] = ()  # the set-up steps that ran


def bench_env(workdir: Path, database_url: str | None) -> dict[str, str]:
    """The environment of every subprocess: its own database, secret key, key
    ring, file storage and rate-limit counters (never the repo's instance/),
    and limits too high to be reached."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'snf.db'}"
    env["SECRET_KEY"] = secrets.token_urlsafe(48)
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("SNF_PUBLIC_URL", "http://127.0.0.1")
    env["SNF_KEYS_PATH"] = str(workdir / "keys")
    env["SNF_STORAGE_PATH"] = str(workdir / "storage")
    for name in LIMITS:
        env.setdefault(name, UNLIMITED)
    # Counted as deployed (snf/ratelimit.py), in a file of this run's own.
    env.setdefault("RATELIMIT_STORAGE_URI", f"snfdb+sqlite:///{workdir}/ratelimits.db")
    return env


def _flask(env: dict[str, str], *args: str, check: bool = True):
    command = [sys.executable, "-m", "flask", "--app", "snf", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        tail = "\n".join(output[-LOG_TAIL_LINES:])
        raise AppStartError(f"`flask {' '.join(args)}` failed:\n{tail}")
    return result


def prepare_database(env: dict[str, str], scale: int = 0) -> list[str]:
    """Migrate and load the demo data (and the norms, once that command exists),
    with ``scale`` generated companies on a database given by URL.

    Returns what was done, in order, for the report.
    """
    _flask(env, "db", "upgrade")
    steps = ["db upgrade"]
    if _flask(env, "norms", "--help", check=False).returncode == 0:
        _flask(env, "norms", "load")
        steps.append("norms load")
    else:
        steps.append("(no `flask norms` yet: norms not loaded)")
    if scale:
        _flask(env, "demo", "--scale", str(scale))
        return [*steps, f"demo --scale {scale}"]
    _flask(env, "demo")
    return [*steps, "demo"]


def _prepare(workdir: Path, env: dict[str, str], database_url, scale: int):
    """Prepare the database; a scaled SQLite one comes from the cache."""
    if not scale or database_url:
        return prepare_database(env, scale)
    try:
        database = scaled.scaled_database(scale)
        scaled.copy_to(database, workdir)
    except (scaled.ScaleError, OSError) as exc:
        raise AppStartError(str(exc)) from exc
    _flask(env, "db", "upgrade")  # a no-op: the cache key holds the head
    return ["db upgrade", "norms load", database.describe()]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn in its own session, so that Ctrl-C reaches only the harness,
    which then stops gunicorn in order."""
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--error-logfile", str(log)]
    # One shared ~/.gunicorn/gunicorn.ctl would clash between concurrent runs.
    command.append("--no-control-socket")
    # SNF_BENCH_APP (e.g. "candidate:create_app()" with PYTHONPATH) measures a
    # change before it is applied; the set-up steps still use the app as it is.
    # benchmarks/bare.py serves it, with the bare Flask endpoint beside it.
    command.append("benchmarks.bare:create_app()")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_until_ready(base_url: str, process: subprocess.Popen, log: Path) -> None:
    """Poll the ping endpoint until it answers 200, gunicorn dies or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AppStartError(
                f"gunicorn exited with {process.returncode}.\n{_tail(log)}"
            )
        try:
            if fetch(base_url, "GET", READY_PATH, timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AppStartError(f"no answer on {READY_PATH} after {START_TIMEOUT_S:.0f} s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    """SIGTERM (graceful), then SIGKILL for the whole gunicorn process group."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _tail(log: Path, lines: int = LOG_TAIL_LINES) -> str:
    if not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def running_app(
    database_url: str | None, workers: int = 2, scale: int = 0
) -> Iterator[Server]:
    """Prepare a database, start gunicorn, yield it, and always stop it."""
    with tempfile.TemporaryDirectory(prefix="snf-bench-") as tmp:
        workdir = Path(tmp)
        env = bench_env(workdir, database_url)
        prepared = tuple(_prepare(workdir, env, database_url, scale))
        port, log = free_port(), workdir / "gunicorn.log"
        process = start_gunicorn(env, port, workers, log)
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_ready(base_url, process, log)
            yield Server(base_url, _hide_password(env["DATABASE_URL"]), prepared)
        finally:
            stop_gunicorn(process)
