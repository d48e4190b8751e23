"""The demo organisation, opened once per test module, and how tests read a PDF back.

Tests check what a person would read on the printed page: the text pypdf extracts,
page by page, the page sizes, the metadata, and the PDF forms the QR codes are drawn in.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from itscm_desktop.demo import create_demo_vault
from itscm_desktop.vault.vault import Vault
from tests.conftest import PASSPHRASE

#: The moment every test document is generated at (03:12 on a bad night).
NOW = datetime(2026, 11, 25, 3, 12, tzinfo=UTC)


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data), strict=True)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in read_pdf(data).pages]


def used_forms(data: bytes) -> list[list[str]]:
    """For each page, the names of the forms (XObjects) the page draws, in order."""
    pages = []
    for page in read_pdf(data).pages:
        content = page.get_contents()
        assert content is not None
        operations = content.operations
        drawn = [str(ops[0]).lstrip("/") for ops, op in operations if op == b"Do"]
        pages.append([name.removeprefix("FormXob.") for name in drawn])
    return pages


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("demo") / "demo.itscm"
    create_demo_vault(path, PASSPHRASE)
    with Vault.open(path, PASSPHRASE) as vault:
        yield vault


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Vault]:
    """A vault just created: the plan's name and nothing else."""
    with Vault.create(tmp_path / "empty.itscm", PASSPHRASE, organisation="Empty Ltd") as vault:
        yield vault
