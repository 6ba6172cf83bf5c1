"""Machine tokens: created (the key shown once), listed, revoked, and looked up by the key a request sends."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken

LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute per token


class TokenError(Exception):
    """A token command that cannot be carried out; the message says why in Chinese."""


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def token_create(*, name: str, expires_days: int | None = None) -> tuple[ApiToken, str]:
    """A new token and its key (returned once; only its digest is stored)."""
    name = name.strip()
    if not name:
        raise TokenError("令牌名称不能为空")
    if ApiToken.objects.filter(name=name).exists():
        raise TokenError(f"已有名为“{name}”的令牌")
    if expires_days is not None and expires_days < 1:
        raise TokenError("有效天数必须是正整数")
    key = secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
    token = ApiToken.objects.create(name=name, token_hash=token_digest(key), expires_at=expires_at)
    return token, key


@transaction.atomic
def token_revoke(*, name: str) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(name=name).first()
    if token is None:
        raise TokenError(f"没有名为“{name}”的令牌")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(key: str) -> tuple[ApiToken | None, str]:
    """(the valid token, "") or (the token or None, why it is refused)."""
    token = ApiToken.objects.filter(token_hash=token_digest(key)).first() if key else None
    if token is None:
        return None, "令牌无效"
    now = timezone.now()
    if refusal := token.refusal(now):
        return token, refusal
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token, ""
