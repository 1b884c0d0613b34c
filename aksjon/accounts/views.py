"""The second step of logging in: the code page, and setting up the authenticator app."""
from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from aksjon.accounts import two_factor
from aksjon.accounts.actions import enrol_totp, verify_totp
from aksjon.accounts.forms import CodeForm
from aksjon.web.views import page, submitted


@page
def totp_verify(request):
    """The code from the authenticator app, after the password; five wrong ones end the session."""
    if not two_factor.needs_second_factor(request.user):
        return redirect("home")
    if two_factor.confirmed_device(request.user) is None:
        return redirect(two_factor.ENROL)
    form = CodeForm(request.POST or None)
    checked = submitted(request, form, lambda data: {"device": verify_totp(actor=request.user, code=data["code"])})
    if checked and checked["device"] is not None:
        return _passed(request, checked["device"])
    if checked:
        failures = request.session.get(two_factor.FAILURES, 0) + 1
        if failures >= two_factor.MAX_FAILURES:
            logout(request)  # flushes the session; the logout is in the audit trail after the failed codes
            messages.error(request, gettext("Too many wrong codes: you were logged out. Log in again."))
            return redirect("login")
        request.session[two_factor.FAILURES] = failures
        form.add_error("code", two_factor.failure_message(failures))
    return render(request, "registration/totp_verify.html", {"form": form})


@page
def totp_enrol(request):
    """Set up an authenticator app: its secret as a QR code and as text, then its first code."""
    if not two_factor.needs_second_factor(request.user):
        return redirect("home")
    if two_factor.confirmed_device(request.user) is not None:
        return redirect(two_factor.VERIFY)  # a second app only after the first one's code (not built)
    key = request.session.setdefault(two_factor.ENROL_KEY, random_hex(20))
    form = CodeForm(request.POST or None)
    device = submitted(request, form, lambda data: enrol_totp(actor=request.user, key=key, code=data["code"]))
    if device is not None:
        request.session.pop(two_factor.ENROL_KEY, None)
        return _passed(request, device)
    address = TOTPDevice(user=request.user, key=key).config_url
    return render(request, "registration/totp_enrol.html", {
        "form": form, "address": address, "qr": _qr_svg(address),
        "secret": " ".join(_groups(b32encode(unhexlify(key)).decode(), 4))})


def _passed(request, device):
    otp_login(request, device)  # the session now says the second factor was passed (user.is_verified())
    request.session.pop(two_factor.FAILURES, None)
    return redirect(two_factor.page_after(request))


def _qr_svg(text: str) -> str:
    # Drawn here as SVG paths: no image library, nothing fetched.
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    # Security lint: markup qrcode drew from our own otpauth:// address; nothing typed by anyone is in it.
    return mark_safe(image.to_string(encoding="unicode"))  # nosec B308 B703


def _groups(text: str, size: int) -> list[str]:
    """The secret in groups of four, easier to type into an app by hand."""
    return [text[i:i + size] for i in range(0, len(text), size)]
