"""Wallet cards: the essentials for one responder, folded to the size of a bank card.

A card is ID-1 size (85.6 × 54 mm) front and back, printed unfolded: the two sides next
to each other with a dashed fold line between them, an outline to cut along and crop
marks just outside the corners and at the ends of the fold. The front says whose card it
is, their team and role, the crisis line and where the team meets; the back lists whom
to call next (their team in call order, the holder left out) and the 24/7 lines of the
suppliers behind what the team recovers. Here is what the cards say and where they go on
the page; `wallet_card_drawing` draws one.

Everyone called for a team (its leader and its members) gets one card. A person in
several teams gets the card of their first team in call order (crisis management first):
one card is what a wallet holds. For one team, each of its people gets that team's card.

Cards sit at the same places on every page, counted up from the bottom of the frame, so
a stack of printed pages can be cut in one go; `card_slots` gives those places.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.phones import format_phone
from itscm_desktop.reports.fonts import BOLD, markup
from itscm_desktop.reports.layout import (
    BOTTOM,
    MARGIN,
    TOP,
    Progress,
    document_info,
    frame_width,
    page_size,
    render,
    styles,
)
from itscm_desktop.reports.records import in_call_order
from itscm_desktop.reports.wallet_card_drawing import (
    CARD_HEIGHT,
    MARK_LENGTH,
    MARK_OFFSET,
    MARK_REACH,
    UNFOLDED_WIDTH,
    Card,
    Line,
    draw_card,
)
from itscm_desktop.vault.callout import Callee, call_group
from itscm_desktop.vault.scope import team_scope
from itscm_desktop.vault.vault import Vault

DOCUMENT = "Wallet cards"
HOW_TO = "Cut along the outline, fold on the dashed line."

#: The space between two cards: the marks of the card above and below meet in it.
GUTTER = 2 * MARK_OFFSET + MARK_LENGTH
PITCH = CARD_HEIGHT + GUTTER
CALL_NEXT_LINES = 6  # the last says "… and 3 more" when more people do not fit
SUPPLIER_LINES = 3


class Rect(NamedTuple):
    """A rectangle on the page in points, from its bottom-left corner."""

    x: float
    y: float
    width: float
    height: float


def slots_in(height: float) -> int:
    """How many cards, with their marks, fit one above the other in `height` points."""
    return max(0, int((height - 2 * MARK_REACH + GUTTER) // PITCH))


def card_slots(paper: str) -> tuple[Rect, ...]:
    """Where the unfolded cards (front on the left, back on the right) lie on a page of
    cards on `paper`, top first. A page with less room above (the first, under the
    title) uses the lowest of these; a page with fewer cards, the highest."""
    room = page_size(paper)[1] - TOP - BOTTOM
    count = slots_in(room)
    x = MARGIN + (frame_width(paper) - UNFOLDED_WIDTH) / 2
    return tuple(
        Rect(x, BOTTOM + MARK_REACH + (count - 1 - i) * PITCH, UNFOLDED_WIDTH, CARD_HEIGHT)
        for i in range(count)
    )


# -- What the cards say --------------------------------------------------------------------


def _call_next(callees: Sequence[Callee], holder: Callee) -> tuple[tuple[Line, ...], int]:
    """The people the holder calls, in call order with their best number (a mobile
    first), and how many did not fit."""
    others = [c for c in callees if c.id != holder.id]
    shown = others if len(others) <= CALL_NEXT_LINES else others[: CALL_NEXT_LINES - 1]
    lines = tuple(Line(c.name, c.numbers[0].display if c.numbers else "") for c in shown)
    return lines, len(others) - len(shown)


def _role(holder: Callee) -> str:
    """The holder's role in the team, then primary or alternate: each said once (a role
    may be called "Alternate" already)."""
    kind = REGISTRY["team_members"].field("membership").choice_label(holder.membership)
    same = holder.role.casefold() == kind.casefold()
    return " · ".join(part for part in (holder.role, "" if same else kind) if part)


class _SupplierLines:
    """The 24/7 lines of the suppliers in a team's scope, those with a line first, then
    the most relied on (by the team's services and assets), then by name. Dependencies
    and assets are read once for all teams, not once per team."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.suppliers = {s["id"]: s for s in vault.records("suppliers")}
        self.needs: dict[str, list[str]] = {}
        pairs = [(d["from_id"], d["to_id"]) for d in vault.records("dependencies")]
        pairs += [(a["id"], a["supplier_id"]) for a in vault.records("assets")]
        for needer, supplier in pairs:
            if supplier in self.suppliers:
                self.needs.setdefault(needer, []).append(supplier)

    def __call__(self, team_id: str) -> tuple[tuple[Line, ...], int]:
        """The lines to print for the team `team_id`, and how many suppliers it has."""
        scope = team_scope(self.vault, team_id)
        needers = (*scope.services, *scope.assets)
        reliance = Counter(s for needer in needers for s in self.needs.get(needer, ()))
        found = [self.suppliers[i] for i in scope.suppliers if i in self.suppliers]
        found.sort(
            key=lambda s: (not s["support_phone"], -reliance[s["id"]], str(s["name"]).casefold())
        )
        lines = tuple(
            Line(s["name"], format_phone(s["support_phone"]) if s["support_phone"] else "")
            for s in found[:SUPPLIER_LINES]
        )
        return lines, len(found)


def _cards(vault: Vault, teams: Sequence[Mapping[str, Any]], now: datetime) -> list[Card]:
    """One card per person, for the first of `teams` they are called for."""
    plan = document_info(vault.plan(), DOCUMENT, "", now)
    version = f"v{plan.version} · " if plan.version else ""
    printed = f"Plan {version}printed {now.astimezone():%Y-%m-%d}"
    crisis_line = vault.plan().get("crisis_line")
    crisis = format_phone(crisis_line) if crisis_line else ""
    suppliers: _SupplierLines | None = None
    carded: set[str] = set()
    cards: list[Card] = []
    for team in teams:
        group = call_group(vault, "teams", team["id"])
        holders = [c for c in group.callees if c.id not in carded] if group else []
        if group is None or not holders:
            continue
        suppliers = suppliers or _SupplierLines(vault)  # only when there is a card to print
        lines, total = suppliers(team["id"])
        for holder in holders:
            carded.add(holder.id)
            call_next, more = _call_next(group.callees, holder)
            cards.append(
                Card(
                    organisation=plan.organisation,
                    classification=plan.classification,
                    holder=holder.name,
                    team=group.heading,
                    role=_role(holder),
                    crisis_line=crisis,
                    meeting_point=str(team.get("meeting_point") or "").strip(),
                    call_next=call_next,
                    more=more,
                    suppliers=lines,
                    suppliers_total=total,
                    printed=printed,
                )
            )
    return cards


class CardSheet(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Cards in the slots of the rest of the frame (see `card_slots`), the highest first;
    those that do not fit go on to the next page. It takes the rest of the frame, so the
    slots are counted from the frame's bottom and are the same on every page."""

    def __init__(self, cards: Sequence[Card], width: float) -> None:
        super().__init__()
        self.cards = tuple(cards)
        self.width = width
        self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        fits = len(self.cards) <= slots_in(available_height)
        self.height = available_height if fits else available_height + PITCH
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        count = slots_in(available_height)
        if count == 0 or count >= len(self.cards):
            return []
        return [
            CardSheet(self.cards[:count], self.width),
            CardSheet(self.cards[count:], self.width),
        ]

    def draw(self) -> None:
        top = slots_in(self.height) - 1
        x = (self.width - UNFOLDED_WIDTH) / 2
        for index, card in enumerate(self.cards):
            draw_card(self.canv, card, x, MARK_REACH + (top - index) * PITCH)


# -- The document -------------------------------------------------------------------------------


def _teams(vault: Vault, team_id: str | None) -> list[Mapping[str, Any]]:
    if team_id is None:
        return in_call_order(vault.records("teams"))
    return [vault.get("teams", team_id)]


def _nobody(teams: Sequence[Mapping[str, Any]], team_id: str | None) -> str:
    """Why there is no card to print, and what to do about it."""
    if not teams:
        return "No teams yet — add them in the app, under Teams: everyone in a team gets a card."
    where = f"in the {teams[0]['name']}" if team_id else "in a team"
    return f"Nobody {where} yet — add people in the app, under Teams: each gets a wallet card."


def wallet_cards_story(
    vault: Vault, *, team_id: str | None = None, width: float, now: datetime | None = None
) -> list[Flowable]:
    """The cards of everyone in a team, or of the team `team_id`, with how to cut them; a
    helpful sentence when there is nobody. `now` is the date printed on every card.

    Raises RecordNotFound when there is no team `team_id`.
    """
    teams = _teams(vault, team_id)
    cards = _cards(vault, teams, now or datetime.now().astimezone())
    s = styles()
    if not cards:
        return [Paragraph(markup(_nobody(teams, team_id)), s["body"])]
    who = "one per person in the team" if team_id else "one per person, for their first team"
    count = f"{len(cards)} card" if len(cards) == 1 else f"{len(cards)} cards"
    story: list[Flowable] = [Paragraph(f"{HOW_TO} {count}: {who}.", s["body"])]
    if not cards[0].crisis_line:
        story.append(
            Paragraph(
                "No crisis line recorded — add it in the app, under Plan settings, "
                "then print the cards again.",
                s["body"],
            )
        )
    story += [Spacer(0, 1 * mm), CardSheet(cards, width)]
    return story


def wallet_cards(
    vault: Vault,
    *,
    team_id: str | None = None,
    paper: str = "a4",
    now: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The wallet cards as PDF bytes: everyone in a team, or the people of team `team_id`.

    Raises RecordNotFound when there is no team `team_id`, ValueError for unknown paper.
    """
    now = now or datetime.now().astimezone()
    story = wallet_cards_story(vault, team_id=team_id, width=frame_width(paper), now=now)
    title, subject = DOCUMENT, "A fold-over card per responder: crisis line, whom to call next."
    if team_id is not None:
        team = vault.get("teams", team_id)
        title = f"{DOCUMENT}: {team['name']}"
        subject = f"A fold-over card for each person in the {team['name']}."
    info = document_info(vault.plan(), title, subject, now)
    s = styles()
    return render([Paragraph(markup(title, BOLD), s["title"]), *story], info, paper, progress)
