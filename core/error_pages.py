"""The application's own pages where Django would show its own: the admin refuses a signed-in account without
staff rights with the 403 page (not the admin's login form) and sends a signed-out visitor to the application's
login page; with DEBUG on (`make run`), a page that does not exist shows the Chinese 404 page, while errors
(500) keep Django's debug page."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.defaults import page_not_found

ADMIN_REFUSED = "系统管理仅限系统管理员使用。如需维护规划数据或账号，请联系市工信局系统管理员。"


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # By the path, before any view: the admin's views carry their own login URL, which LoginRequiredMiddleware
        # would follow.
        if not request.user.is_authenticated and request.path.startswith(reverse("admin:index")):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After RoleRequiredMiddleware, whose refusal (with a logout button) suits an account without a role.
        user = request.user
        if request.resolver_match.namespace == "admin" and not (user.is_active and user.is_staff):
            request.security_denial = ADMIN_REFUSED
            return render(request, "403.html", {"exception": ADMIN_REFUSED}, status=403)
        return None


class DebugNotFoundMiddleware:
    """Only with DEBUG: without it, Django's handler404 already renders templates/404.html."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A path no URL pattern matches never reaches a view, so process_exception does not see it.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
