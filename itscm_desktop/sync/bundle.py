"""The bundle file that carries a plan's changes between laptops on a USB stick.

A bundle is an age file (scrypt passphrase recipient, through ``pyrage``), so a lost stick
is useless to whoever finds it and the standalone ``age`` tool can still open it. Inside
is a deterministic ZIP: ``manifest.json``, ``ops.jsonl`` (one JSON object per change) and
``documents/<sha256>`` blobs. :func:`open_bundle` checks everything before the caller
writes anything, and every refusal is a :class:`BundleRejected` whose message is one
sentence a continuity manager can act on.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyrage

FORMAT_VERSION = 1
"""The layout of the bundle; a newer number is refused with "update this program"."""

AGE_HEADER = b"age-encryption.org/v1\n"
MANIFEST_NAME = "manifest.json"
OPS_NAME = "ops.jsonl"
DOCUMENTS_FOLDER = "documents/"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SHA256 = re.compile(r"[0-9a-f]{64}")

NOT_A_BUNDLE = "This is not a bundle from ITSCM Desktop."
WRONG_OR_DAMAGED = "The exchange passphrase is wrong, or the bundle is damaged."
DAMAGED = "The bundle is damaged or incomplete: copy it again from the laptop that exported it."
INCOMPLETE = (
    "The bundle's contents are incomplete or damaged: export it again on the laptop that made it."
)
DOCUMENT_DAMAGED = (
    "A document inside the bundle is damaged: export it again on the laptop that made it."
)

# pyrage reports every failure as DecryptError; its message tells which step failed.
# Only these mean "the passphrase was right (or never tried) but the file is damaged";
# anything else may be a wrong passphrase, so it gets the sentence that admits both.
_DAMAGED_AGE_ERRORS = frozenset(
    {"Header is invalid", "Header MAC is invalid", "No matching keys found", "decryption error"}
)


#: What pyrage says when a file that starts as an age file cannot be parsed (a header
#: byte changed into one base64 does not allow): damage, never a wrong passphrase.
_MALFORMED_AGE = "Unknown age format"


class BundleRejected(Exception):
    """A bundle that must not be imported; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class Counts:
    """How many changes, ops (all changes' ``ops`` lists together) and documents travel."""

    changes: int
    ops: int
    documents: int


@dataclass(frozen=True)
class Manifest:
    """What a bundle says about itself, checked against its contents on opening.

    ``payload_sha256`` is the SHA-256 (lowercase hex) of a framed stream of the payload:
    for ``ops.jsonl`` and then for each ``documents/<sha256>`` in ascending name order,
    the member's name in UTF-8, one NUL byte, the length of its bytes as an 8-byte
    big-endian unsigned integer, then the bytes themselves. The framing keeps bytes from
    moving unnoticed between members. ``created`` is ISO 8601 in UTC.
    """

    format_version: int
    schema_version: int
    plan_id: str
    device_id: str
    device_name: str
    created: str
    version_vector: dict[str, int]
    counts: Counts
    payload_sha256: str


@dataclass(frozen=True)
class Bundle:
    """A manifest and its payload: ``changes`` are JSON objects this module does not read
    beyond counting each one's ``ops`` list; ``documents`` maps SHA-256 (hex) to bytes."""

    manifest: Manifest
    changes: list[dict[str, Any]]
    documents: dict[str, bytes]


