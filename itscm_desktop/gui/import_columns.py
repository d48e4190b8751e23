"""The Import wizard's second page: where each column of a CSV file goes.

One row per column of the file: its header, the first value it holds (so the person
recognises it) and a drop-down of the fields it may fill, or "Don't import". The
suggestion comes from the core (headers named like a field, common synonyms, Google and
Outlook exports); every change reads the file again with it. A required field no column
fills is named, and Next waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.gui.import_source import label_of, required_targets
from itscm_desktop.gui.inline_message import message_frame
from itscm_desktop.gui.widgets.text_style import muted
from itscm_desktop.interchange.columns import targets_for
from itscm_desktop.interchange.problems import ImportRefused

if TYPE_CHECKING:
    from itscm_desktop.gui.import_wizard import ImportWizard

DONT_IMPORT = "Don't import"
HEADER, TARGET, SAMPLE = range(3)


class ColumnsPage(QWizardPage):
    """The column-mapping preview; `combo(header)` is the drop-down of one column."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()

        self._wizard = wizard
        self.setTitle("Import: check the columns")
        self.recognised = QLabel()
        self.recognised.setObjectName("import_recognised")
        self.recognised.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("import_columns")
        self.table.setAccessibleName("Columns of the file")
        self.table.setHorizontalHeaderLabels(["Column in the file", "Goes into", "Example"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(HEADER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.ResizeToContents)
        self.show_empty = QCheckBox("Show the columns with no &values")
        self.show_empty.setObjectName("import_show_empty")
        self.show_empty.toggled.connect(self._show_rows)
        self.status = muted(QLabel())
        self.status.setObjectName("import_columns_status")
        self.status.setWordWrap(True)
        frame, self.message = message_frame("import_columns_message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.recognised)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.show_empty)
        layout.addWidget(self.status)
        layout.addWidget(frame)
        self._combos: list[QComboBox] = []

    def initializePage(self) -> None:
        source = self._wizard.source
        assert source is not None and source.suggested is not None
        mapping = source.mapping
        assert mapping is not None
        noun = REGISTRY[source.table].label.lower()
        if mapping.source:
            article = "an" if mapping.source[0] in "AEIOU" else "a"
            self.recognised.setText(
                f"Recognised {article} {mapping.source} export. Check where each column goes; "
                f"change any that is wrong."
            )
        else:
            self.recognised.setText(
                f"Choose which {noun} field each column fills; a column set to "
                f"“{DONT_IMPORT}” is left out."
            )
        self.setSubTitle(f"{source.path.name} into {REGISTRY[source.table].plural.lower()}")
        needed = required_targets(source.table)
        choices = targets_for(source.table)
        self.table.setRowCount(0)
        self.table.setRowCount(len(mapping.headers))
        self._combos = []
        for row, (header, target) in enumerate(zip(mapping.headers, mapping.targets, strict=True)):
            self.table.setItem(row, HEADER, QTableWidgetItem(header))
            sample = QTableWidgetItem(source.sample(row))
            sample.setToolTip(source.sample(row))
            self.table.setItem(row, SAMPLE, sample)
            combo = QComboBox()
            combo.setObjectName(f"import_target_{row}")
            combo.setAccessibleName(f"Where “{header}” goes")
            combo.addItem(DONT_IMPORT, None)
            own = source.suggested.targets[row]
            if own is not None and own not in dict(choices):
                combo.addItem(label_of(source.table, own), own)
            for name, label in choices:
                combo.addItem(f"{label} (needed)" if name in needed else label, name)
            combo.setCurrentIndex(max(0, combo.findData(target)))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._changed(r))
            self.table.setCellWidget(row, TARGET, combo)
            self._combos.append(combo)
        if self._combos:  # the drop-downs first in the Tab order, the check box after them
            QWidget.setTabOrder(self._combos[-1], self.show_empty)
        self._show_rows()
        self._update_status()
        self._focus_first(unmapped=bool(source.missing))

    def _focus_first(self, *, unmapped: bool) -> None:
        """Give the focus to the first column imported, or, while a needed field has no
        column, to the first column shown that is not imported."""
        for row, combo in enumerate(self._combos):
            if self.table.isRowHidden(row) or (combo.currentData() is None) != unmapped:
                continue
            item = self.table.item(row, HEADER)
            if item is not None:
                self.table.scrollToItem(item)
            # After the wizard has given the focus to what it takes for the page's first.
            QTimer.singleShot(0, combo, combo.setFocus)
            return

    def combo(self, header: str) -> QComboBox:
        source = self._wizard.source
        assert source is not None and source.suggested is not None
        return self._combos[source.suggested.headers.index(header)]

    def _empty(self, row: int) -> bool:
        source = self._wizard.source
        assert source is not None
        return not source.sample(row) and self._combos[row].currentData() is None

    def _show_rows(self) -> None:
        hidden = 0
        for row in range(self.table.rowCount()):
            hide = not self.show_empty.isChecked() and self._empty(row)
            self.table.setRowHidden(row, hide)
            hidden += hide
        empty = sum(self._empty(row) for row in range(self.table.rowCount()))
        self.show_empty.setVisible(empty > 0)
        self.show_empty.setText(f"Show the {empty} columns with no &values in the first rows")

    def _changed(self, row: int) -> None:
        source = self._wizard.source
        assert source is not None
        source.remap(row, self._combos[row].currentData())
        self._wizard.check_page.forget()
        self._update_status()
        self.completeChanged.emit()

    def _update_status(self) -> None:
        source = self._wizard.source
        assert source is not None
        mapping = source.mapping
        assert mapping is not None
        used = sum(target is not None for target in mapping.targets)
        text = f"{used} of {len(mapping.headers)} columns will be imported."
        doubled = source.duplicated_targets()
        if doubled:
            text += (
                f" More than one column goes into {', '.join(doubled)}: the first one with "
                "a value is taken."
            )
        self.status.setText(text)
        missing = source.missing
        if missing:
            noun = REGISTRY[source.table].label.lower()
            self.message.show(
                f"No column goes into {' and '.join(missing)}, which every {noun} needs. "
                "Choose the column that holds it.",
                "error",
            )
        else:
            self.message.hide()

    def isComplete(self) -> bool:
        source = self._wizard.source
        return source is not None and not source.missing

    def validatePage(self) -> bool:
        """Read the rows with the columns as they now stand before going on."""
        source = self._wizard.source
        assert source is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            source.read_rows()
        except ImportRefused as refusal:
            self.message.show(str(refusal), "error")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        return True
