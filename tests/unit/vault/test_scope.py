"""A team's scope: the services, assets, suppliers and sites its papers list.

A small hand-made plan with one of each path into the scope and one thing that must stay
out of it, so that a change in the rules shows up as a named missing or extra item.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from itscm_desktop.vault.edits import Edit
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault
from tests.unit.vault.conftest import tried


@pytest.fixture
def plan(small: Vault) -> Iterator[tuple[Vault, dict[str, str]]]:
    """Network team recovers "Email" (a step of its plan) and owns "VPN" (its member's).
    Email needs the mail server (an asset at the data centre, supported by MailCo) and the
    ISP; the mail server needs the SAN vendor; VPN needs "Identity", another service, which
    needs IdCo: Identity is listed, IdCo is not (another team brings Identity back)."""
    with tried(small) as edit:
        ids = _build(edit)
        yield small, ids


def _build(edit: Edit) -> dict[str, str]:
    ids: dict[str, str] = {}
    ids["dc"] = edit.insert("sites", {"name": "Data centre", "kind": "data_centre"})
    ids["office"] = edit.insert("sites", {"name": "Łódź office", "kind": "office"})
    ids["hq"] = edit.insert("sites", {"name": "Head office", "kind": "office"})
    for key, name in (("mailco", "MailCo"), ("isp", "ISP"), ("san", "SAN vendor")):
        ids[key] = edit.insert("suppliers", {"name": name})
    ids["idco"] = edit.insert("suppliers", {"name": "IdCo"})
    ids["agency"] = edit.insert("suppliers", {"name": "Temp agency"})
    ids["ana"] = edit.insert("contacts", {"full_name": "Ana", "site_id": ids["office"]})
    ids["bo"] = edit.insert("contacts", {"full_name": "Bo", "supplier_id": ids["agency"]})
    ids["team"] = edit.insert("teams", {"name": "Network team", "purpose": "network"})
    ids["other"] = edit.insert("teams", {"name": "Other team", "purpose": "network"})
    for contact in ("ana", "bo"):
        edit.insert("team_members", {"team_id": ids["team"], "contact_id": ids[contact]})
    ids["email"] = edit.insert("services", {"name": "Email", "tier": 1})
    ids["vpn"] = edit.insert("services", {"name": "VPN", "tier": 2, "owner_id": ids["ana"]})
    ids["identity"] = edit.insert("services", {"name": "Identity", "tier": 1})
    ids["payroll"] = edit.insert("services", {"name": "Payroll", "tier": 3})
    ids["server"] = edit.insert(
        "assets",
        {"name": "mail01", "kind": "hardware", "site_id": ids["dc"], "supplier_id": ids["mailco"]},
    )
    ids["ledger"] = edit.insert("assets", {"name": "ledger", "kind": "software"})
    for source, target in (
        ("email", "server"),
        ("email", "isp"),
        ("server", "san"),
        ("vpn", "identity"),
        ("identity", "idco"),
        ("payroll", "ledger"),
    ):
        edit.insert("dependencies", {"from_id": ids[source], "to_id": ids[target]})
    rp = edit.insert("recovery_plans", {"name": "Mail back", "service_ids": [ids["email"]]})
    edit.insert(
        "runbook_steps", {"recovery_plan_id": rp, "title": "Restart", "team_id": ids["team"]}
    )
    other = edit.insert("recovery_plans", {"name": "Pay", "service_ids": [ids["payroll"]]})
    edit.insert(
        "runbook_steps", {"recovery_plan_id": other, "title": "Pay", "team_id": ids["other"]}
    )
    return ids


def test_a_team_needs_what_its_services_need(plan: tuple[Vault, dict[str, str]]) -> None:
    vault, ids = plan
    scope = team_scope(vault, ids["team"])
    assert scope.team_id == ids["team"]
    assert set(scope.services) == {ids["email"], ids["vpn"], ids["identity"]}
    assert scope.assets == (ids["server"],)
    # MailCo supports the server; ISP and the SAN vendor are dependencies; the agency
    # employs a member. IdCo is behind another service and stays out.
    expected = {ids[k] for k in ("mailco", "isp", "san", "agency")}
    assert set(scope.suppliers) == expected
    # The server's site and the member's site; head office has nothing to do with it.
    assert set(scope.sites) == {ids["dc"], ids["office"]}
    assert list(scope.suppliers) == sorted(scope.suppliers)


def test_another_team_has_its_own_scope(plan: tuple[Vault, dict[str, str]]) -> None:
    vault, ids = plan
    scope = team_scope(vault, ids["other"])
    assert scope.services == (ids["payroll"],)
    assert scope.assets == (ids["ledger"],)
    assert scope.suppliers == () and scope.sites == ()


def test_an_unknown_team_has_an_empty_scope(plan: tuple[Vault, dict[str, str]]) -> None:
    vault, _ = plan
    scope = team_scope(vault, "no-such-team")
    assert (scope.services, scope.assets, scope.suppliers, scope.sites) == ((), (), (), ())
