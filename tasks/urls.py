from django.urls import path

from tasks import batch_views, reminder_views, views, worklist_views

urlpatterns = [
    path("reminders/", reminder_views.reminders, name="reminders"),
    path("tasks/", views.task_tree, name="task_tree"),
    path("tasks/export/", views.task_export, name="task_export"),
    path("tasks/reports/", worklist_views.report_queue, name="task_report_queue"),
    # Before the task's paths: "batch" is no task number.
    path("tasks/batch/<year:year>/<str:period>/", batch_views.report_batch, name="task_report_batch"),
    path("tasks/reports/<id:report_id>/accept/", views.report_accept, name="task_report_accept"),
    path("tasks/reports/<id:report_id>/return/", views.report_return, name="task_report_return"),
    path("tasks/<str:number>/", views.task_detail, name="task_detail"),
    path("tasks/<str:number>/report/<year:year>/<str:period>/", views.task_report, name="task_report"),
]
