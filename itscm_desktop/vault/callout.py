"""Who do I call? From what a person types to the people and lines to phone, in order.

A search over people, teams, services, suppliers, sites and call trees finds what was
meant; each hit becomes a group of callees in the order to call them: a team's leader,
then its primaries, then its alternates; a service's owner, then the teams that run its
recovery, then its suppliers' 24/7 lines; a call tree in its own order. People without
any number are listed all the same (with no numbers), so a gap shows instead of hiding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.sqlite import Connection
from itscm_desktop.vault.vault import Vault

#: What `who_to_call` searches, in no particular order (the search ranks the hits).
CALLOUT_TABLES: tuple[str, ...] = (
    "contacts",
    "teams",
    "services",
    "suppliers",
    "sites",
    "call_trees",
)

#: A person's numbers, best first: a mobile reaches them anywhere.
PERSON_PHONES: tuple[tuple[str, str], ...] = (
    ("mobile", "mobile_phone"),
    ("work", "work_phone"),
    ("home", "home_phone"),
)

_CONTACT_COLUMNS = (
    "id, full_name, job_title, organisation, mobile_phone, work_phone, home_phone, "
    "work_email, personal_email, availability"
)

#: The ids of the recovery plans covering a service (parameters: '%"id"%', id). The LIKE
#: is a cheap first sieve; json_each makes sure the id is a whole entry of the list.
_PLANS_COVERING = (
    "SELECT p.id FROM recovery_plans AS p WHERE p.service_ids LIKE ? "
    "AND EXISTS (SELECT 1 FROM json_each(p.service_ids) WHERE value = ?)"
)


@dataclass(frozen=True)
class Number:
    """One phone number: `kind` is mobile, work, home, support or site."""

    kind: str
    e164: str
    display: str


@dataclass(frozen=True)
class Callee:
    """One person or line to call. `order` counts from 1 within its group; `depth` is
    how far down a call tree the entry sits (0 at the top, and outside call trees)."""

    table: str
    id: str
    name: str
    role: str
    membership: str
    order: int
    numbers: tuple[Number, ...]
    emails: tuple[str, ...]
    note: str
    depth: int = 0

    @property
    def reachable(self) -> bool:
        """False when there is no number to call: the view flags such a callee."""
        return bool(self.numbers)


@dataclass(frozen=True)
class CallGroup:
    """The callees for one thing found: a person, team, service, supplier, site or call
    tree. `heading` is its name; `detail` a short line about it ("Tier 1 · RTO 4 h")."""

    heading: str
    table: str
    id: str
    callees: tuple[Callee, ...]
    detail: str = ""

    @property
    def label(self) -> str:
        """What was found, as a word: "Team", "Service", …"""
        return REGISTRY[self.table].label


def _number(kind: str, e164: str) -> Number:
    return Number(kind, e164, format_phone(e164))


def _join(*parts: object, sep: str = " · ") -> str:
    """The non-empty parts joined; False and None (from `x and "…"`) count as empty."""
    return sep.join(str(p).strip() for p in parts if p and str(p).strip())


def _numbered(callees: Iterable[Callee], *, once: bool = True) -> tuple[Callee, ...]:
    """Callees numbered 1, 2, … in call order; with `once`, each only where first met."""
    kept: list[Callee] = []
    seen: set[tuple[str, str]] = set()
    for callee in callees:
        if once and (callee.table, callee.id) in seen:
            continue
        seen.add((callee.table, callee.id))
        kept.append(replace(callee, order=len(kept) + 1))
    return tuple(kept)


def _first_line(text: object) -> str:
    return str(text).strip().splitlines()[0] if text and str(text).strip() else ""


class _Callout:
    """Builds the groups for one query, reading and formatting each contact once. Nothing
    is kept beyond the query: a locked vault leaves no numbers behind in memory."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._people: dict[str, dict[str, Any]] = {}
        self._numbers: dict[str, tuple[Number, ...]] = {}

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, table: str, record_id: str) -> dict[str, Any] | None:
        found = self.rows(f'SELECT * FROM "{table}" WHERE id = ?', (record_id,))
        return found[0] if found else None

    def load_people(self, ids: Iterable[str | None]) -> None:
        wanted = sorted({i for i in ids if i and i not in self._people})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE id IN ({marks})"
            for person in self.rows(sql, chunk):
                self._people[person["id"]] = person

    def person(
        self,
        contact_id: str,
        role: str,
        membership: str = "",
        note: str = "",
        depth: int = 0,
    ) -> Callee:
        """A callee for a contact (a deleted one still shows, as "(deleted contact)")."""
        self.load_people([contact_id])
        p = self._people.get(contact_id) or {"full_name": "(deleted contact)"}
        numbers = self._numbers.get(contact_id)
        if numbers is None:
            numbers = tuple(_number(kind, p[col]) for kind, col in PERSON_PHONES if p.get(col))
            self._numbers[contact_id] = numbers
        emails = tuple(p[col] for col in ("work_email", "personal_email") if p.get(col))
        return Callee(
            table="contacts",
            id=contact_id,
            name=str(p["full_name"]),
            role=role or str(p.get("job_title") or ""),
            membership=membership,
            order=0,
            numbers=numbers,
            emails=emails,
            note=_join(note, p.get("availability"), sep="\n"),
            depth=depth,
        )

    def members(self, team_id: str) -> list[dict[str, Any]]:
        """A team's members, primaries then alternates, each in call order."""
        return self.rows(
            "SELECT contact_id, role, membership FROM team_members WHERE team_id = ? "
            "ORDER BY membership = 'alternate', position, id",
            (team_id,),
        )

    # -- one group per kind of hit --------------------------------------------------------

    def group(self, table: str, record_id: str) -> CallGroup | None:
        build = {
            "contacts": self.contact,
            "teams": self.team,
            "services": self.service,
            "suppliers": self.supplier,
            "sites": self.site,
            "call_trees": self.call_tree,
        }.get(table)
        return build(record_id) if build else None

    def contact(self, contact_id: str) -> CallGroup | None:
        self.load_people([contact_id])
        person = self._people.get(contact_id)
        if person is None:
            return None
        roles: dict[str, list[str]] = {}
        for r in self.rows(
            "SELECT name, 'Team leader' AS role, '' AS membership, -1 AS position "
            "FROM teams WHERE leader_id = ? "
            "UNION ALL SELECT t.name, m.role, m.membership, m.position FROM team_members AS m "
            "JOIN teams AS t ON t.id = m.team_id WHERE m.contact_id = ? "
            "ORDER BY 1, 4",
            (contact_id, contact_id),
        ):
            alternate = " (alternate)" if r["membership"] == "alternate" else ""
            roles.setdefault(r["name"], []).append((r["role"] or "member") + alternate)
        role = "; ".join(f"{team} · {', '.join(parts)}" for team, parts in roles.items())
        callee = self.person(contact_id, role)
        detail = _join(person["job_title"], person["organisation"])
        return CallGroup(callee.name, "contacts", contact_id, _numbered([callee]), detail)

    def team(self, team_id: str) -> CallGroup | None:
        team = self.row("teams", team_id)
        if team is None:
            return None
        members = self.members(team_id)
        self.load_people([team["leader_id"], *(m["contact_id"] for m in members)])
        callees: list[Callee] = []
        leader = team["leader_id"]
        if leader:
            own = next((m for m in members if m["contact_id"] == leader), None)
            role = _join("Team leader", own and own["role"])
            callees.append(self.person(leader, role, own["membership"] if own else ""))
        for m in members:
            callees.append(self.person(m["contact_id"], m["role"] or "", m["membership"]))
        purpose = REGISTRY["teams"].field("purpose").choice_label(team["purpose"] or "")
        detail = _join(purpose, team["meeting_point"] and "Meet: " + team["meeting_point"])
        return CallGroup(team["name"], "teams", team_id, _numbered(callees), detail)

    def service(self, service_id: str) -> CallGroup | None:
        service = self.row("services", service_id)
        if service is None:
            return None
        callees: list[Callee] = []
        if service["owner_id"]:
            callees.append(self.person(service["owner_id"], "Service owner"))
        teams = self.rows(
            "SELECT t.id, t.name FROM runbook_steps AS s JOIN teams AS t ON t.id = s.team_id "
            f"WHERE s.recovery_plan_id IN ({_PLANS_COVERING}) GROUP BY t.id "
            "ORDER BY min(CASE s.phase WHEN 'activation' THEN 0 WHEN 'recovery' THEN 1 "
            "ELSE 2 END * 100000 + coalesce(s.position, 0)), t.name",
            (f'%"{service_id}"%', service_id),
        )
        staffed = [(t, self.members(t["id"])) for t in teams]
        self.load_people(m["contact_id"] for _, ms in staffed for m in ms)
        for membership in ("primary", "alternate"):
            for team, members in staffed:
                for m in members:
                    if m["membership"] != membership:
                        continue
                    role = _join(team["name"], m["role"])
                    callees.append(self.person(m["contact_id"], role, membership))
        for supplier in self.rows(
            "SELECT s.* FROM dependencies AS d JOIN suppliers AS s ON s.id = d.to_id "
            "WHERE d.from_id = ? ORDER BY s.name",
            (service_id,),
        ):
            callees.append(_support_line(supplier))
        detail = _join(
            f"Tier {service['tier']}" if service["tier"] else "",
            service["rto_minutes"] is not None and f"RTO {format_minutes(service['rto_minutes'])}",
        )
        return CallGroup(service["name"], "services", service_id, _numbered(callees), detail)

    def supplier(self, supplier_id: str) -> CallGroup | None:
        supplier = self.row("suppliers", supplier_id)
        if supplier is None:
            return None
        callees = [_support_line(supplier, with_provides=False)]
        people = self.rows(
            "SELECT id FROM contacts WHERE supplier_id = ? ORDER BY full_name, id", (supplier_id,)
        )
        self.load_people(p["id"] for p in people)
        for p in people:
            callees.append(self.person(p["id"], ""))
        detail = supplier["provides"] or ""
        return CallGroup(supplier["name"], "suppliers", supplier_id, _numbered(callees), detail)

    def site(self, site_id: str) -> CallGroup | None:
        site = self.row("sites", site_id)
        if site is None:
            return None
        line = Callee(
            table="sites",
            id=site_id,
            name=site["name"],
            role="Site phone",
            membership="",
            order=0,
            numbers=(_number("site", site["phone"]),) if site["phone"] else (),
            emails=(),
            note=site["access_instructions"] or "",
        )
        callees = [line]
        people = self.rows(
            "SELECT id FROM contacts WHERE site_id = ? ORDER BY full_name, id", (site_id,)
        )
        self.load_people(p["id"] for p in people)
        for p in people:
            callees.append(self.person(p["id"], ""))
        kind = REGISTRY["sites"].field("kind").choice_label(site["kind"] or "")
        detail = _join(kind, _first_line(site["address"]))
        return CallGroup(site["name"], "sites", site_id, _numbered(callees), detail)

    def call_tree(self, tree_id: str) -> CallGroup | None:
        tree = self.row("call_trees", tree_id)
        if tree is None:
            return None
        nodes = self.rows(
            "SELECT id, contact_id, parent_id, escalate_after_minutes, instructions "
            "FROM call_tree_nodes WHERE call_tree_id = ? ORDER BY position, id",
            (tree_id,),
        )
        self.load_people(n["contact_id"] for n in nodes)
        children: dict[str | None, list[dict[str, Any]]] = {}
        known = {n["id"] for n in nodes}
        for n in nodes:
            parent = n["parent_id"] if n["parent_id"] in known else None
            children.setdefault(parent, []).append(n)
        callees: list[Callee] = []

        def visit(parent: dict[str, Any] | None, depth: int) -> None:
            for node in children.get(parent["id"] if parent else None, []):
                caller = self._people.get(parent["contact_id"]) if parent else None
                called_by = f"Called by {caller['full_name']}" if caller else "Starts the tree"
                escalate = node["escalate_after_minutes"]
                note = _join(
                    escalate is not None
                    and f"After {format_minutes(escalate)} with no answer, call the next person",
                    node["instructions"],
                    sep="\n",
                )
                callee = self.person(node["contact_id"], "", "", note, depth)
                callees.append(replace(callee, role=_join(callee.role, called_by)))
                visit(node, depth + 1)

        visit(None, 0)
        detail = _first_line(tree["when_to_use"])
        return CallGroup(
            tree["name"], "call_trees", tree_id, _numbered(callees, once=False), detail
        )


