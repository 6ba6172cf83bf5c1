from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("load/", views.load, name="load"),
    path("load/preview/", views.load_preview, name="load_preview"),
    path("load/confirm/", views.load_confirm, name="load_confirm"),
]
