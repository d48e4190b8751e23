"""The import plan and applying it: validation as the app does it, matches offered as
updates, duplicates within the file, rejected rows with their line, all or nothing."""

from __future__ import annotations

import pytest

from itscm_desktop.interchange.importing import apply_import, plan_import
from itscm_desktop.interchange.problems import ImportRefused
from itscm_desktop.interchange.reading import parse_import
from itscm_desktop.vault.vault import Vault
from tests.unit.interchange.conftest import sample


def plan_csv(vault: Vault, table: str, text: str):  # type: ignore[no-untyped-def]
    return plan_import(vault, parse_import(text.encode("utf-8"), table))


def state(vault: Vault) -> tuple[dict[str, int], int]:
    return vault.stats(), len(vault.audit_trail(limit=100_000))


def test_google_contacts_become_new_contacts_in_stored_form(vault: Vault) -> None:
    plan = plan_import(vault, parse_import(sample("google_contacts.csv"), "contacts"))
    assert plan.rejected == ()
    assert [n.title for n in plan.new] == ["Hans Müller", "Zoë Laurent", "Priya Raman"]
    result = apply_import(vault, plan)
    assert result.summary() == "3 new contacts, 0 updated, 0 rejected."
    hans = vault.get("contacts", result.created[0])
    assert hans["mobile_phone"] == "+4915123456789"
    assert hans["work_phone"] == "+49301234567"
    assert hans["personal_email"] == "hans@example.org"
    priya = vault.get("contacts", result.created[2])
    assert priya["home_phone"] == "+442079460123"  # national, read in the plan's region


def test_every_phone_export_imports_without_rejections(vault: Vault) -> None:
    exports = (
        "outlook_contacts.csv",
        "google_contacts_new.csv",
        "iphone.vcf",
        "android.vcf",
        "contacts_v4.vcf",
        "contacts_cp1252_semicolon.csv",
        "contacts_utf16_bom.txt",
    )
    for name in exports:
        plan = plan_import(vault, parse_import(sample(name), "contacts"))
        assert plan.rejected == (), (name, plan.rejected)
        assert plan.new, name


def test_malformed_rows_are_rejected_with_their_lines(vault: Vault) -> None:
    plan = plan_import(vault, parse_import(sample("contacts_malformed.csv"), "contacts"))
    assert [str(r) for r in plan.rejected] == [
        "Line 4: Mobile: “12” is not a complete phone number.",
        "Line 5: Full name is required.",
        "Line 6: this row has 5 columns but the header has 4; check it for a missing quote "
        "or an extra delimiter.",
        "Line 7: Work e-mail: “not-an-address” has no @.",
    ]
    assert [n.line for n in plan.new] == [2, 8]
    assert plan.summary() == "2 new contacts, 0 to update, 4 rejected."


def test_a_plan_with_rejected_rows_is_applied_only_when_asked(vault: Vault) -> None:
    plan = plan_import(vault, parse_import(sample("contacts_malformed.csv"), "contacts"))
    before = state(vault)
    with pytest.raises(ImportRefused, match="4 rows of the file cannot be imported"):
        apply_import(vault, plan)
    assert state(vault) == before
    result = apply_import(vault, plan, skip_rejected=True)
    assert result.summary() == "2 new contacts, 0 updated, 4 rejected."
    assert vault.count("contacts") == before[0]["contacts"] + 2


def test_matches_by_email_then_mobile_then_name(vault: Vault, ids: dict[str, str]) -> None:
    plan = plan_csv(
        vault,
        "contacts",
        "Full name,Job title,Mobile,Work e-mail,Work phone\n"
        "A. Souza,Head of network,,ANA.SOUZA@example.pt,\n"  # same address, other case
        "Bo L.,,+46 70 765 43 21,,\n"  # same mobile
        "bo lindqvist,,,,+44 20 7946 0000\n",  # same name, but line 3 already is Bo
    )
    first, second = plan.updates
    assert (first.line, first.record_id, first.matched_by) == (2, ids["ana"], "e-mail address")
    assert {c.field: (c.old, c.new) for c in first.changes} == {
        "full_name": ("Ana Souza", "A. Souza"),
        "job_title": ("Network lead", "Head of network"),
    }
    assert (second.record_id, second.matched_by) == (ids["bo"], "mobile number")
    assert [str(r) for r in plan.rejected] == [
        "Line 4: it matches Bo Lindqvist (same name), as line 3 does; give each contact once."
    ]
    result = apply_import(vault, plan, skip_rejected=True)
    assert vault.get("contacts", ids["ana"])["job_title"] == "Head of network"
    assert result.updated[:2] == (ids["ana"], ids["bo"])


