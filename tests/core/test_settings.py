import os
import runpy
from pathlib import Path

import pytest
from django.conf import settings

from jiangyin_mfg.settings import database_from_url


def test_sqlite_path_is_under_the_project():
    db = database_from_url("sqlite:///var/db.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == Path(settings.BASE_DIR) / "var" / "db.sqlite3"
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == Path("/tmp/x.sqlite3")
    assert database_from_url("sqlite://")["NAME"] == ":memory:"
    assert database_from_url("sqlite:///:memory:")["NAME"] == ":memory:"


def test_sqlite_queues_writers_and_keeps_connections(monkeypatch):
    monkeypatch.setenv("DB_CONN_MAX_AGE", "5")
    db = database_from_url("sqlite:///var/db.sqlite3")
    assert db["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    assert db["CONN_MAX_AGE"] == 5
    assert db["CONN_HEALTH_CHECKS"] is False


def test_default_database_is_the_project_sqlite_file(monkeypatch):
    settings_file = str(Path(settings.BASE_DIR, "jiangyin_mfg", "settings.py"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = runpy.run_path(settings_file)["DATABASES"]["default"]
    assert db["NAME"] == Path(settings.BASE_DIR) / "var" / "db.sqlite3"
    assert db["CONN_MAX_AGE"] == 60


def test_postgres_url():
    db = database_from_url("postgres://postgres:p%40ss@127.0.0.1:5432/jiangyin")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], str(db["PORT"])) == (
        "jiangyin",
        "postgres",
        "p@ss",
        "127.0.0.1",
        "5432",
    )
    assert "OPTIONS" not in db
    assert database_from_url("postgresql://u@h/db")["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_HEALTH_CHECKS"] is True


def test_unknown_database_is_refused():
    with pytest.raises(ValueError, match="DATABASE_URL 不支持的数据库类型：mysql"):
        database_from_url("mysql://root@localhost/x")
    with pytest.raises(ValueError, match="DATABASE_URL 不支持的数据库类型：oracle"):
        database_from_url("oracle://u:p@h/x")


def test_uploads_are_capped():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440  # form fields other than files


def test_site_url_is_read_from_the_environment(monkeypatch):
    settings_file = str(Path(settings.BASE_DIR, "jiangyin_mfg", "settings.py"))
    monkeypatch.delenv("SITE_URL", raising=False)
    assert runpy.run_path(settings_file)["SITE_URL"] == "http://127.0.0.1:8000"
    monkeypatch.setenv("SITE_URL", "https://zqs.jiangyin.gov.cn")
    assert runpy.run_path(settings_file)["SITE_URL"] == "https://zqs.jiangyin.gov.cn"


def test_dotenv_gives_defaults_and_the_environment_wins(tmp_path, monkeypatch):
    from jiangyin_mfg.settings import read_dotenv

    env = tmp_path / ".env"
    env.write_text(
        "# a comment\nSITE_URL=https://zhibiao.example.invalid\nDEBUG='false'\n\nGARBAGE LINE\n"
        "DATABASE_URL=postgres://x@127.0.0.1/y\n",
        encoding="utf-8",
    )
    for name in (
        "SITE_URL",
        "DEBUG",
    ):  # set, then removed: monkeypatch puts back what was there after the test
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/kept.sqlite3")
    read_dotenv(env)
    assert os.environ["SITE_URL"] == "https://zhibiao.example.invalid"
    assert os.environ["DEBUG"] == "false"
    assert os.environ["DATABASE_URL"] == "sqlite:///var/kept.sqlite3"  # set before: not overridden
    read_dotenv(tmp_path / "missing.env")  # no file: nothing happens


def test_make_run_points_mail_links_at_its_own_port():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert makefile.count('LISTEN_URL="http://$(HOST):$(PORT)"') == 2  # run and serve
    assert "SITE_URL=" not in makefile  # it would hide the one written in .env


def test_mail_links_follow_the_listening_port_unless_site_url_says(tmp_path, monkeypatch):
    """`make run PORT=8123` sets LISTEN_URL; SITE_URL, from the environment or from .env, wins over it."""
    settings_file = str(Path(settings.BASE_DIR, "jiangyin_mfg", "settings.py"))
    monkeypatch.setenv("SITE_URL", "")  # set, then removed: the .env read below is undone after the test
    monkeypatch.delenv("SITE_URL")
    monkeypatch.setenv("ENV_FILE", str(tmp_path / "none.env"))
    monkeypatch.setenv("LISTEN_URL", "http://127.0.0.1:8123")
    assert runpy.run_path(settings_file)["SITE_URL"] == "http://127.0.0.1:8123"
    env = tmp_path / ".env"
    env.write_text("SITE_URL=https://zhibiao.example.invalid\n", encoding="utf-8")
    monkeypatch.setenv("ENV_FILE", str(env))
    assert runpy.run_path(settings_file)["SITE_URL"] == "https://zhibiao.example.invalid"
