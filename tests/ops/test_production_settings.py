# SPDX-License-Identifier: MPL-2.0
"""What deploy/ relies on in the settings: the example environment's database URL, and media
on S3-compatible storage (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.settings import parse_database_url, s3_media_storage

ENV_PRODUCTION = Path(__file__).resolve().parents[2] / "deploy" / "env.production"


def _example_env() -> dict[str, str]:
    values = {}
    for line in ENV_PRODUCTION.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key] = value.strip('"')
    return values


def test_the_example_database_url_uses_the_local_socket_with_peer_authentication():
    config = parse_database_url(_example_env()["DATABASE_URL"])

    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("motcua", "motcua", "")
    assert config["HOST"] == ""  # libpq's default Unix socket: no password anywhere


def test_the_example_environment_is_production():
    env = _example_env()

    assert env["DEBUG"] == "false" and env["BEHIND_TLS_PROXY"] == "true"
    assert env["AXES_PROXY_COUNT"] == "1"  # deploy/nginx/motcua.conf appends one hop
    assert env["CACHE_URL"].startswith("redis://")  # shared by every gunicorn process
    assert not any(key.startswith("SECRET_KEY") for key in env)  # a credential, not here


def test_s3_media_storage_reads_its_keys_from_files_and_never_overwrites(monkeypatch, tmp_path):
    (tmp_path / "access").write_text("AKIA-TEST\n")
    (tmp_path / "secret").write_text("s3cr3t\n")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "motcua-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.gov.vn")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID_FILE", str(tmp_path / "access"))
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY_FILE", str(tmp_path / "secret"))

    storage = s3_media_storage()

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "motcua-media"
    assert options["endpoint_url"] == "https://s3.example.gov.vn"
    assert options["addressing_style"] == "path"
    assert (options["access_key"], options["secret_key"]) == ("AKIA-TEST", "s3cr3t")
    assert options["file_overwrite"] is False  # two "to-khai.pdf" in a month stay two files
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["region_name"] is None  # empty means "let boto3 decide"


@pytest.mark.parametrize("missing", ["AWS_STORAGE_BUCKET_NAME", "AWS_SECRET_ACCESS_KEY"])
def test_s3_media_storage_without_its_bucket_or_keys_refuses_to_start(monkeypatch, missing):
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "x")
    monkeypatch.delenv(missing)

    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE=s3"):
        s3_media_storage()
