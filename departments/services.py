import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from departments import roles
from departments.models import Department, User

COORDINATOR_DEPARTMENT = "gxj"  # the plan is coordinated by 市工信局


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str | None  # None: the system administrator (superuser)
    department_code: str | None
    is_staff: bool = False


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts of DESIGN.md: one per role, and one reporter per department named by its code."""
    accounts = [
        DemoAccount("admin", "系统管理员", None, None, is_staff=True),
        DemoAccount(
            "coordinator", "市工信局协调员", roles.COORDINATOR, COORDINATOR_DEPARTMENT, is_staff=True
        ),
        DemoAccount("importer", "数据导入员", roles.IMPORTER, COORDINATOR_DEPARTMENT),
        DemoAccount("leader", "市领导", roles.LEADER, None),
    ]
    accounts += [
        DemoAccount(d.code, f"{d.name}填报员", roles.REPORTER, d.code)
        for d in Department.objects.order_by("sort_order")
    ]
    return accounts


@transaction.atomic
def demo_accounts_create(*, password: str, reset_passwords: bool = False) -> tuple[list[str], list[str]]:
    """Create the missing demo accounts; existing ones keep their password unless reset. Returns (created, kept)."""
    roles.roles_sync()
    departments = {d.code: d for d in Department.objects.all()}
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
    created, kept = [], []
    for account in demo_accounts():
        user, is_new = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.full_name,
                "department": departments.get(account.department_code),
                "is_staff": account.is_staff,
                "is_superuser": account.role is None,
                # 催报 has someone to write to; .invalid (RFC 2606) is never delivered.
                "email": f"{account.username}@demo.invalid" if account.role == roles.REPORTER else "",
            },
        )
        if is_new or reset_passwords:
            user.set_password(password)
            user.save(update_fields=["password"])
        if account.role:
            user.groups.add(groups[account.role])
        (created if is_new else kept).append(account.username)
    return created, kept


@transaction.atomic
def reporter_account_create(*, department: Department) -> tuple[User, str | None]:
    """A unit's reporter account, named by the unit's code as the seed's are; created with a random initial
    password, which is returned (None when the account already existed: it is left as it is)."""
    user, is_new = User.objects.get_or_create(
        username=department.code,
        defaults={"first_name": f"{department.name}填报员", "department": department},
    )
    if not is_new:
        return user, None
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    return user, password
