"""RecordTableModel without widgets: columns, cells, sorting, filtering, paging, row_of,
dashboard restrictions, refresh after a save, and forgetting everything on lock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from itscm_desktop.domain.phones import format_phone
from itscm_desktop.gui.models.record_table_model import PAGE_SIZE, RecordTableModel
from itscm_desktop.gui.session import Session
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

ASSETS = 1234
H = Qt.Orientation.Horizontal


@pytest.fixture(scope="module")
def many_assets_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan with 1,234 assets over three sites, numbered so their order is known."""
    path = tmp_path_factory.mktemp("many") / "many.itscm"
    vault = Vault.create(path, PASSPHRASE, organisation="Many Assets Ltd")
    with vault, vault.edit() as edit:
        sites = [
            edit.insert("sites", {"name": name, "kind": "data_centre"})
            for name in ("Alpha DC", "Bravo DC", "Charlie DC")
        ]
        for n in range(ASSETS):
            edit.insert(
                "assets",
                {
                    "name": f"host-{n:04d}",
                    "kind": "cloud" if n % 10 == 0 else "hardware",
                    "vendor": "Zeta" if n % 2 else "Acme",
                    "site_id": sites[n % 3],
                    "criticality": "critical" if n % 7 == 0 else "medium",
                },
            )
    return path


@pytest.fixture
def many(many_assets_template: Path, tmp_path: Path) -> Iterator[Session]:
    path = tmp_path / "many.itscm"
    shutil.copyfile(many_assets_template, path)
    session = Session()
    session.open(Vault.open(path, PASSPHRASE))
    yield session
    session.lock()


def loaded(session: Session, table: str) -> RecordTableModel:
    model = RecordTableModel(session, table)
    model.refresh()
    return model


def column(model: RecordTableModel, name: str) -> int:
    return [f.name for f in model.columns].index(name)


def cell(model: RecordTableModel, row: int, name: str) -> str:
    return str(model.data(model.index(row, column(model, name))))


def names(model: RecordTableModel) -> list[str]:
    title = model.entity.title_field
    return [str(model.record(r)[title]) for r in range(model.rowCount())]  # type: ignore[index]


# -- columns and cells ----------------------------------------------------------------


def test_columns_are_the_listed_fields_with_their_labels(session: Session) -> None:
    model = loaded(session, "contacts")
    headers = [model.headerData(c, H) for c in range(model.columnCount())]
    assert headers == [
        "Full name",
        "Job title",
        "Organisation",
        "Department",
        "Mobile",
        "Work phone",
        "Work e-mail",
        "Last verified",
    ]
    assert model.rowCount() == model.total == 74


