"""Designer forms, style sheets and icons, found with importlib.resources whether the app
runs from a checkout, an installed wheel or a PyInstaller bundle (which keeps the package
layout; see packaging/itscm-desktop.spec)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtGui import QIcon
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget


def _text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of `ui/<name>.ui`; children are found by objectName."""
    path = resources.files("itscm_desktop.ui").joinpath(f"{name}.ui")
    with resources.as_file(path) as real_path:
        file = QFile(str(real_path))
        if not file.open(QIODevice.OpenModeFlag.ReadOnly):
            raise FileNotFoundError(f"form {name}.ui is missing from the installation")
        try:
            widget = QUiLoader().load(file, parent)
        finally:
            file.close()
    if widget is None:
        raise RuntimeError(f"form {name}.ui could not be loaded")
    return widget


@cache
def style_sheet() -> str:
    """The application's style sheet (palette colours come from the system)."""
    return _text("itscm_desktop.ui", "app.qss")


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons, crisp at any scale; an empty icon if missing."""
    path = resources.files("itscm_desktop.resources").joinpath("icons", f"{name}.svg")
    if not path.is_file():
        return QIcon()
    with resources.as_file(path) as real_path:
        return QIcon(str(real_path))
