from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = "责任单位与账号"

    def ready(self):
        from django.contrib.auth.models import Group

        from core import freshness
        from departments.axes_labels import axes_in_chinese
        from departments.models import Department, User
        from departments.roles import roles_sync

        axes_in_chinese()
        freshness.track(Department, Group)
        freshness.track_links(User.groups.through)  # the roles each page asks for are kept until these change

        # Groups exist on every database, not only where seed_demo ran. Connected for every app (not only
        # this one) so the last call runs after the permissions of all apps have been created.
        post_migrate.connect(lambda **kwargs: roles_sync(), weak=False, dispatch_uid="departments.roles_sync")
