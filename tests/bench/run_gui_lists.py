"""List benchmarks: `python -m tests.bench.run_gui_lists` (large organisation, offscreen).

Prints medians (and the slowest sample) for the records page on the 20,000 assets: opening
the list (model, first page, names of referenced sites, a painted table), each filter
keystroke (count, first page, repaint), sorting by a column, scrolling one page further,
jumping to a record deep in the list, showing the next record in the form, and each
keystroke in a reference picker over the 5,000 contacts. Nothing
here asserts a time; the target for opening and filtering is 50 ms.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from itscm_desktop.gui.models.record_table_model import RecordTableModel
from itscm_desktop.gui.navigation import Navigator
from itscm_desktop.gui.pages.records import RecordsPage
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.widgets.record_form import RecordForm
from itscm_desktop.vault.vault import Vault
from tests.bench.run_vault import PASSPHRASE, organisation

KEYSTROKES = ("s", "sr", "srv", "srv-", "srv-d", "srv-db", "srv-db-", "")


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds for each of `repeat` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = Session()
    session.open(Vault.open(organisation("large", 2026), PASSPHRASE))
    navigator = Navigator()
    results: dict[str, list[float]] = {}

    def model_only() -> None:
        RecordTableModel(session, "assets").refresh()

    results["model: first page of 20,000 assets"] = timed(model_only, 15)

    def open_page() -> None:
        window = QMainWindow()
        window.resize(1400, 900)
        page = RecordsPage("assets", session=session, navigator=navigator)
        window.setCentralWidget(page)
        window.show()
        page.activate()
        page.repaint()
        window.close()
        window.deleteLater()

    results["page: open the 20,000-asset list, painted"] = timed(open_page, 10)
    app.processEvents()

    window = QMainWindow()
    window.resize(1400, 900)
    page = RecordsPage("assets", session=session, navigator=navigator)
    window.setCentralWidget(page)
    window.show()
    page.activate()
    app.processEvents()

    def keystrokes() -> list[float]:
        samples = []
        for typed in KEYSTROKES:
            page.filter_edit.setText(typed)
            start = time.perf_counter()
            page.apply_filter()
            page.view.repaint()
            samples.append((time.perf_counter() - start) * 1000)
        return samples

    keystrokes()
    results["filter keystroke (count, first page, painted)"] = [
        s for _ in range(5) for s in keystrokes()
    ]
    results["sort by site, descending"] = timed(
        lambda: (page.model.sort(5, Qt.SortOrder.DescendingOrder), page.view.repaint()), 10
    )
    page.model.sort(0, Qt.SortOrder.AscendingOrder)

    def scroll() -> None:
        page.model.refresh()
        page.model.fetchMore(QModelIndex())

    results["refresh + one more page of 200"] = timed(scroll, 10)
    deep = session.vault.records("assets", order_by="name", limit=1, offset=17_500)[0]["id"]

    def jump() -> None:
        page.model.refresh()
        page.show_record("assets", deep)

    results["jump to the 17,500th asset (show_record)"] = timed(jump, 5)
    rows = iter(range(1, 10_000))
    results["next row shown in the form"] = timed(
        lambda: page.view.selectRow(next(rows)) or app.processEvents(), 20
    )

    form = RecordForm("services", session, navigator)
    picker = form.editor("owner_id").picker  # type: ignore[attr-defined]

    def pick() -> list[float]:
        samples = []
        for typed in ("m", "ma", "mar", "mari", "maria", "maria f"):
            picker.edit.setText(typed)
            start = time.perf_counter()
            picker._search()
            samples.append((time.perf_counter() - start) * 1000)
        return samples

    pick()
    results["reference picker keystroke, 5,000 contacts"] = [s for _ in range(5) for s in pick()]

    print("\nITSCM Desktop — records page on the large organisation, offscreen\n")
    print(f"{'measure':48} {'median':>9} {'max':>9}")
    for name, samples in results.items():
        print(f"{name:48} {statistics.median(samples):8.1f}ms {max(samples):8.1f}ms")
    session.lock()
    window.close()


if __name__ == "__main__":
    main()
