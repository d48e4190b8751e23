"""Search everything (Ctrl+K): type, see matches grouped by kind, Enter jumps there.

Groups are ordered in two tiers. Records that stand on their own (a person, a service, a
team, a supplier) come before the parts of records (a team membership, a runbook step, a
dependency), because the parts repeat the names of what they belong to and would
otherwise push the record a person is looking for off the screen. Within a tier, the kind
with the best match comes first. Each kind shows its few best matches; the rest are one
"Show all" line away, so one kind cannot crowd out the others.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.navigation import Navigator, page_for, page_ids
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets import text_style
from itscm_desktop.vault.search import SearchHit

#: How many matches are asked of the vault, shown per kind, and shown at most.
FETCH_LIMIT = 200
PER_KIND = 5
MAX_SHOWN = 50
DEBOUNCE_MS = 100

_MARK = re.compile(r"\[([^\[\]]*)\]")
_SPACE = re.compile(r"\s+")


def is_part(table: str) -> bool:
    """True for records that belong to another record or only link two records."""
    entity = REGISTRY[table]
    return entity.parent_field is not None or table == "dependencies"


def snippet_html(snippet: str, title: str = "") -> str:
    """The vault's snippet as safe rich text on one line: [matches] in bold, the rest
    escaped, so a record named "<b>" shows exactly that. A leading repeat of the title
    (shown just above it) is dropped."""
    lines = " · ".join(line.strip() for line in snippet.splitlines() if line.strip())
    flat = _drop_title(_SPACE.sub(" ", lines), _SPACE.sub(" ", title).strip())
    parts: list[str] = []
    position = 0
    for match in _MARK.finditer(flat):
        parts.append(html.escape(flat[position : match.start()]))
        parts.append(f"<b>{html.escape(match.group(1))}</b>")
        position = match.end()
    parts.append(html.escape(flat[position:]))
    return "".join(parts)


def _drop_title(marked: str, title: str) -> str:
    """`marked` without a leading `title`, ignoring the [ ] match marks in it."""
    plain = _MARK.sub(r"\1", marked)
    if not title or not plain.startswith(title) or plain[len(title) : len(title) + 1].isalnum():
        return marked
    seen = 0
    for position, char in enumerate(marked):
        if seen == len(title):
            rest = marked[position:]
            # a match mark may still be open or just closing at the cut
            opened = marked[:position].count("[") - marked[:position].count("]")
            rest = rest[1:] if opened and rest.startswith("]") else ("[" + rest if opened else rest)
            return rest.strip().lstrip("·,;:—-– ").strip()
        if char not in "[]":
            seen += 1
    return ""


@dataclass(frozen=True)
class HitGroup:
    """The matches of one kind of record, best first, as the dialog shows them."""

    table: str
    heading: str
    hits: tuple[SearchHit, ...]
    #: Matches not shown (beyond the few per kind), best first.
    more: tuple[SearchHit, ...]


def group_hits(
    hits: list[SearchHit], *, per_kind: int = PER_KIND, max_shown: int = MAX_SHOWN
) -> list[HitGroup]:
    """Group the vault's hits (best first) by kind, in the order explained above."""
    by_table: dict[str, list[SearchHit]] = {}
    for hit in sorted(hits, key=lambda h: h.rank):
        by_table.setdefault(hit.table, []).append(hit)
    tables = sorted(by_table, key=lambda t: (is_part(t), by_table[t][0].rank))
    groups: list[HitGroup] = []
    room = max_shown
    for table in tables:
        if room <= 0:
            break
        found = by_table[table]
        shown = found[: min(per_kind, room)]
        room -= len(shown)
        groups.append(
            HitGroup(table, REGISTRY[table].plural, tuple(shown), tuple(found[len(shown) :]))
        )
    return groups


class Row(IntEnum):
    """What a row of the result list is (stored in ROW_ROLE)."""

    HEADING = 1
    HIT = 2
    MORE = 3


ROW_ROLE = Qt.ItemDataRole.UserRole + 1
TABLE_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4
#: For a "Show all" row: the ids of every match of that kind.
IDS_ROLE = Qt.ItemDataRole.UserRole + 5


