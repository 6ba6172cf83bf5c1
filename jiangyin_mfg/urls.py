from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from plans import pages
from public.urls import manage_patterns

admin.site.site_header = "江阴制造强市建设指标跟踪 · 系统管理"
admin.site.site_title = "制造强市指标跟踪"
admin.site.index_title = "规划数据与账号"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("password_change_done"), http_method_names=["get", "head", "post"]
        ),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("imports/", include("imports.urls")),
    path("plans/", include("plans.urls")),
    path("scores/", include("scores.urls")),
    path("supervision/", include("supervision.urls")),
    path("", pages.home, name="home"),  # a leader's overview; 我的待办 or the dashboard for the others
    path("plan/", pages.plan, name="plan"),
    path("departments/<slug:code>/", pages.department_detail, name="department_detail"),
    path("", include("indicators.urls")),
    path("", include("tasks.urls")),
    # Last, so that the page walks (tests/browser) open each persona's usual pages first.
    path("publications/", include(manage_patterns)),
    path("screen/", include("screen.urls")),
    path("public/", include("public.urls")),  # 政务公开: open without login (public/views.py)
]
