"""All of Aksjon's settings, read from AKSJON_* environment variables.

Nothing else in the code reads os.environ: every knob is here, with its default
and a line on what it does (`aksjon settings` prints them).
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent

#: (name, default, help) for every environment variable Aksjon reads.
ENVIRONMENT = [
    ("AKSJON_DATA_DIR", "./data", "Folder for the SQLite database, secret key and uploads."),
    ("AKSJON_DATABASE_URL", "", "Database URL; empty means SQLite in the data folder. "
     "Example: postgres://aksjon@127.0.0.1:5432/aksjon"),
    ("AKSJON_DEBUG", "false", "Django debug pages. Never on in a deployment: refused with any host but this machine."),
    ("AKSJON_ALLOWED_HOSTS", "127.0.0.1,localhost", "Host names the server answers to."),
    ("AKSJON_SECRET_KEY", "", "Signing key, at least 50 random characters (a weaker one is refused); "
     "empty means one generated and kept in the data folder."),
    ("AKSJON_TIME_ZONE", "Europe/Oslo", "Time zone for display and for 'today'."),
    ("AKSJON_MAX_UPLOAD_MB", "512", "Largest source file an import upload may be, in megabytes."),
    ("AKSJON_EMAIL_HOST", "", "SMTP server for the e-mail telling an owner a follow-up is theirs; "
     "empty prints those e-mails to the console (the demo)."),
    ("AKSJON_EMAIL_PORT", "25", "Port of that SMTP server."),
    ("AKSJON_EMAIL_FROM", "aksjon@localhost", "Sender address of those e-mails."),
    ("AKSJON_SITE_URL", "http://127.0.0.1:8000", "The address users open Aksjon at, for links in e-mails."),
    ("AKSJON_AUDIT_KEY", "", "Key sealing the audit chain and its checkpoints (HMAC-SHA256), at least 32 "
     "characters; empty means one generated into the data folder (audit.key, mode 600) on first use. "
     "Never in the database or its backups."),
    ("AKSJON_SESSION_IDLE_MINUTES", "30", "Minutes without a request after which a user is logged out."),
    ("AKSJON_SESSION_MAX_HOURS", "12", "Hours after logging in after which a user is logged out, active or not."),
    ("AKSJON_LOGIN_FAILURES", "5", "Failed logins for one user name from one address before that pair is locked out."),
    ("AKSJON_TWO_FACTOR", "true", "Every real account logs in with a code from an authenticator app (TOTP) after "
     "the password; demo users never do. Off only for tests and a machine nobody else reaches."),
    ("AKSJON_LOCKOUT_MINUTES", "15", "Minutes a locked-out user name and address must wait before trying again."),
    ("AKSJON_HTTPS", "false", "Served over HTTPS behind a TLS-terminating proxy that sets X-Forwarded-Proto: "
     "cookies only over HTTPS, HSTS for a year. Never on without such a proxy."),
]


def env(name: str) -> str:
    default = next(d for n, d, _h in ENVIRONMENT if n == name)
    return os.environ.get(name, default)


def env_bool(name: str) -> bool:
    value = env(name).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def env_positive_int(name: str) -> int:
    value = env(name).strip()
    if not value.isascii() or not value.isdigit() or int(value) == 0:
        raise ImproperlyConfigured(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


def _private_folder(path: Path) -> Path:
    """The data folder is the server's alone (700): it holds the database, the keys and uploads."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except PermissionError as error:
        raise ImproperlyConfigured(f"The data folder {path} must belong to the user running Aksjon.") from error
    return path


def _private_file(path: Path) -> Path:
    """Create `path` empty with mode 600 unless it exists, and make it 600 if it does."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return path


DATA_DIR = _private_folder(Path(env("AKSJON_DATA_DIR")).resolve())


def _secret_key() -> str:
    if env("AKSJON_SECRET_KEY"):
        return env("AKSJON_SECRET_KEY")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists() or not key_file.read_text().strip():
        _private_file(key_file).write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def _refuse_weak_secret_key(key: str) -> None:
    # Django's own bar (its security check): a short or repetitive key can be guessed, and whoever
    # holds it can forge sessions. The demo never sets one: it uses the generated key.
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "AKSJON_SECRET_KEY is too weak: use at least 50 random characters (for example "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or leave it empty "
            "and Aksjon generates one in the data folder.")


SECRET_KEY = _secret_key()
_refuse_weak_secret_key(SECRET_KEY)
DEBUG = env_bool("AKSJON_DEBUG")

# The audit chain's key and its checkpoints live outside the database (aksjon/audit/checkpoints.py):
# someone who can change only the database can neither re-seal rows nor rewrite the checkpoints.
AUDIT_KEY = env("AKSJON_AUDIT_KEY")
if AUDIT_KEY and len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("AKSJON_AUDIT_KEY must be at least 32 characters: it is all that seals the audit log.")
AUDIT_KEY_FILE = DATA_DIR / "audit.key"  # used when AKSJON_AUDIT_KEY is empty; created with mode 600
AUDIT_CHECKPOINT_FILE = DATA_DIR / "audit-checkpoints.jsonl"  # append-only, one signed line per checkpoint
AUDIT_CHECKPOINT_EVERY = 1000  # rows between the checkpoints written as the log grows


def env_megabytes(name: str) -> int:
    value = env(name).strip()
    if not value.isdigit() or int(value) == 0:
        raise ImproperlyConfigured(f"{name} must be a whole number of megabytes, not {value!r}")
    return int(value) << 20


MAX_UPLOAD_BYTES = env_megabytes("AKSJON_MAX_UPLOAD_MB")  # an import upload; checked as it streams to disk
ALLOWED_HOSTS = [h.strip() for h in env("AKSJON_ALLOWED_HOSTS").split(",") if h.strip()]
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("AKSJON_ALLOWED_HOSTS may not be '*': name the hosts.")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
if DEBUG and set(ALLOWED_HOSTS) - LOCAL_HOSTS:
    # Debug pages show settings, queries and data to whoever can reach the server.
    raise ImproperlyConfigured(
        "AKSJON_DEBUG is on while AKSJON_ALLOWED_HOSTS names hosts other than this machine "
        f"({', '.join(sorted(set(ALLOWED_HOSTS) - LOCAL_HOSTS))}): turn AKSJON_DEBUG off, "
        "or serve only 127.0.0.1 and localhost.")


def _sqlite_file(path: Path) -> Path:
    """The database file, created 600 before SQLite opens it: SQLite gives its -wal and -shm
    files the database file's mode, so they are 600 too; older ones are made so here."""
    for companion in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if companion.exists():
            companion.chmod(0o600)
    return _private_file(path)


