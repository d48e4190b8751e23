"""The Documents tab of a record and the File tab of a document, on the demo plan."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.editors import editors_for
from itscm_desktop.gui.editors.document_file import DocumentFileEditor
from itscm_desktop.gui.editors.documents import KIND, NAME, SIZE, DocumentsEditor
from itscm_desktop.gui.editors.file_copies import (
    kind_of,
    private_copies,
    safe_file_name,
    size_text,
)
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session

PDF = b"%PDF-1.4\n% floor plan of Leeds DC1\n" + bytes(range(256)) * 40


def _service(session: Session, name: str) -> str:
    return next(s["id"] for s in session.vault.records("services") if s["name"] == name)


class Opened:
    """Stands in for the system's viewer: records what it was asked to open."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture
def documents(qtbot: QtBot, session: Session) -> DocumentsEditor:
    editor = DocumentsEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.resize(1000, 500)
    editor.show()
    editor.show_record(_service(session, "Warehouse management (Tessera WMS)"))
    return editor


def test_every_record_that_can_hold_files_gets_a_documents_tab() -> None:
    assert editors_for("services")[-1] == ("Documents", DocumentsEditor)
    assert editors_for("incidents")[-1] == ("Documents", DocumentsEditor)
    assert editors_for("documents") == [("File", DocumentFileEditor)]
    assert editors_for("message_templates") == []


def test_attach_open_and_remove_a_file(
    documents: DocumentsEditor, session: Session, tmp_path: Path, monkeypatch: Any, qtbot: QtBot
) -> None:
    assert documents.empty.isVisible() and documents.table.rowCount() == 0
    source = tmp_path / "Leeds DC1 floor plan.pdf"
    source.write_bytes(PDF)
    monkeypatch.setattr(documents, "_ask_file", lambda: source)
    qtbot.mouseClick(documents.button(documents.attach), Qt.MouseButton.LeftButton)

    stored = session.vault.records("documents", where={"linked_id": documents.record_id})
    assert [(d["name"], d["media_type"], d["size_bytes"]) for d in stored] == [
        ("Leeds DC1 floor plan.pdf", "application/pdf", len(PDF))
    ]
    assert session.vault.document_bytes(stored[0]["id"]) == PDF
    assert documents.table.item(0, NAME).text() == "Leeds DC1 floor plan.pdf"
    assert documents.table.item(0, KIND).text() == "PDF document"
    assert documents.table.item(0, SIZE).text() == "10 KB"
    assert not documents.empty.isVisible()

    viewer = Opened()
    monkeypatch.setattr(documents, "_open_url", viewer)
    documents.table.selectRow(0)
    documents.open.trigger()
    opened = Path(viewer.urls[0].toLocalFile())
    assert opened.name == "Leeds DC1 floor plan.pdf"
    assert opened.read_bytes() == PDF
    assert stat.S_IMODE(opened.stat().st_mode) == 0o600
    assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
    assert str(opened) in documents.notice.text()

    monkeypatch.setattr(
        documents,
        "_confirm",
        lambda text: text == "Delete “Leeds DC1 floor plan.pdf” from the vault?",
    )
    documents.remove.trigger()
    assert session.vault.records("documents", where={"linked_id": documents.record_id}) == []
    assert documents.table.rowCount() == 0

    session.lock()  # the opened copy goes with the vault
    assert not opened.exists()
    assert private_copies() == []


def test_save_a_copy_where_the_person_chooses(
    session: Session, tmp_path: Path, monkeypatch: Any, qtbot: QtBot
) -> None:
    editor = DocumentsEditor(session, Navigator())
    qtbot.addWidget(editor)
    editor.show()
    editor.show_record(_service(session, "Network core and WAN"))
    assert editor.table.item(0, NAME).text() == "Network overview — sites and links.txt"
    target = tmp_path / "copy.txt"
    asked: list[str] = []
    monkeypatch.setattr(editor, "_ask_save_path", lambda name: asked.append(name) or target)
    editor.table.selectRow(0)
    editor.copy.trigger()

    document_id = editor.documents[0]["id"]
    assert asked == ["Network overview — sites and links.txt"]
    assert target.read_bytes() == session.vault.document_bytes(document_id)
    assert f"Saved a copy to {target}" in editor.notice.text()


def test_nothing_happens_when_the_person_cancels(
    documents: DocumentsEditor, session: Session, monkeypatch: Any
) -> None:
    monkeypatch.setattr(documents, "_ask_file", lambda: None)
    documents.attach.trigger()
    assert session.vault.records("documents", where={"linked_id": documents.record_id}) == []
    assert documents.notice.text() == ""


def test_a_file_that_cannot_be_read_is_explained(
    documents: DocumentsEditor, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(documents, "_ask_file", lambda: tmp_path / "gone.pdf")
    documents.attach.trigger()
    assert "“gone.pdf” could not be read" in documents.notice.text()


def test_document_file_tab_opens_and_replaces(
    session: Session, tmp_path: Path, monkeypatch: Any, qtbot: QtBot
) -> None:
    navigator = Navigator()
    editor = DocumentFileEditor(session, navigator)
    qtbot.addWidget(editor)
    editor.show()
    old = next(d for d in session.vault.records("documents") if d["name"].startswith("Network"))
    editor.show_record(old["id"])
    assert editor.name.text() == "Network overview — sites and links.txt"
    assert editor.file_size.text() == "1.8 KB"
    assert "Network core and WAN" in editor.attached.text()

    viewer = Opened()
    monkeypatch.setattr(editor, "_open_url", viewer)
    editor.open.trigger()
    assert Path(viewer.urls[0].toLocalFile()).read_bytes() == session.vault.document_bytes(
        old["id"]
    )

    newer = tmp_path / "network-overview-v2.txt"
    newer.write_text("Leeds DC1 — core switches replaced in 2026\n", encoding="utf-8")
    monkeypatch.setattr(editor, "_ask_file", lambda: newer)
    monkeypatch.setattr(editor, "_confirm", lambda text: True)
    with qtbot.waitSignal(navigator.record_requested) as shown:
        editor.replace.trigger()

    new_id = shown.args[1]
    replaced = session.vault.get("documents", new_id)
    assert replaced["name"] == old["name"]
    assert replaced["linked_id"] == old["linked_id"]
    assert replaced["description"] == old["description"]
    assert session.vault.document_bytes(new_id) == newer.read_bytes()
    assert session.vault.find("documents", old["id"]) is None
    assert editor.record_id == new_id


def test_clicking_what_a_document_is_attached_to_opens_it(session: Session, qtbot: QtBot) -> None:
    navigator = Navigator()
    editor = DocumentFileEditor(session, navigator)
    qtbot.addWidget(editor)
    document = next(d for d in session.vault.records("documents") if d["linked_id"])
    editor.show_record(document["id"])
    with qtbot.waitSignal(navigator.record_requested) as shown:
        editor.attached.linkActivated.emit(f"services:{document['linked_id']}")
    assert shown.args == ["services", document["linked_id"]]


def test_file_names_sizes_and_kinds() -> None:
    assert safe_file_name("Q3: plan/review?.pdf") == "Q3_ plan_review_.pdf"
    assert safe_file_name("..") == "document"
    assert size_text(1) == "1 byte"
    assert size_text(999) == "999 bytes"
    assert size_text(1781) == "1.8 KB"
    assert size_text(12_400_000) == "12 MB"
    assert kind_of("image/svg+xml") == "SVG image"
    assert kind_of("text/csv; charset=utf-8") == "Spreadsheet (CSV)"
    assert kind_of(None) == "File"
