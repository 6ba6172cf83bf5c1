"""A NUL in the path, a query or a form parameter is refused with a Chinese 400 page naming where, and logged:
PostgreSQL refuses NUL in any text, so reaching a view it would be a 500 there."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "url", "data", "where"),
    [
        ("get", "/tasks/%00/", {}, "地址"),
        ("get", "/dashboard/", {"department": "swj\x00"}, "查询参数“department”"),
        ("post", "/figures/1/return/", {"reason": "核对\x00", "version": "1"}, "表单字段“reason”"),
        ("post", "/deadlines/", {"year\x00": "2024"}, "表单字段“year?”"),
    ],
)
def test_nul_is_refused_naming_where(method, url, data, where, client, coordinator, caplog):
    client.force_login(coordinator)
    with caplog.at_level(logging.WARNING, logger="jiangyin.security"):
        response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert f"{where}中含有空字符（NUL），已拒绝" in response.content.decode()
    assert any("拒绝请求" in r.getMessage() and "user=charlie" in r.getMessage() for r in caplog.records)


def test_other_control_characters_reach_the_form(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/dashboard/", {"department": "swj\x01"}).status_code == 200
