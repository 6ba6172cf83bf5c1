"""The dashboard's read-only loading of the plan (selectors.indicator_facts) must say exactly what the models
say: same targets, same judgement, same departments in the same order."""

from decimal import Decimal

import pytest

from departments.models import Department
from indicators import selectors, services
from indicators.models import Target
from tests.conftest import seed_plan

pytestmark = [pytest.mark.usefixtures("plan"), pytest.mark.django_db]


def described(indicator) -> tuple:
    targets = [
        (
            t.pk,
            t.year,
            t.kind,
            t.value,
            t.tolerance,
            t.adjusted_value,
            t.reference_id,
            t.source_text,
            t.is_plain_number,
            t.rule(default_tolerance=Decimal("0.01")),
            t.rule(adjusted=True, default_tolerance=Decimal("0.01")),
        )
        for t in indicator.plan_targets
    ]
    links = [
        (link.department.pk, link.department.code, link.department.short_name, link.order)
        for link in indicator.responsible_links
    ]
    return indicator.pk, indicator.category.name, targets, links, indicator.lead.code


def test_facts_match_the_models(coordinator):
    adjusted = Target.objects.get(indicator__number=1, year=2024)
    services.target_adjust(user=coordinator, target_id=adjusted.pk, value=Decimal("38"), reason="年中调整")
    models = [described(i) for i in selectors.indicator_list(seed_plan())]
    facts = [described(i) for i in selectors.indicator_facts(seed_plan())]
    assert facts == models
    assert len(facts) == 18 and any(t[5] == Decimal("38") for t in facts[0][2])


def test_facts_share_one_department_object_per_department():
    leads = {id(i.lead) for i in selectors.indicator_facts(seed_plan()) if i.lead.code == "gxj"}
    assert len(leads) == 1
    assert isinstance(next(iter(selectors.indicator_facts(seed_plan()))).lead, Department)
