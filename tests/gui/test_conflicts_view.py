"""The Conflicts view, driven like a person: two laptops of one plan edit apart, exchange,
and the values they wrote are compared side by side and settled with one button."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from itscm_desktop.gui.conflict_cards import breakable
from itscm_desktop.gui.conflict_edit import MergedValueDialog
from itscm_desktop.gui.conflicts_view import EMPTY_TEXT, ConflictsView
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.session import Session
from itscm_desktop.sync.exchange import make_plan_bundle, take_bundle
from itscm_desktop.vault.conflicts import conflict_count, settle
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

LOCAL_TIME = re.compile(r"^\d{1,2} \w{3} \d{4} \d{2}:\d{2}$")


@pytest.fixture
def laptop_b(session: Session, tmp_path: Path) -> Iterator[Vault]:
    """A second laptop holding the same plan as the session's vault."""
    a = session.vault
    b = Vault.join(tmp_path / "b.itscm", PASSPHRASE, plan_id=a.plan_id, device_name="Laptop B")
    take_bundle(b, make_plan_bundle(a), b"")
    yield b
    b.close()


def exchange(session: Session, b: Vault) -> None:
    """Laptop B's changes arrive on this laptop, and the app hears of it."""
    take_bundle(session.vault, make_plan_bundle(b), b"")
    session.notify_changed("")


def contact_ids(vault: Vault, count: int) -> list[str]:
    return [str(record["id"]) for record in vault.records("contacts", limit=count)]


def shown_view(qtbot: QtBot, session: Session, navigator: Navigator | None = None) -> ConflictsView:
    view = ConflictsView(session, navigator or Navigator())
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def texts(card: QWidget, name: str) -> str:
    label = card.findChild(QLabel, name)
    assert label is not None, name
    return str(label.text())


def job_title_conflict(session: Session, b: Vault) -> str:
    cid = contact_ids(session.vault, 1)[0]
    session.vault.update("contacts", cid, {"job_title": "Chief from A"})
    b.update("contacts", cid, {"job_title": "Chief from B"})
    return cid


# -- a conflict on one field --------------------------------------------------------------