def build_model(
    groups: list[HitGroup], model: QStandardItemModel, owners: dict[str, str] | None = None
) -> None:
    """Fill `model` with a heading per group, its hits, and a "Show all" row if needed.
    `owners` names what a part belongs to (a membership's team), by the part's id."""
    owners = owners or {}
    model.clear()
    for group in groups:
        heading = QStandardItem(group.heading)
        heading.setData(Row.HEADING, ROW_ROLE)
        heading.setFlags(Qt.ItemFlag.NoItemFlags)
        model.appendRow(heading)
        for hit in group.hits:
            item = QStandardItem(hit.title)
            item.setData(Row.HIT, ROW_ROLE)
            item.setData(hit.table, TABLE_ROLE)
            item.setData(hit.id, ID_ROLE)
            snippet = snippet_html(hit.snippet, hit.title)
            if hit.id in owners:
                owner = html.escape(owners[hit.id])
                snippet = f"{owner} · {snippet}" if snippet else owner
            item.setData(snippet, SNIPPET_ROLE)
            item.setToolTip(hit.title)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            model.appendRow(item)
        if group.more:
            total = len(group.hits) + len(group.more)
            owner = REGISTRY[page_for(group.table)].plural.lower()
            where = "" if page_for(group.table) == group.table else f" in their {owner}"
            item = QStandardItem(f"Show all {total} {group.heading.lower()}{where}…")
            item.setData(Row.MORE, ROW_ROLE)
            item.setData(group.table, TABLE_ROLE)
            item.setData([h.id for h in (*group.hits, *group.more)], IDS_ROLE)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            model.appendRow(item)


class HitDelegate(QStyledItemDelegate):
    """Paints headings small and muted, hits as a title over a one-line snippet whose
    matches are bold; colours come from the palette, so dark themes work."""

    def _lines(self, option: QStyleOptionViewItem) -> QFontMetrics:
        return QFontMetrics(option.font)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = self._lines(option).height()
        row = index.data(ROW_ROLE)
        if row == Row.HEADING:
            return QSize(0, int(line * 1.9))
        if row == Row.MORE:
            return QSize(0, int(line * 1.6))
        return QSize(0, int(line * 2.7))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = opt.rect
        palette: QPalette = opt.palette
        font = QFont(opt.font)
        metrics = QFontMetrics(font)
        margin = metrics.averageCharWidth() * 2
        row = index.data(ROW_ROLE)
        painter.save()
        if row == Row.HEADING:
            font = text_style.scaled(font, 0.85)
            font.setBold(True)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = rect.adjusted(margin // 2, 0, -margin, -metrics.descent())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             str(index.data()))  # fmt: skip
            painter.restore()
            return
        style = opt.widget.style() if opt.widget else None
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        inner = rect.adjusted(margin, 0, -margin, 0)
        if row == Row.MORE:
            painter.setPen(palette.color(text_role if selected else QPalette.ColorRole.Link))
            painter.setFont(font)
            painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             str(index.data()))  # fmt: skip
            painter.restore()
            return
        line = metrics.height()
        top = rect.top() + int(line * 0.3)
        title_font = QFont(font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        title = QFontMetrics(title_font).elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, inner.width()
        )
        painter.drawText(inner.left(), top, inner.width(), line, Qt.AlignmentFlag.AlignLeft, title)
        snippet = str(index.data(SNIPPET_ROLE) or "")
        if snippet:
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setDefaultFont(font)
            document.setHtml(snippet)
            context = QAbstractTextDocumentLayout.PaintContext()
            muted = text_role if selected else QPalette.ColorRole.PlaceholderText
            context.palette.setColor(QPalette.ColorRole.Text, palette.color(muted))
            painter.translate(inner.left(), top + line)
            painter.setClipRect(0, 0, inner.width(), line)
            document.documentLayout().draw(painter, context)
        painter.restore()


