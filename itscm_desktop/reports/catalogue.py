"""Every printable document, by the name the CLI and the Print Center use.

One entry per document: what it is called, one line on what it holds, whether it can be
narrowed to a team or to recovery plans, and the function that builds it. The CLI's
``itscm print`` and the app's Print Center both read this table, so a document added
here appears in both. The go-bag pack is the papers a responder takes when leaving the
building: the contact sheet, the wallet cards and the runbooks of tier-1 services.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from itscm_desktop.reports.bia_summary import bia_summary
from itscm_desktop.reports.call_tree import call_tree_diagram
from itscm_desktop.reports.contact_sheet import contact_sheet
from itscm_desktop.reports.handbook import handbook
from itscm_desktop.reports.inventory import asset_inventory
from itscm_desktop.reports.layout import Progress
from itscm_desktop.reports.runbook import runbook_checklist
from itscm_desktop.reports.suppliers import supplier_directory
from itscm_desktop.reports.wallet_cards import wallet_cards
from itscm_desktop.vault.vault import Vault


@dataclass(frozen=True)
class Options:
    """What a document covers: one team, some recovery plans, or (None) everything."""

    team_id: str | None = None
    plan_ids: tuple[str, ...] | None = None
    paper: str = "a4"


#: Builds one document: (vault, keyword options: team_id / plan_ids as the document
#: takes them, paper, now, progress) -> PDF bytes.
Builder = Callable[..., bytes]


@dataclass(frozen=True)
class Document:
    """One kind of printed document."""

    key: str  # "contact-sheet": the CLI's DOCUMENT and the file name's start
    title: str  # "Emergency contact sheet"
    description: str  # one line for the Print Center
    function: Builder = field(repr=False)
    by_team: bool = False  # --team narrows it
    by_plan: bool = False  # --plan narrows it

    def build(
        self, vault: Vault, options: Options, now: datetime | None, progress: Progress | None
    ) -> bytes:
        """The PDF, with the options this document takes (the others are not passed)."""
        narrowed: dict[str, object] = {}
        if self.by_team:
            narrowed["team_id"] = options.team_id
        if self.by_plan:
            narrowed["plan_ids"] = options.plan_ids
        return self.function(vault, paper=options.paper, now=now, progress=progress, **narrowed)


DOCUMENTS: Mapping[str, Document] = {
    d.key: d
    for d in (
        Document(
            "contact-sheet",
            "Emergency contact sheet",
            "Every team in call order with all numbers, suppliers' 24/7 lines and sites.",
            contact_sheet,
            by_team=True,
        ),
        Document(
            "wallet-cards",
            "Wallet cards",
            "A fold-over card per responder: crisis line, whom to call next, key suppliers.",
            wallet_cards,
            by_team=True,
        ),
        Document(
            "call-tree",
            "Call tree",
            "Each call tree drawn as boxes: who calls whom, numbers, when to escalate.",
            call_tree_diagram,
            by_team=True,
        ),
        Document(
            "runbook",
            "Runbook checklist",
            "Each recovery plan's steps with tick boxes, owners, times and the RTO.",
            runbook_checklist,
            by_plan=True,
        ),
        Document(
            "bia",
            "Business impact summary",
            "Services in recovery order with RTO, RPO, MTD and a chart of impact over time.",
            bia_summary,
            by_plan=True,
        ),
        Document(
            "assets",
            "Asset inventory",
            "Every asset by site and kind: serial, host name, support contract, backup.",
            asset_inventory,
            by_team=True,
        ),
        Document(
            "suppliers",
            "Supplier directory",
            "Suppliers A to Z: 24/7 lines, contracts and expiry, their people, who needs them.",
            supplier_directory,
            by_team=True,
        ),
        Document(
            "handbook",
            "Continuity handbook",
            "The whole plan with contents and bookmarks: everything above and more.",
            handbook,
        ),
    )
}


def build(
    vault: Vault,
    key: str,
    options: Options | None = None,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The PDF of the document `key` (see DOCUMENTS) with `options`."""
    return DOCUMENTS[key].build(vault, options or Options(), now, progress)


def file_name(key: str, scope: str = "", when: datetime | None = None) -> str:
    """A file name for the document: "contact-sheet-network-team-2026-11-25.pdf".

    Only letters, digits and hyphens, so that it is valid on every disk a PDF may be
    saved to (FAT32 sticks included) and sorts by date within a folder.
    """
    parts = [key]
    if scope:
        parts.append(_slug(scope))
    parts.append(f"{(when or datetime.now()):%Y-%m-%d}")
    return "-".join(p for p in parts if p) + ".pdf"


#: Latin letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE"}
)


def _slug(text: str) -> str:
    """`text` as lower-case ASCII words joined by hyphens ("Łódź Site" -> "lodz-site")."""
    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:40].strip("-")


@dataclass(frozen=True)
class Printed:
    """One built document of a pack: its name for people, a file name, the PDF."""

    title: str
    file_name: str
    data: bytes


def go_bag_parts(vault: Vault) -> list[tuple[str, Options]]:
    """The documents of the go-bag pack, in the order they are printed."""
    return [
        ("contact-sheet", Options()),
        ("wallet-cards", Options()),
        ("runbook", Options(plan_ids=tier1_plans(vault))),
    ]


def tier1_plans(vault: Vault) -> tuple[str, ...]:
    """The recovery plans that bring back at least one tier-1 service, by name."""
    tier1 = {s["id"] for s in vault.records("services", where={"tier": 1})}
    plans = vault.records("recovery_plans", order_by="name")
    return tuple(p["id"] for p in plans if tier1.intersection(p.get("service_ids") or ()))


def go_bag(
    vault: Vault,
    paper: str = "a4",
    *,
    now: datetime | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> list[Printed]:
    """The go-bag pack, built: each part told to `progress` as (title, page) while built."""
    when = now or datetime.now().astimezone()
    pack: list[Printed] = []
    for key, options in go_bag_parts(vault):
        document = DOCUMENTS[key]
        on_page: Progress | None = None
        if progress is not None:
            on_page = _told(progress, document.title)
        data = document.build(
            vault, Options(options.team_id, options.plan_ids, paper), when, on_page
        )
        pack.append(Printed(document.title, file_name(key, when=when), data))
    return pack


def _told(progress: Callable[[str, int], None], title: str) -> Progress:
    return lambda page: progress(title, page)


__all__: Sequence[str] = (
    "DOCUMENTS",
    "Document",
    "Options",
    "Printed",
    "build",
    "file_name",
    "go_bag",
    "go_bag_parts",
    "tier1_plans",
)
