"""Intelligence: what was imported and from where, tips, earlier inspections,
linkage runs with their candidate pairs, and the analysts' judgements."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet
from aksjon.core.phones import phones_in_text
from aksjon.registry.models import Origin, Phone


class ImportBatch(models.Model):
    """One file given to an importer: validated whole first, then imported all or nothing."""

    kind = models.CharField(max_length=20)  # enheter | roller | ads | tips | inspections
    file_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)  # the uploaded copy the worker reads
    sha256 = models.CharField(max_length=64)
    # queued | validating | importing | done | rejected (bad rows, nothing imported) | failed
    status = models.CharField(max_length=12, default="queued")
    phase = models.CharField(max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [{"file", "line", "field", "reason"}]
    warnings = models.JSONField(default=list)  # the same shape: doubtful values imported and flagged
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"


class Tip(Origin):
    tip_id = models.CharField(max_length=60, unique=True)
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=20)  # public | ngo | partner_agency | police
    text = models.TextField()
    venue_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.SET_NULL, related_name="tips")
    phone_written = models.TextField(blank=True)  # as the tip gave it; all there is when it is no number

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.tip_id

    def all_phones(self) -> list[str]:
        """The phone given, and every number the text quotes ('annonserer med telefonnummeret …'), once each."""
        return list(dict.fromkeys(([self.phone.e164] if self.phone else []) + phones_in_text(self.text)))


class Inspection(Origin):
    """An earlier inspection or control by any agency (inspections.jsonl)."""

    inspection_id = models.CharField(max_length=60, unique=True)
    agency = models.CharField(max_length=80)
    date = models.DateField()
    orgnr = models.CharField(max_length=9, blank=True)
    venue_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    findings = models.JSONField(default=list)
    notes = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.inspection_id


class LinkageRun(models.Model):
    """One run of the cross-referencing model for one kind of record, with the model it trained."""

    kind = models.CharField(max_length=10)  # person | venue (units and venues together)
    status = models.CharField(max_length=10, default="running")  # queued | running | done | failed
    phase = models.CharField(max_length=20, blank=True)  # while running: reading | scoring | storing
    error = models.CharField(max_length=300, blank=True)  # why a run failed, an English message template
    threshold = models.FloatField()  # match weight at or above which a pair links
    model_json = models.TextField(blank=True)
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-started_at"]


class CandidatePair(models.Model):
    """Two records the model (or a strong key) proposes as the same, and why."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="candidates")
    left = models.CharField(max_length=40)  # record reference, e.g. "person:12", "unit:3", "venue:7"
    right = models.CharField(max_length=40)
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    rule = models.CharField(max_length=60)  # splink | deterministic:<key>
    explanation = models.JSONField(default=list)  # [{"comparison", "level", "match_weight"}]

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        # (run, left) is the unique constraint's index; (run, right) finds a record's pairs from the other side.
        indexes = [models.Index(fields=["run", "match_probability"]), models.Index(fields=["run", "right"])]
        constraints = [models.UniqueConstraint(fields=["run", "left", "right"], name="pair_once_per_run")]


class Judgement(models.Model):
    """An analyst's verdict on two records: an attributed edge that can be retracted.

    Clusters are recomputed from judgements and machine links; nobody edits a cluster.
    """

    kind = models.CharField(max_length=10)
    left = models.CharField(max_length=40)
    right = models.CharField(max_length=40)
    verdict = models.CharField(max_length=10)  # same | different | unsure
    note = models.TextField(blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="judgements")
    made_at = models.DateTimeField(auto_now_add=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}

    class Meta:
        ordering = ["-made_at"]
        indexes = [models.Index(fields=["kind", "left", "right"])]


class ClusterMember(models.Model):
    """Derived: which cluster a record is in after the last recomputation."""

    kind = models.CharField(max_length=10)
    ref = models.CharField(max_length=40)
    cluster = models.CharField(max_length=40)  # the smallest member's reference, stable while it stays
    # The record's connected part of the graph before "different" pairs are cut apart, named
    # after its smallest member: a judgement re-derives only the components of its two records.
    component = models.CharField(max_length=40, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="record_in_one_cluster")]
        indexes = [models.Index(fields=["kind", "cluster"]), models.Index(fields=["kind", "component"])]
