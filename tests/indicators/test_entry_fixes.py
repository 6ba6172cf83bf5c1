"""Issue 13 point 6 on the entry form: 预计赶上 offers no period already past, the 评价 box keeps the typed
value's evaluation after a validation error, a change of 预计赶上 shows in the history, and an old return's
reason is shown as old once the figure is resubmitted."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from indicators.models import Figure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan")]

URL = "/entry/2024/4/"  # led by 市商务局; 2024 target 16.5 %
MISS = {"explanation": "外需回落", "miss_cause": "external", "remedy": "拓展东盟市场"}


@pytest.fixture
def client(reporter_swj):
    client = Client()
    client.force_login(reporter_swj)
    return client


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 8, 1))


def test_catch_up_offers_only_periods_not_past(client, today):
    html = client.get(URL).content.decode()
    assert 'value="2025-h1"' not in html  # ended 2025-06-30
    assert 'value="2025-q3"' in html and 'value="2026-year"' in html
    response = client.post(URL, {"version": 0, "value": "15", "submit": "1", **MISS, "catch_up": "2025-h1"})
    assert response.status_code == 400
    assert not Figure.objects.exists()


def test_the_assessment_of_the_posted_value_stays_after_an_error(client):
    response = client.post(URL, {"version": 0, "value": "15", "submit": "1"})  # a miss without its reasons
    assert response.status_code == 400
    box = response.content.decode().split('id="assessment"')[1].split("</div>\n</div>")[0]
    assert "未达标" in box and "完成 15%，目标 16.5%" in box
    assert "填写完成值后显示评价" not in box


def test_a_change_of_catch_up_is_in_the_history(client, today):
    client.post(URL, {"version": 0, "value": "15", "save": "1", **MISS, "catch_up": "2025-year"})
    client.post(URL, {"version": 1, "value": "15", "save": "1", **MISS, "catch_up": "2026-h1"})
    html = client.get(URL).content.decode()
    assert "预计赶上：</span>2025年全年 → 2026年上半年" in html
    assert "预计赶上：</span>（空） → 2025年全年" in html


def test_an_old_return_reason_is_shown_as_old(client, coordinator):
    client.post(URL, {"version": 0, "value": "16.8", "submit": "1"})
    reviewer = Client()
    reviewer.force_login(coordinator)
    figure = Figure.objects.get()
    response = reviewer.post(
        f"/figures/{figure.pk}/return/", {"reason": "请核对口径", "version": figure.version}
    )
    assert response.status_code == 302
    assert "退回原因：请核对口径" in client.get(URL).content.decode()
    figure.refresh_from_db()
    response = client.post(URL, {"version": figure.version, "value": "16.9", "submit": "1"})
    assert response.status_code == 302
    queue = reviewer.get("/review/").content.decode()
    assert "上次退回意见：请核对口径" in queue and "退回原因：请核对口径" not in queue
    assert "上次退回意见：请核对口径" in client.get(URL).content.decode()
