"""The generator's building blocks, checked without a vault."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from itscm_desktop.demo.names import NATIONALITIES, ascii_word, email_local
from itscm_desktop.demo.phones import COUNTRY_NUMBERS, NumberRange
from itscm_desktop.demo.runbooks import RECOVERY_POOL, generic_plan_steps
from itscm_desktop.demo.services import SERVICES, WINDOWS, ServiceSpec, bia_costs, bia_ratings
from itscm_desktop.demo.suppliers import synthetic_supplier

RANGES = [
    (country, r)
    for country, numbers in COUNTRY_NUMBERS.items()
    for r in (*numbers.mobile, *numbers.landline)
]


@pytest.mark.parametrize(("country", "number_range"), RANGES)
def test_every_number_range_gives_valid_numbers_of_its_country(
    country: str, number_range: NumberRange
) -> None:
    top = 10**number_range.free - 1
    for index in (0, top, *random.Random(country).sample(range(top + 1), 150)):
        number = phonenumbers.parse(number_range.at(index))
        assert phonenumbers.is_valid_number(number), number_range.at(index)
        assert phonenumbers.region_code_for_number(number) == country


@pytest.mark.parametrize(
    ("given", "surname", "local"),
    [
        ("Łukasz", "Wróbel", "lukasz.wrobel"),
        ("Søren", "Ørsted", "soren.orsted"),
        ("Ζωή", "Παπαδοπούλου", "zoi.papadopoulou"),
        ("Олександр", "Шевченко", "oleksandr.shevchenko"),
        ("María José", "García Núñez", "maria.garcianunez"),
        ("Pádraig", "Ó Súilleabháin", "padraig.osuilleabhain"),
        ("Pieter", "van der Berg", "pieter.vanderberg"),
    ],
)
def test_email_spelling_is_plain_ascii(given: str, surname: str, local: str) -> None:
    assert email_local(given, surname) == local


def test_every_generated_name_has_an_email_spelling() -> None:
    for nationality in NATIONALITIES:
        for given in (*nationality.women, *nationality.men):
            assert ascii_word(given)
        for surname in nationality.surnames:
            for form in surname if isinstance(surname, tuple) else (surname,):
                assert ascii_word(form), form


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.key)
def test_bia_ratings_rise_and_stay_tolerable_before_the_mtd(service: ServiceSpec) -> None:
    for peak in service.impacts.values():
        ratings = bia_ratings(peak, service.mtd)
        assert ratings == sorted(ratings)
        assert all(r < 4 for w, r in zip(WINDOWS, ratings, strict=True) if w < service.mtd)
    costs = bia_costs(service.cost_per_hour)
    assert costs == sorted(costs)


def test_generic_plans_have_25_steps_in_a_chain() -> None:
    steps = generic_plan_steps(random.Random(1))
    assert len(steps) == 25
    labels = [s.label for s in steps]
    assert len(set(labels)) == 25
    for index, step in enumerate(steps):
        assert set(step.after) <= set(labels[:index])
    assert len(RECOVERY_POOL) >= 15


def test_synthetic_supplier_names_are_unique() -> None:
    rng = random.Random(3)
    names = [synthetic_supplier(i, rng)[0] for i in range(600)]
    assert len(set(names)) == 600
