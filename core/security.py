"""Security plumbing that is not a view of its own: the client's address, the security log, session lifetime,
no-store headers on signed-in pages, the refusal of requests carrying NUL and of accounts without a role, and
the pages for a CSRF failure and a login lockout (django-axes).

Every login, failed login, logout, lockout and refused request (403) is written to the logger
`jiangyin.security` as `事件 user=… ip=… method=… path=…` [ASVS 16.3.1, 16.3.2].
"""

import ipaddress
import logging
import re
import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

log = logging.getLogger("jiangyin.security")

# Session keys, in seconds since the epoch: when the user signed in, and when the session was last saved.
LOGIN_AT, SEEN_AT = "login_at", "seen_at"
SEEN_EVERY = 60
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the X-Forwarded-For entry the
    outermost trusted proxy appended (entries further left are whatever the client sent)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if count and len(forwarded) >= count:
        try:  # django-axes stores it in an IP address column
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")


def _clean(text) -> str:
    """One line, bounded: a username typed into the login form must not forge log lines."""
    return _UNSAFE.sub("?", str(text))[:150] or "-"


def _event(event: str, request, username=None, level=logging.INFO, **details) -> None:
    if username is None:
        user = getattr(request, "user", None)
        username = user.get_username() if user is not None and user.is_authenticated else "-"
    fields = {
        "user": username,
        "ip": client_ip(request) if request is not None else "-",
        "method": getattr(request, "method", None) or "-",
        "path": request.get_full_path() if request is not None else "-",
        **details,
    }
    log.log(level, "%s %s", event, " ".join(f"{key}={_clean(value)}" for key, value in fields.items()))


def log_request(event: str, request, *, user: str | None = None, level=logging.WARNING, **details) -> None:
    """A security-log line about a request from outside this module (a refused API token)."""
    _event(event, request, username=user, level=level, **details)


def log_event(event: str, *, user: str, level=logging.WARNING, **details) -> None:
    """A security-log line from code without the request (a refused upload in a service or a command)."""
    _event(event, None, username=user, level=level, **details)


@receiver(user_logged_in, dispatch_uid="security_login")
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())
    _event("登录成功", request, username=user.get_username())


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is logged.
    _event("登录失败", request, username=credentials.get("username", ""), level=logging.WARNING)


@receiver(user_logged_out, dispatch_uid="security_logout")
def _on_logout(sender, request, user, **kwargs):
    _event("退出登录", request, username=user.get_username() if user else "-")


@receiver(user_locked_out, dispatch_uid="security_locked_out")
def _on_locked_out(sender, request, username, ip_address, **kwargs):
    _event("登录锁定", request, username=username or "", level=logging.WARNING)


class AccessDeniedLogMiddleware:
    """Log every 403 response (PermissionDenied in a view, a CSRF failure, …) with its reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            reason = getattr(request, "security_denial", "")
            _event("拒绝访问", request, level=logging.WARNING, reason=reason)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request.security_denial = str(exception)


class SessionLifetimeMiddleware:
    """Keep an active session alive and end it SESSION_ABSOLUTE_AGE seconds after sign-in, however active
    [ASVS 7.3.1, 7.3.2]. Saving the session moves its expiry SESSION_COOKIE_AGE (the idle timeout) ahead;
    once a minute is precise enough and spares a database write on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now, session = int(time.time()), request.session
            if now - session.setdefault(LOGIN_AT, now) > settings.SESSION_ABSOLUTE_AGE:
                _event("会话超时", request)
                logout(request)  # LoginRequiredMiddleware then sends the user to the login page
            elif now - session.get(SEEN_AT, 0) >= SEEN_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)


class NulRefusalMiddleware:
    """A NUL character in the path, a query or a form parameter (name or value) gets a 400 page: no one types
    one, and PostgreSQL refuses it in any text it is given to store or compare, which would be a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if where := _nul_in(request):
            _event("拒绝请求", request, level=logging.WARNING, reason=f"{where}含空字符")
            message = f"{where}中含有空字符（NUL），已拒绝。请返回上一页，重新填写后提交。"
            return render(request, "400.html", {"exception": message}, status=400)
        return self.get_response(request)


def _nul_in(request) -> str:
    """Where the request carries a NUL ("地址", "查询参数“year”", "表单字段“reason”"), or ""."""
    if "\x00" in request.path_info:
        return "地址"
    sources = [("查询参数", request.GET)] + ([("表单字段", request.POST)] if request.method == "POST" else [])
    for what, data in sources:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return f"{what}“{_clean(key)}”"
    return ""


class NoStoreMiddleware:
    """Pages seen signed in carry `Cache-Control: no-store` (and Django's never-cache headers): the browser
    keeps no copy of a figure, a report or a download on disk, and the back button after logout shows nothing
    [ASVS 14.3.2]. Static files are served by WhiteNoise before this runs; the login page has the same headers
    from Django's LoginView (its CSRF token must never come from a cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a Chinese 403 page; the reason goes to the security log."""
    request.security_denial = f"CSRF：{reason}"
    message = "安全校验未通过：页面可能已过期，或请求并非从本系统的页面发出。请返回上一页，刷新后重试。"
    return render(request, "403.html", {"exception": message}, status=403)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, HTTP 429 [ASVS 6.3.1]."""
    context = {
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/lockout.html", context, status=429)
