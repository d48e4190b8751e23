""" "Is the plan ready?": the readiness rules as cards, the plan's identity above them.

The page answers one question at a glance: what still needs doing before the plan can be
trusted in an outage. Each rule is one card in the order of `RULES`; a rule with nothing
to report is shown as done and muted, so what needs attention stands out. Clicking a
count opens the page of those records, filtered to just them.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.readiness import RULES, ReadinessRule, parse_day, review_due_on
from itscm_desktop.gui.navigation import Navigator, page_for, page_ids
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.text_style import muted, scaled_font
from itscm_desktop.vault.readiness import ReadinessFinding, check_readiness

#: The record counts the header shows, each a link to its page.
KEY_TABLES = ("services", "contacts", "teams", "suppliers", "assets")
#: How many of a finding's records are named on its card.
EXAMPLES = 3
#: The rule whose "records" are conflicts between laptops: its ids are conflict ids, its
#: notes name the record and field, and its count opens the Sync page's conflicts.
CONFLICTS_RULE = "sync_conflicts"

_CARD_STYLE = """
QFrame#readiness_card {
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
}
QFrame#readiness_card[done="true"] { border-color: palette(midlight); background: transparent; }
QPushButton#readiness_count {
    border: none; background: transparent; color: palette(link); text-align: right;
}
QPushButton#readiness_count:hover { text-decoration: underline; }
QPushButton#readiness_count:focus { border: 2px solid palette(highlight); border-radius: 4px; }
"""


def format_day(value: date | str | None) -> str:
    """A day as people read it ("14 Mar 2026"), in the system's language; "" if unset."""
    day = parse_day(value) if isinstance(value, str) or value is None else value
    if day is None:
        return ""
    return str(QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy"))


class FindingCard(QFrame):
    """One readiness rule: its count (a button when there is something to show), title,
    why it matters, and the first few records it names."""

    def __init__(self, rule: ReadinessRule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.finding: ReadinessFinding | None = None
        self.setObjectName("readiness_card")
        self.setProperty("key", rule.key)

        self.count = QPushButton()
        self.count.setObjectName("readiness_count")
        self.count.setCursor(Qt.CursorShape.PointingHandCursor)
        self.count.setFlat(True)
        self.count.setFont(scaled_font(self.count, 2.2, bold=True))
        self.done = muted(QLabel("✓"))
        self.done.setObjectName("readiness_done")
        self.done.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.done.setFont(scaled_font(self.done, 1.8, bold=True))
        width = self.count.fontMetrics().horizontalAdvance("000")
        for widget in (self.count, self.done):
            widget.setMinimumWidth(width)

        self.title = QLabel(rule.title)
        self.title.setObjectName("readiness_title")
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.1, bold=True))
        self.explanation = muted(QLabel(rule.explanation))
        self.explanation.setWordWrap(True)
        self.examples = QLabel()
        self.examples.setObjectName("readiness_examples")
        self.examples.setWordWrap(True)
        self.examples.setTextFormat(Qt.TextFormat.PlainText)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.explanation)
        text.addWidget(self.examples)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        spacing = self.fontMetrics().height()
        layout.setContentsMargins(spacing, spacing // 2, spacing, spacing // 2)
        layout.setSpacing(spacing)
        layout.addWidget(self.count, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.done, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    @property
    def is_done(self) -> bool:
        return self.finding is not None and self.finding.count == 0

    def show_finding(self, finding: ReadinessFinding, examples: str) -> None:
        self.finding = finding
        done = finding.count == 0
        self.setProperty("done", done)
        self.style().unpolish(self)
        self.style().polish(self)
        self.count.setVisible(not done)
        self.done.setVisible(done)
        self.count.setText(str(finding.count))
        label = (
            "conflicts" if finding.rule.key == CONFLICTS_RULE
            else REGISTRY[finding.table].plural.lower()
        )  # fmt: skip
        self.count.setToolTip(f"Show these {finding.count} {label}")
        self.count.setAccessibleName(f"{finding.count}: {self.rule.title}. Show them.")
        self.title.setForegroundRole(
            QPalette.ColorRole.PlaceholderText if done else QPalette.ColorRole.WindowText
        )
        self.explanation.setVisible(not done)
        self.examples.setText(examples)
        self.examples.setVisible(bool(examples) and not done)


class DashboardPage(Page):
    """The first page after unlocking: is the plan ready, and what needs doing."""

    def __init__(
        self, *, session: Session, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, navigator, parent)
        self.setStyleSheet(_CARD_STYLE)
        self.findings: list[ReadinessFinding] = []

        self.organisation = QLabel()
        self.organisation.setObjectName("dashboard_organisation")
        self.organisation.setFont(scaled_font(self.organisation, 1.6, bold=True))
        self.plan_line = QLabel()
        self.plan_line.setObjectName("dashboard_plan")
        self.plan_line.setFont(scaled_font(self.plan_line, 1.1))
        self.approval = muted(QLabel())
        self.approval.setObjectName("dashboard_approval")
        self.approval.setWordWrap(True)
        self.record_counts = QLabel()
        self.record_counts.setObjectName("dashboard_counts")
        self.record_counts.setTextFormat(Qt.TextFormat.RichText)
        self.record_counts.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.record_counts.linkActivated.connect(lambda key: self.navigator.open_page(key))
        self.summary = QLabel()
        self.summary.setObjectName("dashboard_summary")
        self.summary.setFont(scaled_font(self.summary, 1.25, bold=True))

        self.cards: dict[str, FindingCard] = {}
        spacing = self.fontMetrics().height() // 2
        for rule in RULES:
            card = FindingCard(rule)
            card.count.clicked.connect(partial(self._open_finding, rule.key))
            self.cards[rule.key] = card
        # Two columns read top to bottom, left then right; one when the window is narrow.
        self._columns = [QVBoxLayout(), QVBoxLayout()]
        cards = QHBoxLayout()
        cards.setSpacing(spacing)
        for column_layout in self._columns:
            column_layout.setSpacing(spacing)
            cards.addLayout(column_layout, 1)
        self._column_count = 0
        self._arrange(2)

        content = QWidget()
        content.setObjectName("dashboard_content")
        column = QVBoxLayout(content)
        margin = self.fontMetrics().height() * 2
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing)
        column.addWidget(self.organisation)
        column.addWidget(self.plan_line)
        column.addWidget(self.approval)
        column.addWidget(self.record_counts)
        column.addSpacing(spacing * 2)
        column.addWidget(self.summary)
        column.addLayout(cards)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _arrange(self, count: int) -> None:
        """Put the cards in `count` columns, keeping the rules' order."""
        if count == self._column_count:
            return
        self._column_count = count
        for column_layout in self._columns:
            while column_layout.count():
                column_layout.takeAt(0)
        cards = list(self.cards.values())
        split = (len(cards) + 1) // 2 if count == 2 else len(cards)
        for number, card in enumerate(cards):
            self._columns[0 if number < split else 1].addWidget(card)
        for column_layout in self._columns:
            column_layout.addStretch(1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() > self.fontMetrics().averageCharWidth() * 170
        self._arrange(2 if wide else 1)
        super().resizeEvent(event)

    # -- Page hooks ---------------------------------------------------------------------

    def reload(self) -> None:
        vault = self.session.vault
        self._show_plan(vault.plan(), {table: vault.count(table) for table in KEY_TABLES})
        self.findings = check_readiness(vault)
        for finding in self.findings:
            card = self.cards.get(finding.rule.key)
            if card is not None:
                card.show_finding(finding, self._examples(finding))
        open_rules = [f for f in self.findings if f.count]
        if open_rules:
            count = len(open_rules)
            self.summary.setText(
                f"{count} of {len(self.findings)} checks need attention"
                if count > 1
                else f"1 of {len(self.findings)} checks needs attention"
            )
        else:
            self.summary.setText("Every check passes: the plan is ready.")

    def on_locked(self) -> None:
        self.findings = []
        for label in (self.organisation, self.plan_line, self.approval, self.record_counts):
            label.clear()
        self.summary.clear()
        for card in self.cards.values():
            card.finding = None
            card.count.setText("")
            card.examples.clear()
        self._stale = True

    # -- building the text ----------------------------------------------------------------

    def _show_plan(self, plan: dict[str, object], counts: dict[str, int]) -> None:
        self.organisation.setText(str(plan.get("organisation") or "Your organisation"))
        classification = REGISTRY["plan"].field("classification")
        parts = [str(plan.get("title") or "Continuity plan")]
        if plan.get("version"):
            parts.append(f"version {plan['version']}")
        if plan.get("classification"):
            parts.append(classification.choice_label(str(plan["classification"])))
        self.plan_line.setText(" · ".join(parts))

        approved = format_day(str(plan.get("approved_on") or ""))
        reviewed = format_day(str(plan.get("last_reviewed_on") or ""))
        interval = plan.get("review_interval_months")
        due = review_due_on(
            parse_day(plan.get("last_reviewed_on")),
            parse_day(plan.get("approved_on")),
            interval if isinstance(interval, int) else None,
        )
        facts = []
        if approved:
            by = f" by {plan['approved_by']}" if plan.get("approved_by") else ""
            facts.append(f"Approved {approved}{by}")
        else:
            facts.append("Not yet approved")
        facts.append(f"last reviewed {reviewed}" if reviewed else "never reviewed")
        if due is not None:
            facts.append(f"next review due {format_day(due)}")
        self.approval.setText(" · ".join(facts))

        links = []
        for table in KEY_TABLES:
            count = counts.get(table, 0)
            label = REGISTRY[table].plural.lower() if count != 1 else REGISTRY[table].label.lower()
            links.append(f'<a href="{page_for(table)}">{count:,} {label}</a>')
        self.record_counts.setText(" · ".join(links))

    def _examples(self, finding: ReadinessFinding) -> str:
        """The first few records a finding names, with why where the rule says."""
        if finding.rule.key == CONFLICTS_RULE and finding.count:
            names = [
                f"• {finding.note(c)}" for c in finding.record_ids[:EXAMPLES] if finding.note(c)
            ]
            more = finding.count - len(names)
            return "\n".join(names + ([f"and {more} more"] if more > 0 else []))
        if not finding.count or finding.table == "plan":
            return ""
        vault = self.session.vault
        names = []
        for record_id in finding.record_ids[:EXAMPLES]:
            record = vault.find(finding.table, record_id)
            if record is None:
                continue
            name = vault.title(finding.table, record)
            if len(name) > 70:
                name = name[:69] + "…"
            note = finding.note(record_id)
            names.append(f"• {name} — {note}" if note else f"• {name}")
        more = finding.count - len(names)
        if more > 0:
            names.append(f"and {more} more")
        return "\n".join(names)

    # -- navigation -----------------------------------------------------------------------

    def _open_finding(self, key: str) -> None:
        finding = next((f for f in self.findings if f.rule.key == key), None)
        if finding is None or not finding.count:
            return
        if key == CONFLICTS_RULE:
            self.navigator.open_page("sync", list(finding.record_ids))
            return
        self.navigator.open_page(
            page_for(finding.table), page_ids(self.session, finding.table, finding.record_ids)
        )
