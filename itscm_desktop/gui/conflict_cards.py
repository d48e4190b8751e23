"""The candidate values of one conflict as cards side by side, each with its own button.

A person settles a conflict by comparing what each laptop wrote, so every card shows the
value as the rest of the app writes it (phones spaced, durations in hours, choices by
label, records by name), who wrote it, on which laptop and when, and the one button that
keeps it. A record deleted on one laptop and changed on another shows the deletion and
each laptop's changes instead, with "Keep it deleted" and "Bring it back".
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Field, Kind
from itscm_desktop.gui.pages.audit import local_time
from itscm_desktop.gui.widgets.text_style import muted, scaled_font
from itscm_desktop.vault import audit_text
from itscm_desktop.vault.audit_text import TitleOf
from itscm_desktop.vault.conflicts import CandidateView, ConflictView

#: A value longer than this is cut with "…" (the full text is in the record once kept).
LONGEST = 600
#: Shown for a value that was cleared.
EMPTY = "(empty)"


def candidate_text(field: Field | None, value: object, title_of: TitleOf) -> str:
    """A stored value as people read it elsewhere in the app; long text keeps its lines."""
    if field is not None and field.kind is Kind.LONGTEXT and isinstance(value, str):
        text = value.strip()
        return text if len(text) <= LONGEST else text[: LONGEST - 1].rstrip() + "…"
    return audit_text.value_text(field, value, title_of, longest=LONGEST, moment=local_time)


#: A word longer than this gets places where a line may break (a long e-mail address or
#: link would otherwise be cut off at the card's edge).
_LONG_WORD = 24
_BREAK_AFTER = ".@-_/+:,;"


def breakable(text: str) -> str:
    """`text` with invisible break points inside very long words, so it wraps in a card."""

    def soften(word: str) -> str:
        if len(word) <= _LONG_WORD:
            return word
        out, run = [], 0
        for char in word:
            out.append(char)
            run += 1
            if char in _BREAK_AFTER or run >= _LONG_WORD:
                out.append("\u200b")
                run = 0
        return "".join(out)

    return "\n".join(" ".join(soften(w) for w in line.split(" ")) for line in text.split("\n"))


def field_of(table: str, name: str) -> Field | None:
    """The registry's field, or None for a field a newer copy of the program wrote."""
    if table not in REGISTRY:
        return None
    entity = REGISTRY[table]
    return entity.field(name) if entity.has_field(name) else None


def who_line(candidate: CandidateView) -> str:
    """ "By root on Laptop B" — who, on which laptop."""
    return f"By {candidate.author} on {candidate.device_name}"


def is_shown(view: ConflictView, candidate: CandidateView) -> bool:
    """True for the value every laptop shows until someone chooses."""
    return candidate.candidate == view.conflict.shown


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # A wrapped label may shrink below its longest word; the card keeps its share of the row.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(1)
    return label


