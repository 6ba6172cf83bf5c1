"""Personas of task reporting and a fixed today."""

from datetime import date

import pytest
from django.utils import timezone

from departments import roles
from tests.conftest import make_user

# 2025 上半年 has ended and is the period due; the years reported are 2024 and 2025.
TODAY = date(2025, 7, 15)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def hsz(plan):
    """A reporter of 华士镇: listed on 4.1 by name, on 1.1 … through 各镇街园区, not on 4.3."""
    return make_user("hsz-reporter", roles.REPORTER, "hsz")


@pytest.fixture
def gxq(plan):
    return make_user("gxq-reporter", roles.REPORTER, "gxq")


@pytest.fixture
def lgkfq(plan):
    return make_user("lgkfq-reporter", roles.REPORTER, "lgkfq")


@pytest.fixture
def gxj(plan):
    """A reporter of 市工信局, the lead of most tasks."""
    return make_user("gxj-reporter", roles.REPORTER, "gxj")


@pytest.fixture
def yd(plan):
    """A reporter of 江阴移动, the fourth unit of 4.3."""
    return make_user("yd-reporter", roles.REPORTER, "yd", email="yd@jiangyin.local")


@pytest.fixture
def scjgj(plan):
    return make_user("scjgj-reporter", roles.REPORTER, "scjgj")
