"""Bundles: a round trip, and every bad bundle refused with its one sentence.

Each encryption or decryption costs a scrypt key derivation (1-4 s), so one bundle is
sealed per module and the damaged variants are cut from its bytes; the checks behind the
decryption (contents, versions, plan, hashes) are tested on the plaintext with `unpack`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from itscm_desktop.sync.bundle import (
    AGE_HEADER,
    DAMAGED,
    DOCUMENT_DAMAGED,
    FORMAT_VERSION,
    INCOMPLETE,
    NOT_A_BUNDLE,
    WRONG_OR_DAMAGED,
    Bundle,
    BundleRejected,
    Counts,
    make_bundle,
    open_bundle,
    pack,
    seal,
    unpack,
)

PLAN = "plan-wvl"
SCHEMA = 7
EXCHANGE = "correct horse battery staple"
WHEN = datetime(2026, 11, 25, 3, 12, tzinfo=UTC)
RUNBOOK = "Runbook for Łódź: call Юлия, then 田中.\n".encode()
LOGO = bytes(range(256)) * 40

CHANGES: list[dict[str, Any]] = [
    {
        "device": "dev-a",
        "seq": 1,
        "hlc": "2026-11-25T03:10:00Z/0",
        "ops": [
            {"table": "contacts", "row": "c1", "field": "name", "value": "Zoë Łukasiewicz"},
            {"table": "contacts", "row": "c1", "field": "phone", "value": "+48 42 123 45 67"},
        ],
    },
    {"device": "dev-b", "seq": 4, "hlc": "2026-11-25T03:11:00Z/2", "ops": [{"delete": "s9"}]},
]


def sample(**overrides: Any) -> Bundle:
    fields: dict[str, Any] = {
        "plan_id": PLAN,
        "schema_version": SCHEMA,
        "device_id": "dev-a",
        "device_name": "Anna’s ThinkPad",
        "version_vector": {"dev-a": 1, "dev-b": 4},
        "changes": CHANGES,
        "documents": {hashlib.sha256(d).hexdigest(): d for d in (RUNBOOK, LOGO)},
        "created": WHEN,
    }
    fields.update(overrides)
    return make_bundle(**fields)


@pytest.fixture(scope="module")
def sealed() -> bytes:
    return seal(sample(), EXCHANGE)


def refusal(data: bytes, passphrase: str = EXCHANGE, plan_id: str = PLAN) -> str:
    with pytest.raises(BundleRejected) as caught:
        open_bundle(data, passphrase, plan_id=plan_id, schema_version=SCHEMA)
    return str(caught.value)


def unpack_refusal(plaintext: bytes, schema_version: int = SCHEMA) -> str:
    with pytest.raises(BundleRejected) as caught:
        unpack(plaintext, plan_id=PLAN, schema_version=schema_version)
    return str(caught.value)


def flipped(data: bytes, index: int) -> bytes:
    damaged = bytearray(data)
    damaged[index] ^= 0x01
    return bytes(damaged)


def rezip(plaintext: bytes, change: dict[str, bytes | None]) -> bytes:
    """The same ZIP with members replaced (bytes), removed (None) or added."""
    with zipfile.ZipFile(io.BytesIO(plaintext)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name, data in change.items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def edited_manifest(plaintext: bytes, **fields: Any) -> bytes:
    with zipfile.ZipFile(io.BytesIO(plaintext)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest.update(fields)
    return rezip(plaintext, {"manifest.json": json.dumps(manifest).encode()})


# --- Round trip ----------------------------------------------------------------------


def test_a_sealed_bundle_opens_to_the_same_bundle(sealed: bytes) -> None:
    assert sealed.startswith(AGE_HEADER + b"-> scrypt ")
    opened = open_bundle(sealed, EXCHANGE, plan_id=PLAN, schema_version=SCHEMA)
    assert opened == sample()
    assert opened.changes[0]["ops"][0]["value"] == "Zoë Łukasiewicz"
    assert opened.documents[hashlib.sha256(RUNBOOK).hexdigest()] == RUNBOOK
    assert opened.manifest.counts == Counts(changes=2, ops=3, documents=2)
    assert opened.manifest.format_version == FORMAT_VERSION
    assert opened.manifest.created == "2026-11-25T03:12:00+00:00"
    assert opened.manifest.device_name == "Anna’s ThinkPad"


def test_an_older_schema_is_accepted() -> None:
    opened = unpack(pack(sample(schema_version=SCHEMA - 1)), plan_id=PLAN, schema_version=SCHEMA)
    assert opened.manifest.schema_version == SCHEMA - 1


def test_the_inside_is_the_same_bytes_for_the_same_bundle_in_sorted_order() -> None:
    reordered = sample(documents=dict(reversed(sample().documents.items())))
    assert pack(sample()) == pack(reordered)
    with zipfile.ZipFile(io.BytesIO(pack(sample()))) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names[-2:] == ["manifest.json", "ops.jsonl"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        lines = archive.read("ops.jsonl").decode().splitlines()
    assert [json.loads(line) for line in lines] == CHANGES


def test_an_empty_bundle_round_trips_through_unpack() -> None:
    empty = sample(changes=[], documents={}, version_vector={})
    assert unpack(pack(empty), plan_id=PLAN, schema_version=SCHEMA) == empty
    assert empty.manifest.counts == Counts(0, 0, 0)


def test_seal_refuses_a_manifest_that_disagrees_with_its_payload() -> None:
    bundle = sample()
    with pytest.raises(ValueError, match="counts"):
        seal(replace(bundle, changes=bundle.changes[:1]), EXCHANGE)
    with pytest.raises(ValueError, match="payload_sha256"):
        seal(replace(bundle, changes=[CHANGES[1], CHANGES[0]]), EXCHANGE)
    with pytest.raises(ValueError, match="SHA-256"):
        seal(replace(bundle, documents={"0" * 64: b"x"}), EXCHANGE)
    with pytest.raises(ValueError, match="passphrase"):
        seal(bundle, "")


# --- Damaged files, wrong passphrase, other plans (through age) -------------------------


def test_a_file_that_is_not_an_age_file_is_not_a_bundle(sealed: bytes) -> None:
    assert refusal(b"") == NOT_A_BUNDLE
    assert refusal(b"PK\x03\x04 a plain zip") == NOT_A_BUNDLE
    assert refusal(flipped(sealed, 0)) == NOT_A_BUNDLE


def test_a_flipped_byte_in_the_header_mac_is_damage(sealed: bytes) -> None:
    mac_line = sealed.index(b"\n--- ") + 5
    assert refusal(flipped(sealed, mac_line + 3)) == DAMAGED


def test_a_header_byte_that_is_no_longer_base64_is_damage(sealed: bytes) -> None:
    """A flipped bit can turn a header character into one base64 does not allow ("/" into
    "."): age cannot parse the header at all, which a wrong passphrase never causes."""
    mac_line = sealed.index(b"\n--- ") + 5
    damaged = sealed[:mac_line] + b"." + sealed[mac_line + 1 :]
    assert refusal(damaged) == DAMAGED


def test_a_flipped_byte_in_the_wrapped_key_cannot_be_told_from_a_wrong_passphrase(
    sealed: bytes,
) -> None:
    wrapped_key = sealed.index(b"\n", len(AGE_HEADER)) + 1
    # Another base64 letter, so that the header still parses: a flipped bit can make a
    # character base64 does not allow, which is plain damage (tested above).
    damaged = bytearray(sealed)
    damaged[wrapped_key + 5] = ord("B") if damaged[wrapped_key + 5] == ord("A") else ord("A")
    assert refusal(bytes(damaged)) == WRONG_OR_DAMAGED


def test_a_wrong_passphrase_is_told_with_its_possible_damage(sealed: bytes) -> None:
    assert refusal(sealed, passphrase="correct horse battery stable") == WRONG_OR_DAMAGED


@pytest.mark.parametrize("where", ["body", "last byte"])
def test_a_flipped_byte_in_the_body_is_damage(sealed: bytes, where: str) -> None:
    index = len(sealed) // 2 if where == "body" else len(sealed) - 1
    assert refusal(flipped(sealed, index)) == DAMAGED


def test_a_truncated_bundle_is_damage(sealed: bytes) -> None:
    assert refusal(sealed[:-100]) == DAMAGED


def test_trailing_garbage_is_damage(sealed: bytes) -> None:
    assert refusal(sealed + b"\0\0garbage") == DAMAGED


def test_a_bundle_of_another_plan_is_refused_with_where_it_came_from(sealed: bytes) -> None:
    assert refusal(sealed, plan_id="plan-other") == (
        "This bundle belongs to another plan (exported from “Anna’s ThinkPad” on "
        "2026-11-25); it cannot be imported into this one."
    )


def test_a_bundle_from_a_newer_format_is_refused_with_update_advice() -> None:
    newer = sample()
    newer = replace(newer, manifest=replace(newer.manifest, format_version=FORMAT_VERSION + 1))
    assert refusal(seal(newer, EXCHANGE)) == (
        "This bundle was made by a newer version of ITSCM Desktop (format 2). "
        "Update this program to import it."
    )


# --- The checks on the decrypted contents (no age) ---------------------------------------


def test_a_newer_plan_schema_is_refused_with_update_advice() -> None:
    assert unpack_refusal(pack(sample(schema_version=SCHEMA + 1))) == (
        "This bundle was made by a newer version of ITSCM Desktop (plan schema 8). "
        "Update this program to import it."
    )


def test_a_payload_that_does_not_match_its_hash_is_incomplete() -> None:
    plaintext = pack(sample())
    tampered = CHANGES[0] | {"seq": 2}
    ops = "".join(json.dumps(c) + "\n" for c in [tampered, CHANGES[1]]).encode()
    assert unpack_refusal(rezip(plaintext, {"ops.jsonl": ops})) == INCOMPLETE


def test_counts_that_do_not_match_the_payload_are_incomplete() -> None:
    plaintext = pack(sample())
    assert (
        unpack_refusal(edited_manifest(plaintext, counts={"changes": 2, "ops": 4, "documents": 2}))
        == INCOMPLETE
    )
    missing = hashlib.sha256(LOGO).hexdigest()
    assert unpack_refusal(rezip(plaintext, {f"documents/{missing}": None})) == INCOMPLETE


def test_a_document_whose_bytes_do_not_match_its_name_is_damaged() -> None:
    name = f"documents/{hashlib.sha256(RUNBOOK).hexdigest()}"
    assert unpack_refusal(rezip(pack(sample()), {name: b"other text"})) == DOCUMENT_DAMAGED


@pytest.mark.parametrize(
    "fields",
    [
        {"plan_id": 42},
        {"plan_id": ""},
        {"schema_version": "7"},
        {"schema_version": True},
        {"created": "yesterday"},
        {"created": "2026-11-25T03:12:00"},
        {"created": "2026-11-25T04:12:00+01:00"},
        {"payload_sha256": "ABC"},
        {"version_vector": {"dev-a": -1}},
        {"version_vector": ["dev-a", 1]},
        {"counts": {"changes": 2, "ops": 3}},
        {"device_name": None},
    ],
)
def test_a_manifest_with_a_missing_or_wrong_field_is_incomplete(fields: dict[str, Any]) -> None:
    assert unpack_refusal(edited_manifest(pack(sample()), **fields)) == INCOMPLETE


@pytest.mark.parametrize("version", [0, "1", None, 1.0])
def test_a_manifest_without_a_valid_format_version_is_not_a_bundle(version: object) -> None:
    assert unpack_refusal(edited_manifest(pack(sample()), format_version=version)) == NOT_A_BUNDLE


def test_contents_that_are_not_our_layout_are_refused() -> None:
    plaintext = pack(sample())
    assert unpack_refusal(b"not a zip at all") == NOT_A_BUNDLE
    assert unpack_refusal(plaintext[: len(plaintext) // 2]) == NOT_A_BUNDLE
    assert unpack_refusal(rezip(plaintext, {"manifest.json": None})) == NOT_A_BUNDLE
    assert unpack_refusal(rezip(plaintext, {"manifest.json": b"[1, 2]"})) == NOT_A_BUNDLE
    assert unpack_refusal(rezip(plaintext, {"manifest.json": b"\xff{"})) == NOT_A_BUNDLE
    assert unpack_refusal(rezip(plaintext, {"ops.jsonl": None})) == NOT_A_BUNDLE
    assert unpack_refusal(rezip(plaintext, {"notes.txt": b"hello"})) == INCOMPLETE
    assert unpack_refusal(rezip(plaintext, {"ops.jsonl": b'{"ops": []}'})) == INCOMPLETE
    assert unpack_refusal(rezip(plaintext, {"ops.jsonl": b'{"ops": 3}\n'})) == INCOMPLETE
    assert unpack_refusal(rezip(plaintext, {"ops.jsonl": b"[]\n"})) == INCOMPLETE


def test_every_refusal_is_one_sentence_without_jargon() -> None:
    for message in (NOT_A_BUNDLE, WRONG_OR_DAMAGED, DAMAGED, INCOMPLETE, DOCUMENT_DAMAGED):
        assert message.count(".") == 1 and message.endswith(".")
        words = set(re.findall(r"[a-z0-9-]+", message.lower()))
        assert not words & {"zip", "manifest", "sha256", "json", "age", "hash", "mac"}
