from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "aksjon.intel"
    label = "intel"
    verbose_name = "Intelligence: imports, tips, inspections, linkage and judgements"

    def ready(self):
        from aksjon.intel import jobs

        jobs.register()  # imports and linkage runs are jobs of the one runner
