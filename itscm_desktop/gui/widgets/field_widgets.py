"""One editing widget per kind of field, all with the same small interface.

Each widget shows a stored value the way a person reads it (a phone number spaced, a
duration as "4 h 30 min", a date and time in local time) and hands back what was typed,
unparsed: the vault checks and converts it, so no rule is written twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QRegularExpression, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontMetrics, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.durations import DurationError, format_minutes, parse_minutes
from itscm_desktop.domain.phones import format_phone, phone_dial_uri
from itscm_desktop.domain.registry import Field, Kind
from itscm_desktop.gui.models.record_table_model import format_money, local_time

_PLACEHOLDERS = {
    Kind.MINUTES: "e.g. 4 h 30 min",
    Kind.DATE: "YYYY-MM-DD",
    Kind.DATETIME: "YYYY-MM-DD HH:MM (local time)",
    Kind.PHONE: "e.g. +44 20 7946 0123",
    Kind.EMAIL: "name@example.com",
    Kind.MONEY: "e.g. 25000",
    Kind.REGION: "e.g. GB",
}


def copy_text(text: str) -> None:
    """Copy a number or address; the clipboard forgets it after a while (see clipboard)."""
    from itscm_desktop.gui.clipboard import copy_sensitive

    copy_sensitive(text)


def fit_width(line: QLineEdit, sample: str, *, clear_button: bool = False) -> None:
    """Size a box for values like `sample` in the person's own font (and scaling)."""
    metrics = QFontMetrics(line.font())
    extra = metrics.height() + 8 if clear_button else 0
    line.setFixedWidth(metrics.horizontalAdvance(sample) + 16 + extra)


def tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class FieldEditor(QWidget):
    """Edits one field. `value()` is what was typed (None or "" for nothing).

    Widget signals are chained to `edited` in Qt (signal to signal) rather than emitted
    from Python on every keystroke: PySide6 6.12 on Python 3.11 loses a reference to
    True on each `Signal.emit()` made from Python, which eventually crashes the process.
    """

    #: The person changed the value (not emitted by `set_value`).
    edited = Signal()
    #: Enter in a one-line box: the person is done, save.
    submitted = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field_{field.name}")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, stored: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QLineEdit):
            child.setReadOnly(read_only)

    def _quietly(self, widget: QWidget, apply: Any) -> None:
        blocked = widget.blockSignals(True)
        try:
            apply()
        finally:
            widget.blockSignals(blocked)


class LineEditor(FieldEditor):
    """One line of text; the base of the typed kinds (numbers, durations, dates, phones)."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.line = QLineEdit()
        self.line.setObjectName(field.name)
        # A clear button only where emptying is the usual edit (an optional date).
        self.line.setClearButtonEnabled(field.kind in (Kind.DATE, Kind.DATETIME))
        self.line.setPlaceholderText(_PLACEHOLDERS.get(field.kind) or field.help)
        self.line.textEdited.connect(self.edited)
        self.line.returnPressed.connect(self.submitted)
        self.row.addWidget(self.line, 1)
        self.setFocusProxy(self.line)

    def value(self) -> Any:
        return self.line.text()

    def set_value(self, stored: Any) -> None:
        self.line.setText(self.shown(stored))
        self.line.setCursorPosition(0)

    def shown(self, stored: Any) -> str:
        return "" if stored is None else str(stored)


class IntegerEditor(LineEditor):
    """Digits only; the range is in the placeholder and the vault checks it."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        pattern = QRegularExpression(r"[+-]?\d{0,12}")
        self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
        low, high = field.minimum, field.maximum
        if low is not None and high is not None:
            self.line.setPlaceholderText(f"{low:g} to {high:g}")
        fit_width(self.line, "0" * 12)
        self.row.addStretch(1)


class MinutesEditor(LineEditor):
    """A duration: "4h", "4 h 30", "1.5 d"; shown back as the vault will store it."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.line.editingFinished.connect(self._tidy)
        fit_width(self.line, "e.g. 4 h 30 min 00")
        self.row.addStretch(1)

    def shown(self, stored: Any) -> str:
        return format_minutes(stored) if isinstance(stored, int) else super().shown(stored)

    def _tidy(self) -> None:
        try:
            tidy = format_minutes(parse_minutes(self.line.text()))
        except (DurationError, ValueError):
            return  # the vault will say what is wrong when saving
        if self.line.text().strip() and tidy != self.line.text():
            self.line.setText(tidy)


class MoneyEditor(LineEditor):
    def shown(self, stored: Any) -> str:
        if isinstance(stored, int | float):
            return format_money(float(stored)).replace(",", "")
        return super().shown(stored)


class DateEditor(LineEditor):
    """A date that may stay empty; the calendar button fills it in."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        fit_width(self.line, "2026-11-25 00", clear_button=True)
        self.calendar_button = tool_button("Calendar…", f"Pick {field.label.lower()} on a calendar")
        self.calendar_button.clicked.connect(self.pick)
        self.row.addWidget(self.calendar_button)
        self.row.addStretch(1)

    def pick(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.field.label)
        calendar = QCalendarWidget(dialog)
        calendar.setGridVisible(True)
        current = QDate.fromString(self.line.text().strip()[:10], Qt.DateFormat.ISODate)
        if current.isValid():
            calendar.setSelectedDate(current)
        calendar.activated.connect(dialog.accept)
        calendar.clicked.connect(dialog.accept)
        QVBoxLayout(dialog).addWidget(calendar)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_date(calendar.selectedDate())

    def set_date(self, day: QDate) -> None:
        self.line.setText(day.toString(Qt.DateFormat.ISODate))
        self.edited.emit()


