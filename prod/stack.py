"""The multi-process stack on one machine: two gunicorn app servers, two RQ
workers and the scheduler, on PostgreSQL, Redis and an S3-compatible store.

    make prod                      # or: .venv/bin/python -m prod.stack

Settings come from the environment (see README "Production"); what is not
set gets this machine's services: PostgreSQL at 127.0.0.1:5432 (database
``snf_prod``), Redis at 127.0.0.1:6379/0, and a moto S3 server started here
when no ``SNF_S3_ENDPOINT_URL`` is given (use MinIO or S3 in production).
tests/reliability/test_stack.py starts the same stack and checks it.
"""

import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Stack:
    env: dict
    workdir: Path
    app_ports: list[int] = field(default_factory=list)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: list = field(default_factory=list)

    def start(self, app_servers: int = 2, workers: int = 2) -> "Stack":
        if not self.env.get("SNF_S3_ENDPOINT_URL"):
            self._start_s3()
        self._prepare()
        for index in range(app_servers):
            self._start_app(index)
        for index in range(workers):
            self.start_worker(f"worker{index}")
        self._spawn("scheduler", ["-m", "flask", "--app", "snf", "jobs", "schedule"])
        for port in self.app_ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        return self

    def _spawn(self, name: str, args: list[str], env: dict | None = None):
        log = (self.workdir / f"{name}.log").open("w")
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(  # noqa: S603 (our own commands)
            [PYTHON, *args],
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _start_s3(self) -> None:
        port = free_port()
        self._spawn("s3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
        self.env["SNF_S3_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
        wait_for(f"http://127.0.0.1:{port}/moto-api/")

    def _prepare(self) -> None:
        """Deploy steps, once: schema, norms, bucket, the one signing key."""
        ensure_database(self.env["DATABASE_URL"])
        flask(self.env, "db", "upgrade")
        flask(self.env, "norms", "load")
        for command in self.env.get("SNF_PROD_SETUP", "").split(";"):
            if command.strip():  # e.g. `users create ...` for a first admin
                flask(self.env, *shlex.split(command))
        make_bucket(self.env)
        keys = Path(self.env["SNF_KEYS_PATH"])
        if not (keys / "active").exists():  # what `certificates rotate-key` does
            from snf.certificates.keys import KeyRing

            KeyRing(keys).rotate()

    def _start_app(self, index: int) -> None:
        port = free_port()
        metrics_dir = self.workdir / f"metrics{index}"
        metrics_dir.mkdir(exist_ok=True)
        env = {**self.env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        threads = self.env.get("SNF_PROD_APP_WORKERS", "2")
        args = ["-m", "gunicorn", "-w", threads, "-b", f"127.0.0.1:{port}"]
        args += ["--no-control-socket", "--timeout", "60", "snf:create_app()"]
        self._spawn(f"app{index}", args, env)
        self.app_ports.append(port)

    def start_worker(self, name: str) -> None:
        self._spawn(name, ["-m", "flask", "--app", "snf", "jobs", "worker"])

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in self.logs:
            log.close()

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")


def flask(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [PYTHON, "-m", "flask", "--app", "snf", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)}:\n{result.stdout}{result.stderr}")
    return result.stdout


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` when it is missing."""
    from sqlalchemy import create_engine, make_url, text

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    server = create_engine(
        parsed.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with server.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"),
            {"name": parsed.database},
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()


def make_bucket(env: dict) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["SNF_S3_ENDPOINT_URL"],
        region_name=env.get("SNF_S3_REGION", "us-east-1"),
        aws_access_key_id=env["SNF_S3_ACCESS_KEY"],
        aws_secret_access_key=env["SNF_S3_SECRET_KEY"],
    )
    names = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if env["SNF_S3_BUCKET"] not in names:
        client.create_bucket(Bucket=env["SNF_S3_BUCKET"])


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (http to us)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def production_env(workdir: Path) -> dict:
    """This machine's services, unless the environment names others."""
    env = dict(os.environ)
    defaults = {
        "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/snf_prod",
        "SNF_REDIS_URL": "redis://127.0.0.1:6379/0",
        "SNF_S3_BUCKET": "snf-uploads",
        "SNF_S3_ACCESS_KEY": "snf-local",
        "SNF_S3_SECRET_KEY": "snf-local-secret",
        "SNF_KEYS_PATH": str(workdir / "keys"),
        "SNF_KEYS_CREATE": "0",
        "SNF_PUBLIC_URL": "http://127.0.0.1:8000",
        "SECRET_KEY": "make-prod-local-secret-change-me",
        "PYTHONUNBUFFERED": "1",
    }
    for name, value in defaults.items():
        env.setdefault(name, value)
    return env


def main() -> None:
    workdir = Path(os.environ.get("SNF_PROD_DIR") or tempfile.mkdtemp(prefix="snf-"))
    workdir.mkdir(parents=True, exist_ok=True)
    stack = Stack(production_env(workdir), workdir)
    # SIGTERM as Ctrl-C: unwind through `finally`, which stops every child.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        stack.start()
        for port in stack.app_ports:
            print(f"app server: http://127.0.0.1:{port}/  (health: /healthz)")
        print(f"workers: 2, scheduler: 1, logs in {workdir}; Ctrl-C stops all")
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
