"""The standings answer is kept per data version (api/views.py): a change to the figures shows at once."""

import json
from decimal import Decimal

import pytest

from departments import roles
from indicators.models import Indicator
from indicators.services import FigureInput, figure_approve, figure_save
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/mfg2023/standings/?year=2024"


def row(client, number: int) -> dict:
    data = json.loads(client.get(URL).content)
    return next(r for r in data["indicators"] if r["number"] == number)


def test_a_new_approval_shows_in_the_next_answer(token_client, api_data, django_assert_max_num_queries):
    assert row(token_client, 7)["value"] is None
    with django_assert_max_num_queries(8):  # kept: the token, its throttle, the plan list, the data version
        assert row(token_client, 7)["value"] is None
    reporter, boss = make_user("c-kjj", roles.REPORTER, "kjj"), make_user("c-boss", roles.COORDINATOR, "gxj")
    indicator = Indicator.objects.get(plan__code="mfg2023", number=7)
    figure = figure_save(
        user=reporter,
        indicator=indicator,
        year=2024,
        data=FigureInput(value=Decimal("1.97")),
        version=0,
        submit=True,
    )
    assert row(token_client, 7)["value"] is None  # submitted: not for a token
    figure_approve(user=boss, figure_id=figure.pk, version=figure.version)
    assert row(token_client, 7)["value"] == "1.97"
