from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "aksjon.reports"
    label = "reports"
    verbose_name = "Reports"
