from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path
from import_export import fields, widgets
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from core.resources import EscapingResource, PlanImportExportMixin, ScopedForeignKeyWidget
from indicators import permissions, selectors
from indicators.models import Category, CrossRule, Figure, Indicator, IndicatorDepartment, QualityRule, Target
from indicators.quality_forms import CrossRuleForm, QualityRuleForm
from plans.models import Plan
from plans.selectors import plan_for_year

PLAN_COLUMN = "规划"


def _plan_field() -> fields.Field:
    return fields.Field(
        attribute="plan", column_name=PLAN_COLUMN, widget=widgets.ForeignKeyWidget(Plan, "code")
    )


def _in_row_plan(row) -> dict:
    return {"plan__code": row.get(PLAN_COLUMN)}


def _in_year_plan(row) -> dict:
    """A figure's indicator is one of the plan covering the row's year."""
    try:
        return {"plan": plan_for_year(int(row.get("年度")))}
    except (TypeError, ValueError):
        return {"pk__in": []}


class CategoryResource(EscapingResource):
    plan = _plan_field()
    name = fields.Field(attribute="name", column_name="名称")
    sort_order = fields.Field(attribute="sort_order", column_name="排序", widget=widgets.IntegerWidget())

    class Meta:
        model = Category
        fields = ("plan", "name", "sort_order")
        import_id_fields = ("plan", "name")


class IndicatorResource(EscapingResource):
    plan = _plan_field()
    code = fields.Field(attribute="code", column_name="代码")
    number = fields.Field(attribute="number", column_name="序号", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="指标")
    unit = fields.Field(attribute="unit", column_name="单位")
    mark = fields.Field(attribute="mark", column_name="标记")
    category = fields.Field(
        attribute="category",
        column_name="一级指标",
        widget=ScopedForeignKeyWidget(Category, "name", scope=_in_row_plan),
    )
    baseline = fields.Field(attribute="baseline", column_name="基数", widget=widgets.DecimalWidget())
    baseline_text = fields.Field(attribute="baseline_text", column_name="基数（原文）")
    departments = fields.Field(column_name="责任部门", readonly=True)

    class Meta:
        model = Indicator
        fields = (
            "plan",
            "code",
            "number",
            "name",
            "unit",
            "mark",
            "category",
            "baseline",
            "baseline_text",
            "departments",
        )
        import_id_fields = ("plan", "code")

    def dehydrate_departments(self, indicator):
        return "、".join(link.department.short_name for link in indicator.department_links.all())


class TargetResource(EscapingResource):
    plan = fields.Field(attribute="indicator__plan__code", column_name=PLAN_COLUMN, readonly=True)
    indicator = fields.Field(
        attribute="indicator",
        column_name="序号",
        widget=ScopedForeignKeyWidget(Indicator, "number", scope=_in_row_plan),
    )
    year = fields.Field(attribute="year", column_name="年度", widget=widgets.IntegerWidget())
    source_text = fields.Field(attribute="source_text", column_name="目标（原文）")
    kind = fields.Field(attribute="kind", column_name="目标类型")
    value = fields.Field(attribute="value", column_name="目标值", widget=widgets.DecimalWidget())
    tolerance = fields.Field(attribute="tolerance", column_name="容差", widget=widgets.DecimalWidget())
    reference = fields.Field(
        attribute="reference",
        column_name="参照序列",
        widget=ScopedForeignKeyWidget(Indicator, "code", scope=_in_row_plan),
    )

    class Meta:
        model = Target
        fields = ("plan", "indicator", "year", "source_text", "kind", "value", "tolerance", "reference")
        import_id_fields = ("indicator", "year")


