from django.contrib.auth.models import AbstractUser
from django.db import models


class Department(models.Model):
    """A responsible unit (责任单位) named in the plan: a bureau, a town/park, or an enterprise."""

    class Kind(models.TextChoices):
        BUREAU = "委办局", "委办局"
        TOWN = "镇街园区", "镇街园区"
        RESIDENT = "驻澄单位与企业", "驻澄单位与企业"

    code = models.SlugField("代码", max_length=20, unique=True)
    name = models.CharField("全称", max_length=50, unique=True, help_text="任务文本中的名称，如“市工信局”")
    short_name = models.CharField(
        "简称", max_length=30, unique=True, help_text="附件表格中的名称，如“工信局”"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="所属集合单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="如华士镇属于“各镇街园区”",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person using the tracker; reporters belong to the department whose figures they enter."""

    department = models.ForeignKey(
        Department,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        full = self.get_full_name()
        return f"{full}（{self.username}）" if full else self.username
