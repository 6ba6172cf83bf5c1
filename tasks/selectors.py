from django.db.models import Prefetch, QuerySet

from tasks.models import Chapter, Task, TaskUnit

UNITS = Prefetch("unit_links", queryset=TaskUnit.objects.select_related("department"))


def chapter_list() -> QuerySet[Chapter]:
    """The six chapters with their tasks and each task's ordered units, in three queries."""
    return Chapter.objects.prefetch_related(
        Prefetch("tasks", queryset=Task.objects.prefetch_related(UNITS).order_by("seq"))
    )


def task_get(number: str) -> Task:
    return Task.objects.select_related("chapter").prefetch_related(UNITS).get(number=number)
