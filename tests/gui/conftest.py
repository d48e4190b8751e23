"""Widget tests: offscreen Qt, settings kept in a temporary folder, the demo plan."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, qapp: QCoreApplication) -> Iterator[None]:
    """QSettings go to a temporary folder: tests never read or change a person's own."""
    QCoreApplication.setOrganizationName("ITSCM Desktop tests")
    QCoreApplication.setApplicationName("ITSCM Desktop tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def _background_work_finishes(qapp: QCoreApplication) -> Iterator[None]:
    """No test leaves a worker running: a task still alive when Python shuts down can
    crash the interpreter on exit."""
    yield
    if not QThreadPool.globalInstance().waitForDone(30_000):
        raise AssertionError("a background task was still running 30 s after its test")
    qapp.processEvents()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation, generated once per test run."""
    path = tmp_path_factory.mktemp("demo") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo vault, for a test that may change it."""
    path = tmp_path / "vaults" / "demo.itscm"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def settings() -> AppSettings:
    return AppSettings()


@pytest.fixture
def session(demo_path: Path) -> Iterator[Session]:
    """A session holding the unlocked demo vault."""
    session = Session()
    session.open(Vault.open(demo_path, PASSPHRASE))
    yield session
    session.lock()
