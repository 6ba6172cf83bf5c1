from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办"

    def ready(self):
        # The 催报 email (tasks/reminders.py) lists, after figures and task reports, the 督办单 a unit has not
        # answered in time: tasks sits below this app, so the section is handed to it here.
        from supervision.reminders import notice_section
        from tasks import reminders

        if notice_section not in reminders.SECTIONS:
            reminders.SECTIONS.append(notice_section)
