from decimal import Decimal

from django import template

from core.values import fmt

register = template.Library()


@register.filter
def plain(value) -> str:
    """A Decimal as a person writes it: 34.5000 → 34.5, 40.0000 → 40, None → —."""
    if value is None or value == "":
        return "—"
    return fmt(Decimal(value))


@register.filter
def plain_or_text(value) -> str:
    """Form values: a Decimal shown plainly, text (what the person typed) left as it is."""
    if isinstance(value, Decimal):
        return plain(value)
    return value
