"""The large organisation's regional network: depots across the UK and the continent, two
regional data rooms, a cold standby site and two more cloud regions."""

from __future__ import annotations

import random
from dataclasses import dataclass

from itscm_desktop.demo.names import ascii_word


@dataclass(frozen=True)
class RegionalSite:
    city: str
    country: str
    kind: str
    name: str

    @property
    def prefix(self) -> str:
        """Hostname prefix: 'poz' for the Poznań depot, 'poz-dc' for its data room."""
        suffix = {
            "office": "",
            "data_centre": "-dc",
            "colocation": "-col",
            "alternate_cold": "-dr",
            "cloud_region": "-" + ascii_word(self.name.split()[0])[:5],
        }[self.kind]
        return ascii_word(self.city)[:3] + suffix


def _depot(city: str, country: str) -> RegionalSite:
    return RegionalSite(city, country, "office", f"{city} depot")


REGIONAL_SITES: tuple[RegionalSite, ...] = (
    *(_depot(city, "PL") for city in ("Poznań", "Wrocław", "Gdańsk", "Kraków", "Szczecin",
                                       "Piotrków Trybunalski", "Sieradz")),
    *(_depot(city, "GB") for city in ("Birmingham", "Bristol", "Glasgow", "Trafford Park")),
    *(_depot(city, "DE") for city in ("Duisburg", "Bremen", "Dortmund", "Leipzig", "Nürnberg")),
    *(_depot(city, "NL") for city in ("Utrecht", "Eindhoven", "Tilburg")),
    _depot("Aarhus", "DK"),
    _depot("Lyon", "FR"),
    _depot("Lille", "FR"),
    _depot("Zaragoza", "ES"),
    _depot("Valencia", "ES"),
    _depot("Bilbao", "ES"),
    _depot("Cork", "IE"),
    RegionalSite("Poznań", "PL", "data_centre", "Poznań regional data room"),
    RegionalSite("Birmingham", "GB", "colocation", "Birmingham colocation (Aire Valley Midlands)"),
    RegionalSite("Wrocław", "PL", "alternate_cold", "Wrocław cold standby site"),
    RegionalSite("Dublin", "IE", "cloud_region", "Azure North Europe (Dublin)"),
    RegionalSite("Dublin", "IE", "cloud_region", "AWS eu-west-1 (Ireland)"),
)  # fmt: skip

_STREETS = {
    "PL": ("ul. Magazynowa {n}", "{z:02d}-{p:03d}"),
    "GB": ("Unit {n}, {city} Distribution Park", "B{z} {p}XY"),
    "DE": ("Logistikweg {n}", "{z:02d}{p:03d}"),
    "NL": ("Distributieweg {n}", "{z:02d}{p:02d} AB"),
    "DK": ("Lagervej {n}", "8{p:03d}"),
    "FR": ("{n} rue de la Logistique", "{z:02d}{p:03d}"),
    "ES": ("Calle de la Logística {n}", "{z:02d}{p:03d}"),
    "IE": ("Unit {n}, {city} Business Park", "T{z:02d} X{p:03d}"),
}
_COUNTRY_NAMES = {
    "PL": "Polska", "GB": "United Kingdom", "DE": "Deutschland", "NL": "Nederland",
    "DK": "Danmark", "FR": "France", "ES": "España", "IE": "Ireland",
}  # fmt: skip


def address(site: RegionalSite, rng: random.Random) -> str:
    if site.kind == "cloud_region":
        return f"Cloud region, {site.city}, {_COUNTRY_NAMES[site.country]}"
    street, postcode = _STREETS[site.country]
    line = street.format(n=rng.randint(1, 80), city=site.city)
    code = postcode.format(z=rng.randint(10, 99), p=rng.randint(10, 999))
    return f"{line}, {code} {site.city}, {_COUNTRY_NAMES[site.country]}"
