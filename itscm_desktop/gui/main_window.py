"""The main window: a sidebar of the plan's parts, the page for the chosen part, a search
field, and the menus. It composes pages; it does not contain them.

Pages are built the first time they are shown (from `PAGES`), so opening even a large
plan costs one page, not eighteen.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from itscm_desktop.gui.navigation import Navigator, page_for
from itscm_desktop.gui.pages.base import Page
from itscm_desktop.gui.qr_warmer import QrWarmer
from itscm_desktop.gui.resources import icon
from itscm_desktop.gui.session import Session
from itscm_desktop.gui.settings import AppSettings


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    section: str
    #: "module:Class", imported when the page is first shown.
    factory: str
    args: tuple[Any, ...] = field(default=())
    icon: str = ""


_PAGES = "itscm_desktop.gui.pages"
_RECORDS = f"{_PAGES}.records:RecordsPage"

#: The sidebar, top to bottom: what a manager needs in an outage first.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", "Is the plan ready?", "Now", f"{_PAGES}.dashboard:DashboardPage",
             icon="dashboard"),
    PageSpec("who_to_call", "Who do I call?", "Now", f"{_PAGES}.who_to_call:WhoToCallPage",
             icon="phone"),
    PageSpec("incidents", "Incidents", "Now", _RECORDS, ("incidents",), "incident"),
    PageSpec("print_center", "Print Center", "Now", f"{_PAGES}.print_center:PrintCenterPage",
             icon="print"),
    PageSpec("services", "Services", "Plan", _RECORDS, ("services",), "service"),
    PageSpec("dependencies", "Dependencies", "Plan", _RECORDS, ("dependencies",), "dependency"),
    PageSpec("recovery_plans", "Recovery plans", "Plan", _RECORDS, ("recovery_plans",), "runbook"),
    PageSpec("risks", "Risks", "Plan", _RECORDS, ("risks",), "risk"),
    PageSpec("exercises", "Exercises", "Plan", _RECORDS, ("exercises",), "exercise"),
    PageSpec("contacts", "Contacts", "People", _RECORDS, ("contacts",), "contact"),
    PageSpec("teams", "Teams", "People", _RECORDS, ("teams",), "team"),
    PageSpec("call_trees", "Call trees", "People", _RECORDS, ("call_trees",), "call-tree"),
    PageSpec("suppliers", "Suppliers", "People", _RECORDS, ("suppliers",), "supplier"),
    PageSpec("sites", "Sites", "Inventory", _RECORDS, ("sites",), "site"),
    PageSpec("assets", "Assets", "Inventory", _RECORDS, ("assets",), "asset"),
    PageSpec("documents", "Documents", "Inventory", _RECORDS, ("documents",), "document"),
    PageSpec("message_templates", "Message templates", "Settings", _RECORDS,
             ("message_templates",), "message"),
    PageSpec("plan", "Plan settings", "Settings", f"{_PAGES}.plan_settings:PlanSettingsPage",
             icon="settings"),
    PageSpec("sync", "Sync with other laptops", "Settings", f"{_PAGES}.sync:SyncPage",
             icon="sync"),
    PageSpec("audit", "Change log", "Settings", f"{_PAGES}.audit:AuditPage", icon="history"),
)  # fmt: skip

_SPEC = {spec.key: spec for spec in PAGES}


def _build(spec: PageSpec, session: Session, navigator: Navigator) -> Page:
    module_name, _, class_name = spec.factory.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    page: Page = cls(*spec.args, session=session, navigator=navigator)
    page.setObjectName(f"page_{spec.key}")
    return page


class MainWindow(QMainWindow):
    #: The person asked to lock (Ctrl+L, the toolbar, the menu).
    lock_requested = Signal()

    def __init__(
        self, session: Session, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.navigator = Navigator(self)
        self.pages: dict[str, Page] = {}
        self._history: list[tuple[str, str, str]] = []  # (page, table, id) visited
        self._future: list[tuple[str, str, str]] = []
        self.setWindowTitle("ITSCM Desktop")
        self.setMinimumSize(QSize(960, 600))

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setUniformItemSizes(True)
        section = ""
        for spec in PAGES:
            if spec.section != section:
                section = spec.section
                heading = QListWidgetItem(section.upper())
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                heading.setData(Qt.ItemDataRole.UserRole, None)
                self.sidebar.addItem(heading)
            item = QListWidgetItem(icon(spec.icon), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.sidebar.addItem(item)
        self.sidebar.currentItemChanged.connect(self._sidebar_changed)

        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 1100])
        self.setCentralWidget(splitter)

        self._build_toolbar()
        self._build_menus()
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)

        # After unlocking, the other pages are built one per turn of the event loop
        # while the person reads the dashboard, so that opening one later only loads
        # and paints its records (~20 ms for 20,000 assets) instead of building it.
        self._warm_up: list[str] = []
        #: QR codes for the contact sheet, encoded in idle time after unlocking.
        self.qr_warmer = QrWarmer(session, self)
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._build_next_page)

        self.navigator.record_requested.connect(self.show_record)
        self.navigator.page_requested.connect(self._show_page_filtered)
        session.unlocked.connect(self._on_unlocked)
        session.locked.connect(self._on_locked)
        session.changed.connect(self._show_where)  # this laptop may have been renamed
        self._restore_geometry()

    # -- building --------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None,
                slot: Any, name: str) -> QAction:  # fmt: skip
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.back_action = self._action("Back", "Alt+Left", self.go_back, "back")
        self.back_action.setIcon(icon("back"))
        self.forward_action = self._action("Forward", "Alt+Right", self.go_forward, "forward")
        self.forward_action.setIcon(icon("forward"))
        bar.addAction(self.back_action)
        bar.addAction(self.forward_action)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("search_field")
        self.search_field.setPlaceholderText("Search everything (Ctrl+K)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(420)
        self.search_field.returnPressed.connect(self.open_search)
        bar.addWidget(self.search_field)
        self.search_action = self._action("Search…", "Ctrl+K", self.open_search, "search")
        self.who_action = self._action(
            "Who do I call?", "Ctrl+Shift+K", lambda: self.show_page("who_to_call"), "who_to_call"
        )
        self.who_action.setIcon(icon("phone"))
        bar.addAction(self.who_action)
        who_button = bar.widgetForAction(self.who_action)
        if isinstance(who_button, QToolButton):  # the outage question, in words
            who_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy())  # fmt: skip
        bar.addWidget(spacer)
        self.lock_action = self._action("Lock", "Ctrl+L", self.lock_requested.emit, "lock")
        self.lock_action.setIcon(icon("lock"))
        bar.addAction(self.lock_action)
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)

    def _build_menus(self) -> None:
        # The vault menu's handlers live in care.py and about.py, imported when used.
        menu = self.menuBar().addMenu("&File")
        self.open_other_action = self._action("Open another vault…", QKeySequence.StandardKey.Open,
                                              self._open_other, "open_other")  # fmt: skip
        menu.addAction(self.open_other_action)
        self.print_action = self._action("Print…", QKeySequence.StandardKey.Print,
                                         self._print, "print")  # fmt: skip
        menu.addAction(self.print_action)
        menu.addSeparator()
        self.import_action = self._action("Import contacts, assets…", "Ctrl+I",
                                          self._import, "import_records")  # fmt: skip
        menu.addAction(self.import_action)
        self.export_action = self._action("Export…", "Ctrl+E", self._export,
                                          "export_records")  # fmt: skip
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addSeparator()
        menu.addAction(self._action("Quit", QKeySequence.StandardKey.Quit, self.close, "quit"))

        menu = self.menuBar().addMenu("&Vault")
        for text, name, shortcut in [
            ("Back up now", "back_up_now", "Ctrl+Shift+B"),
            ("Restore from a backup…", "restore_backup", None),
            ("Check the file for damage", "check_integrity", None),
            ("Change passphrase…", "change_passphrase", None),
            ("Remember passphrase on this computer…", "remember_passphrase", None),
            ("Auto-lock…", "auto_lock_settings", None),
        ]:
            menu.addAction(self._action(text, shortcut, self._care(name), name))

        menu = self.menuBar().addMenu("&Go")
        menu.addAction(self.search_action)
        menu.addAction(self.who_action)
        menu.addAction(self.back_action)
        menu.addAction(self.forward_action)
        for number, key in enumerate(("dashboard", "who_to_call", "incidents", "services",
                                      "contacts", "teams", "call_trees", "suppliers",
                                      "assets"), start=1):  # fmt: skip
            go = self._action(_SPEC[key].title, f"Ctrl+{number}",
                              lambda _=False, k=key: self.show_page(k), f"go_{key}")  # fmt: skip
            menu.addAction(go)

        menu = self.menuBar().addMenu("&Help")
        menu.addAction(self._action("About ITSCM Desktop", None, self._care("about"), "about"))

    def _care(self, name: str) -> Any:
        def run() -> None:
            from itscm_desktop.gui import care

            getattr(care, name)(self)

        return run

    # -- pages -----------------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page `key`, built on first use."""
        if key not in self.pages:
            page = _build(_SPEC[key], self.session, self.navigator)
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def show_page(self, key: str, *, remember: bool = True) -> Page:
        page = self.page(key)
        if remember:
            self._remember((key, "", ""))
        self.stack.setCurrentWidget(page)
        self._select_sidebar(key)
        page.activate()
        return page

    def show_record(self, table: str, record_id: str) -> None:
        key = page_for(table)
        page = self.show_page(key, remember=False)
        self._remember((key, table, record_id))
        page.show_record(table, record_id)

    def _show_page_filtered(self, key: str, record_ids: list[str]) -> None:
        page = self.show_page(key)
        if record_ids:
            page.show_only(record_ids)

    def current_page_key(self) -> str | None:
        widget = self.stack.currentWidget()
        return next((k for k, p in self.pages.items() if p is widget), None)

    def _select_sidebar(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                self.sidebar.blockSignals(True)
                self.sidebar.setCurrentRow(row)
                self.sidebar.blockSignals(False)
                return

    def _sidebar_changed(self, item: QListWidgetItem | None, _: QListWidgetItem | None) -> None:
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if key and self.session.is_unlocked:
            self.show_page(str(key))

    # -- history ---------------------------------------------------------------------

    def _remember(self, place: tuple[str, str, str]) -> None:
        if self._history and self._history[-1] == place:
            return
        self._history.append(place)
        del self._history[:-100]
        self._future.clear()
        self._update_history_actions()

    def _go(self, place: tuple[str, str, str]) -> None:
        key, table, record_id = place
        page = self.show_page(key, remember=False)
        if table:
            page.show_record(table, record_id)
        self._update_history_actions()

    def go_back(self) -> None:
        if len(self._history) > 1:
            self._future.append(self._history.pop())
            self._go(self._history[-1])

    def go_forward(self) -> None:
        if self._future:
            self._history.append(self._future.pop())
            self._go(self._history[-1])

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(len(self._history) > 1)
        self.forward_action.setEnabled(bool(self._future))

    # -- search ----------------------------------------------------------------------

    def open_search(self) -> None:
        """Ctrl+K or Enter in the search field: the search popup, the same one if open."""
        from itscm_desktop.gui.search import SearchDialog

        if not self.session.is_unlocked:
            return
        dialog = self.findChild(SearchDialog)
        if dialog is None or not dialog.isVisible():
            dialog = SearchDialog(self.session, self.navigator, self)
        typed = self.search_field.text()
        if typed:
            dialog.set_query(typed)
        self.search_field.clear()
        dialog.open()
        dialog.activateWindow()

    def _print(self) -> None:
        """Ctrl+P: the Print Center; pressed again there, the print dialog."""
        if not self.session.is_unlocked:
            return
        again = self.current_page_key() == "print_center"
        page = self.show_page("print_center")
        if again:
            page.print_dialog()  # type: ignore[attr-defined]

    def _import(self) -> None:
        from itscm_desktop.gui.import_wizard import open_import_wizard

        open_import_wizard(self)

    def _export(self) -> None:
        from itscm_desktop.gui.export_dialog import open_export_dialog

        open_export_dialog(self)

    def _open_other(self) -> None:
        from itscm_desktop.gui import care

        care.open_other_vault(self)

    # -- session ---------------------------------------------------------------------

    def _show_where(self, *_changed: object) -> None:
        if self.session.is_unlocked:
            vault = self.session.vault
            self.status.setText(f"{vault.path}  ·  this computer: {vault.device_name}")

    def _on_unlocked(self) -> None:
        vault = self.session.vault
        plan = vault.plan()
        title = f"{plan.get('organisation') or 'Plan'} — {plan.get('title') or ''}".strip(" —")
        self.setWindowTitle(f"{title} — ITSCM Desktop")
        self._show_where()
        current = self.current_page_key()
        if current is None:
            self.show_page("dashboard")
        else:
            self.pages[current].activate()
        self._warm_up = [spec.key for spec in PAGES if spec.key not in self.pages]
        self._warm_timer.start()

    def _build_next_page(self) -> None:
        if not self._warm_up or not self.session.is_unlocked:
            self._warm_timer.stop()
            return
        self.page(self._warm_up.pop(0))

    @property
    def warming_up(self) -> bool:
        """True while pages are still being built in the background after unlocking."""
        return self._warm_timer.isActive()

    def _on_locked(self) -> None:
        self.setWindowTitle("ITSCM Desktop — locked")
        self.status.setText("Locked")

    # -- window state ----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window(QByteArray(self.saveGeometry()), QByteArray(self.saveState()))
        self.session.lock()
        super().closeEvent(event)
