"""What ships: every package is listed in pyproject.toml, and a wheel carries the forms,
style sheet and icons the app loads with importlib.resources."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    mapped = config["tool"]["setuptools"]["package-dir"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "itscm_desktop").rglob("__init__.py")
    }
    found |= {name for name, folder in mapped.items() if (ROOT / folder / "__init__.py").exists()}
    assert listed == found


def test_the_wheel_carries_the_app_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path),
         str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("itscm_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "itscm_desktop/ui/app.qss" in names
    shipped_icons = {n for n in names if n.startswith("itscm_desktop/resources/icons/")}
    on_disk = {
        f"itscm_desktop/resources/icons/{p.name}" for p in (ROOT / "resources/icons").glob("*.svg")
    }
    assert on_disk <= shipped_icons
    forms = {f"itscm_desktop/ui/{p.name}" for p in (ROOT / "ui").glob("*.ui")}
    assert forms <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "itscm = itscm_desktop.cli:main" in text
    assert "itscm-desktop = itscm_desktop.gui.app:main" in text
