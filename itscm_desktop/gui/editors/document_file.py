"""A document's own file, on the documents page: open it, save a copy, or put a newer
file in its place; and a link to the record it is attached to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from itscm_desktop.domain.entities import DOCUMENT_TARGETS, REGISTRY
from itscm_desktop.gui.editors.child_editor import INFO_HUE
from itscm_desktop.gui.editors.documents import DocumentActions
from itscm_desktop.gui.editors.file_copies import kind_of, media_type_of, size_text
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.edits import Edit


class DocumentFileEditor(DocumentActions):
    """The "File" tab of a document: open it, save a copy, or replace its contents."""

    parent_table = "documents"

    def __init__(self, session: Session, navigator: Navigator, parent: QWidget | None = None):
        super().__init__(session, navigator, parent)
        self.document: dict[str, Any] = {}
        entity = REGISTRY["documents"]
        self.name = QLabel()
        self.kind = QLabel()
        self.file_size = QLabel()
        self.fingerprint = QLabel()
        self.attached = QLabel()
        self.attached.linkActivated.connect(self._open_owner)
        for label in (self.name, self.kind, self.file_size, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(entity.field("name").label + ":", self.name)
        form.addRow(entity.field("media_type").label + ":", self.kind)
        form.addRow("Size:", self.file_size)
        form.addRow(entity.field("sha256").label + ":", self.fingerprint)
        form.addRow(entity.field("linked_id").label + ":", self.attached)

        self.open = self.action("&Open", self._open, "Ctrl+Return", "Open with its usual program")
        self.copy = self.action("Save a &copy…", self._save_copy)
        self.replace = self.action(
            "&Replace file…", self._replace, "", "Put a newer file in its place"
        )
        buttons = QHBoxLayout()
        for command in (self.open, self.copy, self.replace):
            buttons.addWidget(self.button(command))
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._fill()

    def clear(self) -> None:
        self.document = {}
        self._fill()

    def reload(self) -> None:
        if self.record_id is None or not self.session.is_unlocked:
            self.clear()
            return
        self.document = dict(self.session.vault.find("documents", self.record_id) or {})
        self._fill()

    def _fill(self) -> None:
        document = self.document
        self.name.setText(str(document.get("name") or ""))
        media_type = document.get("media_type")
        self.kind.setText(f"{kind_of(media_type)} ({media_type})" if document else "")
        self.file_size.setText(size_text(document.get("size_bytes")))
        sha = str(document.get("sha256") or "")
        self.fingerprint.setText(sha[:16] + "…" if sha else "")
        self.fingerprint.setToolTip(sha)
        self.attached.setText(self._owner_link())
        for command in (self.open, self.copy, self.replace):
            command.setEnabled(bool(document))

    def _owner(self) -> tuple[str, dict[str, Any]] | None:
        linked = self.document.get("linked_id")
        if not linked or not self.session.is_unlocked:
            return None
        for table in DOCUMENT_TARGETS:
            record = self.session.vault.find(table, str(linked))
            if record is not None:
                return table, record
        return None

    def _owner_link(self) -> str:
        owner = self._owner()
        if owner is None:
            return "—" if self.document else ""
        table, record = owner
        title = self.session.vault.title(table, record)
        label = REGISTRY[table].label.lower()
        return f'{label} <a href="{table}:{record["id"]}">{_escaped(title)}</a>'

    def _open_owner(self, link: str) -> None:
        table, _, record_id = link.partition(":")
        self.navigator.open_record(table, record_id)

    def _open(self) -> None:
        if self.record_id:
            self.open_document(self.record_id)

    def _save_copy(self) -> None:
        if self.record_id:
            self.save_copy(self.record_id)

    def _replace(self) -> None:
        """The new file takes the document's place, keeping its name, description and
        where it is attached; the vault gives it a new id, which the page then shows."""
        if not self.document:
            return
        chosen = self._read_chosen()
        if chosen is None:
            return
        path, data = chosen
        old = dict(self.document)
        if not self._confirm(f"Replace the contents of “{old['name']}” with “{path.name}”?"):
            return

        def replace(edit: Edit) -> str:
            new_id = edit.put_document(
                str(old["name"]),
                data,
                media_type=media_type_of(path),
                linked_id=old.get("linked_id"),
                description=old.get("description"),
            )
            edit.delete("documents", str(old["id"]))
            return str(new_id)

        new_id = self.save(replace)
        if new_id is not None:
            self.navigator.open_record("documents", new_id)
            self.show_record(new_id)
            self.notice.show_message(f"“{old['name']}” now holds {path.name}.", INFO_HUE)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
