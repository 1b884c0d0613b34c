"""Two-factor login on a phone: a real account sets up its authenticator app from the QR page
(its key read off the page, as an app would) and only then reaches a page; the page breaks no
Content-Security-Policy rule."""
from __future__ import annotations

from base64 import b32decode
from time import time

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user, restore_reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(transactional_db, settings):
    settings.TWO_FACTOR_REQUIRED = True  # the live server runs in this process: it sees the setting
    restore_reference_data()
    return make_user("officer.oslo", "field_officer", district="Oslo")


def test_a_real_account_sets_up_its_app_before_any_page(live_server, officer, phone):
    page = phone.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, live_server.url, "officer.oslo", PASSWORD)
    assert page.url == f"{live_server.url}/login/enrol/"
    assert page.locator(".totp-qr svg").is_visible()
    assert page.locator(".totp-qr svg").bounding_box()["width"] <= 390  # fits the phone
    page.goto(f"{live_server.url}/followups/")
    assert page.url == f"{live_server.url}/login/enrol/"  # nothing before the app is set up
    key = b32decode(page.locator("code.totp-secret").first.inner_text().replace(" ", ""))
    totp = TOTP(key)
    totp.time = time()
    page.fill("input[name=code]", f"{totp.token():06d}")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/followups/"  # the page asked for before the code
    assert page.locator("span.who").inner_text().startswith("officer.oslo")
    assert page.locator(".demo-badge").count() == 0
    assert violations == []
