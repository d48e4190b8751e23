"""The Import wizard's third page: what the import would do, before anything is written.

The check runs the core's `plan_import` in the worker (a file of thousands of rows takes
a few seconds) and shows its report: new records, updates with what matched and what
changes, rows already up to date, and rejected rows with their line and why. Import is
offered only when the person has said what to do with rejected rows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import Entity, Kind
from itscm_desktop.gui.inline_message import message_frame
from itscm_desktop.gui.models.record_table_model import cell_text, referenced_titles
from itscm_desktop.gui.widgets.text_style import scaled_font
from itscm_desktop.gui.worker import Progress
from itscm_desktop.interchange.importing import ImportPlan, plan_import
from itscm_desktop.interchange.problems import ImportRefused
from itscm_desktop.interchange.reading import ParsedFile
from itscm_desktop.vault.errors import VaultError
from itscm_desktop.vault.vault import Vault

if TYPE_CHECKING:
    from itscm_desktop.gui.import_wizard import ImportWizard

log = logging.getLogger(__name__)

EMPTY = "(empty)"
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Report:
    """An import plan with its rows already put in words, for the report's lists."""

    plan: ImportPlan
    new: Sequence[tuple[str, ...]]
    updates: Sequence[tuple[str, ...]]
    unchanged: Sequence[tuple[str, ...]]
    rejected: Sequence[tuple[str, ...]]


def build_report(vault: Vault, plan: ImportPlan) -> Report:
    """Put `plan` in words: values as the lists show them, references by their title."""
    entity = REGISTRY[plan.table]
    titles = _titles(vault, entity, plan)
    details = [f for f in entity.listed_fields if f.name != entity.title_field]

    def shown(name: str, value: Any) -> str:
        if not entity.has_field(name):
            return "" if value is None else str(value)
        return cell_text(entity.field(name), value, titles) or EMPTY

    new = [
        (
            str(n.line),
            n.title,
            " · ".join(
                cell_text(f, n.values.get(f.name), titles)
                for f in details
                if n.values.get(f.name) not in (None, "", [])
            ),
        )
        for n in plan.new
    ]
    updates = [
        (
            str(u.line),
            u.title,
            u.matched_by,
            "; ".join(
                f"{c.label}: {shown(c.field, c.old)} → {shown(c.field, c.new)}" for c in u.changes
            ),
        )
        for u in plan.updates
    ]
    unchanged = [(str(u.line), u.title, u.matched_by) for u in plan.unchanged]
    rejected = [(str(r.line), r.reason) for r in plan.rejected]
    return Report(plan, new, updates, unchanged, rejected)


def _titles(vault: Vault, entity: Entity, plan: ImportPlan) -> dict[str, str]:
    """Titles of the records the plan's references point at."""
    refs = [f for f in entity.fields if f.kind is Kind.REF]
    if not refs:
        return {}
    ids: set[str] = set()
    for values in [n.values for n in plan.new]:
        ids |= {str(values[f.name]) for f in refs if values.get(f.name)}
    for update in plan.updates:
        for change in update.changes:
            if entity.field(change.field).kind is Kind.REF:
                ids |= {str(v) for v in (change.old, change.new) if v}
    tables = sorted({table for f in refs for table in f.ref})
    return referenced_titles(vault, tables, ids) if ids else {}


