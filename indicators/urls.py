from django.urls import path

from indicators import views

urlpatterns = [
    path("", views.plan, name="home"),
    path("plan/", views.plan, name="plan"),
    path("indicators/<int:number>/", views.indicator_detail, name="indicator_detail"),
]
