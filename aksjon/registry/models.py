"""What Aksjon knows about: towns, addresses, phones, registered units, venues, persons, ads.

Every record says where it came from (`source`, `source_ref`) and whether it is
verified: police register law asks for unverified information to be marked.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.accounts.models import District


class Origin(models.Model):
    """Where a record came from. Imports fill `source_file` and `source_line`."""

    source = models.CharField(max_length=40, default="manual")  # manual | control | enheter | ads | tips | …
    source_file = models.CharField(max_length=255, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        abstract = True


class Town(models.Model):
    """A town from GeoNames with its police district (aksjon/data/places.csv)."""

    name = models.CharField(max_length=80, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="towns")
    population = models.PositiveIntegerField()
    lat = models.FloatField()
    lon = models.FloatField()
    geonames_id = models.PositiveIntegerField(null=True)

    objects = RestrictedQuerySet.as_manager()
    public = True

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Address(Origin):
    street = models.CharField(max_length=200)  # street name and number as written
    postcode = models.CharField(max_length=10, blank=True)
    postal_town = models.CharField(max_length=80, blank=True)
    town = models.ForeignKey(Town, null=True, blank=True, on_delete=models.PROTECT, related_name="addresses")
    country_code = models.CharField(max_length=2, default="NO")

    objects = RestrictedQuerySet.as_manager()
    public = True

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        place = " ".join(p for p in [self.postcode, self.postal_town or (self.town.name if self.town else "")] if p)
        return f"{self.street}, {place}" if place else self.street


class Phone(Origin):
    e164 = models.CharField(max_length=20, unique=True)
    # False: a possible number (right length for its country) in a range the phone library does
    # not list as assigned. Its lists lag behind new ranges, so such a number is kept, not refused.
    in_assigned_range = models.BooleanField(default=True)

    objects = RestrictedQuerySet.as_manager()
    # A district user sees the phones of their district's venues and of the persons
    # met at their district's controls: a worker's own phone is reachable only that way.
    scope_paths = {"district": ("venues__district", "persons__encounters__control__district")}

    def __str__(self) -> str:
        from aksjon.core.phones import display
        return display(self.e164)


class RegisteredUnit(Origin):
    """A unit in Enhetsregisteret: a main unit (ENK, AS, NUF …) or a sub-unit (BEDR)."""

    orgnr = models.CharField("organisation number", max_length=9, unique=True)
    name = models.CharField(max_length=200)
    form = models.CharField(max_length=10)  # ENK, AS, NUF, BEDR …
    industry_code = models.CharField(max_length=10, blank=True)
    registered_on = models.DateField(null=True, blank=True)
    deleted_on = models.DateField(null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="sub_units")
    business_address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    location_address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    employees = models.PositiveIntegerField(null=True, blank=True)
    raw = models.JSONField(null=True, blank=True)  # the register's own record, as imported
    # The venue this unit is or was the register's record of (an establishment, a sole
    # proprietorship, a company with one place, each number of a re-registered salon);
    # empty for a unit that is no venue. Derived from register facts (aksjon.registry.places).
    place = models.ForeignKey("Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="units")

    objects = RestrictedQuerySet.as_manager()
    # A venue is usually a sub-unit (BEDR); the company behind it, its main unit, is
    # reachable from the venue too.
    scope_paths = {"district": ("venues__district", "sub_units__venues__district", "place__district")}

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"


class Role(Origin):
    """A role in a registered unit (roller.jsonl): held by a person or by another unit."""

    unit = models.ForeignKey(RegisteredUnit, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=10)  # DAGL, INNH, LEDE, MEDL, KONT, REGN, REVI …
    person = models.ForeignKey("Person", null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    holder_orgnr = models.CharField(max_length=9, blank=True)  # when a unit holds the role
    holder_name = models.CharField(max_length=200, blank=True)
    resigned = models.BooleanField(default=False)
    changed_on = models.DateField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    # Roles are registered on the main unit, so a venue's sub-unit has none of its own:
    # reach them through the sub-unit's parent as well.
    scope_paths = {"district": ("unit__venues__district", "unit__sub_units__venues__district",
                                "unit__place__district")}

    def __str__(self) -> str:
        return f"{self.code} in {self.unit.orgnr}"


class Venue(Origin):
    """A place that may be controlled: usually a salon, known by name and address."""

    name = models.CharField(max_length=200)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="venues")
    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="venues")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="venues")
    unit = models.ForeignKey(RegisteredUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="venues")
    phones = models.ManyToManyField(Phone, blank=True, related_name="venues")
    notes = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        ordering = ["town__name", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.town}"


class Person(Origin):
    """A person, kept to the minimum the purpose needs.

    Most persons here are possible victims or workers, not suspects: `purpose`
    keeps victim-protection data apart from suspect data, and `retain_until`
    says when the record must be reviewed for deletion.
    """

    given_name = models.CharField(max_length=120, blank=True)
    family_name = models.CharField(max_length=120, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    purpose = models.CharField(max_length=30)  # vocabulary: purposes
    phones = models.ManyToManyField(Phone, blank=True, related_name="persons")
    retain_until = models.DateField(null=True, blank=True)
    # Retention (aksjon retention run): names and birth date replaced by a pseudonym when the
    # purpose no longer needs them; a blocked record stays (its references hold) but is hidden.
    pseudonymised_at = models.DateTimeField(null=True, blank=True)
    blocked_at = models.DateTimeField(null=True, blank=True)
    blocked_reason = models.CharField(max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    # District users see persons met in their own district's controls.
    scope_paths = {"district": "encounters__control__district"}
    # restrict() hides a blocked person from every role; its persons met and screenings stay.
    hidden_when = {"blocked_at__isnull": False}

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        if self.blocked_at is not None:  # shown where a person met is listed: never the name
            return gettext("Blocked record")
        return " ".join(p for p in [self.given_name, self.family_name] if p) or f"#{self.pk}"


class Ad(Origin):
    """One observation of an online ad or review (ads.jsonl)."""

    ad_source = models.CharField(max_length=60)
    ad_id = models.CharField(max_length=60)
    url = models.URLField(max_length=500, blank=True)
    category = models.CharField(max_length=10)  # massage | escort | review | booking
    observed_at = models.DateTimeField()
    posted_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    city = models.CharField(max_length=80, blank=True)
    address_text = models.CharField(max_length=200, blank=True)
    venue_name = models.CharField(max_length=200, blank=True)
    price_text = models.CharField(max_length=200, blank=True)
    lang = models.CharField(max_length=10, blank=True)
    image_hashes = models.JSONField(default=list)
    phones = models.ManyToManyField(Phone, blank=True, related_name="ads")
    # The numbers as the ad wrote them, one a line: one that is no number at all is kept only here.
    phones_written = models.TextField(blank=True)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="ads")

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "venue__district"}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ad_source", "ad_id", "observed_at"],
                                               name="ad_observation_once")]

    def __str__(self) -> str:
        return f"{self.ad_source}/{self.ad_id} {self.observed_at:%Y-%m-%d}"
