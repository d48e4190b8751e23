"""The change log: the model read in batches, and the page driven like a person."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Field
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.audit import (
    BATCH,
    CHANGES,
    RECORD,
    AuditModel,
    AuditPage,
    describe_changes,
)
from itscm_desktop.gui.session import Session


def no_titles(field: Field, record_id: str) -> str:
    return f"record {record_id}"


def cells(model: AuditModel, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


# -- describing a change -----------------------------------------------------------------


def test_a_change_reads_old_to_new_with_labels_from_the_registry() -> None:
    changes = json.dumps({"job_title": ["Engineer", "Network lead"]})
    assert describe_changes("contacts", "update", changes, no_titles) == (
        "Job title: Engineer → Network lead"
    )


def test_values_are_shown_as_people_read_them() -> None:
    changes = json.dumps(
        {
            "purpose": ["it_recovery", "network"],
            "leader_id": [None, "abc"],
            "description": ["Runs the recovery", None],
        }
    )
    assert describe_changes("teams", "update", changes, no_titles) == (
        "Purpose: IT recovery → Network; Leader: set to record abc; "
        "What the team does: cleared (was Runs the recovery)"
    )
    phones = json.dumps({"mobile_phone": ["+447400120800", "+447400900123"]})
    assert describe_changes("contacts", "update", phones, no_titles) == (
        "Mobile: +44 7400 120800 → +44 7400 900123"
    )
    minutes = json.dumps({"rto_minutes": [240, 90]})
    assert describe_changes("services", "update", minutes, no_titles) == "RTO: 4 h → 1 h 30 min"


def test_additions_and_deletions_say_so() -> None:
    assert describe_changes("contacts", "create", "{}", no_titles) == "Added"
    assert describe_changes("contacts", "delete", "{}", no_titles) == "Deleted"


# -- the model, without widgets ----------------------------------------------------------


def test_an_edit_appears_at_the_top(session: Session) -> None:
    vault = session.vault
    hit = vault.search("Hargreaves", tables=["contacts"])[0]
    old = vault.get("contacts", hit.id)["job_title"]
    vault.update("contacts", hit.id, {"job_title": "Network lead"})
    model = AuditModel(session)
    model.reload()
    top = cells(model, 0)
    assert top[1:] == [
        vault.audit_trail(limit=1)[0]["author"],
        vault.device_name,
        "Changed",
        "Contact",
        hit.title,
        f"Job title: {old} → Network lead",
    ]
    assert model.record_at(model.index(0, RECORD)) == ("contacts", hit.id)


def test_the_log_is_read_in_batches_to_the_end(session: Session) -> None:
    total = len(session.vault.audit_trail(limit=100_000))
    assert total > BATCH * 2
    model = AuditModel(session)
    model.reload()
    assert model.rowCount() == BATCH and model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total and model.complete


def test_a_filter_reads_on_until_it_finds_old_entries(session: Session) -> None:
    oldest = session.vault.audit_trail(limit=100_000)[-1]
    model = AuditModel(session)
    model.set_filter(oldest["title"].upper())  # case does not matter
    while model.canFetchMore(QModelIndex()) and model.rowCount() == 0:
        model.fetchMore(QModelIndex())
    assert model.rowCount() >= 1
    assert all(
        oldest["title"].casefold() in " ".join(cells(model, r)).casefold()
        for r in range(model.rowCount())
    )


def test_a_deleted_record_cannot_be_opened(session: Session) -> None:
    vault = session.vault
    template = vault.records("message_templates", limit=1)[0]
    vault.update("message_templates", template["id"], {"subject": "Changed before deleting"})
    vault.delete("message_templates", template["id"])
    model = AuditModel(session)
    model.reload()
    assert cells(model, 0)[3] == "Deleted" and cells(model, 0)[CHANGES] == "Deleted"
    assert not model.can_open(model.index(0, RECORD))  # the deletion
    assert not model.can_open(model.index(1, RECORD))  # the earlier edit: gone now too


# -- the page, driven like a person ------------------------------------------------------


@pytest.fixture
def navigator() -> Navigator:
    return Navigator()


@pytest.fixture
def page(qtbot: QtBot, session: Session, navigator: Navigator) -> AuditPage:
    page = AuditPage(session=session, navigator=navigator)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activate()
    return page


def test_a_saved_edit_shows_on_the_page_at_once(
    qtbot: QtBot, page: AuditPage, session: Session
) -> None:
    vault = session.vault
    team = vault.records("teams", where={"name": "Network Team"})[0]
    vault.update("teams", team["id"], {"meeting_point": "Room 4.12"})
    session.notify_changed("teams")
    top = cells(page.model, 0)
    assert top[3:6] == ["Changed", "Team", "Network Team"]
    assert top[CHANGES].startswith("Meeting point: ") and top[CHANGES].endswith(" → Room 4.12")


def test_typing_a_filter_narrows_the_log(qtbot: QtBot, page: AuditPage, session: Session) -> None:
    vault = session.vault
    hit = vault.search("Hargreaves", tables=["contacts"])[0]
    vault.update("contacts", hit.id, {"job_title": "Recovery director"})
    session.notify_changed("contacts")
    qtbot.keyClicks(page.filter, "recovery director")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert "Job title:" in cells(page.model, 0)[CHANGES]
    assert page.status.text().startswith("1 change match “recovery director”")
    page.filter.clear()
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)
    assert page.model.rowCount() == BATCH


def test_scrolling_down_reads_older_changes(qtbot: QtBot, page: AuditPage) -> None:
    assert page.model.rowCount() == BATCH
    assert "scroll down for older ones" in page.status.text()
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > BATCH)


def test_clicking_a_record_opens_it(
    qtbot: QtBot, page: AuditPage, session: Session, navigator: Navigator
) -> None:
    table, record_id = page.model.record_at(page.model.index(0, RECORD))
    assert table in REGISTRY
    rect = page.table.visualRect(page.model.index(0, RECORD))
    with qtbot.waitSignal(navigator.record_requested) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [table, record_id]


def test_a_deleted_record_says_so_instead_of_opening(
    qtbot: QtBot, page: AuditPage, session: Session, navigator: Navigator
) -> None:
    template = session.vault.records("message_templates", limit=1)[0]
    session.vault.delete("message_templates", template["id"])
    session.notify_changed("message_templates")
    page.table.setCurrentIndex(page.model.index(0, RECORD))
    with qtbot.assertNotEmitted(navigator.record_requested):
        page.table.activated.emit(page.model.index(0, RECORD))
    assert "deleted" in page.status.text()


def test_locking_empties_the_log(page: AuditPage, session: Session) -> None:
    session.lock()
    assert page.model.rowCount() == 0
    assert page.status.text() == ""
