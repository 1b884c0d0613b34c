from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "aksjon.controls"
    label = "controls"
    verbose_name = "Controls: visits, persons met, findings"
