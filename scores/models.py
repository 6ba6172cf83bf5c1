"""考核's data: the weights and deductions the coordinator edits in the admin, and a unit's score adjustments."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from departments.models import Department
from plans.models import Plan
from scores import scoring

POINTS = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class ScoringRule(models.Model):
    """One row: the weight of each component and the points deducted per return and per 数据质量提示. The next
    score computed uses what is saved here; every change is kept in the history. Defaults: docs/scores.md."""

    weight_timeliness = models.DecimalField("权重：按时报送率", **POINTS)
    weight_completion = models.DecimalField("权重：指标完成率", **POINTS)
    weight_progress = models.DecimalField("权重：任务推进", **POINTS)
    weight_supervision = models.DecimalField(
        "权重：督办单按时答复", help_text="未启用督办模块时不计入", **POINTS
    )
    per_return = models.DecimalField("每次退回扣分", **POINTS)
    per_unconfirmed = models.DecimalField("每条未核实的数据质量提示扣分", **POINTS)
    per_confirmed = models.DecimalField("每条已核实的数据质量提示扣分", **POINTS)
    deduction_cap = models.DecimalField("扣分上限", **POINTS)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核权重与扣分"
        verbose_name_plural = "考核权重与扣分"

    def __str__(self):
        return "考核权重与扣分"

    def clean(self):
        weights = (
            self.weight_timeliness,
            self.weight_completion,
            self.weight_progress,
            self.weight_supervision,
        )
        if all(w is not None for w in weights) and sum(weights) <= 0:
            raise ValidationError("各项权重不能全为 0。")

    @property
    def weights(self) -> scoring.Weights:
        return scoring.Weights(
            timeliness=self.weight_timeliness,
            completion=self.weight_completion,
            progress=self.weight_progress,
            supervision=self.weight_supervision,
            per_return=self.per_return,
            per_unconfirmed=self.per_unconfirmed,
            per_confirmed=self.per_confirmed,
            deduction_cap=self.deduction_cap,
        )


class ScoreAdjustment(models.Model):
    """The coordinator's adjustment of one unit's score for a plan and year, with the reason (history kept)."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="score_adjustments"
    )
    points = models.DecimalField(
        "调整分值",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(-20)), MaxValueValidator(Decimal(20))],
        help_text="加分为正、减分为负，-20 至 20 分",
    )
    reason = models.TextField("调整理由")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("调整时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "得分调整"
        verbose_name_plural = "得分调整"
        ordering = ["plan", "year", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "department"], name="unique_score_adjustment")
        ]

    def __str__(self):
        return f"{self.department} {self.year}年 {self.points:+}"
