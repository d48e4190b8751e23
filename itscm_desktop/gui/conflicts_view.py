"""The Conflicts view: every edit two laptops made to the same thing before exchanging,
side by side, settled with one button; and the links that point at deleted records.

Nothing is settled silently: until someone chooses, every laptop shows the same value
(marked "Shown now") and keeps the others here. Settling is an ordinary save that has
seen every value, so the choice clears the conflict on each laptop it reaches. The list
is grouped by record, so a person settles one contact or service at a time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.conflict_cards import (
    Card,
    candidate_text,
    field_of,
    side_card,
    sides,
    value_card,
)
from itscm_desktop.gui.conflict_edit import MergedValueDialog
from itscm_desktop.gui.conflict_links import BrokenLinksSection
from itscm_desktop.gui.inline_message import InlineMessage
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.text_style import muted, scaled_font
from itscm_desktop.vault.audit_text import title_finder
from itscm_desktop.vault.conflicts import (
    ConflictView,
    conflict_views,
    settle,
)

EMPTY_TEXT = "No conflicts. Every laptop that has exchanged with this one agrees."
INTRO = (
    "When two laptops change the same thing before they exchange, both values are kept "
    "here until someone chooses. Your choice reaches the other laptops with the next "
    "exchange."
)
_ID = Qt.ItemDataRole.UserRole


def _sort_key(view: ConflictView) -> tuple[str, str, str, str]:
    """By kind of record, then record, then field: one record's conflicts together."""
    entity = REGISTRY[view.table]
    field = "" if view.is_deletion else entity.field(view.field).label
    return (entity.plural.casefold(), view.title.casefold(), view.row_id, field.casefold())


def _list_text(view: ConflictView) -> str:
    if view.is_deletion:
        return f"{view.heading}\nDeleted, and changed elsewhere"
    count = len(view.candidates)
    laptops = len({c.candidate.device for c in view.candidates})
    where = f"from {laptops} laptops" if laptops > 1 else "from one laptop"
    return f"{view.heading}\n{count} values {where}"


