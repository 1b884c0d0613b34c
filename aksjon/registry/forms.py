from django import forms
from django.utils.translation import gettext_lazy as _

from aksjon.controls.forms import FREE_TEXT_MAX_LENGTH
from aksjon.registry.models import Address, Town, Venue


class VenueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=Venue._meta.get_field("name").max_length)
    town = forms.ModelChoiceField(label=_("Town"), queryset=Town.objects.none())
    street = forms.CharField(label=_("Street address"), max_length=Address._meta.get_field("street").max_length)
    postcode = forms.CharField(label=_("Postcode"), max_length=Address._meta.get_field("postcode").max_length,
                               required=False)
    orgnr = forms.CharField(label=_("Organisation number"), max_length=11, required=False,
                            help_text=_("Nine digits, if the salon is registered."))
    phones = forms.CharField(label=_("Phone numbers"), required=False, max_length=400,
                             help_text=_("As written in ads; separate several with commas."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=FREE_TEXT_MAX_LENGTH)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        towns = Town.objects.restrict(user).select_related("district")
        if user.district_id:
            towns = towns.filter(district=user.district_id)
        self.fields["town"].queryset = towns

    def clean_phones(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["phones"].split(",") if p.strip()]