def _support_line(supplier: dict[str, Any], *, with_provides: bool = True) -> Callee:
    """A supplier's 24/7 line, with what to quote when calling it."""
    phone = supplier["support_phone"]
    recovery = supplier["contracted_recovery_minutes"]
    note = _join(
        supplier["contract_ref"] and f"Contract {supplier['contract_ref']}",
        supplier["account_number"] and f"Account {supplier['account_number']}",
        recovery is not None and f"Contracted recovery {format_minutes(recovery)}",
    )
    return Callee(
        table="suppliers",
        id=supplier["id"],
        name=supplier["name"],
        role=_join("24/7 support line", with_provides and supplier["provides"]),
        membership="",
        order=0,
        numbers=(_number("support", phone),) if phone else (),
        emails=(supplier["support_email"],) if supplier["support_email"] else (),
        note=note,
    )


def who_to_call(vault: Vault, query: str, limit: int = 8) -> list[CallGroup]:
    """The groups of people and lines to call for what was typed, best match first: at
    most `limit` groups. An empty or punctuation-only query finds nothing."""
    hits = vault.search(query, limit=limit, tables=CALLOUT_TABLES)
    with translate_errors():
        callout = _Callout(vault.conn)
        groups = [callout.group(hit.table, hit.id) for hit in hits]
    return [group for group in groups if group is not None]


def call_groups(vault: Vault, table: str, record_ids: Sequence[str]) -> list[CallGroup | None]:
    """`call_group` for each of `record_ids`, in order, reading and formatting each person
    once however many groups they are in (a contact sheet of 400 teams)."""
    with translate_errors():
        callout = _Callout(vault.conn)
        if table == "teams":
            callout.load_people(
                row[0]
                for row in vault.conn.execute(
                    "SELECT contact_id FROM team_members UNION SELECT leader_id FROM teams"
                )
            )
        return [callout.group(table, record_id) for record_id in record_ids]


def call_group(vault: Vault, table: str, record_id: str) -> CallGroup | None:
    """The group for one known record (a team picked from a list), or None if there is
    no such record or it is not something one calls."""
    with translate_errors():
        return _Callout(vault.conn).group(table, record_id)
