from django import forms
from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [
    ("enheter", _("Registered units (enheter.jsonl)")),
    ("roller", _("Roles in units (roller.jsonl)")),
    ("ads", _("Ads and reviews (ads.jsonl)")),
    ("tips", _("Tips (tips.csv)")),
    ("inspections", _("Earlier inspections (inspections.jsonl)")),
]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("File"), help_text=_(
        "Checked whole before anything is imported: one bad row and nothing is."))
