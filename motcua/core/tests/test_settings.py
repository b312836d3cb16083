import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua import settings as motcua_settings
from motcua.settings import env_bool, env_int, env_secret, parse_database_url


def test_it_parses_an_absolute_sqlite_url():
    config = parse_database_url("sqlite:////var/lib/motcua/db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/var/lib/motcua/db.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_it_resolves_a_relative_sqlite_url_against_the_project():
    config = parse_database_url("sqlite:///data/demo.sqlite3")
    assert config["NAME"] == str(motcua_settings.BASE_DIR / "data" / "demo.sqlite3")


def test_it_parses_a_postgres_url_with_credentials():
    config = parse_database_url("postgres://motcua:b%40d@db.local:5433/motcua?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("motcua", "motcua", "b@d")
    assert (config["HOST"], config["PORT"]) == ("db.local", "5433")
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_it_refuses_an_unknown_database_scheme():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        parse_database_url("mysql://root@localhost/motcua")


def test_env_bool_fails_loudly_on_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_FLAG", "off")
    assert env_bool("SOME_FLAG", True) is False


def test_env_int_fails_loudly_on_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "mười")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)


def test_env_secret_reads_a_file_and_fails_when_it_is_missing(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("API_KEY_FILE", str(secret))
    assert env_secret("API_KEY") == "s3cret"
    monkeypatch.setenv("API_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="API_KEY_FILE"):
        env_secret("API_KEY")


def test_the_project_runs_in_vietnamese_and_hanoi_time(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
