"""Demo users: one per role, printed by `aksjon demo`, plus a field team per district."""
from __future__ import annotations

from aksjon.accounts.actions import create_user, mark_demo_user
from aksjon.accounts.models import Agency, District, User

# Security lint: the demo's published password.
DEMO_PASSWORD = "aksjon-demo-2024"  # nosec B105
# Demo addresses are in a domain reserved for examples (RFC 2606): the console shows the
# e-mail that tells an owner a follow-up is theirs, and nothing could reach anyone.
DEMO_MAIL_DOMAIN = "aksjon.example"

# (username, role, district name or None, agency code or None, full name)
DEMO_USERS = [
    ("koordinator", "coordinator", None, "kripos", "Kari Koordinator"),
    ("leder.oslo", "district_lead", "Oslo", None, "Lars Leder"),
    ("felt.oslo", "field_officer", "Oslo", None, "Frida Felt"),
    ("analytiker", "analyst", None, "kripos", "Anders Analytiker"),
    ("arbeidstilsynet", "partner_liaison", None, "arbeidstilsynet", "Pia Partner"),
    ("revisor", "auditor", None, None, "Rita Revisor"),
]


def ensure_user(username: str, role: str, district: District | None, agency: Agency | None,
                full_name: str) -> User:
    """A demo user (`is_demo`: it logs in without a second factor, and the header says DEMO)."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        # A demo folder made before demo users were marked: mark them, or they would be asked for a code.
        return user if user.is_demo else mark_demo_user(actor=None, user=user)
    return create_user(actor=None, username=username, role=role, district=district, agency=agency,
                       full_name=full_name, password=DEMO_PASSWORD, email=f"{username}@{DEMO_MAIL_DOMAIN}",
                       is_demo=True)


def ensure_demo_users() -> dict[str, User]:
    users = {}
    for username, role, district, agency, name in DEMO_USERS:
        users[role] = ensure_user(username, role, District.objects.get(name=district) if district else None,
                                  Agency.objects.get(code=agency) if agency else None, name)
    return users


def field_officer_for(district: District) -> User:
    """The (non-printed) officer who records the demo controls in `district`."""
    if district.name == "Oslo":
        return User.objects.get(username="felt.oslo")
    return ensure_user(f"felt.{district.code}", "field_officer", district, None, f"Felt {district.name}")
