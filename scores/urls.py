from django.urls import path

from scores import views

app_name = "scores"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("adjust/", views.adjust, name="adjust"),
]
