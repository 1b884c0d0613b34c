from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "aksjon.operations"
    label = "operations"
    verbose_name = "Operations: action weeks, teams and targets"
