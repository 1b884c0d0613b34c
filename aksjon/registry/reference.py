"""Reference data every installation starts with: the 12 police districts, their
towns (GeoNames, aksjon/data/places.csv) and the agencies in this work.

Written against a model lookup (`get_model`) so a data migration can call it.
"""
from __future__ import annotations

import csv
import io
import tomllib
from functools import cache
from importlib import resources

from django.utils.text import slugify

# The 12 police districts since 1 January 2016 (reference.md 5.5).
DISTRICTS = ["Finnmark", "Troms", "Nordland", "Trøndelag", "Møre og Romsdal", "Vest", "Sør-Vest",
             "Agder", "Sør-Øst", "Oslo", "Øst", "Innlandet"]


def _data(name: str) -> str:
    return resources.files("aksjon.data").joinpath(name).read_text("utf-8")


def places() -> list[dict]:
    return list(csv.DictReader(io.StringIO(_data("places.csv"))))


@cache
def municipalities() -> tuple[dict, ...]:
    """The municipality (2024 number and name) each town of places.csv lies in (municipalities.csv)."""
    return tuple(csv.DictReader(io.StringIO(_data("municipalities.csv"))))


@cache
def agencies() -> dict[str, dict]:
    """Every agency's entry in aksjon/data/agencies.toml, by code (read once)."""
    return tomllib.loads(_data("agencies.toml"))


def agency_entry(code: str) -> dict:
    """One agency's entry; an agency that is not in the file has none (and so no settings)."""
    return agencies().get(code, {})


def load_reference(get_model) -> None:
    District, Town, Agency = (get_model(*n) for n in [("accounts", "District"), ("registry", "Town"),
                                                         ("accounts", "Agency")])
    districts = {name: District.objects.get_or_create(code=slugify(name.replace("ø", "o").replace("Ø", "O")),
                                                      name=name)[0] for name in DISTRICTS}
    for row in places():
        Town.objects.get_or_create(name=row["town"], defaults={
            "district": districts[row["police_district"]], "population": int(row["population"]),
            "lat": float(row["lat"]), "lon": float(row["lon"]), "geonames_id": int(row["geonames_id"] or 0) or None})
    load_agencies(get_model)


def load_agencies(get_model) -> None:
    """The agencies of agencies.toml that are not in the database yet (a later migration adds new ones)."""
    Agency = get_model("accounts", "Agency")
    for code, item in agencies().items():
        Agency.objects.get_or_create(code=code, defaults={"name": item["name"], "kind": item["kind"],
                                                           "phone": item.get("phone", "")})
