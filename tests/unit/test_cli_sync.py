"""`itscm bundle`, `init --from-bundle`, `conflicts` and `resolve`, driven as a script
drives them: two laptops of one plan edit apart and converge through bundle files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.conftest import Plan, Run, as_json, assert_one_clear_error, fingerprint

pytestmark = pytest.mark.usefixtures("scripted")

EXCHANGE = "harbour crane seven tides"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "exchange.txt"
    path.write_text(EXCHANGE + "\n", encoding="utf-8")
    return path


def test_two_laptops_converge_through_bundle_files(
    itscm: Run, plan: Plan, vault: Path, secret: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    first = itscm("bundle", "export", vault, "-o", stick, "--exchange-passphrase-file", secret)
    assert first.code == 0, first.err
    [bundle] = list(stick.iterdir())
    assert bundle.suffix == ".itscm-bundle" and f"Wrote {bundle}" in first.out

    laptop_b = tmp_path / "b.itscm"
    joined = itscm("init", laptop_b, "--from-bundle", bundle, "--exchange-passphrase-file", secret,
                   "--laptop-name", "Laptop  B")  # fmt: skip
    assert joined.code == 0, joined.err
    assert "Joined the plan of Ørsted Łódź Ltd" in joined.out
    assert "This laptop is “Laptop B”" in joined.out
    stats = [as_json(itscm("stats", v, "--json").out) for v in (vault, laptop_b)]
    assert stats[0] == stats[1]

    ana = plan.ids["ana"]
    assert itscm("set", vault, "contacts", ana, "job_title=Chief from A").code == 0
    assert itscm("set", laptop_b, "contacts", ana, "job_title=Chief from B").code == 0
    from_b = tmp_path / "from-b.itscm-bundle"
    assert itscm("bundle", "export", laptop_b, "-o", from_b).code == 0  # passphrase kept

    before = fingerprint(vault)
    preview = itscm("bundle", "import", vault, from_b, "--dry-run", "--json")
    assert preview.code == 0, preview.err
    report = as_json(preview.out)
    assert isinstance(report, dict)
    assert (report["dry_run"], report["new_changes"]) == (True, 1)
    assert [c["field"] for c in report["new_conflicts"]] == ["job_title"]
    assert report["records"] == {"contacts": {"added": 0, "changed": 1, "deleted": 0}}
    assert fingerprint(vault)[0] == before[0]

    taken = itscm("bundle", "import", vault, from_b, "--exchange-passphrase-file", secret)
    assert taken.code == 0, taken.err
    assert "1 new change, 1 new conflict." in taken.out
    again = itscm("bundle", "import", vault, from_b)
    assert "0 new changes, 0 new conflicts" in again.out and "already had every" in again.out

    listed = as_json(itscm("conflicts", vault, "--json").out)
    assert isinstance(listed, dict)
    [conflict] = listed["conflicts"]
    values = {v["number"]: (v["value"], v["laptop"]) for v in conflict["values"]}
    assert sorted(v for v, _ in values.values()) == ["Chief from A", "Chief from B"]
    assert "Laptop B" in {laptop for _, laptop in values.values()}
    text = itscm("conflicts", vault).out
    assert f"{conflict['id']}  Contact “Ana Souza”: Job title" in text
    assert "(shown now)" in text

    keep = next(n for n, (value, _) in values.items() if value == "Chief from A")
    settled = itscm("resolve", vault, conflict["id"][:6], "--keep", str(keep))
    assert settled.code == 0, settled.err
    assert settled.out == "Settled: Contact “Ana Souza”: Job title.\n"
    assert itscm("conflicts", vault).out.startswith("No conflicts")
    shown = as_json(itscm("show", vault, "contacts", ana, "--json").out)
    assert isinstance(shown, dict) and shown["record"]["job_title"] == "Chief from A"

    register = as_json(itscm("bundle", "register", vault, "--json").out)
    assert isinstance(register, dict)
    seen = [(b["direction"], b["new_changes"], b["new_conflicts"]) for b in register["bundles"]]
    assert seen == [("import", 0, 0), ("import", 1, 1), ("export", None, None)]
    assert register["bundles"][1]["place"] == str(from_b)
    listed_text = itscm("bundle", "register", vault).out
    assert "1 new, 1 conflict" in listed_text and "exported" in listed_text

    back = tmp_path / "back.itscm-bundle"
    assert itscm("bundle", "export", vault, "-o", back).code == 0
    assert itscm("bundle", "import", laptop_b, back).code == 0
    assert itscm("conflicts", laptop_b).out.startswith("No conflicts")


def test_a_file_that_is_not_a_bundle_is_refused_and_nothing_written(
    itscm: Run, vault: Path, secret: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "holiday.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a bundle")
    before = fingerprint(vault)
    result = itscm("bundle", "import", vault, junk, "--exchange-passphrase-file", secret)
    assert result.code == 5
    assert_one_clear_error(result.err, "not a bundle from ITSCM Desktop", "Nothing was imported")
    assert fingerprint(vault)[0] == before[0]
    missing = itscm("bundle", "import", vault, tmp_path / "gone.itscm-bundle")
    assert missing.code == 5
    assert_one_clear_error(missing.err, "There is no file")


def test_without_an_exchange_passphrase_a_script_is_told_how_to_give_one(
    itscm: Run, vault: Path, tmp_path: Path
) -> None:
    result = itscm("bundle", "export", vault, "-o", tmp_path)
    assert result.code == 2
    assert_one_clear_error(result.err, "--exchange-passphrase-file")
    assert not list(tmp_path.glob("*.itscm-bundle"))


def test_resolving_what_is_not_there_is_refused(itscm: Run, vault: Path) -> None:
    result = itscm("resolve", vault, "abc123", "--keep", "1")
    assert result.code == 5
    assert_one_clear_error(result.err, "no conflict")
    usage = itscm("resolve", vault, "abc123")
    assert usage.code == 2


def test_joining_needs_a_good_bundle_and_leaves_no_file_otherwise(
    itscm: Run, secret: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.itscm-bundle"
    junk.write_bytes(b"age-encryption.org/v1\n-> scrypt broken\n")
    target = tmp_path / "new.itscm"
    result = itscm("init", target, "--from-bundle", junk, "--exchange-passphrase-file", secret)
    assert result.code == 5
    assert_one_clear_error(result.err, "damaged", "No vault was made")
    assert not target.exists()


def test_a_weak_exchange_passphrase_is_not_kept(itscm: Run, vault: Path, tmp_path: Path) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("1234\n", encoding="utf-8")
    result = itscm("bundle", "export", vault, "-o", tmp_path, "--exchange-passphrase-file", weak)
    assert result.code == 5
    assert_one_clear_error(result.err, "Exchange passphrase: Use at least 12 characters")
    assert not list(tmp_path.glob("*.itscm-bundle"))


def test_a_blank_laptop_name_is_refused_before_any_file_is_made(itscm: Run, tmp_path: Path) -> None:
    target = tmp_path / "new.itscm"
    result = itscm("init", target, "--organisation", "Acme", "--laptop-name", "   ")
    assert result.code == 5
    assert_one_clear_error(result.err, "--laptop-name")
    assert not target.exists()
