""" "Is the plan ready?": one card per readiness rule, counts that follow the data."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from itscm_desktop.domain.readiness import RULES
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.dashboard import DashboardPage, format_day
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.readiness import check_readiness


@pytest.fixture
def navigator() -> Navigator:
    return Navigator()


@pytest.fixture
def page(qtbot: QtBot, session: Session, navigator: Navigator) -> DashboardPage:
    page = DashboardPage(session=session, navigator=navigator)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.activate()
    return page


def shown_count(page: DashboardPage, key: str) -> int:
    """The count as a person reads it: the big number, or 0 when the card shows done."""
    card = page.cards[key]
    if card.done.isVisible():
        assert not card.count.isVisible()
        return 0
    assert card.count.isVisible()
    return int(card.count.text())


def test_one_card_per_rule_with_the_counts_of_check_readiness(
    page: DashboardPage, session: Session
) -> None:
    findings = check_readiness(session.vault)
    assert list(page.cards) == [rule.key for rule in RULES]
    for finding in findings:
        card = page.cards[finding.rule.key]
        assert card.title.text() == finding.rule.title
        assert shown_count(page, finding.rule.key) == finding.count
    # the demo has both kinds, so both looks are exercised
    assert any(f.count == 0 for f in findings) and any(f.count for f in findings)
    open_rules = sum(1 for f in findings if f.count)
    assert page.summary.text() == f"{open_rules} of {len(RULES)} checks need attention"


def test_a_card_names_the_first_records_and_why(page: DashboardPage, session: Session) -> None:
    card = page.cards["tier1_plans_over_rto"]
    assert card.examples.isVisible()
    text = card.examples.text()
    assert "Warehouse management" in text and "RTO 4 h" in text
    done = next(c for c in page.cards.values() if c.is_done)
    assert not done.explanation.isVisible() and not done.examples.isVisible()


def test_the_header_names_the_plan_and_counts_key_records(
    page: DashboardPage, session: Session
) -> None:
    plan = session.vault.plan()
    stats = session.vault.stats()
    assert page.organisation.text() == "Wharfedale & Vistula Logistics Ltd"
    assert f"version {plan['version']}" in page.plan_line.text()
    assert "CONFIDENTIAL" in page.plan_line.text()
    assert f"Approved {format_day(plan['approved_on'])}" in page.approval.text()
    assert f"last reviewed {format_day(plan['last_reviewed_on'])}" in page.approval.text()
    assert f"{stats['services']} services" in page.record_counts.text()
    assert f"{stats['assets']} assets" in page.record_counts.text()


def test_a_header_count_opens_its_page(
    qtbot: QtBot, page: DashboardPage, navigator: Navigator
) -> None:
    with qtbot.waitSignal(navigator.page_requested) as opened:
        page.record_counts.linkActivated.emit("suppliers")
    assert opened.args == ["suppliers", []]


def test_clicking_a_count_opens_the_page_with_just_those_records(
    qtbot: QtBot, page: DashboardPage, session: Session, navigator: Navigator
) -> None:
    finding = next(f for f in check_readiness(session.vault) if f.key == "services_without_plan")
    assert finding.count > 0
    with qtbot.waitSignal(navigator.page_requested) as opened:
        qtbot.mouseClick(page.cards[finding.key].count, Qt.MouseButton.LeftButton)
    assert opened.args == ["services", list(finding.record_ids)]


def test_actions_past_due_open_their_exercises(
    qtbot: QtBot, page: DashboardPage, session: Session, navigator: Navigator
) -> None:
    finding = next(f for f in check_readiness(session.vault) if f.key == "actions_past_due")
    exercises = {
        session.vault.get("exercise_actions", i)["exercise_id"] for i in finding.record_ids
    }
    button = page.cards[finding.key].count
    button.setFocus()
    with qtbot.waitSignal(navigator.page_requested) as opened:
        qtbot.keyClick(button, Qt.Key.Key_Space)  # the keyboard works as well as the mouse
    assert opened.args[0] == "exercises"
    assert set(opened.args[1]) == exercises


def test_giving_the_team_an_alternate_drops_its_count(
    qtbot: QtBot, page: DashboardPage, session: Session
) -> None:
    vault = session.vault
    before = shown_count(page, "teams_without_alternate")
    assert before >= 1
    team_id = next(f for f in page.findings if f.key == "teams_without_alternate").record_ids[0]
    contact_id = vault.records("contacts", limit=1)[0]["id"]
    vault.insert(
        "team_members", {"team_id": team_id, "contact_id": contact_id, "membership": "alternate"}
    )
    session.notify_changed("team_members")
    assert shown_count(page, "teams_without_alternate") == before - 1


def test_verifying_a_contact_drops_its_count_even_while_the_page_is_hidden(
    qtbot: QtBot, page: DashboardPage, session: Session
) -> None:
    vault = session.vault
    before = shown_count(page, "contacts_not_verified")
    contact_id = next(f for f in page.findings if f.key == "contacts_not_verified").record_ids[0]
    page.hide()
    vault.update("contacts", contact_id, {"last_verified_on": date.today().isoformat()})
    session.notify_changed("contacts")
    page.show()
    page.activate()  # the main window does this when the page comes back
    assert shown_count(page, "contacts_not_verified") == before - 1


def test_locking_forgets_what_was_shown(page: DashboardPage, session: Session) -> None:
    session.lock()
    assert page.organisation.text() == ""
    assert all(card.count.text() == "" for card in page.cards.values())
    assert all(card.examples.text() == "" for card in page.cards.values())


def test_a_narrow_window_shows_one_column(qtbot: QtBot, page: DashboardPage) -> None:
    first, last = page.cards[RULES[0].key], page.cards[RULES[-1].key]
    assert last.x() > first.x()
    page.resize(700, 900)
    qtbot.waitUntil(lambda: last.x() == first.x())
    assert last.y() > first.y()
