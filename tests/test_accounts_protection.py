"""Accounts: Argon2 hashes, session timeouts, no-store, HTTPS cookies, lockout, refused settings, file modes."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.urls import reverse

import aksjon.settings as configured
from aksjon.accounts.middleware import SEEN, STARTED
from aksjon.audit.models import AUTH, AuditEntry
from tests.conftest import PASSWORD

WRONG = "Feil-passord-1234"
STRONG_KEY = "k" * 40 + "abcdefghijklmnop"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _aksjon(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "aksjon", *args], env=environment,
                          capture_output=True, text=True, timeout=120)


# Argon2

def test_a_new_password_is_hashed_with_argon2(world, settings):
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    user = world.users["field_officer"]
    user.set_password(PASSWORD)
    assert user.password.startswith("argon2$") and user.check_password(PASSWORD)


def test_an_older_pbkdf2_hash_becomes_argon2_at_the_next_login(client, world, settings):
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    user = world.users["field_officer"]
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


# Session timeouts

def _logged_in_with_clock(client, user, started_ago: float, seen_ago: float):
    client.force_login(user)
    session, now = client.session, time.time()
    session[STARTED], session[SEEN] = now - started_ago, now - seen_ago
    session.save()
    return client


def _is_logged_in(client) -> bool:
    return client.get(reverse("operation_list")).status_code == 200


def test_a_session_idle_for_less_than_the_limit_stays(client, world, settings):
    _logged_in_with_clock(client, world.users["coordinator"], 3600, settings.SESSION_IDLE_SECONDS - 60)
    assert _is_logged_in(client)


def test_a_session_idle_past_the_limit_is_logged_out_with_a_reason(client, world, settings):
    _logged_in_with_clock(client, world.users["coordinator"], 3600, settings.SESSION_IDLE_SECONDS + 1)
    response = client.get(reverse("operation_list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert [str(m) for m in response.context["messages"]] == [
        f"Du ble logget ut etter {settings.SESSION_IDLE_SECONDS // 60} minutter uten aktivitet."]  # bokmål first
    assert AuditEntry.objects.filter(kind=AUTH, verb="logout").exclude(request_id="").exists()


def test_an_active_session_ends_at_the_absolute_limit(client, world, settings):
    _logged_in_with_clock(client, world.users["coordinator"], settings.SESSION_MAX_SECONDS - 60, 0)
    assert _is_logged_in(client)
    _logged_in_with_clock(client, world.users["coordinator"], settings.SESSION_MAX_SECONDS + 1, 0)
    assert not _is_logged_in(client)


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert (configured.SESSION_IDLE_SECONDS, configured.SESSION_MAX_SECONDS) == (30 * 60, 12 * 3600)
    assert configured.SESSION_COOKIE_AGE == configured.SESSION_MAX_SECONDS


# No-store

def test_pages_and_exports_for_a_logged_in_user_are_never_stored(client, world):
    client.force_login(world.users["coordinator"])
    for url in (reverse("operation_list"), reverse("person_detail", args=[world.person["oslo"].pk]),
                reverse("export_download", args=["targets", "csv"])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_static_files_may_still_be_cached(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get("/static/aksjon/app.css")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


# HTTPS

def test_one_setting_turns_on_secure_cookies_hsts_and_the_proxy_header():
    show = ("import aksjon.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)")
    off = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=os.environ.copy())
    on = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                        env={**os.environ, "AKSJON_HTTPS": "1"})
    assert off.stdout.split() == ["False", "False", "0", "None"]
    assert on.stdout.strip() == "True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"


# Refusing to start

def test_a_weak_secret_key_is_refused_in_one_line():
    result = _aksjon("check", AKSJON_SECRET_KEY="x")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("aksjon: refusing to start: AKSJON_SECRET_KEY is too weak")


def test_debug_with_a_public_host_is_refused():
    result = _aksjon("check", AKSJON_DEBUG="1", AKSJON_ALLOWED_HOSTS="aksjon.politiet.no,localhost")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "AKSJON_DEBUG is on" in result.stderr and "aksjon.politiet.no" in result.stderr


def test_debug_on_this_machine_and_a_strong_key_start_and_the_settings_are_listed(tmp_path):
    result = _aksjon("settings", AKSJON_DEBUG="1", AKSJON_SECRET_KEY=STRONG_KEY,
                     AKSJON_DATA_DIR=str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    for name in ("AKSJON_SESSION_IDLE_MINUTES", "AKSJON_SESSION_MAX_HOURS", "AKSJON_HTTPS",
                 "AKSJON_LOGIN_FAILURES", "AKSJON_LOCKOUT_MINUTES"):
        assert name in result.stdout
    assert STRONG_KEY not in result.stdout


# Lockout

def _log_in(client, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": "coord", "password": password}, REMOTE_ADDR=address)


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, world):
    answers = [_log_in(client, WRONG).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    locked = _log_in(client, PASSWORD)
    assert locked.status_code == 429 and not _is_logged_in(client)
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    assert (locked.context["failure_limit"], locked.context["lockout_minutes"]) == (5, 15)
    page = locked.content.decode()
    assert '<html lang="nb">' in page and "For mange mislykkede innlogginger" in page
    assert AuditEntry.objects.filter(kind=AUTH, verb="login_failed").count() == 6


def test_the_lockout_holds_for_one_address_and_ends_after_fifteen_minutes(client, world):
    for _ in range(5):
        _log_in(client, WRONG)
    assert _log_in(client, PASSWORD, address="10.0.0.2").status_code == 302  # another machine
    client.post(reverse("logout"))
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14))
    assert _log_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=2))
    assert _log_in(client, PASSWORD).status_code == 302


def test_a_login_between_failures_starts_the_count_again(client, world):
    for _ in range(4):
        _log_in(client, WRONG)
    assert _log_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert [_log_in(client, WRONG).status_code for _ in range(4)] == [200] * 4


def test_the_lockout_table_never_holds_the_name_typed(client, world):
    client.post(reverse("login"), {"username": WRONG, "password": WRONG}, REMOTE_ADDR="10.0.0.1")
    stored = " ".join(str(row) for row in AccessAttempt.objects.values_list("username", "get_data", "post_data"))
    assert AccessAttempt.objects.count() == 1 and WRONG not in stored


# File modes

def test_a_new_data_folder_is_700_with_its_secret_key_and_database_600(tmp_path):
    folder = tmp_path / "new" / "data"
    assert _aksjon("settings", AKSJON_DATA_DIR=str(folder)).returncode == 0
    modes = {path.name: _mode(path) for path in (folder, folder / "secret_key", folder / "aksjon.sqlite3")}
    assert modes == {"data": 0o700, "secret_key": 0o600, "aksjon.sqlite3": 0o600}


def test_an_existing_open_data_folder_is_closed(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert _mode(configured._private_folder(folder)) == 0o700


def test_the_sqlite_database_and_its_wal_are_600(tmp_path):
    folder = configured._private_folder(tmp_path / "data")
    old_wal = folder / "aksjon.sqlite3-wal"
    old_wal.write_text("")
    old_wal.chmod(0o644)
    database = configured._sqlite_file(folder / "aksjon.sqlite3")
    assert (_mode(folder), _mode(database), _mode(old_wal)) == (0o700, 0o600, 0o600)
    old_wal.unlink()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    assert _mode(f"{database}-wal") == 0o600 and _mode(f"{database}-shm") == 0o600
    connection.close()


def test_every_setting_is_in_the_readme_table():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    missing = [name for name, _default, _help in configured.ENVIRONMENT if f"`{name}`" not in readme]
    assert missing == []