def _badge(text: str) -> QLabel:
    """A small marker in the palette's highlight colours ("Shown now")."""
    badge = QLabel(text)
    badge.setObjectName("shown_badge")
    badge.setFont(scaled_font(badge, 0.9, bold=True))
    badge.setAutoFillBackground(True)
    badge.setBackgroundRole(QPalette.ColorRole.Highlight)
    badge.setForegroundRole(QPalette.ColorRole.HighlightedText)
    margin = max(2, badge.fontMetrics().height() // 6)
    badge.setContentsMargins(margin * 2, margin, margin * 2, margin)
    return badge


class Card(QFrame):
    """One choice: a heading, its details and a button; `chosen` when the button is used."""

    chosen = Signal()

    def __init__(self, caption: str, *, shown: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.layout_ = QVBoxLayout(self)
        spacing = self.fontMetrics().height() // 2
        self.layout_.setSpacing(spacing)
        self.layout_.setContentsMargins(spacing * 2, spacing * 2, spacing * 2, spacing * 2)
        top = QHBoxLayout()
        self.caption = muted(QLabel(caption))
        top.addWidget(self.caption)
        top.addStretch(1)
        # Every card's first line is as tall as one with the marker, so the values line up.
        badge = _badge("Shown now")
        policy = badge.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        badge.setSizePolicy(policy)
        badge.setVisible(shown)
        top.addWidget(badge)
        self.badge: QLabel | None = badge if shown else None
        self.layout_.addLayout(top)
        self.button = QPushButton()
        self.button.setAutoDefault(True)  # Enter on the focused button, not only Space
        self.button.clicked.connect(self.chosen)

    def add(self, widget: QWidget) -> QWidget:
        self.layout_.addWidget(widget)
        return widget

    def finish(self, text: str, tip: str, shortcut: str = "") -> None:
        """The button at the bottom: `text` may carry a mnemonic (&), or `shortcut`."""
        self.layout_.addStretch(1)
        self.button.setText(text)
        self.button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        self.button.setAccessibleName(tip)
        if shortcut:
            self.button.setShortcut(QKeySequence(shortcut))
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        self.layout_.addLayout(row)


def value_card(view: ConflictView, candidate: CandidateView, title_of: TitleOf) -> Card:
    """A card for one value of a field: the value large, who, which laptop, when."""
    card = Card(f"Value {candidate.number}", shown=is_shown(view, candidate))
    card.setObjectName(f"conflict_card_{candidate.number}")
    text = candidate_text(field_of(view.table, view.field), candidate.value, title_of)
    value = card.add(_label(breakable(text) or EMPTY))
    assert isinstance(value, QLabel)
    value.setObjectName("value")
    value.setAccessibleName(text or EMPTY)
    # Short values large and bold, to compare at a glance; paragraphs stay readable.
    short = bool(text) and len(text) <= 80 and "\n" not in text
    value.setFont(scaled_font(value, 1.35 if short else 1.1, bold=short))
    if not text:
        muted(value)
    card.add(_label(who_line(candidate))).setObjectName("who")
    card.add(muted(_label(local_time(candidate.when)))).setObjectName("when")
    card.finish("Keep this", "Keep this value", f"Alt+{candidate.number}")
    return card


@dataclass(frozen=True)
class Side:
    """One side of a deleted-while-changed conflict: a laptop's deletion, or its changes."""

    deletion: bool
    candidates: tuple[CandidateView, ...]

    @property
    def latest(self) -> CandidateView:
        return max(self.candidates, key=lambda c: c.when)


def sides(view: ConflictView) -> list[Side]:
    """The deletions, then each laptop's changes (newest first), for the cards."""
    deletions = [Side(True, (c,)) for c in view.candidates if c.is_deletion]
    by_laptop: dict[str, list[CandidateView]] = {}
    for candidate in view.candidates:
        if not candidate.is_deletion:
            by_laptop.setdefault(candidate.candidate.device, []).append(candidate)
    edits = [Side(False, tuple(group)) for group in by_laptop.values()]
    edits.sort(key=lambda side: side.latest.when, reverse=True)
    return deletions + edits


def side_card(view: ConflictView, side: Side, title_of: TitleOf, *, first: bool) -> Card:
    """A card for a deletion ("Keep it deleted") or for one laptop's changes ("Bring it
    back", listing each changed field with its value)."""
    latest = side.latest
    shown = any(is_shown(view, c) for c in side.candidates)
    moment = local_time(latest.when)
    if side.deletion:
        card = Card("Deletion", shown=shown)
        card.setObjectName("deletion_card")
        heading = card.add(_label("Deleted"))
        heading.setFont(scaled_font(heading, 1.35, bold=True))
        card.add(_label(f"Deleted by {latest.author} on laptop {latest.device_name}, {moment}"))
        card.finish("&Keep it deleted" if first else "Keep it deleted", "Keep the record deleted")
        return card
    card = Card("Changes", shown=shown)
    card.setObjectName("edit_card")
    heading = card.add(_label("Changed"))
    heading.setFont(scaled_font(heading, 1.35, bold=True))
    card.add(_label(f"Changed by {latest.author} on laptop {latest.device_name}, {moment}"))
    for candidate in sorted(side.candidates, key=lambda c: c.field):
        field = field_of(view.table, candidate.field)
        label = field.label if field is not None else candidate.field
        text = candidate_text(field, candidate.value, title_of) or EMPTY
        line = card.add(_label(f"{label}: {breakable(text)}"))
        line.setObjectName(f"change_{candidate.field}")
    card.finish(
        "&Bring it back" if first else "Bring it back", "Bring the record back with these changes"
    )
    return card
