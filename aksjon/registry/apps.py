from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "aksjon.registry"
    label = "registry"
    verbose_name = "Register: venues, units, persons, phones, addresses, ads"
