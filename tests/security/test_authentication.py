"""Login throttling with django-axes [ASVS 6.1.1, 6.3.1], the security log [ASVS 16.3.1, 16.3.2] and session
lifetime [ASVS 7.3.1, 7.3.2]."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from core import security
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(username: str, password: str, ip: str = "10.1.2.3", **headers):
    client = Client(REMOTE_ADDR=ip, **headers)
    return client, client.post(LOGIN, {"username": username, "password": password})


def security_log(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "jiangyin.security"]


def test_five_failures_lock_that_username_from_that_address(axes_on, reporter_swj, reporter_gxj):
    for _ in range(4):
        assert attempt("alice", "wrong")[1].status_code == 200  # the form again, with its error
    _, locked = attempt("alice", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已暂时锁定" in page and "15 分钟" in page and "连续 5 次登录失败" in page
    # Locked: even the right password is refused now, from that address.
    assert attempt("alice", PASSWORD)[1].status_code == 429
    # The same user from another address, and another user from the same address, still sign in.
    assert attempt("alice", PASSWORD, ip="10.9.9.9")[1].status_code == 302
    assert attempt("bob", PASSWORD)[1].status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(axes_on, reporter_swj):
    for _ in range(5):
        attempt("alice", "wrong")
    assert attempt("alice", PASSWORD)[1].status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client, response = attempt("alice", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_successful_login_resets_the_count(axes_on, reporter_swj):
    for _ in range(4):
        attempt("alice", "wrong")
    assert attempt("alice", PASSWORD)[1].status_code == 302
    for _ in range(4):
        assert attempt("alice", "wrong")[1].status_code == 200


def test_forwarded_address_counts_only_behind_a_trusted_proxy(axes_on, reporter_swj, settings):
    # Without a trusted proxy a forged X-Forwarded-For changes nothing: five failures lock the socket address.
    for i in range(5):
        attempt("alice", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert attempt("alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")[1].status_code == 429
    # Behind one proxy (nginx appends the client's address), the last entry is the client.
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        attempt("alice", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    locked = attempt("alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert locked[1].status_code == 429
    assert (
        attempt("alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")[1].status_code == 302
    )


def test_client_ip(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert security.client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert security.client_ip(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert security.client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: not forwarded as expected
    assert security.client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    request.META["HTTP_X_FORWARDED_FOR"] = "unknown"
    assert security.client_ip(request) == "127.0.0.1"


def test_logins_failures_and_lockouts_are_logged(axes_on, reporter_swj, caplog):
    caplog.set_level("INFO", logger="jiangyin.security")
    attempt("alice", PASSWORD)
    for _ in range(5):
        attempt("alice", "wrong-password")
    log = security_log(caplog)
    assert log[0] == "登录成功 user=alice ip=10.1.2.3 method=POST path=/accounts/login/"
    assert log[1] == "登录失败 user=alice ip=10.1.2.3 method=POST path=/accounts/login/"
    assert log.count(log[1]) == 5
    assert "登录锁定 user=alice ip=10.1.2.3 method=POST path=/accounts/login/" in log
    assert not [line for line in log if "wrong-password" in line or PASSWORD in line]


def test_a_forged_username_cannot_forge_log_lines(caplog):
    caplog.set_level("INFO", logger="jiangyin.security")
    attempt("x\n登录成功 user=admin", "wrong")
    assert security_log(caplog) == [
        "登录失败 user=x?登录成功 user=admin ip=10.1.2.3 method=POST path=/accounts/login/"
    ]


def only_record(caplog):
    """The one record every logger wrote (at any level): a refusal is one security line, without a stack."""
    assert [(r.name, r.levelname) for r in caplog.records] == [("jiangyin.security", "WARNING")]
    record = caplog.records[0]
    assert record.exc_info is None and record.exc_text is None and record.stack_info is None
    assert "Traceback" not in caplog.text and "PermissionDenied" not in caplog.text
    return record.getMessage()


def test_denied_access_is_logged_once_with_its_reason(client_as, caplog):
    client = client_as("reporter_swj")
    caplog.set_level("DEBUG")
    caplog.clear()
    assert client.get("/review/?status=all").status_code == 403
    assert only_record(caplog) == (
        "拒绝访问 user=alice ip=127.0.0.1 method=GET path=/review/?status=all "
        "reason=只有协调员可以审核数据、调整目标和设置截止日期。"
    )


def test_csrf_failure_is_refused_in_chinese_and_logged_once(coordinator, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    caplog.set_level("DEBUG")
    caplog.clear()
    response = client.post("/deadlines/", {"year": 2024, "period": "year", "due_date": "2025-01-31"})
    assert response.status_code == 403
    assert "安全校验未通过" in response.content.decode()
    line = only_record(caplog)
    assert line.startswith("拒绝访问 user=charlie ip=127.0.0.1 method=POST path=/deadlines/ reason=CSRF：")


def test_server_errors_still_reach_djangos_log_with_their_stack(client_as, caplog, monkeypatch):
    """The filter drops only refusals: a 500 is still django.request's ERROR with the exception."""
    from indicators.views import review

    def broken(*args, **kwargs):
        raise RuntimeError("坏了")

    monkeypatch.setattr(review.review_selectors, "lead_departments", broken)
    client = client_as("coordinator")
    client.raise_request_exception = False
    caplog.set_level("DEBUG")
    assert client.get("/review/").status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert len(errors) == 1 and errors[0].exc_info[0] is RuntimeError


def test_sessions_expire_when_idle_and_when_the_browser_closes(settings, reporter_swj):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client, response = attempt("alice", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The server forgets the session 8 hours after its last save.
    session = Session.objects.get()
    assert abs(session.expire_date - timezone.now() - timedelta(hours=8)) < timedelta(minutes=1)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_activity_keeps_the_session_alive(client_as):
    client = client_as("reporter_swj")
    session = client.session
    session[security.SEEN_AT] = int(time.time()) - 120  # last saved two minutes ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))
    assert client.get("/plan/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(hours=7, minutes=59)


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client_as, caplog):
    caplog.set_level("INFO", logger="jiangyin.security")
    client = client_as("reporter_swj")
    assert client.get("/plan/").status_code == 200
    session = client.session
    session[security.LOGIN_AT] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get("/plan/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "会话超时 user=alice" in security_log(caplog)[-2]
    assert client.get("/plan/").status_code == 302  # the session is gone
