from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "工作任务"

    def ready(self):
        from core import freshness
        from tasks.models import (
            Chapter,
            ChapterGoal,
            Commitment,
            ProgressReport,
            ReportWaiver,
            Task,
            TaskUnit,
        )

        # The menu's counts and a unit's 待办 are kept until these change.
        freshness.track(Chapter, ChapterGoal, Task, TaskUnit, Commitment, ProgressReport, ReportWaiver)
