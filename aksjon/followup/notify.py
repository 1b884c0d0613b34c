"""The e-mail that tells an owner a follow-up is theirs, through Django's e-mail backend
(SMTP when AKSJON_EMAIL_HOST is set, the console otherwise: the demo; locmem in tests).

It names no person and no place: an e-mail leaves Aksjon's own logged walls, so it
carries the follow-up's title, its due date and a link, and the rest is one click
on, behind the login and the access log.
"""
from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

log = logging.getLogger(__name__)


def notify_owner_on_commit(actor, item) -> bool:
    """After the action's transaction commits, e-mail the new owner; False when nobody is told.

    Nobody is told of what they gave themselves, or without an e-mail address.
    """
    owner = item.owner
    if owner is None or not owner.email or owner.pk == getattr(actor, "pk", None):
        return False
    transaction.on_commit(lambda: _send(item, owner))
    return True


def _send(item, owner) -> None:
    # In the interface's first language: the owner's own choice is not stored.
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Follow-up for you: %(title)s") % {"title": item.heading}
        body = render_to_string("followup/assigned_email.txt", {
            "item": item, "owner": owner, "link": settings.SITE_URL + reverse("followup_detail", args=[item.pk])})
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
    except (smtplib.SMTPException, OSError):
        # The assignment stands and shows in the owner's list; the mail server's trouble is logged.
        log.warning("Could not e-mail follow-up %s to %s", item.pk, owner.username, exc_info=True)
