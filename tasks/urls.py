from django.urls import path

from tasks import views

urlpatterns = [
    path("tasks/", views.task_tree, name="task_tree"),
    path("tasks/<str:number>/", views.task_detail, name="task_detail"),
]
