from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A machine's key to the read-only API. Only the SHA-256 of the key is stored: the key itself is shown once,
    when it is created, and cannot be read back."""

    name = models.CharField("名称", max_length=100, unique=True, help_text="使用方，如“城运中心大屏”")
    token_hash = models.CharField("密钥摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True, help_text="空 = 不过期")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def refusal(self, now=None) -> str:
        """Why this token is refused now ("" when it is valid)."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "令牌已吊销"
        if self.expires_at is not None and self.expires_at <= now:
            return "令牌已过期"
        return ""

    @property
    def state_label(self) -> str:
        return self.refusal() or "有效"
