from django.contrib import admin
from django.db.models import Count, Prefetch
from import_export import fields, widgets
from simple_history.admin import SimpleHistoryAdmin

from core.resources import EscapingResource, PlanImportExportMixin
from indicators.models import Category, Indicator, IndicatorDepartment, Target

DEPARTMENTS = Prefetch("department_links", queryset=IndicatorDepartment.objects.select_related("department"))


class CategoryResource(EscapingResource):
    name = fields.Field(attribute="name", column_name="名称")
    sort_order = fields.Field(attribute="sort_order", column_name="排序", widget=widgets.IntegerWidget())

    class Meta:
        model = Category
        fields = ("name", "sort_order")
        import_id_fields = ("name",)


class IndicatorResource(EscapingResource):
    code = fields.Field(attribute="code", column_name="代码")
    number = fields.Field(attribute="number", column_name="序号", widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", column_name="指标")
    unit = fields.Field(attribute="unit", column_name="单位")
    mark = fields.Field(attribute="mark", column_name="标记")
    category = fields.Field(
        attribute="category", column_name="一级指标", widget=widgets.ForeignKeyWidget(Category, "name")
    )
    baseline = fields.Field(attribute="baseline", column_name="2022年基数", widget=widgets.DecimalWidget())
    baseline_text = fields.Field(attribute="baseline_text", column_name="2022年基数（原文）")
    departments = fields.Field(column_name="责任部门", readonly=True)

    class Meta:
        model = Indicator
        fields = (
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
        import_id_fields = ("code",)

    def dehydrate_departments(self, indicator):
        return "、".join(link.department.short_name for link in indicator.department_links.all())


class TargetResource(EscapingResource):
    indicator = fields.Field(
        attribute="indicator", column_name="序号", widget=widgets.ForeignKeyWidget(Indicator, "number")
    )
    year = fields.Field(attribute="year", column_name="年度", widget=widgets.IntegerWidget())
    source_text = fields.Field(attribute="source_text", column_name="目标（原文）")
    kind = fields.Field(attribute="kind", column_name="目标类型")
    value = fields.Field(attribute="value", column_name="目标值", widget=widgets.DecimalWidget())
    tolerance = fields.Field(attribute="tolerance", column_name="容差", widget=widgets.DecimalWidget())
    reference = fields.Field(
        attribute="reference", column_name="参照序列", widget=widgets.ForeignKeyWidget(Indicator, "code")
    )

    class Meta:
        model = Target
        fields = ("indicator", "year", "source_text", "kind", "value", "tolerance", "reference")
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
    list_display = ["number", "name", "unit", "mark", "category", "lead_department", "baseline_text"]
    list_display_links = ["number", "name"]
    list_filter = [
        NumberedFilter,
        "category",
        "mark",
        ("department_links__department", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category"]
    search_fields = ["name", "=number"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(DEPARTMENTS)

    @admin.display(description="牵头部门")
    def lead_department(self, indicator):
        links = indicator.department_links.all()
        return links[0].department.short_name if links else "—"


@admin.register(Target)
class TargetAdmin(PlanImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [TargetResource]
    list_display = ["indicator", "year", "source_text", "kind", "value", "tolerance"]
    list_filter = ["year", "kind"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name"]
    autocomplete_fields = ["indicator", "reference"]
