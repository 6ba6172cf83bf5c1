"""The fixed wording of the documents the office sends (通报, 终期评估): Django text templates under
templates/documents/, which a coordinator adjusts without code. Each non-empty line of a rendered template is
one paragraph; a section template's first line is its heading."""

from django.conf import settings
from django.template import Context, Engine

# Not cached: an edited template counts from the next download, without a restart.
ENGINE = Engine(
    dirs=[settings.BASE_DIR / "templates" / "documents"],
    loaders=["django.template.loaders.filesystem.Loader"],
    autoescape=False,
)


def render(name: str, context: dict) -> str:
    return ENGINE.get_template(name).render(Context(context))


def lines(text: str) -> list[str]:
    """The paragraphs of a rendered template: its non-empty lines, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