def test_a_name_match_updates_and_a_work_number_identifies_nobody(
    vault: Vault, ids: dict[str, str]
) -> None:
    plan = plan_csv(
        vault,
        "contacts",
        "Full name,Work phone,Job title\n"
        "BO LINDQVIST,+44 20 7946 0000,DBA\n"
        "Someone Else,+44 20 7946 0000,Porter\n",  # the same switchboard number
    )
    (update,) = plan.updates
    assert (update.record_id, update.matched_by) == (ids["bo"], "name")
    assert [n.title for n in plan.new] == ["Someone Else"]


def test_rows_already_up_to_date_are_neither_new_nor_updates(vault: Vault) -> None:
    plan = plan_csv(vault, "contacts", "Name,Cell\nAna Souza,+351 912 345 678\n")
    assert (plan.new, plan.updates, len(plan.unchanged)) == ((), (), 1)
    assert plan.summary() == "0 new contacts, 0 to update, 1 already up to date, 0 rejected."


def test_duplicates_inside_the_file_point_at_the_first_row(vault: Vault) -> None:
    plan = plan_csv(
        vault,
        "contacts",
        "Full name,Mobile,Work e-mail\n"
        "Kim Park,+44 7400 111222,kim@example.com\n"
        "Kim P.,,KIM@example.com\n"
        "Lee Chan,+44 7400 333444,\n"
        "L. Chan,07400 333444,\n"
        "Max Roe,,\n"
        "max roe,,\n",
    )
    assert [str(r) for r in plan.rejected] == [
        "Line 3: the same contact as line 2 (same e-mail address); give each once.",
        "Line 5: the same contact as line 4 (same mobile number); give each once.",
        "Line 7: the same contact as line 6 (same name); give each once.",
    ]


def test_no_update_leaves_matching_records_alone(vault: Vault, ids: dict[str, str]) -> None:
    plan = plan_csv(vault, "contacts", "Name,Job title\nAna Souza,Chief\nNew Person,Clerk\n")
    result = apply_import(vault, plan, update_existing=False)
    assert result.summary() == "1 new contact, 0 updated, 1 existing left as they were, 0 rejected."
    assert vault.get("contacts", ids["ana"])["job_title"] == "Network lead"


def test_assets_take_choices_by_label_or_code_and_references_by_name(
    vault: Vault, ids: dict[str, str]
) -> None:
    plan = plan_import(vault, parse_import(sample("assets_utf8_bom.csv"), "assets"))
    assert plan.rejected == ()
    db_update, erp = plan.updates, plan.new
    assert db_update[0].record_id == ids["db"]
    result = apply_import(vault, plan)
    db = vault.get("assets", ids["db"])
    assert (db["criticality"], db["backup_frequency"], db["serial"]) == (
        "critical",
        "daily",
        "SN-001",
    )
    app = vault.get("assets", result.created[0])
    assert (app["kind"], app["criticality"], app["backup_frequency"]) == (
        "software",
        "high",
        "continuous",
    )
    assert erp[0].title == "erp-app"


def test_unknown_and_ambiguous_references_reject_the_row(vault: Vault) -> None:
    vault.insert("sites", {"name": "Depot", "kind": "office"})
    vault.insert("sites", {"name": "depot", "kind": "data_centre"})
    plan = plan_csv(
        vault,
        "assets",
        "Name,Kind,Site,Owner\n"
        "sw-1,network,Depot,\n"
        "sw-2,network,Moon base,\n"
        "sw-3,network,,Nobody\n",
    )
    assert [str(r) for r in plan.rejected] == [
        "Line 2: Site: 2 records are called “Depot”; give the id of the site meant.",
        "Line 3: Site: there is no site called “Moon base”.",
        "Line 4: Owner: there is no contact called “Nobody”.",
    ]


def test_rules_between_fields_are_checked_as_in_the_app(vault: Vault) -> None:
    plan = plan_csv(vault, "services", "Name,RTO,MTD\nPayroll,2 d,1 d\nERP,8 h,\n")
    (rejected,) = plan.rejected
    assert rejected.line == 2 and rejected.reason.startswith("RTO: 2 d is longer than the MTD")
    # ERP exists with an MTD of 1 day: an RTO of 8 h fits; 2 d would not.
    assert plan.updates[0].values == {"rto_minutes": 480}
    late = plan_csv(vault, "services", "Name,RTO\nERP,2 d\n")
    assert late.rejected[0].reason.startswith("RTO: 2 d is longer than the MTD")


