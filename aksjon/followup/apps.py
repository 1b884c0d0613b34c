from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "aksjon.followup"
    label = "followup"
    verbose_name = "Follow-up: tasks and referrals"
