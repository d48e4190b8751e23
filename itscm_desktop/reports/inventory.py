"""The asset inventory: what stands where, who owns it, who supports it, how it comes back.

Grouped by site (by name; assets with no site last) and within a site by kind, in the
registry's order, so that a recovery team standing in a data centre finds its hardware
on a few pages. Each asset gives what a rebuild needs: serial, hostname, owner, supplier
and contract, backup (flagged where the readiness rule finds none) and the last restore
test. The large organisation has 20,000 assets, so rows are measured and drawn directly
(`AssetRows`), not as Paragraphs in a Table: seconds instead of minutes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import needs_backup_information
from itscm_desktop.reports.fonts import BOLD, REGULAR, markup
from itscm_desktop.reports.inventory_rows import AssetRows, Cell, Text, fitted_rows
from itscm_desktop.reports.layout import (
    RULE,
    SHADE,
    Progress,
    document_info,
    frame_width,
    render,
    styles,
)
from itscm_desktop.reports.suppliers import alphabetical_key
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Asset inventory"
NO_SITE = "No site recorded"
NO_BACKUP = "NO BACKUP RECORDED"

_ASSETS = REGISTRY["assets"]
_KINDS = _ASSETS.field("kind")
_EMPTY = "–"
#: Room for a kind's heading, the column headings and three assets; less starts a page.
_GROUP_ROOM = 40 * mm
#: Room for a site's heading and address as well.
_SITE_ROOM = _GROUP_ROOM + 16 * mm

Record = dict[str, Any]
#: (site, or None for the assets with no site; [(kind, its assets by name)]).
Group = tuple[Record | None, list[tuple[str, list[Record]]]]


def asset_inventory(
    vault: Vault,
    *,
    team_id: str | None = None,
    site_id: str | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The inventory as PDF bytes: every asset, or those the team `team_id` needs, or
    those at the site `site_id` (both: the team's assets at that site).

    Raises RecordNotFound for an unknown team or site, ValueError for unknown paper.
    """
    inventory = _Inventory.read(vault, team_id, site_id)
    title = DOCUMENT + (f": {inventory.scope}" if inventory.scope else "")
    info = document_info(vault.plan(), title, inventory.subject(), now)
    story: list[Flowable] = [Paragraph(markup(title, BOLD), styles()["title"])]
    story += _story(inventory, frame_width(paper))
    return render(story, info, paper, progress)


def assets_story(
    vault: Vault, *, team_id: str | None = None, site_id: str | None = None, width: float
) -> list[Flowable]:
    """The inventory's content without its title, `width` points wide (for the handbook)."""
    return _story(_Inventory.read(vault, team_id, site_id), width)


def lacks_backup(asset: Mapping[str, Any]) -> bool:
    """True when the asset's kind and criticality call for backup information and it has
    neither a backup method nor a frequency (the readiness rule assets_without_backup)."""
    if not needs_backup_information(asset.get("kind"), asset.get("criticality")):
        return False
    return not asset.get("backup_method") and not asset.get("backup_frequency")


def _s(count: int) -> str:
    return "" if count == 1 else "s"


