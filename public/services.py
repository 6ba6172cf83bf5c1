"""Publishing a plan year to the public pages and withdrawing it: the coordinator's button and the
`publish_plan` command both come here."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.models import Plan
from public.models import Publication


class PublicationError(Exception):
    """A refusal in Chinese, shown to the coordinator or printed by the command."""


def publish(*, plan: Plan, year: int, user=None) -> Publication:
    """Open the plan's year to the public: its approved annual figures and their statuses. `user` None: the
    command line."""
    if year not in plan.years:
        years = "、".join(f"{y}年" for y in plan.years)
        raise PublicationError(f"规划“{plan.name}”没有 {year} 年（可公开：{years}）")
    try:
        with transaction.atomic():
            return Publication.objects.create(
                plan=plan, year=year, published_by=user, published_at=timezone.now()
            )
    except IntegrityError:
        raise PublicationError(f"{plan.short_name} {year} 年已经公开") from None


def withdraw(*, plan: Plan, year: int, user=None) -> Publication:
    """Take the year off the public pages; the publication stays on record with who withdrew it and when."""
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update().filter(plan=plan, year=year, withdrawn_at=None).first()
        )
        if publication is None:
            raise PublicationError(f"{plan.short_name} {year} 年尚未公开，无需撤回")
        publication.withdrawn_by, publication.withdrawn_at = user, timezone.now()
        publication.save(update_fields=["withdrawn_by", "withdrawn_at"])
        return publication
