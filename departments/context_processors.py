from departments import roles as role_rules


def roles(request):
    """The signed-in user's roles, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role_labels = role_rules.role_labels(user)
    return {
        "task_pages": ("task_tree", "task_detail", "task_report"),
        "user_roles": role_labels,
        "is_coordinator": role_rules.is_coordinator(user),
    }
