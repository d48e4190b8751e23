"""Help ▸ About: the version, which file is open, how it is protected, and whose work ships
inside the program (with their licences, which the LGPL for Qt and others require)."""

from __future__ import annotations

from html import escape
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from itscm_desktop import __version__
from itscm_desktop.gui.inline_message import make_title
from itscm_desktop.gui.resources import icon

#: (distribution, what it does here, licence)
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("PySide6-Essentials", "Qt for Python: the windows", "LGPL-3.0 (Qt and PySide6)"),
    ("PySide6-Pdf", "Qt PDF: print preview", "LGPL-3.0"),
    ("sqlcipher3", "the encrypted vault file (SQLCipher 4 community edition)",
     "zlib (binding), BSD-style (SQLCipher)"),
    ("sqlite-utils", "tables and search over the vault", "Apache-2.0"),
    ("phonenumbers", "checking and formatting phone numbers", "Apache-2.0"),
    ("keyring", "remembering the passphrase in this computer's keychain", "MIT"),
    ("reportlab", "printed contact sheets and the handbook", "BSD-3-Clause"),
    ("pyrage", "encrypted bundles for USB sticks (age)", "MIT"),
)  # fmt: skip

SQLCIPHER_NOTE = (
    "The vault is one SQLCipher 4 file: AES-256 encryption with an HMAC-SHA512 checksum "
    "on every page, the key derived from your passphrase with PBKDF2-HMAC-SHA512 "
    "(256,000 rounds). Any SQLCipher 4 tool opens it with the same passphrase — your way "
    "in if this program ever fails you. Without the passphrase nothing can be recovered."
)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # a frozen build may not carry the metadata
        return ""


def components_html() -> str:
    rows = "".join(
        f"<tr><td><b>{escape(name)}</b> {escape(_version(name))}</td>"
        f"<td>{escape(purpose)}</td><td>{escape(licence)}</td></tr>"
        for name, purpose, licence in COMPONENTS
    )
    return (
        "<table cellspacing='0' cellpadding='4' width='100%'>"
        "<tr><th align='left'>Component</th><th align='left'>Used for</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, vault_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About ITSCM Desktop")
        self.setMinimumSize(QSize(620, 520))
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"ITSCM Desktop {__version__}")
        make_title(title, 1.5)
        subtitle = QLabel("An offline continuity handbook for IT Service Continuity Management.")
        subtitle.setWordWrap(True)
        where = QLabel(
            f"Open vault: {vault_path}" if vault_path is not None else "No vault is open."
        )
        where.setObjectName("vault_path")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QVBoxLayout()
        for label in (title, subtitle, where):
            heading.addWidget(label)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(heading, 1)

        details = QTextBrowser()
        details.setObjectName("details")
        details.setOpenExternalLinks(False)
        details.setHtml(
            f"<h3>How the plan is protected</h3><p>{escape(SQLCIPHER_NOTE)}</p>"
            f"<h3>Inside this program</h3>{components_html()}"
            "<p>Icons drawn for ITSCM Desktop. Qt is © The Qt Company and is used under the "
            "GNU LGPL version 3; you may replace the Qt libraries with your own build.</p>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(details, 1)
        layout.addWidget(buttons)
