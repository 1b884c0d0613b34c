"""The field form: one control, any number of persons met, findings and vulnerabilities."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from aksjon.controls.actions import CLOCK_TOLERANCE
from aksjon.core import vocabulary
from aksjon.core.errors import InvalidInput
from aksjon.core.parse import EARLIEST
from aksjon.core.phones import to_e164
from aksjon.registry.models import Person, Venue

# Free text kept in a TextField without a limit of its own (observations, notes): the
# page and the form refuse more than a follow-up note may hold, so nothing is cut short unseen.
FREE_TEXT_MAX_LENGTH = 4000


def _choices(kind: str, blank: bool = False):
    def lazy():
        items = vocabulary.choices(kind, (get_language() or "nb")[:2])
        return ([("", "—")] + items) if blank else items
    return lazy


class ControlForm(forms.Form):
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(),
                                   error_messages={"required": _("Choose the venue that was controlled.")})
    started_at = forms.DateTimeField(label=_("Started"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                   format="%Y-%m-%dT%H:%M"))
    venue_open = forms.BooleanField(label=_("The venue was open"), required=False, initial=True)
    observations = forms.CharField(label=_("Observations"), required=False, max_length=FREE_TEXT_MAX_LENGTH,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.MultipleChoiceField(label=_("Findings at the venue"), required=False,
                                         choices=_choices("findings"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.restrict(user).select_related("town")
        latest = timezone.localtime(timezone.now() + CLOCK_TOLERANCE)
        self.fields["started_at"].widget.attrs.update(min=f"{EARLIEST.isoformat()}T00:00",
                                                      max=latest.strftime("%Y-%m-%dT%H:%M"))

    def clean_started_at(self):
        started_at = self.cleaned_data["started_at"]
        if timezone.localdate(started_at) < EARLIEST:
            raise forms.ValidationError(gettext("A control cannot start before 1900."))
        if started_at > timezone.now() + CLOCK_TOLERANCE:
            raise forms.ValidationError(gettext("A control cannot start in the future."))
        return started_at


class PersonMetForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=Person._meta.get_field("given_name").max_length,
                                 required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=Person._meta.get_field("family_name").max_length,
                                  required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    role = forms.ChoiceField(label=_("Role"), choices=_choices("person_roles"), initial="worker")
    language = forms.ChoiceField(label=_("Language spoken"), choices=_choices("languages", blank=True), required=False)
    documents_seen = forms.ChoiceField(label=_("Documents seen"), choices=_choices("documents", blank=True),
                                       required=False)
    rights_information_language = forms.ChoiceField(
        label=_("Rights information given in"), choices=_choices("languages", blank=True), required=False,
        help_text=_("Leave empty if no rights information was given."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=FREE_TEXT_MAX_LENGTH,
                            widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.MultipleChoiceField(label=_("Findings about this person"), required=False,
                                         choices=_choices("findings"), widget=forms.CheckboxSelectMultiple)
    vulnerabilities = forms.MultipleChoiceField(label=_("Vulnerabilities"), required=False,
                                                choices=_choices("vulnerabilities"),
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].widget.attrs.update(min=EARLIEST.isoformat(), max=timezone.localdate().isoformat())

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if raw:
            try:
                to_e164(raw)
            except InvalidInput as error:
                raise forms.ValidationError(error.localized(gettext)) from error
        return raw

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date and birth_date > timezone.localdate():
            raise forms.ValidationError(gettext("A birth date cannot be in the future."))
        if birth_date and birth_date < EARLIEST:
            raise forms.ValidationError(gettext("A birth date cannot be before 1900."))
        return birth_date

    def clean(self):
        data = super().clean()
        if self.has_changed() and not (data.get("given_name", "").strip() or data.get("family_name", "").strip()):
            self.add_error("given_name", gettext("Write at least one name (or 'unknown')."))
        return data


PersonMetFormSet = forms.formset_factory(PersonMetForm, extra=0, min_num=0, max_num=40, validate_max=True)
