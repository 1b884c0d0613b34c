"""What the analyses found, written back through aksjon.analysis.store only.

Everything here is derived: a new run replaces its own rows, nobody edits them by hand,
and each row keeps the evidence it was derived from so a page can say why. A proposal
is the exception: the coordinator's decision on it (accepted, rejected with a reason)
is an action with its audit row, and survives the next run.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.accounts.models import District
from aksjon.registry.models import Phone, Venue


class AdTemplate(models.Model):
    """One writer's ads: near-duplicate texts with slots (a template), and the templates of one
    writer joined by the contact values they share (a booking phone, a photo)."""

    key = models.CharField(max_length=20, unique=True)  # stable between runs: "T000042"
    texts = models.JSONField(default=list)  # the distinct templates, slots as {phone}, {town} …
    slots = models.JSONField(default=dict)  # slot -> {value: number of ads}
    ads = models.PositiveIntegerField(default=0)  # distinct ads (source + ad id)
    observations = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    venues = models.ManyToManyField(Venue, blank=True, related_name="ad_templates")
    phones = models.ManyToManyField(Phone, blank=True, related_name="ad_templates")
    details = models.JSONField(default=dict)  # what joined its parts, a copied-text note …
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "venues__district"}

    class Meta:
        ordering = ["-ads", "key"]

    def __str__(self) -> str:
        return self.key


class AdTemplateMember(models.Model):
    """An ad (one source and ad id, every observation of it) in its template."""

    template = models.ForeignKey(AdTemplate, on_delete=models.CASCADE, related_name="members")
    ad_source = models.CharField(max_length=60)
    ad_id = models.CharField(max_length=60)
    text_index = models.PositiveIntegerField(default=0)  # which of the template's texts
    observations = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "template__venues__district"}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ad_source", "ad_id"], name="ad_in_one_template")]
        indexes = [models.Index(fields=["template", "first_seen"])]


class Persona(models.Model):
    """A worker as the ads show her: one nickname, phone or photo seen again and again. Not a
    person record: the ads name nobody, and she is most likely a possible victim."""

    key = models.CharField(max_length=20, unique=True)  # "R000042"
    nicknames = models.JSONField(default=list)
    phones = models.ManyToManyField(Phone, blank=True, related_name="personas")
    photos = models.JSONField(default=list)  # perceptual hashes, hex
    towns = models.PositiveIntegerField(default=0)  # distinct towns advertised in
    abroad = models.BooleanField(default=False)  # a stint outside Norway
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    details = models.JSONField(default=dict)  # what joined her ads (same phone, photo distance …)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "stints__venue__district"}

    class Meta:
        ordering = ["-towns", "key"]

    def __str__(self) -> str:
        return self.key


class Stint(models.Model):
    """A persona advertised in one town (and venue, when the ads place her) for a stretch of days."""

    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="stints")
    town = models.CharField(max_length=80)
    country = models.CharField(max_length=2, default="NO")
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="stints")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.SET_NULL, related_name="stints")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    ads = models.JSONField(default=list)  # "source/ad_id"

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "venue__district"}

    class Meta:
        ordering = ["persona", "first_seen"]


class Network(models.Model):
    """Venues bound by weighed ties: shared owners, front persons, holdings, phones, templates, photos."""

    key = models.CharField(max_length=20, unique=True)  # "N0042"
    venues = models.ManyToManyField(Venue, blank=True, related_name="networks")
    size = models.PositiveIntegerField(default=0)  # nodes of every type
    strength = models.FloatField(default=0)  # the sum of its ties' weights
    evidence = models.JSONField(default=list)  # the ties that bind it: [{kind, left, right, weight, reason}]
    central = models.JSONField(default=list)  # the most central nodes: [{ref, label, type, score}]
    computed_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "venues__district"}

    class Meta:
        ordering = ["-strength", "key"]

    def __str__(self) -> str:
        return self.key


class NetworkNode(models.Model):
    """A node of a network's graph, with its place on the link chart (laid out on the server)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="nodes")
    ref = models.CharField(max_length=60)  # "venue:7", "unit:3", "person:9", "phone:+47…", "template:T…", "photo:…"
    type = models.CharField(max_length=10)  # venue | unit | person | phone | address | template | photo
    label = models.CharField(max_length=200)
    centrality = models.FloatField(default=0)
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)
    first_seen = models.DateField(null=True, blank=True)
    last_seen = models.DateField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "network__venues__district"}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "ref"], name="node_once_per_network")]


class NetworkTie(models.Model):
    """An edge of a network's graph: what two nodes share, how much it weighs and why."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="ties")
    left = models.CharField(max_length=60)
    right = models.CharField(max_length=60)
    kind = models.CharField(max_length=20)  # owner | front | holding | accountant | phone | address | template …
    weight = models.FloatField()
    damped = models.BooleanField(default=False)  # a hub (an accountant with forty clients, a stock photo)
    reason = models.CharField(max_length=300, blank=True)
    first_seen = models.DateField(null=True, blank=True)
    last_seen = models.DateField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "network__venues__district"}


class Signal(models.Model):
    """One thing known about a venue that bears on its priority, with its evidence and date.

    Each analysis replaces the signals of its own family; the priority adds points per signal
    by the weights in force (aksjon/data/priority/). Never nationality or ethnicity."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="signals")
    family = models.CharField(max_length=12)  # inspection | tip | ad | template | rotation | network | control
    code = models.CharField(max_length=40)  # e.g. living_on_premises, shared_booking_phone
    evidence = models.CharField(max_length=300)  # what was seen, in English words (exports), with record references
    # The same in any language: an English message template and its values (aksjon.analysis.signals.said),
    # translated when a page shows it.
    message = models.JSONField(default=dict)
    refs = models.JSONField(default=list)  # record references: "inspection:12", "ad:massasjeguiden/123" …
    observed_on = models.DateField(null=True, blank=True)
    strength = models.FloatField(default=1.0)  # 0-1: a damped tie counts less

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "venue__district"}

    class Meta:
        indexes = [models.Index(fields=["family", "venue"])]


class VenueScore(models.Model):
    """A venue's priority for control: points per reason. For prioritising controls, never evidence."""

    venue = models.OneToOneField(Venue, on_delete=models.CASCADE, related_name="score")
    score = models.FloatField()
    rank = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=list)  # [{family, code, points, evidence, refs, observed_on}]
    weights_version = models.CharField(max_length=40)
    computed_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "venue__district"}

    class Meta:
        ordering = ["rank"]


class TargetProposal(models.Model):
    """A venue proposed as a target of an operation, for the coordinator to accept or reject."""

    PROPOSED, ACCEPTED, REJECTED = "proposed", "accepted", "rejected"

    operation = models.ForeignKey("operations.Operation", on_delete=models.CASCADE, related_name="proposals")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="proposals")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    rank = models.PositiveIntegerField(default=0)  # within the district
    reasons = models.JSONField(default=list)  # as VenueScore.reasons when proposed
    weights_version = models.CharField(max_length=40)
    status = models.CharField(max_length=10, default=PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)  # why it was rejected
    target = models.ForeignKey("operations.Target", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths = {"district": "district"}

    class Meta:
        ordering = ["district__name", "rank"]
        constraints = [models.UniqueConstraint(fields=["operation", "venue"], name="venue_proposed_once")]
