"""QR codes encoded in idle time after unlocking: the first print then encodes nobody;
a change to people starts it again; locking stops it with what was done kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from itscm_desktop.gui import qr_warmer
from itscm_desktop.gui.qr_warmer import QrWarmer
from itscm_desktop.gui.session import Session
from itscm_desktop.reports import vcard
from itscm_desktop.reports.contact_sheet import contact_sheet
from itscm_desktop.vault import qrcache
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qr_warmer, "START_DELAY_MS", 10)


def called_people(vault: Vault) -> int:
    return int(
        vault.conn.execute(
            "SELECT count(*) FROM (SELECT contact_id FROM team_members "
            "UNION SELECT leader_id FROM teams WHERE leader_id IS NOT NULL)"
        ).fetchone()[0]
    )


def test_after_unlocking_every_code_is_ready_and_a_print_encodes_nobody(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session()
    warmer = QrWarmer(session)
    session.open(Vault.open(demo_path, PASSPHRASE))
    assert warmer.busy
    qtbot.waitUntil(lambda: not warmer.busy, timeout=30_000)
    vault = session.vault
    assert qrcache.count(vault) == called_people(vault) > 20

    encoded: list[str] = []
    original = vcard.qr_code
    monkeypatch.setattr(vcard, "qr_code", lambda v: encoded.append(v) or original(v))
    contact_sheet(vault)
    assert encoded == []
    session.lock()


def test_a_change_to_people_encodes_the_new_code(qtbot: QtBot, session: Session) -> None:
    warmer = QrWarmer(session)
    warmer._begin()
    qtbot.waitUntil(lambda: not warmer.busy, timeout=30_000)
    vault = session.vault
    before = qrcache.count(vault)
    member = vault.records("team_members", limit=1)[0]
    vault.update("contacts", member["contact_id"], {"mobile_phone": "+44 7400 199999"})
    session.notify_changed("contacts")
    assert warmer.busy
    qtbot.waitUntil(lambda: not warmer.busy, timeout=30_000)
    # The edited person's new code replaced the old one: as many codes as before.
    assert qrcache.count(vault) == before
    steps = vcard.preparing_codes(vault)
    assert list(steps) == []  # nothing left to encode


def test_locking_stops_it_and_keeps_what_was_done(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qr_warmer, "BATCH", 2)
    warmer = QrWarmer(session)
    path = session.vault.path
    warmer._begin()
    for _ in range(3):  # two codes stored together, the third not yet
        warmer._step()
    session.lock()
    assert not warmer.busy
    with Vault.open(path, PASSPHRASE) as again:
        assert qrcache.count(again) == 2
        left = list(vcard.preparing_codes(again))
        assert len(left) == called_people(again) - 2 and left[-1] == 0
