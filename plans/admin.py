from django.contrib import admin

from plans.models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "issuer", "issued_on", "baseline_year", "span", "status"]
    list_filter = ["status"]
    search_fields = ["code", "name"]

    @admin.display(description="规划年度")
    def span(self, plan):
        return plan.span_label
