"""Machine tokens: the command, what is stored, refusals (logged), throttling, the admin, and the schema."""

import io
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from api.models import ApiToken
from api.tokens import token_digest
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/mfg2023/standings/"


def run(*args) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_key_once_and_stores_only_its_digest(plan):
    output = run("create", "统计局", "--expires-days", "30")
    key = output.strip().splitlines()[-1].split()[-1]
    token = ApiToken.objects.get(name="统计局")
    assert token.token_hash == token_digest(key) and key not in token.token_hash
    assert token.expires_at is not None and token.revoked_at is None
    assert bearer(key).get(URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    listing = run("list")
    assert "统计局\t有效" in listing and key not in listing


def test_create_refuses_a_duplicate_name_and_a_bad_expiry(plan):
    run("create", "大屏")
    with pytest.raises(CommandError, match="已有名为“大屏”的令牌"):
        run("create", "大屏")
    with pytest.raises(CommandError, match="有效天数必须是正整数"):
        run("create", "另一个", "--expires-days", "0")
    with pytest.raises(CommandError, match="没有名为“无此令牌”的令牌"):
        run("revoke", "无此令牌")


def test_revoke_through_the_command_stops_the_key(plan):
    key = run("create", "督查系统").split()[-1]
    assert bearer(key).get(URL).status_code == 200
    assert "已吊销令牌“督查系统”" in run("revoke", "督查系统")
    assert bearer(key).get(URL).status_code == 401
    assert "督查系统\t令牌已吊销" in run("list")


def test_every_refused_token_is_one_security_log_line(refused_keys, caplog):
    for reason, key in refused_keys.items():
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="jiangyin.security"):
            response = bearer(key).get(URL + "?year=2024")
        assert response.status_code == 401
        assert response.json()["detail"].startswith(reason)
        lines = [r.getMessage() for r in caplog.records if r.name == "jiangyin.security"]
        assert len(lines) == 1, lines
        assert lines[0].startswith("拒绝令牌 ") and f"reason={reason}" in lines[0]
        assert f"path={URL}?year=2024" in lines[0] and key not in lines[0]


def test_a_malformed_authorization_header_is_refused(plan):
    from django.test import Client

    for header in ("Bearer", "Bearer a b", "bearer \u00e9\u00e9"):
        assert Client(headers={"Authorization": header}).get(URL).status_code == 401


def test_tokens_are_throttled_with_a_chinese_429(settings, token_client):
    settings.API_TOKEN_RATE = "3/min"
    cache.clear()
    statuses = [token_client.get("/api/v1/plans/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = token_client.get("/api/v1/plans/")
    assert response.status_code == 429
    assert (
        response.json()["detail"].startswith("请求过于频繁，请") and "秒后再试" in response.json()["detail"]
    )
    assert int(response["Retry-After"]) > 0


def test_the_admin_lists_and_revokes_but_never_shows_a_key(client, plan, django_user_model):
    run("create", "大屏")
    token = ApiToken.objects.get()
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    page = client.get("/admin/api/apitoken/").content.decode()
    assert "大屏" in page and token.token_hash not in page
    change = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.token_hash not in change
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "已吊销 1 个令牌" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_schema_validates():
    """drf-spectacular's own check: the schema is valid OpenAPI 3 and every view is described without a warning."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_the_docs_serve_vendored_assets_only(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "http" not in page and "<style" not in page and "<script>" not in page  # no CDN, nothing inline
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/plans/{code}/standings/" in schema.content
