"""督办 sections that pages of the apps below show without importing this app: the unit's open 督办单 at the
top of 我的待办, and a leader's escalated ones on their home page (the dashboard)."""

from django import template
from django.utils import timezone

from supervision import selectors

register = template.Library()


@register.inclusion_tag("supervision/_worklist.html", takes_context=True)
def supervision_worklist(context):
    user = context["request"].user
    return {
        "notices": selectors.notices_to_answer(user),
        "today": timezone.localdate(),
        "answer_department": selectors.answer_department(user),
    }


@register.inclusion_tag("supervision/_escalated.html", takes_context=True)
def supervision_escalated(context):
    user = context["request"].user
    return {"notices": selectors.escalated_for(user), "today": timezone.localdate()}
