"""The four roles of DESIGN.md as Django groups, and the one place that answers "which role is this user"."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection

from core import freshness

REPORTER = "填报员"
COORDINATOR = "协调员"
IMPORTER = "导入员"
LEADER = "领导"
ROLES = (REPORTER, COORDINATOR, IMPORTER, LEADER)

PLAN_MODELS = (
    ("plans", "plan"),
    ("departments", "department"),
    ("indicators", "category"),
    ("indicators", "indicator"),
    ("indicators", "target"),
    ("tasks", "chapter"),
    ("tasks", "task"),
    ("tasks", "commitment"),
)

# Admin permissions per role; the plan itself is edited by the system administrator (superuser). The units are
# the coordinator's to manage: adding a township to 各镇街园区 gives it task slots and a reporter account.
ROLE_PERMISSIONS = {
    REPORTER: [],
    COORDINATOR: [f"{app}.view_{model}" for app, model in PLAN_MODELS]
    + ["departments.add_department", "departments.change_department", "departments.view_user"]
    + [
        f"indicators.{a}_{m}"
        for m in ("qualityrule", "crossrule")
        for a in ("view", "change", "add", "delete")
    ]
    # 考核: the weights and deductions are the coordinator's to edit; adjustments are made on the 考核 page.
    + ["scores.view_scoringrule", "scores.change_scoringrule", "scores.view_scoreadjustment"]
    # 督办: which leader follows which unit is the coordinator's to set.
    + [f"supervision.{a}_unitleader" for a in ("view", "change", "add", "delete")]
    + ["supervision.view_notice"],
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


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_role_names"):
        user._role_names = _group_names(user.pk)
    return role in user._role_names


@cache
def _group_names_sql() -> str:
    through = get_user_model().groups.through._meta
    user_id, group_id = (through.get_field(name).column for name in ("user", "group"))
    q = connection.ops.quote_name
    return (
        f"SELECT g.{q('name')} FROM {q(Group._meta.db_table)} g JOIN {q(through.db_table)} ug"
        f" ON ug.{q(group_id)} = g.{q('id')} WHERE ug.{q(user_id)} = %s"
    )


def _group_names(user_id: int) -> frozenset[str]:
    """Asked on every page: kept until a group or a membership changes, and written out, as compiling the ORM
    query cost more than running it."""

    def read() -> frozenset[str]:
        with connection.cursor() as cursor:
            cursor.execute(_group_names_sql(), [user_id])
            return frozenset(name for (name,) in cursor.fetchall())

    return freshness.memo(("roles", user_id), read)


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
