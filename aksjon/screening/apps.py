from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "aksjon.screening"
    label = "screening"
    verbose_name = "Identification: indicator screening and rights information"
