"""Sync with other laptops: send this copy's changes on a USB stick, take in another
laptop's, settle the conflicts, and see every bundle that came and went.

Sealing and opening a bundle costs a deliberate 1–3 s key derivation, so both run in the
worker while the page says what is happening. Nothing is taken in before the person has
seen what a bundle brings: the preview is the core's exact dry run, and "Import" takes in
the same opened bundle without decrypting it again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.conflicts_view import ConflictsView
from itscm_desktop.gui.exchange_passphrase import ExchangePassphraseDialog, Mode
from itscm_desktop.gui.inline_message import InlineMessage, Kind, make_title, message_frame
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.page_job import PageJob
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.sync_preview import (
    BundlePreview,
    Preview,
    conflict_heading,
    count_text,
    data_size,
)
from itscm_desktop.gui.sync_register import BundleRegister
from itscm_desktop.gui.widgets.text_style import muted
from itscm_desktop.sync import stick
from itscm_desktop.sync.bundle import BundleRejected
from itscm_desktop.sync.exchange import (
    Exported,
    ImportReport,
    exchange_passphrase,
    export_to,
    read_bundle,
    take_bundle,
)
from itscm_desktop.vault.bundle_register import bundle_register
from itscm_desktop.vault.conflicts import conflict_count
from itscm_desktop.vault.errors import VaultError

log = logging.getLogger(__name__)

FILTER = f"Bundles (*{stick.SUFFIX})"
EXPORTING = "Writing the bundle and checking it on the stick…"
OPENING = "Opening the bundle and checking every change in it…"
TAKING_IN = "Taking in the changes…"
NOTHING_NEW = "This laptop already has every change in this bundle."
#: Locking waits at most this long for a bundle being sealed or opened.
LOCK_WAIT_S = 30.0
#: The register rows shown, newest first.
REGISTER_ROWS = 1000
#: The conflicts a preview names one by one; the rest are counted.
HEADINGS = 500


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class SyncPage(Page):
    """Export to a stick, import from one after a preview, conflicts, and the register."""

    def __init__(
        self, *, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, navigator, parent)
        self.job = PageJob(self)
        self.job.changed.connect(self._update_buttons)
        self.preview: Preview | None = None
        self._folders: dict[str, str] = {}  # path -> how it is named in messages
        session.about_to_lock.connect(self._wait_before_lock)

        title = QLabel("Sync with other laptops")
        make_title(title)
        self.identity = QLabel()
        self.identity.setObjectName("sync_identity")
        self.rename_button = _button("&Rename this laptop…", "sync_rename")
        self.rename_button.clicked.connect(self.rename_laptop)
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.identity)
        identity_row.addWidget(self.rename_button)
        identity_row.addStretch(1)
        self.passphrase_status = QLabel()
        self.passphrase_status.setObjectName("sync_passphrase_status")
        self.passphrase_button = _button("C&hange…", "sync_change_passphrase")
        self.passphrase_button.clicked.connect(self.change_passphrase)
        status_row = QHBoxLayout()
        status_row.addWidget(self.passphrase_status)
        status_row.addWidget(self.passphrase_button)
        status_row.addStretch(1)

        self.conflicts = ConflictsView(session, navigator)
        self.conflicts.setObjectName("sync_conflicts")
        self.conflicts.settled.connect(self._update_conflict_count)
        self.register = BundleRegister()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sync_tabs")
        self.tabs.addTab(self._exchange_tab(), "Sen&d and take in")
        self.tabs.addTab(self.conflicts, "Co&nflicts")
        self.tabs.addTab(self.register, "Bundle re&gister")

        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height()
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(title)
        layout.addLayout(identity_row)
        layout.addLayout(status_row)
        layout.addWidget(self.tabs, 1)

    # -- building -------------------------------------------------------------------------

    def _exchange_tab(self) -> QWidget:
        send = QGroupBox("Send changes to other laptops")
        send.setObjectName("sync_send")
        note = muted(QLabel("Every change this copy holds goes into one locked file on the "
                            "stick; the other laptops import it."))  # fmt: skip
        note.setWordWrap(True)
        self.sticks = QComboBox()
        self.sticks.setObjectName("sync_sticks")
        self.sticks.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sticks.currentIndexChanged.connect(self._update_buttons)
        stick_label = QLabel("&Stick:")
        stick_label.setBuddy(self.sticks)
        self.refresh_button = _button("&Refresh", "sync_refresh")
        self.refresh_button.clicked.connect(self.refresh_sticks)
        self.folder_button = _button("&Another folder…", "sync_other_folder")
        self.folder_button.clicked.connect(self.choose_folder)
        where = QHBoxLayout()
        where.addWidget(stick_label)
        where.addWidget(self.sticks, 1)
        where.addWidget(self.refresh_button)
        where.addWidget(self.folder_button)
        self.export_button = _button("&Export to stick", "sync_export")
        self.export_button.clicked.connect(self.export)
        self.export_status = muted(QLabel())
        self.export_status.setObjectName("sync_export_status")
        self.export_status.setWordWrap(True)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button)
        export_row.addWidget(self.export_status, 1)
        frame, self.send_message = message_frame("sync_send_message")
        column = QVBoxLayout(send)
        column.addWidget(note)
        column.addLayout(where)
        column.addLayout(export_row)
        column.addWidget(frame)
        column.addStretch(1)

        take = QGroupBox("Take in changes from another laptop")
        take.setObjectName("sync_take")
        note = muted(QLabel("Nothing changes here until you have seen what the bundle brings "
                            "and pressed Import."))  # fmt: skip
        note.setWordWrap(True)
        self.import_button = _button("&Import from stick…", "sync_import")
        self.import_button.clicked.connect(self.import_from_stick)
        self.import_status = muted(QLabel())
        self.import_status.setObjectName("sync_import_status")
        self.import_status.setWordWrap(True)
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_button)
        import_row.addWidget(self.import_status, 1)
        frame, self.take_message = message_frame("sync_take_message")
        column = QVBoxLayout(take)
        column.addWidget(note)
        column.addLayout(import_row)
        column.addWidget(frame)
        self.to_conflicts = _button("&Open Conflicts", "sync_to_conflicts")
        self.to_conflicts.clicked.connect(lambda: self.tabs.setCurrentWidget(self.conflicts))
        self.to_conflicts.hide()
        column.addWidget(self.to_conflicts, 0, Qt.AlignmentFlag.AlignLeft)
        self.preview_view = BundlePreview()
        self.preview_view.apply_button.clicked.connect(self.apply)
        self.preview_view.cancel_button.clicked.connect(self.cancel_preview)
        self.preview_view.hide()
        column.addWidget(self.preview_view, 100)
        column.addStretch(1)  # keeps the rest at the top while no preview is shown

        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addWidget(send, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(take, 1)
        return tab

    # -- Page hooks -----------------------------------------------------------------------

    def reload(self) -> None:
        vault = self.session.vault
        held = sum(vault.knowledge().as_dict().values())
        self.identity.setText(
            f"This laptop: {vault.device_name} · this copy holds "
            f"{count_text(held, 'change', 'changes')}"
        )
        if exchange_passphrase(vault):
            self.passphrase_status.setText("The team's exchange passphrase is kept in this plan.")
            self.passphrase_button.setText("C&hange…")
        else:
            self.passphrase_status.setText(
                "This laptop does not know the team's exchange passphrase yet: it is asked "
                "for at the first export or import."
            )
            self.passphrase_button.setText("Set t&he passphrase…")
        if not self.sticks.count():
            self.refresh_sticks()
        self._show_register()
        self._update_conflict_count()
        self._update_buttons()

    def rename_laptop(self) -> None:
        """Ask for the name the other laptops see next to this one's changes."""
        vault = self.session.vault
        name, ok = QInputDialog.getText(
            self,
            "Rename this laptop",
            "The other laptops see this name next to the changes made here:",
            text=vault.device_name,
        )
        if not ok:
            return
        try:
            vault.rename_device(name)
        except (ValueError, VaultError) as problem:  # an empty name; a full disk
            QMessageBox.warning(self, "Rename this laptop", str(problem))
            return
        self.session.notify_changed("plan")  # the window's status line names this laptop
        self.reload()

    def show_only(self, record_ids: list[str]) -> None:
        """A dashboard count of conflicts was clicked: show the conflicts."""
        self.tabs.setCurrentWidget(self.conflicts)

    def on_locked(self) -> None:
        self.job.forget()  # a result arriving after this is dropped
        self.preview = None
        self.preview_view.clear()
        self.register.clear()
        self.identity.clear()
        self.send_message.hide()
        self.take_message.hide()
        self.to_conflicts.hide()
        self.export_status.clear()
        self.import_status.clear()

    def _update_conflict_count(self) -> None:
        if self.session.is_unlocked:
            count = conflict_count(self.session.vault.conn)
            self.tabs.setTabText(self.tabs.indexOf(self.conflicts), f"Co&nflicts ({count})")

    def _show_register(self) -> None:
        entries = bundle_register(self.session.vault, limit=REGISTER_ROWS)
        self.register.show_entries(entries)
        self.tabs.setTabText(self.tabs.indexOf(self.register), f"Bundle re&gister ({len(entries)})")

    # -- the worker -----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.job.busy

    def _wait_before_lock(self) -> None:
        """The vault is about to close: a bundle being sealed or opened must finish first."""
        if not self.job.wait(LOCK_WAIT_S):
            log.error("a bundle did not finish within %s s of locking", LOCK_WAIT_S)

    def _update_buttons(self) -> None:
        idle = not self.busy and self.session.is_unlocked
        self.export_button.setEnabled(idle and self.sticks.currentData() is not None)
        self.import_button.setEnabled(idle and self.preview is None)
        self.preview_view.apply_button.setEnabled(idle)
        self.preview_view.cancel_button.setEnabled(idle)
        self.passphrase_button.setEnabled(idle)

    # -- sending ----------------------------------------------------------------------------

    def refresh_sticks(self) -> None:
        """List the mounted USB sticks again, keeping other folders chosen before."""
        chosen = self.sticks.currentData()
        self.sticks.clear()
        for volume in stick.removable_volumes():
            self._folders[str(volume)] = volume.name or str(volume)
        for path, name in self._folders.items():
            self.sticks.addItem(name if name == path else f"{name} — {path}", path)
        if not self.sticks.count():
            self.sticks.setPlaceholderText("No USB stick found: plug one in and press Refresh")
        index = self.sticks.findData(chosen)
        self.sticks.setCurrentIndex(index if index >= 0 else 0 if self.sticks.count() else -1)
        self._update_buttons()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to which folder?")
        if not folder:
            return
        path = str(Path(folder))
        self._folders[path] = path
        self.refresh_sticks()
        self.sticks.setCurrentIndex(self.sticks.findData(path))
        self.export_button.setFocus()

    def export(self) -> None:
        folder = self.sticks.currentData()
        if self.busy or folder is None:
            return
        if exchange_passphrase(self.session.vault) is None:
            dialog = ExchangePassphraseDialog(self.session, "set", self)
            dialog.accepted.connect(self.reload)  # the passphrase is kept now
            dialog.accepted.connect(lambda: self._start_export(Path(folder)))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            return
        self._start_export(Path(folder))

    def _start_export(self, folder: Path) -> None:
        vault = self.session.vault
        self.send_message.hide()
        self.export_status.setText(EXPORTING)
        where = self._folders.get(str(folder), str(folder))
        self.job.run(lambda: export_to(vault, folder), lambda done: self._exported(done, where),
                  self._export_failed)  # fmt: skip

    def _exported(self, exported: Exported, where: str) -> None:
        self.export_status.clear()
        changes = count_text(exported.manifest.counts.changes, "change", "changes")
        self._say(self.send_message, f"Done: {exported.path.name} written and checked on "
                  f"{where} ({data_size(exported.size)}, {changes}). You can remove the stick.",
                  "ok")  # fmt: skip
        self.reload()

    def _export_failed(self, error: BaseException) -> None:
        self.export_status.clear()
        if isinstance(error, stick.StickWriteFailed | BundleRejected):
            text = str(error)
        else:
            log.error("export failed", exc_info=error)
            text = f"The bundle could not be written: {error}"
        self._say(self.send_message, text, "error")
        self.reload()  # a passphrase typed for this export is kept even if the stick failed

    # -- taking in ----------------------------------------------------------------------------

    def import_from_stick(self) -> None:
        if self.busy or self.preview is not None:
            return
        volumes = stick.removable_volumes()
        folder = str(volumes[0]) if volumes else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Import a bundle", folder, FILTER)
        if not name:
            return
        path = Path(name)
        if exchange_passphrase(self.session.vault) is None:
            dialog = ExchangePassphraseDialog(self.session, "open", self)
            dialog.accepted.connect(lambda: self._open(path, dialog.passphrase))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            return
        self._open(path, None)

    def _open(self, path: Path, passphrase: str | None) -> None:
        vault = self.session.vault
        self.take_message.hide()
        self.to_conflicts.hide()
        self.import_status.setText(OPENING)

        def work() -> Preview:
            data = path.read_bytes()
            bundle = read_bundle(vault, data, passphrase=passphrase)
            report = take_bundle(vault, bundle, data, dry_run=True, passphrase=passphrase)
            named = report.new_conflicts[:HEADINGS]
            headings = tuple(conflict_heading(vault.conn, c) for c in named)
            return Preview(path, data, bundle, report, headings, passphrase)

        self.job.run(work, self._show_preview, self._import_failed)

    def _show_preview(self, preview: Preview) -> None:
        self.import_status.clear()
        if not preview.report.new_changes:
            self._say(self.take_message, NOTHING_NEW, "info")
            return
        self.preview = preview
        self.preview_view.show_preview(preview)
        self._update_buttons()

    def cancel_preview(self) -> None:
        if self.busy:
            return
        self._close_preview()
        self._say(self.take_message, "Nothing was imported.", "info")
        self.import_button.setFocus()

    def _close_preview(self) -> None:
        self.preview = None
        self.preview_view.clear()
        self._update_buttons()

    def apply(self) -> None:
        preview = self.preview
        if self.busy or preview is None:
            return
        vault = self.session.vault
        self.import_status.setText(TAKING_IN)
        place = f"{preview.path} (from {preview.report.manifest.device_name})"
        self.job.run(lambda: take_bundle(vault, preview.bundle, preview.data, place=place,
                                      passphrase=preview.passphrase),
                  self._imported, self._import_failed)  # fmt: skip

    def _imported(self, report: ImportReport) -> None:
        self.import_status.clear()
        self._close_preview()
        text = f"Imported from “{report.manifest.device_name}”: {report.summary}."
        if report.new_conflicts:
            text += " Choose a value for each in Conflicts."
        self._say(self.take_message, text, "ok")
        self.to_conflicts.setVisible(bool(report.new_conflicts))
        tables = {table for table, _ in report.created + report.updated + report.deleted}
        tables |= {conflict.table for conflict in report.new_conflicts}
        for table in sorted(tables) or [""]:
            self.session.notify_changed(table)
        self.reload()
        self.import_button.setFocus()

    def _import_failed(self, error: BaseException) -> None:
        self.import_status.clear()
        self._close_preview()
        if isinstance(error, BundleRejected):
            text = str(error)
        elif isinstance(error, OSError):
            text = "The bundle could not be read: check that the stick is still plugged in."
        else:
            log.error("import failed", exc_info=error)
            text = f"The bundle could not be imported: {error}"
        self._say(self.take_message, text, "error")

    # -- the passphrase -----------------------------------------------------------------------

    def change_passphrase(self) -> None:
        if self.busy:
            return
        mode: Mode = "change" if exchange_passphrase(self.session.vault) else "set"
        dialog = ExchangePassphraseDialog(self.session, mode, self)
        if mode == "set":
            dialog.ok_button.setText("&Remember")
        dialog.accepted.connect(self.reload)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @staticmethod
    def _say(message: InlineMessage, text: str, kind: Kind) -> None:
        message.show(text, kind)
