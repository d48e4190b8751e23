"""The README's screenshots come from the real app: the script runs end to end, through
the unlock dialog, the dashboard, a service's relations, the contacts list, a call tree,
"Who do I call?", search, the Print Center and a conflict between laptops, and every
picture shows something; the printed pages are rendered A4 pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from itscm_desktop.gui.screenshots import take_screenshots


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step)
         for y in range(0, image.height(), step)}
    )  # fmt: skip


def test_the_screenshot_script_shows_the_real_app(tmp_path: Path) -> None:
    paths = take_screenshots(tmp_path)
    assert [p.stem for p in paths] == [
        "unlock", "dashboard", "service", "contacts", "call-tree", "who-to-call", "search",
        "print-center", "sync-conflicts", "print-contact-sheet", "print-wallet-cards",
    ]  # fmt: skip
    for path in paths:
        image = QImage(str(path))
        assert not image.isNull(), path
        assert distinct_colours(image) > 20, f"{path.name} looks blank"
    window = QImage(str(tmp_path / "dashboard.png"))
    assert (window.width(), window.height()) == (1440, 900)
    card = QImage(str(tmp_path / "print-wallet-cards.png"))
    assert card.width() == 900 and round(card.height() / card.width(), 3) == round(297 / 210, 3)
