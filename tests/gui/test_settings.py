"""What the app remembers on this computer, read back safely whatever the platform's
settings store hands us."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from itscm_desktop.gui.settings import DEFAULT_IDLE_MINUTES, MAX_RECENT, AppSettings


def test_recent_vaults_most_recent_first_without_repeats(tmp_path: Path) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    for name in ("a", "b", "a", *[f"v{i}" for i in range(10)]):
        settings.add_recent_vault(tmp_path / f"{name}.itscm")
    recent = settings.recent_vaults()
    assert len(recent) == MAX_RECENT
    assert recent[0] == (tmp_path / "v9.itscm").resolve()
    assert len(set(recent)) == len(recent)


def test_odd_values_in_the_settings_store_do_not_stop_the_app(tmp_path: Path) -> None:
    """A registry or plist may hold a number where a list was written; that once raised
    TypeError while the app started."""
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    store.setValue("vaults/recent", 7)
    store.setValue("safety/idle_minutes", "soon")
    settings = AppSettings(store)
    assert settings.recent_vaults() == []
    assert settings.idle_minutes() == DEFAULT_IDLE_MINUTES
    store.setValue("vaults/recent", "/data/plan.itscm")  # one path comes back as a string
    assert settings.recent_vaults() == [Path("/data/plan.itscm")]
