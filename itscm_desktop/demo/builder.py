"""The generator's working state: one open save, the seeded random source, the reference
date, and the ids of what has been written so far, by table and by key.

Everything random goes through `rng`; everything dated counts back from `today`. Keys
are the content's own names ("helen", "erp"); ids are the vault's UUIDs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from itscm_desktop.demo.names import email_local
from itscm_desktop.demo.phones import PhoneBook
from itscm_desktop.vault.edits import Edit


class Builder:
    def __init__(self, edit: Edit, rng: random.Random, today: date) -> None:
        self.edit = edit
        self.rng = rng
        self.today = today
        self.phones = PhoneBook(rng)
        self.counts: Counter[str] = Counter()
        #: Generated colleagues' ids by department (asset owners, team members).
        self.staff: dict[str, list[str]] = {}
        self._ids: dict[str, dict[str, str]] = {}
        self._emails: set[str] = set()

    # -- writing ------------------------------------------------------------------------

    def add(self, table: str, values: Mapping[str, object], key: str | None = None) -> str:
        """Insert a record (empty values left out) and remember its id under `key`."""
        record_id = self.edit.insert(table, {k: v for k, v in values.items() if v is not None})
        self.counts[table] += 1
        if key is not None:
            self._ids.setdefault(table, {})[key] = record_id
        return record_id

    def document(
        self, name: str, data: bytes, media_type: str, linked_id: str | None, description: str
    ) -> str:
        record_id = self.edit.put_document(
            name, data, media_type=media_type, linked_id=linked_id, description=description
        )
        self.counts["documents"] += 1
        return record_id

    # -- looking up ---------------------------------------------------------------------

    def id(self, table: str, key: str) -> str:
        return self._ids[table][key]

    def ids(self, table: str, keys: tuple[str, ...] | list[str]) -> list[str]:
        return [self._ids[table][key] for key in keys]

    def keyed(self, table: str) -> dict[str, str]:
        """Every remembered id of a table, by key, in the order they were written."""
        return self._ids.get(table, {})

    # -- dates and addresses ------------------------------------------------------------

    def day(self, days_ago: int) -> str:
        """The ISO date `days_ago` days before the reference date (negative: after it)."""
        return (self.today - timedelta(days=days_ago)).isoformat()

    def moment(self, days_ago: int, hour: int, minute: int, plus_minutes: int = 0) -> str:
        """An ISO UTC timestamp on the day `days_ago` before the reference date."""
        start = datetime.combine(self.today - timedelta(days=days_ago), time(hour, minute), UTC)
        return (start + timedelta(minutes=plus_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def work_email(self, given: str, surname: str, domain: str, local: str | None = None) -> str:
        """first.last@domain (or local@domain), numbered when the address is taken."""
        local = local or email_local(given, surname)
        address, number = f"{local}@{domain}", 1
        while address in self._emails:
            number += 1
            address = f"{local}{number}@{domain}"
        self._emails.add(address)
        return address
