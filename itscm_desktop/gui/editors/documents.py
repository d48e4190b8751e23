"""Files kept in the vault: those attached to a record, and one document's own file.

The dialogs and the hand-over to the system's viewer are small methods (`_ask_file`,
`_ask_save_path`, `_confirm`, `_open_url`) so that tests can answer them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import DOCUMENT_TARGETS
from itscm_desktop.gui.editors.child_editor import ERROR_HUE, INFO_HUE, ChildEditor
from itscm_desktop.gui.editors.file_copies import (
    kind_of,
    media_type_of,
    remove_private_copies,
    size_text,
    write_copy,
    write_private_copy,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import RecordNotFound
from itscm_desktop.vault.errors import VaultError

COLUMNS = ("Name", "Type", "Size", "Description")
NAME, KIND, SIZE, DESCRIPTION = range(len(COLUMNS))


class DocumentActions(ChildEditor):
    """Open, save a copy of, and choose files: what both document editors do."""

    child_tables = ("documents",)

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        session.locked.connect(remove_private_copies)

    # -- what tests answer ---------------------------------------------------------------

    def _ask_file(self) -> Path | None:
        """The file the person chose to put into the vault, or None."""
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a file to keep in the vault")
        return Path(chosen) if chosen else None

    def _ask_save_path(self, name: str) -> Path | None:
        """Where to save a copy of `name`, or None."""
        suggested = str(Path.home() / name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save a copy", suggested)
        return Path(chosen) if chosen else None

    def _open_url(self, url: QUrl) -> bool:
        return bool(QDesktopServices.openUrl(url))

    # -- shared gestures -----------------------------------------------------------------

    def _read_document(self, document_id: str) -> tuple[dict[str, Any], bytes] | None:
        try:
            document = self.session.vault.get("documents", document_id)
            return document, self.session.vault.document_bytes(document_id)
        except (RecordNotFound, VaultError) as problem:
            self.notice.show_message(str(problem), ERROR_HUE)
            return None

    def open_document(self, document_id: str) -> Path | None:
        """Write a private copy and hand it to the system's viewer; say where it is."""
        found = self._read_document(document_id)
        if found is None:
            return None
        document, data = found
        try:
            path = write_private_copy(str(document["name"]), data)
        except OSError as problem:
            self.notice.show_message(
                f"The file could not be written to open it: {problem}.", ERROR_HUE
            )
            return None
        where = (
            f"Opened a private copy of “{document['name']}”: {path}. "
            "It is deleted when the vault is locked or the program ends."
        )
        if not self._open_url(QUrl.fromLocalFile(str(path))):
            where = (
                f"No program on this computer opens {kind_of(document.get('media_type'))} "
                f"files. A private copy is at {path}."
            )
        self.notice.show_message(where, INFO_HUE)
        return path

    def save_copy(self, document_id: str) -> Path | None:
        found = self._read_document(document_id)
        if found is None:
            return None
        document, data = found
        target = self._ask_save_path(str(document["name"]))
        if target is None:
            return None
        try:
            write_copy(target, data)
        except OSError as problem:
            self.notice.show_message(f"The copy could not be saved: {problem}.", ERROR_HUE)
            return None
        self.notice.show_message(f"Saved a copy to {target}.", INFO_HUE)
        return target

    def _read_chosen(self) -> tuple[Path, bytes] | None:
        path = self._ask_file()
        if path is None:
            return None
        try:
            return path, path.read_bytes()
        except OSError as problem:
            self.notice.show_message(f"“{path.name}” could not be read: {problem}.", ERROR_HUE)
            return None


class DocumentsEditor(DocumentActions):
    """The "Documents" tab of a service, asset, plan, supplier, contact, site, team…"""

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.documents: list[dict[str, Any]] = []
        self.owner_table = ""

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (NAME, KIND, SIZE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self._open())
        self.table.itemSelectionChanged.connect(self._update_actions)

        self.attach = self.action("&Attach file…", self._attach, "Ins", "Keep a file in the vault")
        self.open = self.action("&Open", self._open, "Ctrl+Return", "Open with its usual program")
        self.copy = self.action("Save a &copy…", self._save_copy)
        self.remove = self.action("&Remove…", self._remove, "Delete", "Delete from the vault")
        self.empty = QLabel("No files attached. Diagrams, contracts and vendor procedures kept "
                            "here open even when every other system is down.")  # fmt: skip
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        for command in (self.attach, self.open, self.copy):
            buttons.addWidget(self.button(command))
        buttons.addStretch(1)
        buttons.addWidget(self.button(self.remove))

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_actions()

    def watched_tables(self) -> tuple[str, ...]:
        return ("documents",)

    def clear(self) -> None:
        self.documents = []
        self._fill()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        vault = self.session.vault
        if not self.owner_table:
            self.owner_table = next(
                (t for t in DOCUMENT_TARGETS if vault.find(t, self.record_id) is not None), ""
            )
            self.parent_table = self.owner_table  # told about attachments, with documents
        self.documents = vault.records("documents", where={"linked_id": self.record_id})
        self._fill()

    def show_record(self, record_id: str | None) -> None:
        if record_id != self.record_id:
            self.owner_table = ""
        super().show_record(record_id)

    def _fill(self) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.documents))
        for row, document in enumerate(self.documents):
            cells = (
                str(document.get("name") or ""),
                kind_of(document.get("media_type")),
                size_text(document.get("size_bytes")),
                " ".join(str(document.get("description") or "").split()),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, document["id"])
                item.setToolTip(text if column != KIND else str(document.get("media_type")))
                if column == SIZE:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.empty.setVisible(self.record_id is not None and not self.documents)
        for row, document in enumerate(self.documents):
            if document["id"] == selected:
                self.table.selectRow(row)
        self._update_actions()

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.documents):
            return None
        return str(self.documents[rows[0].row()]["id"])

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        for command in (self.open, self.copy, self.remove):
            command.setEnabled(chosen)
        self.attach.setEnabled(self.record_id is not None)

    def _attach(self) -> None:
        if self.record_id is None:
            return
        chosen = self._read_chosen()
        if chosen is None:
            return
        path, data = chosen
        linked = self.record_id
        new_id = self.save(
            lambda edit: edit.put_document(
                path.name, data, media_type=media_type_of(path), linked_id=linked
            )
        )
        if new_id is not None:
            self.notice.show_message(f"“{path.name}” is now kept in the vault.", INFO_HUE)
            for row, document in enumerate(self.documents):
                if document["id"] == new_id:
                    self.table.selectRow(row)

    def _open(self) -> None:
        if document_id := self.selected():
            self.open_document(document_id)

    def _save_copy(self) -> None:
        if document_id := self.selected():
            self.save_copy(document_id)

    def _remove(self) -> None:
        document_id = self.selected()
        if document_id is None:
            return
        name = next(d["name"] for d in self.documents if d["id"] == document_id)
        if not self._confirm(f"Delete “{name}” from the vault?"):
            return
        self.save(lambda edit: edit.delete("documents", document_id))
