"""The data behind the charts, read from the pages as the browser gets it: a year without figures is null (a
gap), never 0, and indicator 5 carries the companion series its relative target is judged against."""

import json
import re

import pytest
from django.test import Client

from departments.models import User
from departments.services import demo_accounts_create
from indicators.demo import demo_figures_create
from indicators.models import Figure, Indicator
from tests.indicators.test_dashboard import expected_standings

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(plan):
    demo_accounts_create(password="x")
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))
    Figure.objects.filter(year=2025).delete()  # the plan's last year left unreported: 2023 and 2024 only
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    return client


def chart_json(client, url: str, element_id: str):
    html = client.get(url).content.decode()
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_trend_is_null_for_a_year_without_approved_figures(leader):
    trend = {t["year"]: t["on_track"] for t in chart_json(leader, "/dashboard/?year=2024", "chart-trend")}
    for year in (2023, 2024):
        expected = expected_standings(year)
        assert trend[year] == expected["已达标"] + expected["基本达标"]
    assert trend[2025] is None


def test_indicator_series_leaves_unreported_years_empty(leader):
    series = chart_json(leader, "/indicators/1/", "indicator-series")
    indicator = Indicator.objects.get(number=1)
    figures = {f.year: float(f.value) for f in Figure.objects.filter(indicator=indicator, period="year")}
    assert series["years"] == ["2022年", "2023年", "2024年", "2025年"]
    assert series["actuals"] == [float(indicator.baseline), figures[2023], figures[2024], None]
    assert series["reference"] is None


def test_indicator_5_draws_its_reference_series(leader):
    series = chart_json(leader, "/indicators/5/", "indicator-series")
    companion = Indicator.objects.get(number__isnull=True)
    values = {f.year: float(f.value) for f in Figure.objects.filter(indicator=companion, period="year")}
    assert set(values) == {2023, 2024}
    assert series["targets"] == [None, None, None, None]  # 高于规上工业增速: no value of its own
    assert series["reference"] == {
        "name": companion.name,
        "values": [
            None if companion.baseline is None else float(companion.baseline),
            values[2023],
            values[2024],
            None,
        ],
    }