class DateTimeEditor(LineEditor):
    """A moment, typed and shown in local time; the vault stores it in UTC."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        fit_width(self.line, "2026-11-25 14:30:00 0", clear_button=True)
        self.now_button = tool_button("Now", f"Set {field.label.lower()} to now")
        self.now_button.setText("Now")
        self.now_button.clicked.connect(self.set_now)
        self.row.addWidget(self.now_button)
        self.row.addStretch(1)

    def shown(self, stored: Any) -> str:
        return local_time(stored) if isinstance(stored, str) else super().shown(stored)

    def set_now(self) -> None:
        self.line.setText(datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"))
        self.edited.emit()


class RegionEditor(LineEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.line.setMaxLength(2)
        fit_width(self.line, "MMM")
        self.row.addStretch(1)


class EmailEditor(LineEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.copy_button = tool_button("Copy", f"Copy {field.label.lower()}")
        self.copy_button.clicked.connect(lambda: copy_text(self.line.text().strip()))
        self.row.addWidget(self.copy_button)
        self.line.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.copy_button.setEnabled(bool(self.line.text().strip()))


class PhoneEditor(EmailEditor):
    """A phone number, spaced for reading, with Copy and a Call link (tel:)."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        self._stored: str | None = None
        super().__init__(field, parent)
        self.copy_button.setToolTip(f"Copy {field.label.lower()} number")
        self.call_link = QLabel()
        self.call_link.setObjectName(f"{field.name}_call")
        self.call_link.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.call_link.linkActivated.connect(lambda uri: QDesktopServices.openUrl(QUrl(uri)))
        self.row.addWidget(self.call_link)

    def set_value(self, stored: Any) -> None:
        self._stored = stored if isinstance(stored, str) and stored else None
        super().set_value(stored)
        self._update()

    def shown(self, stored: Any) -> str:
        return format_phone(stored) if isinstance(stored, str) else super().shown(stored)

    def _update(self) -> None:
        super()._update()
        if not hasattr(self, "call_link"):
            return
        stored = self._stored
        if stored and self.line.text() == format_phone(stored):
            self.call_link.setText(f'<a href="{phone_dial_uri(stored)}">Call</a>')
            self.call_link.setToolTip(f"Call {format_phone(stored)}")
        else:
            self.call_link.setText("")


class LongTextEditor(FieldEditor):
    """Several lines; Tab moves on to the next field, as everywhere else in the form."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.text = QPlainTextEdit()
        self.text.setObjectName(field.name)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(field.help)
        lines = QFontMetrics(self.text.font()).lineSpacing()
        self.text.setFixedHeight(lines * 4 + 12)
        self.text.textChanged.connect(self.edited)
        self.row.addWidget(self.text, 1)
        self.setFocusProxy(self.text)

    def value(self) -> Any:
        return self.text.toPlainText()

    def set_value(self, stored: Any) -> None:
        text = "" if stored is None else str(stored)
        self._quietly(self.text, lambda: self.text.setPlainText(text))

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)


class BoolEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.box = QCheckBox()
        self.box.setObjectName(field.name)
        self.box.toggled.connect(self.edited)
        self.row.addWidget(self.box)
        self.row.addStretch(1)
        self.setFocusProxy(self.box)

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, stored: Any) -> None:
        self._quietly(self.box, lambda: self.box.setChecked(bool(stored)))

    def set_read_only(self, read_only: bool) -> None:
        self.box.setEnabled(not read_only)


class ChoiceEditor(FieldEditor):
    """The field's choices by label; an empty entry when the field may be left empty."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox()
        self.combo.setObjectName(field.name)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if not field.required:
            self.combo.addItem("—", "")
        for value, label in field.choices:
            self.combo.addItem(label, value)
        self.combo.activated.connect(self.edited)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData() or ""

    def set_value(self, stored: Any) -> None:
        wanted = "" if stored is None else str(stored)
        index = self.combo.findData(wanted)
        if index < 0 and wanted:  # a value from a newer copy of the program
            self.combo.addItem(wanted, wanted)
            index = self.combo.count() - 1
        self._quietly(self.combo, lambda: self.combo.setCurrentIndex(max(index, 0)))

    def set_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)


class ReadOnlyEditor(LineEditor):
    """A value the program sets (a document's size, its fingerprint): shown, never typed."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.line.setReadOnly(True)
        self.line.setPlaceholderText("")
        self.line.setFrame(False)

    def shown(self, stored: Any) -> str:
        if isinstance(stored, int) and self.field.kind is Kind.INTEGER:
            return f"{stored:,}"
        return super().shown(stored)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(True)


EDITORS: dict[Kind, type[FieldEditor]] = {
    Kind.TEXT: LineEditor,
    Kind.LONGTEXT: LongTextEditor,
    Kind.INTEGER: IntegerEditor,
    Kind.MINUTES: MinutesEditor,
    Kind.MONEY: MoneyEditor,
    Kind.DATE: DateEditor,
    Kind.DATETIME: DateTimeEditor,
    Kind.BOOL: BoolEditor,
    Kind.CHOICE: ChoiceEditor,
    Kind.PHONE: PhoneEditor,
    Kind.EMAIL: EmailEditor,
    Kind.REGION: RegionEditor,
    Kind.HASH: ReadOnlyEditor,
}
