from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "aksjon.intel"
    label = "intel"
    verbose_name = "Intelligence: imports, tips, inspections, linkage and judgements"
