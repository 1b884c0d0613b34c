from django import forms
from django.utils.translation import gettext_lazy as _

from aksjon.registry.models import Town


class VenueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    town = forms.ModelChoiceField(label=_("Town"), queryset=Town.objects.none())
    street = forms.CharField(label=_("Street address"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    orgnr = forms.CharField(label=_("Organisation number"), max_length=11, required=False,
                            help_text=_("Nine digits, if the salon is registered."))
    phones = forms.CharField(label=_("Phone numbers"), required=False,
                             help_text=_("As written in ads; separate several with commas."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        towns = Town.objects.restrict(user).select_related("district")
        if user.district_id:
            towns = towns.filter(district=user.district_id)
        self.fields["town"].queryset = towns

    def clean_phones(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["phones"].split(",") if p.strip()]
