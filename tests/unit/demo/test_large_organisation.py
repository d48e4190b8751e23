"""The large organisation has exactly the sizes the benchmarks rely on. Slow (about half a
minute): runs only in thorough mode."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import phonenumbers
import pytest

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

EXACT = {
    "contacts": 5000,
    "assets": 20000,
    "services": 1000,
    "suppliers": 600,
    "teams": 400,
    "recovery_plans": 300,
    "runbook_steps": 300 * 25,
    "incidents": 50,
    "incident_events": 50 * 100,
}


@pytest.mark.slow
def test_the_large_organisation_has_the_exact_sizes(tmp_path: Path) -> None:
    path = tmp_path / "large.itscm"
    counts = create_demo_vault(path, PASSPHRASE, size="large")
    with Vault.open(path, PASSPHRASE) as vault:
        stats = vault.stats()
        steps = Counter(s["recovery_plan_id"] for s in vault.records("runbook_steps"))
        events = Counter(e["incident_id"] for e in vault.records("incident_events"))
        numbers = [c["mobile_phone"] for c in vault.records("contacts")]
        names = {c["full_name"] for c in vault.records("contacts")}
        sites = vault.count("sites")
        members = vault.count("team_members")
        impacts = vault.count("bia_impacts")
    for table, expected in EXACT.items():
        assert stats[table] == counts[table] == expected, table
    assert set(steps.values()) == {25}
    assert set(events.values()) == {100}
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(n)) for n in numbers)
    assert {"Łukasz Wróbel", "田中 太郎", "Ζωή Παπαδοπούλου"} <= names
    assert sites == 40
    assert members >= 2000 and impacts >= 15000