def test_a_failure_while_applying_writes_nothing(vault: Vault, ids: dict[str, str]) -> None:
    plan = plan_csv(
        vault,
        "contacts",
        "Full name,Site\nFirst Person,\nSecond Person,\nAt The Office,Head office\nLast,\n",
    )
    assert len(plan.new) == 4 and plan.rejected == ()
    # Between planning and applying someone deletes the site the third row points at.
    vault.delete("sites", ids["site"], clear_references=True)
    before = state(vault)
    with pytest.raises(ImportRefused, match=r"^Line 4: Site: there is no site with id .*"
                       r"Nothing was imported\.$"):  # fmt: skip
        apply_import(vault, plan)
    assert state(vault) == before
    assert not [c for c in vault.records("contacts") if c["full_name"] == "First Person"]


def test_an_update_of_a_record_deleted_meanwhile_writes_nothing(
    vault: Vault, ids: dict[str, str]
) -> None:
    plan = plan_csv(vault, "contacts", "Name,Job title\nNew One,x\nBo Lindqvist,DBA\n")
    vault.delete("contacts", ids["bo"], clear_references=True)
    before = state(vault)
    with pytest.raises(ImportRefused, match="Line 3: the contact it updates was deleted"):
        apply_import(vault, plan)
    assert state(vault) == before


def test_different_email_addresses_veto_a_match_by_mobile_or_name(
    vault: Vault, ids: dict[str, str]
) -> None:
    plan = plan_csv(
        vault,
        "contacts",
        "Full name,Mobile,Work e-mail\n"
        "On Call One,+44 7400 999000,one@example.com\n"
        "On Call Two,+44 7400 999000,two@example.com\n"  # a shared on-call phone
        "Ana Souza,,another.ana@example.com\n",  # a namesake, not our Ana
    )
    assert plan.rejected == () and plan.updates == ()
    assert [n.title for n in plan.new] == ["On Call One", "On Call Two", "Ana Souza"]


def test_a_name_shared_by_two_records_is_not_guessed(vault: Vault) -> None:
    vault.insert("suppliers", {"name": "nordic hosting ab"})
    plan = plan_csv(vault, "suppliers", "Name,Provides\nNordic Hosting AB,Racks\n")
    assert [str(r) for r in plan.rejected] == [
        "Line 2: 2 suppliers already have this name (“Nordic Hosting AB”), so it is not "
        "clear which to update."
    ]


def test_progress_is_told_and_cancelling_writes_nothing(vault: Vault) -> None:
    rows = "".join(f"Person {i},+44 7400 {200000 + i}\n" for i in range(600))
    seen: list[tuple[int, int]] = []
    plan = plan_import(
        vault, parse_import(("Name,Mobile\n" + rows).encode(), "contacts"),
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert seen == [(0, 600), (250, 600), (500, 600)]
    assert len(plan.new) == 600

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done >= 500:
            raise Cancelled

    before = state(vault)
    with pytest.raises(Cancelled):
        apply_import(vault, plan, progress=cancel)
    assert state(vault) == before


def test_the_preview_keeps_the_first_rows_as_the_file_has_them() -> None:
    parsed = parse_import(sample("outlook_contacts.csv"), "contacts")
    assert len(parsed.preview) == 2
    assert parsed.preview[0][:4] == ("Sven", "", "Lindqvist", "Mr.")


def test_a_spreadsheet_file_is_not_text() -> None:
    xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256))
    with pytest.raises(ImportRefused, match="not text"):
        parse_import(xlsx, "contacts")


def test_choices_are_taken_by_code_or_label_in_any_case(vault: Vault) -> None:
    plan = plan_csv(
        vault,
        "sites",
        "Name,Kind\nA,DATA_CENTRE\nB,data centre\nC,Alternate Site (Hot)\nD,castle\n",
    )
    assert [n.values["kind"] for n in plan.new] == ["data_centre", "data_centre", "alternate_hot"]
    assert [r.line for r in plan.rejected] == [5]
    assert "“castle” is not one of: office, data_centre" in plan.rejected[0].reason
