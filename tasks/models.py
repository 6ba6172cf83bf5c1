from datetime import date
from decimal import Decimal

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import ReviewedRecord
from departments.models import Department
from indicators import rules
from indicators.evaluation import default_tolerance
from indicators.models import PERIOD_END, VALUE_FIELD, Period
from plans.models import Plan
from tasks import progress as progress_rules


class Chapter(models.Model):
    """One of the plan's chapters (一、全力保障工业稳定运行 …); its goals, by year, are ChapterGoals."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField("章序号")
    title = models.CharField("标题", max_length=50)

    class Meta:
        verbose_name = "章"
        verbose_name_plural = "章"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_chapter_plan_number")]

    def __str__(self):
        return f"{self.numeral}、{self.title}"

    @property
    def numeral(self) -> str:
        return "一二三四五六七八九十"[self.number - 1]


class ChapterGoal(models.Model):
    """A chapter's goals for one year as written ("到2025年，…", "到2030年，…")."""

    chapter = models.ForeignKey(Chapter, verbose_name="章", on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField("目标年")
    text = models.TextField("目标（原文）")

    class Meta:
        verbose_name = "章目标"
        verbose_name_plural = "章目标"
        ordering = ["chapter", "year"]
        constraints = [models.UniqueConstraint(fields=["chapter", "year"], name="unique_chapter_goal_year")]

    def __str__(self):
        return f"{self.chapter} {self.year}年目标"


class Task(models.Model):
    """A task (1.1 … 6.4): its title, full text and ordered responsible units (first = lead)."""

    chapter = models.ForeignKey(Chapter, verbose_name="章", on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField("编号", max_length=5, help_text="章序号.任务序号，如 4.3")
    seq = models.PositiveSmallIntegerField("章内序号")
    title = models.CharField("标题", max_length=50)
    text = models.TextField("任务内容（原文）")
    units = models.ManyToManyField(
        Department, through="TaskUnit", verbose_name="责任单位", related_name="tasks"
    )

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["chapter__number", "seq"]
        # The number starts with the chapter's, so it is unique within the plan too.
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="unique_task_chapter_number")
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class TaskUnit(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="unit_links")
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="task_links"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "任务责任单位"
        verbose_name_plural = "任务责任单位"
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "department"], name="unique_task_unit"),
            models.UniqueConstraint(fields=["task", "order"], name="unique_task_unit_order"),
        ]

    def __str__(self):
        return f"{self.task.number} — {self.department}"


# Units report half-yearly and yearly, from the first year after the plan was issued.
REPORT_PERIODS = (Period.H1, Period.YEAR)


def report_years(plan: Plan, today: date) -> list[int]:
    """The years a plan's units report task progress for: from its first report year through its last target
    year, and on while its chapters' later goals (due 2030) run — up to the current year."""
    horizon = getattr(plan, "goals_until", None)  # annotated by tasks.selectors.task_plans()
    if horizon is None:
        horizon = ChapterGoal.objects.filter(chapter__plan=plan).aggregate(y=models.Max("year"))["y"]
    horizon = max(plan.last_year, horizon or 0)
    return list(range(plan.first_report_year, max(plan.last_year, min(today.year, horizon)) + 1))


def period_end(year: int, period: str) -> date:
    month, day = PERIOD_END[period]
    return date(year, month, day)


