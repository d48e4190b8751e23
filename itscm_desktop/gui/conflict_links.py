"""Links to deleted records: a record on this laptop that points at one another laptop
deleted (a team member for a contact who was removed meanwhile). The merge keeps such a
link rather than dropping it silently; this section says which records hold one and
opens them, so a person changes or removes the link.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.widgets.text_style import scaled_font
from itscm_desktop.vault.conflicts import BrokenLink, broken_links
from itscm_desktop.vault.vault import Vault

#: The list is as tall as this many lines at most (two a sentence: they wrap).
_MOST_LINES = 8


class BrokenLinksSection(QWidget):
    """A heading, one sentence per link, and a button that opens the selected record;
    hidden while there is no such link."""

    def __init__(self, navigator: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.navigator = navigator
        self._links: list[BrokenLink] = []
        heading = QLabel("Links to deleted records")
        heading.setFont(scaled_font(heading, 1.1, bold=True))
        self.list = QListWidget()
        self.list.setObjectName("broken_links")
        self.list.setAccessibleName("Links to deleted records")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton("Open the record with the &link")
        self.open_button.setObjectName("open_link")
        self.open_button.setAutoDefault(True)
        self.open_button.clicked.connect(lambda: self.open_selected())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hide()

    def reload(self, vault: Vault) -> None:
        self._links = broken_links(vault.conn)
        self.list.clear()
        for link in self._links:
            sentence = link.sentence
            item = QListWidgetItem(sentence)
            item.setToolTip(sentence)
            self.list.addItem(item)
        if self._links:
            self.list.setCurrentRow(0)
            lines = min(2 * len(self._links), _MOST_LINES)
            spacing = self.list.fontMetrics().lineSpacing()
            self.list.setFixedHeight(spacing * lines + self.list.frameWidth() * 2 + 8)
        self.setVisible(bool(self._links))

    def clear(self) -> None:
        self._links = []
        self.list.clear()
        self.hide()

    def open_selected(self) -> None:
        """Open the record that holds the selected link."""
        row = self.list.currentRow()
        if 0 <= row < len(self._links):
            link = self._links[row]
            self.navigator.open_record(link.table, link.row_id)
