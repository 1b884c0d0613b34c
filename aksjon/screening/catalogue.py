"""Reading catalogue versions: the newest for new screenings, the screening's own for old ones."""
from __future__ import annotations

import tomllib
from importlib import resources

from aksjon.core.screening import Catalogue, catalogue_from_data

SHIPPED = "ilo-ec-2009.toml"


def shipped_catalogue_data() -> dict:
    """The catalogue file shipped with Aksjon (version 1)."""
    text = resources.files("aksjon.data").joinpath("indicators", SHIPPED).read_text("utf-8")
    return tomllib.loads(text)


def catalogue_of(version) -> Catalogue:
    """The rules of one stored version (building them takes well under a millisecond)."""
    return catalogue_from_data(version.data)


def newest_version(catalogue_id: str = "ilo-ec-2009"):
    from aksjon.screening.models import CatalogueVersion

    return CatalogueVersion.objects.filter(catalogue_id=catalogue_id).order_by("-version").first()


def install_shipped_catalogue(get_model) -> None:
    """Catalogue version 1 from the shipped file, unless it is there (used by a migration)."""
    data = shipped_catalogue_data()
    get_model("screening", "CatalogueVersion").objects.get_or_create(
        catalogue_id=data["catalogue"]["id"], version=int(data["catalogue"]["version"]),
        defaults={"data": data, "note": "Shipped with Aksjon."})
