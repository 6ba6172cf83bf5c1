from django import template

register = template.Library()


@register.simple_tag
def entry_url(indicator, year: int, period: str = "year", preview: bool = False) -> str:
    """{% entry_url indicator year period %}: the figure form's path; `preview=True`: its live check's."""
    return indicator.entry_url(year, period, preview=preview)