def _database() -> dict:
    url = env("AKSJON_DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite_file(DATA_DIR / "aksjon.sqlite3"),
            # IMMEDIATE: a writer takes the lock at BEGIN, so two writers never
            # deadlock half-way; WAL lets readers go on while one writes.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use a file too, not shared-cache memory: the live server's threads
            # (browser tests, the import worker) then lock the way a real server does.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("AKSJON_DATABASE_URL must be a postgres:// URL.")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "aksjon.accounts",
    "aksjon.audit",
    "aksjon.registry",
    "aksjon.operations",
    "aksjon.controls",
    "aksjon.followup",
    "aksjon.screening",
    "aksjon.jobs",
    "aksjon.intel",
    "aksjon.analysis",
    "aksjon.reports",
    "aksjon.exports",
    "aksjon.demo",
    "aksjon.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy below, on every answer
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "aksjon.web.middleware.NorwegianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor was passed
    "django.contrib.messages.middleware.MessageMiddleware",
    "aksjon.accounts.middleware.NoStoreForUsersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "aksjon.audit.middleware.RequestIdMiddleware",
    # After messages (it says why it logged out) and the request id (its logout row carries it).
    "aksjon.accounts.middleware.SessionTimeoutMiddleware",
    # After the timeouts (an ended session asks for nothing more) and htmx (it redirects htmx requests its way).
    "aksjon.accounts.two_factor.TwoFactorMiddleware",
    "aksjon.web.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a refused login into the lockout page
]

ROOT_URLCONF = "aksjon.urls"
WSGI_APPLICATION = "aksjon.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aksjon.web.context.navigation",
            ],
        },
    }
]

# Argon2 (memory-hard) for every new or changed password; the others only read older hashes,
# which Django re-hashes with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name from one
# address, that pair is refused, right password or not, until the cool-off has passed. Per name
# and address, so a guesser cannot lock a colleague out from another machine.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_positive_int("AKSJON_LOGIN_FAILURES")
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("AKSJON_LOCKOUT_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused try during the lockout does not restart it: the page promises a time and keeps to it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "aksjon.accounts.lockout.lockout_page"
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit trail already; no second log of officers' addresses
AXES_CLIENT_IP_CALLABLE = "aksjon.accounts.lockout.client_address"
AXES_USERNAME_CALLABLE = "aksjon.accounts.lockout.username_digest"  # never a password typed as the name
AXES_VERBOSE = False

# Two-factor login (aksjon/accounts/two_factor.py): after the password, a real account (not
# `is_demo`) gives a code from its authenticator app before any page; the session then says so.
TWO_FACTOR_REQUIRED = env_bool("AKSJON_TWO_FACTOR")
OTP_TOTP_ISSUER = "Aksjon"  # the name the authenticator app shows beside the account

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Bokmål first; English beside it.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("AKSJON_TIME_ZONE")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve static files from the app folders directly: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A shared machine left logged in: logged out after this long without a request, and after
# SESSION_MAX_SECONDS whatever happens (aksjon/accounts/middleware.py); no session outlives that.
SESSION_IDLE_SECONDS = env_positive_int("AKSJON_SESSION_IDLE_MINUTES") * 60
SESSION_MAX_SECONDS = env_positive_int("AKSJON_SESSION_MAX_HOURS") * 3600
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS

# One switch for a server behind a TLS-terminating proxy (nginx, Caddy) that sets X-Forwarded-Proto
# and strips it from clients; without such a proxy a client could claim HTTPS itself.
HTTPS = env_bool("AKSJON_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): scripts, styles, images and connections only from
# Aksjon itself; no inline script, no inline event handler, no eval (htmx runs with allowEval
# off, see base.html), no plugins, not framed, forms posted only here. Style *attributes* stay
# allowed (style-src-attr): a few bars and the link chart set a width inline, and an attribute
# cannot run code. tests/browser/test_csp.py opens every page and finds no violation.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"], "img-src": ["'self'", "data:"], "font-src": ["'self'"],
    "connect-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'none'"], "frame-ancestors": ["'none'"],
    "form-action": ["'self'"], "worker-src": ["'self'"], "manifest-src": ["'self'"],
}}
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# E-mail to a follow-up's new owner (aksjon/followup/notify.py): SMTP where configured,
# else the console. Tests get Django's in-memory backend whatever this says.
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if env("AKSJON_EMAIL_HOST")
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("AKSJON_EMAIL_HOST") or "localhost"
EMAIL_PORT = int(env("AKSJON_EMAIL_PORT"))
DEFAULT_FROM_EMAIL = env("AKSJON_EMAIL_FROM")
SITE_URL = env("AKSJON_SITE_URL").rstrip("/")

# The web process runs queued jobs (imports, linkage runs …) in a thread of its own, so
# the demo needs no second process; `aksjon worker` does the same from the command line.
JOBS_WORKER_THREAD = True
