"""The app under gunicorn on its own database, prepared as in a deploy
(``flask db upgrade``, ``flask norms load``), for tests over real HTTP."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self):
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    port: int
    stderr: Path

    def request(self, method, path, headers=None, body=None) -> Reply:
        """One request on a new connection (gunicorn's sync workers close
        every connection after the answer)."""
        payload = None if body is None else json.dumps(body).encode()
        headers = {**(headers or {})}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return Reply(response.status, dict(response.getheaders()), text)
        finally:
            connection.close()

    def log(self) -> str:
        return self.stderr.read_text(errors="replace") if self.stderr.exists() else ""


def app_env(database_url: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="reliability-test-secret-key",
        SNF_KEYS_PATH=str(workdir / "keys"),
        SNF_STORAGE_PATH=str(workdir / "uploads"),
        PYTHONUNBUFFERED="1",
        SNF_PUBLIC_URL="http://127.0.0.1",
    )
    if database_url.startswith("sqlite"):
        # Not the shared instance/ folder: this install's own counters file.
        env["RATELIMIT_STORAGE_URI"] = f"snfdb+sqlite:///{workdir / 'limits.db'}"
    return env


def flask(env: dict[str, str], *args: str) -> str:
    """Run ``flask --app snf ARGS`` as an operator would; fail loudly."""
    command = [sys.executable, "-m", "flask", "--app", "snf", *args]
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn exited:\n{server.log()[-3000:]}"
        try:
            if server.request("GET", "/api/v1/ping").status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer:\n{server.log()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish requests
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def gunicorn(
    env: dict[str, str], workdir: Path, workers: int = 4, while_booting=None
) -> Iterator[Server]:
    """``gunicorn -w WORKERS -b 127.0.0.1:PORT 'snf:create_app()'``; its
    stderr (worker tracebacks, SQLite errors) goes to a file the test reads.
    ``while_booting()`` runs while the workers start (they take seconds)."""
    port, stderr = _free_port(), workdir / "gunicorn.stderr"
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--no-control-socket", "--timeout", "60"]
    with stderr.open("w") as err:
        process = subprocess.Popen(  # noqa: S603
            [*command, "snf:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=err,
            stderr=err,
            start_new_session=True,
        )
    server = Server(port, stderr)
    try:
        if while_booting is not None:
            while_booting()
        _wait_until_ready(server, process)
        yield server
    finally:
        _stop(process)