class Commitment(models.Model):
    """A quantitative commitment (任务量化目标) of a task, or of a chapter's goals, with its text as written.

    `scope` and `kind` are separate because the plan combines them ("每年…15项左右", "力争到2025年…5个").
    """

    class Scope(models.TextChoices):
        ANNUAL = progress_rules.Scope.ANNUAL.value, "每年"
        CUMULATIVE = progress_rules.Scope.CUMULATIVE.value, "累计"

    class Kind(models.TextChoices):
        AT_LEAST = rules.Kind.AT_LEAST.value, "达到（不少于）"
        APPROX = rules.Kind.APPROX.value, "左右"
        STRIVE = rules.Kind.STRIVE.value, "力争"
        RELATIVE = rules.Kind.RELATIVE.value, "高于参照"
        LEADING = rules.Kind.LEADING.value, "保持领先"

    task = models.ForeignKey(
        Task, verbose_name="任务", null=True, blank=True, on_delete=models.CASCADE, related_name="commitments"
    )
    chapter = models.ForeignKey(
        Chapter,
        verbose_name="章（章目标）",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goal_commitments",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.CharField("原文", max_length=200)
    label = models.CharField("名称", max_length=50, blank=True, help_text="一句原文含几个数字时区分各项")
    target = models.DecimalField("目标值", null=True, blank=True, **VALUE_FIELD)
    unit = models.CharField("单位", max_length=20, blank=True)
    scope = models.CharField("期限", max_length=10, choices=Scope.choices, default=Scope.CUMULATIVE)
    due_year = models.PositiveSmallIntegerField("目标年", null=True, blank=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.AT_LEAST)
    lead = models.ForeignKey(
        Department, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="led_commitments"
    )
    indicator_number = models.PositiveSmallIntegerField(
        "对应附件指标序号",
        null=True,
        blank=True,
        help_text="任务的量化目标注明对应指标时，其完成数读取该指标的审定值，不再由单位填报",
    )
    per_unit = models.BooleanField(
        "各责任单位分别填报",
        default=False,
        help_text="原文给每个责任单位（如各镇街）下达了数量时勾选：每个单位填报并考核本单位的数；否则只由牵头单位填报",
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "量化目标"
        verbose_name_plural = "量化目标"
        ordering = ["chapter__number", "task__number", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, chapter__isnull=True)
                | models.Q(task__isnull=True, chapter__isnull=False),
                name="commitment_task_or_chapter",
            ),
            # The loader finds a commitment by its text (and label), so reported numbers stay with it.
            models.UniqueConstraint(
                fields=["task", "text", "label"],
                condition=models.Q(task__isnull=False),
                name="unique_task_commitment",
            ),
            models.UniqueConstraint(
                fields=["chapter", "text", "label"],
                condition=models.Q(chapter__isnull=False),
                name="unique_chapter_commitment",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.label or self.text

    @property
    def plan(self) -> Plan:
        return self.task.chapter.plan if self.task_id else self.chapter.plan

    @property
    def is_long_term(self) -> bool:
        """A goal due after the plan's last year (the chapters' 2030 goals)."""
        return self.due_year is not None and self.due_year > self.plan.last_year

    @property
    def owner_label(self) -> str:
        return f"任务 {self.task.number}" if self.task_id else f"第{self.chapter.number}章目标"

    @property
    def target_text(self) -> str:
        """ "100个/年", "力争6项", "15项左右", "保持领先": the target in a few characters."""
        if self.target is None:
            return self.get_kind_display()
        text = f"{rules.fmt(self.target)}{self.unit}"
        if self.kind == self.Kind.STRIVE:
            text = f"力争{text}"
        elif self.kind == self.Kind.APPROX:
            text = f"{text}左右"
        if self.scope == self.Scope.ANNUAL:
            return f"每年{text}"
        return f"{text}（{self.due_year}年）" if self.is_long_term else text

    def asked_of(self, department) -> bool:
        """Whether `department` enters a number for this commitment in its task report: its lead (a collective's
        members when the lead is a collective, their numbers summed), or every unit when the text gives each
        its own quota (`per_unit`). Not when an appendix indicator measures it: its approved figure is read."""
        if self.task_id and self.indicator_number:
            return False
        return self.per_unit or self.lead_id in (department.pk, department.parent_id)

    @property
    def number_hint(self) -> str:
        """What a reporting unit enters for this commitment."""
        if self.scope == self.Scope.ANNUAL:
            return "填本年度截至期末的完成数"
        return f"填自{self.plan.first_year}年起的累计数（或达到的水平）"

    @property
    def goal(self) -> progress_rules.Goal:
        return progress_rules.Goal(
            kind=self.kind,
            scope=self.scope,
            target=self.target,
            unit=self.unit,
            due_year=self.due_year,
            tolerance=default_tolerance(),
            start_year=self.plan.first_year,
        )


class ProgressReport(ReviewedRecord):
    """One responsible unit's report on one task for a half-year or a year: narrative and numbers achieved,
    moving through draft → submitted → accepted, or submitted → returned → draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已采纳"

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="task_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField(
        "期间", max_length=4, choices=[(p.value, p.label) for p in REPORT_PERIODS], default=Period.YEAR
    )
    progress = models.TextField("工作进展", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    # Commitment id → the number as written ("12", "35.5"): one value per commitment of the task, kept in the
    # report so its history shows every change of a number alongside the text.
    numbers = models.JSONField("完成数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField("审核意见", blank=True, help_text="退回的原因")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务推进报告"
        verbose_name_plural = "任务推进报告"
        ordering = ["task__number", "year", "period", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department", "year", "period"], name="unique_report_task_unit_period"
            )
        ]

    def __str__(self):
        return f"{self.task.number} {self.department} {self.year}年{self.get_period_display()}"

    def get_absolute_url(self) -> str:
        return reverse("task_report", args=[self.task.number, self.year, self.period])

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def counts(self) -> bool:
        """Submitted and accepted reports count for progress; drafts and returned ones do not."""
        return self.is_locked

    def number_for(self, commitment: Commitment) -> Decimal | None:
        text = self.numbers.get(str(commitment.pk))
        return Decimal(text) if text not in (None, "") else None


class ReportWaiver(models.Model):
    """A period the coordinator excuses a unit from reporting task progress for (一个单位某年某期无需报送), with the
    reason; a collective's waiver excuses its members. Not owed, so neither in 我的待办 nor in 催报."""

    department = models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.CASCADE, related_name="report_waivers"
    )
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("期间", max_length=4, choices=[(p.value, p.label) for p in REPORT_PERIODS])
    reason = models.CharField("免报原因", max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "任务报告免报"
        verbose_name_plural = "任务报告免报"
        ordering = ["-year", "period", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "period"], name="unique_report_waiver")
        ]

    def __str__(self):
        return f"{self.department} {self.year}年{self.get_period_display()}免报"


class ReminderLog(models.Model):
    """One 催报 email round to one department: when, by whom (none from the command) and how much it owed."""

    department = models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    sent_by = models.ForeignKey(
        "departments.User",
        verbose_name="发送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item_count = models.PositiveIntegerField("待报事项数")
    recipient_count = models.PositiveIntegerField("收件人数")

    class Meta:
        verbose_name = "催报记录"
        verbose_name_plural = "催报记录"
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.department} {self.sent_at:%Y-%m-%d %H:%M}"
