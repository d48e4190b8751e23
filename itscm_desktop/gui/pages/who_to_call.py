""" "Who do I call?": type a name, team, service, supplier or site; see who to phone, in
the order to phone them, with every number large enough to read off the screen at 3 a.m.

Real widgets rather than a painted list, so numbers can be focused, copied and read by a
screen reader, and so the layout follows the system font and scaling. Keyboard: the query
has focus on arrival; Down moves to the first number, Up and Down move between numbers,
Enter or Ctrl+C copies the focused one, Esc returns to the query.
"""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.gui.clipboard import copy_sensitive
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets import text_style
from itscm_desktop.vault.callout import Callee, CallGroup, Number, call_group, who_to_call

DEBOUNCE_MS = 150
#: The tables whose records decide who is listed and how (a change elsewhere, such as a
#: new asset, leaves the page alone, keeping the person's place in it).
_SHOWN_FROM = frozenset(
    ("plan", "contacts", "teams", "team_members", "call_trees", "call_tree_nodes", "services",
     "suppliers", "sites", "recovery_plans", "runbook_steps", "dependencies")
)  # fmt: skip
#: A long number, so that the number columns of different groups mostly line up too.
_WIDEST_SAMPLE = "+44 7400 120800"
#: How much larger than the normal font numbers are shown.
NUMBER_SCALE = 1.6
NUMBER_KINDS = {"mobile": "Mobile", "work": "Work", "home": "Home", "support": "24/7",
                "site": "Site"}  # fmt: skip

_STYLE = """
QFrame#call_group { border: 1px solid palette(mid); border-radius: 6px;
                    background: palette(base); }
QLabel#badge_primary { background: palette(highlight); color: palette(highlighted-text);
                       border-radius: 3px; padding: 1px 5px; }
QLabel#badge_alternate { border: 1px solid palette(mid); border-radius: 3px;
                         padding: 0px 5px; }
"""


