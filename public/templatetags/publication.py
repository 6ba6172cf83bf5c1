"""{% publication_panel plan %} on the plan page: which of its years are public, and for the coordinator the
buttons to publish or withdraw each and the record of who did so when."""

from django import template

from departments import roles
from public.models import Publication

register = template.Library()


@register.inclusion_tag("public/_panel.html", takes_context=True)
def publication_panel(context, plan):
    request = context["request"]
    records = list(
        Publication.objects.filter(plan=plan)
        .select_related("published_by", "withdrawn_by")
        .order_by("-published_at")
    )
    in_force = {p.year: p for p in records if p.in_force}
    return {
        "plan": plan,
        "years": [(year, in_force.get(year)) for year in plan.years],
        "published": sorted(in_force),
        "records": records[:20],
        "can_publish": roles.is_coordinator(request.user),
        "csrf_token": context.get("csrf_token"),
    }
