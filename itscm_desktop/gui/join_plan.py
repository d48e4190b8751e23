"""The start dialog's page for a new laptop joining a plan from a bundle on a USB stick.

The person needs the bundle another manager exported, the team's exchange passphrase
(bundles are locked with it), a place and a passphrase for this laptop's own copy, and a
name for this laptop (other laptops show it in their conflicts and bundle register). The
page only gathers and checks those; the start dialog runs the slow part, a
:class:`JoinRequest`, in its worker and hands back the unlocked vault as creating does.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.passphrase import passphrase_problem
from itscm_desktop.gui.inline_message import InlineMessage, make_title
from itscm_desktop.gui.new_passphrase import NewPassphrase
from itscm_desktop.gui.worker import Progress
from itscm_desktop.sync.bundle import AGE_HEADER, NOT_A_BUNDLE, WRONG_OR_DAMAGED, BundleRejected
from itscm_desktop.sync.exchange import ImportReport, join_from_bundle
from itscm_desktop.sync.stick import SUFFIX, removable_volumes
from itscm_desktop.vault.errors import VaultError, WeakPassphrase
from itscm_desktop.vault.vault import Vault

JOINING = "Opening the bundle and copying the plan…"
BUNDLE_FILTER = f"Bundles (*{SUFFIX});;All files (*)"
NO_BUNDLE = "No bundle chosen yet."
WRITE_IT_DOWN = (
    "Without the new passphrase this copy cannot be opened — write it down and keep the "
    "paper away from this laptop."
)
GONE = "The bundle file is not there any more: plug the stick in again, then choose the file."
UNREADABLE = (
    "The bundle file could not be read: copy it from the stick to this laptop, then choose "
    "the copy."
)
#: What is missing, in the order of the page; shown when Enter is pressed too early.
NEED_BUNDLE = "Choose the bundle file another manager exported."
NEED_EXCHANGE = "Type the team's exchange passphrase: the bundle is locked with it."
NEED_NAME = "Type a name for this laptop, such as its owner's name or its asset tag."


def ask_bundle_path(parent: QWidget) -> Path | None:
    """Which bundle to join from, starting on the first USB stick; None if cancelled."""
    volumes = removable_volumes()
    documents = QStandardPaths.StandardLocation.DocumentsLocation
    folder = str(volumes[0]) if volumes else QStandardPaths.writableLocation(documents)
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose the bundle from the other laptop", folder, BUNDLE_FILTER
    )
    return Path(name) if name else None


def this_computer_name() -> str:
    """The host name, as a new vault names its laptop when told nothing."""
    return socket.gethostname()


@dataclass(frozen=True)
class JoinRequest:
    """Everything joining needs; :meth:`run` is the worker's part."""

    bundle: Path
    path: Path
    passphrase: str = field(repr=False)
    exchange: str = field(repr=False)
    device_name: str

    def run(self, progress: Progress) -> tuple[Vault, ImportReport]:
        progress.report(0, 0, JOINING)
        return join_from_bundle(
            self.path,
            self.passphrase,
            read_bundle(self.bundle),
            self.exchange,
            device_name=self.device_name,
        )


def read_bundle(path: Path) -> bytes:
    """The bundle file's bytes; a file that is not a bundle at all (a large video picked
    by mistake) is refused from its first bytes, before it is read whole."""
    try:
        with path.open("rb") as file:
            if file.read(len(AGE_HEADER)) != AGE_HEADER:
                raise BundleRejected(NOT_A_BUNDLE)
            return AGE_HEADER + file.read()
    except FileNotFoundError as exc:
        raise BundleRejected(GONE) from exc
    except OSError as exc:
        raise BundleRejected(UNREADABLE) from exc


class _Elided(QLabel):
    """One line shortened in the middle to the width there is, so that a long name
    neither widens the dialog nor loses its end (where a bundle's date is)."""

    def __init__(self, role: str = "") -> None:
        super().__init__()
        self.full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if role:
            self.setProperty("role", role)

    def set_full(self, text: str) -> None:
        self.full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        mode, width = Qt.TextElideMode.ElideMiddle, max(self.width(), 1)
        self.setText(self.fontMetrics().elidedText(self.full, mode, width))