def _label(text: str = "", *, muted: bool = False, name: str = "", wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if muted:
        text_style.muted(label)
    if name:
        label.setObjectName(name)
    return label


def warning_colour(palette: QPalette) -> QColor:
    """A red that reads on this palette's window colour (the palette has no warning
    role): darker on light themes, lighter on dark ones."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80" if dark else "#b3261e")


class NumberLabel(QLabel):
    """One phone number, large; focusable so the keyboard can reach and copy it."""

    def __init__(self, number: Number, page: WhoToCallPage) -> None:
        super().__init__(number.display)
        self.number = number
        self.page = page
        self.setObjectName("phone_number")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFont(page.font_for(NUMBER_SCALE, bold=True))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip("Enter or Ctrl+C copies this number")
        self.setAccessibleName(f"{NUMBER_KINDS.get(number.kind, number.kind)} {number.display}")
        # Room for the focus frame, set here rather than in the style sheet so that the
        # size is known before the label is styled (see GroupView.align_columns).
        space = self.fontMetrics().averageCharWidth() // 2 + 2
        self.setContentsMargins(space, 1, space, 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) or event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.page.copy_number(self.number)
        elif event.key() == Qt.Key.Key_Down:
            self.page.focus_number(self, +1)
        elif event.key() == Qt.Key.Key_Up:
            self.page.focus_number(self, -1)
        elif event.key() == Qt.Key.Key_Escape:
            self.page.focus_query()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class GroupView(QFrame):
    """One thing found (a team, a service…) and its callees in call order."""

    def __init__(self, group: CallGroup, page: WhoToCallPage) -> None:
        super().__init__()
        self.group = group
        self.setObjectName("call_group")
        self.numbers: list[NumberLabel] = []
        line = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(line, line // 2, line, line // 2)

        kind = _label(group.label.upper(), muted=True, name="group_kind")
        kind.setFont(page.font_for(0.85, bold=True))
        heading = page.link(group.table, group.id, group.heading)
        heading.setObjectName("group_heading")
        heading.setFont(page.font_for(1.35, bold=True))
        layout.addWidget(kind)
        layout.addWidget(heading)
        if group.detail:
            layout.addWidget(_label(group.detail, muted=True, name="group_detail", wrap=True))
        if not group.callees:
            layout.addWidget(_label("Nobody to call is recorded for this yet.", muted=True))

        # Every callee's row uses the same column widths, so names and numbers line up
        # from person to person: order | who | number kind | number | Copy.
        self.kinds: list[QLabel] = []
        for index, callee in enumerate(group.callees):
            if index:
                rule = QFrame()
                rule.setFrameShape(QFrame.Shape.HLine)
                rule.setForegroundRole(QPalette.ColorRole.Mid)
                layout.addWidget(rule)
            layout.addLayout(self._callee_row(callee, page))
        self.align_columns(page)

    def align_columns(self, page: WhoToCallPage) -> None:
        """Give every number (and kind of number) the width of the widest, so they line
        up; a long sample number keeps different groups mostly in line too."""
        sample = NumberLabel(Number("mobile", "", _WIDEST_SAMPLE), page)
        for labels in (self.kinds, [*self.numbers, sample]):
            width = max((label.sizeHint().width() for label in labels), default=0)
            for label in labels:
                label.setMinimumWidth(width)
        sample.deleteLater()

    def _callee_row(self, callee: Callee, page: WhoToCallPage) -> QHBoxLayout:
        top = Qt.AlignmentFlag.AlignTop
        row = QHBoxLayout()
        row.setSpacing(self.fontMetrics().height())
        order = _label(f"{callee.order}.", muted=True)
        order.setFont(page.font_for(1.2))
        order.setFixedWidth(QFontMetrics(order.font()).horizontalAdvance("00."))
        order.setAlignment(Qt.AlignmentFlag.AlignRight)
        row.addWidget(order, 0, top)

        info = QVBoxLayout()
        info.setSpacing(2)
        indent = self.fontMetrics().averageCharWidth() * 3 * callee.depth
        info.setContentsMargins(indent, 0, 0, 0)
        name_row = QHBoxLayout()
        name = page.link(callee.table, callee.id, callee.name)
        name.setObjectName("callee_name")
        name.setFont(page.font_for(1.15, bold=True))
        name_row.addWidget(name)
        if callee.membership in ("primary", "alternate"):
            badge = _label(callee.membership.upper(), name=f"badge_{callee.membership}")
            badge.setFont(page.font_for(0.8, bold=True))
            name_row.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        info.addLayout(name_row)
        if callee.role:
            info.addWidget(_label(callee.role, name="callee_role", wrap=True))
        if callee.note:
            info.addWidget(_label(callee.note, muted=True, name="callee_note", wrap=True))
        if callee.emails:
            mail = _label(" · ".join(callee.emails), muted=True, name="callee_email", wrap=True)
            mail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            info.addWidget(mail)
        info.addStretch(1)
        row.addLayout(info, 1)

        numbers = QGridLayout()
        numbers.setVerticalSpacing(self.fontMetrics().height() // 4)
        if not callee.numbers:
            missing = _label("⚠ No number on file", name="no_number")
            missing.setFont(page.font_for(1.1, bold=True))
            palette = missing.palette()
            palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
            missing.setPalette(palette)
            numbers.addWidget(missing, 0, 0, 1, 3, top)
        middle = Qt.AlignmentFlag.AlignVCenter
        for index, number in enumerate(callee.numbers):
            kind = _label(NUMBER_KINDS.get(number.kind, number.kind.title()), muted=True)
            kind.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.kinds.append(kind)
            number_label = NumberLabel(number, page)
            copy = QPushButton("Copy")
            copy.setObjectName("copy_number")
            copy.setToolTip(f"Copy {number.display}; it is cleared from the clipboard in 30 s")
            copy.setAccessibleName(f"Copy {number.display}")
            copy.clicked.connect(partial(page.copy_number, number))
            numbers.addWidget(kind, index, 0, middle | Qt.AlignmentFlag.AlignRight)
            numbers.addWidget(number_label, index, 1, middle)
            numbers.addWidget(copy, index, 2, middle)
            self.numbers.append(number_label)
        numbers.setRowStretch(max(1, len(callee.numbers)), 1)
        row.addLayout(numbers)
        return row


class WhoToCallPage(Page):
    """THE page in an outage: from a word to the people to phone, in calling order."""

    def __init__(
        self, *, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, navigator, parent)
        self.setStyleSheet(_STYLE)
        self.groups: list[CallGroup] = []
        self.views: list[GroupView] = []
        self._fonts: dict[tuple[float, bool], QFont] = {}
        self._generation = 0  # a newer query abandons the groups still to be built

        title = QLabel("Who do I call?")
        title.setFont(text_style.scaled_font(title, 1.6, bold=True))
        self.query = QLineEdit()
        self.query.setObjectName("who_query")
        self.query.setPlaceholderText("Type a name, team, service, supplier or site")
        self.query.setClearButtonEnabled(True)
        self.query.setFont(text_style.scaled_font(self.query, 1.5))
        self.query.installEventFilter(self)
        self.status = _label(muted=True, name="who_status")

        self.hint = _label(name="who_hint", wrap=True)
        self.hint.setFont(text_style.scaled_font(self.hint, 1.15))
        self.crisis = QWidget()
        crisis_row = QHBoxLayout(self.crisis)
        crisis_row.setContentsMargins(0, 0, 0, 0)
        self.crisis_label = _label("Crisis line", muted=True)
        self.crisis_number = QLabel()
        self.crisis_number.setObjectName("crisis_line")
        self.crisis_number.setFont(
            text_style.scaled_font(self.crisis_number, NUMBER_SCALE, bold=True)
        )
        self.crisis_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.crisis_copy = QPushButton("Copy")
        self.crisis_copy.clicked.connect(self._copy_crisis_line)
        for widget in (self.crisis_label, self.crisis_number, self.crisis_copy):
            crisis_row.addWidget(widget)
        crisis_row.addStretch(1)
        self._crisis_e164 = ""

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.hint)
        empty_layout.addWidget(self.crisis)
        empty_layout.addStretch(1)
        self.results_area = QScrollArea()
        self.results_area.setWidgetResizable(True)
        self.results_area.setFrameShape(QFrame.Shape.NoFrame)
        self.results_area.setWidget(QWidget())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.results_area)

        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height()
        layout.setContentsMargins(margin * 2, margin, margin * 2, margin // 2)
        layout.addWidget(title)
        layout.addWidget(self.query)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)
        self.query.textEdited.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(6000)
        self._status_timer.timeout.connect(self.status.clear)

    # -- Page hooks ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Arriving on the page puts the cursor in the query (a restored window does not
        move it)."""
        super().showEvent(event)
        if not event.spontaneous():
            self.focus_query()

    def reload(self) -> None:
        self.run_query()

    def watches(self, table: str) -> bool:
        return table in _SHOWN_FROM

    def show_record(self, table: str, record_id: str) -> None:
        """Show who to call for one known record (a team, a service…)."""
        if not self.session.is_unlocked:
            return
        group = call_group(self.session.vault, table, record_id)
        if group is not None:
            self.query.setText(group.heading)
            self._show([group], group.heading)

    def on_locked(self) -> None:
        self._timer.stop()
        self.query.clear()
        self.status.clear()
        self._crisis_e164 = ""
        self.crisis_number.clear()
        self._show([], "")
        self._stale = True

    # -- searching ----------------------------------------------------------------------

    def run_query(self) -> None:
        """Look up what is in the field now (the debounce timer calls this)."""
        self._timer.stop()
        if not self.session.is_unlocked:
            return
        text = self.query.text().strip()
        groups = who_to_call(self.session.vault, text) if text else []
        self._show(groups, text)

    def _show(self, groups: list[CallGroup], text: str) -> None:
        """Show the groups: the first at once, the others one per turn of the event loop,
        so the best match is readable before the rest is built. The results are built
        in a fresh container swapped in whole; the old widgets go with theirs."""
        self._generation += 1
        self.groups = groups
        self.views = []
        results = QWidget()
        results.setObjectName("who_results")
        self._column = QVBoxLayout(results)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.addStretch(1)
        if groups:
            self._add_group(self._generation)
        self.results_area.setWidget(results)  # deletes the previous results
        self.stack.setCurrentWidget(self.results_area if groups else self.empty)
        self.crisis.setVisible(not groups and bool(self._crisis_line()))
        if not text:
            self.hint.setText(
                "Type a name, a team (“network”), a service (“ERP”), a supplier or a site. "
                "The people to call appear here, in the order to call them."
            )
        elif not groups:
            self.hint.setText(
                f"Nobody found for “{text}”. Try a surname, a team, a service or a supplier."
            )

    def _add_group(self, generation: int) -> None:
        if generation != self._generation or len(self.views) >= len(self.groups):
            return
        view = GroupView(self.groups[len(self.views)], self)
        self._column.insertWidget(len(self.views), view)
        self.views.append(view)
        if len(self.views) < len(self.groups):
            QTimer.singleShot(0, self, partial(self._add_group, generation))

    @property
    def is_complete(self) -> bool:
        """True once every group found is on screen."""
        return len(self.views) == len(self.groups)

    def _crisis_line(self) -> str:
        if not self._crisis_e164 and self.session.is_unlocked:
            self._crisis_e164 = str(self.session.vault.plan().get("crisis_line") or "")
            if self._crisis_e164:
                self.crisis_number.setText(format_phone(self._crisis_e164))
        return self._crisis_e164

    def font_for(self, factor: float, *, bold: bool = False) -> QFont:
        """The page's font scaled by `factor`, made once: results hold hundreds of labels."""
        key = (factor, bold)
        if key not in self._fonts:
            self._fonts[key] = text_style.scaled_font(self, factor, bold=bold)
        return self._fonts[key]

    # -- keyboard and clipboard ---------------------------------------------------------

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            if self._timer.isActive():
                self.run_query()
            self.focus_first_number()
            return True
        return False

    def _enter(self) -> None:
        if self._timer.isActive() or not self.groups:
            self.run_query()
        self.focus_first_number()

    def all_numbers(self) -> list[NumberLabel]:
        return [label for view in self.views for label in view.numbers]

    def focus_first_number(self) -> None:
        numbers = self.all_numbers()
        if numbers:
            numbers[0].setFocus(Qt.FocusReason.TabFocusReason)
            self.results_area.ensureWidgetVisible(numbers[0])

    def focus_number(self, current: NumberLabel, step: int) -> None:
        numbers = self.all_numbers()
        index = numbers.index(current) + step
        if index < 0:
            self.focus_query()
        elif index < len(numbers):
            numbers[index].setFocus(Qt.FocusReason.TabFocusReason)
            self.results_area.ensureWidgetVisible(numbers[index])

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def copy_number(self, number: Number) -> None:
        copy_sensitive(number.display)
        self._say(f"Copied {number.display}. It is cleared from the clipboard in 30 seconds.")

    def _copy_crisis_line(self) -> None:
        if self._crisis_line():
            copy_sensitive(format_phone(self._crisis_e164))
            self._say(f"Copied the crisis line {format_phone(self._crisis_e164)}.")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self._status_timer.start()

    def link(self, table: str, record_id: str, text: str) -> QLabel:
        """A name that opens its record, by mouse or keyboard."""
        label = QLabel(f'<a href="{html.escape(table)}">{html.escape(text)}</a>')
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.setToolTip(f"Open {text}")
        label.linkActivated.connect(lambda _t: self.navigator.open_record(table, record_id))
        return label
