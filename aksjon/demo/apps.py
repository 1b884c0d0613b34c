from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "aksjon.demo"
    label = "demo"
    verbose_name = "Demo scenario and command-line tools"
