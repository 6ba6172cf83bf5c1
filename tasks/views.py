from django.http import Http404
from django.shortcuts import render

from tasks import selectors
from tasks.models import Task


def task_tree(request):
    """Chapters → tasks → responsible units (first = lead)."""
    return render(request, "tasks/task_tree.html", {"chapters": selectors.chapter_list()})


def task_detail(request, number: str):
    try:
        task = selectors.task_get(number)
    except Task.DoesNotExist:
        raise Http404("没有这个编号的任务") from None
    return render(request, "tasks/task_detail.html", {"task": task})
