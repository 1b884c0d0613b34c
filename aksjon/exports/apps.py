from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "aksjon.exports"
    label = "exports"
    verbose_name = "Exports: CSV and XLSX"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from aksjon.exports import kinds  # noqa: F401  the first kinds

        # An app may also declare its own kinds in `<app>/exports.py`.
        autodiscover_modules("exports")