class ConflictsView(QWidget):
    """Conflicts on the left, the selected one's values side by side on the right, links
    to deleted records underneath. `settled` is emitted after any conflict is settled."""

    settled = Signal()

    def __init__(
        self, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_view")
        self.session = session
        self.navigator = navigator
        self._views: dict[str, ConflictView] = {}
        self._cards: list[Card] = []
        self._stale = True
        self._settling = False

        intro = muted(QLabel(INTRO))
        intro.setWordWrap(True)

        frame = QFrame()
        frame.setObjectName("message_frame")
        label = QLabel()
        label.setObjectName("conflicts_message")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        QVBoxLayout(frame).addWidget(label)
        self.message = InlineMessage(frame, label)
        self.message.hide()

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("conflicts_empty")
        self.empty.setFont(scaled_font(self.empty, 1.2))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        muted(self.empty)

        # -- the list ---------------------------------------------------------------------
        self.count_label = muted(QLabel())
        self.list = QListWidget()
        self.list.setObjectName("conflict_list")
        self.list.setAccessibleName("Conflicts")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        self.list.itemActivated.connect(lambda _item: self._focus_first_card())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.list, 1)

        # -- the selected conflict ------------------------------------------------------------
        self.heading = QLabel()
        self.heading.setObjectName("conflict_heading")
        self.heading.setFont(scaled_font(self.heading, 1.3, bold=True))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.note = muted(QLabel())
        self.note.setWordWrap(True)
        self.cards_box = QWidget()
        self.cards_row = QHBoxLayout(self.cards_box)
        self.cards_row.setContentsMargins(0, 0, 0, 0)
        self.cards_row.setSpacing(self.fontMetrics().height())
        self.edit_button = QPushButton("&Edit merged value…")
        self.edit_button.setObjectName("edit_merged")
        self.edit_button.setToolTip("Type the value every laptop should have")
        self.edit_button.setAutoDefault(True)
        self.edit_button.clicked.connect(lambda: self.edit_merged())
        self.open_button = QPushButton("&Open record")
        self.open_button.setObjectName("open_record")
        self.open_button.setAutoDefault(True)
        self.open_button.clicked.connect(self.open_record)
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        detail = QWidget()
        detail.setObjectName("conflict_detail")
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.note)
        detail_layout.addSpacing(self.fontMetrics().height() // 2)
        detail_layout.addWidget(self.cards_box)
        detail_layout.addLayout(actions)
        detail_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(detail)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([self.fontMetrics().horizontalAdvance("x") * 45, 900])

        self.links_box = BrokenLinksSection(navigator)
        self.links = self.links_box.list
        self.open_link_button = self.links_box.open_button

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(frame)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.splitter, 4)
        layout.addWidget(self.links_box)

        session.changed.connect(self._changed)
        session.locked.connect(self._locked)
        session.unlocked.connect(self._changed)
        if session.is_unlocked:
            self.reload()

    # -- what is shown --------------------------------------------------------------------

    @property
    def current(self) -> ConflictView | None:
        """The conflict selected in the list."""
        item = self.list.currentItem()
        return self._views.get(str(item.data(_ID))) if item is not None else None

    @property
    def conflicts(self) -> list[ConflictView]:
        """The conflicts listed, in list order."""
        return [self._views[str(self.list.item(i).data(_ID))] for i in range(self.list.count())]

    @property
    def cards(self) -> list[Card]:
        """The cards of the selected conflict, left to right."""
        return list(self._cards)

    def reload(self, *, row: int | None = None) -> None:
        """Read the conflicts and links again; keep the selection, else select `row`. A
        message about an earlier choice goes: it may no longer be true."""
        self._stale = False
        self.message.hide()
        if not self.session.is_unlocked:
            self._clear()
            return
        conn = self.session.vault.conn
        previous = self.current.id if self.current is not None else None
        views = sorted(conflict_views(conn), key=_sort_key)
        self._views = {view.id: view for view in views}
        blocked = self.list.blockSignals(True)
        try:
            self.list.clear()
            for view in views:
                item = QListWidgetItem(_list_text(view))
                item.setData(_ID, view.id)
                item.setToolTip(view.heading)
                self.list.addItem(item)
            ids = [view.id for view in views]
            if previous in ids and row is None:
                select = ids.index(str(previous))
            else:
                select = min(row or 0, len(ids) - 1)
            if select >= 0:
                self.list.setCurrentRow(select)
        finally:
            self.list.blockSignals(blocked)
        count = len(views)
        self.count_label.setText(
            f"{count} conflict{'s' if count != 1 else ''} to settle, by record"
        )
        self.empty.setVisible(count == 0)
        self.splitter.setVisible(count > 0)
        self._show_selected()
        self.links_box.reload(self.session.vault)

    def _clear(self) -> None:
        self._views = {}
        self.list.clear()
        self._set_cards([])
        self.message.hide()
        self.links_box.clear()

    def _set_cards(self, cards: list[Card]) -> None:
        for card in self._cards:
            self.cards_row.removeWidget(card)
            card.hide()
            card.deleteLater()
        self._cards = cards
        for card in cards:
            self.cards_row.addWidget(card, 1)

    def _show_selected(self) -> None:
        view = self.current
        if view is None or not self.session.is_unlocked:
            self.heading.clear()
            self.note.clear()
            self._set_cards([])
            self.edit_button.hide()
            self.open_button.hide()
            return
        title_of = title_finder(self.session.vault)
        entity = REGISTRY[view.table]
        self.heading.setText(view.heading)
        cards: list[Card] = []
        if view.is_deletion:
            state = "is shown again" if view.record_exists else "stays deleted"
            self.note.setText(
                f"This {entity.label.lower()} was deleted on one laptop while another changed "
                f"it. It {state} until you choose: keep it deleted, or bring it back with "
                "the changes."
            )
            both = sides(view)
            for index, side in enumerate(both):
                first = index == 0 or side.deletion != both[index - 1].deletion
                card = side_card(view, side, title_of, first=first)
                keep = side.candidates[0].number
                card.chosen.connect(lambda keep=keep, view=view: self.keep(view, keep))
                cards.append(card)
        else:
            self.note.setText(
                f"{len(view.candidates)} laptops changed this before seeing each other's "
                "change. Every laptop shows the one marked “Shown now” until you choose."
                if len({c.candidate.device for c in view.candidates}) > 1
                else "Different values were written before they were seen together. Every "
                "laptop shows the one marked “Shown now” until you choose."
            )
            for candidate in view.candidates:
                card = value_card(view, candidate, title_of)
                number = candidate.number
                card.chosen.connect(lambda number=number, view=view: self.keep(view, number))
                cards.append(card)
        self._set_cards(cards)
        self.edit_button.setVisible(not view.is_deletion)
        self.edit_button.setEnabled(view.record_exists)
        self.open_button.setVisible(True)
        self.open_button.setEnabled(view.record_exists)
        self.open_button.setToolTip(
            f"Show {entity.label.lower()} “{view.title}”"
            if view.record_exists
            else "The record is deleted; bring it back to open it"
        )

    # -- settling ---------------------------------------------------------------------------

    def keep(self, view: ConflictView, number: int) -> None:
        """Keep value `number` of `view` (for a deletion: keep it deleted or bring it back)."""
        candidate = view.candidate(number)
        title_of = title_finder(self.session.vault)
        entity = REGISTRY[view.table]
        if view.is_deletion and candidate.is_deletion:
            done = f"{entity.label} “{view.title}” stays deleted."
        elif view.is_deletion:
            done = (
                f"Brought back {entity.label.lower()} “{view.title}” with the changes "
                f"from {candidate.device_name}."
            )
        else:
            field = field_of(view.table, view.field)
            label = field.label if field is not None else view.field
            text = candidate_text(field, candidate.value, title_of)
            done = (
                f"Kept “{text}” for {label} of {view.title}."
                if text
                else f"Kept {label} of {view.title} empty."
            )
        self._settle(view, lambda: settle(self.session.vault, view.id, keep=number), done)

    def edit_merged(self) -> MergedValueDialog | None:
        """Ask for a value of one's own in the field's editor (a window-modal dialog);
        the conflict is settled when it is saved. Returns the dialog opened."""
        view = self.current
        if view is None or view.is_deletion or not view.record_exists:
            return None
        dialog = MergedValueDialog(view, self.session, self.navigator, self)
        dialog.accepted.connect(lambda: self._merged(view))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _merged(self, view: ConflictView) -> None:
        field = field_of(view.table, view.field)
        label = field.label if field is not None else view.field
        record = self.session.vault.find(view.table, view.row_id) or {}
        text = candidate_text(field, record.get(view.field), title_finder(self.session.vault))
        done = (
            f"Saved “{text}” for {label} of {view.title}."
            if text
            else f"Saved {label} of {view.title} as empty."
        )
        self._after_settle(view, done)

    def _settle(self, view: ConflictView, action: object, done: str) -> None:
        assert callable(action)
        try:
            action()
        except (ValueError, LookupError) as error:  # ValidationError is a ValueError too
            self.reload()
            self.message.show(str(error), "error")
            return
        self._after_settle(view, done)

    def _after_settle(self, view: ConflictView, done: str) -> None:
        row = max(self.list.currentRow(), 0)
        self._settling = True
        try:
            self.session.notify_changed(view.table)
        finally:
            self._settling = False
        self.reload(row=row)
        self.message.show(done, "ok")
        self.settled.emit()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- opening records --------------------------------------------------------------------

    def open_record(self) -> None:
        view = self.current
        if view is not None and view.record_exists:
            self.navigator.open_record(view.table, view.row_id)

    # -- keeping up -------------------------------------------------------------------------

    def _focus_first_card(self) -> None:
        if self._cards:
            self._cards[0].button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _changed(self, _table: str = "") -> None:
        if self._settling:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _locked(self) -> None:
        for dialog in self.findChildren(MergedValueDialog):
            dialog.reject()  # what was typed goes with the vault; nothing is saved
        self._clear()
        self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
