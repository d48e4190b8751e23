"""The part of the DB-API connection the vault uses, typed (sqlcipher3 ships no stubs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

Params = Sequence[Any] | Mapping[str, Any]


class Cursor(Protocol):
    description: Sequence[Sequence[Any]] | None
    rowcount: int
    lastrowid: int | None

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    in_transaction: bool
    isolation_level: str | None

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Params], /) -> Cursor: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...


def rollback(conn: Connection) -> None:
    """Undo the open transaction. After some errors (a full disk, an I/O error) SQLite has
    undone it already, and a ROLLBACK then would raise and hide the real error."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


@contextmanager
def transaction(conn: Connection, *, keep: bool = True) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT around the block; on any exception the transaction is
    undone. `keep=False` undoes it even when the block succeeds (a dry run)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        rollback(conn)
        raise
    if keep:
        conn.execute("COMMIT")
    else:
        rollback(conn)