class SearchDialog(QDialog):
    """The search popup. Not modal: the window behind stays usable, and a jump closes it."""

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.navigator = navigator
        self.setObjectName("search_dialog")
        self.setWindowTitle("Search")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)

        self.query = QLineEdit()
        self.query.setObjectName("search_query")
        self.query.setPlaceholderText("Search people, services, teams, suppliers, assets…")
        self.query.setClearButtonEnabled(True)
        self.query.setFont(text_style.scaled(self.query.font(), 1.3))
        self.query.installEventFilter(self)

        self.model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setObjectName("search_results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the query
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setUniformItemSizes(False)
        self.results.clicked.connect(self._activate)

        self.message = QLabel()
        self.message.setObjectName("search_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        text_style.muted(self.message)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.results)

        self.footer = QLabel("↑ ↓ to choose · Enter to open · Esc to close")
        self.footer.setObjectName("search_footer")
        text_style.muted(self.footer)
        self.footer.setFont(text_style.scaled(self.footer.font(), 0.9))

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textEdited.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._activate_current)
        session.locked.connect(self.reject)
        session.changed.connect(self._refresh)

        metrics = QFontMetrics(self.font())
        self.resize(metrics.averageCharWidth() * 96, metrics.height() * 34)
        self._show_message("Type a name, a service, a phone number, a host name…")

    # -- public ---------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        """Start with `text` in the field and its results shown at once."""
        self.query.setText(text)
        self.run_search()

    def open(self) -> None:
        """Show without blocking the window behind, over the top of the main window."""
        parent = self.parentWidget()
        if parent is not None:
            geometry = parent.frameGeometry()
            x = geometry.x() + (geometry.width() - self.width()) // 2
            self.move(x, geometry.y() + geometry.height() // 10)
        self.show()
        self.activateWindow()
        self.query.setFocus()

    def run_search(self) -> None:
        """Search for what is in the field now (the debounce timer calls this)."""
        self._timer.stop()
        text = self.query.text().strip()
        if not self.session.is_unlocked:
            return
        if not text:
            self.model.clear()
            self._show_message("Type a name, a service, a phone number, a host name…")
            return
        groups = group_hits(self.session.vault.search(text, limit=FETCH_LIMIT))
        build_model(groups, self.model, self._owners(groups))
        if not groups:
            self._show_message(f"No matches for “{text}”.\nTry fewer letters or another word.")
            return
        self.stack.setCurrentWidget(self.results)
        self._select(self._step(-1, +1))
        self.results.scrollToTop()

    def _refresh(self, _table: str) -> None:
        """A save elsewhere may rename or remove a match: search again, keeping the place."""
        if self.query.text().strip():
            row = self.results.currentIndex().row()
            self.run_search()
            if 0 <= row < self.model.rowCount() and self.model.item(row).isSelectable():
                self._select(row)

    def hit_rows(self) -> list[tuple[str, str]]:
        """(table, id) of every hit shown, top to bottom."""
        return [
            (self.model.item(r).data(TABLE_ROLE), self.model.item(r).data(ID_ROLE))
            for r in range(self.model.rowCount())
            if self.model.item(r).data(ROW_ROLE) == Row.HIT
        ]

    # -- keys -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 5,
                Qt.Key.Key_PageUp: -5,
            }
            if key in moves:
                self._move(moves[Qt.Key(key)])
                return True
        return bool(super().eventFilter(watched, event))

    def _move(self, steps: int) -> None:
        if self._timer.isActive():
            self.run_search()
        row = self.results.currentIndex().row() if self.results.currentIndex().isValid() else -1
        direction = 1 if steps > 0 else -1
        for _ in range(abs(steps)):
            following = self._step(row, direction)
            if following < 0:
                break
            row = following
        if row >= 0:
            self._select(row)

    def _step(self, row: int, direction: int) -> int:
        """The next row from `row` a person can choose (headings are skipped), or -1."""
        row += direction
        while 0 <= row < self.model.rowCount():
            if self.model.item(row).data(ROW_ROLE) != Row.HEADING:
                return row
            row += direction
        return -1

    def _select(self, row: int) -> None:
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.results.setCurrentIndex(index)
        if row > 0 and self._step(row, -1) < 0:
            self.results.scrollToTop()  # keep the first heading in view
        else:
            self.results.scrollTo(index)

    # -- jumping --------------------------------------------------------------------

    def _activate_current(self) -> None:
        if self._timer.isActive():
            self.run_search()
        index = self.results.currentIndex()
        if index.isValid():
            self._activate(index)

    def _activate(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        table = str(index.data(TABLE_ROLE) or "")
        if row == Row.HIT:
            self.navigator.open_record(table, str(index.data(ID_ROLE)))
            self.accept()
        elif row == Row.MORE:
            self.navigator.open_page(
                page_for(table), page_ids(self.session, table, index.data(IDS_ROLE))
            )
            self.accept()

    def _owners(self, groups: list[HitGroup]) -> dict[str, str]:
        """The title of the record each shown part belongs to (a step's recovery plan)."""
        vault = self.session.vault
        owners: dict[str, str] = {}
        for group in groups:
            entity = REGISTRY[group.table]
            if entity.parent_field is None:
                continue
            owner_table = entity.field(entity.parent_field).ref[0]
            for hit in group.hits:
                record = vault.find(group.table, hit.id)
                owner_id = record.get(entity.parent_field) if record else None
                owner = vault.find(owner_table, str(owner_id)) if owner_id else None
                if owner is not None:
                    owners[hit.id] = vault.title(owner_table, owner)
        return owners

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
