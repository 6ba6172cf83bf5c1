from django.urls import path

from public import actions, views

app_name = "public"

# Mounted at /public/: open without login.
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.plan_page, name="plan"),
    path("<slug:code>/indicators/<id:number>/", views.indicator_page, name="indicator"),
    path("<slug:code>/<year:year>.xlsx", views.table_xlsx, name="xlsx"),
    path("<slug:code>/<year:year>.csv", views.table_csv, name="csv"),
]

# Mounted at /publications/: the coordinator's actions, behind the login like every other page.
manage_patterns = (
    [
        path("<slug:code>/publish/", actions.publish, name="publish"),
        path("<slug:code>/withdraw/", actions.withdraw, name="withdraw"),
    ],
    "publications",
)
