"""Writing to a USB stick: verified writes, failures that leave nothing, names FAT accepts,
and finding the sticks."""

from __future__ import annotations

import errno
import io
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

import pytest

from itscm_desktop.sync import stick
from itscm_desktop.sync.stick import (
    FULL,
    MISMATCH,
    READ_ONLY,
    REMOVED,
    StickWriteFailed,
    linux_volumes,
    mac_volumes,
    safe_name,
    windows_volumes,
    write_verified,
)

DATA = bytes(range(256)) * 12_000  # about 3 MB: several chunks
NAME = "WVL-plan_Anna-ThinkPad_2026-11-25_0312.itscm-bundle"
WHEN = datetime(2026, 11, 25, 3, 12, 45)


class FailingFile(io.FileIO):
    """A real file that raises `error` once more than `limit` bytes were written."""

    def __init__(self, path: Path, limit: int, error: int) -> None:
        super().__init__(path, "xb")
        self.limit, self.error, self.written = limit, error, 0

    def write(self, data: object) -> int:
        chunk = memoryview(data).cast("B")  # type: ignore[arg-type]
        room = self.limit - self.written
        if len(chunk) > room:
            super().write(chunk[:room])
            self.written = self.limit
            raise OSError(self.error, "simulated")
        self.written += len(chunk)
        return super().write(chunk)


def failing_after(limit: int, error: int) -> Callable[[Path, str], IO[bytes]]:
    def opener(path: Path, mode: str) -> IO[bytes]:
        if mode == "xb":
            return FailingFile(path, limit, error)
        return open(path, mode)

    return opener


def refusal(folder: Path, opener: Callable[[Path, str], IO[bytes]]) -> StickWriteFailed:
    with pytest.raises(StickWriteFailed) as caught:
        write_verified(folder, NAME, DATA, opener=opener)
    return caught.value


# --- write_verified -----------------------------------------------------------------------


def test_a_verified_write_leaves_exactly_the_bundle(tmp_path: Path) -> None:
    written = write_verified(tmp_path, NAME, DATA)
    assert written == tmp_path / NAME
    assert written.read_bytes() == DATA
    assert [p.name for p in tmp_path.iterdir()] == [NAME]


def test_a_verified_write_replaces_an_older_bundle_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(b"older bundle")
    write_verified(tmp_path, NAME, b"newer")
    assert (tmp_path / NAME).read_bytes() == b"newer"
    assert len(list(tmp_path.iterdir())) == 1


def test_a_verified_write_reads_back_through_the_opener(tmp_path: Path) -> None:
    modes: list[str] = []

    def opener(path: Path, mode: str) -> IO[bytes]:
        modes.append(mode)
        assert path.parent == tmp_path
        return open(path, mode)

    write_verified(tmp_path, NAME, DATA, opener=opener)
    assert modes == ["xb", "rb"]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (errno.ENOSPC, FULL),
        (errno.EFBIG, FULL),
        (errno.EIO, REMOVED),
        (errno.ENODEV, REMOVED),
        (errno.EROFS, READ_ONLY),
    ],
)
@pytest.mark.parametrize("limit", [0, 1_500_000])
def test_a_write_that_fails_leaves_nothing_and_says_why(
    tmp_path: Path, error: int, message: str, limit: int
) -> None:
    failure = refusal(tmp_path, failing_after(limit, error))
    assert str(failure) == message
    assert isinstance(failure.__cause__, OSError)
    assert list(tmp_path.iterdir()) == []


def test_the_full_stick_reason_is_given_to_the_caller(tmp_path: Path) -> None:
    failure = refusal(tmp_path, failing_after(10, errno.ENOSPC))
    assert failure.reason == "full"
    assert str(failure) == (
        "The stick is full: delete old files from it or use another stick, then export again."
    )


def test_a_copy_that_reads_back_differently_is_deleted(tmp_path: Path) -> None:
    def opener(path: Path, mode: str) -> IO[bytes]:
        if mode == "rb":
            return io.BytesIO(DATA[:-1] + b"\0")
        return open(path, mode)

    failure = refusal(tmp_path, opener)
    assert failure.reason == "mismatch"
    assert str(failure) == MISMATCH
    assert str(failure).startswith("The copy on the stick does not match")
    assert list(tmp_path.iterdir()) == []


def test_a_copy_that_reads_back_short_is_deleted(tmp_path: Path) -> None:
    def opener(path: Path, mode: str) -> IO[bytes]:
        return io.BytesIO(DATA[:1000]) if mode == "rb" else open(path, mode)

    assert refusal(tmp_path, opener).reason == "mismatch"
    assert list(tmp_path.iterdir()) == []


