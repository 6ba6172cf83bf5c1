from django.contrib import admin
from import_export import fields, widgets
from simple_history.admin import SimpleHistoryAdmin

from core.resources import EscapingResource, PlanImportExportMixin, ScopedForeignKeyWidget
from plans.models import Plan
from tasks.models import Chapter, ChapterGoal, Commitment, ProgressReport, ReportWaiver, Task, TaskUnit
from tasks.selectors import UNITS

PLAN_COLUMN = "规划"


class ChapterResource(EscapingResource):
    plan = fields.Field(
        attribute="plan", column_name=PLAN_COLUMN, widget=widgets.ForeignKeyWidget(Plan, "code")
    )
    number = fields.Field(attribute="number", column_name="章序号", widget=widgets.IntegerWidget())
    title = fields.Field(attribute="title", column_name="标题")
    goals = fields.Field(column_name="目标（原文）", readonly=True)

    class Meta:
        model = Chapter
        fields = ("plan", "number", "title", "goals")
        import_id_fields = ("plan", "number")

    def dehydrate_goals(self, chapter):
        return "".join(goal.text for goal in chapter.goals.all())


class TaskResource(EscapingResource):
    plan = fields.Field(attribute="chapter__plan__code", column_name=PLAN_COLUMN, readonly=True)
    chapter = fields.Field(
        attribute="chapter",
        column_name="章序号",
        widget=ScopedForeignKeyWidget(
            Chapter, "number", scope=lambda row: {"plan__code": row.get(PLAN_COLUMN)}
        ),
    )
    number = fields.Field(attribute="number", column_name="编号")
    seq = fields.Field(attribute="seq", column_name="章内序号", widget=widgets.IntegerWidget())
    title = fields.Field(attribute="title", column_name="标题")
    text = fields.Field(attribute="text", column_name="任务内容（原文）")
    units = fields.Field(column_name="责任单位", readonly=True)

    class Meta:
        model = Task
        fields = ("plan", "chapter", "number", "seq", "title", "text", "units")
        import_id_fields = ("chapter", "number")

    def dehydrate_units(self, task):
        return "、".join(link.department.name for link in task.unit_links.all())


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["number", "title"]
    readonly_fields = ["number", "title"]
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class CommitmentInline(admin.TabularInline):
    """A task's or a chapter's commitments, as loaded from fixtures/plan/commitments.yaml."""

    model = Commitment
    fields = [
        "order",
        "text",
        "label",
        "target",
        "unit",
        "scope",
        "due_year",
        "kind",
        "lead",
        "per_unit",
        "indicator_number",
    ]
    autocomplete_fields = ["lead"]
    ordering = ["order"]
    extra = 0


class ChapterCommitmentInline(CommitmentInline):
    fk_name = "chapter"
    verbose_name = "章目标中的量化目标"
    verbose_name_plural = "章目标中的量化目标"


class ChapterGoalInline(admin.TabularInline):
    model = ChapterGoal
    fields = ["year", "text"]
    ordering = ["year"]
    extra = 0


@admin.register(Chapter)
class ChapterAdmin(PlanImportExportMixin, admin.ModelAdmin):
    resource_classes = [ChapterResource]
    inlines = [ChapterGoalInline, ChapterCommitmentInline, TaskInline]
    list_display = ["number", "title", "plan"]
    list_display_links = ["number", "title"]
    list_filter = ["plan"]


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    fields = ["order", "department"]
    autocomplete_fields = ["department"]
    ordering = ["order"]
    extra = 0


@admin.register(Task)
class TaskAdmin(PlanImportExportMixin, admin.ModelAdmin):
    resource_classes = [TaskResource]
    inlines = [TaskUnitInline, CommitmentInline]
    list_display = ["number", "title", "chapter", "lead_unit", "unit_count"]
    list_display_links = ["number", "title"]
    list_filter = ["chapter", ("unit_links__department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["chapter"]
    search_fields = ["number", "title", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(UNITS)

    @admin.display(description="牵头单位")
    def lead_unit(self, task):
        links = task.unit_links.all()
        return links[0].department.name if links else "—"

    @admin.display(description="责任单位数")
    def unit_count(self, task):
        return len(task.unit_links.all())


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "owner",
        "target_text",
        "scope",
        "kind",
        "lead",
        "per_unit",
        "indicator_number",
    ]
    list_filter = ["scope", "kind", "chapter", ("lead", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["task", "chapter", "lead"]
    search_fields = ["text", "label", "task__number"]
    autocomplete_fields = ["lead"]

    @admin.display(description="所属")
    def owner(self, commitment):
        return commitment.owner_label

    @admin.display(description="目标")
    def target_text(self, commitment):
        return commitment.target_text


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    """Reports are written through the task pages; here they can be searched and their history read."""

    list_display = ["task", "department", "year", "period", "status", "version", "updated_by", "updated_at"]
    list_filter = ["year", "period", "status", ("department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["task", "department", "updated_by"]
    search_fields = ["task__number", "task__title", "department__name", "progress"]
    readonly_fields = ["updated_by", "updated_at", "submitted_at", "reviewed_by", "reviewed_at", "version"]
    autocomplete_fields = ["task", "department"]


@admin.register(ReportWaiver)
class ReportWaiverAdmin(SimpleHistoryAdmin):
    """Periods a unit need not report task progress for (协调员免报), each with its reason; history kept."""

    list_display = ["department", "year", "period", "reason"]
    list_filter = ["year", "period", ("department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["department"]
    search_fields = ["department__name", "reason"]
    autocomplete_fields = ["department"]