def ops_jsonl(changes: Iterable[Mapping[str, Any]]) -> bytes:
    """One change per line, keys sorted, UTF-8: the same changes give the same bytes."""
    lines = (
        json.dumps(change, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        for change in changes
    )
    return "".join(lines).encode("utf-8")


def payload_sha256(ops: bytes, documents: Mapping[str, bytes]) -> str:
    """The hash defined in :class:`Manifest` over ``ops.jsonl`` and the documents."""
    digest = hashlib.sha256()
    members = [(OPS_NAME, ops)]
    members += [(DOCUMENTS_FOLDER + name, documents[name]) for name in sorted(documents)]
    for name, data in members:
        digest.update(name.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _count_ops(changes: Iterable[Mapping[str, Any]]) -> int:
    return sum(len(change.get("ops", ())) for change in changes)


def make_bundle(
    *,
    plan_id: str,
    schema_version: int,
    device_id: str,
    device_name: str,
    version_vector: Mapping[str, int],
    changes: list[dict[str, Any]],
    documents: Mapping[str, bytes],
    created: datetime | None = None,
) -> Bundle:
    """A bundle whose counts and payload hash are computed from what it carries."""
    when = (created or datetime.now(UTC)).astimezone(UTC)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        schema_version=schema_version,
        plan_id=plan_id,
        device_id=device_id,
        device_name=device_name,
        created=when.isoformat(timespec="seconds"),
        version_vector=dict(version_vector),
        counts=Counts(len(changes), _count_ops(changes), len(documents)),
        payload_sha256=payload_sha256(ops_jsonl(changes), documents),
    )
    return Bundle(manifest, list(changes), dict(documents))


def _manifest_json(manifest: Manifest) -> bytes:
    fields = {
        "format_version": manifest.format_version,
        "schema_version": manifest.schema_version,
        "plan_id": manifest.plan_id,
        "device_id": manifest.device_id,
        "device_name": manifest.device_name,
        "created": manifest.created,
        "version_vector": dict(sorted(manifest.version_vector.items())),
        "counts": {
            "changes": manifest.counts.changes,
            "ops": manifest.counts.ops,
            "documents": manifest.counts.documents,
        },
        "payload_sha256": manifest.payload_sha256,
    }
    return (json.dumps(fields, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def pack(bundle: Bundle) -> bytes:
    """The ZIP inside the age file, byte for byte the same for the same bundle.

    It writes what the manifest says without checking it (tests craft bad bundles with
    it); :func:`seal` is the checked way in.
    """
    return _zip(bundle.manifest, ops_jsonl(bundle.changes), bundle.documents)


def _zip(manifest: Manifest, ops: bytes, documents: Mapping[str, bytes]) -> bytes:
    members = {MANIFEST_NAME: _manifest_json(manifest), OPS_NAME: ops}
    members.update({DOCUMENTS_FOLDER + sha: data for sha, data in documents.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=6)
    return buffer.getvalue()


def seal(bundle: Bundle, passphrase: str) -> bytes:
    """The encrypted bundle file. A manifest that disagrees with the payload is a bug
    (use :func:`make_bundle`), so it raises ValueError rather than write a bad file."""
    if not passphrase:
        raise ValueError("a bundle needs a non-empty exchange passphrase")
    for sha, data in bundle.documents.items():
        if hashlib.sha256(data).hexdigest() != sha:
            raise ValueError(f"document {sha} does not have that SHA-256")
    ops = ops_jsonl(bundle.changes)
    expected = Counts(len(bundle.changes), _count_ops(bundle.changes), len(bundle.documents))
    if bundle.manifest.counts != expected:
        raise ValueError(f"manifest counts {bundle.manifest.counts} but payload has {expected}")
    if bundle.manifest.payload_sha256 != payload_sha256(ops, bundle.documents):
        raise ValueError("manifest payload_sha256 does not match the payload")
    plaintext = _zip(bundle.manifest, ops, bundle.documents)
    return bytes(pyrage.passphrase.encrypt(plaintext, passphrase))


def open_bundle(
    data: bytes, passphrase: str, *, plan_id: str | None, schema_version: int
) -> Bundle:
    """The bundle in ``data`` once every check has passed, else :class:`BundleRejected`.

    Checks, in order: an age file at all, decryption, then everything :func:`unpack`
    checks. Nothing is written anywhere. ``plan_id`` None accepts any plan (a new laptop
    joining learns its plan from the bundle).
    """
    if not data.startswith(AGE_HEADER):
        raise BundleRejected(NOT_A_BUNDLE)
    try:
        plaintext = pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError as exc:
        message = str(exc)
        damaged = message in _DAMAGED_AGE_ERRORS or message.startswith(_MALFORMED_AGE)
        reason = DAMAGED if damaged else WRONG_OR_DAMAGED
        raise BundleRejected(reason) from exc
    return unpack(bytes(plaintext), plan_id=plan_id, schema_version=schema_version)


def unpack(plaintext: bytes, *, plan_id: str | None, schema_version: int) -> Bundle:
    """The bundle in a decrypted ZIP once its manifest, versions, plan, counts, payload
    hash and every document's SHA-256 check out, else :class:`BundleRejected`."""
    members = _read_zip(plaintext)
    if MANIFEST_NAME not in members or OPS_NAME not in members:
        raise BundleRejected(NOT_A_BUNDLE)
    raw = _json_object(members[MANIFEST_NAME], NOT_A_BUNDLE)
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleRejected(NOT_A_BUNDLE)
    if version > FORMAT_VERSION:
        raise BundleRejected(
            f"This bundle was made by a newer version of ITSCM Desktop (format {version}). "
            "Update this program to import it."
        )
    manifest = _manifest(raw)
    if manifest.schema_version > schema_version:
        raise BundleRejected(
            "This bundle was made by a newer version of ITSCM Desktop "
            f"(plan schema {manifest.schema_version}). Update this program to import it."
        )
    if plan_id is not None and manifest.plan_id != plan_id:
        raise BundleRejected(
            f"This bundle belongs to another plan (exported from “{manifest.device_name}” "
            f"on {manifest.created[:10]}); it cannot be imported into this one."
        )
    documents = _documents(members)
    changes = _changes(members[OPS_NAME])
    counts = Counts(len(changes), _count_ops(changes), len(documents))
    if counts != manifest.counts:
        raise BundleRejected(INCOMPLETE)
    if payload_sha256(members[OPS_NAME], documents) != manifest.payload_sha256:
        raise BundleRejected(INCOMPLETE)
    return Bundle(manifest, changes, documents)


def _read_zip(plaintext: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(plaintext)) as archive:
            names = archive.namelist()
            if len(names) != len(set(names)):
                raise BundleRejected(INCOMPLETE)
            return {name: archive.read(name) for name in names}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise BundleRejected(NOT_A_BUNDLE) from exc
    except RuntimeError as exc:  # an encrypted ZIP: not one of ours
        raise BundleRejected(NOT_A_BUNDLE) from exc


def _json_object(data: bytes, refusal: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleRejected(refusal) from exc
    if not isinstance(value, dict):
        raise BundleRejected(refusal)
    return value


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _manifest(raw: Mapping[str, Any]) -> Manifest:
    texts = ("plan_id", "device_id", "device_name", "created", "payload_sha256")
    if not all(isinstance(raw.get(key), str) for key in texts):
        raise BundleRejected(INCOMPLETE)
    if not raw["plan_id"] or not raw["device_id"] or not _is_count(raw.get("schema_version")):
        raise BundleRejected(INCOMPLETE)
    if not _SHA256.fullmatch(raw["payload_sha256"]) or not _is_utc(raw["created"]):
        raise BundleRejected(INCOMPLETE)
    vector, counts = raw.get("version_vector"), raw.get("counts")
    if not isinstance(vector, dict) or not all(
        isinstance(device, str) and _is_count(seq) for device, seq in vector.items()
    ):
        raise BundleRejected(INCOMPLETE)
    keys = ("changes", "ops", "documents")
    if not isinstance(counts, dict) or not all(_is_count(counts.get(key)) for key in keys):
        raise BundleRejected(INCOMPLETE)
    return Manifest(
        format_version=raw["format_version"],
        schema_version=raw["schema_version"],
        plan_id=raw["plan_id"],
        device_id=raw["device_id"],
        device_name=raw["device_name"],
        created=raw["created"],
        version_vector=dict(vector),
        counts=Counts(*(counts[key] for key in keys)),
        payload_sha256=raw["payload_sha256"],
    )


def _is_utc(text: str) -> bool:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return False
    offset = when.utcoffset()
    return offset is not None and not offset


def _documents(members: Mapping[str, bytes]) -> dict[str, bytes]:
    documents: dict[str, bytes] = {}
    for name, data in members.items():
        if name in (MANIFEST_NAME, OPS_NAME):
            continue
        sha = name.removeprefix(DOCUMENTS_FOLDER)
        if not name.startswith(DOCUMENTS_FOLDER) or not _SHA256.fullmatch(sha):
            raise BundleRejected(INCOMPLETE)
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleRejected(DOCUMENT_DAMAGED)
        documents[sha] = data
    return dict(sorted(documents.items()))


def _changes(ops: bytes) -> list[dict[str, Any]]:
    if ops and not ops.endswith(b"\n"):
        raise BundleRejected(INCOMPLETE)
    changes = []
    for line in ops.split(b"\n")[:-1]:
        change = _json_object(line, INCOMPLETE)
        if not isinstance(change.get("ops", []), list):
            raise BundleRejected(INCOMPLETE)
        changes.append(change)
    return changes
