"""Typing the team's exchange passphrase: the key every laptop of the team locks and opens
bundles with.

Setting it (the first export, or "Change…") asks twice and refuses a weak one inline, with
the same rule as the vault passphrase; it is then kept inside the plan, so nobody types it
again on this laptop. Opening a bundle on a laptop that does not know it yet asks once:
the core keeps it when it opens the bundle, so a mistyped one is never remembered.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.passphrase import passphrase_problem
from itscm_desktop.gui.inline_message import InlineMessage
from itscm_desktop.gui.new_passphrase import NewPassphrase
from itscm_desktop.gui.session import Session
from itscm_desktop.sync.exchange import ExchangePassphraseRefused, remember_exchange_passphrase

Mode = Literal["set", "change", "open"]

SHARED = (
    "Every laptop of the team uses the same exchange passphrase, and it is kept inside this "
    "plan, so you type it only once on this laptop."
)
_INTRO: dict[Mode, str] = {
    "set": "Bundles on USB sticks are locked with the team's exchange passphrase.",
    "change": (
        "Bundles exported from now on are locked with the new passphrase: tell every laptop "
        "of the team, or they cannot open them."
    ),
    "open": "This bundle is locked with the team's exchange passphrase.",
}
_BUTTON: dict[Mode, str] = {
    "set": "&Remember and export",
    "change": "&Remember the new passphrase",
    "open": "&Open the bundle",
}


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ExchangePassphraseDialog(QDialog):
    """Asks for the exchange passphrase. In "set" and "change" modes it is typed twice and
    remembered in the vault on accepting; in "open" mode it is typed once and only handed
    back (`passphrase`), for the import to remember when it opens the bundle."""

    def __init__(self, session: Session, mode: Mode = "set", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.mode: Mode = mode
        self.passphrase = ""
        self.setWindowTitle("Team's exchange passphrase")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

        intro = QLabel(f"{_INTRO[mode]} {SHARED}")
        intro.setObjectName("exchange_intro")
        intro.setWordWrap(True)
        self.first = _password_field("exchange_passphrase")
        self.second = _password_field("exchange_again")
        self.hint = QLabel()
        self.hint.setObjectName("exchange_hint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.hint.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)  # room to wrap
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.fields: NewPassphrase | None = None
        form = QFormLayout()
        if mode == "open":
            form.addRow("&Exchange passphrase", self.first)
            self.hint.setText("Type it as the team agreed it, with the same capitals and spaces.")
            form.addRow("", self.hint)
        else:
            name = "&New exchange passphrase" if mode == "change" else "&Exchange passphrase"
            form.addRow(name, self.first)
            form.addRow("T&ype it again", self.second)
            form.addRow("", self.hint)
            self.fields = NewPassphrase(self.first, self.second, self.hint, self)
        show = QCheckBox("&Show what I type")
        show.setObjectName("exchange_show")
        show.toggled.connect(self._show)
        form.addRow("", show)

        self.frame = QFrame()
        self.frame.setObjectName("message_frame")
        label = QLabel()
        label.setObjectName("exchange_message")
        label.setWordWrap(True)
        QVBoxLayout(self.frame).addWidget(label)
        self.message = InlineMessage(self.frame, label)
        self.message.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = buttons.addButton(
            _BUTTON[mode], QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("exchange_ok")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.frame)
        layout.addWidget(buttons)
        self.first.setFocus()

    def _show(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def try_accept(self) -> None:
        """Accept only a passphrase that can be used; say why not, right in the dialog."""
        text = str(self.first.text())
        if not text:
            self.message.show("Type the team's exchange passphrase first.", "info")
            self.first.setFocus()
            return
        if self.fields is None:  # opening a bundle: the bundle itself says if it is wrong
            self.passphrase = text
            self.accept()
            return
        if not self.fields.acceptable:  # the hint under the fields already says why, in red
            self.message.hide()
            weak = passphrase_problem(text) is not None
            (self.first if weak else self.second).setFocus()
            return
        try:
            remember_exchange_passphrase(self.session.vault, text)
        except ExchangePassphraseRefused as exc:
            self.message.show(str(exc), "error")
            self.first.setFocus()
            return
        self.passphrase = text
        self.accept()
