from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyHistoryAdmin
from supervision.models import Notice, UnitLeader


@admin.register(UnitLeader)
class UnitLeaderAdmin(SimpleHistoryAdmin):
    """Which leader follows which unit: they get its overdue 督办单 on their home page and by email."""

    list_display = ("department", "leader")
    list_filter = ("department",)
    search_fields = ("department__name", "leader__username", "leader__first_name", "leader__last_name")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyHistoryAdmin):
    """Read-only here: notices are issued and answered on /supervision/, through the workflow."""

    list_display = ("number", "department", "item_title", "reply_by", "status", "escalated_at")
    list_filter = ("status", "year", "department")