@dataclass
class _Inventory:
    """The assets in scope and what their rows name, each table read once."""

    assets: list[Record]
    sites: dict[str, Record]
    owners: dict[str, str]
    suppliers: dict[str, Record]
    team: str  # the team's name, or ""
    site: str  # the site's name, or ""

    @classmethod
    def read(cls, vault: Vault, team_id: str | None, site_id: str | None) -> _Inventory:
        team = site = ""
        if team_id is not None:
            team = str(vault.get("teams", team_id)["name"])
        if site_id is not None:
            site = str(vault.get("sites", site_id)["name"])
        assets = vault.records("assets", where={"site_id": site_id} if site_id else None)
        if team_id is not None:
            wanted = set(team_scope(vault, team_id).assets)
            assets = [a for a in assets if a["id"] in wanted]
        owners = {a["owner_id"] for a in assets if a.get("owner_id")}
        return cls(
            assets=assets,
            sites={s["id"]: s for s in vault.records("sites")},
            owners={
                c["id"]: str(c["full_name"])
                for c in vault.records("contacts")  # one read beats thousands of look-ups
                if c["id"] in owners
            },
            suppliers={s["id"]: s for s in vault.records("suppliers")},
            team=team,
            site=site,
        )

    @property
    def scope(self) -> str:
        """What the document covers, for its title: "", "Network Team", "Leeds DC1",
        "Network Team at Leeds DC1"."""
        return " at ".join(name for name in (self.team, self.site) if name)

    def subject(self) -> str:
        count = f"{len(self.assets)} asset{_s(len(self.assets))}"
        if self.team:
            at = f" at {self.site}" if self.site else ""
            return f"The assets the {self.team} needs{at}, by site and kind: {count}."
        if self.site:
            return f"Every asset at {self.site}, by kind: {count}."
        return f"Every asset of the organisation, by site and kind: {count}."

    def nothing(self) -> str:
        """The sentence printed when no asset is in scope."""
        if self.team and self.site:
            return f"None of the assets the {self.team} needs is at {self.site}."
        if self.team:
            return (
                f"The {self.team} needs no recorded asset: no service it recovers or owns "
                "depends on one."
            )
        if self.site:
            return f"No assets recorded at {self.site} — add them in the app, under Assets."
        return "No assets yet — add them in the app, under Assets."

    def groups(self) -> list[Group]:
        """The assets by site (by name, no site last), then by kind in registry order."""
        by_site: dict[str | None, dict[str, list[Record]]] = {}
        for asset in self.assets:
            site = asset.get("site_id") if asset.get("site_id") in self.sites else None
            kind = str(asset.get("kind") or "")
            by_site.setdefault(site, {}).setdefault(kind, []).append(asset)
        rank = {kind: index for index, kind in enumerate(_KINDS.choice_values)}

        def site_order(site: str | None) -> tuple[int, str, str]:
            if site is None:
                return 1, "", ""
            return 0, alphabetical_key(str(self.sites[site]["name"])), site

        return [
            (
                self.sites[site] if site is not None else None,
                [
                    (kind, sorted(by_site[site][kind], key=_by_name))
                    for kind in sorted(by_site[site], key=lambda k: (rank.get(k, len(rank)), k))
                ],
            )
            for site in sorted(by_site, key=site_order)
        ]


def _by_name(asset: Mapping[str, Any]) -> tuple[str, str]:
    return alphabetical_key(str(asset.get("name") or "")), str(asset["id"])