@admin.register(Category)
class CategoryAdmin(PlanImportExportMixin, admin.ModelAdmin):
    resource_classes = [CategoryResource]
    list_display = ["name", "sort_order", "indicator_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(indicator_count=Count("indicators"))

    @admin.display(description="指标数", ordering="indicator_count")
    def indicator_count(self, category):
        return category.indicator_count


class IndicatorDepartmentInline(admin.TabularInline):
    model = IndicatorDepartment
    fields = ["order", "department"]
    autocomplete_fields = ["department"]
    ordering = ["order"]
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    fk_name = "indicator"
    fields = ["year", "source_text", "kind", "value", "tolerance", "reference", "note"]
    autocomplete_fields = ["reference"]
    ordering = ["year"]
    extra = 0


class NumberedFilter(admin.SimpleListFilter):
    """Separates the appendix's 18 indicators from the companion series their targets refer to."""

    title = "指标类型"
    parameter_name = "numbered"

    def lookups(self, request, model_admin):
        return [("yes", "附件指标"), ("no", "配套数据")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(number__isnull=self.value() == "no")
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(PlanImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [IndicatorResource]
    inlines = [IndicatorDepartmentInline, TargetInline]
    list_display = [
        "number",
        "name",
        "unit",
        "mark",
        "attribute",
        "category",
        "lead_department",
        "baseline_text",
    ]
    list_display_links = ["number", "name"]
    list_filter = [
        NumberedFilter,
        "category",
        "mark",
        "attribute",
        ("department_links__department", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category"]
    search_fields = ["name", "=number"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(selectors.DEPARTMENTS)

    @admin.display(description="牵头部门")
    def lead_department(self, indicator):
        lead = indicator.lead
        return lead.short_name if lead else "待分配"


@admin.register(Target)
class TargetAdmin(PlanImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [TargetResource]
    list_display = ["indicator", "year", "source_text", "kind", "value", "tolerance"]
    list_filter = ["year", "kind"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name"]
    autocomplete_fields = ["indicator", "reference"]


# ------------------------------------------------------------------------------------------------------------
# Figures in the admin: export only. They are imported on the import page (/imports/: preview, 数据质量, the
# review workflow, history), through the services the forms use; the admin's 导入 leads there.


class FigureResource(EscapingResource):
    indicator = fields.Field(
        attribute="indicator",
        column_name="指标代码",
        widget=ScopedForeignKeyWidget(Indicator, "code", scope=_in_year_plan),
    )
    year = fields.Field(attribute="year", column_name="年度", widget=widgets.IntegerWidget())
    period = fields.Field(attribute="period", column_name="期间")
    value = fields.Field(attribute="value", column_name="完成值", widget=widgets.DecimalWidget())
    rank = fields.Field(attribute="rank", column_name="排名", widget=widgets.IntegerWidget())
    explanation = fields.Field(attribute="explanation", column_name="说明")
    status = fields.Field(attribute="status", column_name="状态", readonly=True)

    class Meta:
        model = Figure
        fields = ("indicator", "year", "period", "value", "rank", "explanation", "status")


@admin.register(Figure)
class FigureAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [FigureResource]
    import_export_change_list_template = "admin/indicators/figure/change_list.html"
    list_display = ["indicator", "year", "period", "value", "rank", "status", "source", "updated_at"]
    list_filter = ["year", "period", "status", "source"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "=indicator__number"]
    raw_id_fields = ["indicator", "updated_by", "reviewed_by"]

    def get_urls(self):
        """The old import address leads to the import page, whatever was posted to it (nothing is read)."""
        page = path("import/", self.admin_site.admin_view(lambda request: redirect("imports:index")))
        return [page, *super().get_urls()]

    def get_queryset(self, request):
        figures = super().get_queryset(request)
        if request.user.is_superuser or permissions.can_import_all(request.user):
            return figures
        return figures.filter(indicator__in=permissions.indicators_importable_by(request.user))


# ------------------------------------------------------------------------------------------------------------
# 数据质量 rules: loaded by load_plan from fixtures/plan/quality.yaml, edited here by the coordinator, versioned.


@admin.register(QualityRule)
class QualityRuleAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", *QualityRule.RULE_FIELDS[:6]]
    list_filter = ["indicator__plan"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "indicator__code"]
    autocomplete_fields = ["indicator"]
    form = QualityRuleForm


@admin.register(CrossRule)
class CrossRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "plan", "expression", "level", "periods"]
    list_filter = ["plan", "level"]
    search_fields = ["code", "expression", "message"]
    form = CrossRuleForm
