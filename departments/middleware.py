"""Accounts without a role: signed in, but no page of the plan until the administrator puts them in a role."""

from django.shortcuts import render

from departments import roles


class RoleRequiredMiddleware:
    """A signed-in account needs one of the four roles (or to be a superuser) for every page: an account created
    in the admin but not yet put in a role group gets a 403 page with a logout button, not read access to the
    whole plan. Public pages (@login_not_required: the login pages) and logout stay open, and staff keep the
    admin, which checks its own permissions."""

    MESSAGE = "您的账号尚未分配角色，请联系系统管理员。"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_superuser or roles.role_labels(user):
            return None
        match = request.resolver_match
        if not getattr(view_func, "login_required", True) or match.view_name == "logout":
            return None
        if user.is_staff and match.namespace == "admin":
            return None
        request.security_denial = self.MESSAGE
        return render(request, "403.html", {"exception": self.MESSAGE, "without_role": True}, status=403)
