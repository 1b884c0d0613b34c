from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "aksjon.analysis"
    label = "analysis"
    verbose_name = "Analysis: ad templates, rotation, networks, venue priority and target proposals"

    def ready(self):
        from aksjon.analysis import jobs

        jobs.register()  # every analysis is a job of the one runner