def _story(inventory: _Inventory, width: float) -> list[Flowable]:
    s = styles()
    if not inventory.assets:
        return [Paragraph(markup(inventory.nothing()), s["body"])]
    groups = inventory.groups()
    story: list[Flowable] = [
        Paragraph(
            "By site, then by kind; assets by name. "
            f"<b>{NO_BACKUP}</b> marks data, cloud and critical or high hardware with no "
            "backup method or frequency recorded; “as above” repeats the backup of the row "
            "above. Suppliers' 24/7 lines are in the supplier directory.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        _summary(groups, width),
    ]
    for site, kinds in groups:
        story.append(CondPageBreak(_SITE_ROOM))
        site_name = str(site["name"]) if site else NO_SITE
        story.append(Paragraph(markup(site_name, BOLD), s["section"]))
        if site is not None:
            story.append(Paragraph(markup(_site_line(site)), s["small"]))
        for index, (kind, assets) in enumerate(kinds):
            if index:
                story.append(CondPageBreak(_GROUP_ROOM))
            label = _KINDS.choice_label(kind) if kind else "Kind not recorded"
            heading = f"{label} · {len(assets)} asset{_s(len(assets))}"
            story.append(Spacer(0, 3 * mm))
            story.append(Paragraph(markup(heading, BOLD), s["heading"]))
            story.append(Spacer(0, 1.5 * mm))
            rows = fitted_rows([_asset_cells(inventory, asset) for asset in assets], width)
            story.append(AssetRows(rows, width, f"{site_name} · {label} (continued)"))
    return story


def _site_line(site: Mapping[str, Any]) -> str:
    """The site's kind and address on one line."""
    kind = str(site.get("kind") or "")
    label = REGISTRY["sites"].field("kind").choice_label(kind) if kind else ""
    address = ", ".join(line.strip() for line in str(site.get("address") or "").splitlines())
    return " · ".join(part for part in (label, address) if part)


def _summary(groups: Sequence[Group], width: float) -> Table:
    """Sites down, kinds across: how many assets of each kind stand where."""
    s = styles()
    kinds = list(_KINDS.choice_values)
    header = ["Site", *(_KINDS.choice_label(k) for k in kinds), "Total", "No backup recorded"]
    label = s["small"].clone("summary", fontSize=7, leading=8.5)
    number = label.clone("summary-number", alignment=TA_RIGHT)
    rows: list[list[object]] = [
        [Paragraph(markup(h, BOLD), label if i == 0 else number) for i, h in enumerate(header)]
    ]
    totals = [0] * (len(kinds) + 2)
    for site, by_kind in groups:
        counts = dict((kind, len(assets)) for kind, assets in by_kind)
        flagged = sum(1 for _, assets in by_kind for a in assets if lacks_backup(a))
        numbers = [counts.get(k, 0) for k in kinds]
        numbers += [sum(counts.values()), flagged]
        totals = [t + n for t, n in zip(totals, numbers, strict=True)]
        name = str(site["name"]) if site else NO_SITE
        rows.append([Paragraph(markup(name), s["small"]), *(_count(n) for n in numbers)])
    rows.append([Paragraph(markup("All sites", BOLD), s["small"]), *(_count(n) for n in totals)])
    last = width * 0.11
    first = width * 0.26
    middle = (width - first - last) / (len(header) - 2)
    table = Table(rows, colWidths=[first, *[middle] * (len(header) - 2), last], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTNAME", (1, -1), (-1, -1), BOLD),
                ("FONTNAME", (-2, 1), (-1, -1), BOLD),
                ("FONTSIZE", (1, 1), (-1, -1), 9.5),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (1, 0), (-1, -1), 3),
                ("RIGHTPADDING", (1, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _count(number: int) -> str:
    return str(number) if number else _EMPTY


# -- what an asset's row says ----------------------------------------------------------


def _asset_cells(
    inventory: _Inventory, asset: Mapping[str, Any]
) -> tuple[tuple[Cell, ...], Cell | None]:
    """The asset's cells, and its backup apart when a row with the same may say "as
    above" (not when there is none)."""

    def text(name: str) -> str:
        return str(asset.get(name) or "").strip()

    product = " · ".join(p for p in (text("vendor"), text("model"), text("version")) if p)
    supplier = inventory.suppliers.get(asset.get("supplier_id") or "")
    criticality = text("criticality")
    tested = Text(
        f"Tested {text('last_restore_test_on')[:10]}" if text("last_restore_test_on") else ""
    )
    backup = _backup_cell(asset)
    cells = (
        (Text(text("name") or "(untitled asset)", BOLD, 7.5, 4), Text(product)),
        (Text(text("serial") or _EMPTY, size=6.8), Text(text("hostname"), size=6.8, lines=3)),
        (
            Text(inventory.owners.get(asset.get("owner_id") or "", "")),
            Text(str(supplier["name"]) if supplier else ""),
            Text(text("support_contract")),
        ),
        (*backup, tested),
        (
            Text(
                _ASSETS.field("criticality").choice_label(criticality) if criticality else "",
                BOLD if criticality in ("critical", "high") else REGULAR,
                7.5,
            ),
        ),
    )
    repeats = backup[0].text not in (NO_BACKUP, _EMPTY)
    return cells, backup if repeats else None


def _backup_cell(asset: Mapping[str, Any]) -> Cell:
    if lacks_backup(asset):
        return (Text(NO_BACKUP, BOLD, 7.5, 2),)
    method = str(asset.get("backup_method") or "")
    frequency = str(asset.get("backup_frequency") or "")
    label = _ASSETS.field("backup_frequency").choice_label(frequency) if frequency else ""
    where = " · ".join(p for p in (label, str(asset.get("backup_location") or "")) if p)
    if not method and not where:
        return (Text(_EMPTY),)
    return (Text(method, lines=6), Text(where, lines=4))
