from django.db import models

from departments.models import Department


class Chapter(models.Model):
    """One of the plan's six chapters (一、全力保障工业稳定运行 …) with its goals as written."""

    number = models.PositiveSmallIntegerField("章序号", unique=True)
    title = models.CharField("标题", max_length=50)
    goals_2025 = models.TextField("2025年目标（原文）")
    goals_2030 = models.TextField("2030年目标（原文）")

    class Meta:
        verbose_name = "章"
        verbose_name_plural = "章"
        ordering = ["number"]

    def __str__(self):
        return f"{self.numeral}、{self.title}"

    @property
    def numeral(self) -> str:
        return "一二三四五六七八九十"[self.number - 1]


class Task(models.Model):
    """A task (1.1 … 6.4): its title, full text and ordered responsible units (first = lead)."""

    chapter = models.ForeignKey(Chapter, verbose_name="章", on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField("编号", max_length=5, unique=True, help_text="章序号.任务序号，如 4.3")
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
