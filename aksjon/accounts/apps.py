from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aksjon.accounts"
    label = "accounts"
    verbose_name = "Users, districts and agencies"

    def ready(self):
        from aksjon.accounts import middleware  # noqa: F401  (connects the session clock's login receiver)
