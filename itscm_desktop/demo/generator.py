"""The seeded generator of the demo organisation (and the entry point for the large one).

Everything goes through the vault's ordinary write path — validation, op log, audit
trail, search index — in one save, so a generated vault is exactly what a person could
have typed. The same seed and reference date give the same content in the same order;
only the record ids (random UUIDs) and the save's timestamps differ between runs.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Literal

from itscm_desktop.demo import large
from itscm_desktop.demo.assets import KEY_ASSETS
from itscm_desktop.demo.builder import Builder
from itscm_desktop.demo.cast import CAST
from itscm_desktop.demo.catalogue import (
    add_dependencies,
    add_inventory,
    add_key_assets,
    add_risks,
    add_services,
)
from itscm_desktop.demo.exercises import EXERCISES
from itscm_desktop.demo.foundation import (
    SUPPLIER_BY_KEY,
    add_communications,
    add_plan_header,
    demo_premises,
    demo_workplaces,
    owners_by_department,
    plan_context,
)
from itscm_desktop.demo.incidents import CORE_SWITCH
from itscm_desktop.demo.organisation import ORGANISATION, PLAN_TITLE, SITES
from itscm_desktop.demo.recovery_plans import PLANS
from itscm_desktop.demo.response import (
    add_call_trees,
    add_exercises,
    add_incident,
    add_plan,
    add_teams,
)
from itscm_desktop.demo.risks import RISKS
from itscm_desktop.demo.services import SERVICES
from itscm_desktop.demo.staffing import add_person, add_sites, add_staff, add_suppliers
from itscm_desktop.demo.suppliers import SUPPLIERS
from itscm_desktop.demo.teams import CALL_TREES, TEAMS
from itscm_desktop.vault.vault import Vault

Size = Literal["demo", "large"]

#: "Today" for the generated plan: every date in it counts back from here, so a vault
#: generated next year says the same things ("verified 200 days ago").
REFERENCE_DATE = date(2026, 11, 1)
DEMO_SEED = 2026
AUTHOR = "demo generator"

#: Generated colleagues besides the named cast, and inventory besides the key assets.
DEMO_EXTRA_STAFF = 30
DEMO_INVENTORY = 120


def generate(
    vault: Vault,
    size: Size = "demo",
    seed: int = DEMO_SEED,
    *,
    today: date = REFERENCE_DATE,
) -> dict[str, int]:
    """Fill a new, empty vault with the demo (or large) organisation in one save.

    Returns the number of records written per table; the plan row, which the vault
    already has, is filled in and not counted. Raises ValueError for an unknown size.
    """
    if size not in ("demo", "large"):
        raise ValueError(f"size must be 'demo' or 'large', not {size!r}")
    plan_id = str(vault.plan()["id"])
    with vault.edit(author=AUTHOR) as edit:
        b = Builder(edit, random.Random(seed), today)
        if size == "demo":
            build_demo(b, plan_id)
        else:
            large.build_large(b, plan_id)
    return dict(sorted(b.counts.items()))


def create_demo_vault(
    path: Path | str,
    passphrase: str,
    size: Size = "demo",
    seed: int = DEMO_SEED,
    *,
    today: date = REFERENCE_DATE,
) -> dict[str, int]:
    """Create a new vault file holding the generated organisation, close it, and return
    the counts. Refuses an existing file, like `Vault.create`."""
    with Vault.create(
        Path(path), passphrase, organisation=ORGANISATION, title=PLAN_TITLE, device_name=AUTHOR
    ) as vault:
        return generate(vault, size, seed, today=today)


def build_demo(b: Builder, plan_id: str) -> None:
    """The demo organisation: the hand-written content plus a little generated staff
    and inventory, in the order the registry needs (people before teams, …)."""
    add_sites(b, SITES)
    add_suppliers(b, SUPPLIERS)
    for person in CAST:
        add_person(b, person, SUPPLIER_BY_KEY)
    add_staff(b, DEMO_EXTRA_STAFF, demo_workplaces(b))
    add_plan_header(b, plan_id)
    add_teams(b, TEAMS)
    add_call_trees(b, CALL_TREES)
    add_services(b, SERVICES)
    add_key_assets(b, KEY_ASSETS)
    add_inventory(
        b, demo_premises(b), DEMO_INVENTORY, owners_by_department(b), b.keyed("suppliers")
    )
    add_dependencies(b, SERVICES, KEY_ASSETS)
    add_risks(b, RISKS)
    steps = {plan.key: add_plan(b, plan, plan_context(plan)) for plan in PLANS}
    add_exercises(b, EXERCISES)
    add_incident(b, CORE_SWITCH, steps[CORE_SWITCH.plan], {p.key: p.full_name for p in CAST})
    add_communications(b)
