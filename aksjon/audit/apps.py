from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "aksjon.audit"
    label = "audit"
    verbose_name = "Audit log"
