"""The screening form, built from the screening's own catalogue version."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aksjon.controls.forms import FREE_TEXT_MAX_LENGTH
from aksjon.core.screening import ANSWERS

NOTE_MAX_LENGTH = 1000  # one indicator's note; the page says so with maxlength

ANSWER_LABELS = {
    "observed": _("Observed"), "disclosed": _("Disclosed"), "not_present": _("Not present"),
    "not_asked": _("Not asked"),
}


class ScreeningForm(forms.Form):
    minor = forms.BooleanField(label=_("Under 18 (assessed)"), required=False)

    def __init__(self, *args, catalogue_data: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = [item["code"] for item in catalogue_data["indicator"]]
        for code in self.codes:
            self.fields[f"answer-{code}"] = forms.ChoiceField(
                choices=[(a, ANSWER_LABELS[a]) for a in ANSWERS], initial="not_asked", required=False,
                widget=forms.RadioSelect)
            self.fields[f"note-{code}"] = forms.CharField(required=False, max_length=NOTE_MAX_LENGTH)

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"answer-{code}"] or "not_asked" for code in self.codes}

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"note-{code}"] for code in self.codes}

    def indicator_errors(self) -> dict[str, list[str]]:
        """Each indicator's refused answer or note, shown next to its note."""
        return {code: [*self.errors.get(f"answer-{code}", []), *self.errors.get(f"note-{code}", [])]
                for code in self.codes}


def initial_from(screening) -> dict:
    initial = {"minor": screening.minor}
    initial |= {f"answer-{code}": answer for code, answer in screening.answers.items()}
    initial |= {f"note-{code}": note for code, note in screening.notes.items()}
    return initial


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file (TOML)"))
    note = forms.CharField(label=_("What was corrected"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=FREE_TEXT_MAX_LENGTH)
