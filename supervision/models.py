"""督办单: a notice the coordinator sends a unit whose indicator figure or task report is red (core/lights.py),
which the unit answers by a deadline and the coordinator accepts (办结) or returns — the review workflow of
core/workflow.py over core.models.ReviewedRecord. Unanswered at the deadline it is escalated to the leaders who
follow the unit (UnitLeader)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import ReviewedRecord
from departments.models import Department
from indicators.models import Indicator, Period
from plans.models import Plan
from tasks.models import Task


class Notice(ReviewedRecord):
    class Status(models.TextChoices):
        ISSUED = "issued", "待答复"
        ANSWERED = "answered", "已答复"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已办结"

    class Kind(models.TextChoices):
        FIGURE = "figure", "指标"
        TASK = "task", "任务"

    year = models.PositiveSmallIntegerField("文号年度")
    seq = models.PositiveIntegerField("文号序号")
    department = models.ForeignKey(
        Department, verbose_name="督办单位", on_delete=models.PROTECT, related_name="notices"
    )
    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField("事项类别", max_length=6, choices=Kind.choices)
    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, verbose_name="任务", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_year = models.PositiveSmallIntegerField("事项年度")
    item_period = models.CharField("事项期间", max_length=4, choices=Period.choices)
    item_title = models.CharField("督办事项", max_length=200)
    light_reason = models.CharField("红灯原因", max_length=200)
    facts = models.TextField("存在问题")
    requirement = models.TextField("督办要求")
    reply_by = models.DateField("答复期限")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)
    # The unit's answer.
    rectification = models.TextField("整改情况", blank=True)
    measures = models.TextField("整改措施", blank=True)
    catch_up_year = models.PositiveSmallIntegerField("预计赶上年度", null=True, blank=True)
    catch_up_period = models.CharField("预计赶上期间", max_length=4, choices=Period.choices, blank=True)
    attachments = models.TextField("附件说明", blank=True, help_text="附件以文字列明（名称、份数、要点）")
    first_answered_at = models.DateTimeField("首次答复时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ISSUED)
    review_note = models.TextField("审核意见", blank=True, help_text="退回的原因")
    escalated_at = models.DateTimeField("上报领导时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-year", "-seq"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="unique_notice_number")]

    def __str__(self):
        return f"{self.number} {self.item_title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"〔{self.year}〕{self.seq}号"

    @property
    def is_locked(self) -> bool:
        """Answered (awaiting the coordinator) or 办结: the unit no longer edits its answer."""
        return self.status in (self.Status.ANSWERED, self.Status.ACCEPTED)

    @property
    def awaits_answer(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.RETURNED)

    def overdue(self, today) -> bool:
        """Not answered (or returned and not answered again) after its reply deadline."""
        return self.awaits_answer and today > self.reply_by

    @property
    def catch_up_label(self) -> str:
        if not self.catch_up_year:
            return ""
        return f"{self.catch_up_year}年{self.get_catch_up_period_display() if self.catch_up_period else ''}"


class NoticeCounter(models.Model):
    """The last number given in a year: locked while the next notice takes the one after it."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "督办单文号"
        verbose_name_plural = "督办单文号"

    def __str__(self):
        return f"{self.year}年：{self.last}"


class UnitLeader(models.Model):
    """A leader who follows a unit: they get its overdue 督办单 on their home page and by email."""

    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.CASCADE, related_name="followed_by"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="分管领导",
        on_delete=models.CASCADE,
        related_name="followed_units",
        help_text="应为“领导”角色的用户；逾期未答复的督办单发送到其邮箱",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "分管领导"
        verbose_name_plural = "分管领导"
        ordering = ["department__sort_order", "leader__username"]
        constraints = [models.UniqueConstraint(fields=["department", "leader"], name="unique_unit_leader")]

    def __str__(self):
        return f"{self.leader} 分管 {self.department}"
