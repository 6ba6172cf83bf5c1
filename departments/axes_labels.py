"""django-axes (login throttling) in Chinese where a translation cannot reach: its app has no verbose_name and
its records' names, shown in the admin's breadcrumbs and selection boxes, are English f-strings. The field and
model names are translated in locale/zh_Hans (changing them here would ask for a migration of axes)."""

from django.apps import apps
from django.utils import timezone


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def axes_in_chinese() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    apps.get_app_config("axes").verbose_name = "登录安全"
    AccessAttempt.__str__ = lambda self: f"{self.username} 的登录尝试（{_when(self.attempt_time)}）"
    AccessFailureLog.__str__ = lambda self: (
        f"{self.username} 登录失败{'并被锁定' if self.locked_out else ''}（{_when(self.attempt_time)}，{self.ip_address}）"
    )
    AccessLog.__str__ = lambda self: f"{self.username} 的登录记录（{_when(self.attempt_time)}）"
