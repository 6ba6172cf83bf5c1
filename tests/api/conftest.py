"""The API's fixtures: figures of indicator 4 (市商务局) in every state, tokens, and clients for them."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from api.tokens import token_create, token_revoke
from departments import roles
from indicators.models import Figure, Indicator
from indicators.services import FigureInput, figure_approve, figure_save
from tests.conftest import make_user

# Values that occur nowhere else in the plan, so that finding one in a response means that figure leaked.
APPROVED_VALUE, SUBMITTED_VALUE = "16.6", "18.8"
APPROVED_NOTE, SUBMITTED_NOTE = "内部说明：口径已核对", "内部说明：尚待复核"


@dataclass
class ApiData:
    approved: Figure  # indicator 4, 2024 全年
    submitted: Figure  # indicator 4, 2023 全年: submitted, not yet approved


@pytest.fixture
def api_data(plan) -> ApiData:
    swj = make_user("api-swj", roles.REPORTER, "swj")
    boss = make_user("api-boss", roles.COORDINATOR, "gxj")
    indicator = Indicator.objects.get(plan__code="mfg2023", number=4)

    def submit(year, value, note):
        data = FigureInput(value=Decimal(value), explanation=note)
        return figure_save(user=swj, indicator=indicator, year=year, data=data, version=0, submit=True)

    approved = submit(2024, APPROVED_VALUE, APPROVED_NOTE)
    approved = figure_approve(user=boss, figure_id=approved.pk, version=approved.version)
    submitted = submit(2023, SUBMITTED_VALUE, SUBMITTED_NOTE)
    assert (approved.status, submitted.status) == (Figure.Status.APPROVED, Figure.Status.SUBMITTED)
    return ApiData(approved, submitted)


def bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def token_client(plan) -> Client:
    _, key = token_create(name="城运中心大屏")
    return bearer(key)


@pytest.fixture
def refused_keys(plan) -> dict[str, str]:
    """A key that was never issued, a revoked one and an expired one."""
    _, revoked = token_create(name="已吊销")
    token_revoke(name="已吊销")
    expired_token, expired = token_create(name="已过期", expires_days=1)
    expired_token.expires_at = timezone.now() - timedelta(minutes=1)
    expired_token.save(update_fields=["expires_at"])
    return {"令牌无效": "not-a-token-" + "x" * 30, "令牌已吊销": revoked, "令牌已过期": expired}
