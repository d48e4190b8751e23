"""What a record is connected to, for its "Relations" tab: grouped, named, in an order a
continuity manager reads them in.

Services, contacts, teams, assets, suppliers and sites get groups in their own words
("Depends on", "Needed by", "Owns assets"); every other connection, and everything
else's, is shown generically: the records it points at under the field's label, and the
records pointing at it under "Recovery plans (Services covered)". Nothing is left out: a
special group claims the fields it shows and the generic ones cover the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from itscm_desktop.domain.durations import format_minutes
from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Kind
from itscm_desktop.vault.connection import translate_errors
from itscm_desktop.vault.queries import find_table, get_record, rows_to_records
from itscm_desktop.vault.sqlite import Connection
from itscm_desktop.vault.vault import Vault

#: Most items a group lists; `RelationGroup.more` counts the rest (a site of the large
#: organisation holds hundreds of assets, and a tab is no place for all of them).
MAX_ITEMS = 200


@dataclass(frozen=True)
class Related:
    """One connected record: open it with (table, id)."""

    table: str
    id: str
    title: str
    detail: str


@dataclass(frozen=True)
class RelationGroup:
    """A heading and its records; `more` is how many further records are not listed."""

    title: str
    items: tuple[Related, ...]
    more: int = 0

    @property
    def count(self) -> int:
        return len(self.items) + self.more


#: A (table, field) connection: a REF/REFS field of `table`.
Link = tuple[str, str]
Row = dict[str, Any]


def _label(table: str, name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        return ""
    return REGISTRY[table].field(name).choice_label(value)


def _join(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p)


#: The other end of a dependency: whichever of the four tables holds the id in `column`.
def _end(column: str) -> tuple[str, str]:
    joins = " ".join(
        f"LEFT JOIN {t} AS e_{t} ON e_{t}.id = d.{column}"
        for t in ("services", "assets", "suppliers", "sites")
    )
    table = (
        "CASE WHEN e_services.id IS NOT NULL THEN 'services' "
        "WHEN e_assets.id IS NOT NULL THEN 'assets' "
        "WHEN e_suppliers.id IS NOT NULL THEN 'suppliers' "
        "WHEN e_sites.id IS NOT NULL THEN 'sites' END"
    )
    title = "coalesce(e_services.name, e_assets.name, e_suppliers.name, e_sites.name)"
    return f"{table} AS tbl, {title} AS title", joins


_KIND_ORDER = (
    "CASE d.kind WHEN 'runs_on' THEN 0 WHEN 'needs' THEN 1 WHEN 'provided_by' THEN 2 ELSE 3 END"
)


class _Relations:
    """Collects the groups for one record; each group names the links it covers."""

    def __init__(self, vault: Vault, table: str, record: Row) -> None:
        self.vault = vault
        self.conn: Connection = vault.conn
        self.table = table
        self.record = record
        self.id: str = record["id"]
        self.groups: list[RelationGroup] = []
        #: Fields of this record, and links of other records to it, that groups showed.
        self.shown_fields: set[str] = set()
        self.covered: set[Link] = set()

    def rows(self, sql: str, params: Sequence[object]) -> list[Row]:
        cursor = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def add(
        self,
        title: str,
        table: str,
        rows: list[Row],
        detail: Callable[[Row], str] = lambda row: "",
        covers: Sequence[Link] = (),
    ) -> None:
        """A group of rows holding `id` and `title` (and `tbl`, when `table` is ""): the
        records of a special group. `covers` are the links it shows, so the generic groups
        leave them out."""
        self.covered.update(covers)
        items = tuple(
            Related(table or row["tbl"], row["id"], row["title"], detail(row))
            for row in rows[:MAX_ITEMS]
        )
        self.groups.append(RelationGroup(title, items, max(0, len(rows) - MAX_ITEMS)))

    def where_refers(self, table: str, field: str) -> tuple[str, tuple[object, ...]]:
        """The WHERE clause picking the rows of `table` whose `field` holds this record; a
        list of ids is sieved with LIKE first, then checked entry by entry."""
        if REGISTRY[table].field(field).kind is Kind.REFS:
            where = f"{field} LIKE ? AND EXISTS (SELECT 1 FROM json_each({field}) WHERE value = ?)"
            return where, (f'%"{self.id}"%', self.id)
        return f"{field} = ?", (self.id,)

    def referring(self, table: str, field: str, columns: str, order: str) -> list[Row]:
        """Rows of `table` whose REF or REFS `field` holds this record."""
        where, params = self.where_refers(table, field)
        return self.rows(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order}", params)

    def one(self, title: str, field: str, detail: Callable[[Row], str] = lambda r: "") -> None:
        """The record a REF field of this one points at, in a group of its own."""
        self.shown_fields.add(field)
        target = self.record.get(field)
        found = self.resolve(target, REGISTRY[self.table].field(field).ref) if target else None
        if found is not None:
            self.groups.append(_group(title, [self.item(*found, detail(found[1]))]))

    def dependencies(self, *, depends_on: str = "Depends on", needed_by: str = "Needed by") -> None:
        """What this record depends on and what needs it; detail: "runs on", "needs", …"""
        for mine, other, title in (
            ("from_id", "to_id", depends_on),
            ("to_id", "from_id", needed_by),
        ):
            columns, joins = _end(other)
            rows = self.rows(
                f"SELECT d.kind, d.{other} AS id, {columns} FROM dependencies AS d {joins} "
                f"WHERE d.{mine} = ? ORDER BY {_KIND_ORDER}, title, d.id",
                (self.id,),
            )
            found = [r for r in rows if r["tbl"]]
            self.add(title, "", found, _kind_label, [("dependencies", mine)])

    def people(self, title: str, field: str) -> None:
        rows = self.referring("contacts", field, "id, full_name AS title, job_title", "title, id")
        self.add(title, "contacts", rows, lambda r: r["job_title"] or "", [("contacts", field)])

    def assets(self, title: str, field: str) -> None:
        rows = self.referring("assets", field, "id, name AS title, kind, criticality", "title, id")
        self.add(title, "assets", rows, _asset_detail, [("assets", field)])

    # -- the generic groups ---------------------------------------------------------------

    def generic(self) -> None:
        """Every link no special group showed: forward references by their field labels,
        then the records pointing here, grouped by their table and field."""
        for ref_field in REGISTRY[self.table].reference_fields:
            if ref_field.name in self.shown_fields:
                continue
            value = self.record.get(ref_field.name)
            targets = value if isinstance(value, list) else [value] if value else []
            several = len(ref_field.ref) > 1
            items = []
            for target in targets:
                found = self.resolve(str(target), ref_field.ref)
                if found is not None:
                    item = self.item(*found)
                    items.append(
                        item if not several else _detailed(item, REGISTRY[item.table].label)
                    )
            self.groups.append(_group(ref_field.label, items))
        for referrer, ref_field in REGISTRY.referrers_of(self.table):
            table, name = referrer.table, ref_field.name
            if (table, name) in self.covered:
                continue
            where, params = self.where_refers(table, name)
            cursor = self.conn.execute(f"SELECT * FROM {table} WHERE {where}", params)
            records = _in_order(table, rows_to_records(referrer, cursor))
            items = [self.item(table, record) for record in records[:MAX_ITEMS]]
            belongs = name == referrer.parent_field or (table, name) == ("documents", "linked_id")
            title = (
                referrer.plural if belongs else f"{referrer.plural} ({referrer.field(name).label})"
            )
            self.groups.append(RelationGroup(title, tuple(items), len(records) - len(items)))
        self.groups = [g for g in self.groups if g.items]

    def resolve(self, target: str, tables: Sequence[str]) -> tuple[str, Row] | None:
        """The table and record of an id that may be in any of `tables`."""
        found = find_table(self.conn, target, tables)
        record = get_record(self.conn, found, target) if found else None
        return (found, record) if found and record else None

    def item(self, table: str, record: Row, detail: str = "") -> Related:
        return Related(table, record["id"], self.vault.title(table, record), detail)


def _in_order(table: str, records: list[Row]) -> list[Row]:
    """Records as their own lists show them: by their order fields (a runbook by phase,
    then position), else by title."""
    entity = REGISTRY[table]
    names = entity.order_fields or (entity.title_field,)

    def key(record: Row) -> tuple[tuple[bool, Any], ...]:
        parts = []
        for name in names:
            value = record.get(name)
            field = entity.field(name)
            if field.kind is Kind.CHOICE and value in field.choice_values:
                value = field.choice_values.index(value)
            elif isinstance(value, str):
                value = value.casefold()
            parts.append((value is None, value if value is not None else 0))
        return tuple(parts)

    return sorted(records, key=key)


def _group(title: str, items: Sequence[Related]) -> RelationGroup:
    return RelationGroup(title, tuple(items[:MAX_ITEMS]), max(0, len(items) - MAX_ITEMS))


def _detailed(item: Related, detail: str) -> Related:
    return Related(item.table, item.id, item.title, detail)


def _kind_label(row: Row) -> str:
    return _label("dependencies", "kind", row["kind"])


def _asset_detail(row: Row) -> str:
    return _join(
        _label("assets", "kind", row["kind"]), _label("assets", "criticality", row["criticality"])
    )


def _membership(row: Row) -> str:
    """ "primary · Incident lead"."""
    return _join(_label("team_members", "membership", row["membership"]).lower(), row["role"])


def _service_detail(row: Row) -> str:
    rto = row["rto_minutes"]
    return _join(
        row["tier"] and f"Tier {row['tier']}", rto is not None and f"RTO {format_minutes(rto)}"
    )


def _impact_detail(row: Row) -> str:
    """ "rating 4 after 4 h · cost 12,000 GBP" (the plan's currency is put in the row)."""
    window = row["window_minutes"]
    rating = f"rating {row['rating']}" if row["rating"] is not None else ""
    after = f"after {format_minutes(window)}" if isinstance(window, int) else ""
    cost = ""
    if isinstance(row["cost"], int | float):
        cost = " ".join(p for p in ("cost", f"{row['cost']:,.0f}", row["currency"]) if p)
    return _join(" ".join(p for p in (rating, after) if p), cost)


def _exercise_detail(row: Row) -> str:
    held, scheduled = row["held_on"], row["scheduled_on"]
    when = f"held {held}" if held else f"scheduled {scheduled}" if scheduled else ""
    return _join(_label("exercises", "kind", row["kind"]), when)


def _plan_name(row: Row) -> str:
    return str(row["plan"])


_STEPS_OF = (
    "SELECT s.id, s.title, p.name AS plan FROM runbook_steps AS s "
    "JOIN recovery_plans AS p ON p.id = s.recovery_plan_id "
    "WHERE s.{} = ? ORDER BY p.name, CASE s.phase WHEN 'activation' THEN 0 "
    "WHEN 'recovery' THEN 1 ELSE 2 END, s.position, s.id"
)


# --- Special groups, per table ----------------------------------------------------------


def _for_service(r: _Relations) -> None:
    r.one("Owner", "owner_id", lambda c: c.get("job_title") or "")
    r.dependencies()
    total = (
        "(SELECT sum(estimated_minutes) FROM runbook_steps AS s "
        "WHERE s.recovery_plan_id = recovery_plans.id) AS total"
    )
    plans = r.referring("recovery_plans", "service_ids", f"id, name AS title, {total}", "title, id")
    r.add(
        "Recovery plans",
        "recovery_plans",
        plans,
        lambda p: f"Runbook {format_minutes(p['total'])}" if p["total"] is not None else "",
        [("recovery_plans", "service_ids")],
    )
    risks = r.referring("risks", "service_ids", "id, title, likelihood, impact", "title, id")
    r.add(
        "Risks",
        "risks",
        risks,
        lambda k: f"likelihood {k['likelihood']} × impact {k['impact']}",
        [("risks", "service_ids")],
    )
    columns = "id, category, window_minutes, rating, cost"
    impacts = r.referring("bia_impacts", "service_id", columns, "window_minutes, category, id")
    currency = r.rows("SELECT currency FROM plan LIMIT 1", ())
    for impact in impacts:
        impact["title"] = _label("bia_impacts", "category", impact["category"])
        impact["currency"] = currency[0]["currency"] if currency else ""
    r.add(
        "Business impact", "bia_impacts", impacts, _impact_detail, [("bia_impacts", "service_id")]
    )
    columns = "id, title, kind, scheduled_on, held_on"
    exercises = r.referring("exercises", "service_ids", columns, "scheduled_on, id")
    r.add("Exercises", "exercises", exercises, _exercise_detail, [("exercises", "service_ids")])


def _for_contact(r: _Relations) -> None:
    r.one("Works for", "supplier_id", lambda s: s.get("provides") or "")
    r.one("Site", "site_id", lambda s: _label("sites", "kind", s.get("kind")))
    teams = r.rows(
        "SELECT t.id, t.name AS title, m.membership, m.role FROM team_members AS m "
        "JOIN teams AS t ON t.id = m.team_id WHERE m.contact_id = ? ORDER BY t.name, m.id",
        (r.id,),
    )
    r.add("Teams", "teams", teams, _membership, [("team_members", "contact_id")])
    led = r.referring("teams", "leader_id", "id, name AS title, purpose", "title, id")
    r.add(
        "Leads teams",
        "teams",
        led,
        lambda t: _label("teams", "purpose", t["purpose"]),
        [("teams", "leader_id")],
    )
    trees = r.rows(
        "SELECT DISTINCT t.id, t.name AS title, c.full_name AS caller FROM call_tree_nodes AS n "
        "JOIN call_trees AS t ON t.id = n.call_tree_id "
        "LEFT JOIN call_tree_nodes AS p ON p.id = n.parent_id "
        "LEFT JOIN contacts AS c ON c.id = p.contact_id "
        "WHERE n.contact_id = ? ORDER BY t.name, n.position",
        (r.id,),
    )
    r.add(
        "Call trees",
        "call_trees",
        trees,
        lambda t: f"Called by {t['caller']}" if t["caller"] else "Starts the tree",
        [("call_tree_nodes", "contact_id")],
    )
    columns = "id, name AS title, tier, rto_minutes"
    owned = r.referring("services", "owner_id", columns, "tier, title, id")
    r.add("Owns services", "services", owned, _service_detail, [("services", "owner_id")])
    r.assets("Owns assets", "owner_id")
    steps = r.rows(_STEPS_OF.format("contact_id"), (r.id,))
    covers = [("runbook_steps", "contact_id")]
    r.add("Responsible for runbook steps", "runbook_steps", steps, _plan_name, covers)


def _for_team(r: _Relations) -> None:
    r.one("Leader", "leader_id", lambda c: c.get("job_title") or "")
    members = r.rows(
        "SELECT c.id, c.full_name AS title, m.membership, m.role FROM team_members AS m "
        "JOIN contacts AS c ON c.id = m.contact_id WHERE m.team_id = ? "
        "ORDER BY m.membership = 'alternate', m.position, m.id",
        (r.id,),
    )
    r.add("Members", "contacts", members, _membership, [("team_members", "team_id")])
    trees = r.referring("call_trees", "team_id", "id, name AS title", "title, id")
    r.add("Call trees", "call_trees", trees, covers=[("call_trees", "team_id")])
    steps = r.rows(_STEPS_OF.format("team_id"), (r.id,))
    covers = [("runbook_steps", "team_id")]
    r.add("Responsible for runbook steps", "runbook_steps", steps, _plan_name, covers)


def _for_asset(r: _Relations) -> None:
    r.dependencies()
    r.one("Site", "site_id", lambda s: _label("sites", "kind", s.get("kind")))
    r.one("Owner", "owner_id", lambda c: c.get("job_title") or "")
    r.one("Supplier", "supplier_id", lambda s: s.get("provides") or "")


def _for_supplier(r: _Relations) -> None:
    r.people("Contacts", "supplier_id")
    r.assets("Assets it supports", "supplier_id")
    r.dependencies()


def _for_site(r: _Relations) -> None:
    r.people("People", "site_id")
    r.assets("Assets", "site_id")
    r.dependencies(needed_by="Hosted here")


_SPECIAL: dict[str, Callable[[_Relations], None]] = {
    "services": _for_service,
    "contacts": _for_contact,
    "teams": _for_team,
    "assets": _for_asset,
    "suppliers": _for_supplier,
    "sites": _for_site,
}


def relations(vault: Vault, table: str, record_id: str) -> list[RelationGroup]:
    """The record's connections, grouped; only groups with something in them. A record
    that does not exist has none."""
    with translate_errors():
        record = get_record(vault.conn, table, record_id)
        if record is None:
            return []
        collected = _Relations(vault, table, record)
        special = _SPECIAL.get(table)
        if special is not None:
            special(collected)
        collected.generic()
    return collected.groups
