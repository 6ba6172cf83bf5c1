from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("load/", views.load, name="load"),
    path("load/preview/", views.load_preview, name="load_preview"),
    path("load/confirm/", views.load_confirm, name="load_confirm"),
    path("load/choose/", views.load_choose, name="load_choose"),
    path("<slug:code>/assessment/", views.assessment, name="assessment"),
    path("<slug:code>/assessment.xlsx", views.assessment_xlsx, name="assessment_xlsx"),
    path("<slug:code>/assessment.docx", views.assessment_docx, name="assessment_docx"),
    path("<slug:code>/close/", views.plan_close, name="close"),
]
