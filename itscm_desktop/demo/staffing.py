"""Writing the sites, the suppliers and the people: the named cast and generated staff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.cast import Person
from itscm_desktop.demo.names import pick_nationality
from itscm_desktop.demo.organisation import DEPARTMENTS, EMAIL_DOMAIN, ORGANISATION, SiteSpec
from itscm_desktop.demo.organisation import PERSONAL_DOMAINS as PERSONAL
from itscm_desktop.demo.suppliers import SupplierSpec

#: Which landline range (a city) a site's direct dials come from, per country.
LANDLINE_AREA: dict[str, int] = {"manchester": 1}

AVAILABILITY = (
    "No calls after 22:00 unless an incident is declared.",
    "Part-time: Monday to Wednesday.",
    "On the site's weekend call-out rota.",
    "Available 24/7 for P1 incidents; prefers SMS first.",
    "Lives an hour from site; allow 90 minutes to arrive.",
)


@dataclass(frozen=True)
class Workplace:
    """A site people work at: its key and name, its country (their numbers) and its id."""

    key: str
    name: str
    country: str
    id: str


def add_sites(b: Builder, sites: Iterable[SiteSpec]) -> None:
    for site in sites:
        b.add(
            "sites",
            {
                "name": site.name,
                "kind": site.kind,
                "address": site.address,
                "access_instructions": site.access,
                "phone": site.phone,
                "notes": site.notes or None,
            },
            key=site.key,
        )


def add_suppliers(b: Builder, suppliers: Iterable[SupplierSpec]) -> None:
    for s in suppliers:
        b.add(
            "suppliers",
            {
                "name": s.name,
                "provides": s.provides,
                "contract_ref": s.contract_ref,
                "contracted_recovery_minutes": s.recovery_minutes,
                "support_phone": s.support_phone,
                "support_email": s.support_email,
                "account_number": s.account_number,
                "contract_expires_on": b.day(-s.expires_in_days),
                "notes": s.notes or None,
            },
            key=s.key,
        )


def _verified(b: Builder, stale_share: float) -> str:
    """A last-verified date: mostly within the last five months, sometimes long ago."""
    if b.rng.random() < stale_share:
        return b.day(b.rng.randint(190, 540))
    return b.day(b.rng.randint(3, 150))


def _personal_email(b: Builder, local: str) -> str:
    return f"{local}{b.rng.randint(1, 99)}@{b.rng.choice(PERSONAL)}"


def add_person(b: Builder, person: Person, suppliers: Mapping[str, SupplierSpec]) -> str:
    """A named person of the cast; supplier staff get their employer's name and domain."""
    site_id = b.id("sites", person.site) if person.site else None
    if person.supplier:
        employer = suppliers[person.supplier]
        organisation = employer.name
        domain = employer.support_email.split("@")[1]
        work_phone = b.phones.landline(person.country)
    else:
        organisation, domain = ORGANISATION, EMAIL_DOMAIN
        area = LANDLINE_AREA.get(person.site or "", 0)
        work_phone = b.phones.landline(person.country if person.site else "GB", area=area)
    email = b.work_email(person.given, person.surname, domain, local=person.email)
    verified = (
        b.day(person.verified_days_ago)
        if person.verified_days_ago is not None
        else _verified(b, 0.0)
    )
    personal = _personal_email(b, email.split("@")[0]) if not person.supplier else None
    return b.add(
        "contacts",
        {
            "full_name": person.full_name,
            "job_title": person.job_title,
            "organisation": organisation,
            "supplier_id": b.id("suppliers", person.supplier) if person.supplier else None,
            "department": person.department,
            "mobile_phone": b.phones.mobile(person.country),
            "work_phone": work_phone,
            "home_phone": None if person.supplier else b.phones.home(person.country),
            "work_email": email,
            "personal_email": personal,
            "site_id": site_id,
            "availability": person.availability or None,
            "notes": person.notes or None,
            "last_verified_on": verified,
        },
        key=person.key,
    )


@dataclass(frozen=True)
class Colleague:
    id: str
    department: str
    site: str


def add_staff(
    b: Builder, count: int, workplaces: list[Workplace], *, stale_share: float = 0.12
) -> list[Colleague]:
    """`count` generated colleagues at `workplaces`; also remembered in `b.staff`."""
    colleagues: list[Colleague] = []
    by_key = {w.key: w for w in workplaces}
    departments = list(DEPARTMENTS)
    for _ in range(count):
        department = b.rng.choice(departments)
        titles, home_sites = DEPARTMENTS[department]
        usable = [by_key[k] for k in home_sites if k in by_key]
        place = b.rng.choice(usable) if usable and b.rng.random() < 0.7 else None
        place = place or b.rng.choice(workplaces)
        given, surname = pick_nationality(b.rng, place.country).person(b.rng)
        email = b.work_email(given, surname, EMAIL_DOMAIN)
        record_id = b.add(
            "contacts",
            {
                "full_name": f"{given} {surname}",
                "job_title": b.rng.choice(titles),
                "organisation": ORGANISATION,
                "department": department,
                "mobile_phone": b.phones.mobile(place.country),
                "work_phone": b.phones.landline(
                    place.country, area=LANDLINE_AREA.get(place.key, 0)
                ),
                "home_phone": b.phones.home(place.country) if b.rng.random() < 0.6 else None,
                "work_email": email,
                "personal_email": (
                    _personal_email(b, email.split("@")[0]) if b.rng.random() < 0.5 else None
                ),
                "site_id": place.id,
                "availability": b.rng.choice(AVAILABILITY) if b.rng.random() < 0.2 else None,
                "last_verified_on": _verified(b, stale_share),
            },
        )
        colleagues.append(Colleague(record_id, department, place.key))
        b.staff.setdefault(department, []).append(record_id)
    return colleagues
