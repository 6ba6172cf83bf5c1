from django.urls import path

from tasks import views

urlpatterns = [
    path("tasks/<str:number>/", views.task_detail, name="task_detail"),
]