class TextRowsModel(QAbstractTableModel):
    """Rows of text under fixed headers; the last column's full text is its tooltip."""

    def __init__(
        self, headers: list[str], rows: Sequence[tuple[str, ...]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(self.headers) - 1:
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _list_view(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class CheckPage(QWizardPage):
    """The report of what the import would do, and the two choices it needs."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()

        self._wizard = wizard
        self.report: Report | None = None
        #: The rows being checked in the worker, if any.
        self._checking: ParsedFile | None = None
        self.setTitle("Import: check what will change")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setFont(scaled_font(self.summary, 1.2, bold=True))
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("import_report_tabs")
        self.new_view = _list_view("import_new")
        self.updates_view = _list_view("import_updates")
        self.unchanged_view = _list_view("import_unchanged")
        self.rejected_view = _list_view("import_rejected")
        for view in (self.new_view, self.updates_view, self.unchanged_view, self.rejected_view):
            self.tabs.addTab(view, "")
        self.update_box = QCheckBox("&Update the matched records")
        self.update_box.setObjectName("import_update_existing")
        self.update_box.setChecked(True)
        self.update_box.toggled.connect(self._choices_changed)
        self.skip_box = QCheckBox("&Skip the rejected rows")
        self.skip_box.setObjectName("import_skip_rejected")
        self.skip_box.toggled.connect(self._choices_changed)
        frame, self.message = message_frame("import_check_message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.update_box)
        layout.addWidget(self.skip_box)
        layout.addWidget(frame)

    def forget(self) -> None:
        """The file or its columns changed: the report must be made again, and a check
        still running for the old ones is not shown."""
        self.report = None
        self._checking = None

    def initializePage(self) -> None:
        source = self._wizard.source
        assert source is not None and source.parsed is not None
        self.setSubTitle(f"{source.path.name} into {REGISTRY[source.table].plural.lower()}")
        if self.report is not None:
            self._show()
            return
        self.summary.setText("Checking every row…")
        self.tabs.hide()
        self.update_box.hide()
        self.skip_box.hide()
        self.message.hide()
        vault = self._wizard.session.vault
        parsed = source.parsed
        total = len(parsed.rows)

        def work(progress: Progress) -> Report:
            def told(done: int, _total: int) -> None:
                progress.check()
                progress.report(done, total, f"Checking row {done:,} of {total:,}…")

            return build_report(vault, plan_import(vault, parsed, progress=told))

        self._checking = parsed
        self._wizard.run("Checking every row of the file…", work,
                         lambda report: self._checked(report, parsed), self._failed,
                         self._stopped)  # fmt: skip

    def _checked(self, report: Report, parsed: ParsedFile) -> None:
        if parsed is not self._checking:
            return  # the person went back and changed the file or its columns meanwhile
        self.report = report
        self.update_box.setChecked(True)
        self.skip_box.setChecked(False)
        self._show()

    def _failed(self, error: object) -> None:
        if isinstance(error, ImportRefused | VaultError):
            self.summary.setText(str(error))
        else:
            log.error("checking an import failed", exc_info=error)  # type: ignore[arg-type]
            self.summary.setText(f"The file could not be checked: {error}")
        self.completeChanged.emit()

    def _stopped(self) -> None:
        self.summary.setText("Checking stopped. Press Back to change the file, or Cancel.")
        self.completeChanged.emit()

    def _show(self) -> None:
        report = self.report
        assert report is not None
        plan = report.plan
        entity = REGISTRY[plan.table]
        self.summary.setText(plan.summary())
        name = entity.field(entity.title_field).label
        lists = (
            (self.new_view, "New", ["Line", name, "Details"], report.new),
            (self.updates_view, "To update", ["Line", entity.label, "Matched by", "Changes"],
             report.updates),
            (self.unchanged_view, "Already up to date", ["Line", entity.label, "Matched by"],
             report.unchanged),
            (self.rejected_view, "Rejected", ["Line", "Why it is left out"], report.rejected),
        )  # fmt: skip
        for view, title, headers, rows in lists:
            old = view.model()
            view.setModel(TextRowsModel(headers, rows, view))
            if old is not None:
                old.deleteLater()
            header = view.horizontalHeader()
            for column in range(len(headers) - 1):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            index = self.tabs.indexOf(view)
            self.tabs.setTabText(index, f"{title} ({len(rows):,})")
        self.tabs.setTabVisible(self.tabs.indexOf(self.unchanged_view), bool(report.unchanged))
        # Rejected rows first when there are any: they decide whether Import is offered.
        order = (lists[3], lists[0], lists[1], lists[2])
        first = next((v for v, _t, _h, rows in order if rows), self.new_view)
        self.tabs.setCurrentWidget(first)
        self.tabs.show()
        self.update_box.setVisible(bool(plan.updates))
        self.skip_box.setVisible(bool(plan.rejected))
        self._choices_changed()

    def _choices_changed(self) -> None:
        self.message.hide()
        report = self.report
        if report is not None:
            plan = report.plan
            rows = len(plan.rejected)
            if rows and not self.skip_box.isChecked():
                them = "this row" if rows == 1 else f"these {rows} rows"
                self.message.show(
                    f"{'1 row' if rows == 1 else f'{rows} rows'} of the file cannot be "
                    f"imported (see Rejected). Correct the file and choose it again, or tick "
                    f"“Skip the rejected rows” to import the rest without {them}.",
                    "info",
                )
            elif not self._something_to_do():
                self.message.show("Nothing to import: the plan already holds these rows.", "info")
            elif plan.updates and not self.update_box.isChecked():
                self.message.show("The matched records will be left as they are.", "info")
        self.completeChanged.emit()

    def _something_to_do(self) -> bool:
        assert self.report is not None
        plan = self.report.plan
        return bool(plan.new) or (bool(plan.updates) and self.update_box.isChecked())

    def isComplete(self) -> bool:
        report = self.report
        if report is None or self._wizard.busy:
            return False
        if report.plan.rejected and not self.skip_box.isChecked():
            return False
        return self._something_to_do()
