from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "aksjon.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from aksjon.audit import signals  # noqa: F401  (connects the login and logout receivers)