def test_both_values_are_shown_side_by_side_with_who_which_laptop_and_when(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    view = shown_view(qtbot, session)
    assert view.empty.isVisible()
    cid = job_title_conflict(session, laptop_b)
    name = session.vault.title("contacts", session.vault.get("contacts", cid))
    exchange(session, laptop_b)  # the visible view reloads itself

    assert [c.heading for c in view.conflicts] == [f"Contact “{name}”: Job title"]
    assert view.heading.text() == f"Contact “{name}”: Job title"
    cards = view.cards
    assert len(cards) == 2
    values = [texts(card, "value") for card in cards]
    assert sorted(values) == ["Chief from A", "Chief from B"]
    whos = [texts(card, "who") for card in cards]
    assert {w.split(" on ", 1)[1] for w in whos} == {"Laptop B", session.vault.device_name}
    assert all(LOCAL_TIME.match(texts(card, "when")) for card in cards)
    # the value every laptop shows now is marked, and only that one
    assert cards[0].badge is not None and cards[0].badge.text() == "Shown now"
    assert cards[1].badge is None
    assert values[0] == session.vault.get("contacts", cid)["job_title"]
    qtbot.waitUntil(lambda: cards[1].x() > cards[0].x() + cards[0].width() // 2, timeout=2000)
    assert cards[0].y() == cards[1].y()
    assert not view.empty.isVisible()


def test_keep_this_on_value_two_saves_it_and_the_conflict_goes(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = job_title_conflict(session, laptop_b)
    name = session.vault.title("contacts", session.vault.get("contacts", cid))
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    second = view.cards[1]
    kept = texts(second, "value")
    changed: list[str] = []
    session.changed.connect(changed.append)

    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.mouseClick(second.button, Qt.MouseButton.LeftButton)

    assert session.vault.get("contacts", cid)["job_title"] == kept
    assert conflict_count(session.vault.conn) == 0
    assert "contacts" in changed
    assert view.message.text == f"Kept “{kept}” for Job title of {name}."
    assert view.empty.isVisible() and view.empty.text() == EMPTY_TEXT
    assert view.list.count() == 0


def test_a_conflict_settled_meanwhile_says_so_and_the_list_catches_up(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    job_title_conflict(session, laptop_b)
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    current = view.current
    assert current is not None
    settle(session.vault, current.id, keep=1)  # elsewhere, without telling the view
    qtbot.mouseClick(view.cards[1].button, Qt.MouseButton.LeftButton)
    assert view.message.kind == "error"
    assert "settled already" in view.message.text
    assert view.list.count() == 0 and view.empty.isVisible()


def test_enter_on_a_focused_button_settles_and_the_next_conflict_is_selected(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    first, second = contact_ids(session.vault, 2)
    for cid, suffix in ((first, "1"), (second, "2")):
        session.vault.update("contacts", cid, {"department": f"Ops A{suffix}"})
        laptop_b.update("contacts", cid, {"department": f"Ops B{suffix}"})
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    assert view.list.count() == 2
    settling = view.current
    assert settling is not None
    button = view.cards[0].button
    button.setFocus()

    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.keyClick(button, Qt.Key.Key_Return)

    assert view.list.count() == 1
    assert view.current is not None and view.current.id != settling.id
    assert view.list.currentRow() == 0
    assert len(view.cards) == 2
    assert conflict_count(session.vault.conn) == 1


def test_open_record_asks_the_navigator_for_the_record(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = job_title_conflict(session, laptop_b)
    exchange(session, laptop_b)
    navigator = Navigator()
    view = shown_view(qtbot, session, navigator)
    with qtbot.waitSignal(navigator.record_requested, timeout=1000) as opened:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["contacts", cid]


def test_a_long_address_wraps_inside_its_card_without_losing_a_character() -> None:
    address = "aleksandra.szymanska.private.mailbox@very-long-domain-name.example.org"
    shown = breakable(address)
    assert shown != address and shown.replace("\u200b", "") == address
    assert all(len(part) <= 24 for part in shown.split("\u200b"))
    assert breakable("Chief from A") == "Chief from A"


def test_alt_and_the_value_number_keeps_that_value(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = job_title_conflict(session, laptop_b)
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    kept = texts(view.cards[1], "value")
    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.keyClick(view.list, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert session.vault.get("contacts", cid)["job_title"] == kept


def test_a_reference_reads_as_the_record_it_names_and_edits_in_the_picker(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = contact_ids(session.vault, 1)[0]
    first, second = session.vault.records("sites", limit=2)
    session.vault.update("contacts", cid, {"site_id": first["id"]})
    laptop_b.update("contacts", cid, {"site_id": second["id"]})
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    names = {session.vault.title("sites", site) for site in (first, second)}
    assert {texts(card, "value") for card in view.cards} == names

    dialog = view.edit_merged()
    assert dialog is not None
    shown = session.vault.get("contacts", cid)["site_id"]
    assert dialog.editor.value() == shown
    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert conflict_count(session.vault.conn) == 0
    assert not dialog.isVisible()


# -- a value of one's own ------------------------------------------------------------------


def test_edit_merged_value_shows_a_problem_inline_then_saves_a_valid_value(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = contact_ids(session.vault, 1)[0]
    session.vault.update("contacts", cid, {"mobile_phone": "+44 20 7946 0123"})
    laptop_b.update("contacts", cid, {"mobile_phone": "+44 20 7946 0999"})
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    # phone numbers read as everywhere else in the app
    assert sorted(texts(card, "value") for card in view.cards) == [
        "+44 20 7946 0123",
        "+44 20 7946 0999",
    ]

    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(MergedValueDialog)
    assert dialog is not None and dialog.isVisible()
    line = dialog.editor.findChild(QLineEdit)
    assert line is not None
    assert line.text() == "+44 20 7946 0999"  # the value shown now, as people read it
    line.clear()
    qtbot.keyClicks(line, "12")
    qtbot.keyClick(line, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert "12" in dialog.problem_text()
    assert conflict_count(session.vault.conn) == 1

    line.clear()
    qtbot.keyClicks(line, "+44 20 7946 0555")
    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert session.vault.get("contacts", cid)["mobile_phone"] == "+442079460555"
    assert conflict_count(session.vault.conn) == 0
    assert "+44 20 7946 0555" in view.message.text


# -- deleted on one laptop, changed on another ----------------------------------------------


def deletion_conflict(session: Session, b: Vault) -> str:
    cid = contact_ids(session.vault, 1)[0]
    session.vault.delete("contacts", cid, clear_references=True)
    b.update("contacts", cid, {"job_title": "Edited on B"})
    exchange(session, b)
    return cid


def test_bring_it_back_restores_the_record_with_the_change(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = deletion_conflict(session, laptop_b)
    view = shown_view(qtbot, session)
    assert view.current is not None and view.current.is_deletion
    deletion, edit = view.cards
    labels = [label.text() for label in deletion.findChildren(QLabel)]
    assert any(text.startswith("Deleted by ") and "on laptop" in text for text in labels)
    assert edit.findChild(QLabel, "change_job_title").text() == "Job title: Edited on B"
    assert deletion.button.text().replace("&", "") == "Keep it deleted"
    assert edit.button.text().replace("&", "") == "Bring it back"
    assert not view.edit_button.isVisible()
    assert not view.open_button.isEnabled()  # nothing to open while it is deleted

    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.mouseClick(edit.button, Qt.MouseButton.LeftButton)

    assert session.vault.get("contacts", cid)["job_title"] == "Edited on B"
    assert conflict_count(session.vault.conn) == 0
    assert view.message.text.startswith("Brought back contact")


def test_keep_it_deleted_leaves_the_record_deleted(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = deletion_conflict(session, laptop_b)
    view = shown_view(qtbot, session)
    deletion = view.cards[0]
    with qtbot.waitSignal(view.settled, timeout=2000):
        qtbot.mouseClick(deletion.button, Qt.MouseButton.LeftButton)
    assert session.vault.find("contacts", cid) is None
    assert conflict_count(session.vault.conn) == 0
    assert view.message.text.endswith("stays deleted.")


# -- links to deleted records, and nothing to do ---------------------------------------------


def test_links_to_deleted_records_are_listed_and_open_their_record(
    qtbot: QtBot, session: Session, laptop_b: Vault
) -> None:
    cid = contact_ids(session.vault, 1)[0]
    name = session.vault.title("contacts", session.vault.get("contacts", cid))
    team = laptop_b.records("teams", limit=1)[0]["id"]
    session.vault.delete("contacts", cid, clear_references=True)
    member = laptop_b.insert("team_members", {"team_id": team, "contact_id": cid})
    exchange(session, laptop_b)
    navigator = Navigator()
    view = shown_view(qtbot, session, navigator)

    assert view.links_box.isVisible()
    assert view.links.count() == 1
    sentence = view.links.item(0).text()
    assert f"“{name}”" in sentence and "deleted on another laptop" in sentence
    with qtbot.waitSignal(navigator.record_requested, timeout=1000) as opened:
        qtbot.mouseClick(view.open_link_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["team_members", member]


def test_no_conflicts_says_every_laptop_agrees(qtbot: QtBot, session: Session) -> None:
    view = shown_view(qtbot, session)
    assert view.empty.isVisible()
    assert view.empty.text() == EMPTY_TEXT
    assert not view.splitter.isVisible()
    assert not view.links_box.isVisible()
    assert view.cards == []


def test_locking_forgets_what_was_shown(qtbot: QtBot, session: Session, laptop_b: Vault) -> None:
    job_title_conflict(session, laptop_b)
    exchange(session, laptop_b)
    view = shown_view(qtbot, session)
    assert view.list.count() == 1
    dialog = view.edit_merged()
    assert dialog is not None and dialog.isVisible()
    session.lock()
    assert view.list.count() == 0
    assert view.cards == []
    assert not dialog.isVisible()
