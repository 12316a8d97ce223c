"""``flask --app snf storage ...``: moving files between storage backends."""

import hashlib

import click
from flask import current_app

from snf.storage import key_matches_content, local_storage, s3_storage

storage_cli = click.Group("storage", help="Uploaded files (photos, documents).")


@storage_cli.command("migrate")
def migrate_command():
    """Copy every file of the local folder (SNF_STORAGE_PATH) to the S3 bucket
    (SNF_S3_BUCKET) and verify each copy by its SHA-256. Safe to run again:
    keys are kept, and a file already there is only verified."""
    config = current_app.config
    if not config.get("SNF_S3_BUCKET"):
        raise click.ClickException("SNF_S3_BUCKET is not set: nowhere to copy to.")
    source = local_storage(config, current_app.instance_path)
    target = s3_storage(config)
    copied = failed = 0
    for key in source.list_keys():
        if not _copy_verified(source, target, key):
            failed += 1
            click.echo(f"MISMATCH {key}", err=True)
        copied += 1
    click.echo(f"{copied} file(s) copied and verified, {failed} mismatch(es).")
    if failed:
        raise SystemExit(1)


def _copy_verified(source, target, key: str) -> bool:
    data = source.load(key)
    if not key_matches_content(key, data):
        return False  # the local file is not what its name says
    target.client.put_object(Bucket=target.bucket, Key=key, Body=data)
    copy = target.load(key)
    return hashlib.sha256(copy).digest() == hashlib.sha256(data).digest()
