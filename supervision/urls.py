from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.issue, name="issue"),
    path("escalate/", views.escalate, name="escalate"),
    path("<id:notice_id>/", views.detail, name="detail"),
    path("<id:notice_id>/docx/", views.download, name="docx"),
    path("<id:notice_id>/accept/", views.accept, name="accept"),
    path("<id:notice_id>/return/", views.send_back, name="return"),
]
