"""Django's model backend, loading the signed-in user's department and roles with the user: every page names
both, and this saves two queries on every request."""

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from departments import roles

# One EXISTS column per role, named so it cannot clash with a field.
ROLE_COLUMNS = {f"role_{number}": role for number, role in enumerate(roles.ROLES)}


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        columns = {
            column: Exists(Group.objects.filter(user=OuterRef("pk"), name=role))
            for column, role in ROLE_COLUMNS.items()
        }
        users = get_user_model()._default_manager.select_related("department").annotate(**columns)
        user = users.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        roles.roles_remember(user, [role for column, role in ROLE_COLUMNS.items() if getattr(user, column)])
        return user
