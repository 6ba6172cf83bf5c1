"""Logging filters named by settings.LOGGING (imported while logging is configured, before the apps: no models)."""

import logging


class RefusalLoggedOnce(logging.Filter):
    """On Django's loggers of refused requests (django.request, django.security.csrf): drop their 403 records.
    Each refusal is already one `拒绝访问` line of core.security.AccessDeniedLogMiddleware with who, where and
    why; Django's own record of a PermissionDenied carries its whole traceback, which buries the security log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 403
