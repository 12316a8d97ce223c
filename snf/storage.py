"""Where uploaded files live: a local folder (the embedded default,
``SNF_STORAGE_PATH``) or any S3-compatible store (``SNF_S3_BUCKET`` with
``SNF_S3_ENDPOINT_URL`` and credentials; MinIO in production).

Keys are derived from the content (``ab/<sha256><suffix>``), never from a file
name: a retried upload stores one object, and a key names exactly one content,
so ``flask --app snf storage migrate`` can verify every copy by its hash. Two
records may share one object; nothing deletes an object a record still names.

Files are served through the app after its access checks; the bucket is never
public (``presigned_url`` gives a short-lived link, for after such a check).
"""

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{32,64}(\.[a-z0-9]{1,8})?")


class Storage(Protocol):
    def save(self, data: bytes, suffix: str) -> str: ...
    def load(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def list_keys(self) -> Iterator[str]: ...
    def check(self) -> None: ...


def content_key(data: bytes, suffix: str) -> str:
    """The key of some content: its SHA-256 in a two-character folder."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest[:2]}/{digest}{suffix.lower()}"
    return checked_key(key)


def checked_key(key: str) -> str:
    if not KEY.fullmatch(key):
        raise ValueError("bad storage key")
    return key


def key_matches_content(key: str, data: bytes) -> bool:
    """True when ``data`` is what a content-derived ``key`` names (older
    random keys of 32 hex digits cannot be checked this way)."""
    name = key.split("/", 1)[1].split(".", 1)[0]
    return len(name) != 64 or hashlib.sha256(data).hexdigest() == name


class LocalStorage:
    """Files under a directory (shared by all processes of one machine)."""

    def __init__(self, root: str):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / checked_key(key)).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("storage key outside the storage root")
        return path

    def save(self, data: bytes, suffix: str) -> str:
        key = content_key(data, suffix)
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # readers never see half a file
        return key

    def load(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list_keys(self) -> Iterator[str]:
        for path in sorted(self.root.glob("*/*")):
            key = path.relative_to(self.root).as_posix()
            if KEY.fullmatch(key):
                yield key

    def check(self) -> None:
        if not os.access(self.root, os.W_OK):
            raise OSError(f"{self.root} is not writable")


class S3Storage:
    """Objects in one bucket of an S3-compatible store (private; read through
    the app or a short-lived presigned URL)."""

    def __init__(self, client, bucket: str):
        self.client = client
        self.bucket = bucket

    def save(self, data: bytes, suffix: str) -> str:
        key = content_key(data, suffix)
        if not self._exists(key):
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ChecksumAlgorithm="SHA256",
            )
        return key

    def _exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey"}:
                return False
            raise
        return True

    def load(self, key: str) -> bytes:
        answer = self.client.get_object(Bucket=self.bucket, Key=checked_key(key))
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=checked_key(key))

    def list_keys(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"]

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def presigned_url(self, key: str, seconds: int = 60) -> str:
        """A link valid for ``seconds``; give it out only after the access check."""
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": checked_key(key)},
            ExpiresIn=seconds,
        )


def s3_storage(config) -> S3Storage:
    import boto3
    from botocore.config import Config as BotoConfig

    client = boto3.client(
        "s3",
        endpoint_url=config.get("SNF_S3_ENDPOINT_URL") or None,
        region_name=config.get("SNF_S3_REGION") or "us-east-1",
        aws_access_key_id=config.get("SNF_S3_ACCESS_KEY") or None,
        aws_secret_access_key=config.get("SNF_S3_SECRET_KEY") or None,
        config=BotoConfig(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
        ),
    )
    return S3Storage(client, config["SNF_S3_BUCKET"])


def local_storage(config, instance_path: str) -> LocalStorage:
    root = config.get("SNF_STORAGE_PATH") or os.path.join(instance_path, "uploads")
    return LocalStorage(root)


def make_storage(app: Flask) -> Storage:
    if app.config.get("SNF_S3_BUCKET"):
        return s3_storage(app.config)
    return local_storage(app.config, app.instance_path)


def storage() -> Storage:
    return current_app.extensions["snf_storage"]
