"""The page of any kind of record: a filterable list beside the selected record's form.

One class serves every entity in the sidebar (contacts, services, assets, …): the list's
columns, the form's fields and the extra tabs all come from the registry and from
`editors_for`. Typed work is never lost silently: leaving a record with unsaved changes
asks Save / Discard / Cancel. When the vault locks, unsaved changes are saved if the vault
accepts them and otherwise discarded, and the status bar says which (the file closes, so
nothing typed can be kept in memory).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.editors import editors_for
from itscm_desktop.gui.editors.base import RecordEditor
from itscm_desktop.gui.models.record_table_model import RecordTableModel, count_label
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.record_form import (
    DISCARD,
    SAVE,
    RecordForm,
    ask_clear_references,
    ask_delete,
    ask_unsaved,
)
from itscm_desktop.gui.widgets.relations_panel import RelationsPanel

FILTER_PAUSE_MS = 150


def heading(label: QLabel, scale: float) -> None:
    """A bold heading relative to the person's own font size."""
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)


class RecordsPage(Page):
    """Browse, filter, create, edit and delete the records of one table."""

    def __init__(self, table: str, *, session: Session, navigator: Navigator) -> None:
        super().__init__(session, navigator)
        self.table = table
        self.entity = REGISTRY[table]
        self._selecting = False
        self._remembered: str | None = None  # shown before locking, shown again after
        self._splitter_placed = False

        title = QLabel(self.entity.plural)
        title.setObjectName("page_title")
        heading(title, 1.5)
        description = QLabel(self.entity.description)
        description.setObjectName("page_description")
        description.setWordWrap(True)
        description.setVisible(bool(self.entity.description))

        self.banner = QFrame()
        self.banner.setObjectName("only_banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_text = QLabel()
        self.show_all_button = QPushButton("Show all")
        self.show_all_button.clicked.connect(self.show_all)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(8, 4, 8, 4)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.show_all_button)
        self.banner.hide()

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(f"Filter {self.entity.plural.lower()} (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_PAUSE_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._filter_entered)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.model = RecordTableModel(session, table, self)
        self.view = QTableView()
        self.view.setObjectName("records")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.view.activated.connect(lambda _: self.focus_form())
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)
        self.model.layoutChanged.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)

        list_side = QWidget()
        list_column = QVBoxLayout(list_side)
        list_column.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.count_label)
        list_column.addLayout(filter_row)
        list_column.addWidget(self.view, 1)

        self.form = RecordForm(table, session, navigator)
        self.form.changed.connect(self._update_actions)
        self.form.submitted.connect(self.save)
        self.relations = RelationsPanel(session, navigator)
        self.editors: list[RecordEditor] = []
        self.tabs = QTabWidget()
        self.tabs.setObjectName("record_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.form, "Details")
        self.tabs.addTab(self.relations, "Relations")
        for tab_title, editor_class in editors_for(table):
            editor = editor_class(session, navigator)
            self.editors.append(editor)
            self.tabs.addTab(editor, tab_title)

        self.record_title = QLabel()
        self.record_title.setObjectName("record_title")
        self.record_title.setWordWrap(True)
        heading(self.record_title, 1.2)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("record_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = self._action("New", "Ctrl+N", self.new_record, "new")
        self.save_action = self._action("Save", "Ctrl+S", self.save, "save")
        self.revert_action = self._action("Revert", None, self.revert, "revert")
        self.delete_action = self._action("Delete…", None, self.delete, "delete")
        self.toolbar.addAction(self.new_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.save_action)
        self.toolbar.addAction(self.revert_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.delete_action)
        delete_key = QAction(self.view)
        delete_key.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.triggered.connect(self.delete)
        self.view.addAction(delete_key)
        self._action("Filter", "Ctrl+F", self.focus_filter, "find")
        clear_filter = QAction(self.filter_edit)
        clear_filter.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_filter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_filter.triggered.connect(self.clear_filter)
        self.filter_edit.addAction(clear_filter)

        detail = QWidget()
        detail.setObjectName("record_detail")
        detail_column = QVBoxLayout(detail)
        detail_column.setContentsMargins(8, 0, 0, 0)
        detail_column.addWidget(self.toolbar)
        detail_column.addWidget(self.record_title)
        detail_column.addWidget(self.tabs, 1)

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(list_side)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(description)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.filter_edit)
        session.about_to_lock.connect(self._before_lock)
        self._show(None)

    @property
    def _shown_id(self) -> str | None:
        """The record in the form (None: a new one, or nothing)."""
        return self.form.record_id

    def _action(self, text: str, keys: str | None, slot: object, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"{name}_action")
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # its shortcut works anywhere on the page
        return action

    # -- Page hooks ------------------------------------------------------------------

    def reload(self) -> None:
        first = self.model.rowCount() == 0 and not self.model.total
        self.model.refresh()
        if first:
            self._size_columns()
        shown = self._shown_id or self._remembered
        self._remembered = None
        if shown is not None and not self.form.dirty:
            if self.session.vault.find(self.table, shown) is None:
                self._show(None)  # deleted elsewhere (a merge, another page)
            else:
                self._select(shown)
                self._show(shown)
        elif shown is not None:
            self._select(shown)
        elif first and self.model.rowCount():
            self._select_row(0)
        self._update_count()

    def current_record(self) -> tuple[str, str] | None:
        """The record shown, so that the window can show it again after an unlock."""
        return (self.table, self._shown_id) if self._shown_id else None

    def watches(self, table: str) -> bool:
        related = {t for f in self.model.columns for t in f.ref}
        children = {e.table for e in REGISTRY.children_of(self.table)}
        return table in {self.table, *related, *children}

    def show_record(self, table: str, record_id: str) -> None:
        if table != self.table and self.session.is_unlocked:
            # A part of one of our records (a team's member): show the record, open its tab.
            child = REGISTRY[table]
            part = self.session.vault.find(table, record_id)
            if part is None or child.parent_field is None:
                return
            record_id = str(part[child.parent_field])
            if self.editors:
                self.tabs.setCurrentWidget(self.editors[0])
        if record_id == self._shown_id:
            self._select(record_id)
            return
        if not self._leave_record():
            return
        if self.model.row_of(record_id) is None and (
            self.model.filter_text or self.model.only_ids is not None
        ):
            self._reset_filter()
        self._select(record_id)
        self._show(record_id)

    def show_only(self, record_ids: list[str]) -> None:
        self.model.set_only_ids(record_ids)
        noun = count_label(len(record_ids), self.table)
        self.banner_text.setText(f"Showing {noun} from the dashboard.")
        self.banner.show()
        self._update_count()

    def show_all(self) -> None:
        if self.model.only_ids is not None:
            self.model.set_only_ids(None)
        self.banner.hide()
        self._update_count()

    def _reset_filter(self) -> None:
        """The whole list again: no filter text, no dashboard restriction."""
        self._filter_timer.stop()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.model.set_filter_text("")
        self.show_all()

    def on_locked(self) -> None:
        if self.form.dirty:
            self._say(
                f"Unsaved changes to {self._describe()} were discarded when the vault locked."
            )
        self._stale = True  # read again after the next unlock
        self._remembered = self._shown_id
        self._reset_filter()  # what was typed may name someone
        self.form.clear()
        self.relations.show_record(None, None)
        for editor in self.editors:
            editor.show_record(None)
        self.record_title.clear()
        self._update_actions()

    # -- actions ---------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def clear_filter(self) -> None:
        if self.filter_edit.text():
            self.filter_edit.clear()
            self.apply_filter()
        else:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        if self.session.is_unlocked:
            self.model.set_filter_text(self.filter_edit.text())
            self._update_count()

    def focus_form(self) -> None:
        """Enter on a row: the first field of the record, ready for typing."""
        self.tabs.setCurrentWidget(self.form)
        first = self.form.editors[self.entity.fields[0].name]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_record(self) -> None:
        if not self.session.is_unlocked or not self._leave_record():
            return
        self._selecting = True
        self.view.selectionModel().clear()
        self._selecting = False
        self._show(None)
        self.focus_form()

    def save(self) -> str | None:
        """Save the form; the record is then selected in the list (the filter is cleared
        if it would hide it)."""
        if not self.session.is_unlocked:
            return None
        record_id = self.form.save()
        if record_id is None:
            return None
        self.show_record(self.table, record_id)
        self._update_actions()
        self._say(f"Saved {self._describe()}.")
        return record_id

    def revert(self) -> None:
        self.form.revert()
        self._update_actions()

    def delete(self) -> None:
        """Delete the record shown, once the person has confirmed; the next one is shown."""
        record_id = self._shown_id
        if record_id is None or not self.session.is_unlocked:
            return
        name = self.form.describe()
        row = self.model.row_of(record_id)
        if not self.form.delete(self.ask_delete, self.ask_clear_references):
            return
        self.model.refresh()
        if self.model.rowCount():
            self._select_row(min(row or 0, self.model.rowCount() - 1))
        else:
            self._show(None)
        self._say(f"Deleted {name}.")

    # -- showing a record ------------------------------------------------------------

    def _select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        self._selecting = True
        try:
            if row is None:
                self.view.selectionModel().clear()
            else:
                index = self.model.index(row, 0)
                self.view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
        finally:
            self._selecting = False

    def _select_row(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id is not None:
            self._select(record_id)
            self._show(record_id)

    def _show(self, record_id: str | None) -> None:
        record = None
        if record_id is not None and self.session.is_unlocked:
            record = self.session.vault.find(self.table, record_id)
        self.form.set_record(record)
        self.relations.show_record(self.table, self._shown_id)
        for editor in self.editors:
            editor.show_record(self._shown_id)
        if record is None:
            self.record_title.setText(f"New {self.entity.label.lower()}")
        else:
            self.record_title.setText(self.session.vault.title(self.table, record))
        self._update_actions()

    def _current_row_changed(
        self, current: QModelIndex | QPersistentModelIndex, previous: QModelIndex
    ) -> None:
        if self._selecting or not current.isValid():
            return
        record_id = self.model.record_id(current.row())
        if record_id is None or record_id == self._shown_id:
            return
        if not self._leave_record():
            keep = self._shown_id  # back to the record being edited, once Qt is done
            QTimer.singleShot(0, self, lambda: self._select(keep) if keep else None)
            return
        self._show(record_id)

    def _leave_record(self) -> bool:
        """True when the form may show something else: nothing unsaved, or the person
        chose to save (and it saved) or to discard."""
        if not self.form.dirty:
            return True
        answer = self.ask_unsaved(self._describe())
        if answer == SAVE:
            return self.form.save() is not None
        if answer == DISCARD:
            self.form.revert()
            return True
        return False

    def _before_lock(self) -> None:
        if not self.form.dirty or not self.session.is_unlocked:
            return
        name = self._describe()
        if self.form.save() is not None:
            self._say(f"Saved your changes to {name} before locking.")

    # -- questions (methods, so that tests can answer them) ----------------------------

    def ask_unsaved(self, name: str) -> str:
        return ask_unsaved(self, name)

    def ask_delete(self, name: str, parts: list[str]) -> bool:
        return ask_delete(self, self.entity, name, parts)

    def ask_clear_references(self, name: str, uses: list[tuple[str, str, str]]) -> bool:
        return ask_clear_references(self, self.entity, name, uses)

    # -- plumbing --------------------------------------------------------------------

    def _describe(self) -> str:
        return self.form.describe()

    def _update_actions(self) -> None:
        unlocked = self.session.is_unlocked
        dirty = self.form.dirty
        self.save_action.setEnabled(unlocked and (dirty or self.form.is_new))
        self.revert_action.setEnabled(unlocked and dirty)
        self.delete_action.setEnabled(unlocked and self._shown_id is not None)
        self.new_action.setEnabled(unlocked and not self.entity.singleton)

    def _update_count(self) -> None:
        if not self.session.is_unlocked:
            self.count_label.clear()
            return
        text = count_label(self.model.total, self.table)
        if self.model.filter_text.strip():
            text += " match"
        self.count_label.setText(text)

    def _filter_entered(self) -> None:
        self.apply_filter()
        if self.model.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.view.selectionModel().hasSelection():
                self._select_row(0)

    def _size_columns(self) -> None:
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(50)
        self.view.resizeColumnsToContents()
        char = self.fontMetrics().averageCharWidth()
        for column in range(self.model.columnCount()):
            widest = char * (44 if column == 0 else 26)
            header.resizeSection(column, min(header.sectionSize(column) + char, widest))
        QTimer.singleShot(0, self, self._fill_width)  # not after the page is gone

    def _fill_width(self) -> None:
        """Give the name column whatever room the other columns leave (once laid out)."""
        header = self.view.horizontalHeader()
        spare = self.view.viewport().width() - header.length()
        if spare > 0 and self.model.columnCount():
            header.resizeSection(0, header.sectionSize(0) + spare)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_placed:
            self._splitter_placed = True
            width = max(self.splitter.width(), 800)
            # A record with parts of its own (members, steps) needs the room for them.
            shares = (40, 60) if REGISTRY.children_of(self.table) else (58, 42)
            self.splitter.setSizes([width * shares[0] // 100, width * shares[1] // 100])

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)
        self.setProperty("last_message", text)
