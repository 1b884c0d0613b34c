"""Who may see what: police districts, agencies and users with one role each."""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from aksjon.accounts.access import RestrictedQuerySet, RestrictedUserManager


class District(models.Model):
    """One of the 12 police districts (since 1 January 2016)."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)

    objects = RestrictedQuerySet.as_manager()
    # Everyone who may read districts sees all twelve: the list is public.
    scope_paths: dict[str, str] = {}
    public = True

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A national police unit (Kripos, Økokrim, PU), a partner agency or a support service."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20)  # vocabulary: agency_kinds
    phone = models.CharField(max_length=20, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_paths: dict[str, str] = {}
    public = True

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using Aksjon. The role decides what they may do; district or agency where."""

    role = models.CharField(max_length=20)  # vocabulary: roles
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    # A demo user (published password, made-up data) logs in without a second factor; every
    # real account needs one. Shown beside the name so nobody takes a demo for the real thing.
    is_demo = models.BooleanField(default=False)

    objects = RestrictedUserManager()
    scope_paths = {"district": "district"}

    def __str__(self) -> str:
        return self.get_full_name() or self.username