def test_model_passes_qt_model_checks(session: Session, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(loaded(session, "assets"))


def test_cells_are_written_for_people(session: Session) -> None:
    vault = session.vault
    services = loaded(session, "services")
    row = services.row_of(next(r["id"] for r in vault.records("services") if r["rto_minutes"]))
    assert row is not None
    record = services.record(row)
    assert record is not None
    owner = vault.get("contacts", record["owner_id"])
    assert cell(services, row, "owner_id") == owner["full_name"]
    assert cell(services, row, "rto_minutes") in {"1 d", "2 h", "4 h", "8 h", "5 d", "3 d", "2 d"}
    tier = services.index(row, column(services, "tier"))
    assert services.data(tier, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )

    contacts = loaded(session, "contacts")
    first = contacts.record(0)
    assert first is not None
    assert cell(contacts, 0, "mobile_phone") == format_phone(first["mobile_phone"])
    assert cell(contacts, 0, "mobile_phone").startswith("+") and " " in cell(
        contacts, 0, "mobile_phone"
    )

    assets = loaded(session, "assets")
    kinds = {cell(assets, r, "kind") for r in range(assets.rowCount())}
    assert "Cloud" in kinds and "cloud" not in kinds


def test_references_are_named_in_one_lookup_per_table(
    many: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itscm_desktop.gui.models import record_table_model

    calls: list[tuple[tuple[str, ...], int]] = []
    real = record_table_model.referenced_titles

    def counting(vault: Vault, tables: tuple[str, ...], ids: object) -> dict[str, str]:
        found = real(vault, tables, ids)  # type: ignore[arg-type]
        calls.append((tuple(tables), len(found)))
        return found

    monkeypatch.setattr(record_table_model, "referenced_titles", counting)
    model = loaded(many, "assets")
    assert calls == [(("sites",), 3)]
    assert {cell(model, r, "site_id") for r in range(model.rowCount())} == {
        "Alpha DC",
        "Bravo DC",
        "Charlie DC",
    }
    model.fetchMore(QModelIndex())
    assert calls == [(("sites",), 3)]  # the sites of the next page are known already


def test_a_deleted_reference_and_lists_of_references(session: Session) -> None:
    vault = session.vault
    incident = vault.records("incidents")[0]
    from itscm_desktop.domain.entities import REGISTRY
    from itscm_desktop.gui.models.record_table_model import cell_text

    services = REGISTRY["incidents"].field("service_ids")
    assert cell_text(services, incident["service_ids"], {}) == "4 services"
    assert cell_text(services, incident["service_ids"][:1], {}) == "1 service"
    assert cell_text(services, [], {}) == ""
    owner = REGISTRY["services"].field("owner_id")
    assert cell_text(owner, "6f1c1c3e-0000-4000-8000-000000000000", {}) == "(deleted)"
    declared = REGISTRY["incidents"].field("declared_at")
    assert cell_text(declared, incident["declared_at"], {}).count(":") == 1  # local hh:mm


# -- sorting, filtering, paging -------------------------------------------------------


def test_first_page_then_more_as_the_view_scrolls(many: Session) -> None:
    model = loaded(many, "assets")
    assert model.total == ASSETS
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    assert names(model)[:3] == ["host-0000", "host-0001", "host-0002"]
    assert names(model)[PAGE_SIZE] == f"host-{PAGE_SIZE:04d}"
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == ASSETS
    assert len(set(names(model))) == ASSETS


def test_sort_by_a_column_asks_the_vault_again(many: Session) -> None:
    model = loaded(many, "assets")
    model.sort(column(model, "name"), Qt.SortOrder.DescendingOrder)
    assert names(model)[0] == f"host-{ASSETS - 1:04d}"
    assert model.rowCount() == PAGE_SIZE
    model.sort(column(model, "criticality"), Qt.SortOrder.AscendingOrder)
    assert {cell(model, r, "criticality") for r in range(100)} == {"Critical"}
    model.sort(column(model, "criticality"), Qt.SortOrder.DescendingOrder)
    assert cell(model, 0, "criticality") == "Medium"


def test_filter_as_typed(many: Session) -> None:
    model = loaded(many, "assets")
    model.set_filter_text("host-012")
    assert model.total == 10
    assert names(model) == [f"host-012{n}" for n in range(10)]
    model.set_filter_text("cloud")  # a choice label answers too
    assert model.total == len(range(0, ASSETS, 10))
    assert {cell(model, r, "kind") for r in range(model.rowCount())} == {"Cloud"}
    model.set_filter_text("nothing-like-this")
    assert (model.total, model.rowCount(), model.canFetchMore(QModelIndex())) == (0, 0, False)
    model.set_filter_text("")
    assert model.total == ASSETS


def test_selection_follows_its_record_through_sort_and_filter(many: Session) -> None:
    model = loaded(many, "assets")
    target = model.record_id(7)
    assert target is not None and names(model)[7] == "host-0007"
    kept = QPersistentModelIndex(model.index(7, 1))
    model.set_filter_text("host-000")
    assert (kept.row(), kept.column()) == (7, 1)
    model.sort(column(model, "name"), Qt.SortOrder.DescendingOrder)
    assert kept.row() == 2 and model.record_id(kept.row()) == target
    model.set_filter_text("host-09")
    assert not kept.isValid()


def test_row_of_reads_up_to_a_record_deep_in_the_list(many: Session) -> None:
    model = loaded(many, "assets")
    deep = next(r["id"] for r in many.vault.records("assets", where={"name": "host-1111"}))
    row = model.row_of(deep)
    assert row == 1111
    assert model.record_id(1111) == deep
    assert PAGE_SIZE * 5 < model.rowCount() <= 1111 + PAGE_SIZE
    assert model.row_of(deep) == 1111
    model.set_filter_text("host-00")
    assert model.row_of(deep) is None


def test_only_ids_shows_just_those_records_in_list_order(many: Session) -> None:
    model = loaded(many, "assets")
    chosen = [
        r["id"]
        for r in many.vault.records("assets", where={"criticality": "critical", "kind": "cloud"})
    ]
    model.set_only_ids(chosen)
    assert model.total == model.rowCount() == len(chosen)
    assert names(model) == sorted(names(model))
    model.sort(column(model, "name"), Qt.SortOrder.DescendingOrder)
    assert names(model) == sorted(names(model), reverse=True)
    model.set_filter_text("host-00")
    assert names(model) == ["host-0070", "host-0000"]
    model.set_only_ids(None)
    assert model.total == 100


def test_refresh_after_a_save_shows_the_change_and_keeps_the_rows_read(many: Session) -> None:
    model = loaded(many, "assets")
    model.fetchMore(QModelIndex())
    kept = QPersistentModelIndex(model.index(42, 0))
    renamed = model.record_id(3)
    assert renamed is not None
    many.vault.update("assets", renamed, {"name": "host-0003 renamed"})
    many.vault.insert("assets", {"name": "aaa-first", "kind": "data"})
    model.refresh()
    assert model.total == ASSETS + 1
    assert model.rowCount() == 2 * PAGE_SIZE
    assert names(model)[0] == "aaa-first"
    assert "host-0003 renamed" in names(model)
    assert kept.row() == 43 and model.record(43)["name"] == "host-0042"  # type: ignore[index]


def test_lock_forgets_every_record(session: Session) -> None:
    model = loaded(session, "contacts")
    assert model.rowCount() == 74
    session.lock()
    assert (model.rowCount(), model.total) == (0, 0)
    assert model.record(0) is None and model.row_of("anything") is None
    model.refresh()  # nothing to read, and no error
    assert model.rowCount() == 0