class PathField(QWidget):
    """A file's name on the whole width of the field, and under it its folder beside the
    button that changes it; the whole path is the tooltip."""

    def __init__(self, empty: str, button: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._empty = empty
        self.name = _Elided()
        self.folder = _Elided("secondary")
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        below = QHBoxLayout()
        below.addWidget(self.folder, 1)
        below.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.name)
        layout.addLayout(below)
        self.set_path(None)

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.name.set_full(path.name if path else self._empty)
        self.folder.set_full(str(path.parent) if path else "")
        self.setToolTip(str(path) if path else "")
        self.setAccessibleName(str(path) if path else self._empty)


class JoinPage(QWidget):
    """The fields for joining. `join_requested` fires on Join (or Enter) once everything
    is filled in; `back_requested` on Back. Messages go to the dialog's message frame."""

    join_requested = Signal()
    back_requested = Signal()

    def __init__(
        self,
        message: InlineMessage,
        ask_save: Callable[[QWidget, Path], Path | None],
        default_path: Callable[[], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("join_page")
        self.message = message
        self._ask_save = ask_save
        self._default_path = default_path
        self.bundle: Path | None = None
        self.new_path: Path | None = None

        title = QLabel("Join a plan from another laptop")
        make_title(title)
        intro = _label(
            "This laptop gets its own copy of the plan in the bundle, locked with a "
            "passphrase of its own. The bundle stays as it is.",
            "secondary",
        )
        self.choose_bundle = _button("C&hoose…", "choose_bundle")
        self.bundle_field = PathField(NO_BUNDLE, self.choose_bundle)
        self.exchange = _secret("exchange_passphrase", "The team's passphrase for bundles")
        self.change_location = _button("Chan&ge…", "join_change_location")
        self.location = PathField("", self.change_location)
        first = _secret("join_passphrase", "A few unrelated words")
        second = _secret("join_repeat", "The same passphrase again")
        self.strength = _label("", "hint")
        self.passphrase = NewPassphrase(first, second, self.strength, self)
        self.show_secrets = QCheckBox("&Show the passphrases")
        self.show_secrets.setObjectName("join_show")
        self.device_name = QLineEdit()
        self.device_name.setObjectName("device_name")
        self.device_name.setMaxLength(80)
        name_hint = _label("Other laptops show this name next to the changes made here.", "hint")
        self.back_button = _button("&Back", "join_back")
        self.join_button = _button("&Join", "join_plan_button")

        form = QFormLayout()
        form.addRow(_buddy("Bundle file", self.choose_bundle), self.bundle_field)
        form.addRow(_buddy("&Exchange passphrase", self.exchange), self.exchange)
        form.addRow(QLabel("Saved as"), self.location)
        form.addRow(_buddy("New vault &passphrase", first), first)
        form.addRow(_buddy("T&ype it again", second), second)
        form.addRow("", self.strength)
        form.addRow("", self.show_secrets)
        form.addRow(_buddy("&Laptop name", self.device_name), self.device_name)
        form.addRow("", name_hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.join_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for widget in (title, intro):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(_label(WRITE_IT_DOWN, "warning"))
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.choose_bundle.clicked.connect(self.choose_file)
        self.change_location.clicked.connect(self._change_location)
        self.show_secrets.toggled.connect(self._show_secrets)
        self.back_button.clicked.connect(self.back_requested)
        self.join_button.clicked.connect(self._join_clicked)
        self.passphrase.changed.connect(self._update)
        for edit in self._fields():
            edit.textChanged.connect(self._update)
            edit.returnPressed.connect(self._return_pressed)
        order: list[QWidget] = [self.choose_bundle, self.exchange, self.change_location, first]
        order += [second, self.show_secrets, self.device_name, self.join_button, self.back_button]
        for before, after in pairwise(order):
            self.setTabOrder(before, after)
        self._update()

    def _fields(self) -> tuple[QLineEdit, ...]:
        return (self.exchange, self.passphrase.first, self.passphrase.second, self.device_name)

    # -- what the person does ----------------------------------------------------------

    def begin(self) -> bool:
        """Ask for the bundle first (it is what the person came with); False if they
        cancelled. The new copy's place and the laptop's name start from the defaults."""
        if self.new_path is None:
            self._set_new_path(self._default_path())
        if not self.device_name.text():
            self.device_name.setText(this_computer_name())
        if self.bundle is None and not self.choose_file():
            return False
        self.join_button.setDefault(True)
        return True

    def choose_file(self) -> bool:
        path = ask_bundle_path(self)
        if path is None:
            return False
        self.bundle = path
        self.bundle_field.set_path(path)
        self.message.hide()
        self._update()
        return True

    def _change_location(self) -> None:
        path = self._ask_save(self, self.new_path or self._default_path())
        if path is not None:
            self._set_new_path(path)

    def _set_new_path(self, path: Path) -> None:
        if path.exists():
            self.message.show(
                f"A file named {path.name} already exists in {path.parent} — "
                "choose another name for this laptop's copy."
            )
            return
        self.message.hide()
        self.new_path = path
        self.location.set_path(path)
        self._update()

    def _show_secrets(self, shown: bool) -> None:
        self.passphrase.set_shown(shown)
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.exchange.setEchoMode(mode)

    # -- readiness -----------------------------------------------------------------------

    def _missing(self) -> tuple[str, QWidget] | None:
        """The first thing still missing or wrong, with the widget to fix it in."""
        if self.bundle is None:
            return NEED_BUNDLE, self.choose_bundle
        if not self.exchange.text():
            return NEED_EXCHANGE, self.exchange
        if self.new_path is None:
            return "Choose where to keep this laptop's copy.", self.change_location
        if not self.passphrase.acceptable:
            first, second = self.passphrase.first, self.passphrase.second
            weak = not first.text() or passphrase_problem(first.text()) is not None
            return str(self.strength.text()), first if weak else second
        if not self.device_name.text().strip():
            return NEED_NAME, self.device_name
        return None

    @property
    def ready(self) -> bool:
        return self._missing() is None

    def _update(self) -> None:
        self.join_button.setEnabled(self.ready)

    def focus_first_missing(self) -> None:
        missing = self._missing()
        (missing[1] if missing else self.join_button).setFocus()

    def _return_pressed(self) -> None:
        """Enter before everything is filled in moves on to what is missing, and says
        what is wrong with a field already typed in (Enter when ready is Join's)."""
        missing = self._missing()
        if missing is None:
            return
        sentence, widget = missing
        if widget is self.sender() or (isinstance(widget, QLineEdit) and widget.text()):
            self.message.show(sentence, "info")
        else:
            self.message.hide()
        widget.setFocus()

    def _join_clicked(self) -> None:
        if self.request() is not None:
            self.join_requested.emit()

    def request(self) -> JoinRequest | None:
        """What to run, or None after saying (on the page) what is missing."""
        missing = self._missing()
        if missing is not None:
            self.message.show(missing[0], "info")
            missing[1].setFocus()
            return None
        assert self.bundle is not None and self.new_path is not None
        return JoinRequest(
            bundle=self.bundle,
            path=self.new_path,
            passphrase=self.passphrase.text,
            exchange=str(self.exchange.text()),
            device_name=self.device_name.text().strip(),
        )

    def failed(self, error: Exception) -> None:
        """Say why joining failed and put the cursor where it can be put right; every
        field keeps what was typed."""
        self.message.show(str(error))
        self.join_button.setDefault(True)
        if isinstance(error, WeakPassphrase):
            self.passphrase.first.setFocus()
        elif isinstance(error, VaultError):
            self.change_location.setFocus()
        elif str(error) == WRONG_OR_DAMAGED:
            self.exchange.setFocus()
            self.exchange.selectAll()
        else:
            self.choose_bundle.setFocus()

    def clear_secrets(self) -> None:
        self.exchange.clear()
        self.passphrase.clear()


def _label(text: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", role)
    return label


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


def _secret(name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
