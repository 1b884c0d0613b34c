from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aksjon.web"
    label = "web"
    verbose_name = "Web pages shared by every area"
