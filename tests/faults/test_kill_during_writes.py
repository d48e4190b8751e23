"""A laptop that dies mid-save: kill -9 a process that is saving in a loop, at random
moments, and check that the vault opens, passes both integrity checks, holds every save
that returned, and holds no half of any save.

Quick mode runs 50 rounds; thorough mode (ITSCM_THOROUGH=1) runs 300.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from itscm_desktop.vault.oplog import logical_ops
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE, THOROUGH

ROUNDS = 300 if THOROUGH else 50

#: Each save adds a contact, puts them in a team and renames the team: three records in
#: one transaction, so a half-applied save is visible.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from itscm_desktop.vault.vault import Vault

    path, passphrase, start, team = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    print("ready", flush=True)
    with Vault.open(path, passphrase) as vault:
        print("open", flush=True)
        n = start
        while True:
            with vault.edit(author="writer") as edit:
                contact = edit.insert("contacts", {"full_name": f"writer-{n}",
                                                   "mobile_phone": "+447911123456"})
                edit.insert("team_members", {"team_id": team, "contact_id": contact,
                                             "position": n})
                edit.update("teams", team, {"description": f"last save {n}"})
            print(n, flush=True)
            n += 1
    """
)


def run_round(path: Path, team: str, start: int, rng: random.Random) -> list[int]:
    """Start a writer, let it save for a random moment, kill -9 it; return the saves it
    reported as done."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), PASSPHRASE, str(start), team],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.1))  # a fifth of the kills land while unlocking
    else:
        assert proc.stdout.readline().strip() == "open"  # however long unlocking takes
        time.sleep(rng.uniform(0.0, 0.25))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    return [int(line) for line in out.split() if line != "open"]


def test_kill_9_never_loses_a_returned_save_nor_leaves_half_of_one(tmp_path: Path) -> None:
    path = tmp_path / "plan.itscm"
    with Vault.create(path, PASSPHRASE, organisation="Crash Test Ltd") as vault:
        team = vault.insert("teams", {"name": "Crash team"})
    rng = random.Random(1234)
    acknowledged: set[int] = set()
    start = 0
    for _ in range(ROUNDS):
        done = run_round(path, team, start, rng)
        acknowledged.update(done)
        start = (max(done) + 1 if done else start) + 1_000  # never reuse a number

    with Vault.open(path, PASSPHRASE) as vault:
        report = vault.check()
        assert report.ok, report.problems
        contacts = {c["full_name"]: c["id"] for c in vault.records("contacts")}
        saved = {int(name.split("-")[1]) for name in contacts}
        assert acknowledged <= saved, f"lost saves: {sorted(acknowledged - saved)[:10]}"
        members = {m["contact_id"] for m in vault.records("team_members")}
        assert members == set(contacts.values()), "a contact without its team membership"
        # Every record has its op log, audit and search rows: nothing half-recorded.
        conn = vault.conn
        for table in ("contacts", "team_members"):
            rows = vault.count(table)
            created_ops = sum(
                1 for op in logical_ops(conn) if op.table == table and op.field == "_deleted"
            )
            audits = conn.execute(
                "SELECT count(*) FROM _audit WHERE tbl = ? AND action = 'create'", (table,)
            ).fetchone()[0]
            indexed = conn.execute(
                "SELECT count(*) FROM _search_docs WHERE tbl = ?", (table,)
            ).fetchone()[0]
            assert rows == created_ops == audits == indexed, table
        description = vault.get("teams", team)["description"]
        if saved:
            assert description == f"last save {max(saved)}"
        # The op log's sequence numbers have no gaps: every change is whole.
        seqs = [r[0] for r in conn.execute("SELECT seq FROM _changes ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1))
    assert len(acknowledged) >= ROUNDS // 5, "the writer hardly ever got a save in"
