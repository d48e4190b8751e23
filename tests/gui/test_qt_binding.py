"""The Qt binding we ship must not corrupt Python's own objects.

PySide6 6.12.0 on Python 3.11 loses a reference to True on every Signal.emit() and
connect() made from Python; after enough of them the interpreter aborts ("bool_dealloc")
— in a long session, or as the app exits. 6.11.3 is pinned for that reason; this test
fails if a binding with the leak is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Probe(QObject):
    happened = Signal(str)
    toggled = Signal(bool)


def test_emitting_and_connecting_keep_true_alive() -> None:
    probe = Probe()
    probe.happened.connect(lambda _text: None)
    probe.toggled.connect(lambda _flag: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        probe.happened.emit("x")
        probe.toggled.emit(True)
        probe.happened.connect(print)
        probe.happened.disconnect(print)
    # A little slack for unrelated references made meanwhile; the bug loses 800.
    assert sys.getrefcount(True) - before > -20


def test_the_print_preview_module_matches_the_widgets() -> None:
    """QtPdf comes from PySide6-Addons: a version apart from Essentials fails to load."""
    import PySide6
    from PySide6 import QtCore
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    assert QPdfDocument is not None and QPdfView is not None
    assert PySide6.__version__ == QtCore.qVersion()
