from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyHistoryAdmin
from scores.models import ScoreAdjustment, ScoringRule


@admin.register(ScoringRule)
class ScoringRuleAdmin(SimpleHistoryAdmin):
    """One row, seeded with the documented defaults: the coordinator changes it, nobody adds or deletes one."""

    list_display = (
        "__str__",
        "weight_timeliness",
        "weight_completion",
        "weight_progress",
        "weight_supervision",
        "per_return",
        "per_unconfirmed",
        "per_confirmed",
        "deduction_cap",
        "updated_at",
    )
    fieldsets = (
        (
            "权重（只看比例；某项对某单位不适用时不计入该单位）",
            {"fields": ("weight_timeliness", "weight_completion", "weight_progress", "weight_supervision")},
        ),
        ("扣分", {"fields": ("per_return", "per_unconfirmed", "per_confirmed", "deduction_cap")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ScoringRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScoreAdjustment)
class ScoreAdjustmentAdmin(ReadOnlyHistoryAdmin):
    """Adjustments are made on the 考核 page (with a reason, by the coordinator); here they are read."""

    list_display = ("department", "plan", "year", "points", "reason", "updated_by", "updated_at")
    list_filter = ("plan", "year")
