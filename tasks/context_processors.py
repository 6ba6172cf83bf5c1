from django.utils import timezone

from departments import roles
from tasks import review_queue, worklist


def worklist_counts(request):
    """The menu's counts, one small read a page: a reporter's 待办 (cached until the data changes), what waits
    for the coordinator's review."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if roles.is_coordinator(user):
        counts = review_queue.review_counts()
        return {"review_counts": counts, "review_waiting": counts["figures"] + counts["reports"]}
    if roles.is_reporter(user):
        counted = getattr(request, "todo_count", None)  # set by the home page, which lists them all
        if counted is None:
            counted = worklist.todo_count(user, today=timezone.localdate())
        return {"todo_count": counted}
    return {}
