"""The whole plan as one JSON document, for archiving, auditors and other tools.

The format is documented in docs/json-export.md; `FORMAT_VERSION` changes when a
reader would have to change. Values are the vault's stored values (E.164 numbers, whole
minutes, choice codes, ISO dates, UTC timestamps, lists of ids), the same as
``itscm list --json`` prints. Documents are listed with their size and fingerprint;
their contents stay in the vault (a plan's diagrams and contracts would make the file
unreadable in an editor).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from itscm_desktop.domain.entities import REGISTRY
from itscm_desktop.domain.registry import SYSTEM_FIELDS
from itscm_desktop.vault.migrations import schema_version
from itscm_desktop.vault.vault import Vault

FORMAT = "itscm-plan"
FORMAT_VERSION = 1


def plan_to_json(vault: Vault, *, now: datetime | None = None) -> bytes:
    """Every record of every table, each with all its fields, as UTF-8 JSON."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    tables: dict[str, list[dict[str, Any]]] = {}
    for entity in REGISTRY:
        names = (*SYSTEM_FIELDS, *entity.field_names)
        records = sorted(vault.records(entity.table), key=lambda r: str(r["id"]))
        tables[entity.table] = [{name: record.get(name) for name in names} for record in records]
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": schema_version(vault.conn),
        "plan_id": vault.plan_id,
        "exported_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "exported_from": vault.device_name,
        "counts": {table: len(rows) for table, rows in tables.items()},
        "tables": tables,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")
