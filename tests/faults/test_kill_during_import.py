"""A laptop that dies while taking in a bundle: kill -9 the import at random moments and
check that the vault opens, passes its integrity checks, and holds either none of the
bundle's changes or all of them — never some — with its tables and its conflicts exactly
what its op log says.

Quick mode runs 12 rounds; thorough mode (ITSCM_THOROUGH=1) runs 60.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from itscm_desktop.sync.bundle import pack
from itscm_desktop.sync.exchange import make_plan_bundle, take_bundle
from itscm_desktop.vault import merging
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE, THOROUGH

ROUNDS = 60 if THOROUGH else 12

IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from itscm_desktop.sync.bundle import unpack
    from itscm_desktop.sync.exchange import take_bundle
    from itscm_desktop.vault import migrations
    from itscm_desktop.vault.vault import Vault

    path, passphrase, zipped = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]).read_bytes()
    print("ready", flush=True)
    with Vault.open(path, passphrase) as vault:
        bundle = unpack(zipped, plan_id=vault.plan_id,
                        schema_version=migrations.SCHEMA_VERSION)
        print("open", flush=True)
        take_bundle(vault, bundle, zipped)
        print("done", flush=True)
    """
)


def changes_held(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM _changes").fetchone()[0])


def test_kill_9_during_an_import_leaves_all_of_it_or_none(tmp_path: Path) -> None:
    a = Vault.create(tmp_path / "a.itscm", PASSPHRASE, organisation="Crash Test Ltd",
                     device_name="A")  # fmt: skip
    pristine = tmp_path / "b-pristine.itscm"
    b = Vault.join(pristine, PASSPHRASE, plan_id=a.plan_id, device_name="B")
    take_bundle(b, make_plan_bundle(a), b"")
    for n in range(5):
        b.insert("contacts", {"full_name": f"B person {n}"})
    before = changes_held(b)  # A's first change and B's own five
    b.close()
    with a.edit() as edit:  # one big change: the import is one long transaction
        for n in range(1500):
            edit.insert("contacts", {"full_name": f"A person {n}", "notes": "x" * 200})
    for n in range(150):  # and many small ones
        a.update("plan", a.plan()["id"], {"version": f"3.{n}"})
    zipped = tmp_path / "bundle.zip"
    zipped.write_bytes(pack(make_plan_bundle(a)))
    after = before + changes_held(a) - 1  # everything A made, B's own kept
    a.close()

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    rng = random.Random(2026)
    outcomes = {"none": 0, "all": 0}
    for _ in range(ROUNDS):
        path = tmp_path / "b.itscm"
        for old in tmp_path.glob("b.itscm*"):
            old.unlink()
        shutil.copyfile(pristine, path)
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(path), PASSPHRASE, str(zipped)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        assert proc.stdout.readline().strip() == "open"
        time.sleep(rng.uniform(0.0, 0.35))  # the import takes 0.15-0.45 s here
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        with Vault.open(path, PASSPHRASE) as vault:
            assert vault.check().ok
            held = changes_held(vault)
            assert held in (before, after), held
            outcomes["all" if held == after else "none"] += 1
            rows = [r for (r,) in vault.conn.execute("SELECT DISTINCT row_id FROM _ops")]
            vault.conn.execute("BEGIN IMMEDIATE")
            again = merging.refresh(vault.conn, rows)  # the tables are the merged log
            vault.conn.execute("ROLLBACK")
            assert (again.created, again.updated, again.deleted) == ([], [], [])
            assert (again.new_conflicts, again.cleared_conflicts) == ([], [])
    assert outcomes["none"] and outcomes["all"], outcomes  # kills landed before and after
