from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aksjon.accounts"
    label = "accounts"
    verbose_name = "Users, districts and agencies"
