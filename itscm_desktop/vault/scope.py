"""What a team is responsible for, and so what belongs on its printed papers.

A team's contact sheet and wallet cards list the suppliers and sites that matter to
that team, not all 600 suppliers of the organisation: a responder needs the lines of the
vendors behind the services they recover and the addresses of the places they work from.

The services of a team are those it recovers (the recovery plans in which any runbook
step names the team) and those its members own. From there the scope follows the
dependencies one step: the assets, suppliers and sites those services depend on; the
assets add their own supplier and site and what they depend on. Another service a
service depends on is listed, but not followed: another team brings it back, and
following every chain would put most of the organisation on one team's card. The
team's members add the sites they work at and the suppliers they work for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.vault import Vault

#: Services recovered by plans with a step for the team, or owned by its members.
_TEAM_SERVICES = """
SELECT DISTINCT j.value AS id
  FROM runbook_steps AS s
  JOIN recovery_plans AS p ON p.id = s.recovery_plan_id
  JOIN json_each(p.service_ids) AS j
 WHERE s.team_id = :team
UNION
SELECT sv.id FROM services AS sv
 WHERE sv.owner_id IN (SELECT contact_id FROM team_members WHERE team_id = :team)
"""

#: What the given services or assets depend on directly.
_NEEDED = """
SELECT DISTINCT d.to_id FROM dependencies AS d
 WHERE d.from_id IN (SELECT value FROM json_each(:ids))
"""

_MEMBERS = """
SELECT c.site_id, c.supplier_id FROM team_members AS m
  JOIN contacts AS c ON c.id = m.contact_id
 WHERE m.team_id = :team
"""


@dataclass(frozen=True)
class TeamScope:
    """The ids of what a team needs on paper, each sorted for a stable order: the
    services it recovers or owns (and the services they depend on), the assets those
    services need, the suppliers and the sites."""

    team_id: str
    services: tuple[str, ...]
    assets: tuple[str, ...]
    suppliers: tuple[str, ...]
    sites: tuple[str, ...]


def _ids_in(conn: Any, table: str, ids: set[str]) -> set[str]:
    """Those of `ids` that are records of `table` (a dependency may end anywhere)."""
    if not ids:
        return set()
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
        (_json_list(ids),),
    ).fetchall()
    return {str(row[0]) for row in rows}


def _json_list(ids: set[str]) -> str:
    return json.dumps(sorted(ids))


def team_scope(vault: Vault, team_id: str) -> TeamScope:
    """The services, suppliers and sites that matter to the team `team_id`.

    An unknown team has an empty scope; the caller says the team is missing.
    """
    conn = vault.conn
    with translate_errors():
        services = {str(r[0]) for r in conn.execute(_TEAM_SERVICES, {"team": team_id})}
        needed = {str(r[0]) for r in conn.execute(_NEEDED, {"ids": _json_list(services)})}
        assets = _ids_in(conn, "assets", needed)
        if assets:
            needed |= {str(r[0]) for r in conn.execute(_NEEDED, {"ids": _json_list(assets)})}
        suppliers = _ids_in(conn, "suppliers", needed)
        sites = _ids_in(conn, "sites", needed)
        if assets:
            for site_id, supplier_id in conn.execute(
                "SELECT site_id, supplier_id FROM assets "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (_json_list(assets),),
            ):
                if site_id:
                    sites.add(str(site_id))
                if supplier_id:
                    suppliers.add(str(supplier_id))
        for site_id, supplier_id in conn.execute(_MEMBERS, {"team": team_id}):
            if site_id:
                sites.add(str(site_id))
            if supplier_id:
                suppliers.add(str(supplier_id))
        all_services = _ids_in(conn, "services", needed) | services
    return TeamScope(
        team_id=team_id,
        services=tuple(sorted(all_services)),
        assets=tuple(sorted(assets)),
        suppliers=tuple(sorted(suppliers)),
        sites=tuple(sorted(sites)),
    )