def test_a_stick_removed_before_the_read_back_leaves_nothing(tmp_path: Path) -> None:
    def opener(path: Path, mode: str) -> IO[bytes]:
        if mode == "rb":
            raise OSError(errno.EIO, "Input/output error")
        return open(path, mode)

    assert str(refusal(tmp_path, opener)) == REMOVED
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_gone_is_a_removed_stick(tmp_path: Path) -> None:
    with pytest.raises(StickWriteFailed, match=r"^The stick was removed"):
        write_verified(tmp_path / "unplugged", NAME, DATA)


def test_a_name_with_a_folder_in_it_is_a_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        write_verified(tmp_path, "../escape.itscm-bundle", DATA)


# --- safe_name ----------------------------------------------------------------------------

FAT_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}


def assert_fat_safe(name: str) -> None:
    assert name.isascii()
    assert not FAT_FORBIDDEN.search(name)
    assert len(name) <= 100
    assert name.endswith(".itscm-bundle")
    assert not name.endswith((".", " "))
    assert name.split(".")[0].upper() not in RESERVED
    assert name.count(".") == 1


def test_a_plain_name_tells_plan_laptop_and_time() -> None:
    name = safe_name("WVL continuity plan", "Anna's ThinkPad", WHEN)
    assert name == "WVL-continuity-plan_Annas-ThinkPad_2026-11-25_0312.itscm-bundle"


@pytest.mark.parametrize(
    ("plan", "device", "expected"),
    [
        ("Łódź depot", "Ørsted’s Mac", "Lodz-depot_Orsteds-Mac"),
        ("Straße & Æble", "Müller", "Strasse-AEble_Muller"),
        ("CON", "NUL", "CON_NUL"),
        ("plan...", "laptop. . .", "plan_laptop"),
        ('a/b\\c:d*e?f"g<h>i|j', "tab\there\nnew", "a-b-c-d-e-f-g-h-i-j_tab-here-new"),
        ("🔥 Outage 🔥", "🙂", "Outage_laptop"),
        ("Ζωή", "田中のPC", "plan_PC"),
        ("", "", "plan_laptop"),
    ],
)
def test_awkward_names_fold_to_what_fat_accepts(plan: str, device: str, expected: str) -> None:
    name = safe_name(plan, device, WHEN)
    assert_fat_safe(name)
    assert name == f"{expected}_2026-11-25_0312.itscm-bundle"


def test_very_long_names_are_cut_to_a_hundred_characters_keeping_the_time() -> None:
    name = safe_name("Wharfedale " * 30, "Vistula " * 30, WHEN)
    assert_fat_safe(name)
    assert len(name) <= 100
    assert name.startswith("Wharfedale-Wharfedale")
    assert "_Vistula-Vistula" in name
    assert name.endswith("_2026-11-25_0312.itscm-bundle")
    short_plan = safe_name("WVL", "Vistula " * 30, WHEN)
    assert len(short_plan) == 100 and short_plan.startswith("WVL_Vistula-")


# --- Finding the sticks -------------------------------------------------------------------

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077 0 0
/dev/sdb1 /media/anna/WVL\\040STICK vfat rw,nosuid,nodev,relatime,uid=1000 0 0
/dev/sdc1 /run/media/anna/EXFAT exfat rw,nosuid,nodev,relatime 0 0
/dev/sdd1 /mnt/backup ntfs3 rw,relatime 0 0
/dev/sde1 /media/anna/LINUXSTICK ext4 rw,relatime 0 0
/dev/sdf1 /mnt/win fuseblk rw,relatime,user_id=0 0 0
tmpfs /run/media tmpfs rw 0 0
"""


def test_linux_sticks_are_fat_exfat_or_ntfs_mounts_under_the_usual_folders() -> None:
    assert linux_volumes(MOUNTS) == [
        Path("/media/anna/WVL STICK"),
        Path("/mnt/backup"),
        Path("/mnt/win"),
        Path("/run/media/anna/EXFAT"),
    ]
    assert linux_volumes("") == []
    assert linux_volumes("garbage line\n\n") == []


def test_mac_sticks_are_the_volumes_except_the_start_up_disk(tmp_path: Path) -> None:
    root, volumes = tmp_path / "root", tmp_path / "Volumes"
    root.mkdir()
    volumes.mkdir()
    (volumes / "Macintosh HD").symlink_to(root)
    (volumes / "WVL STICK").mkdir()
    (volumes / ".timemachine").mkdir()
    (volumes / "stray file").write_text("x")
    assert mac_volumes(volumes, root) == [volumes / "WVL STICK"]
    assert mac_volumes(tmp_path / "missing", root) == []


def test_windows_sticks_are_the_removable_drive_letters() -> None:
    types = {"A:\\": 2, "C:\\": 3, "D:\\": 5, "E:\\": 2}
    mask = 0b11101  # A, C, D, E
    assert windows_volumes(mask, lambda root: types[root]) == [Path("A:\\"), Path("E:\\")]
    assert windows_volumes(0, lambda root: 2) == []


def test_removable_volumes_reads_this_system_without_failing() -> None:
    assert all(isinstance(path, Path) for path in stick.removable_volumes())
