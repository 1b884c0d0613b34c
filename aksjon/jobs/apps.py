from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "aksjon.jobs"
    label = "jobs"
    verbose_name = "Background jobs: imports, linkage runs and whatever comes next"
