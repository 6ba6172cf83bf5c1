from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("template/", views.template, name="template"),
    path("figures.xlsx", views.export_figures, name="export_figures"),
    path("<id:batch_id>/", views.batch, name="batch"),
    path("<id:batch_id>/confirm/", views.confirm, name="confirm"),
    path("<id:batch_id>/file/", views.batch_file, name="batch_file"),
]
