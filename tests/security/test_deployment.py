"""Production settings from the environment pass Django's deployment checks; development keeps plain http on
127.0.0.1; no default secret and no default demo password in production."""

import io
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from departments.models import User

SETTINGS = Path(settings.BASE_DIR, "jiangyin_mfg", "settings.py")
OVERRIDES = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS", "SECURE_HSTS_SECONDS")


def production_env(**extra) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would (rightly) fail the checks.
    env = {k: v for k, v in os.environ.items() if k not in (*OVERRIDES, "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return env | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "zhibiao.jiangyin.gov.cn",
        **extra,
    }


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(monkeypatch, env: dict[str, str]) -> dict:
    """settings.py evaluated afresh under `env`, as a dict of its names."""
    for name in OVERRIDES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_placeholder_secret_of_env_example_fails_the_checks():
    env = production_env(SECRET_KEY="change-me-to-a-long-random-string")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "security.W009" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    with pytest.raises(RuntimeError, match="生产环境（DEBUG=false）必须设置 SECRET_KEY"):
        load_settings(monkeypatch, {"DEBUG": "false"})
    result = manage("check", env=production_env(SECRET_KEY=""))
    assert result.returncode != 0 and "必须设置 SECRET_KEY" in result.stderr


def test_production_profile(monkeypatch):
    s = load_settings(monkeypatch, {"DEBUG": "false", "SECRET_KEY": "x" * 50})
    assert s["SECURE_SSL_REDIRECT"] and s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"]
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["X_FRAME_OPTIONS"] == "DENY" and s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["SESSION_COOKIE_AGE"] == 8 * 3600 and s["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert s["SESSION_ABSOLUTE_AGE"] == 12 * 3600
    assert s["AXES_ENABLED"] and s["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert s["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"


def test_development_keeps_plain_http(monkeypatch):
    s = load_settings(monkeypatch, {})
    assert s["DEBUG"] and s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert not s["SECURE_SSL_REDIRECT"] and not s["SESSION_COOKIE_SECURE"] and not s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 0 and "SECURE_PROXY_SSL_HEADER" not in s


def test_https_can_be_switched_off_for_a_local_production_server(monkeypatch):
    s = load_settings(monkeypatch, {"DEBUG": "false", "SECRET_KEY": "x" * 50, "HTTPS": "false"})
    assert not s["SECURE_SSL_REDIRECT"] and not s["SESSION_COOKIE_SECURE"] and s["SECURE_HSTS_SECONDS"] == 0


def test_request_limits_are_set():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 2000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 5


@pytest.mark.django_db
def test_too_many_form_fields_are_refused(client_as):
    response = client_as("coordinator").post("/review/approve/", {"figure_ids": ["1"] * 2001})
    assert response.status_code == 400


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        (None, "不能使用公开的默认密码 jiangyin2025"),
        ("jiangyin2025", "不能使用公开的默认密码 jiangyin2025"),
        ("12345678", "DEMO_PASSWORD 不够安全"),
    ],
)
def test_forced_demo_accounts_in_production_need_a_strong_demo_password(
    plan, settings, monkeypatch, password, message
):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    if password:
        monkeypatch.setenv("DEMO_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        seed("--force")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_forced_demo_accounts_in_production_with_a_strong_password(plan, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", "Zhizao-Qiangshi-2025")
    assert "（来自 DEMO_PASSWORD）" in seed("--force")
    assert User.objects.get(username="leader").check_password("Zhizao-Qiangshi-2025")
