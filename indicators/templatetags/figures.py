from django import template

register = template.Library()


@register.simple_tag
def entry_url(indicator, year: int, period: str = "year") -> str:
    """{% entry_url indicator year period %}: the figure form's path."""
    return indicator.entry_url(year, period)
