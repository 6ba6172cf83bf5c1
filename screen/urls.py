from django.urls import path

from screen import views

app_name = "screen"
urlpatterns = [
    path("", views.screen, name="screen"),
    path("panel/", views.panel, name="panel"),
]
