"""The four roles of DESIGN.md as Django groups, and the one place that answers "which role is this user"."""

from django.contrib.auth.models import Group, Permission

REPORTER = "填报员"
COORDINATOR = "协调员"
IMPORTER = "导入员"
LEADER = "领导"
ROLES = (REPORTER, COORDINATOR, IMPORTER, LEADER)

PLAN_MODELS = (
    ("departments", "department"),
    ("indicators", "category"),
    ("indicators", "indicator"),
    ("indicators", "target"),
    ("tasks", "chapter"),
    ("tasks", "task"),
    ("tasks", "commitment"),
)

# Admin permissions per role; the plan itself is edited by the system administrator (superuser).
ROLE_PERMISSIONS = {
    REPORTER: [],
    COORDINATOR: [f"{app}.view_{model}" for app, model in PLAN_MODELS] + ["departments.view_user"],
    IMPORTER: [],
    LEADER: [],
}


def roles_sync() -> None:
    """Create the role groups and set their permissions to exactly ROLE_PERMISSIONS (idempotent)."""
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        group.permissions.set(wanted)


def roles_remember(user, names) -> None:
    """Record the user's role names, read with the user (core.auth), so has_role asks the database no more."""
    user._role_names = set(names)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return role in user._role_names


def is_coordinator(user) -> bool:
    return user.is_superuser or has_role(user, COORDINATOR)


def is_leader(user) -> bool:
    return has_role(user, LEADER)


def is_importer(user) -> bool:
    return has_role(user, IMPORTER)


def is_reporter(user) -> bool:
    return has_role(user, REPORTER)


def role_labels(user) -> list[str]:
    return [role for role in ROLES if has_role(user, role)]
